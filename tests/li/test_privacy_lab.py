"""Privacy by construction (property test over generated registers and trails) and the lab across 5 seeds."""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carrierwatch.app.runs import hunt_workspace as hunt
from carrierwatch.lab import generate_lab
from carrierwatch.lab.scoring import score
from carrierwatch.li.privacy import KEY_NAME, load_or_create_key
from carrierwatch.report.render import render
from carrierwatch.workspace import open_workspace

TOML = '[allowlists]\nli_mediation = ["10.255.9.90"]\n'
e164s = st.integers(10**9, 10**10 - 1).map(lambda n: f"+1{n}")
imsis = st.integers(10**13, 10**14 - 1).map(lambda n: f"0{n}")


def _trail(targets: list[tuple[str, str]]) -> str:
    out = ['<?xml version="1.0"?>', '<x1Log>']
    for i, (kind, value) in enumerate(targets):
        out.append(f'<entry peer="{"10.255.0.30" if i % 2 else "10.255.9.90"}">'
                   '<X1Request xmlns="http://uri.etsi.org/03221/X1/2017/10" '
                   'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
                   f'<x1RequestMessage xsi:type="ActivateTaskRequest"><admfIdentifier>a</admfIdentifier>'
                   f'<neIdentifier>pe1</neIdentifier><messageTimestamp>2026-11-16T0{i % 10}:00:00Z</messageTimestamp>'
                   f'<taskDetails><xId>x{i}</xId><targetIdentifiers><targetIdentifier><{kind}>{value}</{kind}>'
                   '</targetIdentifier></targetIdentifiers><listOfDIDs><dId>d-evil</dId></listOfDIDs></taskDetails>'
                   '</x1RequestMessage></X1Request></entry>')
    out.append("</x1Log>")
    return "\n".join(out)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(targets=st.lists(st.one_of(e164s.map(lambda v: ("e164Number", v)), imsis.map(lambda v: ("imsi", v))),
                       min_size=1, max_size=6, unique=True))
def test_no_plaintext_target_in_any_output(tmp_path_factory: pytest.TempPathFactory,
                                           targets: list[tuple[str, str]], caplog: pytest.LogCaptureFixture) -> None:
    d = tmp_path_factory.mktemp("li")
    (d / "ev").mkdir()
    (d / "ev" / "x1.xml").write_text(_trail(targets))
    kind_reg = {"e164Number": "e164", "imsi": "imsi"}
    rows = [f"W-{i},{kind_reg[k]}:{v},10.255.9.90,2026-11-15T00:00:00Z,2026-11-16T03:00:00Z,court"
            for i, (k, v) in enumerate(targets) if i % 3 == 0]
    (d / "ev" / "warrants.csv").write_text("warrant_id,targets,destinations,valid_from,valid_to,authority\n"
                                           + "\n".join(rows) + "\n")
    (d / "ws").mkdir()
    (d / "ws" / "carrierwatch.toml").write_text(TOML)
    caplog.set_level(logging.DEBUG)
    result, extras = hunt([d / "ev"], open_workspace(d / "ws"))
    assert any(f.rule_id.startswith("CW-LI-") for f in result.findings)
    outputs = [result.to_json(), caplog.text]
    for fmt in ("json", "csv", "html", "table"):
        out = d / f"out.{fmt}"
        render(result, fmt, out, extra=extras)  # type: ignore[arg-type]
        outputs.append(out.read_text() if out.exists() else "")
    # STIX export: LI findings are withheld by the exporter; export them as behaviour findings too, so that the
    # tokens-only guarantee holds even if a policy ever shares them.
    from dataclasses import replace

    from carrierwatch.findings import Category
    from carrierwatch.share.export import export_bundle

    shared = [replace(f, category=Category.BEHAVIOR) for f in result.findings]
    outputs += [json.dumps(export_bundle(result.findings).bundle), json.dumps(export_bundle(shared).bundle)]
    blob = "\n".join(outputs)
    assert "tgt-" in blob  # the findings (with their target tokens) really are in the outputs checked
    for _, value in targets:
        assert value not in blob and value.lstrip("+") not in blob


def test_key_is_owner_only(tmp_path: Path) -> None:
    key = load_or_create_key(tmp_path)
    assert stat.S_IMODE((tmp_path / KEY_NAME).stat().st_mode) == 0o600
    os.chmod(tmp_path / KEY_NAME, 0o644)
    assert load_or_create_key(tmp_path) == key
    assert stat.S_IMODE((tmp_path / KEY_NAME).stat().st_mode) == 0o600


def _li_run(tmp: Path, scenario: str, seed: int) -> tuple[dict, list]:
    lab = tmp / f"{scenario}-{seed}"
    generate_lab(lab, devices=6, days=2, seed=seed, scenario=scenario, flows_per_device_per_hour=0)
    ws = tmp / f"ws-{scenario}-{seed}"
    ws.mkdir()
    shutil.copy(lab / "carrierwatch.toml", ws / "carrierwatch.toml")
    result, _ = hunt([lab / "li"], open_workspace(ws))
    findings = [f.to_dict() for f in result.findings]
    return score(findings, json.loads((lab / "truth.json").read_text())), findings


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_lab_li_actions_detected_and_clean_is_quiet(tmp_path: Path, seed: int) -> None:
    scored, _ = _li_run(tmp_path, "salt-typhoon", seed)
    li = [a for a in scored["actions"] if a["id"].startswith("li-")]
    assert {a["id"] for a in li} == {"li-task-enumeration", "li-rogue-destination"}
    assert all(a["detected"] for a in li), li
    _, clean = _li_run(tmp_path, "clean", seed)
    assert not [f for f in clean if f["category"] == "lawful-intercept" and f["severity"] == "critical"]
    assert not [f for f in clean if f["category"] == "lawful-intercept"]  # ordinary churn raises nothing
