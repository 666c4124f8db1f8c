"""Issue #3: "tried as a new user would, the remediation text for each failure is a command that works".

For every registered check and every platform of its ``remediation`` dict that the check covers: take a
config on which the check FAILS, paste the remediation text into configuration mode (``config_mode``, an
emulator of the rules IOS/IOS XE, NX-OS, IOS XR, EOS and Junos ``set``/``delete`` apply; not a device),
re-parse, re-audit: the check must PASS and no other check may FAIL that did not fail before.

Failing configs reuse ``test_checks.CASES`` / ``test_platform_checks.PLATFORM_CASES`` and the LI fixtures;
the platforms without one get a small config here, in that platform's real syntax. Placeholders get their
values per case. Every (check, platform) pair a check covers has a text of its own (IOS may use IOS XE's):
``Check.remediation_for`` never shows another platform's commands.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import NamedTuple

import pytest
from config_mode import CISCO_FAMILY, MissingValue, fill, session
from test_checks import CASES, cfg
from test_platform_checks import EOS, JUN, NX, PLATFORM_CASES, XE, XR

from carrierwatch.audit.framework import IOS_FAMILY, AuditContext, Check, CheckResult, passed
from carrierwatch.catalogue import CHECK_REGISTRY as REGISTRY
from carrierwatch.catalogue import config_checks as all_checks
from carrierwatch.configs import parse_config
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import AuditStatus, fill_placeholders
from carrierwatch.workspace import Allowlists

IOS15 = "version 15.2\nhostname r15\n"
# tests/li/test_checks.py: Cisco's LI example (noauth group on the TAP view) and a router ERSPAN session
LI_TAP_VIEW = ("snmp-server view tapV ciscoTap2MIB included\n"
               "snmp-server group tapGrp v3 noauth read tapV write tapV notify tapV\n")
LI_ERSPAN = ("monitor session 1 type erspan-source\n source interface Gi0/0\n destination\n  erspan-id 1\n"
             "  ip address 203.0.113.5\n")
ROUTER = XE + "interface GigabitEthernet0/0\n ip address 10.0.0.1 255.255.255.0\n"


def ctx() -> AuditContext:
    """The allow-lists of test_checks, test_platform_checks and the LI tests together."""
    n = ipaddress.ip_network
    return AuditContext(allowlists=Allowlists(
        management_subnets=[n("10.255.0.0/16")],
        aaa_servers=[n("10.255.1.10"), n("10.255.1.11")],
        nms=[n("10.255.2.20")],
        tunnel_peers=[n("198.51.100.1")],
        span_destinations=[n("10.255.9.0/24")],
        li_mediation=[n("10.255.9.90/32")],
    ))


@dataclass(frozen=True)
class Case:
    failing: str  # a whole config on which the check FAILS
    values: dict[str, str] = field(default_factory=dict)  # placeholder -> value
    gone: tuple[str, ...] = ()  # text that must not survive (where the parser would not show it)


def ios_snippet(check_id: str, **values: str) -> Case:
    return Case(cfg(CASES[check_id][0]), values)


def platform_case(check_id: str, **values: str) -> Case:
    return Case(PLATFORM_CASES[check_id][0], values)


PW = "Corr3ct-Horse-Battery"
CASES_BY_PAIR: dict[tuple[str, str], Case] = {
    ("CW-IOS-VTY-TRANSPORT", "ios-xe"): ios_snippet("CW-IOS-VTY-TRANSPORT"),
    ("CW-IOS-VTY-TRANSPORT", "ios"): Case(IOS15 + "line vty 0 4\n transport input telnet ssh\nline vty 5 15\n"
                                          " transport input telnet\n"),
    ("CW-IOS-LINE-TRANSPORT-OUTPUT", "ios-xe"): ios_snippet("CW-IOS-LINE-TRANSPORT-OUTPUT"),
    ("CW-IOS-VTY-ACL", "ios-xe"): ios_snippet("CW-IOS-VTY-ACL"),
    ("CW-IOS-EXEC-TIMEOUT", "ios-xe"): ios_snippet("CW-IOS-EXEC-TIMEOUT"),
    ("CW-IOS-PASSWORD-TYPE", "ios-xe"): Case(
        cfg(CASES["CW-IOS-PASSWORD-TYPE"][0] + "\nenable password 7 0822455D0A16"),
        {"name": "admin", "password": PW}),
    # the shared secret is typed in clear (`key 0`); with `password encryption aes` it is stored as type 6
    ("CW-IOS-AAA-KEY-TYPE", "ios-xe"): Case(
        cfg(CASES["CW-IOS-AAA-KEY-TYPE"][0]),
        {"master-key": "M4ster-Key-2026", "name": "AAA1", "ip": "10.255.1.10", "key": "Tacacs-Shared-S3cret"},
        gone=("key 7", "Tacacs-Shared-S3cret", "M4ster-Key-2026")),
    ("CW-IOS-AAA-ACCOUNTING", "ios-xe"): ios_snippet("CW-IOS-AAA-ACCOUNTING"),
    ("CW-IOS-HTTP-SERVER", "ios-xe"): ios_snippet("CW-IOS-HTTP-SERVER"),
    ("CW-IOS-SMART-INSTALL", "ios-xe"): ios_snippet("CW-IOS-SMART-INSTALL"),
    ("CW-IOS-SMART-INSTALL", "ios"): Case(IOS15 + "vstack\ninterface FastEthernet0/1\n switchport mode access\n"),
    ("CW-IOS-GUESTSHELL", "ios-xe"): ios_snippet("CW-IOS-GUESTSHELL"),
    ("CW-IOS-SNMP-COMMUNITY", "ios-xe"): ios_snippet(
        "CW-IOS-SNMP-COMMUNITY", community="s3cr3tcomm", group="NMS", acl="SNMP-NMS"),
    ("CW-IOS-SNMP-V3-PRIV", "ios-xe"): ios_snippet(
        "CW-IOS-SNMP-V3-PRIV", group="G", **{"weak-level": "auth"}, view="V", acl="SNMP-NMS", user="u", pw=PW),
    ("CW-IOS-SSH-V2", "ios-xe"): ios_snippet("CW-IOS-SSH-V2"),
    ("CW-IOS-SSH-V2", "ios-xr"): Case(PLATFORM_CASES["CW-XR-SSH-SERVER-V2"][0]),
    ("CW-IOS-SOURCE-ROUTE", "ios-xe"): ios_snippet("CW-IOS-SOURCE-ROUTE"),
    ("CW-IOS-SOURCE-ROUTE", "ios"): Case(IOS15 + "ip source-route\n"),
    ("CW-IOS-NTP-AUTH", "ios-xe"): ios_snippet("CW-IOS-NTP-AUTH", key="ntp-key-1", ip="10.255.4.40"),
    ("CW-IOS-LOGGING", "ios-xe"): ios_snippet("CW-IOS-LOGGING", collector="10.255.3.30"),
    ("CW-IOS-CDP", "ios-xe"): ios_snippet("CW-IOS-CDP"),
    ("CW-IOS-CDP", "ios"): Case(IOS15 + "cdp run\ninterface GigabitEthernet0/1\n ip address 10.0.0.1 255.255.255.0\n"),
    ("CW-HUNT-AAA-SERVER", "ios-xe"): ios_snippet("CW-HUNT-AAA-SERVER", server="tacacs server EVIL"),
    # with a physical interface: a config whose only interface is the tunnel passes CW-IOS-CDP (tunnels are
    # not counted) and fails it once the tunnel is gone, which is the CDP check's view, not the remediation's
    ("CW-HUNT-TUNNEL-PEER", "ios-xe"): Case(
        cfg("interface GigabitEthernet1\n ip address 10.0.0.1 255.255.255.0\n" + CASES["CW-HUNT-TUNNEL-PEER"][0]),
        {"interface": "Tunnel9"}),
    ("CW-HUNT-MGMT-PORT", "ios-xe"): ios_snippet(
        "CW-HUNT-MGMT-PORT", **{"ssh-port": "20022", "group": "1", "http-port": "18080"}),
    ("CW-HUNT-MGMT-ACL", "ios-xe"): ios_snippet(
        "CW-HUNT-MGMT-ACL", acl="20", **{"offending permit entry": "permit host 203.0.113.5"}),
    ("CW-LI-TAP-SNMP", "ios-xe"): Case(
        ROUTER + LI_TAP_VIEW,
        {"group": "tapGrp", "weak-level": "noauth", "tapview": "tapV", "mediation-device": "10.255.9.90"}),
    ("CW-LI-SHADOW-MIRROR", "ios-xe"): Case(ROUTER + LI_ERSPAN, {"n": "1", "name": "CAP1"}),
    # NX-OS ERSPAN on a router (no switching seen); the parser reads the session, not its `destination ip`
    # (the check reports a local mirror), and the remediation removes the whole session
    ("CW-LI-SHADOW-MIRROR", "nx-os"): Case(
        NX + "monitor session 1 type erspan-source\n  erspan-id 1\n  vrf default\n  destination ip 203.0.113.50\n"
        "  source interface ethernet1/1 both\n  no shut\n", {"n": "1"}),
    # config hunts on the other platforms, each in its real syntax
    ("CW-HUNT-AAA-SERVER", "nx-os"): Case(
        NX + "feature tacacs+\ntacacs-server host 203.0.113.66 key 7 \"fewhg\"\n",
        {"protocol": "tacacs", "address": "203.0.113.66"},
        gone=("203.0.113.66",)),
    ("CW-HUNT-AAA-SERVER", "ios-xr"): Case(
        XR + "tacacs-server host 203.0.113.66 port 49\n key 7 0822455D0A16\n!\nssh server v2\n",
        {"protocol": "tacacs", "address": "203.0.113.66"}, gone=("203.0.113.66",)),
    ("CW-HUNT-AAA-SERVER", "eos"): Case(
        EOS + "tacacs-server host 203.0.113.66 key 7 070E33455D1D18\n",
        {"protocol": "tacacs", "address": "203.0.113.66"},
        gone=("203.0.113.66",)),
    ("CW-HUNT-AAA-SERVER", "junos"): Case(
        JUN + "set system tacplus-server 203.0.113.66 secret \"$9$abcdefg\"\n",
        {"junos-server": "tacplus-server", "address": "203.0.113.66"},
        gone=("203.0.113.66",)),
    ("CW-HUNT-TUNNEL-PEER", "nx-os"): Case(
        NX + "feature tunnel\ninterface Tunnel9\n  ip address 172.16.9.1/30\n  tunnel source loopback0\n"
        "  tunnel destination 203.0.113.9\n", {"interface": "Tunnel9"}, gone=("203.0.113.9",)),
    ("CW-HUNT-TUNNEL-PEER", "ios-xr"): Case(
        XR + "interface tunnel-ip9\n ipv4 address 172.16.9.1 255.255.255.252\n tunnel source Loopback0\n"
        " tunnel destination 203.0.113.9\n!\nssh server v2\n", {"interface": "tunnel-ip9"}, gone=("203.0.113.9",)),
    ("CW-HUNT-TUNNEL-PEER", "eos"): Case(
        EOS + "interface Tunnel9\n   ip address 172.16.9.1/30\n   tunnel mode gre\n   tunnel source 10.0.0.1\n"
        "   tunnel destination 203.0.113.9\n", {"interface": "Tunnel9"}, gone=("203.0.113.9",)),
    ("CW-HUNT-TUNNEL-PEER", "junos"): Case(
        JUN + "set interfaces gr-0/0/0 unit 0 tunnel source 192.0.2.1\n"
        "set interfaces gr-0/0/0 unit 0 tunnel destination 203.0.113.9\n"
        "set interfaces gr-0/0/0 unit 0 family inet address 172.16.9.1/30\n",
        {"gr-interface": "gr-0/0/0", "unit": "0"}, gone=("203.0.113.9",)),
    # IOS XR accepts SSH server ports 5520-5529 only; 5522 matches the xxx22 hunt pattern
    ("CW-HUNT-MGMT-PORT", "ios-xr"): Case(XR + "ssh server v2\nssh server port 5522\n", {"ssh-port": "5522"}),
    ("CW-HUNT-MGMT-PORT", "eos"): Case(
        EOS + "management api http-commands\n   protocol http port 18080\n   protocol https port 18443\n"
        "   no shutdown\n", gone=("18443", "18080")),
    ("CW-HUNT-MGMT-PORT", "junos"): Case(
        JUN + "set system services ssh port 20022\nset system services web-management https port 18443\n"
        "set system services web-management https system-generated-certificate\n", gone=("20022", "18443")),
    ("CW-HUNT-MGMT-ACL", "nx-os"): Case(
        NX + "ip access-list MGMT-VTY\n  10 permit ip 10.255.0.0/16 any\n  20 permit ip 203.0.113.5/32 any\n"
        "line vty\n  access-class MGMT-VTY in\n", {"acl": "MGMT-VTY", "sequence-number": "20"},
        gone=("203.0.113.5",)),
    ("CW-HUNT-MGMT-ACL", "ios-xr"): Case(
        XR + "ipv4 access-list MGMT-VTY\n 10 permit ipv4 10.255.0.0 0.0.255.255 any\n"
        " 20 permit ipv4 host 203.0.113.5 any\n!\nline default\n access-class ingress MGMT-VTY\n"
        " transport input ssh\n!\nssh server v2\n", {"acl": "MGMT-VTY", "sequence-number": "20"},
        gone=("203.0.113.5",)),
    ("CW-HUNT-MGMT-ACL", "eos"): Case(
        EOS + "ip access-list MGMT-SSH\n   10 permit ip 10.255.0.0/16 any\n   20 permit ip host 203.0.113.5 any\n"
        "management ssh\n   ip access-group MGMT-SSH in\n", {"acl": "MGMT-SSH", "sequence-number": "20"},
        gone=("203.0.113.5",)),
    ("CW-IOS-GUESTSHELL", "nx-os"): Case(NX + "feature bash-shell\n"),
    # the parser reads `nxapi http|https port N` since issue 17 (was NOT_VERIFIABLE)
    ("CW-HUNT-MGMT-PORT", "nx-os"): Case(NX + "feature nxapi\nnxapi http port 18080\nnxapi https port 18443\n",
                                         gone=("18080", "18443")),
    ("CW-NXOS-TELNET", "nx-os"): platform_case("CW-NXOS-TELNET"),
    ("CW-NXOS-SSH-KEY", "nx-os"): platform_case("CW-NXOS-SSH-KEY"),
    ("CW-XR-TELNET", "ios-xr"): platform_case("CW-XR-TELNET"),
    ("CW-XR-SSH-SERVER-V2", "ios-xr"): platform_case("CW-XR-SSH-SERVER-V2"),
    ("CW-EOS-TELNET", "eos"): platform_case("CW-EOS-TELNET"),
    ("CW-EOS-EAPI-HTTP", "eos"): platform_case("CW-EOS-EAPI-HTTP"),
    ("CW-JUNOS-TELNET", "junos"): platform_case("CW-JUNOS-TELNET"),
    ("CW-JUNOS-FTP", "junos"): platform_case("CW-JUNOS-FTP"),
    ("CW-JUNOS-WEB-HTTP", "junos"): platform_case("CW-JUNOS-WEB-HTTP"),
    # protocol-version is a list: `set ... v2` alone would keep v1 (the parser reads every listed version; the
    # `gone` text checks the emulated config itself)
    ("CW-JUNOS-SSH-V2", "junos"): Case(PLATFORM_CASES["CW-JUNOS-SSH-V2"][0], gone=("protocol-version v1",)),
    ("CW-JUNOS-SNMP-COMMUNITY", "junos"): platform_case(
        "CW-JUNOS-SNMP-COMMUNITY", name="s3cretc", user="nms", pw=PW),
    ("CW-BGP-AUTH", "ios-xe"): platform_case("CW-BGP-AUTH", asn="65000", ip="192.0.2.2", secret=PW),
    ("CW-BGP-AUTH", "ios"): Case(IOS15 + "router bgp 65000\n neighbor 192.0.2.2 remote-as 65001\n",
                                 {"asn": "65000", "ip": "192.0.2.2", "secret": PW}),
    ("CW-BGP-AUTH", "eos"): Case(EOS + "router bgp 65000\n   neighbor 192.0.2.2 remote-as 65001\n",
                                 {"asn": "65000", "ip": "192.0.2.2", "secret": PW}),
    ("CW-OSPF-AUTH", "ios-xe"): Case(
        XE + "interface GigabitEthernet1\n ip address 10.0.0.1 255.255.255.252\n"
        + PLATFORM_CASES["CW-OSPF-AUTH"][0].removeprefix(XE),
        {"pid": "1", "area": "0", "if": "GigabitEthernet1", "key": PW}),
    ("CW-IKE-CRYPTO", "ios-xe"): platform_case("CW-IKE-CRYPTO", **{"weak-policy": "10", "transform-set": "TS"}),
    ("CW-TFTP-ARCHIVE", "ios-xe"): platform_case(
        "CW-TFTP-ARCHIVE", file="flash:startup.cfg", user="backup", host="10.255.5.5", dir="cfg"),
    ("CW-HUNT-SPAN", "ios-xe"): platform_case("CW-HUNT-SPAN", n="1", name="CAP1"),
    ("CW-TLS-SELF-SIGNED", "ios-xe"): platform_case(
        "CW-TLS-SELF-SIGNED", **{"self-signed-TP": "TP-self-signed-1234567", "CA-TP": "CORP-CA",
                                 "ca-url": "http://ca.example.net"}),
}

class Unverifiable(NamedTuple):
    """A (check, platform) pair the round trip cannot verify, and the evidence of why."""

    reason: str
    commands: tuple[str, ...]  # what the text must still name
    values: dict[str, str]  # placeholder values
    real_syntax: str  # a config in the platform's real syntax that the parser misjudges...
    never: AuditStatus = AuditStatus.FAIL  # ...so the check never gives it this status (FAIL: nothing fails;
    # PASS: the remediated config cannot pass)


# (check, platform) pairs whose remediation the round trip cannot verify, listed with the reason.
NOT_VERIFIABLE: dict[tuple[str, str], Unverifiable] = {
    ("CW-HUNT-SPAN", "nx-os"): Unverifiable(
        "no NX-OS config fails the check: the parser does not read the NX-OS ERSPAN destination "
        "(`destination ip <addr>` under `monitor session N type erspan-source`), so the session counts as a "
        "local SPAN (MANUAL)",
        ("no monitor session",), {"n": "1"},
        NX.replace("feature bgp\n", "feature bgp\nvlan 10\n")
        + "monitor session 1 type erspan-source\n  erspan-id 1\n  vrf default\n"
        "  destination ip 203.0.113.50\n  source interface ethernet1/1 both\n  no shut\n"),
    ("CW-HUNT-SPAN", "eos"): Unverifiable(
        "no EOS config fails the check: the parser keeps `monitor session S destination tunnel mode gre "
        "source <ip> destination <ip>` as one non-IP destination, so a GRE mirror counts as a local SPAN (MANUAL)",
        ("no monitor session",), {"name": "S1"},
        EOS + "vlan 10\nmonitor session S1 source Ethernet1\n"
        "monitor session S1 destination tunnel mode gre source 10.0.0.1 destination 203.0.113.50\n"),
    ("CW-HUNT-SPAN", "ios-xr"): Unverifiable(
        "no IOS XR config fails the check: the parser does not read IOS XR traffic mirroring "
        "(`monitor-session NAME ethernet` and its attachment under the source interface), and an IOS XR "
        "router is not a switch (the check is NOT_APPLICABLE)",
        ("no monitor-session", "commit"), {"source-interface": "GigabitEthernet0/0/0/1", "name": "CAP1"},
        XR + "monitor-session CAP1 ethernet\n destination interface tunnel-ip1\n!\n"
        "interface GigabitEthernet0/0/0/1\n monitor-session CAP1 ethernet direction rx-only\n!\n"),
    ("CW-LI-SHADOW-MIRROR", "ios-xr"): Unverifiable(
        "no IOS XR config fails the check: the parser does not read IOS XR traffic mirroring "
        "(`monitor-session NAME ethernet` and its attachment under the source interface)",
        ("no monitor-session", "commit"), {"source-interface": "GigabitEthernet0/0/0/1", "name": "CAP1"},
        XR + "monitor-session CAP1 ethernet\n destination interface tunnel-ip1\n!\n"
        "interface GigabitEthernet0/0/0/1\n monitor-session CAP1 ethernet direction rx-only\n!\n"),
    ("CW-LI-TAP-SNMP", "ios-xr"): Unverifiable(
        "the remediated IOS XR config cannot pass: the parser reads a group's ACL from `access <acl>` (IOS "
        "syntax) only, not from IOS XR's `ipv4 <acl>`, so the v3 priv group still has no ACL",
        ("no snmp-server group", "v3 priv", "ipv4 LI-MD-ACL", "ipv4 access-list LI-MD-ACL", "commit"),
        {"group": "tapGrp", "weak-level": "noauth", "tapview": "tapV", "mediation-device": "10.255.9.90"},
        XR + "snmp-server view tapV ciscoTap2MIB included\n"
        "snmp-server group tapGrp v3 priv read tapV write tapV notify tapV ipv4 LI-MD-ACL\n"
        "ipv4 access-list LI-MD-ACL\n 10 permit ipv4 host 10.255.9.90 any\n!\nssh server v2\n",
        never=AuditStatus.PASS),
    ("CW-LI-TAP-SNMP", "nx-os"): Unverifiable(
        "no NX-OS config fails the check: NX-OS grants SNMP access by role and has no SNMP views, so no "
        "NX-OS config holds a view with the TAP MIB (the check is NOT_APPLICABLE)",
        ("snmp-server globalEnforcePriv", "priv aes-128"),
        {"user": "mduser", "auth-passphrase": PW, "priv-passphrase": PW + "-2"},
        NX + f"snmp-server user mduser auth sha {PW} priv aes-128 {PW}-2\nsnmp-server globalEnforcePriv\n"),
    ("CW-HUNT-MGMT-ACL", "junos"): Unverifiable(
        "no Junos config fails the check: the parser records a firewall filter on lo0 as an interface filter, "
        "not as the guard of SSH/SNMP/HTTP management, so no Junos ACL counts as a management ACL",
        ("delete firewall family inet filter", "from source-address", "commit"),
        {"filter": "PROTECT-RE", "term": "MGMT", "address": "203.0.113.5/32"},
        JUN + "set firewall family inet filter PROTECT-RE term MGMT from source-address 203.0.113.5/32\n"
        "set firewall family inet filter PROTECT-RE term MGMT then accept\n"
        "set interfaces lo0 unit 0 family inet filter input PROTECT-RE\n"),
}


def pairs() -> list[tuple[str, str]]:
    return sorted((c.id, p) for c in all_checks() for p in c.remediation if p in c.platforms)


def statuses(dev: DeviceConfig) -> dict[str, AuditStatus]:
    c = ctx()
    return {chk.id: chk.run(dev, c).status for chk in all_checks()}


def parse(text: str) -> DeviceConfig:
    dev = parse_config(text, path="roundtrip.cfg")
    assert dev.parse_status != "failed", dev.parse_reason
    return dev


def test_every_pair_is_verified_or_listed() -> None:
    assert set(CASES_BY_PAIR) | set(NOT_VERIFIABLE) == set(pairs())
    assert not set(CASES_BY_PAIR) & set(NOT_VERIFIABLE)


@pytest.mark.parametrize(("check_id", "platform"), sorted(CASES_BY_PAIR), ids=lambda v: v)
def test_remediation_round_trip(check_id: str, platform: str) -> None:
    case = CASES_BY_PAIR[(check_id, platform)]
    check: Check = REGISTRY[check_id]()
    before_dev = parse(case.failing)
    assert before_dev.os == platform, f"failing config parses as {before_dev.os}"
    before = statuses(before_dev)
    assert before[check_id] is AuditStatus.FAIL

    # the text the finding shows: the placeholders the check knows (result.values) are filled as Finding.from_rule
    # fills them; the case supplies the rest
    known = check.run(before_dev, ctx()).values
    shown = fill_placeholders(check.remediation[platform], known)
    done = session(case.failing, shown, platform, case.values)
    after_dev = parse(done.config)
    assert after_dev.os == platform, f"remediated config parses as {after_dev.os}:\n{done.config}"
    after = statuses(after_dev)
    assert after[check_id] is AuditStatus.PASS, f"{after[check_id]} after remediation:\n{done.config}"
    newly_failing = {cid for cid, st in after.items() if st is AuditStatus.FAIL and before[cid] is not st}
    assert newly_failing == set(), f"remediation made other checks fail:\n{done.config}"
    for text in case.gone:
        assert text not in done.config, f"{text!r} survived the remediation:\n{done.config}"


@pytest.mark.parametrize(("check_id", "platform"), sorted(NOT_VERIFIABLE), ids=lambda v: v)
def test_not_verifiable_remediation_still_names_the_command(check_id: str, platform: str) -> None:
    entry = NOT_VERIFIABLE[(check_id, platform)]
    text = fill(REGISTRY[check_id].remediation[platform], entry.values)
    assert entry.reason and all(c in text for c in entry.commands)
    dev = parse(entry.real_syntax)
    assert dev.os == platform
    # when this fails the parser has learned the syntax: move the pair to CASES_BY_PAIR
    assert statuses(dev)[check_id] is not entry.never


def test_guestshell_exec_commands_are_not_config() -> None:
    text = REGISTRY["CW-IOS-GUESTSHELL"].remediation["ios-xe"]
    done = session(cfg(CASES["CW-IOS-GUESTSHELL"][0]), text, "ios-xe", {})
    assert done.exec_commands == ["guestshell disable", "guestshell destroy"]
    assert "guestshell disable" not in done.config


_INDENT = {"eos": 3}  # spaces per level; IOS, IOS XE, NX-OS and IOS XR texts use one


@pytest.mark.parametrize("check_id", sorted(REGISTRY))
def test_remediation_text_is_well_formed(check_id: str) -> None:
    """Every remediation text: no tabs, placeholders all filled by its cases, indentation consistent."""
    for platform, text in REGISTRY[check_id].remediation.items():
        assert "\t" not in text and text == text.strip("\n") and text.strip()
        pair = (check_id, platform)
        values = CASES_BY_PAIR[pair].values if pair in CASES_BY_PAIR else NOT_VERIFIABLE[pair].values
        assert not re.search(r"<[^<>\n]+>", fill(text, values))
        if platform not in CISCO_FAMILY:
            assert all(ln == ln.lstrip() for ln in text.splitlines())
            continue
        step = _INDENT.get(platform, 1)
        lines = text.splitlines()
        assert lines[0] == lines[0].lstrip()
        for prev, ln in zip(lines, lines[1:], strict=False):
            depth = len(ln) - len(ln.lstrip(" "))
            prev_depth = len(prev) - len(prev.lstrip(" "))
            assert depth % step == 0 and depth <= prev_depth + step, (platform, ln)


def test_emulator_rules() -> None:
    """The configuration-mode rules the round trip relies on, one by one."""
    ios = "version 17.9\nhostname t\nline vty 0 4\n transport input telnet ssh\n exec-timeout 0 0\nline vty 5 15\n"
    out = session(ios, "line vty 0 15\n transport input ssh\n exec-timeout 10 0", "ios-xe", {}).config
    assert out.count(" transport input ssh") == 2 and "telnet" not in out and "exec-timeout 0 0" not in out
    assert "line vty 0 15" not in out  # the stanzas it covers were edited, none was added
    out = session("hostname t\nmonitor session 1 type erspan-source\n destination\n  ip address 1.2.3.4\n"
                  "monitor session 10 type erspan-source\ncdp run\n", "no monitor session 1\nno cdp run", "ios-xe",
                  {}).config
    assert "monitor session 1 " not in out and "monitor session 10 " in out and "ip address" not in out
    assert "\nno cdp run\n" in out and "\ncdp run" not in out
    out = session("hostname t\naccess-list 20 permit 10.0.0.0 0.0.0.255\naccess-list 20 permit host 1.2.3.4\n",
                  "ip access-list standard 20\n no permit host 1.2.3.4", "ios-xe", {}).config
    assert "1.2.3.4" not in out and "access-list 20 permit 10.0.0.0 0.0.0.255" in out
    out = session("set system services ssh protocol-version v1\nset system services telnet\n",
                  "delete system services ssh\nset system services ssh protocol-version v2\ncommit", "junos", {})
    assert out.config.splitlines() == ["set system services telnet", "set system services ssh protocol-version v2"]
    assert out.exec_commands == ["commit"]
    with pytest.raises(MissingValue):
        session("hostname t\n", "no tacacs server <unknown>", "ios-xe", {})


def test_every_covered_platform_has_its_own_text() -> None:
    """No (check, platform) pair falls back to another platform's syntax; IOS may use IOS XE's text."""
    missing = [(c.id, p) for c in all_checks() for p in c.platforms
               if p not in c.remediation and not (p in IOS_FAMILY and set(IOS_FAMILY) & set(c.remediation))]
    assert missing == []
    for chk in all_checks():
        for p in chk.platforms:
            shown = chk.remediation_for(p)
            assert shown == chk.remediation.get(p) or (p in IOS_FAMILY and shown in chk.remediation.values()), (
                chk.id, p)


class _Unshipped(Check):
    """Not registered: a check with IOS XE text only, to see what other platforms are shown."""

    id = "CW-TEST-UNSHIPPED"
    platforms = ("ios", "ios-xe", "nx-os", "ios-xr", "eos", "junos")
    remediation = {"ios-xe": "no ip http server"}
    sources = ("https://example.invalid/vendor-doc",)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        return passed("test double")


def test_remediation_for_never_shows_another_platforms_syntax() -> None:
    chk = _Unshipped()
    assert chk.remediation_for("ios-xe") == chk.remediation_for("ios") == "no ip http server"
    for os_name, name in (("nx-os", "NX-OS"), ("ios-xr", "IOS XR"), ("eos", "EOS"), ("junos", "Junos")):
        assert chk.remediation_for(os_name) == (
            f"No {name} command is shipped for this check; see the rationale and https://example.invalid/vendor-doc."
        )
    ios_only = _Unshipped()
    ios_only.remediation = {"ios": "no ip http server"}  # type: ignore[misc]
    assert ios_only.remediation_for("ios-xe") == "no ip http server"


def test_emulator_type6_and_interface_names() -> None:
    """`password encryption aes` stores clear AAA keys as type 6 (typed after it, or already configured);
    `interface tunnel 9` names `interface Tunnel9`; EOS `protocol https port N` replaces the old port."""
    base = "version 17.9\nhostname t\n"
    typed = "key config-key password-encrypt M\npassword encryption aes\ntacacs server A\n address ipv4 10.255.1.10\n"
    for key_cmd in (" key 0 Clear-Secret", " key Clear-Secret"):
        out = session(base, typed + key_cmd, "ios-xe", {}).config
        assert " key 6 " in out and "Clear-Secret" not in out
        assert parse(out).aaa.servers[0].key_type == "6"
    out = session(base, "tacacs server A\n address ipv4 10.255.1.10\n key 0 Clear-Secret", "ios-xe", {}).config
    assert " key 0 Clear-Secret" in out  # no `password encryption aes`: stored as typed
    out = session(base + "tacacs-server host 10.255.1.10 key Clear-Secret\nradius-server key 7 0822455D0A16\n"
                  "key chain K\n key 1\n  key-string 7 0822455D0A16\n", "password encryption aes", "ios-xe", {}).config
    assert "tacacs-server host 10.255.1.10 key 6 " in out and "Clear-Secret" not in out
    assert "radius-server key 7 0822455D0A16" in out and "\n key 1\n" in out  # type 7 and key chains untouched
    out = session(NX + "interface Tunnel9\n  tunnel destination 203.0.113.9\ninterface Tunnel90\n",
                  "no interface tunnel 9", "nx-os", {}).config
    assert "Tunnel9\n" not in out and "203.0.113.9" not in out and "interface Tunnel90" in out
    out = session(EOS + "management api http-commands\n   protocol https port 18443\n",
                  "management api http-commands\n   protocol https port 443", "eos", {}).config
    assert "18443" not in out and "   protocol https port 443" in out
