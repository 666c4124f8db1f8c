"""Routing-protocol authentication, VPN crypto strength, plaintext file services, switch traffic
mirroring and self-signed TLS: checks over model fields the Cisco-family parsers fill.

Guidance ids: EVH-H15 (authenticate BGP/OSPF), EVH-H16 (DH 15/16/20, AES-256, SHA-384/512),
EVH-H19/H21 (no TFTP/FTP), LI-07 on switches (routers: ``li/config_checks.py``), HUNT-01/03 (docs/guidance.md#hunting),
EVH-H12 (no self-signed certificates).
"""

from __future__ import annotations

import ipaddress
import re

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
from carrierwatch.configs.addr import is_ip
from carrierwatch.configs.model import DeviceConfig, MonitorSession
from carrierwatch.findings import Severity
from carrierwatch.workspace import IPNet

CISCO = ("ios", "ios-xe", "nx-os", "ios-xr", "eos")


def _allowed(addr: str, nets: list[IPNet]) -> bool:
    try:
        ip = ipaddress.ip_address(addr.split("%")[0])
    except ValueError:
        return False
    return any(ip in n for n in nets)


class BgpAuthentication(Check):
    id = "CW-BGP-AUTH"
    title = "BGP neighbors without TCP MD5/AO authentication"
    requirement = "Every BGP neighbor has TCP MD5/AO authentication"
    severity = Severity.HIGH
    platforms = ("ios", "ios-xe", "eos")
    references = ("EVH-H15",)
    attack = ("T1557", "T1599")
    rationale = "EVH-H15: authenticate BGP sessions (`neighbor <ip> password`, or TCP-AO) so peers cannot be spoofed."
    remediation = {
        "ios-xe": "router bgp <asn>\n neighbor <ip> password <secret>",
        "ios": "router bgp <asn>\n neighbor <ip> password <secret>",
        "eos": "router bgp <asn>\n   neighbor <ip> password <secret>",
    }
    sources = (sources.BGP_NEIGHBOR_PASSWORD, sources.GUIDANCE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        nbrs = device.bgp_neighbors
        if not nbrs:
            return not_applicable("no BGP neighbors")
        bad = [n for n in nbrs if n.password_type is None]
        if bad:
            return failed("BGP neighbor(s) without password: " + ", ".join(n.address for n in bad[:20]),
                          [n.line for n in bad], values={"ip": [n.address for n in bad]})
        return passed(f"{len(nbrs)} BGP neighbor(s) authenticated", [n.password_line for n in nbrs])


class OspfAuthentication(Check):
    id = "CW-OSPF-AUTH"
    title = "OSPF without message-digest authentication"
    requirement = "OSPF areas use message-digest authentication"
    # Guidance severity is High for EVH-H15 overall; OSPF on point-to-point core links inside the
    # carrier is a lower risk than BGP to outside peers: LOW is a guess, tune per network.
    severity = Severity.LOW
    platforms = ("ios", "ios-xe")
    references = ("EVH-H15",)
    attack = ("T1557",)
    rationale = "EVH-H15: authenticate OSPF (`area N authentication message-digest` + interface keys)."
    remediation = {
        "ios-xe": "router ospf <pid>\n area <area> authentication message-digest\n"
        "interface <if>\n ip ospf message-digest-key 1 md5 <key>"
    }
    sources = (sources.GUIDANCE,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        if not device.ospf:
            return not_applicable("no OSPF process")
        bad = [p for p in device.ospf if not p.interface_auth and set(p.area_authentication.values()) != {"md5"}]
        if bad:
            return failed("OSPF process(es) without message-digest authentication: "
                          + ", ".join(p.process for p in bad), [p.line for p in bad],
                          values={"pid": [p.process for p in bad]})
        return passed("OSPF authenticated", [p.line for p in device.ospf])


_SELF_SIGNED = re.compile(r"^\s*(?:crypto pki trustpoint|ip http secure-trustpoint)\s+TP-self-signed", re.I)
_WEAK_ENC = re.compile(r"\b(?:des|3des|esp-des|esp-3des|aes(?: 128)?|aes-cbc-128|aes-gcm-128|esp-aes(?! 256))\b")
_WEAK_HASH = re.compile(r"\b(?:md5|sha|sha1|esp-md5-hmac|esp-sha-hmac|sha256)\b")
_GOOD_GROUPS = {"15", "16", "20"}


class IkeCryptoStrength(Check):
    id = "CW-IKE-CRYPTO"
    title = "Weak IKE/IPsec proposal (below AES-256, SHA-384/512, DH group 15/16/20)"
    requirement = "IKE/IPsec proposals use AES-256, SHA-384/512 and DH group 15, 16 or 20"
    severity = Severity.HIGH
    platforms = ("ios", "ios-xe")
    references = ("EVH-H16", "EVH-H05")
    attack = ("T1557",)
    rationale = (
        "EVH-H16: key exchange DH 15 (MODP-3072), 16 (MODP-4096) or 20 (ECP-384), AES-256, SHA-384/512; "
        "no DES/3DES/AES-128, no MD5/SHA-1, no DH 1/2/5/14. Algorithm keywords per Cisco IOS XE "
        "`crypto ikev2 proposal` / `crypto isakmp policy` / transform-set syntax [K]."
    )
    remediation = {
        "ios-xe": "no crypto isakmp policy <weak-policy>\n"
        "crypto ikev2 proposal STRONG\n encryption aes-gcm-256\n prf sha384\n group 20\n"
        "crypto ipsec transform-set <transform-set> esp-gcm 256\n mode tunnel"
    }
    sources = (sources.GUIDANCE, sources.CISCO_IPSEC_XE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        items = [c for c in device.crypto if c.kind in ("isakmp-policy", "ikev2-proposal", "transform-set")]
        if not items:
            return not_applicable("no IKE/IPsec proposals")
        bad: list[tuple[str, int]] = []
        for c in items:
            v = {k: val.lower() for k, val in c.values.items()}
            why = []
            if c.kind == "transform-set":
                t = v.get("transforms", "")
                if re.search(r"esp-(?:des|3des|md5-hmac|sha-hmac)\b", t) or re.search(r"esp-aes(?!\s+256)", t) \
                        or re.search(r"esp-gcm(?!\s+256)", t):
                    why.append(t)
            else:
                enc = v.get("encryption", "des" if c.kind == "isakmp-policy" else "")
                if _WEAK_ENC.search(enc) and "256" not in enc:
                    why.append(f"encryption {enc}")
                for key in ("hash", "integrity", "prf"):
                    if key in v and _WEAK_HASH.search(v[key]):
                        why.append(f"{key} {v[key]}")
                if c.kind == "isakmp-policy" and "hash" not in v:
                    why.append("hash sha (default SHA-1)")
                groups = set(v.get("group", "1" if c.kind == "isakmp-policy" else "").split())
                if groups - _GOOD_GROUPS:
                    why.append(f"group {' '.join(sorted(groups))}")
            if why:
                bad.append((f"{c.kind} {c.name}: {', '.join(why)}", c.line))
        if bad:
            return failed("; ".join(b for b, _ in bad), [ln for _, ln in bad])
        return passed(f"{len(items)} proposal(s) strong", [c.line for c in items])


class PlaintextFileServices(Check):
    id = "CW-TFTP-ARCHIVE"
    title = "TFTP server or config archive over TFTP/FTP configured"
    requirement = "No TFTP server and no config archive over TFTP/FTP"
    severity = Severity.HIGH
    platforms = ("ios", "ios-xe")
    references = ("EVH-H19", "EVH-H21")
    attack = ("T1048.003", "T1602.002")
    rationale = (
        "EVH-H21: configs only over encrypted protocols; EVH-H19: no TFTP. AA25-239A actors moved "
        "configs over TFTP/FTP."
    )
    remediation = {"ios-xe": "no tftp-server <file>\narchive\n path scp://<user>@<host>/<dir>/$h-$t"}
    sources = (sources.GUIDANCE,)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        bad, lines = [], []
        if s.tftp_server:
            bad.append("tftp-server " + ", ".join(s.tftp_server))
            lines.append(s.lines.get("tftp_server"))
        if s.archive_path and s.archive_path.lower().startswith(("tftp:", "ftp:")):
            bad.append(f"archive path {s.archive_path.split('/')[0]}//…")
            lines.append(s.lines.get("archive_path"))
        if bad:
            return failed("; ".join(bad), lines)
        return passed("no plaintext file service", [s.lines.get("archive_path")])


class TrafficMirroring(Check):
    id = "CW-HUNT-SPAN"
    title = "Switch: packet capture, or RSPAN/ERSPAN to a destination off the span_destinations allow-list"
    requirement = "Switches: no packet capture and no RSPAN/ERSPAN to destinations off the allow-list"
    severity = Severity.HIGH
    platforms = CISCO
    references = ("HUNT-01", "HUNT-03", "LI-07")
    attack = ("T1040", "T1020.001")
    rationale = (
        "AA25-239A: on-box capture of TACACS+ and mirrored traffic (shadow lawful intercept). ERSPAN "
        "destinations must be on the span_destinations allow-list; `monitor capture` on a router is "
        "suspicious unless a change ticket explains it."
    )
    remediation = {
        "ios-xe": "no monitor session <n>\nno monitor capture <name>",
        "nx-os": "no monitor session <n>",
        "eos": "no monitor session <name>",
        "ios-xr": "interface <source-interface>\n no monitor-session <name>\nno monitor-session <name>\ncommit",
    }
    sources = (sources.GUIDANCE, sources.XR_TRAFFIC_MIRRORING)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        if not device.is_switch:
            return not_applicable("routers are covered by CW-LI-SHADOW-MIRROR (lawful-intercept checks)")
        sess = device.monitor_sessions
        if not sess:
            return passed("no SPAN/ERSPAN session or capture")
        bad: list[tuple[str, int]] = []
        local: list[int] = []
        for s in sess:
            if s.kind == "capture":
                bad.append((f"monitor capture {s.name}", s.line))
                continue
            ips = [d for d in s.destinations if is_ip(d)]
            for ip in ips:
                if not _allowed(ip, ctx.allowlists.span_destinations):
                    bad.append((f"{s.kind} session {s.name} -> {ip}", s.line))
            if not ips:
                local.append(s.line)
        if bad:
            return failed("; ".join(b for b, _ in bad), [ln for _, ln in bad], values=_mirror_values(sess))
        if local:
            return manual("local SPAN session(s) to interfaces: confirm each has a change ticket", local)
        return passed("ERSPAN destinations allow-listed", [s.line for s in sess])


def _mirror_values(sessions: list[MonitorSession]) -> dict[str, str | list[str]]:
    """Session names for ``<n>``, capture names for ``<name>`` (the remediation's placeholders)."""
    spans = [s.name for s in sessions if s.kind != "capture"]
    captures = [s.name for s in sessions if s.kind == "capture"]
    return {k: v for k, v in (("n", spans), ("name", captures)) if v}


class SelfSignedTrustpoint(Check):
    id = "CW-TLS-SELF-SIGNED"
    title = "HTTPS/TLS served with a self-signed trustpoint (TP-self-signed)"
    requirement = "HTTPS/TLS services use a CA-issued trustpoint, not TP-self-signed"
    severity = Severity.MEDIUM
    platforms = ("ios", "ios-xe")
    references = ("EVH-H12",)
    attack = ("T1557",)
    rationale = (
        "EVH-H12: PKI certificates, not self-signed. IOS XE names its self-signed trustpoint "
        "`TP-self-signed-<n>`."
    )
    remediation = {
        "ios-xe": "crypto pki trustpoint <CA-TP>\n enrollment url <ca-url>\nip http secure-trustpoint <CA-TP>\n"
        "no crypto pki trustpoint <self-signed-TP>"
    }
    sources = (sources.GUIDANCE, sources.CISCO_PKI_ENROLL_XE)

    def test(self, device: DeviceConfig, ctx: AuditContext) -> CheckResult:
        s = device.services
        if not s.https_server:
            return not_applicable("HTTPS server off")
        lines = [n for n, raw in enumerate(device.source_lines, 1) if _SELF_SIGNED.match(raw)]
        if lines:
            return failed("HTTPS uses a self-signed trustpoint", lines)
        return passed("no self-signed trustpoint")


#: This module's checks, in report order (the explicit table ``audit.checks`` collects).
CHECKS: tuple[type[Check], ...] = (
    BgpAuthentication,
    OspfAuthentication,
    IkeCryptoStrength,
    PlaintextFileServices,
    TrafficMirroring,
    SelfSignedTrustpoint,
)
