"""Management-plane checks written for NX-OS, IOS XR, Arista EOS and Junos, where the IOS checks'
remediation or model fields do not carry over.

Guidance ids from docs/guidance.md#hardening (EVH-H10/H14/H19). Each syntax tagged K there was
looked up in vendor (or vendor-derived) documentation through the search tool before shipping: the
pages are the ``sources`` of each check (constants in ``audit.sources``). Where only a secondary page
was found, the remediation line says "[K]" in the rationale.
"""

from __future__ import annotations

from carrierwatch.audit import sources
from carrierwatch.audit.framework import AuditContext, Check, CheckResult, failed, manual, passed
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import Severity

MIN_RSA = 3072  # EVH-H14: RSA >= 3072 bits


class NxosTelnet(Check):
    id = "CW-NXOS-TELNET"
    title = "NX-OS: Telnet server feature enabled (feature telnet)"
    requirement = "NX-OS: Telnet server feature disabled"
    severity = Severity.CRITICAL
    platforms = ("nx-os",)
    references = ("EVH-H19", "EVH-C04")
    attack = ("T1040", "T1021")
    rationale = (
        "Telnet carries credentials in clear text; the guidance says disable plaintext services "
        "(NX-OS `no feature telnet`)."
    )
    remediation = {"nx-os": "no feature telnet"}
    sources = (sources.NXOS_SSH_NETASCODE, sources.GUIDANCE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.telnet:
            return failed("`feature telnet` is enabled", [s.lines.get("telnet")])
        return passed("Telnet feature not enabled (NX-OS default is off)", [s.lines.get("telnet")])


class NxosSshKey(Check):
    id = "CW-NXOS-SSH-KEY"
    title = "NX-OS: SSH RSA host key shorter than 3072 bits"
    requirement = "NX-OS: SSH RSA host key at least 3072 bits"
    severity = Severity.MEDIUM
    platforms = ("nx-os",)
    references = ("EVH-H14",)
    attack = ("T1557",)
    rationale = (
        "EVH-H14 asks for RSA >= 3072 bits. NX-OS stores the size as `ssh key rsa <bits>` in the running "
        "config (length range up to 4096 per the NX-OS data model; older releases cap at 2048: upgrade)."
    )
    remediation = {"nx-os": "no feature ssh\nssh key rsa 4096 force\nfeature ssh"}
    sources = (sources.NXOS_SSH_NETASCODE, sources.NXOS_SSH_DEVNET)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        bits = device.services.rsa_modulus
        ln = device.services.lines.get("rsa_modulus")
        if bits is None:
            return manual("no `ssh key rsa` line: check `show ssh key` on the device")
        if bits < MIN_RSA:
            return failed(f"RSA host key is {bits} bits (< {MIN_RSA})", [ln])
        return passed(f"RSA host key is {bits} bits", [ln])


class XrTelnet(Check):
    id = "CW-XR-TELNET"
    title = "IOS XR: Telnet server enabled"
    requirement = "IOS XR: Telnet server not enabled in any VRF"
    severity = Severity.CRITICAL
    platforms = ("ios-xr",)
    references = ("EVH-H19", "EVH-C04")
    attack = ("T1040", "T1021")
    rationale = "IOS XR runs no Telnet server unless `telnet vrf <vrf> ipv4 server` is configured; remove it."
    remediation = {"ios-xr": "no telnet vrf default ipv4 server\ncommit"}
    sources = (sources.XR_SSH_CMDS, sources.GUIDANCE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.telnet:
            return failed("a Telnet server is configured", [s.lines.get("telnet")])
        return passed("no Telnet server configured")


class XrSshServer(Check):
    id = "CW-XR-SSH-SERVER-V2"
    title = "IOS XR: SSH server not pinned to version 2 (no `ssh server v2`)"
    requirement = "IOS XR: SSH server pinned to version 2"
    severity = Severity.MEDIUM
    platforms = ("ios-xr",)
    references = ("EVH-H14",)
    attack = ("T1557",)
    rationale = "EVH-H14: SSHv2 only. IOS XR `ssh server v2` refuses SSHv1 clients."
    remediation = {"ios-xr": "ssh server v2\ncommit"}
    sources = (sources.XR_SSH_CMDS, sources.XR_SSH_NETASCODE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.ssh_version == "2":
            return passed("`ssh server v2` present", [s.lines.get("ssh_version")])
        return failed("`ssh server v2` is absent")


class EosTelnet(Check):
    id = "CW-EOS-TELNET"
    title = "EOS: management telnet not shut down"
    requirement = "EOS: management telnet shut down"
    severity = Severity.CRITICAL
    platforms = ("eos",)
    references = ("EVH-H19", "EVH-C04")
    attack = ("T1040", "T1021")
    rationale = "Telnet is plaintext; on EOS it runs only when `management telnet` has `no shutdown`."
    remediation = {"eos": "management telnet\n   shutdown"}
    sources = (sources.GUIDANCE,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.telnet:
            return failed("`management telnet` is not shut down", [s.lines.get("telnet")])
        return passed("Telnet not enabled", [s.lines.get("telnet")])


class EosApiHttp(Check):
    id = "CW-EOS-EAPI-HTTP"
    title = "EOS: eAPI served over plain HTTP"
    requirement = "EOS: eAPI not served over plain HTTP"
    severity = Severity.HIGH
    platforms = ("eos",)
    references = ("EVH-H19", "EVH-C03")
    attack = ("T1190", "T1040")
    rationale = (
        "EVH-C03/H19: no unencrypted web management. eAPI (`management api http-commands`) can serve "
        "HTTP and HTTPS; HTTP must be off (`no protocol http`)."
    )
    remediation = {"eos": "management api http-commands\n   no protocol http\n   protocol https"}
    sources = (sources.EOS_EAPI,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.http_server:
            return failed("eAPI serves plain HTTP", [s.lines.get("http_server")])
        return passed("eAPI plain HTTP off", [s.lines.get("https_server")])


class JunosTelnet(Check):
    id = "CW-JUNOS-TELNET"
    title = "Junos: Telnet service enabled (`system services telnet`)"
    requirement = "Junos: no `system services telnet`"
    severity = Severity.CRITICAL
    platforms = ("junos",)
    references = ("EVH-H19",)
    attack = ("T1040", "T1021")
    rationale = "EVH-H19: disable Telnet. Junos runs Telnet only when `system services telnet` is configured."
    remediation = {"junos": "delete system services telnet\ncommit"}
    sources = (sources.JUNOS_SSH, sources.GUIDANCE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.telnet:
            return failed("`system services telnet` is configured", [s.lines.get("telnet")])
        return passed("Telnet service not configured")


class JunosFtp(Check):
    id = "CW-JUNOS-FTP"
    title = "Junos: FTP service enabled (`system services ftp`)"
    requirement = "Junos: no `system services ftp`"
    severity = Severity.HIGH
    platforms = ("junos",)
    references = ("EVH-H19", "EVH-H21")
    attack = ("T1048.003",)
    rationale = "EVH-H19/H21: no FTP; AA25-239A actors exfiltrated configs over FTP/TFTP."
    remediation = {"junos": "delete system services ftp\ncommit"}
    sources = (sources.JUNOS_SSH, sources.GUIDANCE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.ftp:
            return failed("`system services ftp` is configured", [s.lines.get("ftp")])
        return passed("FTP service not configured")


class JunosWebHttp(Check):
    id = "CW-JUNOS-WEB-HTTP"
    title = "Junos: J-Web served over plain HTTP"
    requirement = "Junos: J-Web not served over plain HTTP"
    severity = Severity.HIGH
    platforms = ("junos",)
    references = ("EVH-H19", "EVH-C03")
    attack = ("T1190",)
    rationale = "EVH-H19: no plaintext HTTP management (`system services web-management http`)."
    remediation = {"junos": "delete system services web-management http\ncommit"}
    sources = (sources.GUIDANCE,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.http_server:
            return failed("`system services web-management http` is configured", [s.lines.get("http_server")])
        return passed("plain HTTP web management not configured")


class JunosSshV2(Check):
    id = "CW-JUNOS-SSH-V2"
    title = "Junos: SSHv1 allowed by `protocol-version`"
    requirement = "Junos: SSH protocol-version v2 only"
    severity = Severity.HIGH
    platforms = ("junos",)
    references = ("EVH-H14",)
    attack = ("T1557",)
    rationale = (
        "EVH-H14: SSHv2 only. `protocol-version v2` is the default since Junos 11.4 (Juniper doc); a "
        "config naming v1 re-enables the broken protocol. CIS Juniper 6.10.1.2."
    )
    remediation = {
        "junos": "delete system services ssh protocol-version v1\nset system services ssh protocol-version v2\ncommit"
    }
    sources = (sources.JUNOS_SSH_PROTOCOL, sources.CIS_JUNOS_SSH_V2, sources.JUNOS_SSH_EDIT_SYSTEM)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        ln = s.lines.get("ssh_version")
        # protocol-version is a list ([ v1 v2 ]): any listed v1 re-enables SSHv1, whatever else is listed
        versions = s.ssh_versions or ([s.ssh_version.replace("v", "")] if s.ssh_version else [])
        if any(v.startswith("1") for v in versions):
            listed = " ".join(f"v{v}" for v in versions)
            return failed(f"SSH protocol-version [ {listed} ] allows SSHv1", [ln])
        return passed("SSH v2 only (stated or Junos default)", [ln])


class JunosSnmpCommunity(Check):
    id = "CW-JUNOS-SNMP-COMMUNITY"
    title = "Junos: SNMPv1/v2c communities configured"
    requirement = "Junos: no SNMPv1/v2c communities"
    severity = Severity.CRITICAL
    platforms = ("junos",)
    references = ("EVH-H10", "EVH-H19")
    attack = ("T1602.001",)
    rationale = "EVH-H10: SNMP v3 with auth and privacy only; any `snmp community` is v1/v2c clear text."
    remediation = {
        "junos": "delete snmp community <name>\n"
        "set snmp v3 usm local-engine user <user> authentication-sha256 authentication-password <pw>\n"
        "set snmp v3 usm local-engine user <user> privacy-aes128 privacy-password <pw>\ncommit"
    }
    sources = (sources.GUIDANCE,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        comms = device.snmp.communities
        if comms:
            rw = [c for c in comms if c.access == "RW"]
            return failed(f"{len(comms)} SNMP communit(ies), {len(rw)} read-write", [c.line for c in comms])
        return passed("no SNMP communities")


#: This module's checks, in report order (the explicit table ``audit.checks`` collects).
CHECKS: tuple[type[Check], ...] = (
    NxosTelnet,
    NxosSshKey,
    XrTelnet,
    XrSshServer,
    EosTelnet,
    EosApiHttp,
    JunosTelnet,
    JunosFtp,
    JunosWebHttp,
    JunosSshV2,
    JunosSnmpCommunity,
)
