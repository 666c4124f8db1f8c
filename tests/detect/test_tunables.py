"""Behaviour: a custom ``nonstandard_ssh_regex`` is followed by the audit check and both SQL port rules alike."""

from __future__ import annotations

from carrierwatch.audit.framework import AuditContext
from carrierwatch.catalogue import CHECK_REGISTRY
from carrierwatch.configs import parse_config
from carrierwatch.detect.runner import Assets, register_inputs, run_detections, sql_rules
from carrierwatch.engine.duck import DuckEngine
from carrierwatch.findings import AuditStatus
from carrierwatch.workspace import Allowlists, HuntSettings

from .builders import cmds

DEV = "10.0.1.1"
CUSTOM = HuntSettings(nonstandard_ssh_regex=r"^(2020)$")


def _sql_fired(command: str, hunt: HuntSettings) -> bool:
    eng = DuckEngine()
    register_inputs(eng, {}, {"aaa": cmds(DEV, "x", command)})
    assets = Assets()
    assets.add("pe1", ips=[DEV])
    try:
        rules = [r for r in sql_rules(hunt) if r.rule_id == "CW-HUNT-NONSTD-MGMT-PORT"]
        found = run_detections(eng, allow=Allowlists(), assets=assets, indicators=[], rules=rules)
    finally:
        eng.close()
    return any(f.rule_id == "CW-HUNT-NONSTD-MGMT-PORT" for f in found)


def _audit_failed(port: int, hunt: HuntSettings) -> bool:
    dev = parse_config(f"hostname r1\nip ssh port {port} rotary 1\n", path="r1.cfg")
    return CHECK_REGISTRY["CW-HUNT-MGMT-PORT"]().run(dev, AuditContext(hunt=hunt)).status is AuditStatus.FAIL


def test_default_pattern_flags_22122_in_both() -> None:
    assert _audit_failed(22122, HuntSettings()) and _sql_fired("ip ssh port 22122 rotary 1", HuntSettings())
    assert not _audit_failed(2020, HuntSettings()) and not _sql_fired("ip ssh port 2020 rotary 1", HuntSettings())


def test_custom_pattern_is_followed_by_both() -> None:
    assert _audit_failed(2020, CUSTOM) and _sql_fired("ip ssh port 2020 rotary 1", CUSTOM)
    assert not _audit_failed(22122, CUSTOM) and not _sql_fired("ip ssh port 22122 rotary 1", CUSTOM)


def test_flow_rule_is_built_from_the_same_setting() -> None:
    (flow,) = [r for r in sql_rules(CUSTOM) if r.rule_id == "CW-HUNT-NONSTD-PORT-TRAFFIC"]
    assert "2020" in flow.sql and "22[0-9]22" not in flow.sql
