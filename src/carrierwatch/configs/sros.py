"""Nokia SR OS (7750 SR, 7250 IXR, 7950 XRS): classic CLI (``exit``-closed contexts) and MD-CLI (``{ }``).

Both forms nest by indentation and use the same context names for what the audit reads, so one handler
serves both (``blocks.walk``); MD-CLI leaves that differ (``telnet-server true``, ``admin-state disable``,
``address`` and ``secret`` as separate leaves of ``server 1``) are read too. Contexts read, per the Nokia
7750 SR System Management Guide (Security / SNMP / System Time chapters) and the 7705 SAR security command
reference (``ftp-server``: "FTP servers are disabled by default. At system startup, only SSH servers are
enabled"):

* ``system name``; ``system security``: ``telnet-server``, ``ftp-server``, ``user``/``local-user`` with
  ``password``, ``snmp community``, ``tacplus``/``radius`` servers and ``accounting``, ``ssh version``,
  ``management-access-filter`` (read as one ACL applied to management access);
* ``system login-control idle-timeout`` (minutes; SR OS default 30), ``system time ntp``;
* ``log syslog <n> address``; ``router <name> interface … address``; ``router bgp … authentication-key``.

Password forms: ``$2y$…`` (bcrypt) and ``$pbkdf2…`` are one-way hashes; ``hash``/``hash2`` are SR OS's
reversible key encodings (the guide: "the second algorithm is a more complex key"), anything else is clear.
"""

from __future__ import annotations

import re

from carrierwatch.configs.blocks import block_tree, walk
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
    SnmpCommunity,
    TerminalLine,
    User,
)
from carrierwatch.configs.tree import Node

_TIMOS = re.compile(r"TiMOS-[A-Z]+-(\d+\.\d+\.[A-Z]\d+(?:-\d+)?)")
_CONTEXTS = frozenset({
    "configure", "system", "system security", "system security user", "system security local-user",
    "system security user-params", "system security user-params local-user",
    "system security user-params local-user user", "system security snmp", "system security tacplus",
    "system security radius", "system security tacplus server", "system security radius server",
    "system security aaa", "system security ssh", "system security management-access-filter",
    "system security management-access-filter ip-filter", "system security management-access-filter ip-filter entry",
    "system security management-access-filter ip-filter entry match", "system login-control", "system time",
    "system time ntp", "system time ntp server", "system time ntp authentication-key", "log", "log syslog",
    "log log-id", "router", "router interface", "router interface ipv4", "router interface ipv4 primary",
    "router bgp", "router bgp group", "router bgp neighbor", "router bgp group neighbor", "system snmp",
    "system security user snmp", "system security user console", "system management-interface",
    "system security cli-script", "system security profile", "system security password", "system grpc",
    "system management-interface netconf", "system management-interface cli", "system login-control ssh",
    "system login-control telnet", "system security user access", "system security user-params local-user user access",
    "log filter", "log snmp-trap-group", "log syslog-id",
})  # fmt: skip
_IGNORED = frozenset({
    "port", "card", "lag", "service", "qos", "filter", "echo", "mirror", "eth-cfm", "vswitch-controller",
    "router policy-options", "router ospf", "router ospf3", "router isis", "router mpls", "router rsvp",
    "router ldp", "router pim", "router igmp", "router static-route-entry", "router static-route",
    "router autonomous-system", "router router-id", "router segment-routing", "router mpls-labels",
    "system chassis-mode", "system security profile", "system security cli-script", "policy-options",
    "system security password", "system security pki", "system security cpu-protection", "system grpc",
    "router interface port", "router interface ipv6", "router interface description", "system location",
    "system contact", "system coordinates", "system dns", "system boot-options", "system sync-if-timing",
    "system power-shelf", "system lldp", "log filter", "log event-control", "log snmp-trap-group",
    "log accounting-policy", "log file-id", "log file", "system security dist-cpu-protection", "card ",
    "system thresholds", "system bluetooth", "system persistence", "system management-interface configuration-mode",
    "router bgp router-id", "router bgp family", "router bgp admin-state", "router bgp shutdown",
    "router bgp group family", "router bgp group type", "router bgp group export", "router bgp group import",
    "router interface admin-state", "router interface shutdown", "router bgp group local-as",
})  # fmt: skip


class _Sros:
    def __init__(self, dev: DeviceConfig) -> None:
        self.dev = dev
        self.user: User | None = None
        self.server: AaaServer | None = None
        self.iface: Interface | None = None
        self.group_auth: tuple[str, int] | None = None  # (group, authentication-key line) of the current group
        self.neighbor: BgpNeighbor | None = None
        self.mgmt: Acl | None = None
        self.entry: AclEntry | None = None
        self.ntp_server: NtpServer | None = None

    def handle(self, ctx: tuple[str, ...], w: list[str], node: Node) -> bool:
        dev, low, ln = self.dev, w[0].lower(), node.line
        path = " ".join(c for c in ctx if c != "configure")
        arg = w[1] if len(w) > 1 else ""
        if path == "system" and low == "name":
            dev.hostname = arg
            return True
        if path == "system security" and low in ("telnet-server", "ftp-server"):
            on = arg.lower() not in ("false", "disable")
            if low == "telnet-server":
                dev.services.telnet = on
            else:
                dev.services.ftp = on
            dev.services.lines[low.split("-")[0]] = ln
            return True
        if path in ("system security", "system security user-params local-user") and low == "user":
            self.user = User(name=arg, line=ln)
            dev.users.append(self.user)
            return True
        if path in ("system security user", "system security user-params local-user user") and low == "password":
            if self.user is not None:
                self.user.secret_kind = "password"
                self.user.secret_type = _password_type(w)
                self.user.masked = mask_value(arg)
            return True
        if path.startswith(("system security user", "system security user-params local-user user")) and low in (
            "access", "console", "member", "home-directory", "restricted-to-home", "snmp", "cannot-change-password",
            "new-password-at-login", "profile", "authentication", "privacy", "group", "ftp", "netconf", "grpc",
            "li", "login-exec", "save-when-restricted", "public-keys", "rsa-key", "ecdsa-key",
        ):
            return True
        if path == "system security snmp" and low == "community":
            access = "RW" if any(x.lower() in ("rw", "rwa", "read-write") for x in w[2:]) else "RO"
            dev.snmp.communities.append(SnmpCommunity(masked=mask_value(arg), line=ln, access=access))
            return True
        if path in ("system security tacplus", "system security radius") and low == "server":
            proto = "tacacs" if path.endswith("tacplus") else "radius"
            addr = _after(w, "address")
            self.server = AaaServer(protocol=proto, address=addr, line=ln, name=arg)
            if "secret" in [x.lower() for x in w]:
                self._secret(w, ln)
            dev.aaa.servers.append(self.server)
            return True
        if path in ("system security tacplus server", "system security radius server") and self.server is not None:
            if low == "address":
                self.server.address = arg
                return True
            if low == "secret":
                self._secret(w, ln)
                return True
            return low in ("port", "admin-state", "shutdown", "timeout")
        if path == "system security tacplus accounting":
            return low in ("record-type", "server")
        if path == "system security tacplus" and low == "accounting":
            dev.aaa.accounting.append(MethodList("accounting", "commands", "default", ["tacplus"], ln))
            return True
        if path == "system security tacplus" and low in ("authorization", "timeout", "shutdown", "admin-state",
                                                         "use-default-template", "interactive-authentication",
                                                         "priv-lvl-map", "admin-control", "accounting-port"):
            return True
        if path == "system security radius" and low in ("accounting", "authorization", "shutdown", "admin-state",
                                                        "retry", "timeout", "access-algorithm"):
            if low == "accounting":
                dev.aaa.accounting.append(MethodList("accounting", "commands", "default", ["radius"], ln))
            return True
        if path == "system security ssh" and low == "version":
            dev.services.ssh_version = "1.99" if "1" in arg else "2"
            dev.services.lines["ssh_version"] = ln
            return True
        if path == "system security ssh" and low in ("preserve-key", "server-shutdown", "server-cipher-list-v2",
                                                     "client-cipher-list-v2", "server-mac-list-v2", "key-exchange"):
            return True
        if path == "system security" and low in ("management-access-filter",):
            self.mgmt = Acl(name="management-access-filter", line=ln, kind="filter")
            dev.acls[self.mgmt.name] = self.mgmt
            dev.acl_uses.append(AclUse(acl=self.mgmt.name, where="vty", detail="management-access-filter", line=ln))
            return True
        if path.startswith("system security management-access-filter") and self.mgmt is not None:
            return self._mgmt_filter(path, low, w, ln)
        if path == "system login-control" and low == "idle-timeout":
            minutes = 0 if arg.lower() == "disable" else int(arg)
            t = TerminalLine(kind="vty", first=None, last=None, line=ln, exec_timeout=minutes * 60)
            t.lines["exec_timeout"] = ln
            dev.lines.append(t)
            return True
        if path.startswith("system login-control") and low in ("pre-login-message", "motd", "exponential-backoff",
                                                               "inbound-max-sessions", "outbound-max-sessions",
                                                               "login-banner", "ttl-security", "ftp"):
            return True
        if path == "system time ntp":
            return self._ntp(low, w, ln)
        if path == "system time ntp server" and self.ntp_server is not None and low == "key-id":
            self.ntp_server.key = arg
            return True
        if path == "system time ntp authentication-key":
            return low in ("key", "type")
        if path == "system time" and low in ("zone", "dst-zone", "sntp", "prefer-local-time"):
            return True
        if path == "log syslog" and low == "address":
            dev.logging.hosts.append(LoggingHost(address=arg, line=ln, transport="udp"))
            return True
        if path in ("log syslog", "log log-id", "log syslog-id") and low in (
                "facility", "level", "log-prefix", "port", "from", "to", "description", "source", "destination",
                "filter", "name", "time-format", "admin-state"):
            return True
        if path == "log" and low in ("syslog", "log-id", "syslog-id"):
            return True
        if path == "router" and low == "interface":
            self.iface = Interface(name=arg, line=ln, is_loopback=arg.lower() == "system" or "loopback" in w)
            dev.interfaces[arg] = self.iface
            return True
        if path in ("router interface", "router interface ipv4 primary") and low == "address":
            return self._address(w, ln)
        if path == "router interface ipv4 primary" and low == "prefix-length":
            if self.iface is not None and self.iface.addresses:
                self.iface.addresses[-1].prefix = int(arg)
            return True
        if path == "router interface" and low in ("loopback", "description", "admin-state"):
            if low == "description" and self.iface is not None:
                self.iface.description = arg
            return True
        if path == "router bgp" and low == "group":
            self.group_auth = None
            return True
        if path in ("router bgp", "router bgp group") and low == "authentication-key":
            self.group_auth = (_key_form(w), ln)
            return True
        if path in ("router bgp", "router bgp group") and low == "neighbor":
            self.neighbor = BgpNeighbor(address=arg, line=ln)
            if self.group_auth:
                self.neighbor.password_type, self.neighbor.password_line = self.group_auth
            dev.bgp_neighbors.append(self.neighbor)
            return True
        if path in ("router bgp neighbor", "router bgp group neighbor") and self.neighbor is not None:
            if low == "authentication-key":
                self.neighbor.password_type, self.neighbor.password_line = _key_form(w), ln
            elif low == "peer-as":
                self.neighbor.remote_as = arg
            return True
        if path == "router bgp group" and low in ("peer-as", "local-address", "description", "next-hop-self",
                                                  "cluster", "split-horizon", "ttl-security", "bfd-liveness"):
            return True
        return path == "router" and low == "bgp"

    def _secret(self, w: list[str], ln: int) -> None:
        if self.server is None:
            return
        low = [x.lower() for x in w]
        i = low.index("secret")
        self.server.key_masked = mask_value(w[i + 1]) if i + 1 < len(w) else None
        self.server.key_type = "hash2" if "hash2" in low else "hash" if "hash" in low else "0"
        self.server.key_line = ln

    def _mgmt_filter(self, path: str, low: str, w: list[str], ln: int) -> bool:
        assert self.mgmt is not None
        if path.endswith("ip-filter") and low == "default-action":
            self.mgmt.entries.append(AclEntry(action="deny" if w[1].lower() == "deny" else "permit", line=ln,
                                              source="any", text=" ".join(w)))
            return True
        if path.endswith("ip-filter") and low == "entry":
            self.entry = AclEntry(action="permit", line=ln, text=" ".join(w))
            default = [e for e in self.mgmt.entries if e.text.startswith("default-action")]
            self.mgmt.entries.insert(len(self.mgmt.entries) - len(default), self.entry)
            return True
        if path.endswith(("entry", "entry match")) and self.entry is not None:
            if low == "src-ip":
                self.entry.source = w[-1] if "/" in w[-1] else " ".join(w[1:])
            elif low == "action":
                self.entry.action = "permit" if w[1].lower() in ("permit", "accept") else "deny"
            elif low == "log":
                self.entry.log = True
            return low in ("src-ip", "action", "log", "protocol", "dst-port", "description", "router", "src-port",
                           "match")
        return path.endswith("management-access-filter") and low in ("ip-filter", "ipv6-filter", "mac-filter")

    def _ntp(self, low: str, w: list[str], ln: int) -> bool:
        dev = self.dev
        if low == "authentication-check":
            dev.ntp.authenticate = True
            dev.ntp.lines["authenticate"] = ln
            return True
        if low == "authentication-key":
            dev.ntp.keys.append(w[1])
            dev.ntp.trusted_keys.append(w[1])
            return True
        if low == "server":
            addr = w[1]
            self.ntp_server = NtpServer(address=addr, line=ln, key=_after(w, "key") or _after(w, "key-id"))
            dev.ntp.servers.append(self.ntp_server)
            return True
        return low in ("no", "shutdown", "admin-state", "ntp-server", "broadcast-client", "peer")

    def _address(self, w: list[str], ln: int) -> bool:
        if self.iface is None:
            return False
        addr, _, plen = w[1].partition("/")
        version = 6 if ":" in addr else 4
        prefix = int(plen) if plen else (32 if version == 4 else 128)
        self.iface.addresses.append(IpAddress(address=addr, prefix=prefix, version=version, line=ln))
        return True


def _after(w: list[str], key: str) -> str | None:
    low = [x.lower() for x in w]
    if key in low and low.index(key) + 1 < len(w):
        return w[low.index(key) + 1]
    return None


def _password_type(w: list[str]) -> str:
    secret = w[1] if len(w) > 1 else ""
    low = [x.lower() for x in w[2:]]
    if secret.startswith(("$2y$", "$2a$", "$2b$")):
        return "bcrypt"
    if secret.startswith("$pbkdf2"):
        return "pbkdf2"
    if "hash2" in low:
        return "hash2"
    if "hash" in low:
        return "hash"
    return "0"


def _key_form(w: list[str]) -> str:
    low = [x.lower() for x in w]
    return "hash2" if "hash2" in low else "hash" if "hash" in low else "0"


def parse_sros(dev: DeviceConfig, text: str, lines: list[str]) -> tuple[set[int], list[int]]:
    """Fill ``dev`` from an SR OS config (either CLI); return (recognised, unrecognised) line numbers."""
    dev.vendor, dev.os = "nokia", "sros"
    m = _TIMOS.search(text[:3000])
    dev.version = m.group(1) if m else None
    # classic ``echo "… Configuration"`` section markers sit in column 0 between indented contexts: blank them
    roots, skipped = block_tree(["" if ln.startswith("echo ") else ln for ln in lines])
    flat: list[Node] = []
    for r in roots:  # ``configure`` (classic) / ``configure {`` (MD-CLI) only wraps the tree
        if r.text.lower() == "configure":
            skipped.add(r.line)
            flat.extend(r.children)
        else:
            flat.append(r)
    roots = flat
    p = _Sros(dev)
    recognised, unrecognised = walk(roots, p.handle, _CONTEXTS, _IGNORED)
    return recognised | skipped, unrecognised
