"""Typhoon config hunts: things that are not "weak settings" but signs of tampering, judged against the
workspace allow-lists (known-good AAA servers, tunnel peers, management subnets, NMS).

HUNT-ids from docs/guidance.md#hunting (AA25-239A hunting checklist), EVH-V09 from #visibility. The port
patterns come from the workspace ``[hunt]`` settings (SSH ``xxx22``/``22x22``, HTTP ``18xxx``).
An empty allow-list makes a hunt MANUAL, never PASS: "nothing to compare with" is not "clean".
"""

from __future__ import annotations

import ipaddress
import re

from carrierwatch.audit import sources
from carrierwatch.audit.framework import AuditContext, Check, CheckResult, failed, manual, passed
from carrierwatch.configs.addr import is_ip
from carrierwatch.configs.model import AaaServer, DeviceConfig
from carrierwatch.findings import Severity
from carrierwatch.workspace import IPNet

ALL_PLATFORMS = ("ios", "ios-xe", "nx-os", "ios-xr", "eos", "junos")


class AaaServersAllowlisted(Check):
    id = "CW-HUNT-AAA-SERVER"
    tunables = ("aaa_servers",)
    concepts = ("aaa-server-allowlist",)
    title = "TACACS+/RADIUS server not on the aaa_servers allow-list"
    title_key = "{key} not on the aaa_servers allow-list"
    requirement = "TACACS+/RADIUS servers are all on the aaa_servers allow-list"
    severity = Severity.CRITICAL
    platforms = ALL_PLATFORMS
    references = ("HUNT-04", "HUNT-01")
    attack = ("T1556",)
    rationale = (
        "Salt Typhoon repointed TACACS+/RADIUS server entries to actor hosts to capture credentials "
        "(AA25-239A T1556, docs/guidance.md#hunt-04). Any AAA server outside `aaa_servers` is suspect."
    )
    # <server> is the entry as the config names it (IOS XE: `tacacs server NAME` or the legacy
    # `tacacs-server host ADDRESS`); <protocol> is tacacs or radius; <junos-server> tacplus-server or radius-server.
    remediation = {
        "ios-xe": "no <server>\n! then investigate who changed it (AAA accounting)",
        "nx-os": "no <protocol>-server host <address>\n! then investigate who changed it (AAA accounting)",
        "ios-xr": "no <protocol>-server host <address>\n! then investigate who changed it (AAA accounting)\ncommit",
        "eos": "no <protocol>-server host <address>\n! then investigate who changed it (AAA accounting)",
        "junos": "delete system <junos-server> <address>\n# then investigate who changed it (AAA accounting)\ncommit",
    }
    sources = (
        sources.AA25_239A,
        sources.GUIDANCE,
        sources.NXOS_TACACS,
        sources.NXOS_AAA_HOST_ANSIBLE,
        sources.XR_TACACS_HOST,
        sources.EOS_USER_SECURITY,
        sources.JUNOS_TACPLUS,
    )

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        servers = device.aaa.servers
        if not servers:
            return passed("no TACACS+/RADIUS servers configured")
        if not ctx.allowlists.aaa_servers:
            return manual(
                "aaa_servers allow-list is empty: cannot judge " + ", ".join(str(s.address) for s in servers),
                [s.line for s in servers],
            )
        bad = [
            s
            for s in servers
            if s.address and is_ip(s.address) and not ctx.allowlists.contains("aaa_servers", s.address)
        ]
        unknown = [s for s in servers if not s.address or not is_ip(s.address)]
        if bad:
            return failed(
                "AAA server(s) not on the allow-list: " + ", ".join(f"{s.protocol} {s.address}" for s in bad),
                [s.line for s in bad], key=_server_key(bad), values=_server_values(bad),
            )
        if unknown:
            return manual(
                "AAA server(s) given by name or without address: "
                + ", ".join(str(s.name or s.address) for s in unknown),
                [s.line for s in unknown],
            )
        return passed("all AAA servers are allow-listed", [s.line for s in servers])


_PROTOCOL_NAMES = {"tacacs": "TACACS+", "radius": "RADIUS"}


def _server_key(servers: list[AaaServer]) -> str:
    """``TACACS+ server 198.51.100.23`` / ``TACACS+ servers a, b, RADIUS server c``: what the title names."""
    parts = []
    for proto in sorted({s.protocol for s in servers}):
        addrs = [str(s.address) for s in servers if s.protocol == proto]
        name = _PROTOCOL_NAMES.get(proto, proto)
        parts.append(f"{name} server{'s' if len(addrs) > 1 else ''} {', '.join(addrs)}")
    return ", ".join(parts)


def _server_values(servers: list[AaaServer]) -> dict[str, str | list[str]]:
    """One value per offending server, for each remediation placeholder (see the ``remediation`` comment)."""
    return {
        "address": [str(s.address) for s in servers],
        "protocol": [s.protocol for s in servers],
        "server": [f"{s.protocol} server {s.name}" if s.name else f"{s.protocol}-server host {s.address}"
                   for s in servers],
        "junos-server": ["tacplus-server" if s.protocol == "tacacs" else "radius-server" for s in servers],
    }


class TunnelPeersAllowlisted(Check):
    id = "CW-HUNT-TUNNEL-PEER"
    tunables = ("tunnel_peers",)
    concepts = ("tunnel-peer-allowlist",)
    title = "Tunnel destination or crypto peer not on the tunnel_peers allow-list"
    title_key = "Tunnel peer {key} not on the tunnel_peers allow-list"
    requirement = "GRE/IPsec tunnel destinations are all on the tunnel_peers allow-list"
    severity = Severity.HIGH
    platforms = ALL_PLATFORMS
    references = ("HUNT-05", "EVH-V09")
    attack = ("T1572", "T1095")
    rationale = (
        "Actors built GRE/mGRE/IPsec tunnels from routers to exfiltrate and to reach inside "
        "(AA25-239A T1572). Every tunnel destination and crypto peer must be a known peer."
    )
    remediation = {
        "ios-xe": "no interface <interface>\n! or add the peer to tunnel_peers if it is legitimate",
        "nx-os": "no interface <interface>\n! or add the peer to tunnel_peers if it is legitimate",
        "ios-xr": "no interface <interface>\n! or add the peer to tunnel_peers if it is legitimate\ncommit",
        "eos": "no interface <interface>\n! or add the peer to tunnel_peers if it is legitimate",
        "junos": "delete interfaces <gr-interface> unit <unit>\n"
        "# or add the peer to tunnel_peers if it is legitimate\ncommit",
    }
    sources = (
        sources.AA25_239A,
        sources.GUIDANCE,
        sources.NXOS_IP_TUNNELS,
        sources.XR_GRE_TUNNELS,
        sources.XR_TUNNEL_IP_NETASCODE,
        sources.EOS_GRE_TUNNEL,
        sources.JUNOS_GRE_TUNNEL,
    )

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        peers: list[tuple[str, int | None, str]] = []
        for itf in device.interfaces.values():
            if itf.tunnel and itf.tunnel.destination:
                peers.append((itf.tunnel.destination, itf.tunnel.line, itf.name))
            elif itf.tunnel and itf.tunnel.mode and "multipoint" in itf.tunnel.mode:
                peers.append(("(multipoint)", itf.tunnel.line, itf.name))
        peers += [(c.peer, c.line, f"crypto {c.name}") for c in device.crypto if c.peer and c.kind == "peer"]
        if not peers:
            return passed("no tunnel destinations or crypto peers configured")
        if not ctx.allowlists.tunnel_peers:
            return failed(
                "tunnels configured but the tunnel_peers allow-list is empty: "
                + ", ".join(f"{n} -> {p}" for p, _, n in peers),
                [ln for _, ln, _ in peers], key=_peer_key(peers), values=_tunnel_values(peers),
            )
        bad = [(p, ln, n) for p, ln, n in peers if not ctx.allowlists.contains("tunnel_peers", p)]
        if bad:
            return failed(
                "tunnel peer(s) not on the allow-list: " + ", ".join(f"{n} -> {p}" for p, _, n in bad),
                [ln for _, ln, _ in bad], key=_peer_key(bad), values=_tunnel_values(bad),
            )
        return passed("all tunnel peers are allow-listed", [ln for _, ln, _ in peers])


def _peer_key(peers: list[tuple[str, int | None, str]]) -> str:
    return ", ".join(dict.fromkeys(p for p, _, _ in peers))


def _tunnel_values(peers: list[tuple[str, int | None, str]]) -> dict[str, str | list[str]]:
    names = list(dict.fromkeys(n for _, _, n in peers if not n.startswith("crypto ")))
    return {"interface": names} if names else {}


class NonStandardMgmtPorts(Check):
    id = "CW-HUNT-MGMT-PORT"
    tunables = ("nonstandard_ssh_regex", "nonstandard_http_regex")
    concepts = ("nonstandard-mgmt-port",)
    title = "SSH/HTTP management on a non-standard port"
    title_key = "Management on a non-standard port: {key}"
    requirement = "No SSH/HTTP management on non-standard ports (xxx22, 22x22, 18xxx)"
    severity = Severity.HIGH
    platforms = ALL_PLATFORMS
    references = ("HUNT-02",)
    attack = ("T1571", "T1021.004")
    rationale = (
        "AA25-239A: actors ran SSH on high ports matching xxx22/22x22 (`ip ssh port N rotary R`) and "
        "re-enabled HTTP(S) servers on 18xxx ports. Patterns are the workspace [hunt] settings."
    )
    # NX-OS: NX-API is the device's HTTP(S) server; IOS XR: its SSH server port (no HTTP server to move);
    # EOS: eAPI ports (an SSH port under `management ssh` is not covered); Junos: ssh / web-management `port`
    # (web-management `port`: [K], no page found; the `ssh` statement page lists `port port-number`).
    remediation = {
        "ios-xe": "no ip ssh port <ssh-port> rotary <group>\nno ip http port <http-port>\nno ip http secure-port",
        "nx-os": "no nxapi http\nnxapi https port 443",
        "ios-xr": "no ssh server port <ssh-port>\ncommit",
        "eos": "management api http-commands\n   no protocol http\n   protocol https port 443",
        "junos": "delete system services ssh port\ndelete system services web-management http port\n"
        "delete system services web-management https port\ncommit",
    }
    sources = (
        sources.CISCO_SSH_PORT_12_2T,
        sources.CISCO_SSH_TERMLINE,
        sources.NXOS_NXAPI_ANSIBLE,
        sources.XR_SSH_SERVER_PORT,
        sources.EOS_EAPI,
        sources.CIS_EOS_EAPI_HTTPS,
        sources.JUNOS_SSH_STATEMENT,
    )

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        ssh_re = re.compile(ctx.hunt.nonstandard_ssh_regex)
        http_re = re.compile(ctx.hunt.nonstandard_http_regex)
        bad: list[str] = []
        lines: list[int | None] = []
        ssh_ports = [str(p) for p in s.ssh_ports if ssh_re.match(str(p)) and p != 22]
        for p in ssh_ports:
            bad.append(f"SSH on port {p}")
            lines.append(s.lines.get("ssh_ports"))
        values: dict[str, str | list[str]] = {"ssh-port": ssh_ports} if ssh_ports else {}
        for name, port in (("HTTP", s.http_port), ("HTTPS", s.https_port)):
            if port is not None and http_re.match(str(port)):
                bad.append(f"{name} on port {port}")
                lines.append(s.lines.get("http_port" if name == "HTTP" else "https_port"))
                if name == "HTTP":
                    values["http-port"] = str(port)
        if bad:
            return failed("; ".join(bad), lines, key=", ".join(bad), values=values)
        if s.ssh_ports or s.http_port or s.https_port:
            return passed(
                "management ports set, none matches the hunt patterns",
                [s.lines.get("ssh_ports"), s.lines.get("http_port")],
            )
        return passed("no non-default management ports configured")


class ManagementAclSources(Check):
    id = "CW-HUNT-MGMT-ACL"
    tunables = ("management_subnets", "nms")
    title = "Management ACL permits sources outside management_subnets/nms"
    title_key = "Management ACL {key}, outside management_subnets/nms"
    requirement = "Management ACLs (VTY/SNMP/HTTP) permit only management subnets and NMS"
    severity = Severity.HIGH
    platforms = ALL_PLATFORMS
    references = ("HUNT-01", "EVH-H01", "EVH-V04")
    attack = ("T1562.004",)
    rationale = (
        "AA25-239A: actors added their IPs to the ACLs guarding management access (often "
        "`access-list 20`, also 10/50). Every permit in an ACL applied to VTY, SNMP or HTTP must "
        "fall inside `management_subnets` or `nms`."
    )
    remediation = {
        "ios-xe": "ip access-list standard <acl>\n no <offending permit entry>",
        "nx-os": "ip access-list <acl>\n no <sequence-number>",
        "ios-xr": "ipv4 access-list <acl>\n no <sequence-number>\ncommit",
        "eos": "ip access-list <acl>\n   no <sequence-number>",
        "junos": "delete firewall family inet filter <filter> term <term> from source-address <address>\ncommit",
    }
    sources = (
        sources.AA25_239A,
        sources.GUIDANCE,
        sources.NXOS_IP_ACL,
        sources.XR_ACCESS_LISTS,
        sources.EOS_ACLS_ANSIBLE,
        sources.JUNOS_FIREWALL_FILTER,
    )

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        uses = [u for u in device.acl_uses if u.where in ("vty", "snmp", "http")]
        if not uses:
            return passed("no ACL applied to VTY, SNMP or HTTP (see CW-IOS-VTY-ACL)")
        allowed: list[IPNet] = list(ctx.allowlists.management_subnets) + list(ctx.allowlists.nms)
        if not allowed:
            return manual(
                "management_subnets and nms allow-lists are empty: cannot judge ACLs "
                + ", ".join(sorted({u.acl for u in uses})),
                [u.line for u in uses],
            )
        bad: list[str] = []
        bad_acls: list[str] = []
        lines: list[int | None] = []
        unverifiable: list[str] = []
        for name in sorted({u.acl for u in uses}):
            acl = device.acls.get(name)
            if acl is None:
                continue  # undefined ACL: reported by CW-IOS-VTY-ACL
            for e in acl.entries:
                if e.action != "permit":
                    continue
                verdict = _inside(e.source, allowed)
                if verdict is None:
                    unverifiable.append(f"{name}: {e.source}")
                elif not verdict:
                    bad.append(f"{name} permits {e.source}")
                    bad_acls.append(name)
                    lines.append(e.line)
        if bad:
            return failed(
                "management ACL permits sources outside management_subnets/nms: " + "; ".join(bad), lines,
                key="; ".join(bad), values={"acl": list(dict.fromkeys(bad_acls))},
            )
        if unverifiable:
            return manual("cannot resolve ACL operands: " + "; ".join(unverifiable))
        return passed("management ACLs permit only allow-listed sources", [u.line for u in uses])


def _inside(source: str | None, allowed: list[IPNet]) -> bool | None:
    """True if ``source`` lies inside an allowed net, False if not, None if it cannot be resolved."""
    if source is None or source.startswith("object:") or " " in source:
        return None
    if source == "any":
        return False
    try:
        net = ipaddress.ip_network(source, strict=False)
    except ValueError:
        return None
    return any(net.version == a.version and net.subnet_of(a) for a in allowed)  # type: ignore[arg-type]


#: This module's checks, in report order (the explicit table ``audit.checks`` collects).
CHECKS: tuple[type[Check], ...] = (
    AaaServersAllowlisted,
    TunnelPeersAllowlisted,
    NonStandardMgmtPorts,
    ManagementAclSources,
)
