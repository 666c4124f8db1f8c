"""Cisco IOS XR: nested ``username``/``tacacs-server host``/``ntp`` stanzas, ``ipv4 access-list``,
``line default``/``template``, ``ssh server v2``, ``telnet ... server``.

Syntax per the Cisco IOS XR System Security and System Management configuration guides.
"""

from __future__ import annotations

from carrierwatch.configs.base import MethodHandler, hash_scheme, secret_after
from carrierwatch.configs.ios import IosParser, _prefixes
from carrierwatch.configs.mask import mask_value
from carrierwatch.configs.model import AaaServer, TerminalLine, User
from carrierwatch.configs.tree import Node

XR_IGNORED = """
route-policy; end-policy; prefix-set; end-set; community-set; as-path-set; extcommunity-set;
rd-set; large-community-set; router; mpls; l2vpn; multicast-routing; rsvp; explicit-path; vrf;
control-plane; domain; commit; taskgroup; usergroup; vty-pool; rd-set; evpn; segment-routing;
hw-module; bfd; performance-mgmt; telemetry; netconf-yang; xml; grpc; call-home;
flow; sampler-map; ipv6 access-list; ethernet; tpa; admin; class-map; policy-map; ipv4 virtual;
ipv6 virtual; interface preconfigure; srlg; key chain; group; end-group; apply-group; dhcp; pce;
clock; service; object-group; arp; nv; ssh client; ssh timeout; ssh server rate-limit;
ssh server logging; ssh server session-limit; ssh server vrf; ssh server netconf; ssh server algorithms
"""


class IosxrParser(IosParser):
    @classmethod
    def ignored_table(cls) -> set[tuple[str, ...]]:
        return super().ignored_table() | _prefixes(XR_IGNORED)

    @classmethod
    def handler_table(cls) -> dict[tuple[str, ...], MethodHandler]:
        h = super().handler_table()
        h[("username",)] = cls.h_xr_username
        h[("ipv4", "access-list")] = cls.h_named_acl
        h[("ssh", "server", "v2")] = cls.h_ssh_v2
        h[("ssh", "server", "port")] = cls.h_ssh_port
        h[("telnet",)] = cls.h_telnet
        h[("ntp",)] = cls.h_xr_ntp
        h[("tacacs-server", "host")] = cls.h_xr_server
        h[("radius-server", "host")] = cls.h_xr_server
        h[("cdp",)] = cls.h_xr_discovery
        h[("lldp",)] = cls.h_xr_discovery
        h[("tftp",)] = cls.h_xr_tftp
        return h

    def h_xr_discovery(self, node: Node, w: list[str], neg: bool) -> bool:
        """IOS XR runs CDP and LLDP only where configured: a global ``cdp`` / ``lldp`` line turns it on."""
        key = "cdp_run" if w[0].lower() == "cdp" else "lldp_run"
        if len(w) == 1:
            setattr(self.dev.services, key, not neg)
            self.dev.services.lines[key] = node.line
        return self.ok_tree(node)

    def h_xr_tftp(self, node: Node, w: list[str], neg: bool) -> bool:
        """``tftp vrf <vrf> ipv4|ipv6 server homedir <dir>``: the IOS XR TFTP server."""
        if "server" in [x.lower() for x in w] and not neg:
            self.dev.services.tftp_server.append(w[w.index("homedir") + 1] if "homedir" in w[:-1] else "(server)")
            self.dev.services.lines.setdefault("tftp_server", node.line)
        return True

    def h_xr_username(self, node: Node, w: list[str], neg: bool) -> bool:
        if not node.children:
            return self.h_username(node, w, neg)
        u = User(w[1], node.line)
        self.dev.users.append(u)
        for c in node.children:
            cw = c.text.split()
            lw = [x.lower() for x in cw]
            if lw[:1] in (["secret"], ["password"]):
                typ, sec = secret_after(cw, 1)
                u.secret_kind, u.secret_type, u.masked, u.line = lw[0], typ, mask_value(sec), c.line
                u.scheme = hash_scheme(sec)
            elif lw[:1] == ["group"] and len(cw) > 1:
                u.role = cw[1]
                if cw[1] in ("root-lr", "root-system", "netadmin"):
                    u.privilege = 15
        return self.ok_tree(node)

    def h_ssh_v2(self, node: Node, w: list[str], neg: bool) -> bool:
        self.dev.services.ssh_version = None if neg else "2"
        self.dev.services.lines["ssh_version"] = node.line
        return True

    def h_ssh_port(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 3 and w[3].isdigit() and not neg:
            self.dev.services.ssh_ports.append(int(w[3]))
            self.dev.services.lines.setdefault("ssh_ports", node.line)
        return True

    def h_telnet(self, node: Node, w: list[str], neg: bool) -> bool:
        if "server" in [x.lower() for x in w]:
            self.dev.services.telnet = not neg
            self.dev.services.lines["telnet"] = node.line
        return True

    def h_xr_ntp(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 1:
            return self.h_ntp(node, w, neg)
        for c in node.children:
            self.h_ntp(c, ["ntp"] + c.text.split(), False)
        return self.ok_tree(node)

    def h_xr_server(self, node: Node, w: list[str], neg: bool) -> bool:
        proto = "tacacs" if w[0].lower().startswith("tacacs") else "radius"
        srv = AaaServer(proto, w[2] if len(w) > 2 else None, node.line)
        self.dev.aaa.servers.append(srv)
        lines = [w] + [c.text.split() for c in node.children]
        for i, cw in enumerate(lines):
            lw = [x.lower() for x in cw]
            if "key" in lw:
                typ, sec = secret_after(cw, lw.index("key") + 1)
                srv.key_type, srv.key_masked = typ, mask_value(sec)
                srv.key_line = node.line if i == 0 else node.children[i - 1].line
        return self.ok_tree(node)

    def h_line(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 1 and w[1].lower() in ("default", "template"):
            tl = TerminalLine("vty", None, None, node.line)
            self.dev.lines.append(tl)

            def child(c: Node, cw: list[str], cneg: bool) -> bool:
                lw = [x.lower() for x in cw]
                if lw[:1] == ["access-class"] and len(cw) > 2:  # XR: access-class ingress|egress NAME
                    cw = ["access-class", cw[2], "in" if lw[1] == "ingress" else "out"]
                return self.line_child(tl, c, cw, cneg)

            self.children(
                node,
                child,
                (
                    "secret",
                    "password",
                    "users",
                    "session-limit",
                    "session-timeout",
                    "width",
                    "length",
                    "timestamp",
                    "login",
                    "cli",
                    "disconnect-character",
                ),
            )
            return True
        return super().h_line(node, w, neg)
