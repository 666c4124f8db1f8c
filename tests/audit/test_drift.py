"""Drift against golden configs: the fixture pair under fixtures/drift, masking, pairing, the CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from carrierwatch.audit.drift import diff
from carrierwatch.audit.drift_run import run_drift
from carrierwatch.cli import app
from carrierwatch.configs import parse_config

FIX = Path(__file__).parent / "fixtures" / "drift"


def test_fixture_pair() -> None:
    res = run_drift([FIX / "running"], FIX / "golden")
    expected = json.loads((FIX / "expected.json").read_text())
    got = {f.rule_id: {"added": f.extra["added"], "removed": f.extra["removed"]}
           for f in res.findings if f.device == "pe1"}
    assert got == expected["pe1"]
    lonely = [a for a in res.inputs if "no golden copy in the baseline folder" in a.reasons]
    assert [Path(a.path).stem for a in lonely] == expected["without_golden"]


def test_evidence_has_both_sides_and_is_masked() -> None:
    res = run_drift([FIX / "running"], FIX / "golden")
    aaa = next(f for f in res.findings if f.rule_id == "CW-DRIFT-AAA-SERVERS")
    sides = {Path(e.source).parent.name for e in aaa.evidence}
    assert sides == {"golden", "running"}
    dumped = json.dumps([f.to_dict() for f in res.findings])
    assert "0822455D0A16" not in dumped and "PLACEHOLDERTYPE6KEY" not in dumped and "password 0 cisco" not in dumped


def test_identical_configs_have_no_drift_and_cosmetic_changes_are_ignored() -> None:
    a = parse_config("hostname r\ninterface Gi1\n description a\n", path="a")
    b = parse_config("hostname r\ninterface Gi1\n description b\n", path="b")
    assert diff(a, a) == [] and diff(a, b) == []


def test_cli(tmp_path: Path) -> None:
    out = tmp_path / "d.json"
    res = CliRunner().invoke(app, ["-w", str(tmp_path / "ws"), "drift", str(FIX / "running"), "--baseline",
                                   str(FIX / "golden"), "--format", "json", "-o", str(out)])
    assert res.exit_code == 1, res.output  # critical AAA-server drift >= default --fail-on high
    data = json.loads(out.read_text())
    assert {f["rule_id"] for f in data["findings"]} >= {"CW-DRIFT-AAA-SERVERS", "CW-DRIFT-LOOPBACKS"}
    res = CliRunner().invoke(app, ["-w", str(tmp_path / "ws"), "drift", str(FIX / "running"), "--baseline",
                                   str(tmp_path / "nope")])
    assert res.exit_code == 2
