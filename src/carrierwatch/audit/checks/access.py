"""IOS/IOS XE checks on administrative access: VTY lines, timeouts, stored credentials, AAA.

Guidance ids: docs/guidance.md#hardening (CISA/NSA/FBI Enhanced Visibility and Hardening Guidance, Dec
2024) and docs/guidance.md#aa25-239a-cisco-mitigations. Syntax verified against the Cisco pages in ``audit.sources``.
"""

from __future__ import annotations

from carrierwatch.audit import sources
from carrierwatch.audit.framework import AuditContext, Check, CheckResult, failed, passed
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import Severity

_WEAK_TYPES = {
    "0": "Type 0 (clear text)",
    "4": "Type 4 (broken SHA-256)",
    "5": "Type 5 (MD5)",
    "7": "Type 7 (reversible)",
}


class VtyTransportInput(Check):
    id = "CW-IOS-VTY-TRANSPORT"
    title = "VTY lines accept more than SSH (telnet or the platform default)"
    requirement = "VTY lines accept SSH only (transport input ssh)"
    severity = Severity.CRITICAL
    references = ("EVH-C04", "EVH-H19")
    attack = ("T1021.004",)
    rationale = (
        "Telnet sends credentials in clear; the guidance requires `transport input ssh` on every VTY "
        "stanza (EVH-C04). A stanza without `transport input` takes the platform default, which on "
        "many trains includes telnet, so a missing line fails too."
    )
    remediation = {
        "ios-xe": "line vty 0 15\n transport input ssh",
        "ios": "line vty 0 15\n transport input ssh",
    }
    sources = (sources.CIS_IOS_XE_17, sources.NETASCODE_IOSXE_LINE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        vtys = device.vty_lines()
        if not vtys:
            return failed(
                "no `line vty` stanza: VTY lines use the platform default transport (may allow telnet)"
            )
        bad = [v for v in vtys if not v.transport_input or set(v.transport_input) - {"ssh", "none"}]
        if bad:
            what = "; ".join(f"{v.label}: {' '.join(v.transport_input or ['(not set)'])}" for v in bad)
            return failed(
                f"VTY accepts more than SSH: {what}", [v.lines.get("transport_input", v.line) for v in bad]
            )
        return passed("every VTY stanza has transport input ssh", [v.lines["transport_input"] for v in vtys])


class LineTransportOutput(Check):
    id = "CW-IOS-LINE-TRANSPORT-OUTPUT"
    title = "Outbound connections allowed from console, aux or VTY lines (transport output)"
    requirement = "Outbound connections disabled on every line (transport output none)"
    severity = Severity.HIGH
    references = ("EVH-H08", "EVH-C04")
    attack = ("T1021.004", "T1090")
    rationale = (
        "A router that can open SSH/telnet sessions from its lines is a jump host (JumbledPath-style "
        "relays, AA25-239A, EVH-H08). The guidance asks for `transport output none` on VTY, console and aux."
    )
    remediation = {
        "ios-xe": "line con 0\n transport output none\nline aux 0\n transport output none\n"
        "line vty 0 15\n transport output none"
    }
    sources = (sources.NETASCODE_IOSXE_LINE,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        lines = [ln for ln in device.lines if ln.kind in ("vty", "console", "aux")]
        if not lines:
            return failed("no line stanzas: outbound transport is the platform default")
        bad = [ln for ln in lines if ln.transport_output != ["none"]]
        if bad:
            what = "; ".join(f"{ln.label}: {' '.join(ln.transport_output or ['(not set)'])}" for ln in bad)
            return failed(
                f"outbound transport allowed: {what}",
                [ln.lines.get("transport_output", ln.line) for ln in bad],
            )
        return passed("transport output none on every line", [ln.lines["transport_output"] for ln in lines])


class VtyAccessClass(Check):
    id = "CW-IOS-VTY-ACL"
    title = "VTY lines without a working access-class"
    requirement = "VTY lines restricted by an access-class"
    severity = Severity.HIGH
    references = ("EVH-H07", "EVH-V04")
    attack = ("T1021.004",)
    rationale = "Restrict VTY access with an ACL to stop inbound lateral movement (EVH-H07)."
    remediation = {
        "ios-xe": "ip access-list standard MGMT-ONLY\n permit 10.255.0.0 0.0.255.255\n deny any log\n"
        "line vty 0 15\n access-class MGMT-ONLY in"
    }
    sources = (sources.CIS_IOS_XE_17,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        vtys = device.vty_lines()
        if not vtys:
            return failed("no `line vty` stanza, so no VTY access-class")
        bad = [v for v in vtys if not v.access_class_in]
        if bad:
            return failed(
                "VTY without access-class: " + ", ".join(v.label for v in bad), [v.line for v in bad]
            )
        missing = [v for v in vtys if v.access_class_in not in device.acls]
        if missing:
            return failed(
                "access-class names an ACL that is not defined (IOS then permits all): "
                + ", ".join(f"{v.label} -> {v.access_class_in}" for v in missing),
                [v.lines.get("access_class_in", v.line) for v in missing],
            )
        return passed("every VTY stanza has an access-class", [v.lines.get("access_class_in") for v in vtys])


class ExecTimeout(Check):
    id = "CW-IOS-EXEC-TIMEOUT"
    title = "exec-timeout disabled or over 10 minutes on a line"
    requirement = "exec-timeout of 10 minutes or less on every line"
    severity = Severity.MEDIUM
    references = ("EVH-H27",)
    rationale = (
        "Limit session duration (EVH-H27; CIS Cisco IOS 1.2.x: <= 10 minutes). `exec-timeout 0 0` "
        "never times out. Not stated = the IOS default of 10 minutes, which passes."
    )
    remediation = {"ios-xe": "line con 0\n exec-timeout 10 0\nline vty 0 15\n exec-timeout 10 0"}
    sources = (sources.CIS_IOS_XE_17, sources.CISCO_SSH_CMDS)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        bad = [
            ln
            for ln in device.lines
            if ln.kind in ("vty", "console", "aux")
            and ln.exec_timeout is not None
            and (ln.exec_timeout == 0 or ln.exec_timeout > 600)
        ]
        if bad:
            return failed(
                "exec-timeout disabled or over 10 min: "
                + ", ".join(
                    f"{ln.label} ({'never' if ln.exec_timeout == 0 else f'{ln.exec_timeout}s'})" for ln in bad
                ),
                [ln.lines.get("exec_timeout") for ln in bad],
            )
        return passed("all line exec-timeouts are <= 10 minutes (or the 10-minute default)")


class WeakPasswordTypes(Check):
    id = "CW-IOS-PASSWORD-TYPE"
    title = "Weak password storage: Type 0/4/5/7 hash or `enable password`"
    requirement = "Local and enable passwords use Type 8/9, never Type 0/5/7 or `enable password`"
    severity = Severity.HIGH
    references = ("EVH-C05", "EVH-H24")
    attack = ("T1110.002", "T1552.001")
    rationale = (
        "Salt Typhoon cracked weak Type 5/7 hashes from dumped configs (MITRE G1045, T1110.002). The "
        "guidance says store passwords as Type 8 and avoid Type 5 and 7; `enable password` is Type 0/7. "
        "Type 9 (scrypt) is accepted as strong [K, NSA password-types guidance via SRC-11]."
    )
    remediation = {
        "ios-xe": "username <name> privilege 15 algorithm-type sha256 secret <password>\n"
        "enable algorithm-type sha256 secret <password>\nno enable password"
    }
    sources = (sources.CIS_IOS_XE_17,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        problems: list[str] = []
        lines: list[int | None] = []
        for u in device.users:
            if u.secret_type in _WEAK_TYPES or u.secret_kind == "password":
                problems.append(
                    f"user {u.name}: {u.secret_kind} {_WEAK_TYPES.get(u.secret_type or '', u.secret_type)}"
                )
                lines.append(u.line)
        for e in device.enable:
            if e.kind == "password" or e.type in _WEAK_TYPES:
                problems.append(f"enable {e.kind} {_WEAK_TYPES.get(e.type, e.type)}")
                lines.append(e.line)
        for ln in device.lines:
            if ln.password_type is not None and str(ln.password_type) in _WEAK_TYPES:
                problems.append(f"{ln.label}: password {_WEAK_TYPES[str(ln.password_type)]}")
                lines.append(ln.lines.get("password"))
        if problems:
            return failed("; ".join(problems), lines)
        return passed("no Type 0/4/5/7 passwords and no `enable password`")


class AaaKeyType(Check):
    id = "CW-IOS-AAA-KEY-TYPE"
    title = "TACACS+/RADIUS key or IKE pre-shared key stored as Type 0/7"
    requirement = "TACACS+/RADIUS keys and IKE pre-shared keys are not Type 0/7"
    severity = Severity.HIGH
    references = ("EVH-C05",)
    attack = ("T1552.001", "T1556")
    rationale = (
        "Salt Typhoon captured TACACS+/RADIUS shared secrets (Talos via SRC-5). Keep AAA keys and IKE "
        "PSKs as Type 6 (AES, `password encryption aes`), never Type 7 or clear text (EVH-C05, "
        "AA25-239A; docs/guidance.md#aa25-239a-cisco-mitigations)."
    )
    # `key 6` expects a string that is already type-6 encrypted; a fresh secret is typed in clear (`key 0`) and,
    # once `password encryption aes` is on, IOS XE stores it as type 6 (CISCO_TYPE6_KEYS: the primary key
    # "is used to encrypt any current or new keys in the router configuration").
    remediation = {
        "ios-xe": "key config-key password-encrypt <master-key>\npassword encryption aes\n"
        "no tacacs-server host <ip>\ntacacs server <name>\n address ipv4 <ip>\n key 0 <key>\n"
        "! the shared secret is typed in clear (key 0); with password encryption aes IOS XE stores it as key 6"
    }
    sources = (sources.CIS_IOS_XE_AAA, sources.CISCO_TYPE6_KEYS, sources.CISCO_ENCRYPTED_PSK_XE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        bad = [s for s in device.aaa.servers if s.key_type in ("0", "7")]
        psk = [c for c in device.crypto if c.kind == "psk" and c.values.get("key_type") in ("0", "7")]
        if bad or psk:
            msg = [f"{s.protocol} server {s.address or s.name}: key type {s.key_type}" for s in bad]
            msg += [f"IKE PSK for {c.peer or c.name}: type {c.values.get('key_type')}" for c in psk]
            one = [str(s.address) for s in bad if s.address]
            return failed("; ".join(msg), [s.key_line for s in bad] + [c.line for c in psk],
                          values={"ip": one} if len(one) == 1 and not psk else None)
        return passed("no AAA key or PSK stored as Type 0/7")


class AaaCommandAccounting(Check):
    id = "CW-IOS-AAA-ACCOUNTING"
    title = "No AAA command accounting (privilege 15) sent to a server group"
    requirement = "AAA command accounting (privilege 15) sent to a server group"
    severity = Severity.HIGH
    references = ("EVH-H09", "EVH-V01")
    attack = ("T1059.008",)
    rationale = (
        "Without command accounting there is no record of what an intruder typed (EVH-V01/H09). "
        "Requires `aaa accounting commands 15 <list> start-stop|stop-only group <group>`."
    )
    remediation = {
        "ios-xe": "aaa new-model\naaa accounting commands 15 default start-stop group tacacs+\n"
        "aaa accounting exec default start-stop group tacacs+"
    }
    sources = (sources.CIS_IOS_XE_AAA, sources.AAA_ACCOUNTING_CMDS)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        if device.aaa.new_model is not True:
            return failed(
                "`aaa new-model` is not enabled, so there is no AAA accounting", [device.aaa.new_model_line]
            )
        acc = [
            m
            for m in device.aaa.accounting
            if m.service == "commands 15" and any(x == "group" for x in m.methods)
        ]
        if not acc:
            return failed("no `aaa accounting commands 15 ... group <servers>`")
        return passed("command accounting at privilege 15 is configured", [m.line for m in acc])


#: This module's checks, in report order (the explicit table ``audit.checks`` collects).
CHECKS: tuple[type[Check], ...] = (
    VtyTransportInput,
    LineTransportOutput,
    VtyAccessClass,
    ExecTimeout,
    WeakPasswordTypes,
    AaaKeyType,
    AaaCommandAccounting,
)
