"""The shipped pack: every vendored SigmaHQ rule and every telecom rule compiles, every sample matches."""

from __future__ import annotations

from pathlib import Path

import pytest

from carrierwatch.detect.sigma.compile import builtin_rule_dirs, load_pack
from carrierwatch.detect.sigma.regression import cases, run_case

PACK = load_pack()
BY_ID = {r.detection.rule_id: r for r in PACK.rules}
CASES = cases(PACK, builtin_rule_dirs())


def test_all_rules_compile_none_rejected() -> None:
    sigmahq = [r for r in PACK.rules if "/sigmahq/" in r.path]
    assert PACK.rejected == []
    assert len(sigmahq) == 55  # 53 rules/network + CVE-2023-20198 + threat-hunting eTLD (SigmaHQ@8eaafff)


def test_every_telecom_rule_has_positive_and_negative_sample() -> None:
    telecom = {r.detection.rule_id for r in PACK.rules if "/telecom/" in r.path}
    assert len(telecom) >= 15
    for rid in telecom:
        kinds = {c.sample.stem for c in CASES if c.rule_id == rid}
        assert kinds == {"positive", "negative"}, rid


def test_telecom_rules_cite_attack_and_a_reference() -> None:
    for r in PACK.rules:
        if "/telecom/" in r.path:
            assert r.detection.attack and r.detection.references, r.detection.rule_id


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule_id}:{c.sample.name}")
def test_regression_sample(case) -> None:  # type: ignore[no-untyped-def]
    out = run_case(case, BY_ID[case.rule_id])
    assert out.error == ""
    assert out.got == case.expected


def test_sigmahq_sample_is_the_dot1x_rule() -> None:
    [c] = [c for c in CASES if c.sample.suffix == ".raw"]
    assert BY_ID[c.rule_id].rule.title == "Cisco Dot1x Disabled"
    assert Path(c.sample).read_text().count("\n") == 1


def test_every_rule_the_hunt_runs_names_a_technique() -> None:
    from carrierwatch.detect.sigma.runtime import HUNT_TABLES, hunt_pack

    pack, excluded = hunt_pack()
    assert len(excluded) == 8
    hunted = [r for r in pack.rules if r.table in HUNT_TABLES or r.correlation_tables]
    assert [r.detection.rule_id for r in hunted if not r.detection.attack] == []
    assert [r.detection.rule_id for r in hunted
            if not any(x.startswith(("HUNT-", "EVH-", "CVE-")) for x in r.detection.references)] == []
