"""Issue 17 item 3: device role from evidence, unsupported look-alike platforms, unknown-order versions.
Configs written for these tests."""

from __future__ import annotations

import pytest

from carrierwatch.audit import audit_configs
from carrierwatch.configs import parse_config
from carrierwatch.workspace import Allowlists

ROUTER = ("version 15.2\nhostname r1\nspanning-tree extend system-id\ninterface GigabitEthernet0/0\n no switchport\n"
          " ip address 10.0.0.1 255.255.255.0\n")


def cves(text: str, versions: dict | None = None) -> dict[str, str]:
    rep = audit_configs([parse_config(text, path="c.cfg")], Allowlists(), versions=versions)
    return {e.row.cve: e.exposure for e in rep.vulns}


def test_router_with_no_switchport_and_spanning_tree_gets_no_smart_install_cve() -> None:
    dev = parse_config(ROUTER, path="r.cfg")
    assert dev.role is None and not dev.is_switch
    assert "CVE-2018-0171" not in cves(ROUTER)


def test_switch_pid_decides_and_is_named_in_the_reason() -> None:
    text = "version 15.2\nhostname s1\nlicense udi pid WS-C2960X-48FPD-L sn FOC0000X000\n"
    rep = audit_configs([parse_config(text, path="s.cfg")], Allowlists())
    (e,) = [x for x in rep.vulns if x.row.cve == "CVE-2018-0171"]
    assert e.exposure == "exposed" and "WS-C2960X-48FPD-L" in e.reason


def test_show_version_router_model_beats_a_config_hint() -> None:
    text = "version 15.2\nhostname r2\ninterface GigabitEthernet0/1\n switchport mode access\n"
    assert cves(text).get("CVE-2018-0171") == "exposed"
    assert "CVE-2018-0171" not in cves(text, {"r2": {"version": "15.2(4)M7", "model": "ISR4451-X/K9"}})


@pytest.mark.parametrize(("text", "looks_like"), [
    ("#version 8.4(1)\nset system name cat1\nset snmp community read-only s3cretcomm\n", "CatOS"),
    ("#\n sysname core1\n#\nsnmp-agent community read s3cretcomm\ninterface GigabitEthernet1/0/1\n", "Comware"),
    ("hostname a10\nslb server web1 10.0.0.5\ninterface ethernet 1\n", "A10"),
    ("virtual vs_web {\n   destination 10.0.0.1:80\n}\npool p1 {\n}\n", "F5"),
    ("set interfaces ethernet eth0 address 10.0.0.1/24\nset service ssh port 22\n", "VyOS"),
    ("auto swp1\niface swp1\n", "Cumulus"),
])
def test_unsupported_platforms_are_never_parsed_as_another_vendor(text: str, looks_like: str) -> None:
    dev = parse_config(text, path="x.cfg")
    assert dev.parse_status == "failed" and dev.os == "unknown"
    assert dev.parse_reason and dev.parse_reason.startswith("unsupported platform: ") and looks_like in dev.parse_reason
    rep = audit_configs([dev], Allowlists())
    found = rep.to_findings()
    assert [f.rule_id for f in found] == ["CW-PARSE-ERROR"] and "s3cretcomm" not in str([f.to_dict() for f in found])


def test_special_build_in_show_version_keeps_the_config_finding_and_marks_unknown_order() -> None:
    text = "version 17.3\nhostname r3\nip http server\n"
    assert cves(text)["CVE-2023-20198"] == "exposed"
    rep = audit_configs([parse_config(text, path="r3.cfg")], Allowlists(),
                        versions={"r3": {"version": "V169_5_SR689355441_2"}})
    (e,) = [x for x in rep.vulns if x.row.cve == "CVE-2023-20198"]
    assert e.exposure == "exposed" and e.version_order == "unknown-order" and "V169_5_SR689355441_2" in e.version_source
    (f,) = [f for f in rep.to_findings() if f.rule_id == "CW-CVE-2023-20198"]
    assert f.extra["version_order"] == "unknown-order"


def test_nested_bgp_neighbors_and_inherited_passwords() -> None:
    nx = ("hostname n1\nfeature bgp\nrouter bgp 65000\n  template peer T\n    password 3 abcdef\n"
          "  neighbor 192.0.2.1\n    inherit peer T\n    remote-as 65001\n  neighbor 192.0.2.2\n    remote-as 65002\n")
    dev = parse_config(nx, path="n.cfg")
    got = {n.address: n.password_type for n in dev.bgp_neighbors}
    assert got == {"192.0.2.1": "3", "192.0.2.2": None}
    ios = ("version 15.2\nhostname r\nrouter bgp 65000\n neighbor PG peer-group\n neighbor PG password 7 0822455D0A16\n"
           " neighbor 192.0.2.9 peer-group PG\n")
    assert {n.address: n.password_type for n in parse_config(ios, path="r.cfg").bgp_neighbors} == {"192.0.2.9": "7"}
