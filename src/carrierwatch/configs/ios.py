"""Cisco IOS / IOS XE parser: global commands and the stanzas the audit reads.

Syntax follows the Cisco IOS XE configuration guides and command references (Security, SSH, SNMP,
AAA, Guest Shell/App-hosting). The other Cisco-family dialects (NX-OS, IOS XR) and Arista EOS
subclass this parser and override what differs.
"""

from __future__ import annotations

import functools
import re

from carrierwatch.configs.addr import acl_operand, is_ip, mask_to_prefix
from carrierwatch.configs.base import CiscoFamilyParser, MethodHandler, arg, hash_scheme, secret_after
from carrierwatch.configs.ios_stanzas import IosStanzas
from carrierwatch.configs.mask import mask_value
from carrierwatch.configs.model import (
    AaaServer,
    Acl,
    AclEntry,
    AclUse,
    CryptoItem,
    DeviceConfig,
    EnableSecret,
    LoggingHost,
    MethodList,
    MonitorSession,
    NtpServer,
    SnmpCommunity,
    SnmpGroup,
    SnmpHost,
    SnmpUser,
    SnmpView,
    StaticRoute,
    User,
)
from carrierwatch.configs.tree import Node

# Global stanzas/commands carrying nothing the audit reads; their whole subtree counts as recognised.
IOS_IGNORED = """
boot; boot-start-marker; boot-end-marker; card; license; redundancy; platform; diagnostic; memory;
route-map; ip prefix-list; ipv6 prefix-list; ip community-list; ip extcommunity-list; ip as-path;
class-map; policy-map; key chain; clock; ip cef; ipv6 cef; ipv6 unicast-routing; ip subnet-zero;
ip classless; ip vrf; vrf definition; vrf; ip multicast-routing; ipv6 multicast-routing; multilink;
mpls; ip dhcp; ip forward-protocol; ip bgp-community; ip tcp; errdisable; port-channel; udld;
system; login; call-home; ip sla; track; object-group; router eigrp; router isis; router rip;
hw-module; scheduler; alias; process; file; security; voice; dial-peer; controller; power; ip igmp;
ip pim; ip nat; ip dns; ip scp; ip ftp; ip tftp; ip radius; ip tacacs; ip domain; ip domain-name;
ip domain-lookup; ip domain-list; ip name-server; ip host; sdm; stack; switch; vtp; end;
ip routing; ipv6 route; ip local; ip ospf; ip explicit-path; ip rsvp; ip msdp; ip mroute;
ip default-gateway; ip default-network; ip finger; ip bootp; ip gratuitous-arps; ip icmp;
ip options; ip arp; arp; mac; mac-address-table; vlan; spanning-tree; cts; dot1x; aaa session-id;
aaa common-criteria; aaa server; aaa local; aaa attribute; subscriber; crypto pki; crypto ca;
crypto engine; crypto logging; xconnect; l2vpn; bridge; rmon; event; cdp timer; cdp holdtime;
cdp advertise-v2; lldp timer; lldp holdtime; lldp reinit; exception; ipv6 access-list log-update;
ip access-list log-update; access-session; device-tracking; template; parameter-map; zone;
zone-pair; flow; sampler; netflow; ip flow-export; ip flow-cache; ip flow-top-talkers; qos;
mls; auto; epm; table-map; service-template; ntp source; ntp update-calendar; ntp master;
ntp logging; ntp max-associations; ntp access-group; ipv6 nd; ipv6 dhcp; ipv6 general-prefix;
ip bgp; router-id; segment-routing; bfd; bfd-template; ip source-track; ip wccp; ip http client;
ip ssh server; ip ssh client; ip ssh time-out; ip ssh authentication-retries; ip ssh logging;
ip ssh source-interface; ip ssh pubkey-chain; ip ssh maxstartups; ip ssh rsa; ip ssh stricthostkeycheck;
ip http authentication; ip http timeout-policy; ip http max-connections; ip http path;
ip http active-session-modules; ip http secure-active-session-modules; ip http session-module-list;
ip http secure-trustpoint; ip http secure-ciphersuite; ip http tls-version; ip http secure-client-auth;
snmp-server location; snmp-server contact; snmp-server enable; snmp-server trap-source;
snmp-server ifindex; snmp-server chassis-id; snmp-server trap; snmp-server source-interface;
snmp-server engineid; snmp-server queue-length; snmp-server packetsize; snmp-server system-shutdown;
snmp ifmib; snmp-server manager; snmp mib; logging console; logging monitor; logging facility;
logging source-interface; logging origin-id; logging rate-limit; logging event; logging history;
logging count; logging discriminator; logging persistent; logging queue-limit; logging userinfo;
logging snmp-trap; logging alarm; archive; service; username-privilege; privilege; netconf;
netconf-yang; restconf; gnxi; telemetry; pnp; transceiver; wsma; banner; macro; interface range;
default; errdisable; monitor event-trace; tacacs-server timeout; tacacs-server directed-request;
radius-server attribute; radius-server dead-criteria; radius-server deadtime; radius-server timeout;
radius-server retransmit; radius-server vsa; radius-server retry; tacacs-server administration;
ip ftp username; ipv6 ospf; ipv6 router; router lisp; nat64; ipv6 local; ipv6 multicast;
access-list compiled; ipv6 source-route; ip finger; ip telnet; ip ssh dscp; ip ssh precedence;
license boot; version; password encryption; key config-key
"""


def _prefixes(text: str) -> set[tuple[str, ...]]:
    """A fresh set (callers extend it) built from a cached frozenset: parsed once per process."""
    return set(_prefixes_cached(text))


@functools.lru_cache(maxsize=32)
def _prefixes_cached(text: str) -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(p.strip().lower().split()) for p in text.replace("\n", " ").split(";") if p.strip())


_SSH_PORT = re.compile(r"^ip ssh port (\d+) rotary\s*(\d+)?", re.IGNORECASE)


def _flag(field_name: str) -> MethodHandler:
    """Handler of a global on/off command (``vstack``/``no vstack``) stored in ``services.<field_name>``."""

    def handler(self: IosParser, node: Node, w: list[str], neg: bool) -> bool:
        setattr(self.dev.services, field_name, not neg)
        self.dev.services.lines[field_name] = node.line
        if field_name == "guestshell":
            self.ok_tree(node)
        return True

    return handler


class IosParser(IosStanzas, CiscoFamilyParser):
    """IOS and IOS XE."""

    def __init__(self, dev: DeviceConfig) -> None:
        super().__init__(dev)
        self.global_keys: list[tuple[str, str, int, str]] = []  # legacy ``tacacs-server key``

    @classmethod
    def ignored_table(cls) -> set[tuple[str, ...]]:
        return super().ignored_table() | _prefixes(IOS_IGNORED)

    @classmethod
    def handler_table(cls) -> dict[tuple[str, ...], MethodHandler]:
        h = super().handler_table()
        h[("hostname",)] = cls.h_hostname
        h[("version",)] = cls.h_version
        h[("enable",)] = cls.h_enable
        h[("username",)] = cls.h_username
        h[("aaa", "new-model")] = cls.h_aaa_new_model
        for fn in ("authentication", "authorization", "accounting"):
            h[("aaa", fn)] = cls.h_aaa_method
        h[("aaa", "group", "server")] = cls.h_aaa_group
        h[("tacacs-server", "host")] = cls.h_legacy_server
        h[("radius-server", "host")] = cls.h_legacy_server
        h[("tacacs-server", "key")] = cls.h_legacy_key
        h[("radius-server", "key")] = cls.h_legacy_key
        h[("tacacs", "server")] = cls.h_server_stanza
        h[("radius", "server")] = cls.h_server_stanza
        h[("snmp-server", "community")] = cls.h_snmp_community
        h[("snmp-server", "group")] = cls.h_snmp_group
        h[("snmp-server", "user")] = cls.h_snmp_user
        h[("snmp-server", "view")] = cls.h_snmp_view
        h[("snmp-server", "host")] = cls.h_snmp_host
        h[("ip", "http")] = cls.h_http
        h[("ip", "ssh")] = cls.h_ssh
        h[("vstack",)] = _flag("vstack")
        h[("iox",)] = _flag("iox")
        h[("app-hosting",)] = cls.h_app_hosting
        h[("guestshell",)] = _flag("guestshell")
        h[("cdp", "run")] = _flag("cdp_run")
        h[("lldp", "run")] = _flag("lldp_run")
        h[("ip", "source-route")] = _flag("source_route")
        h[("service", "password-encryption")] = _flag("password_encryption")
        h[("service", "timestamps")] = cls.h_timestamps
        h[("tftp-server",)] = cls.h_tftp
        h[("archive",)] = cls.h_archive
        h[("logging",)] = cls.h_logging
        h[("ntp",)] = cls.h_ntp
        h[("access-list",)] = cls.h_numbered_acl
        h[("ip", "access-list")] = cls.h_named_acl
        h[("ipv6", "access-list")] = cls.h_named_acl
        h[("ip", "route")] = cls.h_route
        h[("router", "bgp")] = cls.h_bgp
        h[("router", "ospf")] = cls.h_ospf
        h[("router", "isis")] = cls.h_isis
        h[("crypto",)] = cls.h_crypto
        h[("monitor", "session")] = cls.h_monitor_session
        h[("monitor", "capture")] = cls.h_monitor_capture
        h[("interface",)] = cls.h_interface
        h[("line",)] = cls.h_line
        h[("control-plane",)] = cls.h_ignore_tree
        h[("spanning-tree",)] = cls.h_switch_hint
        h[("vlan",)] = cls.h_switch_hint
        h[("vtp",)] = cls.h_switch_hint
        return h

    # -- small globals --------------------------------------------------------------------
    def h_ignore_tree(self, node: Node, w: list[str], neg: bool) -> bool:
        return self.ok_tree(node)

    def h_switch_hint(self, node: Node, w: list[str], neg: bool) -> bool:
        """``vtp ...`` is a strong switching hint; ``spanning-tree``/``vlan`` are weak (routers show them too)."""
        if not neg:
            self.dev.l2_hints.append((" ".join(w[:3]), node.line, w[0].lower() == "vtp"))
        return self.ok_tree(node)

    def h_hostname(self, node: Node, w: list[str], neg: bool) -> bool:
        self.dev.hostname = w[1].strip('"') if len(w) > 1 else None
        return True

    def h_version(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 1:
            self.dev.version = w[1]
        return True

    def h_timestamps(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 2 and w[2].lower() == "log":
            self.dev.logging.timestamps = not neg
            self.dev.logging.lines["timestamps"] = node.line
        return True

    def h_tftp(self, node: Node, w: list[str], neg: bool) -> bool:
        if not neg and len(w) > 1:
            self.dev.services.tftp_server.append(w[1])
            self.dev.services.lines.setdefault("tftp_server", node.line)
        return True

    def h_archive(self, node: Node, w: list[str], neg: bool) -> bool:
        for c in node.walk()[1:]:
            cw = c.text.split()
            if cw and cw[0].lower() == "path" and len(cw) > 1:
                self.dev.services.archive_path = cw[1]
                self.dev.services.lines["archive_path"] = c.line
        return self.ok_tree(node)

    def h_app_hosting(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 2 and w[1].lower() == "appid":
            self.dev.services.app_hosting.append(w[2])
            if w[2].lower() == "guestshell" and not neg:
                self.dev.services.guestshell = True
                self.dev.services.lines["guestshell"] = node.line
        return self.ok_tree(node)

    # -- credentials ----------------------------------------------------------------------
    def h_enable(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) < 2 or w[1].lower() not in ("secret", "password"):
            return w[1].lower() in ("view", "algorithm-type") if len(w) > 1 else False
        if neg:
            return True
        i = 2
        if i < len(w) and w[i].lower() == "level":
            i += 2
        typ, sec = secret_after(w, i)
        self.dev.enable.append(EnableSecret(w[1].lower(), typ, node.line, mask_value(sec)))
        return True

    def h_username(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg or len(w) < 2:
            return True
        user = next((u for u in self.dev.users if u.name == w[1]), None)
        if user is None:
            user = User(w[1], node.line)
            self.dev.users.append(user)
        low = [x.lower() for x in w]
        if "privilege" in low:
            user.privilege = int(arg(w, "privilege") or 0)
        if "role" in low:
            user.role = arg(w, "role")
        for kind in ("secret", "password"):
            if kind in low:
                i = low.index(kind) + 1
                if i < len(w) and w[i].lower() == "algorithm-type":
                    i += 2
                typ, sec = secret_after(w, i)
                if low[low.index(kind) + 1] == "algorithm-type":
                    typ = {"scrypt": "9", "sha256": "8", "md5": "5"}.get(low[low.index(kind) + 2], typ)
                user.secret_kind, user.secret_type, user.masked = kind, typ, mask_value(sec)
                user.scheme = hash_scheme(sec)
                user.line = node.line
        if "nopassword" in low:
            user.secret_kind, user.secret_type = "none", None
        return True

    # -- AAA ------------------------------------------------------------------------------
    def h_aaa_new_model(self, node: Node, w: list[str], neg: bool) -> bool:
        self.dev.aaa.new_model = not neg
        self.dev.aaa.new_model_line = node.line
        return True

    def h_aaa_method(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg:
            return True
        fn = w[1].lower()
        rest = w[2:]
        if not rest:
            return False
        service = rest[0].lower()
        j = 1
        if service == "commands" and len(rest) > 1 and rest[1].isdigit():
            service = f"commands {rest[1]}"
            j = 2
        name = rest[j] if j < len(rest) else "default"
        methods = [m.lower() for m in rest[j + 1 :]]
        ml = MethodList(fn, service, name, methods, node.line)
        getattr(self.dev.aaa, fn).append(ml)
        return True

    def _add_server(self, proto: str, address: str | None, node: Node, name: str | None = None) -> AaaServer:
        srv = AaaServer(proto, address, node.line, name=name)
        self.dev.aaa.servers.append(srv)
        return srv

    def h_legacy_server(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg:
            return True
        proto = "tacacs" if w[0].lower().startswith("tacacs") else "radius"
        srv = self._add_server(proto, w[2] if len(w) > 2 else None, node)
        low = [x.lower() for x in w]
        if "key" in low:
            typ, sec = secret_after(w, low.index("key") + 1)
            srv.key_type, srv.key_line, srv.key_masked = typ, node.line, mask_value(sec)
        return True

    def h_legacy_key(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg:
            return True
        proto = "tacacs" if w[0].lower().startswith("tacacs") else "radius"
        typ, sec = secret_after(w, 2)
        for srv in self.dev.aaa.servers:
            if srv.protocol == proto and srv.key_type is None:
                srv.key_type, srv.key_line, srv.key_masked = typ, node.line, mask_value(sec)
        self.global_keys.append((proto, typ, node.line, mask_value(sec)))
        return True

    def h_server_stanza(self, node: Node, w: list[str], neg: bool) -> bool:
        proto = "tacacs" if w[0].lower() == "tacacs" else "radius"
        srv = self._add_server(proto, None, node, name=w[2] if len(w) > 2 else None)

        def child(c: Node, cw: list[str], cneg: bool) -> bool:
            lw = [x.lower() for x in cw]
            if lw[:1] == ["address"] and len(cw) > 2:
                srv.address = cw[2]
                return True
            if lw[:1] == ["key"]:
                typ, sec = secret_after(cw, 1)
                srv.key_type, srv.key_line, srv.key_masked = typ, c.line, mask_value(sec)
                return True
            return False

        self.children(
            node,
            child,
            (
                "timeout",
                "single-connection",
                "port",
                "retransmit",
                "automate-tester",
                "pac",
                "send",
                "tls",
                "dtls",
                "deadtime",
            ),
        )
        return True

    def h_aaa_group(self, node: Node, w: list[str], neg: bool) -> bool:
        proto = "tacacs" if w[3:4] and w[3].lower().startswith("tacacs") else "radius"

        def child(c: Node, cw: list[str], cneg: bool) -> bool:
            lw = [x.lower() for x in cw]
            if lw[:1] == ["server-private"] and len(cw) > 1:
                srv = self._add_server(proto, cw[1], c)
                if "key" in lw:
                    typ, sec = secret_after(cw, lw.index("key") + 1)
                    srv.key_type, srv.key_line, srv.key_masked = typ, c.line, mask_value(sec)
                return True
            return lw[:1] == ["server"]

        self.children(
            node, child, ("ip", "timeout", "deadtime", "load-balance", "accounting", "authorization")
        )
        return True

    # -- SNMP -----------------------------------------------------------------------------
    def h_snmp_community(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg or len(w) < 3:
            return True
        c = SnmpCommunity(mask_value(w[2]), node.line)
        rest = w[3:]
        i = 0
        while i < len(rest):
            t = rest[i].lower()
            if t == "view" and i + 1 < len(rest):
                c.view = rest[i + 1]
                i += 2
                continue
            if t in ("ro", "rw"):
                c.access = t.upper()
            elif t in ("ipv6", "ipv4", "use-acl", "use-ipv4acl", "use-ipv6acl") and i + 1 < len(rest):
                c.acl = c.acl or rest[i + 1]
                i += 1
            elif t == "group" and i + 1 < len(rest):
                i += 1
            elif t not in ("use-ipv4-acl", "use-ipv6-acl", "sdrowner", "systemowner"):
                c.acl = rest[i]
            i += 1
        self.dev.snmp.communities.append(c)
        if c.acl:
            self.dev.acl_uses.append(AclUse(c.acl, "snmp", f"community {c.masked}", node.line))
        return True

    def h_snmp_group(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg or len(w) < 4:
            return True
        g = SnmpGroup(w[2], w[3].lower().lstrip("v"), node.line)
        low = [x.lower() for x in w]
        if len(w) > 4 and low[4] in ("noauth", "auth", "priv"):
            g.level = low[4]
        g.read_view, g.write_view, g.notify_view = arg(w, "read"), arg(w, "write"), arg(w, "notify")
        if "access" in low:
            i = low.index("access") + 1
            if i < len(w) and low[i] == "ipv6":
                i += 2
            g.acl = w[i] if i < len(w) else None
        self.dev.snmp.groups.append(g)
        if g.acl:
            self.dev.acl_uses.append(AclUse(g.acl, "snmp", f"group {g.name}", node.line))
        return True

    def h_snmp_user(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg or len(w) < 3:
            return True
        low = [x.lower() for x in w]
        u = SnmpUser(w[2], node.line, group=w[3] if len(w) > 3 else None)
        for v in ("v1", "v2c", "v3"):
            if v in low:
                u.version = v[1:]
        if "auth" in low:
            u.auth = arg(w, "auth")
            u.auth = u.auth.lower() if u.auth else None
        if "priv" in low:
            p = (arg(w, "priv") or "").lower()
            if p.startswith("0x"):
                p = "des"  # NX-OS: no algorithm given means DES (guess from NX-OS docs default)
            i = low.index("priv") + 2
            if p == "aes" and i < len(w) and w[i].isdigit():
                p = f"aes {w[i]}"
            u.priv = p
        if "access" in low:
            u.acl = arg(w, "access")
            if u.acl and u.acl.lower() == "ipv6":
                u.acl = w[low.index("access") + 2] if low.index("access") + 2 < len(w) else None
        self.dev.snmp.users.append(u)
        if u.acl:
            self.dev.acl_uses.append(AclUse(u.acl, "snmp", f"user {u.name}", node.line))
        return True

    def h_snmp_view(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg or len(w) < 4:
            return True
        v = self.dev.snmp.views.setdefault(w[2], SnmpView(w[2]))
        v.lines.append(node.line)
        (v.excluded if w[-1].lower() == "excluded" else v.included).append(w[3])
        return True

    def h_snmp_host(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg or len(w) < 3:
            return True
        self.dev.snmp.hosts.append(SnmpHost(w[2], node.line, arg(w, "version")))
        return True

    # -- management services ----------------------------------------------------------------
    def h_http(self, node: Node, w: list[str], neg: bool) -> bool:
        s = self.dev.services
        sub = w[2].lower() if len(w) > 2 else ""
        if sub == "server":
            s.http_server, s.lines["http_server"] = not neg, node.line
        elif sub == "secure-server":
            s.https_server, s.lines["https_server"] = not neg, node.line
        elif sub == "port" and len(w) > 3 and not neg:
            s.http_port, s.lines["http_port"] = int(w[3]), node.line
        elif sub == "secure-port" and len(w) > 3 and not neg:
            s.https_port, s.lines["https_port"] = int(w[3]), node.line
        elif sub == "access-class" and not neg:
            acl = w[4] if len(w) > 4 and w[3].lower() in ("ipv4", "ipv6") else w[3]
            s.http_access_class, s.lines["http_access_class"] = acl, node.line
            self.dev.acl_uses.append(AclUse(acl, "http", "ip http access-class", node.line))
        else:
            return self.lookup_ignored(w)
        return True

    def h_ssh(self, node: Node, w: list[str], neg: bool) -> bool:
        s = self.dev.services
        sub = w[2].lower() if len(w) > 2 else ""
        m = _SSH_PORT.match(" ".join(w))
        if sub == "version" and len(w) > 3:
            s.ssh_version, s.lines["ssh_version"] = (None if neg else w[3]), node.line
        elif m and not neg:
            s.ssh_ports.append(int(m.group(1)))
            s.lines.setdefault("ssh_ports", node.line)
        elif sub == "dh" and len(w) > 5 and not neg:
            s.ssh_dh_min, s.lines["ssh_dh_min"] = int(w[5]), node.line
        else:
            return self.lookup_ignored(w)
        return True

    # -- logging / NTP --------------------------------------------------------------------
    def h_logging(self, node: Node, w: list[str], neg: bool) -> bool:
        lg = self.dev.logging
        sub = w[1].lower() if len(w) > 1 else ""
        if sub == "host" and len(w) > 2:
            i = 2
            vrf = None
            if w[i].lower() in ("ipv6", "ipv4"):
                i += 1
            if not neg:
                h = LoggingHost(w[i], node.line, vrf=arg(w, "vrf"))
                t = arg(w, "transport") or arg(w, "protocol")  # EOS: logging host <ip> [port] protocol tls
                if t:
                    h.transport = t.lower()
                    p = arg(w, "port")
                    h.port = int(p) if p and p.isdigit() else None
                h.vrf = h.vrf or vrf
                lg.hosts.append(h)
        elif is_ip(sub):
            if not neg:
                lg.hosts.append(LoggingHost(w[1], node.line, vrf=arg(w, "vrf")))
        elif sub == "tls-server" and len(w) > 2:  # IOS XR: logging tls-server NAME / address ipv4 <ip>
            for c in node.children:
                cw = c.text.split()
                if cw[:1] == ["address"] and len(cw) > 2 and not neg:
                    lg.hosts.append(LoggingHost(cw[2], c.line, transport="tls"))
            self.ok_tree(node)
        elif sub == "trap":
            lg.trap_level = "debugging" if len(w) < 3 else w[2].lower()
            if neg:
                lg.trap_level = "off"
            lg.lines["trap_level"] = node.line
        elif sub == "buffered":
            lg.buffered = "off" if neg else " ".join(w[2:]) or "on"
            lg.lines["buffered"] = node.line
        elif sub == "on":
            lg.enabled, lg.lines["enabled"] = not neg, node.line
        else:
            return self.lookup_ignored(w)
        return True

    def h_ntp(self, node: Node, w: list[str], neg: bool) -> bool:
        ntp = self.dev.ntp
        sub = w[1].lower() if len(w) > 1 else ""
        if sub in ("server", "peer") and len(w) > 2:
            i = 2
            vrf = None
            if w[i].lower() == "vrf" and len(w) > 4:
                vrf, i = w[3], 4
            if w[i].lower() in ("ip", "ipv6"):
                i += 1
            if not neg:
                ntp.servers.append(
                    NtpServer(w[i], node.line, key=arg(w, "key"), vrf=vrf or arg(w, "use-vrf"))
                )
        elif sub == "authenticate":
            ntp.authenticate, ntp.lines["authenticate"] = not neg, node.line
        elif sub == "authentication-key" and len(w) > 2:
            ntp.keys.append(w[2])
            ntp.lines.setdefault("keys", node.line)
        elif sub == "trusted-key" and len(w) > 2:
            ntp.trusted_keys.extend(x for x in w[2:] if x.isdigit())
            ntp.lines.setdefault("trusted_keys", node.line)
        else:
            return self.lookup_ignored(w)
        return True

    # -- ACLs -----------------------------------------------------------------------------
    def acl_entry(self, words: list[str], line: int, standard: bool) -> AclEntry | None:
        w = list(words)
        if w and w[0].isdigit():
            w = w[1:]
        if not w:
            return None
        action = w[0].lower()
        if action == "remark":
            return AclEntry("remark", line, text=" ".join(w))
        if action not in ("permit", "deny"):
            return None
        e = AclEntry(action, line, text=" ".join(words))
        i = 1
        if not standard and i < len(w):
            e.protocol = w[i].lower()
            i += 1
        e.source, i = acl_operand(w, i)
        if not standard:
            while i < len(w) and w[i].lower() in ("eq", "gt", "lt", "neq", "range"):
                i += 3 if w[i].lower() == "range" else 2
            e.destination, i = acl_operand(w, i)
        e.log = any(x.lower() in ("log", "log-input") for x in w)
        return e

    def h_numbered_acl(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) < 3 or neg:
            return len(w) >= 2
        name = w[1]
        n = int(name) if name.isdigit() else 0
        standard = 1 <= n <= 99 or 1300 <= n <= 1999
        acl = self.dev.acls.setdefault(name, Acl(name, node.line, "standard" if standard else "extended"))
        e = self.acl_entry(w[2:], node.line, standard)
        if e is None:
            return False
        acl.entries.append(e)
        return True

    def h_named_acl(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg:
            return True
        v6 = w[0].lower() == "ipv6"
        if v6:
            kind, name = "ipv6", w[2]
        elif len(w) > 3 and w[2].lower() in ("standard", "extended"):
            kind, name = w[2].lower(), w[3]
        elif len(w) > 2 and w[2].lower() in ("resequence", "logging", "log-update", "role-based"):
            return True
        else:
            kind, name = "extended", w[2]
        acl = self.dev.acls.setdefault(name, Acl(name, node.line, kind))
        std = kind == "standard"

        def child(c: Node, cw: list[str], cneg: bool) -> bool:
            e = self.acl_entry(cw, c.line, std)
            if e is None:
                return False
            acl.entries.append(e)
            return True

        self.children(node, child, ("statistics", "fragments", "sequence"))
        return True

    def h_route(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg:
            return True
        i, vrf = 2, None
        if w[i].lower() == "vrf":
            vrf, i = w[3], 4
        if i + 1 < len(w):
            p = mask_to_prefix(w[i + 1])
            prefix = f"{w[i]}/{p}" if p is not None else f"{w[i]} {w[i + 1]}"
            nh = w[i + 2] if i + 2 < len(w) else None
            self.dev.static_routes.append(StaticRoute(prefix, nh, node.line, vrf))
        return True

    # -- crypto / monitor -----------------------------------------------------------------
    def h_crypto(self, node: Node, w: list[str], neg: bool) -> bool:
        low = [x.lower() for x in w]
        if neg:
            return True
        if low[1:3] == ["isakmp", "key"] and len(w) > 3:
            peer = arg(w, "address") or arg(w, "hostname")
            typ, sec = secret_after(w, 3)
            self.dev.crypto.append(
                CryptoItem("psk", "isakmp", node.line, {"key_type": typ}, peer, mask_value(sec))
            )
            return True
        if low[1:3] == ["isakmp", "policy"] and len(w) > 3:
            item = CryptoItem("isakmp-policy", w[3], node.line)
            self.dev.crypto.append(item)
            for c in node.children:
                cw = c.text.split()
                if cw:
                    item.values[cw[0].lower()] = " ".join(cw[1:])
            return self.ok_tree(node)
        if low[1:3] == ["ipsec", "transform-set"] and len(w) > 3:
            self.dev.crypto.append(
                CryptoItem("transform-set", w[3], node.line, {"transforms": " ".join(w[4:])})
            )
            return self.ok_tree(node)
        if low[1:3] == ["ikev2", "proposal"] and len(w) > 3:
            item = CryptoItem("ikev2-proposal", w[3], node.line)
            self.dev.crypto.append(item)
            for c in node.children:
                cw = c.text.split()
                if cw:
                    item.values[cw[0].lower()] = " ".join(cw[1:])
            return self.ok_tree(node)
        if low[1:3] == ["ikev2", "keyring"] or low[1:3] == ["isakmp", "profile"] or low[1] == "keyring":
            self._keyring(node)
            return self.ok_tree(node)
        if low[1] == "map" and len(w) > 3:
            for c in node.children:
                cw = c.text.split()
                if [x.lower() for x in cw[:2]] == ["set", "peer"] and len(cw) > 2:
                    self.dev.crypto.append(CryptoItem("peer", f"{w[2]} {w[3]}", c.line, peer=cw[2]))
            return self.ok_tree(node)
        if low[1] in (
            "pki",
            "ca",
            "key",
            "ipsec",
            "isakmp",
            "ikev2",
            "logging",
            "engine",
            "dynamic-map",
            "gdoi",
            "vpn",
            "signaling",
            "call",
        ):
            return self.ok_tree(node)
        return False

    def _keyring(self, node: Node) -> None:
        peer_addr: str | None = None
        for c in node.walk()[1:]:
            cw = c.text.split()
            lw = [x.lower() for x in cw]
            if lw[:1] == ["address"] and len(cw) > 1:
                peer_addr = cw[1]
            if lw[:1] == ["pre-shared-key"]:
                i = 1
                while i < len(cw) and lw[i] in ("local", "remote"):
                    i += 1
                if lw[i : i + 1] == ["address"]:
                    peer_addr = cw[i + 1] if i + 1 < len(cw) else peer_addr
                    i = lw.index("key") + 1 if "key" in lw else len(cw)
                typ, sec = secret_after(cw, i)
                self.dev.crypto.append(
                    CryptoItem("psk", "keyring", c.line, {"key_type": typ}, peer_addr, mask_value(sec))
                )

    def h_monitor_session(self, node: Node, w: list[str], neg: bool) -> bool:
        if neg or len(w) < 3:
            return True
        name = w[2]
        kind = "erspan" if "erspan" in " ".join(w).lower() else "span"
        sess = next((s for s in self.dev.monitor_sessions if s.name == name and s.kind != "capture"), None)
        if sess is None:
            sess = MonitorSession(kind, name, node.line)
            self.dev.monitor_sessions.append(sess)
        low = [x.lower() for x in w]
        if "destination" in low:
            sess.destinations.append(" ".join(w[low.index("destination") + 1 :]))
            if "remote" in low:
                sess.kind = "rspan"
        if "source" in low:
            sess.sources.append(" ".join(w[low.index("source") + 1 :]))
        for c in node.walk()[1:]:
            cw = c.text.split()
            if cw and cw[0].lower() in ("destination", "ip") and "address" in c.text.lower():
                sess.destinations.append(cw[-1])
        return self.ok_tree(node)

    def h_monitor_capture(self, node: Node, w: list[str], neg: bool) -> bool:
        if len(w) > 2:
            self.dev.monitor_sessions.append(
                MonitorSession("capture", w[2], node.line, sources=[" ".join(w[3:])])
            )
        return self.ok_tree(node)
