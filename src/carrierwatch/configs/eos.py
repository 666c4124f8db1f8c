"""Arista EOS: the IOS parser plus EOS ``management`` stanzas and ``logging vrf X host``.

Syntax per the Arista EOS User Manual (management ssh/telnet/api http-commands sections).
"""

from __future__ import annotations

from carrierwatch.configs.base import MethodHandler
from carrierwatch.configs.ios import IosParser, _prefixes
from carrierwatch.configs.model import AclUse, LoggingHost
from carrierwatch.configs.tree import Node

EOS_IGNORED = """
daemon; event-handler; transceiver; router; peer-filter; ip virtual-router; ipv6 virtual-router;
mlag configuration; queue-monitor; hardware; platform; agent; email; errdisable; service routing;
ip routing; ipv6 unicast-routing; monitor; tap; tunnel-ribs; terminal; banner; dhcp; sflow; load-interval;
cvx; vrf instance; vrf definition; ip name-server; dns; ip domain-name; ip domain lookup; alias;
schedule; ptp; mac; interface defaults; qos; policy-map; class-map; route-map; ip prefix-list;
ipv6 prefix-list; ip community-list; ip as-path; clock; spanning-tree; vlan; switchport;
enable password; ip igmp; ip pim; ip multicast-routing; mpls; system; tcam; ip tacacs; ip radius;
management console; management defaults; management cvx; management security; management api gnmi;
management api netconf; management api restconf; management api models; management accounts
"""


class EosParser(IosParser):
    @classmethod
    def ignored_table(cls) -> set[tuple[str, ...]]:
        return super().ignored_table() | _prefixes(EOS_IGNORED)

    @classmethod
    def handler_table(cls) -> dict[tuple[str, ...], MethodHandler]:
        h = super().handler_table()
        h[("management", "ssh")] = cls.h_mgmt_ssh
        h[("management", "telnet")] = cls.h_mgmt_telnet
        h[("management", "api", "http-commands")] = cls.h_mgmt_api
        h[("logging", "vrf")] = cls.h_logging_vrf
        h[("aaa", "root")] = cls.h_aaa_root
        return h

    def h_aaa_root(self, node: Node, w: list[str], neg: bool) -> bool:
        """``aaa root secret <type> <hash>`` gives the Linux root account a password; ``no aaa root`` removes it
        (EOS User Manual, "aaa root")."""
        self.dev.services.root_secret = not neg and "secret" in [x.lower() for x in w]
        self.dev.services.lines["root_secret"] = node.line
        return True

    def h_mgmt_ssh(self, node: Node, w: list[str], neg: bool) -> bool:
        for c in node.walk()[1:]:
            cw = c.text.split()
            if len(cw) > 2 and cw[0].lower() in ("ip", "ipv6") and cw[1].lower() == "access-group":
                self.dev.acl_uses.append(AclUse(cw[2], "vty", "management ssh", c.line, "in"))
            if cw[:1] == ["idle-timeout"] and len(cw) > 1 and cw[1].isdigit():  # minutes; 0 = never
                self.dev.services.session_timeouts["management ssh"] = int(cw[1]) * 60
                self.dev.services.lines["session_timeouts"] = c.line
            if cw[:1] == ["port"] and len(cw) > 1 and cw[1].isdigit():
                self.dev.services.ssh_ports.append(int(cw[1]))
                self.dev.services.lines.setdefault("ssh_ports", c.line)
        return self.ok_tree(node)

    def h_mgmt_telnet(self, node: Node, w: list[str], neg: bool) -> bool:
        on = any(c.text.lower() == "no shutdown" for c in node.children)
        self.dev.services.telnet, self.dev.services.lines["telnet"] = on, node.line
        return self.ok_tree(node)

    def h_mgmt_api(self, node: Node, w: list[str], neg: bool) -> bool:
        s = self.dev.services
        enabled = any(c.text.lower() == "no shutdown" for c in node.children)
        for c in node.walk()[1:]:
            t = c.text.lower().split()
            if t[:2] == ["protocol", "http"] and enabled:
                s.http_server, s.lines["http_server"] = True, c.line
                if len(t) > 3 and t[2] == "port" and t[3].isdigit():
                    s.http_port = int(t[3])
            if t[:2] == ["protocol", "https"] and enabled:
                s.https_server, s.lines["https_server"] = True, c.line
                if len(t) > 3 and t[2] == "port" and t[3].isdigit():
                    s.https_port = int(t[3])
        if enabled and s.https_server is None:
            s.https_server, s.lines["https_server"] = True, node.line  # EOS eAPI default is HTTPS
        return self.ok_tree(node)

    def h_logging_vrf(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 4 and w[3].lower() == "host" and not neg:
            self.dev.logging.hosts.append(LoggingHost(w[4], node.line, vrf=w[2]))
            return True
        return self.lookup_ignored(["logging"] + w[3:])
