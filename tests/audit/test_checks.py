"""A failing (positive) and a passing (negative) config snippet for every check, plus the hardened
IOS XE config that must fail nothing above ``low``. Snippets are written for these tests."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from carrierwatch.audit import audit_configs
from carrierwatch.audit.framework import AuditContext
from carrierwatch.catalogue import CHECK_REGISTRY as REGISTRY
from carrierwatch.catalogue import config_checks as all_checks
from carrierwatch.configs import parse_config
from carrierwatch.findings import AuditStatus, Severity
from carrierwatch.workspace import Allowlists

HERE = Path(__file__).parent
HARDENED = (HERE / "fixtures" / "hardened-iosxe.cfg").read_text()


def allow() -> Allowlists:
    n = ipaddress.ip_network
    return Allowlists(
        management_subnets=[n("10.255.0.0/16")],
        aaa_servers=[n("10.255.1.10"), n("10.255.1.11")],
        nms=[n("10.255.2.20")],
        tunnel_peers=[n("198.51.100.1")],
    )


def cfg(body: str) -> str:
    return "version 17.9\nhostname t\n" + body.strip() + "\n"


# check id -> (failing snippet, passing snippet)
CASES: dict[str, tuple[str, str]] = {
    "CW-IOS-VTY-TRANSPORT": (
        "line vty 0 4\n transport input telnet ssh",
        "line vty 0 4\n transport input ssh",
    ),
    "CW-IOS-LINE-TRANSPORT-OUTPUT": (
        "line vty 0 4\n transport output ssh",
        "line con 0\n transport output none\nline vty 0 4\n transport output none",
    ),
    "CW-IOS-VTY-ACL": (
        "line vty 0 4\n transport input ssh",
        "access-list 20 permit 10.255.0.0 0.0.255.255\nline vty 0 4\n access-class 20 in",
    ),
    "CW-IOS-EXEC-TIMEOUT": ("line vty 0 4\n exec-timeout 0 0", "line vty 0 4\n exec-timeout 10 0"),
    "CW-IOS-PASSWORD-TYPE": (
        "username admin privilege 15 password 7 0822455D0A16",
        "username admin privilege 15 secret 8 $8$abcdefghijklmn$0123456789abcdef",
    ),
    "CW-IOS-AAA-KEY-TYPE": (
        "tacacs-server host 10.255.1.10 key 7 0822455D0A16",
        "tacacs server T\n address ipv4 10.255.1.10\n key 6 AAAAAAAAAAA",
    ),
    "CW-IOS-AAA-ACCOUNTING": (
        "aaa new-model\naaa accounting exec default start-stop group tacacs+",
        "aaa new-model\naaa accounting commands 15 default start-stop group tacacs+",
    ),
    "CW-IOS-HTTP-SERVER": ("ip http server", "no ip http server\nno ip http secure-server"),
    "CW-IOS-SMART-INSTALL": ("interface GigabitEthernet1/0/1\n switchport mode access", "no vstack"),
    "CW-IOS-GUESTSHELL": (
        "iox\napp-hosting appid guestshell\n app-vnic management guest-interface 0",
        "no iox",
    ),
    "CW-IOS-SNMP-COMMUNITY": ("snmp-server community s3cr3tcomm RW", "snmp-server group G v3 priv"),
    "CW-IOS-SNMP-V3-PRIV": (
        "snmp-server group G v3 auth\nsnmp-server user u G v3 auth md5 pw1",
        "snmp-server group G v3 priv\nsnmp-server user u G v3 auth sha pw1 priv aes 256 pw2",
    ),
    "CW-IOS-SSH-V2": ("ip ssh version 1", "ip ssh version 2"),
    "CW-IOS-SOURCE-ROUTE": ("ip source-route", "no ip source-route"),
    "CW-IOS-NTP-AUTH": (
        "ntp server 10.255.4.40",
        "ntp authentication-key 1 md5 k 7\nntp authenticate\nntp trusted-key 1\nntp server 10.255.4.40 key 1",
    ),
    "CW-IOS-LOGGING": ("logging trap warnings", "logging host 10.255.3.30\nlogging trap informational"),
    "CW-IOS-CDP": ("cdp run", "no cdp run"),
    "CW-HUNT-AAA-SERVER": (
        "tacacs server EVIL\n address ipv4 203.0.113.66\n key 6 X",
        "tacacs server OK\n address ipv4 10.255.1.10\n key 6 X",
    ),
    "CW-HUNT-TUNNEL-PEER": (
        "interface Tunnel9\n tunnel source Loopback0\n tunnel destination 203.0.113.9\n tunnel mode gre ip",
        "interface Tunnel1\n tunnel source Loopback0\n tunnel destination 198.51.100.1",
    ),
    "CW-HUNT-MGMT-PORT": ("ip ssh port 20022 rotary 1\nip http secure-port 18443", "ip ssh version 2"),
    "CW-HUNT-MGMT-ACL": (
        "access-list 20 permit 10.255.0.0 0.0.255.255\naccess-list 20 permit host 203.0.113.5\n"
        "line vty 0 4\n access-class 20 in",
        "access-list 20 permit 10.255.0.0 0.0.255.255\naccess-list 20 deny any log\n"
        "line vty 0 4\n access-class 20 in",
    ),
}


def run_one(check_id: str, text: str) -> AuditStatus:
    dev = parse_config(cfg(text), path="snippet.cfg")
    return REGISTRY[check_id]().run(dev, AuditContext(allowlists=allow())).status


def test_every_check_has_cases() -> None:
    from test_platform_checks import PLATFORM_CASES

    # li/config_checks.py belongs to the lawful-intercept work and carries its own fixture pairs
    mine = {cid for cid, cls in REGISTRY.items() if not cls.__module__.endswith("li.config_checks")}
    assert set(CASES) | set(PLATFORM_CASES) == mine
    assert len(mine) >= 35


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_positive_fails(check_id: str) -> None:
    assert run_one(check_id, CASES[check_id][0]) is AuditStatus.FAIL


@pytest.mark.parametrize("check_id", sorted(CASES))
def test_negative_passes(check_id: str) -> None:
    assert run_one(check_id, CASES[check_id][1]) in (AuditStatus.PASS, AuditStatus.NOT_APPLICABLE)


def test_hardened_config_fails_nothing_above_low() -> None:
    dev = parse_config(HARDENED, path="hardened-iosxe.cfg")
    report = audit_configs([dev], allow())
    bad = [
        (c.id, r.message)
        for c, r in report.devices[0].results
        if r.status in (AuditStatus.FAIL, AuditStatus.ERROR) and c.severity.rank > Severity.LOW.rank
    ]
    assert bad == []
    assert report.score() == 100.0


def test_failed_parse_is_error_not_fail_and_other_platform_not_applicable() -> None:
    # ASA parses since issue 20; an F5 BIG-IP config is still an unsupported dialect
    broken = parse_config("#TMSH-VERSION: 15.1.0\nltm pool web {\n}\n", path="fw.cfg")
    assert broken.parse_status == "failed"
    junos = parse_config("set system host-name j1\n", path="j1.set")
    for chk in all_checks():
        assert chk.run(broken, AuditContext()).status is AuditStatus.ERROR
    assert REGISTRY["CW-IOS-SSH-V2"]().run(junos, AuditContext()).status is AuditStatus.NOT_APPLICABLE


def test_smart_install_unknown_platform_is_manual() -> None:
    assert run_one("CW-IOS-SMART-INSTALL", "interface Loopback0") is AuditStatus.MANUAL


def test_hunts_are_manual_without_allowlists() -> None:
    dev = parse_config(cfg(CASES["CW-HUNT-AAA-SERVER"][0]), path="x")
    assert REGISTRY["CW-HUNT-AAA-SERVER"]().run(dev, AuditContext()).status is AuditStatus.MANUAL


def test_findings_have_masked_evidence_and_references() -> None:
    text = cfg(
        "username admin privilege 15 password 7 0822455D0A16\nsnmp-server community s3cr3tcomm RW\n"
        "tacacs-server host 10.255.1.10 key 7 0822455D0A16"
    )
    report = audit_configs([parse_config(text, path="r1.cfg")], allow())
    findings = report.to_findings()
    by_rule = {f.rule_id: f for f in findings}
    assert {"CW-IOS-PASSWORD-TYPE", "CW-IOS-SNMP-COMMUNITY", "CW-IOS-AAA-KEY-TYPE"} <= set(by_rule)
    dumped = str([f.to_dict() for f in findings])
    assert "0822455D0A16" not in dumped and "s3cr3tcomm" not in dumped
    f = by_rule["CW-IOS-SNMP-COMMUNITY"]
    assert f.evidence[0].text == "snmp-server community <masked> RW"
    assert f.evidence[0].line == 4 and f.references == ["EVH-H10", "EVH-H19"]
    assert f.status is AuditStatus.FAIL and f.device == "t" and f.remediation


def test_unparseable_file_gives_error_finding() -> None:
    report = audit_configs([parse_config("net del all\n", path="cumulus.txt")], allow())
    (f,) = report.to_findings()
    assert f.status is AuditStatus.ERROR and f.severity is Severity.INFO and f.rule_id == "CW-PARSE-ERROR"


def test_score_weights_by_severity() -> None:
    report = audit_configs([parse_config(cfg("ip http server"), path="a")], allow())
    s = report.score()
    assert s is not None and 0 < s < 100
