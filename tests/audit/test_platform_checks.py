"""A failing (positive) and a passing (negative) config for every check added for NX-OS, IOS XR, EOS,
Junos and the protocol checks. Whole small configs (not snippets) so dialect detection picks the right
parser; all written for these tests."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest

from carrierwatch.audit import audit_configs
from carrierwatch.audit.framework import AuditContext
from carrierwatch.catalogue import CHECK_REGISTRY as REGISTRY
from carrierwatch.configs import parse_config
from carrierwatch.findings import AuditStatus, Severity
from carrierwatch.workspace import Allowlists

NX = "hostname n1\nfeature bgp\n"
XR = "!! IOS XR Configuration 7.5.2\nhostname x1\n"
EOS = "! device: e1 (DCS-7050, EOS-4.28.3M)\nhostname e1\n"
JUN = "set system host-name j1\n"
XE = "version 17.9\nhostname r1\n"
SW = "version 17.9\nhostname s1\ninterface GigabitEthernet1/0/1\n switchport mode access\n"

PLATFORM_CASES: dict[str, tuple[str, str]] = {
    "CW-NXOS-TELNET": (NX + "feature telnet\n", NX + "feature ssh\n"),
    "CW-NXOS-SSH-KEY": (NX + "ssh key rsa 2048\n", NX + "ssh key rsa 4096\n"),
    "CW-XR-TELNET": (XR + "telnet vrf default ipv4 server max-servers 10\n", XR + "ssh server v2\n"),
    "CW-XR-SSH-SERVER-V2": (XR + "ssh server vrf default\n", XR + "ssh server v2\n"),
    "CW-EOS-TELNET": (EOS + "management telnet\n   no shutdown\n", EOS + "management telnet\n   shutdown\n"),
    "CW-EOS-EAPI-HTTP": (
        EOS + "management api http-commands\n   protocol http\n   no shutdown\n",
        EOS + "management api http-commands\n   protocol https\n   no shutdown\n",
    ),
    "CW-JUNOS-TELNET": (JUN + "set system services telnet\n", JUN + "set system services ssh\n"),
    "CW-JUNOS-FTP": (JUN + "set system services ftp\n", JUN + "set system services ssh\n"),
    "CW-JUNOS-WEB-HTTP": (
        JUN + "set system services web-management http interface fxp0.0\n",
        JUN + "set system services web-management https system-generated-certificate\n",
    ),
    "CW-JUNOS-SSH-V2": (
        JUN + "set system services ssh protocol-version v1\n",
        JUN + "set system services ssh protocol-version v2\n",
    ),
    "CW-JUNOS-SNMP-COMMUNITY": (
        JUN + "set snmp community s3cretc authorization read-only\n",
        JUN + "set snmp location lab\n",
    ),
    "CW-BGP-AUTH": (
        XE + "router bgp 65000\n neighbor 192.0.2.2 remote-as 65001\n",
        XE + "router bgp 65000\n neighbor 192.0.2.2 remote-as 65001\n neighbor 192.0.2.2 password 7 0822455D0A16\n",
    ),
    "CW-OSPF-AUTH": (
        XE + "router ospf 1\n network 10.0.0.0 0.0.0.255 area 0\n",
        XE + "router ospf 1\n area 0 authentication message-digest\n",
    ),
    "CW-IKE-CRYPTO": (
        XE + "crypto isakmp policy 10\n encryption 3des\n hash md5\n group 2\n"
        "crypto ipsec transform-set TS esp-3des esp-md5-hmac\n",
        XE + "crypto ikev2 proposal P\n encryption aes-cbc-256\n integrity sha384\n group 20\n"
        "crypto ipsec transform-set TS esp-gcm 256\n",
    ),
    "CW-TFTP-ARCHIVE": (
        XE + "tftp-server flash:startup.cfg\narchive\n path tftp://192.0.2.9/$h\n",
        XE + "archive\n path scp://backup@10.255.5.5/cfg/$h-$t\n",
    ),
    "CW-HUNT-SPAN": (
        SW + "monitor session 1 type erspan-source\n destination\n  ip address 203.0.113.50\n",
        SW + "monitor session 1 type erspan-source\n destination\n  ip address 10.255.9.9\n",
    ),
    "CW-TLS-SELF-SIGNED": (
        XE + "crypto pki trustpoint TP-self-signed-1234567\n enrollment selfsigned\n"
        "ip http secure-server\nip http secure-trustpoint TP-self-signed-1234567\nip http access-class 5\n",
        XE + "crypto pki trustpoint CORP-CA\n enrollment url http://ca.example.net\n"
        "ip http secure-server\nip http secure-trustpoint CORP-CA\n",
    ),
}


def ctx() -> AuditContext:
    return AuditContext(allowlists=Allowlists(span_destinations=[ipaddress.ip_network("10.255.9.0/24")]))


def status(check_id: str, text: str) -> AuditStatus:
    dev = parse_config(text, path="case.cfg")
    assert dev.parse_status != "failed", dev.parse_reason
    return REGISTRY[check_id]().run(dev, ctx()).status


@pytest.mark.parametrize("check_id", sorted(PLATFORM_CASES))
def test_positive_fails(check_id: str) -> None:
    assert status(check_id, PLATFORM_CASES[check_id][0]) is AuditStatus.FAIL


@pytest.mark.parametrize("check_id", sorted(PLATFORM_CASES))
def test_negative_passes(check_id: str) -> None:
    assert status(check_id, PLATFORM_CASES[check_id][1]) in (AuditStatus.PASS, AuditStatus.NOT_APPLICABLE)


@pytest.mark.parametrize("check_id", sorted(PLATFORM_CASES))
def test_cases_parse_as_the_platform_the_check_covers(check_id: str) -> None:
    dev = parse_config(PLATFORM_CASES[check_id][0], path="case.cfg")
    assert dev.os in REGISTRY[check_id].platforms


def test_every_check_cites_guidance_source_and_remediation() -> None:
    for cid, cls in REGISTRY.items():
        assert cls.references and cls.sources and cls.remediation and cls.rationale, cid
        assert all(r.startswith(("EVH-", "HUNT-", "LI-")) for r in cls.references), cid


HARDENED = sorted((Path(__file__).parent / "fixtures").glob("hardened-*.cfg"))


@pytest.mark.parametrize("path", HARDENED, ids=lambda p: p.stem)
def test_hardened_config_per_platform_fails_nothing_above_low(path: Path) -> None:
    n = ipaddress.ip_network
    allow = Allowlists(management_subnets=[n("10.255.0.0/16")], aaa_servers=[n("10.255.1.10"), n("10.255.1.11")],
                       nms=[n("10.255.2.20")])
    dev = parse_config(path.read_text(), path=str(path))
    assert dev.parse_status in ("parsed", "partial")
    report = audit_configs([dev], allow)
    bad = [(c.id, r.message) for c, r in report.devices[0].results
           if r.status in (AuditStatus.FAIL, AuditStatus.ERROR) and c.severity.rank > Severity.LOW.rank]
    assert bad == []
    assert all(f.severity.rank <= Severity.LOW.rank for f in report.to_findings())


def test_one_hardened_config_per_platform() -> None:
    oses = {parse_config(p.read_text(), path=str(p)).os for p in HARDENED}
    assert oses == {"ios-xe", "nx-os", "ios-xr", "eos", "junos"}


def _curly_ssh(versions: str) -> str:
    return "system {\n    host-name j1;\n    services {\n        ssh {\n            protocol-version " + versions + (
        ";\n        }\n    }\n}\n")


# Junos protocol-version is a list: every listed version counts (curly `[ v1 v2 ]`, or one `set` line per value)
JUNOS_SSH_LISTS: list[tuple[str, list[str], AuditStatus]] = [
    (JUN + "set system services ssh protocol-version v1\nset system services ssh protocol-version v2\n",
     ["1", "2"], AuditStatus.FAIL),
    (JUN + "set system services ssh protocol-version v2\nset system services ssh protocol-version v1\n",
     ["2", "1"], AuditStatus.FAIL),
    (JUN + "set system services ssh protocol-version [ v1 v2 ]\n", ["1", "2"], AuditStatus.FAIL),
    (_curly_ssh("[ v1 v2 ]"), ["1", "2"], AuditStatus.FAIL),
    (_curly_ssh("[ v2 v1 ]"), ["2", "1"], AuditStatus.FAIL),
    (_curly_ssh("v2"), ["2"], AuditStatus.PASS),
    (_curly_ssh("[ v2 ]"), ["2"], AuditStatus.PASS),
    (JUN + "set system services ssh protocol-version v2\nset system services ssh protocol-version v2\n",
     ["2"], AuditStatus.PASS),
]


@pytest.mark.parametrize(("text", "versions", "expected"), JUNOS_SSH_LISTS)
def test_junos_ssh_protocol_version_list(text: str, versions: list[str], expected: AuditStatus) -> None:
    dev = parse_config(text, path="j.cfg")
    assert dev.os == "junos" and dev.unrecognised_lines == 0
    assert dev.services.ssh_versions == versions
    result = REGISTRY["CW-JUNOS-SSH-V2"]().run(dev, ctx())
    assert result.status is expected, result.message
    if expected is AuditStatus.FAIL:  # the evidence is the statement that names v1
        assert "v1" in dev.line_text(result.evidence_lines[0])
