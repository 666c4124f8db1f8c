"""IOS/IOS XE checks on management-plane services: web UI, Smart Install, Guest Shell, SNMP, SSH,
source routing, NTP authentication, logging and CDP.

Guidance ids from docs/guidance.md#hardening and #cisco-commands; command syntax verified against the Cisco pages in
``audit.sources`` (the items docs/guidance.md tags K).
"""

from __future__ import annotations

from carrierwatch.audit import sources
from carrierwatch.audit.framework import (
    AuditContext,
    Check,
    CheckResult,
    failed,
    manual,
    not_applicable,
    passed,
)
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import Severity

_LEVELS = {
    "emergencies": 0,
    "alerts": 1,
    "critical": 2,
    "errors": 3,
    "warnings": 4,
    "notifications": 5,
    "informational": 6,
    "debugging": 7,
}


class HttpServer(Check):
    id = "CW-IOS-HTTP-SERVER"
    title = "Web UI exposed: plain HTTP server on, or HTTPS without an access-class"
    title_key = "Web UI exposed: {key}"
    requirement = "Plain HTTP server off; HTTPS server off or restricted by access-class"
    severity = Severity.CRITICAL
    references = ("EVH-C03", "EVH-H19")
    attack = ("T1190",)
    rationale = (
        "`ip http server` is the precondition of CVE-2023-20198/20273 exploited by Salt Typhoon. The "
        "guidance: always `no ip http server`; if web management is not needed also "
        "`no ip http secure-server`; otherwise restrict it with `ip http access-class`."
    )
    remediation = {"ios-xe": "no ip http server\nno ip http secure-server"}
    sources = (sources.CISCO_HTTP_ACCESS_CLASS, sources.CIS_IOS_XE_17)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.http_server:
            return failed("`ip http server` is enabled (plain-text web UI)", [s.lines.get("http_server")],
                          key="plain HTTP server on (ip http server)")
        if s.https_server and not s.http_access_class:
            return failed(
                "`ip http secure-server` is enabled without `ip http access-class`",
                [s.lines.get("https_server")], key="HTTPS server without an access-class",
            )
        if s.https_server:
            return passed(
                f"only the HTTPS server runs, restricted by access-class {s.http_access_class}",
                [s.lines.get("https_server"), s.lines.get("http_access_class")],
            )
        return passed(
            "HTTP server disabled" + ("" if s.http_server is False else " (not configured)"),
            [s.lines.get("http_server")],
        )


class SmartInstall(Check):
    id = "CW-IOS-SMART-INSTALL"
    title = "Smart Install client enabled (vstack)"
    title_key = "Smart Install client enabled (vstack): {key}"
    requirement = "Smart Install disabled (no vstack)"
    severity = Severity.CRITICAL
    references = ("EVH-C01", "EVH-H15")
    attack = ("T1190",)
    rationale = (
        "Smart Install (TCP/4786) is unauthenticated; CVE-2018-0171 was used by Salt Typhoon and "
        "Static Tundra. The guidance: `no vstack`. Smart Install clients are Catalyst access "
        "switches, so a config without `no vstack` fails on a switch; on a router the config "
        "cannot tell whether the image has SMI (MANUAL: run `show vstack config`)."
    )
    remediation = {"ios-xe": "no vstack", "ios": "no vstack"}
    sources = (sources.CISCO_SMART_INSTALL,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.vstack is False:
            return passed("`no vstack` is configured", [s.lines.get("vstack")])
        if s.vstack is True:
            return failed("`vstack` (Smart Install) is enabled", [s.lines.get("vstack")])
        if device.is_switch:
            return failed("switch config without `no vstack`: Smart Install client may listen on TCP/4786",
                          key="switch config without `no vstack`, on by default")
        return manual("no `vstack` line and no switching seen: check `show vstack config` on the device")


class GuestShell(Check):
    id = "CW-IOS-GUESTSHELL"
    title = "Guest Shell / IOx application hosting enabled"
    requirement = "Guest Shell / IOx application hosting disabled"
    severity = Severity.HIGH
    references = ("EVH-C02", "HUNT-06")
    attack = ("T1609", "T1610", "T1059.006")
    rationale = (
        "Guest Shell is a Linux container managed by IOx; actors used it to stage tools hidden from "
        "the IOS CLI (AA25-239A, HUNT-06). `guestshell enable|disable` are EXEC commands, so the config "
        "shows IOx as `iox` and the container as `app-hosting appid guestshell`: both must be absent."
    )
    # NX-OS: `guestshell destroy` is an EXEC command; the config shows only `feature bash-shell`
    remediation = {
        "ios-xe": "guestshell disable\nguestshell destroy\nno app-hosting appid guestshell\nno iox",
        "nx-os": "guestshell destroy\nno feature bash-shell",
    }
    sources = (sources.CISCO_GUESTSHELL_169, sources.CISCO_APP_HOSTING_174, sources.NXOS_GUESTSHELL)
    platforms = ("ios-xe", "ios", "nx-os")

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        bad: list[str] = []
        if s.iox:
            bad.append("`iox` is enabled")
        if s.guestshell:
            bad.append("Guest Shell / bash-shell is configured")
        others = [a for a in s.app_hosting if a.lower() != "guestshell"]
        if others:
            bad.append("app-hosting apps: " + ", ".join(others))
        if bad:
            return failed("; ".join(bad), [s.lines.get("iox"), s.lines.get("guestshell")])
        return passed("no iox / guestshell / app-hosting configuration")


class SnmpCommunities(Check):
    id = "CW-IOS-SNMP-COMMUNITY"
    title = "SNMP v1/v2c communities configured"
    requirement = "No SNMP v1/v2c communities (and never RW)"
    severity = Severity.CRITICAL
    references = ("EVH-H10", "EVH-H19")
    attack = ("T1602.001", "T1602.002")
    rationale = (
        "SNMP v1/v2c sends the community in clear; an RW community lets anyone who sniffs it rewrite "
        "the config (T1569 via SNMP SET). The guidance: SNMPv3 only, with auth and encryption."
    )
    remediation = {
        "ios-xe": "no snmp-server community <community>\nsnmp-server group <group> v3 priv access <acl>"
    }
    sources = (sources.CIS_IOS_XE_17,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        comms = device.snmp.communities
        v12 = [g for g in device.snmp.groups if g.version in ("1", "2c")]
        if not comms and not v12:
            return passed("no SNMP v1/v2c community or group")
        parts = [f"community {c.masked} {c.access}" + ("" if c.acl else " without ACL") for c in comms]
        parts += [f"group {g.name} v{g.version}" for g in v12]
        rw = [c for c in comms if c.access == "RW"]
        head = "RW community present; " if rw else ""
        return failed(head + "; ".join(parts), [c.line for c in comms] + [g.line for g in v12])


class SnmpV3Priv(Check):
    id = "CW-IOS-SNMP-V3-PRIV"
    title = "SNMPv3 group without priv, or user without SHA + AES"
    requirement = "SNMPv3 groups use priv (authPriv), users SHA + AES"
    severity = Severity.HIGH
    references = ("EVH-H10", "LI-04")
    attack = ("T1602.001",)
    rationale = (
        "v3 `noauth`/`auth` groups send data unencrypted; MD5/DES are weak. Cisco's own LI example "
        "grants TAP-MIB access to a `noauth` group (docs/guidance.md#cisco-li), which EVH-H10 forbids."
    )
    remediation = {
        "ios-xe": "no snmp-server group <group> v3 <weak-level>\n"
        "snmp-server group <group> v3 priv read <view> access <acl>\n"
        "snmp-server user <user> <group> v3 auth sha <pw> priv aes 256 <pw>"
    }
    sources = (sources.CIS_IOS_XE_17, sources.CISCO_SNMP_GROUP_LEVEL)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        groups = [g for g in device.snmp.groups if g.version == "3"]
        users = [u for u in device.snmp.users if u.version in ("3", None)]
        if not groups and not users:
            return not_applicable("no SNMPv3 groups or users configured")
        bad_g = [g for g in groups if g.level != "priv"]
        bad_u = [
            u
            for u in users
            if (u.auth or "").startswith("md5") or u.auth is None or u.priv in (None, "des", "3des")
        ]
        if bad_g or bad_u:
            msg = [f"group {g.name} v3 {g.level or 'noauth'}" for g in bad_g]
            msg += [f"user {u.name}: auth {u.auth or 'none'} priv {u.priv or 'none'}" for u in bad_u]
            return failed("; ".join(msg), [g.line for g in bad_g] + [u.line for u in bad_u])
        return passed("all SNMPv3 groups are priv and users use SHA + AES", [g.line for g in groups])


class SshVersion2(Check):
    id = "CW-IOS-SSH-V2"
    title = "SSH not pinned to version 2 (SSHv1 accepted)"
    requirement = "SSH pinned to version 2 (ip ssh version 2)"
    severity = Severity.HIGH
    references = ("EVH-H14",)
    rationale = (
        "SSHv1 is broken; without `ip ssh version 2` IOS answers as 1.99 and accepts v1 clients "
        "(Cisco SSH configuration guide: if the version is not set the server selects the latest "
        "version the client supports)."
    )
    remediation = {"ios-xe": "ip ssh version 2\nip ssh dh min size 4096", "ios-xr": "ssh server v2\ncommit"}
    sources = (sources.CISCO_SSH_V2_XE, sources.CISCO_SSH_CMDS, sources.XR_SSH_CMDS)
    platforms = ("ios", "ios-xe", "ios-xr")

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        v = device.services.ssh_version
        line = device.services.lines.get("ssh_version")
        if v == "2":
            return passed("SSH version 2 is pinned", [line])
        if v is None:
            return failed("SSH version not pinned: the server also accepts SSHv1 clients")
        return failed(f"SSH version {v} configured", [line])


class SourceRoute(Check):
    id = "CW-IOS-SOURCE-ROUTE"
    title = "IP source routing enabled (no `no ip source-route`)"
    requirement = "IP source routing disabled (no ip source-route)"
    severity = Severity.MEDIUM
    references = ("EVH-H13",)
    rationale = (
        "Source-routed packets let a sender choose the path through the network. IOS enables "
        "`ip source-route` by default, so the running config must show `no ip source-route` "
        "[K: default per CIS Cisco IOS benchmark]."
    )
    remediation = {"ios-xe": "no ip source-route", "ios": "no ip source-route"}
    sources = (sources.CIS_IOS_XE_17,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.source_route is False:
            return passed("`no ip source-route` is configured", [s.lines.get("source_route")])
        return failed(
            "IP source routing is enabled (default unless `no ip source-route`)",
            [s.lines.get("source_route")],
        )


class NtpAuthentication(Check):
    id = "CW-IOS-NTP-AUTH"
    title = "NTP not authenticated"
    requirement = "NTP authenticated (ntp authenticate, trusted-key, server ... key)"
    severity = Severity.HIGH
    references = ("EVH-H15",)
    rationale = (
        "Unauthenticated NTP lets an on-path actor shift device clocks and break log correlation. "
        "Needs `ntp authenticate`, an `ntp authentication-key`, `ntp trusted-key` and `key N` on every "
        "`ntp server`."
    )
    remediation = {
        "ios-xe": "ntp authentication-key 1 hmac-sha2-256 <key>\nntp authenticate\n"
        "ntp trusted-key 1\nntp server <ip> key 1"
    }
    sources = (sources.NTP_AUTH_STEPS,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        ntp = device.ntp
        if not ntp.servers:
            return not_applicable("no NTP servers configured")
        problems: list[str] = []
        if not ntp.authenticate:
            problems.append("`ntp authenticate` missing")
        if not ntp.trusted_keys:
            problems.append("no `ntp trusted-key`")
        nokey = [s for s in ntp.servers if not s.key or (ntp.trusted_keys and s.key not in ntp.trusted_keys)]
        if nokey:
            problems.append("servers without a trusted key: " + ", ".join(s.address for s in nokey))
        if problems:
            return failed("; ".join(problems), [s.line for s in nokey], values={"ip": [s.address for s in nokey]})
        return passed("NTP authentication is on for every server", [ntp.lines.get("authenticate")])


class RemoteLogging(Check):
    id = "CW-IOS-LOGGING"
    tunables = ("syslog_collectors",)
    title = "Remote syslog missing or incomplete"
    title_key = "Remote syslog incomplete: {key}"
    requirement = "Remote syslog host configured, trap level informational or more, timestamps on"
    severity = Severity.HIGH
    references = ("EVH-V06",)
    attack = ("T1070", "T1562")
    rationale = (
        "Central logging is how config changes and log-clearing are seen (EVH-V06, HUNT-07). A "
        "`logging trap` below informational drops %SYS-5-CONFIG_I/%SEC_LOGIN messages "
        "[K: IOS default trap level is informational]."
    )
    remediation = {
        "ios-xe": "logging host <collector>\nlogging trap informational\n"
        "service timestamps log datetime msec show-timezone"
    }
    sources = (sources.CIS_IOS_XE_17,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        lg = device.logging
        problems: list[str] = []
        if lg.enabled is False:
            problems.append("`no logging on`: logging disabled")
        if not lg.hosts:
            problems.append("no `logging host`")
        level = lg.trap_level
        if level is not None:
            n = int(level) if level.isdigit() else _LEVELS.get(level, -1)
            if n < 5:
                problems.append(f"`logging trap {level}` drops notification/informational messages")
        if lg.timestamps is False:
            problems.append("log timestamps disabled")
        if problems:
            collectors = [str(n.network_address) for n in ctx.allowlists.syslog_collectors if n.num_addresses == 1]
            return failed("; ".join(problems), [lg.lines.get("enabled"), lg.lines.get("trap_level")],
                          key="; ".join(problems), values={"collector": collectors} if collectors else None)
        return passed("logging to " + ", ".join(h.address for h in lg.hosts), [h.line for h in lg.hosts])


class CdpDisabled(Check):
    id = "CW-IOS-CDP"
    title = "CDP enabled (globally or on an interface)"
    requirement = "CDP disabled globally (no cdp run) or on every interface"
    severity = Severity.MEDIUM
    references = ("EVH-H11",)
    attack = ("T1590.004",)
    rationale = (
        "CDP advertises platform, version and addresses to any neighbour. IOS runs CDP by default, so "
        "it must be turned off with `no cdp run` or `no cdp enable` on every interface."
    )
    remediation = {"ios-xe": "no cdp run", "ios": "no cdp run"}
    sources = (sources.CIS_IOS_XE_17,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if s.cdp_run is False:
            return passed("`no cdp run` is configured", [s.lines.get("cdp_run")])
        live = [
            i
            for i in device.interfaces.values()
            if not i.shutdown
            and i.cdp_enabled is not False
            and not i.is_loopback
            and not i.name.lower().startswith(("tunnel", "vlan", "null"))
        ]
        if not live and device.interfaces:
            return passed("CDP disabled on every active interface")
        return failed(
            "CDP runs globally" + (f" and on {len(live)} interface(s)" if live else ""),
            [s.lines.get("cdp_run")],
        )


#: This module's checks, in report order (the explicit table ``audit.checks`` collects).
CHECKS: tuple[type[Check], ...] = (
    HttpServer,
    SmartInstall,
    GuestShell,
    SnmpCommunities,
    SnmpV3Priv,
    SshVersion2,
    SourceRoute,
    NtpAuthentication,
    RemoteLogging,
    CdpDisabled,
)
