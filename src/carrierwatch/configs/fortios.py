"""Fortinet FortiOS (FortiGate): ``show full-configuration`` / backup text of ``config … end`` blocks.

A section opens with ``config <path words>`` and closes with ``end``; table entries open with ``edit <name>``
and close with ``next``; settings are ``set <key> <values…>``. Sections read, per the FortiOS CLI Reference
(7.0/7.2/7.4) and Fortinet's "FortiOS Hardening your FortiGate" guide:

* ``#config-version=FGT60F-7.0.5-FW-build0304-…`` header (model and version);
* ``system global``: ``hostname``, ``admintimeout`` (minutes, default 5), ``admin-ssh-v1``, ``admin-sport``,
  ``admin-ssh-port``, ``admin-telnet``;
* ``system interface``: ``ip``, ``allowaccess`` (``telnet``/``http`` there are plaintext management),
  ``type tunnel``/``remote-ip``;
* ``system admin``: ``password ENC …`` (``SH2`` = salted SHA-256, ``AK1`` = SHA-1), ``trusthostN``;
* ``system snmp community`` / ``system snmp user``; ``log syslogd setting``; ``system ntp``;
* ``user tacacs+`` / ``user radius`` (``key``/``secret ENC``); ``vpn ssl settings`` (``source-interface``
  and ``status``: SSL-VPN is on when it listens on an interface); ``vpn ipsec phase1-interface``
  (``proposal``, ``dhgrp``, ``remote-gw``, ``psksecret``); ``router bgp`` neighbours (``password``).

Firewall policy, objects, security profiles and routing tables are recognised and not modelled.
"""

from __future__ import annotations

import re

from carrierwatch.configs.blocks import SUBTREE, block_tree, dotted_mask, walk
from carrierwatch.configs.mask import mask_value
from carrierwatch.configs.model import (
    AaaServer,
    Acl,
    AclEntry,
    AclUse,
    BgpNeighbor,
    CryptoItem,
    DeviceConfig,
    Interface,
    IpAddress,
    LoggingHost,
    NtpServer,
    SnmpCommunity,
    SnmpGroup,
    SnmpUser,
    TerminalLine,
    Tunnel,
    User,
)
from carrierwatch.configs.tree import Node

_HEADER = re.compile(r"^#config-version=([A-Za-z0-9]+)-(\d+\.\d+\.\d+)-", re.MULTILINE)
_READ = {
    "system-global", "system-interface", "system-admin", "system-snmp-community", "system-snmp-user",
    "log-syslogd-setting", "log-syslogd2-setting", "system-ntp", "user-tacacs+", "user-radius",
    "vpn-ssl-settings", "vpn-ipsec-phase1-interface", "router-bgp", "system-snmp-sysinfo",
}  # fmt: skip
# sections recognised and not modelled (first word of the ``config`` path, or the whole path)
_IGNORED_ROOTS = (
    "firewall", "antivirus", "webfilter", "ips", "application", "dlp", "wireless-controller", "switch-controller",
    "endpoint-control", "emailfilter", "dnsfilter", "waf", "icap", "voip", "videofilter", "ssh-filter", "wanopt",
    "web-proxy", "extender-controller", "report", "alertemail", "certificate", "vpn certificate", "user group",
    "user local", "user setting", "user peer", "user device", "user fsso", "user ldap", "router static",
    "router ospf", "router rip", "router policy", "router access-list", "router prefix-list", "router route-map",
    "router static6", "router community-list", "router aspath-list", "log", "system", "vpn", "user", "router",
    "dashboard", "gui", "authentication", "wireless", "sctp-filter", "file-filter", "cifs", "credential-store",
    "monitoring", "ftp-proxy", "automation", "casb", "virtual-patch", "rule", "vpn ssl web",
    "vpn ipsec phase2-interface",
)  # fmt: skip


def _key(w: list[str]) -> str:
    head = w[0].lower()
    if head == "config":
        return "-".join(x.lower() for x in w[1:])
    return head


class _Forti:
    def __init__(self, dev: DeviceConfig) -> None:
        self.dev = dev
        self.entry = ""
        self.iface: Interface | None = None
        self.user: User | None = None
        self.server: AaaServer | None = None
        self.ntp_server: NtpServer | None = None
        self.community: list[SnmpCommunity] = []
        self.syslog: dict[str, str] = {}
        self.syslog_line = 0
        self.neighbor: BgpNeighbor | None = None
        self.phase1: CryptoItem | None = None
        self.snmp_user: SnmpUser | None = None
        self.ssl: dict[str, tuple[str, int]] = {}

    def handle(self, ctx: tuple[str, ...], w: list[str], node: Node) -> bool | int:
        low = [x.lower() for x in w]
        head = low[0]
        section = next((c for c in reversed(ctx) if c not in ("edit",)), "")
        top = ctx[0] if ctx else ""
        if head == "config":
            key = _key(w)
            if not ctx:
                if key in _READ:
                    return True
                name = " ".join(low[1:])
                return SUBTREE if any(name == r or name.startswith(r + " ") for r in _IGNORED_ROOTS) else False
            return key in ("hosts", "ntpserver", "neighbor", "hosts6")
        if head == "edit":
            self.entry = w[1] if len(w) > 1 else ""
            return self._edit(section, top, w, node.line)
        if head == "unset":
            return True
        if head != "set" or len(w) < 2:
            return False
        return self._set(section, top, low[1], w[2:], low[2:], node.line)

    def _edit(self, section: str, top: str, w: list[str], ln: int) -> bool:
        dev, name = self.dev, self.entry
        if section == "system-interface":
            self.iface = Interface(name=name, line=ln, is_loopback=False)
            dev.interfaces[name] = self.iface
        elif section == "system-admin":
            self.user = User(name=name, line=ln)
            dev.users.append(self.user)
        elif section in ("user-tacacs+", "user-radius"):
            self.server = AaaServer(protocol="tacacs" if section == "user-tacacs+" else "radius", address=None,
                                    line=ln, name=name)
            dev.aaa.servers.append(self.server)
        elif section == "system-snmp-community":
            self.community = []
        elif section == "ntpserver":
            self.ntp_server = NtpServer(address="", line=ln)
        elif section == "neighbor" and top == "router-bgp":
            self.neighbor = BgpNeighbor(address=name, line=ln)
            dev.bgp_neighbors.append(self.neighbor)
        elif section == "vpn-ipsec-phase1-interface":
            self.phase1 = CryptoItem(kind="isakmp-policy", name=name, line=ln)  # FortiOS default: IKEv1
            dev.crypto.append(self.phase1)
            tun = Interface(name=name, line=ln, tunnel=Tunnel(mode="ipsec", line=ln))
            dev.interfaces.setdefault(name, tun)
        elif section == "system-snmp-user":
            self.snmp_user = SnmpUser(name=name, line=ln, version="3")
            dev.snmp.users.append(self.snmp_user)
        return True

    def _set(self, section: str, top: str, key: str, v: list[str], lv: list[str], ln: int) -> bool:
        dev, s = self.dev, self.dev.services
        val = v[0] if v else ""
        if section == "system-global":
            if key == "hostname":
                dev.hostname = val
            elif key == "admintimeout":
                t = TerminalLine(kind="vty", first=None, last=None, line=ln, exec_timeout=int(val) * 60)
                t.lines["exec_timeout"] = ln
                dev.lines.append(t)
            elif key == "admin-ssh-v1":
                s.ssh_version = "1.99" if lv[0] == "enable" else "2"
                s.lines["ssh_version"] = ln
            elif key == "admin-ssh-port":
                s.ssh_ports.append(int(val))
                s.lines["ssh_ports"] = ln
            elif key == "admin-sport":
                s.https_port = int(val)
                s.lines["https_port"] = ln
            elif key == "admin-port":
                s.http_port = int(val)
                s.lines["http_port"] = ln
            elif key == "admin-telnet" and lv[0] == "enable":
                s.lines.setdefault("admin_telnet", ln)
            return True
        if section == "system-interface" and self.iface is not None:
            if key == "ip" and len(v) >= 2:
                plen = dotted_mask(v[1]) if "." in v[1] else None
                addr, _, p = v[0].partition("/")
                self.iface.addresses.append(IpAddress(addr, int(p) if p else plen or 32, 4, line=ln))
            elif key == "allowaccess":
                if "telnet" in lv:
                    s.telnet, s.lines["telnet"] = True, ln
                if "http" in lv:
                    s.http_server, s.lines["http_server"] = True, ln
                if "https" in lv:
                    s.https_server = True
                    s.lines.setdefault("https_server", ln)
            elif key == "type" and lv[:1] == ["loopback"]:
                self.iface.is_loopback = True
            elif key == "description":
                self.iface.description = " ".join(v)
            elif key == "vrf":
                self.iface.vrf = val
            return True
        if section == "system-admin" and self.user is not None:
            if key == "password" and len(v) >= 2 and lv[0] == "enc":
                self.user.secret_kind = "password"
                self.user.secret_type = "sha256" if v[1].startswith("SH2") else "sha1" if v[1].startswith(
                    "AK1") else "enc"
                self.user.masked = mask_value(v[1])
            elif key == "password":
                self.user.secret_kind, self.user.secret_type, self.user.masked = "password", "0", mask_value(val)
            elif key.startswith(("trusthost", "ip6-trusthost")) and len(v) >= 1:
                acl = dev.acls.get(f"trusthost:{self.user.name}")
                if acl is None:
                    acl = dev.acls[f"trusthost:{self.user.name}"] = Acl(f"trusthost:{self.user.name}", ln, "filter")
                    dev.acl_uses.append(AclUse(acl=acl.name, where="vty", detail=f"admin {self.user.name}", line=ln))
                src = v[0] if "/" in v[0] else f"{v[0]}/{dotted_mask(v[1]) if len(v) > 1 else 32}"
                acl.entries.append(AclEntry(action="permit", line=ln, source=src, text=f"set {key} {' '.join(v)}"))
            elif key == "accprofile":
                self.user.role = val
                self.user.privilege = 15 if val == "super_admin" else 1
            return True
        if section in ("user-tacacs+", "user-radius") and self.server is not None:
            if key in ("server", "secondary-server", "tertiary-server") and self.server.address is None:
                self.server.address = val
            elif key in ("key", "secret") and len(v) >= 1:
                enc = lv[0] == "enc" and len(v) >= 2
                self.server.key_type = "enc" if enc else "0"
                self.server.key_masked = mask_value(v[1] if enc else v[0])
                self.server.key_line = ln
            return True
        if section == "system-snmp-community":
            if key == "name":
                c = SnmpCommunity(masked=mask_value(val), line=ln)
                dev.snmp.communities.append(c)
                self.community.append(c)
            return True
        if section == "hosts" and top == "system-snmp-community":
            return True
        if section == "system-snmp-user" and self.snmp_user is not None:
            if key == "security-level":
                level = {"auth-priv": "priv", "auth-no-priv": "auth", "no-auth-no-priv": "noauth"}.get(lv[0], lv[0])
                dev.snmp.groups.append(SnmpGroup(name=self.snmp_user.name, version="3", line=ln, level=level))
            elif key == "auth-proto":
                self.snmp_user.auth = lv[0]
            elif key == "priv-proto":
                self.snmp_user.priv = lv[0]
            return True
        if section in ("log-syslogd-setting", "log-syslogd2-setting"):
            self.syslog[key] = lv[0] if lv else ""
            if key == "server":
                self.syslog["server_raw"] = val
                self.syslog_line = ln
            return True
        if section == "system-ntp":
            if key == "authentication" and lv[:1] == ["enable"]:
                dev.ntp.authenticate = True
                dev.ntp.lines["authenticate"] = ln
            return True
        if section == "ntpserver" and self.ntp_server is not None:
            if key == "server":
                self.ntp_server.address = val
                self.ntp_server.line = ln
                dev.ntp.servers.append(self.ntp_server)
            elif key == "key-id":
                self.ntp_server.key = val
                dev.ntp.keys.append(val)
                dev.ntp.trusted_keys.append(val)
            elif key == "authentication" and lv[:1] == ["enable"]:
                dev.ntp.authenticate = True
                dev.ntp.lines.setdefault("authenticate", ln)
            return True
        if section == "vpn-ssl-settings":
            self.ssl[key] = (" ".join(v), ln)
            return True
        if section == "vpn-ipsec-phase1-interface" and self.phase1 is not None:
            if key == "proposal":
                self.phase1.values["proposal"] = " ".join(lv)
            elif key == "dhgrp":
                self.phase1.values["group"] = " ".join(lv)
            elif key == "remote-gw":
                self.phase1.peer = val
                iface = dev.interfaces.get(self.phase1.name)
                if iface is not None and iface.tunnel is not None:
                    iface.tunnel.destination, iface.tunnel.line = val, ln
            elif key == "psksecret":
                self.phase1.values["key_type"] = "enc" if lv[:1] == ["enc"] else "0"
                self.phase1.masked = mask_value(v[-1])
            elif key == "ike-version":
                self.phase1.kind = "ikev2-proposal" if val == "2" else "isakmp-policy"
            return True
        if section == "neighbor" and self.neighbor is not None:
            if key == "remote-as":
                self.neighbor.remote_as = val
            elif key == "password":
                self.neighbor.password_type = "enc" if lv[:1] == ["enc"] else "0"
                self.neighbor.password_line = ln
            return True
        return section in ("router-bgp", "system-snmp-sysinfo", "hosts", "hosts6")

    def finish(self) -> None:
        dev, s = self.dev, self.dev.services
        if self.syslog.get("status") == "enable" and self.syslog.get("server_raw"):
            mode = self.syslog.get("mode", "udp")
            transport = "tls" if self.syslog.get("enc-algorithm") in ("high", "high-medium", "low") else (
                "tcp" if "reliable" in mode else "udp")
            dev.logging.hosts.append(LoggingHost(address=self.syslog["server_raw"], line=self.syslog_line,
                                                 transport=transport))
            dev.logging.enabled = True
        iface, iline = self.ssl.get("source-interface", ("", 0))
        status, sline = self.ssl.get("status", ("enable", 0))
        if iface and status.lower() != "disable":
            s.vpn_portals.append(f"ssl-vpn:{iface}")
            s.lines["vpn_portals"] = iline
        elif self.ssl:
            s.lines["vpn_portals"] = sline or iline or 0


def parse_fortios(dev: DeviceConfig, text: str, lines: list[str]) -> tuple[set[int], list[int]]:
    """Fill ``dev`` from a FortiOS config; return (recognised, unrecognised) line numbers."""
    dev.vendor, dev.os = "fortinet", "fortios"
    m = _HEADER.search(text[:2000])
    dev.version = m.group(2) if m else None
    roots, skipped = block_tree(lines)
    p = _Forti(dev)
    recognised, unrecognised = walk(roots, p.handle, frozenset(), frozenset(), key=_key)
    p.finish()
    if not dev.services.lines.get("vpn_portals"):
        dev.services.lines.pop("vpn_portals", None)
    return recognised | skipped, unrecognised
