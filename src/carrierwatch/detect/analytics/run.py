"""Feed the analytics from the hunt views and turn their results into evidence rows (the runner's contract).

Each analytic returns ``(SqlDetection, rows)`` where ``rows`` has the runner's evidence columns (device, ts,
src_file, src_line, raw, key, sev); the runner groups them into findings like any SQL detection. The SQL here only
selects candidate rows (portable DuckDB/Spark SQL); the scoring is the pure functions next to this file.
Existing SQL rules already cover device-originated AAA/TFTP/FTP, GRE/ESP/IKE and non-standard management ports
(``detect/event_rules.py``); they are not duplicated here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

import pyarrow as pa

from carrierwatch.detect.analytics import beacon, firstseen, hops
from carrierwatch.detect.analytics.settings import AnalyticsSettings
from carrierwatch.detect.rule import SqlDetection
from carrierwatch.engine.base import Engine
from carrierwatch.findings import Category, Severity

EVIDENCE = pa.schema([("device", pa.string()), ("ts", pa.timestamp("us", tz="UTC")), ("src_file", pa.string()),
                      ("src_line", pa.int64()), ("raw", pa.string()), ("key", pa.string()), ("sev", pa.string())])

BEACON = SqlDetection(
    "CW-ANALYTIC-BEACON", "Beaconing from inside to an address outside every allow-list", Severity.HIGH, "",
    attack=("T1071", "T1573"), title_key="Beaconing from {key}", family="analytic",
    tunables=("beacon_min_connections", "beacon_threshold", "beacon_weights", "beacon_bins"),
    references=("EVH-V03", "https://github.com/activecm/rita"), category=Category.ANALYTIC,
    remediation="Identify the process or tunnel behind the regular connections; block the destination and check the "
    "device for implants (Guest Shell containers, unknown binaries on bootflash).",
    description="Regular, same-sized connections to an address outside every allow-list over most of the window "
    "(RITA-style score; see carrierwatch.detect.analytics.beacon).")
SILENCE = SqlDetection(
    "CW-ANALYTIC-SYSLOG-SILENCE", "Device stopped logging for a long, unusual period", Severity.LOW, "",
    attack=("T1562.006", "T1070"), references=("HUNT-07", "EVH-V06"), category=Category.ANALYTIC, family="analytic",
    tunables=("silence_min_gap_s", "silence_factor"),
    remediation="Check the device's logging configuration and AAA accounting for the silent period.",
    description="A gap in a device's syslog far longer than its usual inter-message gap; the evidence line is the "
    "first message after the silence. Low: quiet devices go silent for innocent reasons (on the clean lab it fired "
    "on most devices at medium), so it is a lead to read with AAA accounting, not an alert.")
HOPS = SqlDetection(
    "CW-ANALYTIC-HOP-CHAIN", "Login chain across devices", Severity.HIGH, "", attack=("T1021.004", "T1090"),
    title_key="Login chain across devices: {key}", family="analytic", tunables=("hop_window_s",),
    references=("EVH-H01", "EVH-H08", "https://attack.mitre.org/software/S1206/"), category=Category.ANALYTIC,
    remediation="Confirm the sessions with the account owner; relaying through devices (JumbledPath) hides the "
    "real origin. Restrict VTY access-class so devices cannot log in to each other.",
    description="Logins from one device to a second and from the second to a third within the hop window.")

FIRST_SEEN = SqlDetection(
    "CW-ANALYTIC-FIRST-SEEN-SOURCE", "Account used from a new source", Severity.LOW, "",
    title_key="Account used from a new source: {key}", family="analytic", tunables=("first_seen_baseline_s",),
    attack=("T1078",), references=("EVH-V05", "EVH-V08"), category=Category.ANALYTIC,
    remediation="Confirm with the account owner that the login from this address was theirs; if not, disable the "
    "account and rotate its credentials.",
    description="The first login of an account from an address it did not use during the learning period "
    "(carrierwatch.detect.analytics.firstseen). Low inside the management network (a new admin workstation), "
    "medium from anywhere else.")

_LOGIN_CODES = "('LOGIN_SUCCESS', 'SSH2_USERAUTH', 'LOGIN_ACCEPTED', 'SSHD_LOGIN_ACCEPTED')"


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=EVIDENCE)


def beacons(engine: Engine, s: AnalyticsSettings) -> tuple[SqlDetection, pa.Table]:
    sql = f"""
WITH c AS (
  SELECT source_ip, destination_ip, destination_port, COUNT(*) AS n FROM flows_dev
  WHERE NOT dst_internal AND src_internal GROUP BY source_ip, destination_ip, destination_port
  HAVING COUNT(*) >= {int(s.beacon_min_connections)}
)
SELECT COALESCE(f.src_device, f.source_ip) AS device, f.source_ip, f.destination_ip, f.destination_port, f.ts,
  f.network_bytes, f.src_file, f.src_line, f.raw
FROM flows_dev f JOIN c ON c.source_ip = f.source_ip AND c.destination_ip = f.destination_ip
  AND c.destination_port IS NOT DISTINCT FROM f.destination_port
"""
    got = engine.query(sql).to_pylist()
    if not got:
        return BEACON, _table([])
    times = [r["ts"] for r in got if isinstance(r["ts"], datetime)]
    window = (max(times) - min(times)).total_seconds() if times else 0.0
    pairs: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
    for r in got:
        if isinstance(r["ts"], datetime):
            pairs[(r["source_ip"], r["destination_ip"], r["destination_port"])].append(r)
    rows: list[dict[str, Any]] = []
    for (src, dst, port), rs in sorted(pairs.items(), key=lambda kv: str(kv[0])):
        sc = beacon.score([r["ts"].timestamp() for r in rs], [float(r["network_bytes"] or 0) for r in rs], window,
                          bins=s.beacon_bins, weights=s.beacon_weights)
        if sc.total >= s.beacon_threshold:
            key = f"{src} to {dst}:{port} (score {sc.total:.2f})"
            rows += [{**{k: r[k] for k in ("device", "ts", "src_file", "src_line", "raw")}, "key": key, "sev": None}
                     for r in rs]
    return BEACON, _table(rows)


def silence(engine: Engine, s: AnalyticsSettings) -> tuple[SqlDetection, pa.Table]:
    """The SQL form of :func:`carrierwatch.detect.analytics.silence.silences` (same formula), for scale."""
    sql = f"""
WITH g AS (
  SELECT device, ts, src_file, src_line, raw,
    epoch(ts) - epoch(LAG(ts) OVER (PARTITION BY device ORDER BY ts, src_file, src_line)) AS gap
  FROM syslog_dev WHERE device IS NOT NULL AND ts IS NOT NULL
), m AS (
  SELECT device, median(gap) AS med, COUNT(gap) AS n FROM g GROUP BY device
)
SELECT g.device, g.ts, g.src_file, g.src_line, g.raw, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS sev
FROM g JOIN m ON m.device = g.device
WHERE m.n >= 3 AND g.gap >= {float(s.silence_min_gap_s)} AND g.gap >= {float(s.silence_factor)} * m.med
"""
    return SILENCE, engine.query(sql).cast(EVIDENCE)


def hop_chains(engine: Engine, s: AnalyticsSettings) -> tuple[SqlDetection, pa.Table]:
    sql = f"""
SELECT s.device AS dst, k.device AS src, s.user_name, s.ts, s.src_file, s.src_line, s.raw
FROM syslog_dev s JOIN ipclass k ON k.ip = s.source_ip
WHERE k.device IS NOT NULL AND s.device IS NOT NULL AND k.device <> s.device
  AND (s.event_code IN {_LOGIN_CODES} OR regexp_matches(s.raw, 'Accepted (password|publickey|keyboard-interactive)'))
UNION ALL
SELECT a.device AS dst, k.device AS src, a.user_name, a.ts, a.src_file, a.src_line, a.raw
FROM aaa_dev a JOIN ipclass k ON k.ip = a.source_ip
WHERE k.device IS NOT NULL AND a.device IS NOT NULL AND k.device <> a.device AND a.event_type = 'start'
"""
    got = [r for r in engine.query(sql).to_pylist() if isinstance(r["ts"], datetime)]
    logins = [hops.Login(r["ts"].timestamp(), r["src"], r["dst"], r["user_name"] or "", i) for i, r in enumerate(got)]
    rows: list[dict[str, Any]] = []
    for chain in hops.chains(logins, window=float(s.hop_window_s)):
        key = " -> ".join([chain[0].src, *(x.dst for x in chain)])
        for x in chain:
            r = got[x.ref]
            rows.append({"device": r["dst"], "ts": r["ts"], "src_file": r["src_file"], "src_line": r["src_line"],
                         "raw": r["raw"], "key": key, "sev": None})
    return HOPS, _table(rows)


def first_seen_sources(engine: Engine, s: AnalyticsSettings) -> tuple[SqlDetection, pa.Table]:
    sql = f"""
SELECT s.device, s.user_name, s.source_ip, s.ts, s.src_file, s.src_line, s.raw, coalesce(k.mgmt, FALSE) AS mgmt
FROM syslog_dev s LEFT JOIN ipclass k ON k.ip = s.source_ip
WHERE s.user_name IS NOT NULL AND s.source_ip IS NOT NULL
  AND (s.event_code IN {_LOGIN_CODES} OR regexp_matches(s.raw, 'Accepted (password|publickey|keyboard-interactive)'))
UNION ALL
SELECT a.device, a.user_name, a.source_ip, a.ts, a.src_file, a.src_line, a.raw, coalesce(k.mgmt, FALSE) AS mgmt
FROM aaa_dev a LEFT JOIN ipclass k ON k.ip = a.source_ip
WHERE a.event_type = 'start' AND a.user_name IS NOT NULL AND a.source_ip IS NOT NULL
"""
    got = [r for r in engine.query(sql).to_pylist() if isinstance(r["ts"], datetime)]
    got.sort(key=lambda r: (r["ts"], r["src_file"], r["src_line"]))
    hits = firstseen.first_seen([(r["ts"].timestamp(), r["user_name"], r["source_ip"]) for r in got],
                                baseline=float(s.first_seen_baseline_s))
    rows = [{"device": got[i]["device"], "ts": got[i]["ts"], "src_file": got[i]["src_file"],
             "src_line": got[i]["src_line"], "raw": got[i]["raw"],
             "key": f"{got[i]['user_name']} from {got[i]['source_ip']}",
             "sev": None if got[i]["mgmt"] else "medium"} for i in sorted(hits)]
    return FIRST_SEEN, _table(rows)


def run_analytics(engine: Engine, s: AnalyticsSettings) -> list[tuple[SqlDetection, pa.Table]]:
    return [beacons(engine, s), silence(engine, s), hop_chains(engine, s), first_seen_sources(engine, s)]
