"""Regression samples: raw input beside the rule, run through the real readers and the real engine.

Two layouts, both "raw input next to the expected result" (SigmaHQ ``regression_data``, ntc-templates):

* SigmaHQ: ``regression_data/rules/<path>/<rule name>/info.yml`` (``rule_metadata: [{id: ...}]``) plus one
  ``<rule id>.raw`` sample; the expected ``match_count`` is read from ``info.yml`` (it is commented out in the
  SigmaHQ copy, ``# match_count: 1``, so the comment is read too; 1 when absent).
* carrierwatch telecom pack: ``samples/<rule name>/positive.<ext>`` where every non-empty line is one event the
  rule must match (expected count = line count; for CSV flow exports, line count minus the header), and
  ``negative.<ext>`` that must match nothing; ``expected.yml`` (``positive: N``) overrides the count
  (context and correlation rules, where several lines make one event).
  ``allow.toml`` beside them holds the allow-lists the sample needs.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import yaml

from carrierwatch.configs.inventory import Assets
from carrierwatch.detect.runner import classify_addresses, register_inputs
from carrierwatch.detect.sigma.compile import CompiledRule, RulePack
from carrierwatch.detect.sigma.ipnum import register_ipnum
from carrierwatch.detect.sigma.runtime import HUNT_TABLES
from carrierwatch.detect.views import DISTINCT_IPS_SQL, VIEWS
from carrierwatch.engine.base import Engine
from carrierwatch.engine.duck import DuckEngine
from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.readers import TABLE_FOR_KIND, read_table
from carrierwatch.telemetry.sniff import sniff
from carrierwatch.workspace import Allowlists, config_from_dict


@dataclass(frozen=True)
class Case:
    rule_id: str
    sample: Path
    expected: int
    allow: Path | None = None


@dataclass(frozen=True)
class Outcome:
    case: Case
    got: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and self.got == self.case.expected


def _expected_sigmahq(info: Path) -> int:
    m = re.search(r"match_count:\s*(\d+)", info.read_text(encoding="utf-8"))
    return int(m.group(1)) if m else 1


def cases(pack: RulePack, roots: list[Path]) -> list[Case]:
    by_uuid = {str(r.rule.id): r for r in pack.rules}
    by_name = {r.detection.rule_id.removeprefix("SIGMA-"): r for r in pack.rules}
    out: list[Case] = []
    for root in roots:
        for info in sorted(root.rglob("info.yml")):
            meta = yaml.safe_load(info.read_text(encoding="utf-8")) or {}
            for m in meta.get("rule_metadata") or []:
                rule = by_uuid.get(str(m.get("id")))
                if rule is None:
                    continue
                for raw in sorted(info.parent.glob(f"{m['id']}.*")):
                    if raw.suffix != ".yml":
                        out.append(Case(rule.detection.rule_id, raw, _expected_sigmahq(info)))
        for folder in sorted(p for p in root.rglob("samples/*") if p.is_dir()):
            rule = by_name.get(folder.name)
            if rule is None:
                continue
            allow = folder / "allow.toml"
            override = folder / "expected.yml"  # for context rules where several lines make one event
            counts = yaml.safe_load(override.read_text(encoding="utf-8")) if override.is_file() else {}
            for f in sorted(folder.iterdir()):
                if f.stem in ("positive", "negative") and f.suffix != ".yml":
                    lines = [x for x in f.read_text(encoding="utf-8").splitlines() if x.strip()]
                    n = int(counts.get(f.stem, len(lines) - (1 if f.suffix == ".csv" else 0)))
                    out.append(Case(rule.detection.rule_id, f, n if f.stem == "positive" else 0,
                                    allow if allow.is_file() else None))
    return out


def load_allow(path: Path | None) -> Allowlists:
    if path is None:
        return Allowlists()
    return config_from_dict(tomllib.loads(path.read_text(encoding="utf-8")), str(path)).allowlists


def sample_engine(files: list[Path], allow: Allowlists) -> tuple[Engine, list[InputAccount]]:
    """A DuckDB engine with the hunt views over ``files`` parsed by the project's own readers."""
    tables: dict[str, list] = {}
    accounts = []
    for f in files:
        kind = sniff(f)
        acc = InputAccount(str(f), kind)
        accounts.append(acc)
        if kind in TABLE_FOR_KIND:
            tables.setdefault(TABLE_FOR_KIND[kind], []).append(read_table(f, kind, acc, display_path=f.name))
    import pyarrow as pa

    arrow = {name: pa.concat_tables(ts) for name, ts in tables.items()}
    engine = DuckEngine()
    register_inputs(engine, {}, arrow)
    assets = Assets()
    engine.register_arrow("assets", assets.to_arrow())
    distinct = engine.query(DISTINCT_IPS_SQL).column("ip").to_pylist()
    engine.register_arrow("ipclass", classify_addresses(sorted(distinct), allow, assets))
    for name, sql in VIEWS:
        engine.create_view(name, sql)
    return engine, accounts


def raw_engine(sample: Path) -> Engine:
    """SigmaHQ ``type: raw`` samples are matched as raw text, as SigmaHQ's own regression check does: each line
    becomes one row of every hunt view, with the line as ``raw`` (and as ``command`` for ``commands``)."""
    import pyarrow as pa

    lines = [x for x in sample.read_text(encoding="utf-8").splitlines() if x.strip()]
    n = len(lines)
    base = {"device": [None] * n, "ts": pa.array([None] * n, pa.timestamp("us", tz="UTC")),
            "src_file": [sample.name] * n, "src_line": list(range(1, n + 1)), "raw": lines}
    engine = DuckEngine()
    engine.register_arrow("raw_events", pa.table({**base, "command": lines, "cmd": [x.lower() for x in lines],
                                                  "prev_cmd": [None] * n, "source_ip": [None] * n,
                                                  "src_device": [None] * n}))
    for view in HUNT_TABLES:
        engine.create_view(view, "SELECT * FROM raw_events")
    return engine


def run_case(case: Case, rule: CompiledRule) -> Outcome:
    if case.sample.suffix == ".raw":
        engine = raw_engine(case.sample)
        try:
            register_ipnum(engine, rule.cidr_fields, set(HUNT_TABLES))
            return Outcome(case, engine.query(rule.detection.sql).num_rows)
        finally:
            engine.close()
    engine, accounts = sample_engine([case.sample], load_allow(case.allow))
    try:
        bad = [a for a in accounts if a.error or a.kind not in TABLE_FOR_KIND]
        if bad:
            return Outcome(case, 0, f"sample not readable as telemetry ({bad[0].kind}: {bad[0].error})")
        register_ipnum(engine, rule.cidr_fields, set(HUNT_TABLES))
        return Outcome(case, engine.query(rule.detection.sql).num_rows)
    finally:
        engine.close()


def run_all(pack: RulePack, roots: list[Path]) -> list[Outcome]:
    by_id = {r.detection.rule_id: r for r in pack.rules}
    return [run_case(c, by_id[c.rule_id]) for c in cases(pack, roots)]
