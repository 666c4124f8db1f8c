"""Palo Alto Networks PAN-OS: the XML running configuration (``show config running`` / exported ``running-config.xml``).

Parsed with defusedxml (no entity expansion, no external entities: a config is untrusted input), keeping the
line of every element so a finding points at it. Paths read, per the PAN-OS Administrator's Guide (10.2/11.x:
"Management Interface", "Best Practices for Securing Administrative Access") and the PAN-OS XML API
configuration schema:

* ``/config/@version`` / ``@detail-version`` (software version);
* ``devices/entry/deviceconfig/system``: ``hostname``, ``service/disable-telnet|disable-http|disable-snmp``
  (the management-interface services; Telnet and HTTP are off by default since PAN-OS 7.0 [K]),
  ``permitted-ip`` (management ACL), ``ntp-servers`` (``authentication-type``), ``snmp-setting``;
* ``deviceconfig/setting/management/idle-timeout`` (minutes; 0 = never);
* ``mgt-config/users/entry`` with ``phash`` (``$1$`` MD5-crypt on older releases, ``$5$``/``$6$`` SHA-crypt);
* ``network/profiles/interface-management-profile`` (``telnet``/``http`` on data interfaces) and the
  ethernet/loopback interfaces that use them (``layer3/ip``);
* ``global-protect/global-protect-portal|global-protect-gateway/entry`` (what CVE-2024-3400 needs);
* ``shared/log-settings/syslog`` servers, ``shared/server-profile/tacplus|radius`` servers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from carrierwatch.configs.mask import mask_value
from carrierwatch.configs.model import (
    AaaServer,
    Acl,
    AclEntry,
    AclUse,
    DeviceConfig,
    Interface,
    IpAddress,
    LoggingHost,
    NtpServer,
    SnmpCommunity,
    SnmpGroup,
    SnmpUser,
    TerminalLine,
    User,
)


class _LineBuilder(ET.TreeBuilder):
    """A TreeBuilder that notes the source line of every element it starts."""

    def __init__(self) -> None:
        super().__init__()
        self.parser: Any = None
        self.lines: dict[ET.Element, int] = {}

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        el = super().start(tag, attrs)
        if self.parser is not None:
            self.lines[el] = self.parser.parser.CurrentLineNumber
        return el


def _read_tree(text: str) -> tuple[ET.Element, dict[ET.Element, int]]:
    builder = _LineBuilder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    builder.parser = parser
    try:
        parser.feed(text)
        root = parser.close()
    finally:
        builder.parser = None  # break the parser <-> builder cycle
    return root, builder.lines


def _t(el: ET.Element | None, path: str) -> str | None:
    if el is None:
        return None
    x = el.find(path)
    return x.text.strip() if x is not None and x.text else None


def parse_panos(dev: DeviceConfig, text: str, lines: list[str]) -> tuple[set[int], list[int]]:
    """Fill ``dev`` from a PAN-OS XML config; return (recognised, unrecognised) line numbers.

    Coverage is counted per line: every line inside a well-formed ``<config>`` is recognised (the XML
    schema, not a grammar guess, says what each element is); a document that is not well-formed fails.
    """
    dev.vendor, dev.os = "paloalto", "pan-os"
    try:
        root, where = _read_tree(text)
    except (ET.ParseError, DefusedXmlException) as exc:
        dev.parse_status, dev.parse_reason = "failed", f"PAN-OS XML not well-formed: {exc}"[:300]
        return set(), []
    if root.tag != "config":
        dev.parse_status, dev.parse_reason = "failed", f"PAN-OS XML root is <{root.tag}>, not <config>"
        return set(), []
    dev.version = root.get("detail-version") or root.get("version")

    def ln(el: ET.Element | None) -> int:
        return where.get(el, 0) if el is not None else 0

    s = dev.services
    for dev_entry in root.findall("./devices/entry"):
        system = dev_entry.find("./deviceconfig/system")
        if system is not None:
            dev.hostname = _t(system, "hostname") or dev.hostname
            svc = system.find("service")
            for tag, attr in (("disable-telnet", "telnet"), ("disable-http", "http_server"),
                              ("disable-https", "https_server")):
                el = svc.find(tag) if svc is not None else None
                if el is not None and el.text:
                    setattr(s, attr, el.text.strip() == "no")
                    s.lines[attr] = ln(el)
            if svc is not None and svc.find("disable-snmp") is not None:
                s.lines["snmp"] = ln(svc.find("disable-snmp"))
            permitted = system.findall("./permitted-ip/entry")
            if permitted:
                acl = Acl("permitted-ip", ln(system.find("permitted-ip")), "filter")
                acl.entries = [AclEntry("permit", ln(e), source=_cidr(e.get("name", "")), text=e.get("name", ""))
                               for e in permitted]
                dev.acls[acl.name] = acl
                dev.acl_uses.append(AclUse("permitted-ip", "vty", "management interface", acl.line))
            for srv in system.findall("./ntp-servers/*"):
                addr = _t(srv, "ntp-server-address")
                if not addr:
                    continue
                sym = srv.find("./authentication-type/symmetric-key")
                key = _t(sym, "key-id") if sym is not None else None
                dev.ntp.servers.append(NtpServer(addr, ln(srv.find("ntp-server-address")), key=key))
                if key:
                    dev.ntp.keys.append(key)
                    dev.ntp.trusted_keys.append(key)
                    dev.ntp.authenticate = True
                    dev.ntp.lines.setdefault("authenticate", ln(sym))
            snmp = system.find("./snmp-setting/access-setting/version")
            if snmp is not None:
                for c in snmp.findall("./v2c/snmp-community-string") + snmp.findall("./v2c/community"):
                    dev.snmp.communities.append(SnmpCommunity(mask_value(c.text or ""), ln(c)))
                for u in snmp.findall("./v3/users/entry"):
                    auth = "sha" if u.find("authpwd") is not None else None
                    priv = "aes" if u.find("privpwd") is not None else None
                    dev.snmp.users.append(SnmpUser(u.get("name", ""), ln(u), group=_t(u, "view"), version="3",
                                                   auth=auth, priv=priv))
                    dev.snmp.groups.append(SnmpGroup(u.get("name", ""), "3", ln(u), level="priv" if priv else "auth"))
        idle = dev_entry.find("./deviceconfig/setting/management/idle-timeout")
        if idle is not None and idle.text and idle.text.strip().isdigit():
            t = TerminalLine("vty", None, None, ln(idle), exec_timeout=int(idle.text) * 60)
            t.lines["exec_timeout"] = ln(idle)
            dev.lines.append(t)
        profiles = {p.get("name", ""): p for p in
                    dev_entry.findall("./network/profiles/interface-management-profile/entry")}
        for iface in dev_entry.findall("./network/interface/*/entry") + dev_entry.findall(
                "./network/interface/*/units/entry"):
            name = iface.get("name", "")
            i = Interface(name=name, line=ln(iface), is_loopback=name.startswith("loopback"))
            for a in iface.findall(".//ip/entry"):
                addr, _, p = a.get("name", "").partition("/")
                if addr and addr[0].isdigit():
                    i.addresses.append(IpAddress(addr, int(p) if p else 32, 6 if ":" in addr else 4, line=ln(a)))
            prof = iface.find(".//interface-management-profile")
            if prof is not None and prof.text in profiles:
                p_el = profiles[prof.text]
                for tag, attr in (("telnet", "telnet"), ("http", "http_server"), ("https", "https_server")):
                    if _t(p_el, tag) == "yes":
                        setattr(s, attr, True)
                        s.lines.setdefault(attr, ln(p_el.find(tag)))
            dev.interfaces[name] = i
        for vsys in dev_entry.findall("./vsys/entry"):
            for kind in ("global-protect-portal", "global-protect-gateway"):
                for gp in vsys.findall(f"./global-protect/{kind}/entry"):
                    s.vpn_portals.append(f"{kind}:{gp.get('name', '')}")
                    s.lines.setdefault("vpn_portals", ln(gp))
    for u in root.findall("./mgt-config/users/entry"):
        ph = u.find("phash")
        user = User(name=u.get("name", ""), line=ln(u))
        if ph is not None and ph.text:
            h = ph.text.strip()
            user.secret_kind = "password"
            user.secret_type = {"$1$": "md5", "$5$": "sha256", "$6$": "sha512"}.get(h[:3], "hash")
            user.masked = mask_value(h)
        if u.find("./permissions/role-based/superuser") is not None:
            user.privilege = 15
        dev.users.append(user)
    for shared in (root.find("shared"), *root.findall("./devices/entry/vsys/entry")):
        if shared is None:
            continue
        for srv in shared.findall("./log-settings/syslog/entry/server/entry"):
            addr = _t(srv, "server")
            if addr:
                transport = (_t(srv, "transport") or "UDP").lower()
                port = _t(srv, "port")
                dev.logging.hosts.append(LoggingHost(addr, ln(srv.find("server")), transport=transport,
                                                     port=int(port) if port and port.isdigit() else None))
        for proto, tag in (("tacacs", "tacplus"), ("radius", "radius")):
            for prof in shared.findall(f"./server-profile/{tag}/entry"):
                for srv in prof.findall("./server/entry"):
                    server = AaaServer(proto, _t(srv, "address"), ln(srv), name=prof.get("name"))
                    sec = srv.find("secret")
                    if sec is not None and sec.text:
                        server.key_type, server.key_masked, server.key_line = "encrypted", mask_value(sec.text), ln(sec)
                    dev.aaa.servers.append(server)
    if not dev.logging.hosts and root.find(".//log-settings/syslog") is None:
        dev.logging.enabled = None
    recognised = set(range(1, len(lines) + 1))
    return recognised, []


def _cidr(name: str) -> str:
    return name if "/" in name else f"{name}/32"
