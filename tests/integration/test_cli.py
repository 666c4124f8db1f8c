"""The command line contract: exit codes, JSON output, usage errors, and the lab commands."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from carrierwatch.cli import app

runner = CliRunner()


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "hunt", str(tmp_path / "nope")])
    assert res.exit_code == 2
    assert "no such file" in res.output


def test_bad_fail_on_is_a_usage_error(tmp_path: Path, lab_dir: Path) -> None:
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "hunt", str(lab_dir / "inventory.csv"),
                              "--fail-on", "bogus"])
    assert res.exit_code == 2


def test_bad_workspace_config_is_a_usage_error(tmp_path: Path, lab_dir: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "carrierwatch.toml").write_text("[allowlists]\nmanagment_subnets = ['10.0.0.0/8']\n")
    res = runner.invoke(app, ["-w", str(ws), "hunt", str(lab_dir / "inventory.csv")])
    assert res.exit_code == 2
    assert "unknown allow-list" in res.output


def test_hunt_json_and_fail_on(tmp_path: Path, lab_dir: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "carrierwatch.toml").write_bytes((lab_dir / "carrierwatch.toml").read_bytes())
    out = tmp_path / "f.json"
    res = runner.invoke(app, ["-w", str(ws), "hunt", str(lab_dir), "--format", "json", "-o", str(out),
                              "--year", "2026", "--fail-on", "critical"])
    assert res.exit_code == 1, res.output
    data = json.loads(out.read_text())
    assert data["summary"]["by_severity"]["critical"] >= 1
    # the same run with a threshold nothing reaches
    res = runner.invoke(app, ["-w", str(ws), "audit", str(lab_dir / "configs"), "--format", "json",
                              "-o", str(tmp_path / "a.json"), "--fail-on", "critical"])
    audit = json.loads((tmp_path / "a.json").read_text())
    assert all(f["category"] in ("audit", "vulnerability") for f in audit["findings"])
    assert res.exit_code == (1 if audit["summary"]["by_severity"]["critical"] else 0)


def test_clean_input_exits_zero(tmp_path: Path) -> None:
    cfg = Path(__file__).parents[1] / "audit" / "fixtures" / "hardened-iosxe.cfg"
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "audit", str(cfg), "--fail-on", "medium"])
    assert res.exit_code == 0, res.output


def test_unknown_files_are_listed_not_fatal(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("just some notes\nnothing to see\n")
    out = tmp_path / "o.json"
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "hunt", str(tmp_path / "notes.txt"), "-f", "json",
                              "-o", str(out)])
    assert res.exit_code == 0, res.output
    data = json.loads(out.read_text())
    assert data["inputs"][0]["kind"] == "unknown" and data["inputs"][0]["error"]


def test_lab_score_command(tmp_path: Path, demo_run) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "s.json"
    res = runner.invoke(app, ["lab", "score", str(demo_run.out / "findings.json"),
                              str(demo_run.out / "lab" / "truth.json"), "-o", str(out)])
    assert res.exit_code == 0, res.output
    assert json.loads(out.read_text())["recall"] == 1.0


def test_intel_import_is_idempotent(tmp_path: Path, lab_dir: Path) -> None:
    bundle = next((lab_dir / "intel").glob("*.json"))
    ws = str(tmp_path / "ws")
    first = runner.invoke(app, ["-w", ws, "intel", "import", str(bundle)])
    second = runner.invoke(app, ["-w", ws, "intel", "import", str(bundle)])
    assert first.exit_code == 0 and second.exit_code == 0
    assert " 0 indicator values added" in second.output
    assert " 0 indicator values added" not in first.output


def test_help_explains_commands() -> None:
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    for verb in ("audit", "hunt", "demo", "lab", "intel"):
        assert verb in res.output


def test_audit_with_baseline_reports_drift(tmp_path: Path) -> None:
    fixtures = Path(__file__).parents[1] / "audit" / "fixtures" / "drift"
    golden = next(p for p in fixtures.rglob("*") if p.is_dir() and p.name == "golden")
    running = next(p for p in fixtures.rglob("*") if p.is_dir() and p.name == "running")
    out = tmp_path / "d.json"
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "audit", str(running), "--baseline", str(golden),
                              "-f", "json", "-o", str(out), "--fail-on", "critical"])
    assert res.exit_code in (0, 1), res.output
    data = json.loads(out.read_text())
    assert any(f["rule_id"].startswith("CW-DRIFT") for f in data["findings"])
    assert data["summary"]["devices_compared"] >= 1
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "audit", str(running), "--baseline",
                              str(tmp_path / "missing")])
    assert res.exit_code == 2


def test_python_dash_m_runs_the_same_cli() -> None:
    import subprocess
    import sys

    res = subprocess.run([sys.executable, "-m", "carrierwatch", "--version"], capture_output=True, text=True,
                         timeout=120)
    assert res.returncode == 0 and res.stdout.startswith("carrierwatch "), res.stderr


def test_output_into_a_missing_folder_is_refused_before_the_run(tmp_path: Path, lab_dir: Path) -> None:
    """`-o /nonexistent/dir/x.json` used to create the folders; now it is a usage error and nothing is created."""
    missing = tmp_path / "nonexistent" / "dir"
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "hunt", str(lab_dir / "inventory.csv"),
                              "--format", "json", "-o", str(missing / "x.json")])
    assert res.exit_code == 2
    assert "does not exist" in res.output and "Traceback" not in res.output
    assert not missing.parent.exists()
    res = runner.invoke(app, ["-w", str(tmp_path / "ws"), "hunt", str(lab_dir / "inventory.csv"), "-o",
                              str(tmp_path)])
    assert res.exit_code == 2 and "is a folder" in res.output
