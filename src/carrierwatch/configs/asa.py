"""Cisco ASA (and FTD's LINA ``show running-config``): IOS-like text with ASA's own management statements.

ASA differs from IOS exactly where the audit looks: management access is granted per interface by
``ssh|telnet|http <net> <mask> <nameif>`` lines instead of VTY lines, ASDM is ``http server enable``,
AnyConnect/clientless VPN lives under ``webvpn`` (``enable <nameif>``), secrets are ``pbkdf2``/``encrypted``,
and AAA servers are ``aaa-server NAME protocol tacacs+`` groups with ``host`` children. Statements read per the
"Cisco Secure Firewall ASA Series General Operations CLI Configuration Guide" (Management Access, AAA,
Logging, SNMP chapters) and the Cisco "ASA Hardening Guide" (Cisco Security white paper):

``ASA Version``, ``hostname``, ``enable password``, ``username``, ``interface``/``nameif``/``ip address``,
``ssh``/``telnet``/``http`` access lines and ``ssh version``/``ssh key-exchange``/``ssh timeout``/``console timeout``,
``aaa-server``, ``aaa accounting command``, ``snmp-server``, ``logging``, ``ntp``, ``webvpn``, ``crypto ikev1|ikev2
policy``, ``tunnel-group … ipsec-attributes``, ``access-list``, ``router bgp`` neighbours.
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
    EnableSecret,
    Interface,
    IpAddress,
    LoggingHost,
    MethodList,
    NtpServer,
    SnmpCommunity,
    SnmpGroup,
    SnmpHost,
    SnmpUser,
    TerminalLine,
    User,
)
from carrierwatch.configs.tree import Node

_VERSION = re.compile(r"^:?\s*ASA Version (\S+)", re.MULTILINE)
_IGNORED = (
    "object", "object-group", "nat", "route", "access-group", "class-map", "policy-map", "service-policy", "mtu",
    "icmp", "arp", "pager", "names", "name", "dns", "same-security-traffic", "failover", "monitor-interface",
    "asdm", "timeout", "user-identity", "dhcpd", "threat-detection", "group-policy", "dynamic-access-policy-record",
    "prompt", "call-home", "boot", "firewall", "xlate", "no", "license", "crypto ca",
    "crypto map", "crypto dynamic-map",
    "crypto ipsec security-association", "crypto ipsec df-bit", "sysopt", "ip local", "ipv6", "domain-name",
    "ftp mode", "clock", "service", "cryptochecksum", "terminal", "aaa-server", "http redirect", "ssl",
    "tls-proxy", "snmp-server location", "snmp-server contact", "snmp-server enable", "logging buffered",
    "logging buffer-size", "logging asdm", "logging facility", "logging device-id", "logging permit-hostdown",
    "logging queue", "logging class", "logging message", "logging list", "logging history", "logging console",
    "logging monitor", "logging mail", "console serial", "banner", "vpn-sessiondb", "ldap", "password-policy",
    "tunnel-group-map", "auth-prompt", "privilege", "jumbo-frame", "flow-export", "webvpn", "dynamic-filter",
    "anyconnect-custom", "multicast-routing", "mac-address", "regex", "h323", "interface",
    "router",
)  # fmt: skip


class _Asa:
    def __init__(self, dev: DeviceConfig) -> None:
        self.dev = dev
        self.iface: Interface | None = None
        self.groups: dict[str, str] = {}  # aaa-server group -> protocol
        self.server: AaaServer | None = None
        self.crypto: CryptoItem | None = None
        self.webvpn = False
        self.bgp = False
        self.mgmt: dict[str, Acl] = {}

    def handle(self, ctx: tuple[str, ...], w: list[str], node: Node) -> bool | int:
        low = [x.lower() for x in w]
        ln = node.line
        if not ctx:
            return self._top(w, low, node)
        top = ctx[0]
        if top == "interface" and self.iface is not None:
            if low[0] == "nameif":
                self.iface.description = self.iface.description or f"nameif {w[1]}"
                self.iface.vrf = None
                self._nameif[w[1]] = self.iface
                return True
            if low[:2] == ["ip", "address"] and len(w) >= 4:
                plen = dotted_mask(w[3])
                if plen is None:
                    return False
                self.iface.addresses.append(IpAddress(w[2], plen, 4, line=ln))
                return True
            if low[0] == "shutdown":
                self.iface.shutdown = True
                return True
            return low[0] in ("security-level", "description", "speed", "duplex", "management-only", "vlan",
                              "no", "channel-group", "standby", "ipv6", "mtu", "lacp")
        if top == "aaa-server" and self.server is not None:
            if low[0] == "key" and len(w) >= 2:
                self.server.key_type = "masked" if set(w[1]) == {"*"} else "0"
                self.server.key_masked = mask_value(w[1])
                self.server.key_line = ln
            return low[0] in ("key", "timeout", "server-port", "single-connection", "acl-netmask-convert",
                              "authentication-port", "accounting-port", "retry-interval")
        if top == "webvpn":
            if low[0] == "enable" and len(w) >= 2:
                self.dev.services.vpn_portals.append(f"webvpn:{w[1]}")
                self.dev.services.lines.setdefault("vpn_portals", ln)
            return True
        if top == "crypto" and self.crypto is not None:
            for k in ("encryption", "integrity", "group", "hash", "prf", "authentication", "lifetime"):
                if low[0] == k:
                    self.crypto.values[k] = " ".join(low[1:])
                    return True
            if low[:2] == ["protocol", "esp"]:
                self.crypto.values[low[2]] = " ".join(low[3:])
                return True
            return False
        if top == "tunnel-group":
            if "pre-shared-key" in low:
                i = low.index("pre-shared-key")
                secret = mask_value(w[i + 1]) if i + 1 < len(w) else None
                ci = CryptoItem(kind="psk", name=ctx[0], line=ln, masked=secret)
                ci.values["key_type"] = "masked" if i + 1 < len(w) and set(w[i + 1]) == {"*"} else "0"
                self.dev.crypto.append(ci)
            return True
        if top == "router" and self.bgp:
            return self._bgp(w, low, ln)
        return False

    _nameif: dict[str, Interface]

    def _top(self, w: list[str], low: list[str], node: Node) -> bool | int:
        dev, s, ln, head = self.dev, self.dev.services, node.line, low[0]
        self.iface, self.server, self.crypto, self.bgp = None, None, None, False
        if head == "asa" or head.startswith(":"):
            return True
        if head == "hostname":
            dev.hostname = w[1]
            return True
        if head == "enable" and len(w) >= 3 and low[1] == "password":
            kind = low[3] if len(w) > 3 else "0"
            dev.enable.append(EnableSecret(kind="password", type=kind, line=ln, masked=mask_value(w[2])))
            return True
        if head == "username" and len(w) >= 4 and low[2] == "password":
            kind = low[4] if len(w) > 4 and low[4] in ("pbkdf2", "encrypted", "nt-encrypted") else "0"
            priv = int(w[low.index("privilege") + 1]) if "privilege" in low else None
            dev.users.append(User(name=w[1], line=ln, privilege=priv, secret_kind="password", secret_type=kind,
                                  masked=mask_value(w[3])))
            return True
        if head == "username" and len(w) >= 2:
            return True
        if head == "interface" and len(w) >= 2:
            self.iface = Interface(name=w[1], line=ln, is_loopback=low[1].startswith("loopback"))
            dev.interfaces[w[1]] = self.iface
            return True
        if head in ("ssh", "telnet", "http") and len(w) >= 4 and dotted_mask(w[2]) is not None:
            acl = self.mgmt.get(head)
            if acl is None:
                acl = self.mgmt[head] = dev.acls[f"{head}-access"] = Acl(f"{head}-access", ln, "standard")
                dev.acl_uses.append(AclUse(acl=acl.name, where="vty" if head != "http" else "http",
                                           detail=f"{head} access lines", line=ln))
            acl.entries.append(AclEntry(action="permit", line=ln, source=f"{w[1]}/{dotted_mask(w[2])}",
                                        text=" ".join(w)))
            if head == "telnet":
                s.telnet = True
                s.lines.setdefault("telnet", ln)
            return True
        if head == "ssh" and len(w) >= 3 and low[1] == "version":
            s.ssh_version = w[2]
            s.lines["ssh_version"] = ln
            return True
        if head in ("ssh", "console", "telnet") and len(w) >= 3 and low[1] == "timeout":
            kind = {"ssh": "vty", "telnet": "vty", "console": "console"}[head]
            t = TerminalLine(kind=kind, first=None, last=None, line=ln, exec_timeout=int(w[2]) * 60)
            t.lines["exec_timeout"] = ln
            if head == "ssh":
                t.transport_input = ["ssh"]
            dev.lines.append(t)
            return True
        if head == "ssh" and len(w) >= 4 and low[1] == "key-exchange" and low[2] == "group":
            m = re.match(r"dh-group(\d+)", low[3])
            if m:
                s.ssh_dh_min = {"1": 1024, "14": 2048, "15": 3072, "16": 4096}.get(m.group(1))
                s.lines["ssh_dh_min"] = ln
            return True
        if head == "ssh":
            return True  # ssh scopy, ssh cipher, ssh stricthostkeycheck, ssh stack
        if head == "http" and low[1:3] == ["server", "enable"]:
            s.https_server = True
            s.lines["https_server"] = ln
            if len(w) > 3 and w[3].isdigit():
                s.https_port = int(w[3])
            return True
        if head == "aaa-server" and len(w) >= 4 and low[2] == "protocol":
            self.groups[w[1]] = "tacacs" if low[3].startswith("tacacs") else low[3]
            return True
        if head == "aaa-server" and len(w) >= 4 and "host" in low:
            addr = w[low.index("host") + 1]
            self.server = AaaServer(protocol=self.groups.get(w[1], "tacacs"), address=addr, line=ln, name=w[1])
            if len(w) > low.index("host") + 2 and low[low.index("host") + 2] == "key":
                self.server.key_type = "0"
                self.server.key_line = ln
            dev.aaa.servers.append(self.server)
            return True
        if head == "aaa" and len(w) >= 3:
            fn = {"authentication": "authentication", "authorization": "authorization",
                  "accounting": "accounting"}.get(low[1])
            if fn is None:
                return False
            service = "commands 15" if low[2] == "command" else low[2]
            ml = MethodList(fn, service, "default", w[3:], ln)
            getattr(dev.aaa, fn).append(ml)
            return True
        if head == "snmp-server":
            return self._snmp(w, low, ln)
        if head == "logging":
            return self._logging(w, low, ln)
        if head == "ntp":
            return self._ntp(w, low, ln)
        if head == "webvpn":
            self.webvpn = True
            return True
        if head == "crypto" and len(w) >= 4 and low[1] in ("ikev1", "ikev2") and low[2] == "policy":
            self.crypto = CryptoItem(kind="isakmp-policy" if low[1] == "ikev1" else "ikev2-proposal",
                                     name=w[3], line=ln)
            dev.crypto.append(self.crypto)
            return True
        if head == "crypto" and len(w) >= 5 and low[1] == "ipsec" and low[3] in ("ipsec-proposal", "transform-set"):
            self.crypto = CryptoItem(kind="transform-set", name=w[4], line=ln)
            if low[3] == "transform-set":
                self.crypto.values["transform"] = " ".join(low[5:])
            dev.crypto.append(self.crypto)
            return True
        if head == "crypto" and len(w) >= 3 and low[1] in ("ikev1", "ikev2") and low[2] == "enable":
            return True
        if head == "tunnel-group":
            return True
        if head == "access-list" and len(w) >= 4:
            return self._acl(w, low, ln)
        if head == "router" and len(w) >= 3 and low[1] == "bgp":
            self.bgp = True
            return True
        text = " ".join(low)
        if any(text == p or text.startswith(p + " ") for p in _IGNORED):
            return SUBTREE
        return False

    def _snmp(self, w: list[str], low: list[str], ln: int) -> bool:
        dev = self.dev
        if low[1] == "community" and len(w) >= 3:
            dev.snmp.communities.append(SnmpCommunity(masked=mask_value(w[2]), line=ln))
            return True
        if low[1] == "host" and len(w) >= 4:
            version = _after(low, w, "version")
            dev.snmp.hosts.append(SnmpHost(address=w[3], line=ln, version=version or ("2c" if "community" in low
                                                                                      else None)))
            if "community" in low:
                dev.snmp.communities.append(SnmpCommunity(masked=mask_value(_after(low, w, "community") or ""),
                                                          line=ln))
            return True
        if low[1] == "group" and len(w) >= 4:
            v = low[3].lstrip("v")
            level = low[4] if len(low) > 4 else None
            dev.snmp.groups.append(SnmpGroup(name=w[2], version=v, line=ln, level=level))
            return True
        if low[1] == "user" and len(w) >= 5:
            auth = _after(low, w, "auth")
            priv = _after(low, w, "priv")
            dev.snmp.users.append(SnmpUser(name=w[2], line=ln, group=w[3], version=low[4].lstrip("v"),
                                           auth=auth.lower() if auth else None, priv=priv.lower() if priv else None))
            return True
        return low[1] in ("location", "contact", "enable", "listen-port")

    def _logging(self, w: list[str], low: list[str], ln: int) -> bool:
        lg = self.dev.logging
        if low[1] == "enable":
            lg.enabled, lg.lines["enabled"] = True, ln
            return True
        if low[1] == "trap" and len(w) >= 3:
            lg.trap_level, lg.lines["trap_level"] = w[2], ln
            return True
        if low[1] == "timestamp":
            lg.timestamps, lg.lines["timestamps"] = True, ln
            return True
        if low[1] == "host" and len(w) >= 4:
            proto = "tls" if "secure" in low else "tcp" if any(x.startswith("6/") for x in low) else "udp"
            lg.hosts.append(LoggingHost(address=w[3], line=ln, transport=proto))
            return True
        return False

    def _ntp(self, w: list[str], low: list[str], ln: int) -> bool:
        ntp = self.dev.ntp
        if low[1] == "authenticate":
            ntp.authenticate, ntp.lines["authenticate"] = True, ln
            return True
        if low[1] == "authentication-key" and len(w) >= 3:
            ntp.keys.append(w[2])
            return True
        if low[1] == "trusted-key" and len(w) >= 3:
            ntp.trusted_keys.append(w[2])
            return True
        if low[1] == "server" and len(w) >= 3:
            ntp.servers.append(NtpServer(address=w[2], line=ln, key=_after(low, w, "key")))
            return True
        return False

    def _acl(self, w: list[str], low: list[str], ln: int) -> bool:
        name = w[1]
        acl = self.dev.acls.get(name)
        if acl is None:
            acl = self.dev.acls[name] = Acl(name, ln, "extended" if low[2] == "extended" else "standard")
        if low[2] == "remark":
            acl.entries.append(AclEntry(action="remark", line=ln, text=" ".join(w)))
            return True
        i = 3 if low[2] in ("extended", "standard") else 2
        action = low[i] if i < len(low) else ""
        if action not in ("permit", "deny"):
            return False
        e = AclEntry(action=action, line=ln, text=" ".join(w), log="log" in low)
        rest = w[i + 1:]
        if low[2] == "extended" and rest:
            e.protocol = rest[0].lower()
            rest = rest[1:]
        e.source = _net(rest)
        acl.entries.append(e)
        return True

    def _bgp(self, w: list[str], low: list[str], ln: int) -> bool:
        if low[0] == "neighbor" and len(w) >= 3:
            n = next((b for b in self.dev.bgp_neighbors if b.address == w[1]), None)
            if n is None:
                n = BgpNeighbor(address=w[1], line=ln)
                self.dev.bgp_neighbors.append(n)
            if low[2] == "remote-as":
                n.remote_as = w[3]
            elif low[2] == "password":
                n.password_type, n.password_line = (w[3] if len(w) > 4 else "0"), ln
            return True
        return low[0] in ("address-family", "bgp", "network", "exit-address-family", "no", "redistribute")


def _after(low: list[str], w: list[str], key: str) -> str | None:
    if key in low and low.index(key) + 1 < len(w):
        return w[low.index(key) + 1]
    return None


def _net(rest: list[str]) -> str | None:
    if not rest:
        return None
    first = rest[0].lower()
    if first in ("any", "any4", "any6"):
        return "any"
    if first == "host" and len(rest) > 1:
        return f"{rest[1]}/32"
    if first in ("object", "object-group") and len(rest) > 1:
        return f"object:{rest[1]}"
    if len(rest) > 1 and dotted_mask(rest[1]) is not None:
        return f"{rest[0]}/{dotted_mask(rest[1])}"
    return rest[0]


def parse_asa(dev: DeviceConfig, text: str, lines: list[str]) -> tuple[set[int], list[int]]:
    """Fill ``dev`` from an ASA running config; return (recognised, unrecognised) line numbers."""
    dev.vendor, dev.os = "cisco", "asa"
    m = _VERSION.search(text[:5000])
    dev.version = m.group(1) if m else None
    roots, skipped = block_tree(lines)
    p = _Asa(dev)
    p._nameif = {}
    recognised, unrecognised = walk(roots, p.handle, frozenset({"interface", "aaa-server", "webvpn", "crypto",
                                                                "tunnel-group", "router"}))
    return recognised | skipped, unrecognised
