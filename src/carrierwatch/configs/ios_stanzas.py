"""IOS/IOS XE stanza handlers: interfaces, terminal lines, BGP and OSPF, plus the final fix-ups.

Mixed into :class:`carrierwatch.configs.ios.IosParser`; split out to keep each file about one thing.
"""

from __future__ import annotations

import re

from carrierwatch.configs.addr import is_ip, mask_to_prefix
from carrierwatch.configs.base import CiscoFamilyParser
from carrierwatch.configs.model import (
    AclUse,
    BgpNeighbor,
    Interface,
    IpAddress,
    IsisProcess,
    OspfProcess,
    TerminalLine,
    Tunnel,
)
from carrierwatch.configs.tree import Node

# Interface sub-commands with no bearing on the audit (recognised, not modelled).
IFACE_HARMLESS = (
    "speed",
    "duplex",
    "mtu",
    "bandwidth",
    "encapsulation",
    "negotiation",
    "ip ospf",
    "ipv6 ospf",
    "ip pim",
    "ip nat",
    "ip helper-address",
    "standby",
    "vrrp",
    "load-interval",
    "channel-group",
    "spanning-tree",
    "storm-control",
    "service-policy",
    "ip mtu",
    "ip tcp",
    "mpls",
    "ip redirects",
    "ip unreachables",
    "ip proxy-arp",
    "ip directed-broadcast",
    "keepalive",
    "media-type",
    "ip unnumbered",
    "ip verify",
    "ip flow",
    "ip route-cache",
    "ipv6 enable",
    "ipv6 nd",
    "carrier-delay",
    "hold-queue",
    "bfd",
    "isis",
    "ip router",
    "ipv6 router",
    "power",
    "authentication",
    "dot1x",
    "mab",
    "logging",
    "snmp",
    "ip policy",
    "crypto",
    "ip dhcp",
    "arp",
    "auto",
    "qos",
    "priority-queue",
    "mls",
    "flowcontrol",
    "xconnect",
    "pseudowire",
    "l2protocol",
    "service",
    "ip igmp",
    "ipv6 mtu",
    "ipv6 pim",
    "ip summary-address",
    "ip split-horizon",
    "ip hello-interval",
    "ip hold-time",
    "ip authentication",
    "ip bandwidth-percent",
    "ipv6 unnumbered",
    "ipv6 redirects",
    "ipv6 unreachables",
    "ip access-group",
    "tunnel",
    "cdp",
    "lldp",
    "macro",
    "udld",
    "ip arp",
    "ip sla",
    "vlan",
    "ip rip",
    "frame-relay",
    "ppp",
    "dialer",
    "pvc",
    "atm",
    "no",
    "ip virtual-reassembly",
    "ipv6 address",
    "ip address",
    "delay",
    "mac-address",
    "ip igmp",
    "ip multicast",
    "ip rsvp",
    "rate-limit",
    "clock",
    "medium",
    "description",
    "shutdown",
    "transceiver",
    "ipv6 dhcp",
    "ip ddns",
    "zone-member",
    "ip wccp",
    "ip accounting",
    "ip irdp",
    "cable",
    "ip local-proxy-arp",
    "backup",
    "fair-queue",
    "random-detect",
    "custom-queue",
    "ip cgmp",
    "channel-protocol",
    "lacp",
    "errdisable",
    "source",
    "switchport",
    "ip sticky-arp",
    "ipv6 traffic-filter",
    "ip vrf",
    "vrf",
    "ipv6 verify",
    "ipv6 nat",
    "ipv6 ospf",
    "ipv6 eigrp",
    "ip eigrp",
    "ip multicast-boundary",
    "nhrp",
    "ip nhrp",
    "ipv6 nhrp",
    "evpn",
    "ethernet",
    "service instance",
    "umbrella",
    "ip admission",
    "ip inspect",
    "ip ips",
    "ip security",
    "ip mask-reply",
    "ip information-reply",
    "ip rtp",
    "dampening",
    "ipv4 point-to-point",
    "point-to-point",
    "member",
    "interface",
    "port-type",
    "vpc",
    "fabric",
)

LINE_HARMLESS = (
    "privilege",
    "logging synchronous",
    "session-timeout",
    "stopbits",
    "length",
    "width",
    "exec",
    "history",
    "escape-character",
    "flowcontrol",
    "speed",
    "autoselect",
    "modem",
    "absolute-timeout",
    "authorization",
    "accounting",
    "motd-banner",
    "exec-banner",
    "location",
    "terminal-type",
    "timeout",
    "databits",
    "parity",
    "activation-character",
    "notify",
    "international",
    "vacant-message",
    "refuse-message",
    "data-character-bits",
    "transport preferred",
    "ipv6 access-class",
    "lockable",
    "no",
    "media-type",
    "disconnect-character",
    "session-limit",
    "full-help",
    "insecure",
    "stopbits",
    "editing",
    "special-character-bits",
    "hold-character",
    "padding",
)


_AREA_AUTH = re.compile(r"area (\S+) authentication(?: (message-digest))?", re.IGNORECASE)
_XR_OSPF_AUTH = re.compile(r"authentication (?:message-digest|keychain)\b", re.IGNORECASE)
_ISIS_AUTH = re.compile(
    r"(?:authentication mode (md5|text|sha\S*)|authentication-type (md5|cleartext)|authentication (key-chain)"
    r"|(?:lsp|hello)-password (?:\S+ )?(hmac-md5|hmac-sha\S*|keychain|text)|(?:area|domain)-password())",
    re.IGNORECASE)

# first words ``interface_child`` reads (a child starting with any other word is not taken)
_IFACE_FIRST_WORDS = frozenset(
    ("description", "shutdown", "ip", "ipv4", "ipv6", "cdp", "lldp", "tunnel", "switchport", "vrf")
)
_ACCESS_GROUP = frozenset(
    (("ip", "access-group"), ("ipv6", "traffic-filter"), ("ipv4", "access-group"), ("ipv6", "access-group"))
)


class IosStanzas(CiscoFamilyParser):
    # -- interfaces -----------------------------------------------------------------------
    def h_interface(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) < 2 or neg:
            return len(w) >= 2
        name = "".join(w[1:]) if len(w) > 2 and w[2][:1].isdigit() else w[1]
        itf = self.dev.interfaces.get(name) or Interface(name, node.line)
        self.dev.interfaces[name] = itf
        itf.is_loopback = name.lower().startswith(("loopback", "lo"))

        def child(c: Node, cw: list[str], cneg: bool) -> bool:
            return self.interface_child(itf, c, cw, cneg)

        self.children(node, child, IFACE_HARMLESS)
        return True

    def interface_child(self, itf: Interface, c: Node, cw: list[str], neg: bool) -> bool:
        if not cw or cw[0].lower() not in _IFACE_FIRST_WORDS:
            return False  # no branch below can take it
        lw = [x.lower() for x in cw]
        w0 = lw[0]
        w1 = lw[1] if len(lw) > 1 else None
        if w0 == "description":
            itf.description = " ".join(cw[1:])
        elif w0 == "shutdown":
            itf.shutdown = not neg
        elif (w0 == "ip" or w0 == "ipv4") and w1 == "address" and len(cw) > 2 and not neg:
            if "/" in cw[2]:
                a, p = cw[2].split("/", 1)
                itf.addresses.append(IpAddress(a, int(p), 4, "secondary" in lw, c.line))
            elif len(cw) > 3:
                p2 = mask_to_prefix(cw[3])
                if p2 is None:
                    return False
                itf.addresses.append(IpAddress(cw[2], p2, 4, "secondary" in lw, c.line))
            # ``ip address dhcp`` / negotiated: recognised, no static address
        elif w0 == "ipv6" and w1 == "address" and len(cw) > 2 and "/" in cw[2] and not neg:
            a, p = cw[2].split("/", 1)
            itf.addresses.append(IpAddress(a, int(p) if p.isdigit() else 128, 6, False, c.line))
        elif (w0, w1) in _ACCESS_GROUP and len(cw) > 2 and not neg:
            direction = lw[3] if len(lw) > 3 else "in"
            if direction == "out":
                itf.access_group_out = cw[2]
            else:
                itf.access_group_in = cw[2]
            self.dev.acl_uses.append(AclUse(cw[2], "interface", itf.name, c.line, direction))
        elif w0 == "ip" and w1 == "ospf" and lw[2:3] == ["authentication"] and not neg:
            itf.ospf_auth = "md5" if lw[3:4] in (["message-digest"], ["key-chain"]) else "plain"
        elif w0 == "cdp" and w1 == "enable":
            itf.cdp_enabled = not neg
        elif w0 == "lldp" and w1 == "transmit":
            itf.lldp_transmit = not neg
        elif w0 == "lldp" and w1 == "receive":
            itf.lldp_receive = not neg
        elif w0 == "tunnel" and len(cw) > 1:
            t = itf.tunnel or Tunnel(line=c.line)
            itf.tunnel = t
            if lw[1] == "destination" and len(cw) > 2:
                t.destination, t.line = cw[2], c.line
            elif lw[1] == "source" and len(cw) > 2:
                t.source = cw[2]
            elif lw[1] == "mode":
                t.mode = " ".join(lw[2:])
            elif lw[1] == "protection" and len(cw) > 3:
                t.protection = cw[-1]
        elif w0 == "switchport":
            if neg:  # `no switchport`: a routed port (routers and L3 switches), not a switching hint
                return len(lw) == 1 or lw[1] in ("autostate", "nonegotiate", "port-security", "protected")
            itf.switchport = True
            strong = (w1 == "mode" and len(lw) > 2 and lw[2] in ("access", "trunk")) or (
                w1 == "access" and "vlan" in lw)
            self.dev.l2_hints.append((" ".join(lw[:3]), c.line, strong))
            return any(
                x in lw
                for x in (
                    "mode",
                    "access",
                    "trunk",
                    "nonegotiate",
                    "voice",
                    "port-security",
                    "host",
                    "switchport",
                    "protected",
                    "block",
                    "priority",
                    "backup",
                    "private-vlan",
                    "vlan",
                    "autostate",
                    "monitor",
                    "dot1q",
                )
            )
        elif w0 == "vrf" or (w0 == "ip" and w1 == "vrf"):
            itf.vrf = cw[-1]
        else:
            return False
        return True

    # -- terminal lines -------------------------------------------------------------------
    def h_line(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) < 2:
            return False
        kind = {"con": "console", "console": "console", "vty": "vty", "aux": "aux"}.get(w[1].lower())
        nums = [int(x) for x in w[2:] if x.isdigit()]
        if kind is None:
            if w[1].lower() in ("tty",) or w[1][:1].isdigit():
                return self.ok_tree(node)
            return False
        tl = TerminalLine(kind, nums[0] if nums else None, nums[1] if len(nums) > 1 else None, node.line)
        self.dev.lines.append(tl)
        self.children(node, lambda c, cw, cneg: self.line_child(tl, c, cw, cneg), LINE_HARMLESS)
        return True

    def line_child(self, tl: TerminalLine, c: Node, cw: list[str], neg: bool) -> bool:
        lw = [x.lower() for x in cw]
        if lw[:2] == ["transport", "input"]:
            tl.transport_input = ["none"] if neg else lw[2:]
            tl.lines["transport_input"] = c.line
        elif lw[:2] == ["transport", "output"]:
            tl.transport_output = ["none"] if neg else lw[2:]
            tl.lines["transport_output"] = c.line
        elif lw[:1] == ["access-class"] and len(cw) > 1:
            d = lw[2] if len(lw) > 2 else "in"
            if d == "out":
                tl.access_class_out = cw[1]
            else:
                tl.access_class_in = cw[1]
                tl.lines["access_class_in"] = c.line
            self.dev.acl_uses.append(
                AclUse(cw[1], "vty" if tl.kind == "vty" else "line", tl.label, c.line, d)
            )
        elif lw[:2] == ["ipv6", "access-class"] and len(cw) > 2:
            tl.ipv6_access_class_in = cw[2]
            self.dev.acl_uses.append(
                AclUse(cw[2], "vty" if tl.kind == "vty" else "line", tl.label, c.line, "in")
            )
        elif lw[:1] == ["exec-timeout"]:
            mins = int(cw[1]) if len(cw) > 1 else 10
            secs = int(cw[2]) if len(cw) > 2 else 0
            tl.exec_timeout = 0 if neg else mins * 60 + secs
            tl.lines["exec_timeout"] = c.line
        elif lw[:1] == ["login"]:
            tl.login = "none" if neg else (" ".join(lw[1:]) or "login")
            tl.lines["login"] = c.line
        elif lw[:1] == ["password"]:
            tl.password_type = int(cw[1]) if len(cw) > 2 and cw[1].isdigit() else 0
            tl.lines["password"] = c.line
        elif lw[:1] == ["rotary"] and len(cw) > 1 and cw[1].isdigit():
            tl.rotary = int(cw[1])
        else:
            return False
        return True

    # -- routing --------------------------------------------------------------------------
    def h_bgp(self, node: Node, w: list[str], neg: bool) -> bool:
        """BGP neighbors and whether each has a TCP MD5 password, in every spelling the Cisco family and EOS
        write: flat IOS/EOS ``neighbor <ip> password [type] <s>``; NX-OS/IOS XR nested ``neighbor <ip>`` blocks
        with ``password [3|7|encrypted|clear] <s>``; inherited from an IOS/EOS peer group (``neighbor <ip>
        peer-group|peer group <pg>`` + ``neighbor <pg> password``), an NX-OS ``template peer`` (``inherit peer``)
        or an IOS XR ``neighbor-group`` (``use neighbor-group``). Only address neighbors are sessions."""
        nbrs: dict[str, BgpNeighbor] = {}
        group_pw: dict[str, tuple[str, int]] = {}
        member: dict[str, str] = {}
        for c in node.walk()[1:]:
            self.recognised.add(c.line)  # routing policy inside BGP is not audited (ignored, on purpose)

        def neighbor(addr: str, line: int) -> BgpNeighbor:
            n = nbrs.get(addr)
            if n is None:
                n = nbrs[addr] = BgpNeighbor(addr, line)
                self.dev.bgp_neighbors.append(n)
            return n

        def password(words: list[str]) -> str:
            t = words[0].lower() if len(words) > 1 else "0"
            return t if t.isdigit() or t in ("encrypted", "clear") else "0"

        def visit(nodes: list[Node], owner: str | None, is_group: bool) -> None:
            for c in nodes:
                cw = c.text.split()
                lw = [x.lower() for x in cw]
                if not cw:
                    continue
                if lw[0] in ("neighbor", "template", "neighbor-group") and len(cw) > 1:
                    if lw[0] == "template" and len(cw) > 2 and lw[1] == "peer":
                        name, grp = cw[2], True
                    elif lw[0] == "neighbor-group":
                        name, grp = cw[1], True
                    elif lw[0] == "neighbor":
                        name, grp = cw[1], not is_ip(cw[1].split("/")[0])
                    else:
                        continue
                    rest = lw[2:]
                    if not grp:
                        neighbor(name, c.line)
                    if rest[:1] == ["remote-as"] and len(cw) > 3 and not grp:
                        nbrs[name].remote_as = cw[3]
                    elif rest[:1] == ["password"] and len(cw) > 3:
                        if grp:
                            group_pw[name] = (password(cw[3:]), c.line)
                        else:
                            nbrs[name].password_type, nbrs[name].password_line = password(cw[3:]), c.line
                    elif rest[:1] == ["peer-group"] and not grp and len(cw) > 3:  # IOS: neighbor <ip> peer-group PG
                        member[name] = cw[3]
                    elif rest[:2] == ["peer", "group"] and not grp and len(cw) > 4:  # EOS: neighbor <ip> peer group PG
                        member[name] = cw[4]
                    if c.children:
                        visit(c.children, name, grp)
                elif owner is not None and lw[0] == "password" and len(cw) > 1:
                    if is_group:
                        group_pw[owner] = (password(cw[1:]), c.line)
                    elif owner in nbrs:
                        nbrs[owner].password_type, nbrs[owner].password_line = password(cw[1:]), c.line
                elif owner is not None and not is_group and owner in nbrs and (
                        lw[:2] in (["inherit", "peer"], ["use", "neighbor-group"])) and len(cw) > 2:
                    member[owner] = cw[2]
                elif owner is not None and not is_group and owner in nbrs and lw[0] == "remote-as" and len(cw) > 1:
                    nbrs[owner].remote_as = cw[1]
                elif c.children:  # vrf / address-family / af blocks hold neighbors too
                    visit(c.children, owner if lw[0] in ("address-family",) else None, is_group)

        visit(node.children, None, False)
        for addr, grp in member.items():
            n = nbrs.get(addr)
            if n is not None and n.password_type is None and grp in group_pw:
                n.password_type, n.password_line = group_pw[grp]
        return True

    def h_ospf(self, node: Node, w: list[str], neg: bool) -> bool:
        """Area authentication (IOS/NX-OS/EOS ``area N authentication [message-digest]``) and IOS XR's
        ``authentication message-digest|keychain`` at process, area or interface level."""
        proc = OspfProcess(w[2] if len(w) > 2 else "", node.line)
        self.dev.ospf.append(proc)
        for c in node.walk()[1:]:
            self.recognised.add(c.line)
            m = _AREA_AUTH.match(c.text)
            if m:
                proc.area_authentication[m.group(1)] = "md5" if m.group(2) else "plain"
            elif _XR_OSPF_AUTH.match(c.text):
                proc.area_authentication["*"] = "md5"
        return True

    def h_isis(self, node: Node, w: list[str], neg: bool) -> bool:
        """IS-IS PDU authentication as each platform writes it inside ``router isis``: IOS ``authentication mode
        md5|text`` / ``authentication key-chain``, NX-OS ``authentication-type md5|cleartext``, IOS XR
        ``lsp-password|hello-password hmac-md5|keychain|text``, EOS ``authentication mode md5|sha``, and the
        clear-text ``area-password`` / ``domain-password``. The strongest form seen is kept."""
        proc = IsisProcess(w[2] if len(w) > 2 else "", node.line)
        self.dev.isis.append(proc)
        rank = {"plain": 1, "md5": 2, "keychain": 3, "sha": 3}
        for c in node.walk()[1:]:
            self.recognised.add(c.line)
            m = _ISIS_AUTH.match(c.text)
            if not m:
                continue
            word = next((g for g in m.groups() if g), "").lower()
            got = ("plain" if word in ("text", "cleartext", "") else "keychain" if word in ("key-chain", "keychain")
                   else "sha" if word.startswith("sha") or word.startswith("hmac-sha") else "md5")
            if rank[got] > rank.get(proc.authentication or "", 0):
                proc.authentication, proc.auth_line = got, c.line
        return True

    # -- fix-ups --------------------------------------------------------------------------
    def finalize(self) -> None:
        """Cross-references that need the whole file: legacy global keys, OS from version."""
        for proto, typ, line, masked in getattr(self, "global_keys", []):
            for srv in self.dev.aaa.servers:
                if srv.protocol == proto and srv.key_type is None:
                    srv.key_type, srv.key_line, srv.key_masked = typ, line, masked
        if self.dev.services.ssh_ports:
            pass
        # the device role (switch/router) is decided after the parse from PIDs and these hints: configs.role
        auth = {i.name: i.ospf_auth for i in self.dev.interfaces.values() if i.ospf_auth == "md5"}
        for proc in self.dev.ospf:
            proc.interface_auth.update(auth)
