"""IOC matching, set-at-a-time: every address the run saw is matched once against every IP indicator.

Step 1 joins the *distinct* addresses (``ipclass``, typically thousands) with the indicators: IPv4 exact values
and CIDRs as integer ranges (``ip4 BETWEEN lo AND hi``), IPv6 exactly. Step 2 equi-joins those hits back to
every event field that holds an address. Where a match was seen (table, field, line) and which indicator and
feed it came from travel with each evidence row.
"""

from __future__ import annotations

from carrierwatch.detect.rule import IPV4_RE

IOC_HITS_SQL = """
SELECT k.ip, i.indicator_id, i.value, i.kind, i.source AS feed, i.label, i.tlp, i.attack, i.actors
FROM ipclass k JOIN indicators i ON i.lo IS NOT NULL AND k.ip4 BETWEEN i.lo AND i.hi
UNION ALL
SELECT k.ip, i.indicator_id, i.value, i.kind, i.source AS feed, i.label, i.tlp, i.attack, i.actors
FROM ipclass k JOIN indicators i ON i.kind = 'ipv6' AND k.ip = i.value
"""

_HIT_COLS = "h.value AS key, h.indicator_id, h.kind, h.feed, h.label, h.tlp, h.attack, h.actors"

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
"""
