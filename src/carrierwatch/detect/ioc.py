"""IOC matching, set-at-a-time: each value the run saw is matched once against every indicator of its kind.

Step 1 matches small *distinct-value* tables against the indicators, by kind:
- IPs (``ipkeys``: one row per distinct address, with ``ip4`` or the two IPv6 halves ``h6``/``l6``): exact
  IPv4/IPv6 by equi-join, CIDRs as integer ranges (IPv4 ``BETWEEN``; IPv6 as a lexicographic range over the two
  sign-flipped BIGINT halves, which DuckDB and Spark both run);
- domains (``namekeys``: every suffix of every distinct name, so ``a.b.evil.com`` meets ``evil.com``);
- URLs (``urlkeys``: each distinct URL found in commands with its normalised form, double URL-decoded);
- files: every hash and the name of every file record unpivoted into (kind, value) terms, joined on both, and
  grouped per record and indicator group: a group (a conjunction of a compound STIX pattern such as
  ``(SHA-1 = … OR MD5 = …) AND name = 'cmd1'``) matches when all its terms match *the same record*.
Step 2 equi-joins those hits back to every event field that holds the value, so each evidence row says where
it was seen (table, field, file, line), which indicator, which feed and its TLP. Indicators flagged by a MISP
warning list still match, but the runner reports those matches as suppressed instead of alerting.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

import pyarrow as pa

from carrierwatch.detect.rule import IPV4_RE
from carrierwatch.engine.base import Engine
from carrierwatch.intel.indicators import Indicator, indicators_to_arrow, ip_keys
from carrierwatch.intel.values import normalise_domain, normalise_url

#: A URL inside a logged command (``copy http://…``, ``tftp://…``); scheme list from IOS ``copy`` sources.
URL_RE = r'((?:https?|ftp|tftp|scp|sftp)://[^ "]+)'

IPKEYS_SCHEMA = pa.schema([("ip", pa.string()), ("ip4", pa.int64()), ("h6", pa.int64()), ("l6", pa.int64())])
NAMEKEYS_SCHEMA = pa.schema([("name", pa.string()), ("suffix", pa.string())])
URLKEYS_SCHEMA = pa.schema([("url", pa.string()), ("norm", pa.string())])

DISTINCT_NAMES_SQL = """
SELECT DISTINCT dns_question_name AS name FROM dns WHERE dns_question_name IS NOT NULL AND dns_question_name <> ''
"""
DISTINCT_URLS_SQL = f"""
SELECT DISTINCT url FROM (SELECT regexp_extract(command, '{URL_RE}', 1) AS url FROM commands) t
WHERE url IS NOT NULL AND url <> ''
"""

_IND = "i.indicator_id, i.value, i.kind, i.source AS feed, i.label, i.tlp, i.attack, i.actors, i.warning"
IOC_HITS_SQL = f"""
SELECT k.ip, {_IND} FROM ipkeys k JOIN indicators i ON i.kind = 'ipv4' AND i.grp_size = 1 AND k.ip4 = i.lo
UNION ALL
SELECT k.ip, {_IND} FROM ipkeys k JOIN indicators i ON i.kind = 'cidr4' AND i.grp_size = 1
  AND k.ip4 BETWEEN i.lo AND i.hi
UNION ALL
SELECT k.ip, {_IND} FROM ipkeys k JOIN indicators i ON i.kind = 'ipv6' AND i.grp_size = 1
  AND k.h6 = i.h6lo AND k.l6 = i.l6lo
UNION ALL
SELECT k.ip, {_IND} FROM ipkeys k JOIN indicators i ON i.kind = 'cidr6' AND i.grp_size = 1
  AND k.h6 BETWEEN i.h6lo AND i.h6hi
  AND (k.h6 > i.h6lo OR k.l6 >= i.l6lo) AND (k.h6 < i.h6hi OR k.l6 <= i.l6hi)
"""

NAME_HITS_SQL = f"""
SELECT n.name, {_IND} FROM namekeys n JOIN indicators i ON i.kind = 'domain' AND i.grp_size = 1 AND i.value = n.suffix
"""
URL_HITS_SQL = f"""
SELECT u.url, {_IND} FROM urlkeys u JOIN indicators i ON i.kind = 'url' AND i.grp_size = 1 AND i.value = u.norm
"""

FILE_TERMS_SQL = """
SELECT src_file, src_line, 'md5' AS kind, lower(file_hash_md5) AS value FROM files WHERE file_hash_md5 IS NOT NULL
UNION ALL
SELECT src_file, src_line, 'sha1', lower(file_hash_sha1) FROM files WHERE file_hash_sha1 IS NOT NULL
UNION ALL
SELECT src_file, src_line, 'sha256', lower(file_hash_sha256) FROM files WHERE file_hash_sha256 IS NOT NULL
UNION ALL
SELECT src_file, src_line, 'ssdeep', file_hash_ssdeep FROM files WHERE file_hash_ssdeep IS NOT NULL
UNION ALL
SELECT src_file, src_line, 'file-name', file_name FROM files WHERE file_name IS NOT NULL
"""
#: One row per (file record, indicator group) where every term of the group matched that record.
FILE_HITS_SQL = """
SELECT t.src_file, t.src_line, i.grp, min(i.grp_size) AS need
FROM file_terms t JOIN indicators i ON i.kind = t.kind AND i.value = t.value
GROUP BY t.src_file, t.src_line, i.grp
HAVING count(DISTINCT i.kind) = min(i.grp_size)
"""
#: Per group: the value to show (a hash before a file name), and the indicator's metadata.
GROUP_INFO_SQL = """
SELECT grp, min(indicator_id) AS indicator_id,
  COALESCE(min(CASE WHEN kind <> 'file-name' THEN value END), min(value)) AS value,
  COALESCE(min(CASE WHEN kind <> 'file-name' THEN kind END), min(kind)) AS kind,
  min(source) AS feed, min(label) AS label, max(tlp) AS tlp, min(attack) AS attack, min(actors) AS actors,
  max(warning) AS warning
FROM indicators WHERE kind IN ('md5', 'sha1', 'sha256', 'sha512', 'ssdeep', 'file-name')
GROUP BY grp
"""

IOC_VIEWS: list[tuple[str, str]] = [
    ("ioc_hits", IOC_HITS_SQL), ("name_hits", NAME_HITS_SQL), ("url_hits", URL_HITS_SQL),
    ("file_terms", FILE_TERMS_SQL), ("file_hits", FILE_HITS_SQL), ("grp_info", GROUP_INFO_SQL),
]

_HIT_COLS = "h.value AS key, h.indicator_id, h.kind, h.feed, h.label, h.tlp, h.attack, h.actors, h.warning"

IOC_EVENTS_SQL = f"""
SELECT COALESCE(f.src_device, f.dst_device, f.observer_name) AS device, f.ts, f.src_file, f.src_line, f.raw,
       'flows.destination_ip' AS field, {_HIT_COLS}
FROM flows_dev f JOIN ioc_hits h ON h.ip = f.destination_ip
UNION ALL
SELECT COALESCE(f.dst_device, f.src_device, f.observer_name) AS device, f.ts, f.src_file, f.src_line, f.raw,
       'flows.source_ip' AS field, {_HIT_COLS}
FROM flows_dev f JOIN ioc_hits h ON h.ip = f.source_ip
UNION ALL
SELECT s.device, s.ts, s.src_file, s.src_line, s.raw, 'syslog.source_ip' AS field, {_HIT_COLS}
FROM syslog_dev s JOIN ioc_hits h ON h.ip = s.source_ip
UNION ALL
SELECT a.device, a.ts, a.src_file, a.src_line, a.raw, 'aaa.source_ip' AS field, {_HIT_COLS}
FROM aaa_dev a JOIN ioc_hits h ON h.ip = a.source_ip
UNION ALL
SELECT c.device, c.ts, c.src_file, c.src_line, c.raw, concat(c.origin, '.command') AS field, {_HIT_COLS}
FROM commands c JOIN ioc_hits h ON h.ip = regexp_extract(c.command, '{IPV4_RE}', 1)
UNION ALL
SELECT c.device, c.ts, c.src_file, c.src_line, c.raw, concat(c.origin, '.command.url') AS field, {_HIT_COLS}
FROM commands c JOIN url_hits h ON h.url = regexp_extract(c.command, '{URL_RE}', 1)
UNION ALL
SELECT COALESCE(d.host_name, d.source_ip) AS device, d.ts, d.src_file, d.src_line, d.raw,
       'dns.question.name' AS field, {_HIT_COLS}
FROM dns d JOIN name_hits h ON h.name = lower(d.dns_question_name)
UNION ALL
SELECT x.host_name AS device, x.ts, x.src_file, x.src_line, x.raw, 'files.hash+name' AS field, {_HIT_COLS}
FROM files x JOIN file_hits fh ON fh.src_file = x.src_file AND fh.src_line = x.src_line
JOIN grp_info h ON h.grp = fh.grp
"""

_DOMAINISH = re.compile(r"^[a-z0-9_.-]+$")


def ip_key_table(ips: Sequence[str]) -> pa.Table:
    cols: dict[str, list[object]] = {"ip": [], "ip4": [], "h6": [], "l6": []}
    for text in ips:
        ip4, h6, l6 = ip_keys(text)
        if ip4 is None and h6 is None:
            continue
        cols["ip"].append(text)
        cols["ip4"].append(ip4)
        cols["h6"].append(h6)
        cols["l6"].append(l6)
    return pa.table(cols, schema=IPKEYS_SCHEMA)


def name_key_table(names: Sequence[str]) -> pa.Table:
    """Every suffix of every distinct name (``a.b.c`` -> ``a.b.c``, ``b.c``), keyed by the lower-cased name."""
    cols: dict[str, list[object]] = {"name": [], "suffix": []}
    for raw in names:
        name = raw.lower()
        canon = normalise_domain(name) if _DOMAINISH.match(name) else None
        if canon is None:
            continue
        parts = canon.split(".")
        for i in range(len(parts) - 1):
            cols["name"].append(name)
            cols["suffix"].append(".".join(parts[i:]))
    return pa.table(cols, schema=NAMEKEYS_SCHEMA)


def url_key_table(urls: Sequence[str]) -> pa.Table:
    pairs = [(u, n) for u in urls for n in [normalise_url(u)] if n]
    return pa.table({"url": [p[0] for p in pairs], "norm": [p[1] for p in pairs]}, schema=URLKEYS_SCHEMA)


def register_ioc_tables(engine: Engine, distinct_ips: Sequence[str], indicators: list[Indicator]) -> None:
    """Register ``indicators`` and ``ipkeys``; call :func:`register_ioc_views` once ``commands`` exists."""
    engine.register_arrow("indicators", indicators_to_arrow(indicators))
    engine.register_arrow("ipkeys", ip_key_table(distinct_ips))


def register_ioc_views(engine: Engine) -> None:
    names = engine.query(DISTINCT_NAMES_SQL).column("name").to_pylist()
    engine.register_arrow("namekeys", name_key_table([n for n in names if n]))
    urls = engine.query(DISTINCT_URLS_SQL).column("url").to_pylist()
    engine.register_arrow("urlkeys", url_key_table([u for u in urls if u]))
    for name, sql in IOC_VIEWS:
        engine.create_view(name, sql)


def active_indicators(indicators: list[Indicator], now: datetime | None = None) -> list[Indicator]:
    """Indicators still valid (``valid_until`` unset or in the future): expiry applies at match time too."""
    now = now or datetime.now(UTC)
    out = []
    for ind in indicators:
        vu = ind.valid_until
        if vu is not None and (vu if vu.tzinfo else vu.replace(tzinfo=UTC)) <= now:
            continue
        out.append(ind)
    return out
