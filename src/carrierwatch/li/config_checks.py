"""Lawful-intercept config checks: who may provision taps over SNMP, and mirrors that act as shadow taps.

Sources (docs/guidance.md#cisco-li, docs/guidance.md#li-checks):

* LI-04: Cisco Service Independent Intercept takes taps from a mediation device over SNMPv3 through
  CISCO-TAP2-MIB (1.3.6.1.4.1.9.9.399) and CISCO-IP-TAP-MIB. Cisco's own example grants them with a
  ``noauth`` group and MD5 (Cisco LI guide page https://manualsbrain.com/it/manuals/1644400/?page=25;
  CISCO-TAP2-MIB tables https://mibs.observium.org/mib/CISCO-TAP2-MIB/tables; docs/guidance.md#src-10).
  A view holding a TAP MIB must be reachable only through a ``v3 priv`` group bound to an ACL that
  admits only the mediation devices (workspace ``li_mediation``).
* LI-07: SPAN/RSPAN/ERSPAN sessions and embedded packet captures on routers copy traffic somewhere; one
  that does not go to a mediation device (or an allow-listed ``span_destinations`` collector) is a shadow
  intercept (AA25-239A T1040; the lab's planted ``monitor capture`` of TACACS+).

The OIDs of CISCO-IP-TAP-MIB (.394) and CISCO-TAP-MIB (.252) are from memory of the Cisco MIB locator,
not from a fetched source: guess, verify against https://mibs.cloudapps.cisco.com/ITDIT/MIBS/.
The model has no device role, so "PE router" is approximated as "not an L2 switch" (``is_switch``).
"""

from __future__ import annotations

import ipaddress

from carrierwatch.audit import sources as src
from carrierwatch.audit.framework import (
    AuditContext,
    Check,
    CheckResult,
    failed,
    manual,
    not_applicable,
    passed,
)
from carrierwatch.configs.addr import is_ip
from carrierwatch.configs.model import DeviceConfig, SnmpGroup
from carrierwatch.findings import Severity

TAP_MIB_NAMES = ("ctap2mib", "ciscotap2mib", "ciscoiptapmib", "ciscotapmib", "ctapmib", "ciscouserconnectiontapmib")
TAP_MIB_OIDS = ("1.3.6.1.4.1.9.9.399", "1.3.6.1.4.1.9.9.394", "1.3.6.1.4.1.9.9.252")  # .394/.252: guess
CISCO = ("ios", "ios-xe", "ios-xr", "nx-os")
LI_GUIDE = "https://manualsbrain.com/it/manuals/1644400/?page=25"  # Cisco LI configuration example (SRC-10)
TAP2_MIB = "https://mibs.observium.org/mib/CISCO-TAP2-MIB/tables"
SNMP_GROUP_LEVEL = (  # a group entry per name + security level: a priv entry does not replace a noauth one
    "https://www.cisco.com/c/en/us/support/docs/smb/switches/Cisco-Business-Switching/"
    "kmgmt-2514-configure-snmp-groups-cbs.pdf"
)


def is_tap_view_entry(entry: str) -> bool:
    e = entry.strip().lower()
    return e in TAP_MIB_NAMES or any(e == o or e.startswith(o + ".") for o in TAP_MIB_OIDS)


def _tap_views(device: DeviceConfig) -> set[str]:
    return {name for name, v in device.snmp.views.items() if any(is_tap_view_entry(i) for i in v.included)}


def _acl_only_mediation(device: DeviceConfig, acl_name: str | None, ctx: AuditContext) -> tuple[bool, str]:
    if not acl_name:
        return False, "no ACL"
    acl = device.acls.get(acl_name)
    if acl is None:
        return False, f"ACL {acl_name} is not defined"
    permits = [e for e in acl.entries if e.action == "permit"]
    if not permits:
        return False, f"ACL {acl_name} permits nothing (check it is the one in use)"
    for e in permits:
        src = (e.source or "any").split("/")[0]
        prefix = (e.source or "").split("/")[1] if "/" in (e.source or "") else "32"
        if src == "any" or not is_ip(src):
            return False, f"ACL {acl_name} permits {e.source or 'any'}"
        net = ipaddress.ip_network(f"{src}/{prefix}", strict=False)
        if not any(net.version == m.version and net.subnet_of(m) for m in ctx.allowlists.li_mediation  # type: ignore[arg-type]
                   ):
            return False, f"ACL {acl_name} permits {e.source}, not a mediation device"
    return True, f"ACL {acl_name} admits mediation devices only"


class TapMibSnmpAccess(Check):
    id = "CW-LI-TAP-SNMP"
    title = "SNMP view holding a Cisco TAP MIB reachable other than via v3 priv from mediation devices"
    requirement = "SNMP views holding the Cisco TAP MIBs are reachable only via v3 priv from mediation devices"
    severity = Severity.HIGH
    platforms = CISCO
    references = ("LI-04", "EVH-H10")
    attack = ("T1602.001",)
    rationale = (
        "Whoever can write CISCO-TAP2-MIB can start an intercept and choose where it is delivered "
        "(cTap2MediationDestAddress); whoever can read it sees who is tapped (docs/guidance.md#cisco-li)."
    )
    # IOS XR binds the group to an ACL with `ipv4 <acl>` (XR_SNMP_GROUP); NX-OS has no SNMP views (access is by
    # role) and no TAP MIB, so its text enforces v3 privacy for the mediation user instead.
    remediation = {
        "ios-xe": "no snmp-server group <group> v3 <weak-level>\n"
        "snmp-server group <group> v3 priv read <tapview> write <tapview> access LI-MD-ACL\n"
        "ip access-list standard LI-MD-ACL\n permit host <mediation-device>",
        "ios-xr": "no snmp-server group <group> v3 <weak-level>\n"
        "snmp-server group <group> v3 priv read <tapview> write <tapview> notify <tapview> ipv4 LI-MD-ACL\n"
        "ipv4 access-list LI-MD-ACL\n 10 permit ipv4 host <mediation-device> any\ncommit",
        "nx-os": "! NX-OS grants SNMP access by role, not by view, and has no TAP MIB: require SNMPv3 privacy\n"
        "snmp-server globalEnforcePriv\n"
        "snmp-server user <user> auth sha <auth-passphrase> priv aes-128 <priv-passphrase>",
    }
    sources = (LI_GUIDE, TAP2_MIB, SNMP_GROUP_LEVEL, src.XR_LAWFUL_INTERCEPT, src.XR_SNMP_GROUP, src.NXOS_SNMP)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        views = _tap_views(device)
        if not views:
            return not_applicable("no SNMP view includes a TAP MIB")
        lines = [ln for v in views for ln in device.snmp.views[v].lines]
        problems: list[str] = []
        bad_lines: list[int] = []
        for c in device.snmp.communities:
            if c.view in views:
                problems.append(f"community {c.masked} (v1/v2c) uses TAP view {c.view}")
                bad_lines.append(c.line)
        groups = [g for g in device.snmp.groups if {g.read_view, g.write_view, g.notify_view} & views]
        for g in groups:
            issue = self._group_issue(device, g, ctx)
            if issue:
                problems.append(issue)
                bad_lines.append(g.line)
        if problems:
            mediation = [str(n.network_address) for n in ctx.allowlists.li_mediation if n.num_addresses == 1]
            tapview = sorted(views)[0] if len(views) == 1 else None
            values: dict[str, str | list[str]] = {"mediation-device": mediation} if mediation else {}
            if tapview:
                values["tapview"] = tapview
            return failed("; ".join(problems), bad_lines + lines, values=values)
        if not groups:
            return manual(f"TAP view(s) {', '.join(sorted(views))} defined but no group uses them", lines)
        if not ctx.allowlists.li_mediation:
            return manual("li_mediation allow-list is empty: cannot judge the TAP group ACLs", lines)
        return passed("TAP views only via v3 priv groups restricted to mediation devices", lines)

    @staticmethod
    def _group_issue(device: DeviceConfig, g: SnmpGroup, ctx: AuditContext) -> str | None:
        if g.version != "3" or g.level != "priv":
            return f"group {g.name} uses a TAP view with v{g.version} {g.level or ''}".strip() + " (needs v3 priv)"
        acl = g.acl or next((u.acl for u in device.snmp.users if u.group == g.name and u.acl), None)
        if not ctx.allowlists.li_mediation:
            return None if acl else f"group {g.name} has no ACL"
        ok, why = _acl_only_mediation(device, acl, ctx)
        return None if ok else f"group {g.name}: {why}"


class RemoteMirrorToMediation(Check):
    id = "CW-LI-SHADOW-MIRROR"
    title = "Router mirrors traffic (SPAN/RSPAN/ERSPAN, packet capture) to a destination that is not a mediation device"
    requirement = "Traffic mirroring (SPAN/RSPAN/ERSPAN, packet capture) on routers goes only to mediation devices"
    severity = Severity.CRITICAL
    platforms = CISCO
    references = ("LI-07", "HUNT-03")
    attack = ("T1040",)
    rationale = (
        "A mirror session or an embedded capture on a PE router is an intercept without a warrant unless it "
        "delivers to a mediation device or an approved collector (docs/guidance.md#li-07)."
    )
    remediation = {
        "ios-xe": "no monitor session <n>\nno monitor capture <name>\n! then find who configured it",
        "nx-os": "no monitor session <n>\n! then find who configured it",
        "ios-xr": "interface <source-interface>\n no monitor-session <name>\nno monitor-session <name>\n"
        "! then find who configured it\ncommit",
    }
    sources = (LI_GUIDE, src.NXOS_SPAN_ERSPAN, src.XR_TRAFFIC_MIRRORING)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        if device.is_switch:
            return not_applicable("L2 switch: local SPAN is routine; this check covers routers")
        if not device.monitor_sessions:
            return passed("no mirroring sessions or captures")
        problems: list[str] = []
        lines: list[int] = []
        for s in device.monitor_sessions:
            if s.kind == "capture":
                problems.append(f"packet capture '{s.name}' on a router (stays local until exported)")
                lines.append(s.line)
                continue
            ips = [d for d in s.destinations if is_ip(d)]
            foreign = [d for d in ips if not (ctx.allowlists.contains("li_mediation", d)
                                              or ctx.allowlists.contains("span_destinations", d))]
            if foreign:
                problems.append(f"{s.kind} session {s.name} sends to {', '.join(foreign)}")
                lines.append(s.line)
            elif not ips:
                problems.append(f"{s.kind} session {s.name} mirrors to a local port on a router")
                lines.append(s.line)
        if problems:
            spans = [s.name for s in device.monitor_sessions if s.kind != "capture"]
            captures = [s.name for s in device.monitor_sessions if s.kind == "capture"]
            return failed("; ".join(problems), lines,
                          values={k: v for k, v in (("n", spans), ("name", captures)) if v})
        return passed("mirroring goes only to mediation devices or approved collectors",
                      [s.line for s in device.monitor_sessions])


#: This module's checks, in report order (the explicit table ``audit.checks`` collects).
CHECKS: tuple[type[Check], ...] = (
    TapMibSnmpAccess,
    RemoteMirrorToMediation,
)
