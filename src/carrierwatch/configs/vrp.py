"""Huawei VRP (NE40E/NE8000 routers, CE switches, AR routers): ``display current-configuration`` text.

Views nest one space per level and are separated by ``#`` lines; the output ends with ``return``. Statements
read, per the Huawei NE40E/CE "Configuration Guide - Basic Configuration / Security" (user-interface, AAA,
SNMP, NTP, info-center chapters) and the Huawei "NE40E Security Hardening Guide":

* ``sysname``; ``!Software Version V800R021C10SPC100`` comment (version);
* ``aaa`` view: ``local-user U password irreversible-cipher|cipher|simple X``, ``local-user U privilege level``,
  ``accounting-scheme`` with ``accounting-mode hwtacacs|radius``; ``hwtacacs-server template`` /
  ``radius-server template`` with server addresses and ``shared-key cipher``;
* ``user-interface vty|con`` (one :class:`TerminalLine` each): ``protocol inbound ssh|telnet|all``,
  ``acl N inbound``, ``idle-timeout MIN [SEC]``, ``authentication-mode aaa|password|none``;
* ``telnet server enable|disable``, ``telnet ipv6 server``, ``stelnet server enable``, ``ftp server enable``,
  ``http server enable``/``http secure-server enable``, ``ssh server compatible-ssh1x enable``, ``lldp enable``;
* ``snmp-agent community read|write [cipher] X [acl N]``, ``snmp-agent sys-info version``, ``snmp-agent group v3 G
  [noauthentication|authentication|privacy]``, ``snmp-agent usm-user v3``;
* ``info-center loghost A``, ``ntp-service authentication enable`` / ``authentication-keyid`` / ``reliable`` /
  ``unicast-server A authentication-keyid N``; ``interface`` addresses; ``acl number N`` / ``acl name``
  rules; ``bgp`` peers with ``password``; ``ospf`` area ``authentication-mode``.

Password forms: ``irreversible-cipher`` is a one-way hash; ``cipher`` is reversible; ``simple`` is clear.
"""

from __future__ import annotations

import re

from carrierwatch.configs.blocks import block_tree, walk, wildcard_to_prefix
from carrierwatch.configs.blocks import dotted_mask as _mask_len
from carrierwatch.configs.mask import mask_value
from carrierwatch.configs.model import (
    AaaServer,
    Acl,
    AclEntry,
    AclUse,
    BgpNeighbor,
    DeviceConfig,
    Interface,
    IpAddress,
    LoggingHost,
    MethodList,
    NtpServer,
    OspfProcess,
    SnmpCommunity,
    SnmpGroup,
    SnmpUser,
    TerminalLine,
    User,
)
from carrierwatch.configs.tree import Node

_VERSION = re.compile(r"^!\s*Software Version (V\d{3}R\d{3}C\d{2}(?:SPC\d{3})?\S*)", re.MULTILINE)
_CONTEXTS = frozenset({"aaa", "aaa authentication-scheme", "aaa accounting-scheme", "aaa authorization-scheme",
                       "aaa domain", "hwtacacs-server", "radius-server", "user-interface", "interface", "bgp",
                       "bgp ipv4-family", "ospf", "ospf area", "acl"})
_IGNORED = frozenset({
    "route-policy", "ip", "mpls", "isis", "qos", "traffic", "vlan", "stp", "segment-routing", "explicit-path",
    "pim", "multicast", "clock", "license", "undo", "dhcp", "set", "ipv6", "l2vpn", "vsi", "bfd", "nqa", "header",
    "ip-prefix", "xpl", "tunnel-policy", "bgp ipv4-family", "bgp ipv6-family", "bgp router-id", "bgp timer",
    "bgp group", "ospf import-route", "ospf router-id", "ospf silent-interface", "interface undo", "interface mpls",
    "interface isis", "interface ospf", "interface port", "interface negotiation", "interface mtu",
    "interface ipv6", "interface shutdown", "interface portswitch", "interface port-mode",
    "interface traffic-policy", "interface trust", "interface eth-trunk", "aaa domain", "aaa authorization-scheme",
    "user-interface user", "user-interface history-command", "user-interface screen-length", "user-interface shell",
    "pki", "sftp", "scp", "dns", "arp", "lacp", "sflow", "netstream", "system-view", "commit",
    "hwtacacs-server source-ip", "radius-server source-ip", "device", "board", "drop-profile", "port-queue",
    "cpu-defend", "cpu-defend-policy", "observe-port", "port-group", "ssl",
})  # fmt: skip
_IGNORED = _IGNORED | {"ospf area network", "aaa authentication-scheme authentication-mode", "bgp peer-group"}
# top-level statements recognised and not modelled, matched as word prefixes
_IGNORED_TOP = (
    "ip vpn-instance", "mpls ldp", "ip community-filter", "ospf area network", "interface undo shutdown",
    "interface port link-type", "aaa authentication-scheme authentication-mode", "ssh client", "ssh server-source",
    "ssh server cipher", "ssh server hmac", "ssh server key-exchange", "ssh server publickey",
    "ssh authorization-type", "ssh user", "ssh server rekey-interval", "ssh server timeout",
    "ssh server authentication-retries", "snmp-agent sys-info contact", "snmp-agent sys-info location",
    "snmp-agent trap", "snmp-agent local-engineid", "snmp-agent mib-view", "snmp-agent protocol",
    "info-center source", "info-center timestamp", "info-center channel", "info-center logfile",
    "info-center enable", "info-center logbuffer", "ntp-service refclock-master", "ntp-service source-interface",
    "ntp-service server", "vlan batch", "http secure-server ssl-policy",
)  # fmt: skip


class _Vrp:
    def __init__(self, dev: DeviceConfig) -> None:
        self.dev = dev
        self.users: dict[str, User] = {}
        self.iface: Interface | None = None
        self.tline: TerminalLine | None = None
        self.template: tuple[str, str] | None = None
        self.template_key: tuple[str, str, int] | None = None
        self.acl: Acl | None = None
        self.ospf: OspfProcess | None = None
        self.area: str | None = None
        self.acct_scheme: str | None = None

    def handle(self, ctx: tuple[str, ...], w: list[str], node: Node) -> bool:
        dev, low, ln = self.dev, [x.lower() for x in w], node.line
        path = " ".join(ctx)
        head = low[0]
        if not ctx:
            return self._top(w, low, ln)
        if path == "aaa" and head == "local-user" and len(w) >= 3:
            u = self.users.get(w[1])
            if u is None:
                u = self.users[w[1]] = User(name=w[1], line=ln)
                dev.users.append(u)
            if low[2] == "password" and len(w) >= 5:
                u.secret_kind, u.secret_type, u.masked = "password", low[3], mask_value(w[4])
            elif low[2] == "privilege" and len(w) >= 5:
                u.privilege = int(w[4])
            return True
        if path == "aaa" and head in ("authentication-scheme", "accounting-scheme", "authorization-scheme", "domain"):
            self.acct_scheme = w[1] if head == "accounting-scheme" else None
            return True
        if path == "aaa accounting-scheme" and head == "accounting-mode":
            methods = [x for x in low[1:] if x != "none"]
            if methods:
                dev.aaa.accounting.append(MethodList("accounting", "commands", self.acct_scheme or "default",
                                                     methods, ln))
            return True
        if path == "aaa accounting-scheme" and head in ("accounting", "accounting start-fail"):
            return True
        if path in ("hwtacacs-server", "radius-server"):
            return self._server(path, w, low, ln)
        if path == "user-interface" and self.tline is not None:
            return self._line(w, low, ln)
        if path == "interface" and self.iface is not None:
            if head == "ip" and len(w) >= 4 and low[1] == "address":
                plen = _mask_len(w[3]) if "." in w[3] else int(w[3])
                if plen is None:
                    return False
                self.iface.addresses.append(IpAddress(w[2], plen, 4, secondary="sub" in low, line=ln))
                return True
            if head == "traffic-filter" and len(w) >= 4:
                d = "in" if "inbound" in low else "out"
                name = w[-2]
                if d == "in":
                    self.iface.access_group_in = name
                dev.acl_uses.append(AclUse(acl=name, where="interface", detail=self.iface.name, line=ln, direction=d))
                return True
            if head == "ip" and low[1:3] == ["binding", "vpn-instance"]:
                self.iface.vrf = w[3]
                return True
            if head == "description":
                self.iface.description = " ".join(w[1:])
                return True
            if head == "lldp":
                self.iface.lldp_transmit = "disable" not in low
                return True
            return False
        if path == "acl" and self.acl is not None and head == "rule":
            return self._rule(w, low, ln)
        if path == "bgp" and head == "peer" and len(w) >= 3:
            n = next((b for b in dev.bgp_neighbors if b.address == w[1]), None)
            if n is None:
                n = BgpNeighbor(address=w[1], line=ln)
                dev.bgp_neighbors.append(n)
            if low[2] == "as-number":
                n.remote_as = w[3]
            elif low[2] in ("password", "keychain", "tcp-ao"):
                n.password_type, n.password_line = (low[3] if len(w) > 3 else low[2]), ln
            return True
        if path == "ospf" and head == "area" and self.ospf is not None:
            self.area = w[1]
            return True
        if path == "ospf area" and head == "authentication-mode" and self.ospf is not None and self.area:
            self.ospf.area_authentication[self.area] = "md5" if low[1] in ("md5", "hmac-md5", "hmac-sha256",
                                                                           "keychain", "hmac-sha1") else "plain"
            return True
        return False

    def _top(self, w: list[str], low: list[str], ln: int) -> bool:
        dev, s, head = self.dev, self.dev.services, low[0]
        if head == "sysname":
            dev.hostname = w[1]
            return True
        if head == "telnet" and "server" in low:
            if "enable" in low or "disable" in low:
                s.telnet = bool(s.telnet) or "enable" in low
                s.lines["telnet"] = ln
            return True
        if head == "stelnet" and "server" in low:
            return True
        if head == "ftp" and "server" in low:
            s.ftp = "enable" in low
            s.lines["ftp"] = ln
            return True
        if head == "http" and len(low) >= 3:
            on = "enable" in low and "undo" not in low
            if low[1] == "server":
                s.http_server, s.lines["http_server"] = on, ln
            elif low[1] == "secure-server":
                s.https_server, s.lines["https_server"] = on, ln
            return True
        if head == "ssh" and low[1:3] == ["server", "compatible-ssh1x"]:
            s.ssh_version = "1.99" if "enable" in low else "2"
            s.lines["ssh_version"] = ln
            return True
        if head == "ssh" and low[1:3] == ["server", "dh-exchange"] and low[-1].isdigit():
            s.ssh_dh_min = int(low[-1])
            s.lines["ssh_dh_min"] = ln
            return True
        if head == "ssh" and low[1:3] == ["server", "port"]:
            s.ssh_ports.append(int(w[3]))
            s.lines["ssh_ports"] = ln
            return True
        if head == "lldp" and len(low) == 2:
            s.lldp_run = low[1] == "enable"
            s.lines["lldp_run"] = ln
            return True
        if head == "snmp-agent":
            return self._snmp(w, low, ln)
        if head == "info-center" and len(w) >= 3 and low[1] == "loghost" and "source" not in low[1:3]:
            dev.logging.hosts.append(LoggingHost(address=w[2], line=ln, vrf=_after(low, w, "vpn-instance")))
            return True
        if head == "info-center" and len(w) >= 2 and low[1] == "loghost":
            return True
        if head == "ntp-service":
            return self._ntp(w, low, ln)
        if head in ("hwtacacs-server", "radius-server") and len(w) >= 3 and low[1] == "template":
            self.template = (head, w[2])
            return True
        if head == "user-interface" and len(w) >= 2:
            kind = {"vty": "vty", "con": "console", "console": "console", "aux": "aux"}.get(low[1])
            if kind is None:
                return False
            nums = [int(x) for x in w[2:4] if x.isdigit()]
            self.tline = TerminalLine(kind=kind, first=nums[0] if nums else None,
                                      last=nums[1] if len(nums) > 1 else None, line=ln)
            dev.lines.append(self.tline)
            return True
        if head == "interface" and len(w) >= 2:
            self.iface = Interface(name=w[1], line=ln, is_loopback=low[1].startswith("loopback"))
            if low[1].startswith("tunnel"):
                from carrierwatch.configs.model import Tunnel
                self.iface.tunnel = Tunnel(line=ln)
            dev.interfaces[w[1]] = self.iface
            return True
        if head == "acl" and len(w) >= 3:
            name = w[-1] if low[1] in ("number", "name") else w[1]
            if low[1] == "name" and len(w) >= 4:
                name = w[2]
            self.acl = Acl(name=name, line=ln, kind="standard" if name.isdigit() and int(name) < 3000 else "extended")
            dev.acls[name] = self.acl
            return True
        if head == "bgp" and len(w) == 2:
            return True
        if head == "ospf" and len(w) >= 2:
            self.ospf = OspfProcess(process=w[1], line=ln)
            dev.ospf.append(self.ospf)
            return True
        if head == "ip" and len(w) >= 5 and low[1:3] == ["route-static"]:
            return True
        text = " ".join(low)
        return any(text == p or text.startswith(p + " ") for p in _IGNORED_TOP)

    def _snmp(self, w: list[str], low: list[str], ln: int) -> bool:
        dev = self.dev
        if len(low) == 1:
            return True
        if low[1] == "community" and len(w) >= 4:
            access = "RW" if low[2] == "write" else "RO"
            i = 4 if low[3] in ("cipher", "simple") else 3
            if i >= len(w):
                return False
            dev.snmp.communities.append(SnmpCommunity(masked=mask_value(w[i]), line=ln, access=access,
                                                      acl=_after(low, w, "acl")))
            return True
        if low[1] == "group" and len(w) >= 4 and low[2] in ("v1", "v2c", "v3"):
            level = None
            if low[2] == "v3":
                level = "priv" if "privacy" in low else "auth" if "authentication" in low else "noauth"
            dev.snmp.groups.append(SnmpGroup(name=w[3], version=low[2].lstrip("v"), line=ln, level=level,
                                             acl=_after(low, w, "acl")))
            return True
        if low[1] == "usm-user" and len(w) >= 4:
            u = next((x for x in dev.snmp.users if x.name == w[3]), None)
            if u is None:
                u = SnmpUser(name=w[3], line=ln, version="3")
                dev.snmp.users.append(u)
            if "group" in low:
                u.group = _after(low, w, "group")
            if "authentication-mode" in low:
                u.auth = _after(low, w, "authentication-mode")
            if "privacy-mode" in low:
                u.priv = _after(low, w, "privacy-mode")
            return True
        if low[1] == "sys-info" and len(low) >= 4 and low[2] == "version":
            return True
        if low[1] == "target-host":
            addr = _after(low, w, "address")
            if addr == "udp-domain":
                addr = _after(low, w, "udp-domain")
            if addr:
                from carrierwatch.configs.model import SnmpHost
                v = "3" if "v3" in low else "2c" if "v2c" in low else "1"
                dev.snmp.hosts.append(SnmpHost(address=addr, line=ln, version=v))
            return True
        return low[1] == "acl"

    def _ntp(self, w: list[str], low: list[str], ln: int) -> bool:
        ntp = self.dev.ntp
        if low[1:3] == ["authentication", "enable"]:
            ntp.authenticate = True
            ntp.lines["authenticate"] = ln
            return True
        if low[1] == "authentication-keyid" and len(w) >= 3:
            ntp.keys.append(w[2])
            return True
        if low[1] == "reliable" and len(w) >= 4:
            ntp.trusted_keys.append(w[3])
            return True
        if low[1] in ("unicast-server", "unicast-peer") and len(w) >= 3:
            addr = w[3] if low[2] in ("ipv6",) and len(w) > 3 else w[2]
            ntp.servers.append(NtpServer(address=addr, line=ln, key=_after(low, w, "authentication-keyid"),
                                         vrf=_after(low, w, "vpn-instance")))
            return True
        return False

    def _server(self, path: str, w: list[str], low: list[str], ln: int) -> bool:
        if self.template is None:
            return False
        proto = "tacacs" if self.template[0] == "hwtacacs-server" else "radius"
        head = low[0]
        if head != self.template[0]:
            return False
        sub = low[1] if len(low) > 1 else ""
        if sub in ("authentication", "authorization", "accounting") and len(w) >= 3:
            addr = w[2]
            srv = next((x for x in self.dev.aaa.servers if x.address == addr and x.name == self.template[1]), None)
            if srv is None:
                srv = AaaServer(protocol=proto, address=addr, line=ln, name=self.template[1])
                if self.template_key:
                    srv.key_type, _, srv.key_line = self.template_key
                    srv.key_masked = self.template_key[1]
                self.dev.aaa.servers.append(srv)
            return True
        if sub == "shared-key" and len(w) >= 3:
            kind = low[2] if low[2] in ("cipher", "simple") and len(w) >= 4 else "simple"
            secret = w[3] if kind in ("cipher", "simple") and len(w) >= 4 else w[2]
            self.template_key = (kind, mask_value(secret), ln)
            for srv in self.dev.aaa.servers:
                if srv.name == self.template[1]:
                    srv.key_type, srv.key_masked, srv.key_line = kind, mask_value(secret), ln
            return True
        return sub in ("source-ip", "timer", "retransmit", "user-name", "vpn-instance", "source-loopback")

    def _line(self, w: list[str], low: list[str], ln: int) -> bool:
        t = self.tline
        assert t is not None
        head = low[0]
        if head == "protocol" and low[1:2] == ["inbound"]:
            t.transport_input = ["telnet", "ssh"] if low[2] == "all" else low[2:]
            t.lines["transport_input"] = ln
            return True
        if head in ("acl", "ipv6") and "inbound" in low:
            name = w[1] if head == "acl" else w[2]
            if head == "acl":
                t.access_class_in = name
                t.lines["access_class_in"] = ln
            else:
                t.ipv6_access_class_in = name
            self.dev.acl_uses.append(AclUse(acl=name, where="vty", detail=f"user-interface {t.kind}", line=ln,
                                            direction="in"))
            return True
        if head == "acl" and "outbound" in low:
            t.access_class_out = w[1]
            return True
        if head == "idle-timeout" and len(w) >= 2:
            t.exec_timeout = int(w[1]) * 60 + (int(w[2]) if len(w) > 2 else 0)
            t.lines["exec_timeout"] = ln
            return True
        if head == "authentication-mode":
            t.login = {"aaa": "authentication default", "password": "login", "none": "none"}.get(low[1], low[1])
            t.lines["login"] = ln
            return True
        if head == "set" and low[1:3] == ["authentication", "password"]:
            t.password_type = 7 if "cipher" in low else 0
            return True
        return head in ("user", "history-command", "screen-length", "shell", "undo")

    def _rule(self, w: list[str], low: list[str], ln: int) -> bool:
        assert self.acl is not None
        action = "permit" if "permit" in low else "deny" if "deny" in low else None
        if action is None:
            return False
        e = AclEntry(action=action, line=ln, text=" ".join(w), log="logging" in low)
        i = low.index(action)
        rest = low[i + 1:]
        if rest and rest[0] not in ("source", "destination", "logging"):
            e.protocol = rest[0]
        e.source = _net(low, w, "source")
        e.destination = _net(low, w, "destination")
        self.acl.entries.append(e)
        return True


def _after(low: list[str], w: list[str], key: str) -> str | None:
    if key in low and low.index(key) + 1 < len(w):
        return w[low.index(key) + 1]
    return None


def _net(low: list[str], w: list[str], key: str) -> str | None:
    if key not in low:
        return "any"
    i = low.index(key)
    if i + 1 >= len(w):
        return None
    addr = w[i + 1]
    if addr.lower() == "any":
        return "any"
    wild = w[i + 2] if i + 2 < len(w) else "0"
    plen = 32 if wild == "0" else wildcard_to_prefix(wild)
    return f"{addr}/{plen if plen is not None else 32}"


def parse_vrp(dev: DeviceConfig, text: str, lines: list[str]) -> tuple[set[int], list[int]]:
    """Fill ``dev`` from a VRP ``display current-configuration``; return (recognised, unrecognised)."""
    dev.vendor, dev.os = "huawei", "vrp"
    m = _VERSION.search(text[:3000])
    dev.version = m.group(1) if m else None
    roots, skipped = block_tree(lines)
    p = _Vrp(dev)
    recognised, unrecognised = walk(roots, p.handle, _CONTEXTS, _IGNORED)
    return recognised | skipped, unrecognised
