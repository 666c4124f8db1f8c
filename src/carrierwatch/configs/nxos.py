"""Cisco NX-OS: the IOS parser plus NX-OS spellings (``feature``, ``logging server``, ``ssh key rsa``).

Syntax per the Cisco Nexus NX-OS Security / System Management configuration guides.
"""

from __future__ import annotations

from carrierwatch.configs.base import MethodHandler, arg
from carrierwatch.configs.ios import IosParser, _prefixes
from carrierwatch.configs.model import LoggingHost
from carrierwatch.configs.tree import Node

NXOS_IGNORED = """
vrf context; vpc; fabric; nv overlay; evpn; hardware; copp; role; cfs; install; system; boot nxos;
policy-map type control-plane; class-map type control-plane; control-plane; switchname;
feature-set; vdc; port-profile; rmon; power redundancy-mode; ip igmp; ip pim; ip msdp; ip arp;
ip host; ip domain-lookup; cli; callhome; router; route-map; ip prefix-list; ip community-list;
slot; no password strength-check; password strength-check; ssh login-attempts; ssh idle-timeout;
userpassphrase; spanning-tree; vlan; object-group; track; key chain; ntp source-interface;
ntp source; ntp logging; ntp master; logging logfile; logging timestamp; logging level; logging module;
logging monitor; logging console; logging origin-id; logging source-interface; snmp-server enable;
snmp-server globalEnforcePriv; snmp-server location; snmp-server contact; snmp-server source-interface;
aaa group server; ip dns; ip name-server; ip domain-name; ip domain-list
"""


class NxosParser(IosParser):
    @classmethod
    def ignored_table(cls) -> set[tuple[str, ...]]:
        return super().ignored_table() | _prefixes(NXOS_IGNORED)

    @classmethod
    def handler_table(cls) -> dict[tuple[str, ...], MethodHandler]:
        h = super().handler_table()
        h[("feature",)] = cls.h_feature
        h[("logging", "server")] = cls.h_logging_server
        h[("ssh", "key")] = cls.h_ssh_key
        h[("switchname",)] = cls.h_hostname
        h[("nxapi",)] = cls.h_nxapi
        h[("cdp", "enable")] = cls.h_cdp_enable
        return h

    def h_nxapi(self, node: Node, w: list[str], neg: bool) -> bool:
        """``nxapi http port N`` serves NX-API over plain HTTP; ``nxapi https port N`` over TLS (NX-OS
        programmability guide; ansible nxos_nxapi: ``no nxapi http``)."""
        s = self.dev.services
        sub = w[1].lower() if len(w) > 1 else ""
        if sub == "http":
            s.http_server, s.lines["http_server"] = not neg, node.line
            if len(w) > 3 and w[3].isdigit() and not neg:
                s.http_port = int(w[3])
        elif sub == "https" and len(w) > 3 and w[3].isdigit() and not neg:
            s.https_port = int(w[3])
        return True

    def h_cdp_enable(self, node: Node, w: list[str], neg: bool) -> bool:
        """NX-OS turns CDP on and off globally with ``[no] cdp enable`` (on by default)."""
        self.dev.services.cdp_run, self.dev.services.lines["cdp_run"] = not neg, node.line
        return True

    def h_feature(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 1:
            name = w[1].lower()
            if name == "telnet":
                self.dev.services.telnet, self.dev.services.lines["telnet"] = not neg, node.line
            elif name == "ssh":
                self.dev.services.lines["ssh"] = node.line
            elif name in ("bash-shell", "guestshell"):
                self.dev.services.guestshell, self.dev.services.lines["guestshell"] = not neg, node.line
            elif name == "lldp":
                self.dev.services.lldp_run, self.dev.services.lines["lldp_run"] = not neg, node.line
            elif name == "nxapi":
                self.dev.services.https_server, self.dev.services.lines["https_server"] = not neg, node.line
        return True

    def h_logging_server(self, node: Node, w: list[str], neg: bool) -> bool:
        if not neg and len(w) > 2:
            secure = "secure" in [x.lower() for x in w]  # `logging server <ip> [level] ... secure`: TLS
            self.dev.logging.hosts.append(LoggingHost(w[2], node.line, transport="tls" if secure else None,
                                                      vrf=arg(w, "use-vrf")))
        return True

    def h_ssh_key(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 3 and w[2].lower() == "rsa" and w[3].isdigit():
            self.dev.services.rsa_modulus, self.dev.services.lines["rsa_modulus"] = int(w[3]), node.line
        return True
