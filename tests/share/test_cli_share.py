"""The commands: collection-add, partners add/list/rotate/revoke, share export (+ --publish), bad input → exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carrierwatch.cli import app

DATA = Path(__file__).parent / "data"


@pytest.fixture
def ws(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CARRIERWATCH_HOME", str(tmp_path / "ws"))
    return tmp_path


def test_partner_lifecycle_and_export(ws: Path) -> None:
    run = CliRunner().invoke
    assert run(app, ["share", "collection-add", "c1", "--trust-group", "isac"]).exit_code == 0
    r = run(app, ["partners", "add", "bob", "--read", "c1", "--tlp", "amber"])
    assert r.exit_code == 0 and "token:" in r.output
    password = r.output.split("password:")[1].split()[0]
    listing = run(app, ["partners", "list"]).output
    assert "bob" in listing and password not in listing
    assert run(app, ["partners", "add", "bob"]).exit_code == 2  # exists
    assert run(app, ["partners", "add", "eve", "--tlp", "purple"]).exit_code == 2
    assert run(app, ["partners", "rotate", "bob"]).exit_code == 0
    assert run(app, ["partners", "revoke", "bob"]).exit_code == 0
    assert "revoked" in run(app, ["partners", "list"]).output
    assert run(app, ["partners", "revoke", "nobody"]).exit_code == 2
    out = ws / "bundle.json"
    r = run(app, ["share", "export", "--findings", str(DATA / "findings-small.json"), "-o", str(out),
                  "--publish", "c1"])
    assert r.exit_code == 0, r.output
    bundle = json.loads(out.read_text())
    n = len(bundle["objects"])
    assert bundle["type"] == "bundle" and f"published to c1: {n} stored, 0 failed" in r.output.replace("\n", " ")


def test_export_bad_input_exit_2(ws: Path) -> None:
    bad = ws / "bad.json"
    bad.write_text("{not json")
    r = CliRunner().invoke(app, ["share", "export", "--findings", str(bad), "-o", str(ws / "b.json")])
    assert r.exit_code == 2 and "Traceback" not in r.output
