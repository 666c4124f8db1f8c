"""The rule catalogue: ids unique across families, observation titles with no placeholder left, remediation filled
with what the finding knows, and every workspace tunable honoured by every rule implementing the same idea."""

from __future__ import annotations

import ipaddress
import re
from collections import defaultdict
from dataclasses import fields

import pytest

from carrierwatch.catalogue import CHECK_REGISTRY, FAMILIES, all_rules, unique
from carrierwatch.configs import parse_config
from carrierwatch.findings import Category, Evidence, Finding, RuleMeta, Severity, fill_placeholders
from carrierwatch.workspace import Allowlists, HuntSettings

RULES = all_rules()
UNFILLED = re.compile(r"<[^<>\n]*>|\{[^{}\n]*\}")


def test_every_family_is_in_the_catalogue() -> None:
    assert {r.family for r in RULES} == set(FAMILIES)
    ids = {r.id for r in RULES}
    assert {"CW-IOC-IP", "CW-IOC-SUPPRESSED", "CW-LI-ENUM", "CW-DRIFT-AAA-SERVERS", "CW-CVE-2018-0171",
            "CW-ANALYTIC-BEACON", "CW-HUNT-NONSTD-MGMT-PORT", "CW-IOS-SMART-INSTALL"} <= ids


def test_ids_are_unique_across_families() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))


def test_a_duplicate_id_raises() -> None:
    a = RuleMeta("CW-X", "thing seen", Severity.LOW, Category.AUDIT, family="audit-check")
    b = RuleMeta("CW-X", "other thing seen", Severity.LOW, Category.IOC, family="ioc")
    with pytest.raises(ValueError, match="audit-check and ioc"):
        unique([a, b])


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_titles_have_no_placeholder(rule: RuleMeta) -> None:
    assert rule.title and not UNFILLED.search(rule.title), rule.title
    if rule.title_key:
        assert rule.title_key.count("{key}") == 1, rule.title_key
        filled = rule.title_for("198.51.100.23")
        assert "198.51.100.23" in filled and not UNFILLED.search(filled), filled
    assert rule.title_for(None) == rule.title == rule.title_for("")


def test_check_titles_are_observations_not_requirements() -> None:
    for cls in CHECK_REGISTRY.values():
        assert cls.requirement and cls.title != cls.requirement, cls.id
    assert CHECK_REGISTRY["CW-IOS-SMART-INSTALL"].title == "Smart Install client enabled (vstack)"


def test_from_rule_fills_remediation_and_keeps_line_breaks() -> None:
    meta = RuleMeta("CW-T", "Server not allowed", Severity.HIGH, Category.AUDIT, title_key="Server {key} not allowed",
                    remediation="no tacacs-server host <address>\n! then check <who>\ncommit", key_name="address")
    f = Finding.from_rule(meta, device="r1", key="198.51.100.23", evidence=[Evidence("r1.cfg", 3, "x")])
    assert f.title == "Server 198.51.100.23 not allowed"
    assert f.remediation == "no tacacs-server host 198.51.100.23\n! then check <who>\ncommit"
    many = Finding.from_rule(meta, values={"address": ["192.0.2.1", "192.0.2.2"], "who": "AAA accounting"})
    assert many.title == "Server not allowed"
    assert many.remediation.splitlines() == ["no tacacs-server host 192.0.2.1", "no tacacs-server host 192.0.2.2",
                                             "! then check AAA accounting", "commit"]
    assert fill_placeholders("a <x>\nb", {}) == "a <x>\nb"


def test_audit_finding_names_the_server_from_the_config() -> None:
    from carrierwatch.audit.runner import audit_configs

    dev = parse_config("hostname r1\ntacacs server EVIL\n address ipv4 198.51.100.23\n key 6 X\n", path="r1.cfg")
    allow = Allowlists(aaa_servers=[ipaddress.ip_network("10.255.1.10")])
    report = audit_configs([dev], allow, [CHECK_REGISTRY["CW-HUNT-AAA-SERVER"]()], cves=False)
    (f,) = report.to_findings()
    assert f.title == "TACACS+ server 198.51.100.23 not on the aaa_servers allow-list"
    assert f.remediation.splitlines()[0] == "no tacacs server EVIL"
    assert "<" not in f.remediation


def test_rules_sharing_a_concept_read_the_same_tunables() -> None:
    by_concept: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for r in RULES:
        for c in r.concepts:
            by_concept[c][r.id] = tuple(sorted(r.tunables))
    assert "nonstandard-mgmt-port" in by_concept
    for concept, rules in by_concept.items():
        assert len(rules) >= 2, f"{concept}: only {rules}"
        assert len(set(rules.values())) == 1, f"{concept}: rules read different tunables: {rules}"
    known = {f.name for f in fields(HuntSettings)} | {f.name for f in fields(Allowlists)}
    for r in RULES:
        assert set(r.tunables) <= known, (r.id, r.tunables)


def test_no_sql_rule_hard_codes_a_port_pattern() -> None:
    """Built with custom patterns, no rule's SQL still holds the default patterns: they come from the settings."""
    from carrierwatch.detect.runner import sql_rules

    default = HuntSettings()
    custom = HuntSettings(nonstandard_ssh_regex=r"^(2020)$", nonstandard_http_regex=r"^(8081)$")
    for rule in sql_rules(custom):
        for pattern in (default.nonstandard_ssh_regex, default.nonstandard_http_regex):
            assert pattern.strip("^$") not in rule.sql, rule.rule_id
