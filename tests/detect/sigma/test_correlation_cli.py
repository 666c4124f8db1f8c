"""Correlations (value_count, temporal, unsupported types), Spark transpilation, and the ``rules`` commands."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyarrow as pa
import sqlglot
from typer.testing import CliRunner

from carrierwatch.cli import app
from carrierwatch.detect.sigma.compile import load_pack
from carrierwatch.detect.sigma.runtime import run_pack
from carrierwatch.engine.duck import DuckEngine

BASE = """title: base
name: base_login
id: 22222222-2222-2222-2222-222222222222
logsource: {product: zeek, service: auth}
detection:
  sel: {outcome: fail}
  condition: sel
level: low
"""
CORR = """title: spray
name: spray
id: 33333333-3333-3333-3333-333333333333
correlation:
  type: value_count
  rules: [base_login]
  group-by: [device]
  timespan: 10m
  condition: {gte: 3, field: user}
level: high
"""
T0 = datetime(2026, 11, 16, tzinfo=UTC)


def _run(tmp_path: Path, users: list[str], gap_s: int) -> int:
    (tmp_path / "base.yml").write_text(BASE)
    (tmp_path / "corr.yml").write_text(CORR)
    pack = load_pack([tmp_path])
    assert pack.rejected == []
    n = len(users)
    tbl = pa.table({"device": ["r1"] * n, "ts": [T0 + timedelta(seconds=i * gap_s) for i in range(n)],
                    "src_file": ["a"] * n, "src_line": list(range(1, n + 1)), "raw": ["x"] * n,
                    "outcome": ["fail"] * n, "user": users})
    eng = DuckEngine()
    try:
        eng.register_arrow("zeek_auth", tbl)
        res = {d.rule_id: t.num_rows for d, t in run_pack(eng, pack, frozenset({"zeek_auth"}))}
    finally:
        eng.close()
    assert "SIGMA-base_login" not in res  # generate: false -> feeds the correlation only
    return res["SIGMA-spray"]


def test_value_count_fires_on_three_distinct_users_in_window(tmp_path: Path) -> None:
    assert _run(tmp_path, ["a", "b", "c"], 60) == 1


def test_value_count_quiet_on_same_user_or_spread_out(tmp_path: Path) -> None:
    assert _run(tmp_path, ["a", "a", "a", "a"], 60) == 0
    assert _run(tmp_path, ["a", "b", "c"], 400) == 0  # 800 s span > 10 min


def test_unsupported_correlation_is_rejected_with_reason(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text(BASE)
    (tmp_path / "corr.yml").write_text(CORR.replace("value_count", "value_sum"))
    pack = load_pack([tmp_path])
    assert [r.reason for r in pack.rejected] == ["correlation type value_sum is not supported"]


def test_every_builtin_query_transpiles_to_spark() -> None:
    for r in load_pack().rules:
        out = sqlglot.transpile(r.detection.sql, read="duckdb", write="spark")[0]
        assert "regexp_matches" not in out.lower()


def test_rules_cli_validate_test_list(tmp_path: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["rules", "validate"])
    assert res.exit_code == 0 and "0 rejected" in res.output
    res = runner.invoke(app, ["rules", "test"])
    assert res.exit_code == 0 and "39/39 samples match" in res.output
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "r.yml").write_text(BASE.replace("sel: {outcome: fail}", "sel: {outcome|base64offset|contains: x}"))
    res = runner.invoke(app, ["rules", "validate", "--rules", str(bad), "--no-builtin"])
    assert res.exit_code == 2 and "base64offset" in res.output
    res = runner.invoke(app, ["rules", "list", "--rules", str(tmp_path / "missing")])
    assert res.exit_code == 2
