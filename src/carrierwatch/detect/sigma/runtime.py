"""Run a compiled Sigma pack inside a hunt: which rules can run on this run's tables, and the support tables.

The hunt always has the ``commands``, ``syslog_dev`` and ``flows_dev`` views; rules mapped to other tables
(``zeek_dns``, ``fortigate_event``, ...) run when the caller registered such a table and are otherwise reported
as skipped with the reason, never silently dropped.
"""

from __future__ import annotations

import pyarrow as pa

from carrierwatch.detect.rule import SqlDetection
from carrierwatch.detect.sigma.compile import CompiledRule, RulePack, load_pack
from carrierwatch.detect.sigma.ipnum import register_ipnum
from carrierwatch.detect.sigma.pipelines import GENERIC_PROJECTION, PROJECTIONS
from carrierwatch.engine.base import Engine

EMPTY_EVIDENCE = pa.schema([("device", pa.string()), ("ts", pa.timestamp("us", tz="UTC")),
                            ("src_file", pa.string()), ("src_line", pa.int64()), ("raw", pa.string()),
                            ("key", pa.string()), ("sev", pa.string())]).empty_table()
HUNT_TABLES = frozenset({"commands_ctx", "syslog_dev", "flows_dev"})

_DEFAULT: RulePack | None = None


def default_pack() -> RulePack:
    """The built-in pack, compiled once per process (compiling 70 rules takes about a second)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = load_pack()
    return _DEFAULT


def prepare(engine: Engine, pack: RulePack, tables: set[str] | frozenset[str] = HUNT_TABLES,
            skipped: dict[str, str] | None = None) -> list[SqlDetection]:
    """Register ``sigma_ipnum`` and return the pack's detections whose table is present."""
    register_ipnum(engine, pack.cidr_fields, set(tables))
    out = []
    for r in pack.rules:
        if not r.standalone:
            continue
        if r.correlation_tables:
            missing = sorted(r.correlation_tables - set(tables))
            if not missing:
                out.append(r.detection)
            elif skipped is not None:
                skipped[r.detection.rule_id] = f"no '{missing[0]}' table in this run (correlation)"
        elif r.table in tables:
            out.append(r.detection)
        elif skipped is not None:
            skipped[r.detection.rule_id] = f"no '{r.table}' table in this run (logsource {r.rule.logsource})"
    return out


def scan_sql(table: str, rules: list[CompiledRule], projection: str | None = None) -> str:
    """One scan per table for all its rules: a boolean column per rule, rows kept if any rule matched.

    Running each rule as its own query re-reads (and, for ``commands_ctx``, re-windows) the table once per rule;
    this evaluates every predicate in one pass, which is what makes the pack fast on 10^7 lines.
    """
    projection = projection or PROJECTIONS.get(table, GENERIC_PROJECTION)
    flags = ",\n  ".join(f"COALESCE(({r.where}), FALSE) AS m{i}" for i, r in enumerate(rules))
    return (f"SELECT * FROM (\nSELECT {projection}, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS sev,\n"
            f"  {flags}\nFROM {table}\n) t WHERE " + " OR ".join(f"m{i}" for i in range(len(rules))))


def run_pack(engine: Engine, pack: RulePack, tables: set[str] | frozenset[str] = HUNT_TABLES,
             skipped: dict[str, str] | None = None) -> list[tuple[SqlDetection, pa.Table]]:
    """Run every runnable rule, one scan per table; returns each rule's evidence rows (runner contract)."""
    runnable = {d.rule_id for d in prepare(engine, pack, tables, skipped)}
    by_table: dict[str, list[CompiledRule]] = {}
    out: list[tuple[SqlDetection, pa.Table]] = []
    for r in pack.rules:
        if r.detection.rule_id not in runnable:
            continue
        if r.correlation_tables:
            out.append((r.detection, engine.query(r.detection.sql)))
        else:
            by_table.setdefault(r.table, []).append(r)
    for table, rules in sorted(by_table.items()):
        # Phase 1: one filtering pass keeps the rows any rule matches (DuckDB short-circuits the OR per row);
        # phase 2 computes each rule's flag on those few rows only.
        cand = engine.query(f"SELECT * FROM {table} WHERE " + " OR ".join(f"({r.where})" for r in rules))
        if cand.num_rows == 0:
            out += [(r.detection, EMPTY_EVIDENCE) for r in rules]
            continue
        engine.register_arrow("sigma_candidates", cand)
        got = engine.query(scan_sql("sigma_candidates", rules, projection=PROJECTIONS.get(table, GENERIC_PROJECTION)))
        base = got.select(["device", "ts", "src_file", "src_line", "raw", "key", "sev"])
        for i, r in enumerate(rules):
            out.append((r.detection, base.filter(got.column(f"m{i}"))))
    return out


#: SigmaHQ rules not run in the unattended hunt (they stay available to ``carrierwatch rules``): their keywords
#: are single common words that match routine administration (``dir``, ``show version``, ``copy``, ``aaa``,
#: ``username``, ``shutdown``, ``access-list``...), so on a real carrier they fire on every admin session. The
#: telecom pack covers the same behaviours with anchored, allow-list-aware patterns.
HUNT_EXCLUDED_SIGMAHQ: dict[str, str] = {
    "SIGMA-9705a6a1": "Cisco Discovery: 'dir', 'show version', ... match routine sessions",
    "SIGMA-cd072b25": "Cisco Collect Data: 'more', 'show running-config' match routine sessions",
    "SIGMA-6d844f0f": "Cisco Local Accounts: bare 'aaa' / 'username' match any AAA or user command",
    "SIGMA-5e51acb2": "Cisco Stage Data: bare 'copy' / 'tftp' match every software upgrade",
    "SIGMA-d94a35f0": "Cisco Denial of Service: bare 'shutdown' matches interface maintenance",
    "SIGMA-671ffc77": "Cisco Modify Configuration: 'access-list', 'ntp server' match routine changes",
    "SIGMA-71d65515": "Cisco File Deletion: 'delete', 'format', 'erase' match image housekeeping",
    "SIGMA-b094d9fb": "Cisco Show Commands Input: 'show logging' is a routine NOC command",
}


def hunt_pack() -> tuple[RulePack, dict[str, str]]:
    """The pack the unattended hunt runs: the built-in pack minus :data:`HUNT_EXCLUDED_SIGMAHQ`."""
    full = default_pack()
    keep = [r for r in full.rules if r.detection.rule_id not in HUNT_EXCLUDED_SIGMAHQ]
    excluded = {k: v for k, v in HUNT_EXCLUDED_SIGMAHQ.items() if any(r.detection.rule_id == k for r in full.rules)}
    return RulePack(keep, [], full.files), excluded
