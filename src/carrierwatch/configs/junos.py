"""Juniper Junos, curly-brace and ``set`` forms, flattened to set-paths then read.

The curly form is tokenised (quotes, ``{ } ;``, ``#`` and ``/* */`` comments, ``inactive:``/
``replace:`` tags) into one path per leaf statement with the line of its ``;``. Paths are matched by
prefix. Syntax per the Junos OS CLI User Guide and the CIS Juniper OS benchmark items (SRC-13).
Routing-policy, routing-options, class-of-service, chassis and similar trees are ignored on purpose
(recognised, not modelled); other unknown paths count as unrecognised.
"""

from __future__ import annotations

import re

from carrierwatch.configs.base import hash_scheme
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
    IsisProcess,
    LoggingHost,
    MethodList,
    NtpServer,
    OspfProcess,
    Services,
    SnmpCommunity,
    SnmpGroup,
    SnmpHost,
    SnmpUser,
    User,
)

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{};]|[^\s{};"]+')
_IGNORED_ROOTS = {
    "policy-options",
    "routing-options",
    "class-of-service",
    "chassis",
    "routing-instances",
    "vlans",
    "groups",
    "apply-groups",
    "forwarding-options",
    "bridge-domains",
    "switch-options",
    "services",
    "security",
    "access",
    "event-options",
    "poe",
    "ethernet-switching-options",
    "virtual-chassis",
    "applications",
    "multi-chassis",
    "fabric",
    "dynamic-profiles",
    "logical-systems",
    "schedulers",
    "firewall-policer",
    "protocols",
}
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/")
_CRYPT = {"$1$": "md5", "$5$": "sha256", "$6$": "sha512", "$9$": "junos9", "$8$": "junos8"}
_SNMP_AUTH = {"authentication-md5": "md5", "authentication-sha": "sha", "authentication-sha224": "sha-224",
              "authentication-sha256": "sha-256", "authentication-sha384": "sha-384",
              "authentication-sha512": "sha-512"}
_SNMP_PRIV = {"privacy-des": "des", "privacy-3des": "3des", "privacy-aes128": "aes 128", "privacy-aes192": "aes 192",
              "privacy-aes256": "aes 256"}
_SNMP_LEVEL = {"privacy": "priv", "authentication": "auth", "none": "noauth"}


def flatten_curly(lines: list[str]) -> tuple[list[tuple[list[str], int]], set[int]]:
    """Curly config -> [(path tokens, line)], plus the line numbers of structural/comment lines."""
    out: list[tuple[list[str], int]] = []
    structural: set[int] = set()
    prefix: list[str] = []  # the words of every open ``{`` block, outermost first
    opened: list[int] = []  # len(prefix) before each open block
    cur: list[str] = []
    in_comment = False
    tokens = _TOKEN.findall
    for ln, raw in enumerate(lines, 1):
        text = raw
        if in_comment:
            if "*/" in text:
                text = text.split("*/", 1)[1]
                in_comment = False
            else:
                structural.add(ln)
                continue
        if "/*" in text:
            text = _BLOCK_COMMENT.sub(" ", text)
            if "/*" in text:
                text, in_comment = text.split("/*", 1)[0], True
        s = text.strip()
        if not s or s[0] == "#":
            structural.add(ln)
            continue
        if " ## " in s:
            s = s.split(" ## ")[0]
        for tok in tokens(s):
            if tok == "{":
                opened.append(len(prefix))
                prefix.extend(cur)
                cur = []
                structural.add(ln)
            elif tok == ";":
                if cur:
                    out.append((prefix + cur, ln))
                cur = []
            elif tok == "}":
                if opened:
                    del prefix[opened.pop():]
                cur = []
                structural.add(ln)
            elif tok[-1] == ":" and tok[:-1] in ("inactive", "replace", "protect", "delete"):
                continue
            else:
                cur.append(tok.strip('"'))
    return out, structural


def _path_words(stack_path: list[str]) -> list[str]:
    return stack_path


def parse_junos(dev: DeviceConfig, lines: list[str], set_form: bool) -> tuple[set[int], list[int]]:
    """Fill ``dev`` from Junos text; return (recognised lines, unrecognised lines)."""
    dev.vendor, dev.os = "juniper", "junos"
    recognised: set[int] = set()
    unrecognised: list[int] = []
    if set_form:
        paths: list[tuple[list[str], int]] = []
        for ln, raw in enumerate(lines, 1):
            s = raw.strip()
            if not s or s.startswith("#"):
                recognised.add(ln)
                continue
            toks = [t.strip('"') for t in _TOKEN.findall(s)]
            if toks[:1] == ["set"]:
                paths.append((toks[1:], ln))
            elif toks[:1] in (["deactivate"], ["delete"], ["activate"], ["insert"], ["rename"]):
                recognised.add(ln)
            else:
                unrecognised.append(ln)
    else:
        paths, structural = flatten_curly(lines)
        recognised |= structural
    for p, ln in paths:
        if _handle(dev, p, ln):
            recognised.add(ln)
        else:
            unrecognised.append(ln)
    resolve_bgp_auth(dev, paths)
    # a line holding both a handled and an unhandled statement counts once, as unrecognised
    return recognised - set(unrecognised), sorted(set(unrecognised))


def _handle(dev: DeviceConfig, p: list[str], ln: int) -> bool:  # noqa: C901 - a flat dispatch table
    if not p:
        return True
    root = p[0]
    if root == "version" and len(p) > 1:
        dev.version = p[1]
        return True
    if root == "protocols" and len(p) > 1 and p[1] in ("bgp", "ospf", "ospf3", "isis"):
        return _routing(dev, p[1:], ln)
    if p[:2] == ["chassis", "source-route"]:  # forward source-routed packets (default: not forwarded)
        dev.services.source_route, dev.services.lines["source_route"] = True, ln
        return True
    if root in _IGNORED_ROOTS:
        if p[:2] == ["protocols", "lldp"]:
            dev.services.lldp_run = "disable" not in p
            dev.services.lines.setdefault("lldp_run", ln)
        return True
    if root == "system":
        return _system(dev, p[1:], ln)
    if root == "snmp":
        return _snmp(dev, p[1:], ln)
    if root == "interfaces":
        return _interfaces(dev, p[1:], ln)
    if root == "firewall":
        return _firewall(dev, p[1:], ln)
    return False


def _system(dev: DeviceConfig, p: list[str], ln: int) -> bool:
    s = dev.services
    if p[:1] == ["host-name"] and len(p) > 1:
        dev.hostname = p[1]
    elif p[:2] == ["login", "user"] and len(p) > 2:
        u = next((x for x in dev.users if x.name == p[2]), None)
        if u is None:
            u = User(p[2], ln)
            dev.users.append(u)
        if "class" in p:
            u.role = p[p.index("class") + 1] if p.index("class") + 1 < len(p) else None
            u.privilege = 15 if u.role == "super-user" else u.privilege
        if "encrypted-password" in p and p.index("encrypted-password") + 1 < len(p):
            h = p[p.index("encrypted-password") + 1]
            u.secret_kind, u.secret_type, u.masked, u.line = (
                "encrypted-password",
                _CRYPT.get(h[:3], "0"),
                mask_value(h),
                ln,
            )
            u.scheme = hash_scheme(h)
        elif "plain-text-password" in p:  # typed at the prompt, stored hashed on commit: no stored form here
            u.secret_kind, u.secret_type = "plain-text-password", None
    elif p[:2] == ["root-authentication", "encrypted-password"] and len(p) > 2:
        dev.users.append(
            User(
                "root",
                ln,
                15,
                "super-user",
                "encrypted-password",
                _CRYPT.get(p[2][:3], "0"),
                mask_value(p[2]),
                hash_scheme(p[2]),
            )
        )
    elif p[:2] == ["login", "class"] and len(p) > 4 and p[3] == "idle-timeout" and p[4].isdigit():
        s.session_timeouts[f"class {p[2]}"] = int(p[4]) * 60
        s.lines.setdefault("session_timeouts", ln)
    elif p[:1] == ["root-authentication"] or p[:2] == ["login", "class"] or p[:2] == ["login", "message"]:
        pass
    elif p[:1] == ["services"] and len(p) > 1:
        svc = p[1]
        if svc == "ssh":
            s.lines.setdefault("ssh", ln)
            if "protocol-version" in p:
                _ssh_versions(s, p[p.index("protocol-version") + 1 :], ln)
            if "root-login" in p and p.index("root-login") + 1 < len(p):
                s.ssh_root_login, s.lines["ssh_root_login"] = p[p.index("root-login") + 1], ln
            if "port" in p and p[-1].isdigit():
                s.ssh_ports.append(int(p[-1]))
                s.lines.setdefault("ssh_ports", ln)
        elif svc == "telnet":
            s.telnet, s.lines["telnet"] = True, ln
        elif svc == "ftp":
            s.ftp, s.lines["ftp"] = True, ln
        elif svc == "web-management" and len(p) > 2:
            if p[2] == "http":
                s.http_server, s.lines["http_server"] = True, ln
                if "port" in p and p[-1].isdigit():
                    s.http_port = int(p[-1])
            elif p[2] == "https":
                s.https_server, s.lines["https_server"] = True, ln
                if "port" in p and p[-1].isdigit():
                    s.https_port = int(p[-1])
    elif p[:2] == ["syslog", "host"] and len(p) > 2:
        host = next((h for h in dev.logging.hosts if h.address == p[2]), None)
        if host is None:
            host = LoggingHost(p[2], ln)
            dev.logging.hosts.append(host)
        if "transport" in p and p.index("transport") + 1 < len(p):
            host.transport = p[p.index("transport") + 1]
    elif p[:1] == ["syslog"]:
        pass
    elif p[:2] == ["ntp", "server"] and len(p) > 2:
        key = p[p.index("key") + 1] if "key" in p and p.index("key") + 1 < len(p) else None
        dev.ntp.servers.append(NtpServer(p[2], ln, key=key))
    elif p[:2] == ["ntp", "authentication-key"] and len(p) > 2:
        dev.ntp.keys.append(p[2])
        dev.ntp.authenticate = True
    elif p[:2] == ["ntp", "trusted-key"]:
        dev.ntp.trusted_keys.extend(p[2:])
    elif p[:1] == ["ntp"]:
        pass
    elif p[:1] in (["tacplus-server"], ["radius-server"]) and len(p) > 1:
        proto = "tacacs" if p[0] == "tacplus-server" else "radius"
        srv = next((x for x in dev.aaa.servers if x.address == p[1] and x.protocol == proto), None)
        if srv is None:
            srv = AaaServer(proto, p[1], ln)
            dev.aaa.servers.append(srv)
        if "secret" in p and p.index("secret") + 1 < len(p):
            sec = p[p.index("secret") + 1]
            srv.key_type, srv.key_line, srv.key_masked = _CRYPT.get(sec[:3], "0"), ln, mask_value(sec)
    elif p[:1] == ["accounting"]:
        if "interactive-commands" in p:
            dev.aaa.accounting.append(
                MethodList("accounting", "commands 15", "default", ["group tacplus"], ln)
            )
    elif p[:1] in (
        ["authentication-order"],
        ["domain-name"],
        ["name-server"],
        ["time-zone"],
        ["domain-search"],
        ["location"],
        ["archival"],
        ["commit"],
        ["max-configurations-on-flash"],
        ["processes"],
        ["internet-options"],
        ["ports"],
        ["static-host-mapping"],
        ["login"],
        ["arp"],
        ["no-redirects"],
        ["default-address-selection"],
        ["backup-router"],
        ["scripts"],
        ["extensions"],
        ["management-instance"],
        ["license"],
        ["tacplus-options"],
    ):
        pass
    else:
        return False
    return True


def _ssh_versions(s: Services, words: list[str], ln: int) -> None:
    """``protocol-version`` is a list: ``protocol-version [ v1 v2 ];`` (curly) or one ``set ... protocol-version
    vN`` line per value (set form), so every listed version is kept, not only the last one. The evidence line
    is the first statement naming v1, if any (the one a finding is about), else the first statement."""
    had_v1 = "1" in s.ssh_versions
    for w in words:
        v = w.strip("[]").lstrip("v")
        if v and v not in s.ssh_versions:
            s.ssh_versions.append(v)
    s.ssh_version = " ".join(sorted(s.ssh_versions)) or None
    if "ssh_version" not in s.lines or ("1" in s.ssh_versions and not had_v1):
        s.lines["ssh_version"] = ln


def _snmp(dev: DeviceConfig, p: list[str], ln: int) -> bool:
    if p[:1] == ["community"] and len(p) > 1:
        masked = mask_value(p[1])
        c = next((x for x in dev.snmp.communities if x.masked == masked), None)
        if c is None:
            c = SnmpCommunity(masked, ln)
            dev.snmp.communities.append(c)
        if "authorization" in p:
            c.access = "RW" if p[-1] == "read-write" else "RO"
        if "clients" in p or "client-list-name" in p:
            c.acl = c.acl or "clients"
    elif p[:4] == ["v3", "usm", "local-engine", "user"] and len(p) > 4:
        u = next((x for x in dev.snmp.users if x.name == p[4]), None)
        if u is None:
            u = SnmpUser(p[4], ln, version="3")
            dev.snmp.users.append(u)
        for w in p[5:]:
            if w in _SNMP_AUTH:
                u.auth = _SNMP_AUTH[w]
            elif w in _SNMP_PRIV:
                u.priv = _SNMP_PRIV[w]
    elif p[:3] == ["v3", "vacm", "access"] and "group" in p and "security-level" in p:
        i = p.index("security-level") + 1
        name = p[p.index("group") + 1]
        level = _SNMP_LEVEL.get(p[i]) if i < len(p) else None
        g = next((x for x in dev.snmp.groups if x.name == name and x.level == level), None)
        if g is None:
            dev.snmp.groups.append(SnmpGroup(name, "3", ln, level=level))
    elif p[:1] == ["trap-group"] and "targets" in p:
        dev.snmp.hosts.append(SnmpHost(p[-1], ln))
    elif p[:1] in (
        ["location"],
        ["contact"],
        ["description"],
        ["v3"],
        ["view"],
        ["trap-options"],
        ["trap-group"],
        ["client-list"],
        ["interface"],
        ["name"],
        ["engine-id"],
        ["filter-duplicates"],
    ):
        pass
    else:
        return False
    return True


def _interfaces(dev: DeviceConfig, p: list[str], ln: int) -> bool:
    if not p:
        return True
    name = p[0]
    rest = p[1:]
    if rest[:1] == ["unit"] and len(rest) > 1:
        name = f"{p[0]}.{rest[1]}"
        rest = rest[2:]
    itf = dev.interfaces.get(name) or Interface(name, ln, is_loopback=name.startswith("lo"))
    dev.interfaces[name] = itf
    if rest[:1] == ["description"] and len(rest) > 1:
        itf.description = " ".join(rest[1:])
    elif rest[:1] == ["disable"]:
        itf.shutdown = True
    elif rest[:2] in (["family", "inet"], ["family", "inet6"]) and "address" in rest:
        a = rest[rest.index("address") + 1] if rest.index("address") + 1 < len(rest) else ""
        if "/" in a:
            addr, pl = a.split("/", 1)
            itf.addresses.append(IpAddress(addr, int(pl), 6 if ":" in addr else 4, False, ln))
    elif rest[:2] in (["family", "inet"], ["family", "inet6"]) and "filter" in rest and len(rest) > 4:
        direction = "in" if "input" in rest else "out"
        itf.access_group_in = rest[-1] if direction == "in" else itf.access_group_in
        dev.acl_uses.append(AclUse(rest[-1], "interface", name, ln, direction))
    elif rest[:1] == ["tunnel"] and "destination" in rest:
        from carrierwatch.configs.model import Tunnel

        itf.tunnel = Tunnel(mode="gre", destination=rest[-1], line=ln)
    return True


def _firewall(dev: DeviceConfig, p: list[str], ln: int) -> bool:
    if p[:1] == ["family"] and len(p) > 1:
        p = p[2:]
    if p[:1] != ["filter"] or len(p) < 2:
        return p[:1] in (["policer"], ["filter"])
    acl = dev.acls.setdefault(p[1], Acl(p[1], ln, "filter"))
    if "source-address" in p and p.index("source-address") + 1 < len(p):
        acl.entries.append(AclEntry("permit", ln, source=p[p.index("source-address") + 1], text=" ".join(p)))
    elif "then" in p and any(x in p for x in ("discard", "reject")):
        acl.entries.append(
            AclEntry("deny", ln, source="any", log="log" in p or "syslog" in p, text=" ".join(p))
        )
    return True


def _routing(dev: DeviceConfig, p: list[str], ln: int) -> bool:
    """``protocols bgp|ospf|isis`` authentication (Junos routing protocols guide): BGP ``authentication-key`` or
    ``authentication-key-chain`` at protocol, group or neighbor level (a neighbor inherits its group's and the
    protocol's); OSPF ``area A interface I authentication md5|simple-password``; IS-IS ``level N
    authentication-key`` / ``authentication-type md5`` or ``interface I level N hello-authentication-key``."""
    proto = p[0]
    auth = any(x in p for x in ("authentication-key", "authentication-key-chain", "authentication-algorithm"))
    if proto == "bgp":
        nbr = p[p.index("neighbor") + 1] if "neighbor" in p and p.index("neighbor") + 1 < len(p) else None
        if nbr is not None:
            n = next((x for x in dev.bgp_neighbors if x.address == nbr), None)
            if n is None:
                n = BgpNeighbor(nbr, ln)
                dev.bgp_neighbors.append(n)
            if auth:
                n.password_type, n.password_line = "junos", ln
    elif proto in ("ospf", "ospf3"):
        proc = dev.ospf[0] if dev.ospf else None
        if proc is None:
            proc = OspfProcess(proto, ln)
            dev.ospf.append(proc)
        if "authentication" in p and "interface" in p and p.index("interface") + 1 < len(p):
            method = p[p.index("authentication") + 1] if p.index("authentication") + 1 < len(p) else ""
            if method in ("md5", "keychain"):
                proc.interface_auth[p[p.index("interface") + 1]] = "md5"
    elif proto == "isis":
        proc2 = dev.isis[0] if dev.isis else None
        if proc2 is None:
            proc2 = IsisProcess("isis", ln)
            dev.isis.append(proc2)
        if any(x in p for x in ("authentication-key", "hello-authentication-key", "authentication-key-chain",
                                "hello-authentication-key-chain")):
            kind = "md5" if "simple" not in p else "plain"
            if proc2.authentication != "md5":
                proc2.authentication, proc2.auth_line = kind, ln
    return True


def resolve_bgp_auth(dev: DeviceConfig, paths: list[tuple[list[str], int]]) -> None:
    """A BGP neighbor without its own key inherits its group's, then the protocol's (second pass over the paths)."""
    if not dev.bgp_neighbors:
        return
    keyed: dict[str, int] = {}  # group name ("" = protocol level) -> line of its key
    group_of: dict[str, str] = {}
    for p, ln in paths:
        if p[:2] != ["protocols", "bgp"]:
            continue
        group = p[3] if p[2:3] == ["group"] and len(p) > 3 else ""
        if "neighbor" in p and p.index("neighbor") + 1 < len(p):
            group_of.setdefault(p[p.index("neighbor") + 1], group)
        elif any(x in p for x in ("authentication-key", "authentication-key-chain")):
            keyed.setdefault(group, ln)
    for n in dev.bgp_neighbors:
        if n.password_type is None:
            hit = keyed.get(group_of.get(n.address, "")) or keyed.get("")
            if hit:
                n.password_type, n.password_line = "junos", hit
