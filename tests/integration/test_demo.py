"""End to end on the lab network: the demo's files, recall, the clean run, and evidence that really exists."""

from __future__ import annotations

import json
from pathlib import Path

from carrierwatch.configs.mask import mask_secrets
from carrierwatch.demo import DemoSummary
from carrierwatch.findings import Category


def test_demo_writes_the_three_files(demo_run: DemoSummary) -> None:
    for name in ("findings.json", "report.html", "score.json"):
        assert (demo_run.out / name).stat().st_size > 0
    data = json.loads((demo_run.out / "findings.json").read_text())
    assert set(data) == {"summary", "inputs", "findings"}
    required = {"id", "rule_id", "title", "severity", "category", "device", "first_seen", "last_seen", "attack",
                "evidence", "references", "remediation"}
    assert data["findings"] and all(required <= set(f) for f in data["findings"])
    assert all({"path", "kind", "records", "accepted", "rejected", "reasons"} <= set(i) for i in data["inputs"])


def test_every_input_record_is_accounted_for(demo_run: DemoSummary) -> None:
    for acc in demo_run.result.inputs:
        assert acc.records == acc.accepted + acc.rejected, acc
    kinds = {a.kind for a in demo_run.result.inputs}
    assert {"config", "syslog", "tacacs", "nfdump-csv", "zeek-conn", "inventory"} <= kinds


def test_every_planted_action_is_detected(demo_run: DemoSummary) -> None:
    missed = [a["id"] for a in demo_run.score["actions"] if not a["detected"]]
    assert not missed, missed
    assert demo_run.score["planted"] >= 10


def test_clean_lab_has_no_hunting_finding_above_low(demo_run: DemoSummary) -> None:
    assert demo_run.clean is not None
    assert demo_run.clean["hunting_findings_above_low"] == 0, demo_run.clean["above_low"]


def test_every_evidence_line_exists_in_its_input(demo_run: DemoSummary) -> None:
    cache: dict[str, list[str]] = {}
    checked = 0
    for f in demo_run.result.findings:
        for ev in f.evidence:
            if ev.line is None:
                assert f.category in (Category.AUDIT, Category.VULNERABILITY)  # absent config line / show-version facts
                continue
            lines = cache.setdefault(ev.source, Path(ev.source).read_text(encoding="utf-8").splitlines())
            assert 1 <= ev.line <= len(lines), (f.rule_id, ev)
            if f.category is Category.LAWFUL_INTERCEPT:  # a tokenised rendering, never the line (it may hold a target)
                assert ev.text.split()[0] in lines[ev.line - 1], (f.rule_id, ev)
                continue
            assert ev.text.strip() == mask_secrets(lines[ev.line - 1]).strip(), (f.rule_id, ev)
            checked += 1
    assert checked > 50


def test_findings_name_techniques_and_references(demo_run: DemoSummary) -> None:
    hunting = [f for f in demo_run.result.findings if f.category is not Category.AUDIT]
    assert all(f.attack for f in hunting if f.category is Category.BEHAVIOR)
    assert all(any(r.startswith(("HUNT-", "EVH-", "CVE-", "LI-")) for r in f.references) for f in hunting)
    ioc = [f for f in hunting if f.category is Category.IOC]
    assert ioc and all(f.extra["feeds"] for f in ioc)
    assert all(any(r.startswith("indicator--") for r in f.references) for f in ioc)


def test_findings_are_kept_in_the_workspace_state(demo_run: DemoSummary) -> None:
    from carrierwatch import statedb

    db = statedb.connect(f"sqlite:///{demo_run.out / 'workspace' / 'state.db'}")
    stored = {f.id for f in statedb.load_findings(db)}
    assert {f.id for f in demo_run.result.findings} <= stored
