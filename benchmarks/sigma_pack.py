"""Issue 6 benchmark: the whole Sigma pack over 10^7 syslog lines, against pysigma-backend-sqlite on SQLite.

Ours: the built-in pack (vendored SigmaHQ network rules + telecom pack) compiled by our backend, run on DuckDB over
the hunt views (``syslog_dev``, ``commands_ctx``, ``flows_dev``) built on a normalised syslog table of N lines.
Peer (the Zircolite approach): the same rules converted by pysigma-backend-sqlite with its defaults, run on an
in-memory SQLite table holding the same events (``raw``, ``command``, ``cmd``, ``prev_cmd`` columns), with a cached
Python ``REGEXP`` function as Zircolite registers. The SQLite backend rejects keyword rules by default, so the
ratio is computed on the rules it accepts; we also report our time for the full pack. Loading rows into each
engine is timed separately and excluded from the rates. Lines are synthetic (a few message templates).
"""

from __future__ import annotations

import re
import sqlite3
import time
from functools import lru_cache
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

TEMPLATES = [
    "Nov 16 10:00:01 pe{d}-nyc 1: Nov 16 10:00:01.000 UTC: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops] "
    "[Source: 10.255.0.12] [localport: 22] at 10:00:01 UTC Mon Nov 16 2026",
    "Nov 16 10:00:02 pe{d}-nyc 2: Nov 16 10:00:02.000 UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged "
    "command:interface GigabitEthernet0/0/1",
    "Nov 16 10:00:03 pe{d}-nyc 3: Nov 16 10:00:03.000 UTC: %LINEPROTO-5-UPDOWN: Line protocol on Interface "
    "GigabitEthernet0/0/2, changed state to up",
    "Nov 16 10:00:04 pe{d}-nyc 4: Nov 16 10:00:04.000 UTC: %SYS-5-CONFIG_I: Configured from console by netops on "
    "vty0 (10.255.0.12)",
    "Nov 16 10:00:05 pe{d}-nyc 5: Nov 16 10:00:05.000 UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged "
    "command:clear logging",
]
COMMANDS = [None, "interface GigabitEthernet0/0/1", None, None, "clear logging"]


def make_table(lines: int) -> pa.Table:
    from carrierwatch.telemetry.schema import SYSLOG

    texts = [t.format(d=d) for t in TEMPLATES for d in range(4)]
    cmds = [c for c in COMMANDS for _ in range(4)]
    idx = pa.array([(i * 7919) % len(texts) for i in range(min(lines, 100_000))], pa.int32())
    reps = -(-lines // len(idx))
    idx = pa.concat_arrays([idx] * reps).slice(0, lines)
    raw = pa.array(texts).take(idx)
    cmd = pa.array(cmds, pa.string()).take(idx)
    n = lines
    ts = pc.cast(pa.array(range(n), pa.int64()), pa.timestamp("us", tz="UTC"))
    cols = {name: pa.nulls(n, SYSLOG.field(name).type) for name in SYSLOG.names}
    cols.update(ts=ts, raw=raw, command=cmd, host_name=pa.array(["pe1-nyc"] * min(n, 1)).take(pa.array([0] * n)),
                src_file=pa.array(["bench.log"]).take(pa.array([0] * n)), src_line=pa.array(range(n), pa.int64()))
    return pa.table(cols, schema=SYSLOG)


def _ours(table: pa.Table, only: set[str] | None) -> tuple[float, int]:
    from carrierwatch.configs.inventory import Assets
    from carrierwatch.detect.runner import classify_addresses, register_inputs
    from carrierwatch.detect.sigma.compile import RulePack
    from carrierwatch.detect.sigma.runtime import default_pack, run_pack
    from carrierwatch.detect.views import DISTINCT_IPS_SQL, VIEWS
    from carrierwatch.engine.duck import DuckEngine
    from carrierwatch.workspace import Allowlists

    eng = DuckEngine()
    register_inputs(eng, {}, {"syslog": table})
    eng.register_arrow("assets", Assets().to_arrow())
    eng.register_arrow("ipclass", classify_addresses(sorted(eng.query(DISTINCT_IPS_SQL).column("ip").to_pylist()),
                                                     Allowlists(), Assets()))
    for name, sql in VIEWS:
        eng.create_view(name, sql)
    t0 = time.perf_counter()
    full = default_pack()
    pack = full if only is None else RulePack([r for r in full.rules if r.detection.rule_id in only])
    hits = sum(t.num_rows for _, t in run_pack(eng, pack))
    secs = time.perf_counter() - t0
    eng.close()
    return secs, hits


def _peer(table: pa.Table) -> dict[str, Any]:
    from sigma.backends.sqlite import sqliteBackend
    from sigma.collection import SigmaCollection

    from carrierwatch.detect.sigma.runtime import default_pack

    backend = sqliteBackend()
    accepted: dict[str, str] = {}
    for r in default_pack().rules:
        if r.table not in ("syslog_dev", "commands_ctx"):
            continue
        try:
            [q] = backend.convert(SigmaCollection([r.rule]))
            accepted[r.detection.rule_id] = q
        except Exception:  # the peer's rejection (keyword rules) is what we measure
            continue
    db = sqlite3.connect(":memory:")
    for p in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-128000", "locking_mode=EXCLUSIVE"):
        db.execute(f"PRAGMA {p}")

    @lru_cache(maxsize=256)
    def _rx(p: str) -> re.Pattern[str]:
        return re.compile(p)

    db.create_function("regexp", 2, lambda p, s: s is not None and _rx(p).search(s) is not None, deterministic=True)
    db.execute("CREATE TABLE logs (raw TEXT, command TEXT, cmd TEXT, prev_cmd TEXT)")
    t0 = time.perf_counter()
    cmd = table.column("command").to_pylist()
    db.executemany("INSERT INTO logs VALUES (?, ?, ?, NULL)",
                   zip(table.column("raw").to_pylist(), cmd, [c.lower() if c else None for c in cmd], strict=True))
    load = time.perf_counter() - t0
    t0 = time.perf_counter()
    hits = 0
    for q in accepted.values():
        hits += len(db.execute(q).fetchall())
    return {"seconds": time.perf_counter() - t0, "load_seconds": load, "accepted": sorted(accepted), "hits": hits}


def run(scale: float = 1.0) -> dict[str, object]:
    from carrierwatch.detect.sigma.runtime import HUNT_TABLES, default_pack

    lines = max(1000, int(10_000_000 * scale))
    table = make_table(lines)
    pack_rules = [r for r in default_pack().rules if r.table in HUNT_TABLES]
    full_s, full_hits = _ours(table, None)
    peer = _peer(table)
    sub_s, sub_hits = _ours(table, set(peer["accepted"]))
    return {
        "lines": lines,
        "rules_in_pack_on_hunt_tables": len(pack_rules),
        "ours_full_pack_seconds": round(full_s, 3),
        "ours_full_pack_lines_per_s": round(lines / full_s),
        "ours_full_pack_hits": full_hits,
        "peer_rules_accepted": len(peer["accepted"]),
        "peer_seconds": round(peer["seconds"], 3),
        "peer_load_seconds": round(peer["load_seconds"], 3),
        "peer_hits": peer["hits"],
        "ours_same_rules_seconds": round(sub_s, 3),
        "ours_same_rules_hits": sub_hits,
        "speedup_vs_sqlite_same_rules": round(peer["seconds"] / sub_s, 2) if sub_s else None,
        "peer_lines_per_s": round(lines / peer["seconds"]) if peer["seconds"] else None,
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 0.05), indent=2))
