"""The vendor-neutral device configuration model every audit check reads.

Batfish lesson: vendor grammars feed one vendor-independent model, so a check is written once and
runs on every platform whose parser fills the fields it reads. A field left ``None`` means "the
config did not say" (the platform default applies, and the check decides what that default is);
``False``/``[]`` means "the config said no". Every parsed object keeps the 1-based source line(s)
it came from, so a finding can point at the exact line as evidence.

Secrets never enter the model in clear: passwords, hashes, SNMP communities and keys are kept only
as their *type* (0/5/7/8/9/6) and a masked form (first character + length), see ``mask.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

ParseStatus = Literal["parsed", "partial", "failed"]
Vendor = Literal["cisco", "juniper", "arista", "nokia", "huawei", "paloalto", "fortinet", "unknown"]
OsName = Literal["ios", "ios-xe", "nx-os", "ios-xr", "junos", "eos", "sros", "vrp", "asa", "pan-os", "fortios",
                 "unknown"]


@dataclass
class IpAddress:
    """An interface address with its prefix length (``10.0.0.1``/24)."""

    address: str
    prefix: int
    version: int
    secondary: bool = False
    line: int | None = None


@dataclass
class Tunnel:
    """Tunnel settings of an interface (GRE/IPsec/mGRE): what HUNT-05 compares with ``tunnel_peers``."""

    mode: str | None = None  # e.g. "gre ip", "gre multipoint", "ipsec ipv4"
    source: str | None = None
    destination: str | None = None
    protection: str | None = None  # IPsec profile name
    line: int | None = None  # line of ``tunnel destination`` (or the interface line)


@dataclass
class Interface:
    name: str
    line: int
    addresses: list[IpAddress] = field(default_factory=list)
    description: str | None = None
    shutdown: bool = False
    is_loopback: bool = False
    tunnel: Tunnel | None = None
    access_group_in: str | None = None
    access_group_out: str | None = None
    cdp_enabled: bool | None = None  # None = not stated on the interface
    lldp_transmit: bool | None = None
    lldp_receive: bool | None = None
    switchport: bool = False
    vrf: str | None = None
    ospf_auth: str | None = None  # ``ip ospf authentication [message-digest|key-chain]`` on the interface


@dataclass
class TerminalLine:
    """A ``line con|vty|aux`` stanza (or the platform equivalent, e.g. IOS XR ``line default``)."""

    kind: str  # "console" | "vty" | "aux" | "template"
    first: int | None
    last: int | None
    line: int
    transport_input: list[str] | None = None  # None = not stated
    transport_output: list[str] | None = None
    access_class_in: str | None = None
    access_class_out: str | None = None
    ipv6_access_class_in: str | None = None
    exec_timeout: int | None = None  # seconds; None = not stated (platform default)
    login: str | None = None  # "login", "local", "authentication <list>", "none"
    rotary: int | None = None
    password_type: int | None = None  # a line password, if any
    lines: dict[str, int] = field(default_factory=dict)  # attribute name -> source line

    @property
    def label(self) -> str:
        if self.first is None:
            return f"line {self.kind}"
        if self.last is None or self.last == self.first:
            return f"line {self.kind} {self.first}"
        return f"line {self.kind} {self.first} {self.last}"


@dataclass
class User:
    """A local account. ``secret_type``: 0 clear, 4/5 MD5-ish, 7 reversible, 8 PBKDF2, 9 scrypt; or a
    crypt prefix mapped to a name for non-Cisco ($1$ md5, $6$ sha512)."""

    name: str
    line: int
    privilege: int | None = None
    role: str | None = None
    secret_kind: str | None = None  # "secret" | "password" | "encrypted-password" | "sshkey" | None
    secret_type: str | None = None  # "0", "5", "7", "8", "9", "6", "sha512", "md5", ...
    masked: str | None = None
    scheme: str | None = None  # hash scheme read from the stored form's prefix ("md5-crypt", "sha512-crypt", ...)


@dataclass
class EnableSecret:
    kind: str  # "secret" | "password"
    type: str  # "0", "5", "7", "8", "9"
    line: int
    masked: str | None = None


@dataclass
class AaaServer:
    protocol: str  # "tacacs" | "radius"
    address: str | None
    line: int
    name: str | None = None
    key_type: str | None = None  # "0", "6", "7"; None = no key stated
    key_line: int | None = None
    key_masked: str | None = None


@dataclass
class MethodList:
    """``aaa <function> <service> <list> <methods...>``, e.g. accounting commands 15 default start-stop
    group tacacs+."""

    function: str  # "authentication" | "authorization" | "accounting"
    service: str  # "login", "exec", "commands 15", "enable", ...
    name: str  # "default" or a list name
    methods: list[str]
    line: int


@dataclass
class Aaa:
    new_model: bool | None = None
    new_model_line: int | None = None
    authentication: list[MethodList] = field(default_factory=list)
    authorization: list[MethodList] = field(default_factory=list)
    accounting: list[MethodList] = field(default_factory=list)
    servers: list[AaaServer] = field(default_factory=list)


@dataclass
class SnmpCommunity:
    masked: str  # first char + length, never the community itself
    line: int
    access: str = "RO"  # "RO" | "RW"
    acl: str | None = None
    view: str | None = None


@dataclass
class SnmpGroup:
    name: str
    version: str  # "1" | "2c" | "3"
    line: int
    level: str | None = None  # "noauth" | "auth" | "priv" (v3 only)
    read_view: str | None = None
    write_view: str | None = None
    notify_view: str | None = None
    acl: str | None = None


@dataclass
class SnmpUser:
    name: str
    line: int
    group: str | None = None
    version: str | None = None
    auth: str | None = None  # "md5" | "sha" | "sha-256" ... | None
    priv: str | None = None  # "des" | "3des" | "aes 128" | "aes 256" | None
    acl: str | None = None


@dataclass
class SnmpView:
    name: str
    lines: list[int] = field(default_factory=list)
    included: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)


@dataclass
class SnmpHost:
    address: str
    line: int
    version: str | None = None


@dataclass
class Snmp:
    communities: list[SnmpCommunity] = field(default_factory=list)
    groups: list[SnmpGroup] = field(default_factory=list)
    users: list[SnmpUser] = field(default_factory=list)
    views: dict[str, SnmpView] = field(default_factory=dict)
    hosts: list[SnmpHost] = field(default_factory=list)


@dataclass
class Services:
    """Global management-plane services. ``None`` = not stated; ``lines`` maps a field to its line."""

    http_server: bool | None = None
    https_server: bool | None = None
    http_port: int | None = None
    https_port: int | None = None
    http_access_class: str | None = None
    telnet: bool | None = None
    ssh_version: str | None = None  # "1" | "2" | "1.99"; Junos: the listed versions joined, e.g. "1 2"
    ssh_versions: list[str] = field(default_factory=list)  # every version a Junos protocol-version list allows
    ssh_ports: list[int] = field(default_factory=list)  # incl. ``ip ssh port N rotary R``
    ssh_dh_min: int | None = None
    rsa_modulus: int | None = None
    vstack: bool | None = None  # Smart Install: True = ``vstack``, False = ``no vstack``
    iox: bool | None = None
    guestshell: bool | None = None  # ``app-hosting appid guestshell`` / NX-OS guestshell config
    app_hosting: list[str] = field(default_factory=list)
    cdp_run: bool | None = None
    lldp_run: bool | None = None
    source_route: bool | None = None
    password_encryption: bool | None = None
    tftp_server: list[str] = field(default_factory=list)
    archive_path: str | None = None
    ftp: bool | None = None
    ssh_root_login: str | None = None  # Junos ``root-login allow|deny|deny-password``; None = not stated
    root_secret: bool | None = None  # EOS ``aaa root secret ...`` (True) / ``no aaa root`` (False)
    session_timeouts: dict[str, int] = field(default_factory=dict)  # scope -> idle timeout in seconds (0 = never)
    # remote-access VPN / portals on edge devices (GlobalProtect portal+gateway, FortiOS SSL-VPN, ASA WebVPN):
    # what CVE-2024-3400 / CVE-2022-42475 need; names as configured, empty = none configured
    vpn_portals: list[str] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class LoggingHost:
    address: str
    line: int
    transport: str | None = None  # "udp" | "tcp" | "tls" (when stated)
    port: int | None = None
    vrf: str | None = None


@dataclass
class Logging:
    hosts: list[LoggingHost] = field(default_factory=list)
    trap_level: str | None = None  # as written: "informational", "6", "debugging"
    buffered: str | None = None
    timestamps: bool | None = None
    enabled: bool | None = None  # ``no logging on`` -> False
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class NtpServer:
    address: str
    line: int
    key: str | None = None
    vrf: str | None = None


@dataclass
class Ntp:
    servers: list[NtpServer] = field(default_factory=list)
    authenticate: bool | None = None
    trusted_keys: list[str] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # defined authentication-key ids
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class AclEntry:
    action: str  # "permit" | "deny" | "remark"
    line: int
    protocol: str | None = None
    source: str | None = None  # "any", a network "10.0.0.0/8", a host "1.2.3.4/32", "object:NAME"
    destination: str | None = None
    log: bool = False
    text: str = ""


@dataclass
class Acl:
    name: str
    line: int
    kind: str = "standard"  # "standard" | "extended" | "ipv6" | "filter"
    entries: list[AclEntry] = field(default_factory=list)

    @property
    def ends_with_logged_deny(self) -> bool:
        real = [e for e in self.entries if e.action != "remark"]
        return bool(real) and real[-1].action == "deny" and real[-1].log


@dataclass
class AclUse:
    """Where an ACL is applied: what HUNT-01 reads to know which ACLs guard management access."""

    acl: str
    where: str  # "interface" | "vty" | "snmp" | "http" | "ntp" | "ssh"
    detail: str
    line: int
    direction: str | None = None


@dataclass
class StaticRoute:
    prefix: str
    next_hop: str | None
    line: int
    vrf: str | None = None


@dataclass
class BgpNeighbor:
    address: str
    line: int
    remote_as: str | None = None
    password_type: str | None = None  # None = no password configured
    password_line: int | None = None


@dataclass
class OspfProcess:
    process: str
    line: int
    area_authentication: dict[str, str] = field(default_factory=dict)  # area -> "md5" | "plain"
    interface_auth: dict[str, str] = field(default_factory=dict)  # interface -> method


@dataclass
class IsisProcess:
    """A ``router isis`` / ``protocols isis`` instance and how its PDUs are authenticated (None = not at all)."""

    tag: str
    line: int
    authentication: str | None = None  # "md5" | "sha" | "keychain" | "plain" | None
    auth_line: int | None = None


@dataclass
class CryptoItem:
    """An IKE/IPsec object: proposal, policy, transform-set, keyring PSK or crypto-map peer."""

    kind: str  # "isakmp-policy" | "ikev2-proposal" | "transform-set" | "psk" | "peer"
    name: str
    line: int
    values: dict[str, str] = field(default_factory=dict)  # encryption/integrity/group/... or key_type
    peer: str | None = None
    masked: str | None = None


@dataclass
class MonitorSession:
    """SPAN/RSPAN/ERSPAN session or an embedded packet capture (``monitor capture``)."""

    kind: str  # "span" | "rspan" | "erspan" | "capture"
    name: str
    line: int
    destinations: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass
class DeviceConfig:
    """One device's configuration in vendor-neutral form, plus how well it parsed."""

    path: str
    hostname: str | None = None
    vendor: Vendor = "unknown"
    os: OsName = "unknown"
    version: str | None = None
    dialect: str | None = None  # what the detector decided, e.g. "ios", "junos-set"
    interfaces: dict[str, Interface] = field(default_factory=dict)
    lines: list[TerminalLine] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    enable: list[EnableSecret] = field(default_factory=list)
    aaa: Aaa = field(default_factory=Aaa)
    snmp: Snmp = field(default_factory=Snmp)
    services: Services = field(default_factory=Services)
    logging: Logging = field(default_factory=Logging)
    ntp: Ntp = field(default_factory=Ntp)
    acls: dict[str, Acl] = field(default_factory=dict)
    acl_uses: list[AclUse] = field(default_factory=list)
    static_routes: list[StaticRoute] = field(default_factory=list)
    bgp_neighbors: list[BgpNeighbor] = field(default_factory=list)
    ospf: list[OspfProcess] = field(default_factory=list)
    isis: list[IsisProcess] = field(default_factory=list)
    crypto: list[CryptoItem] = field(default_factory=list)
    monitor_sessions: list[MonitorSession] = field(default_factory=list)
    is_switch: bool | None = None  # the device is a switch: set from ``role`` (see ``configs.role``)
    role: str | None = None  # "switch" | "router" | None (unknown), decided by ``configs.role.assign_role``
    role_evidence: str | None = None  # what decided ``role`` (a PID/model, or the config hint), for CVE evidence
    l2_hints: list[tuple[str, int, bool]] = field(default_factory=list)  # (what, line, strong?) switching seen
    parse_status: ParseStatus = "parsed"
    parse_reason: str | None = None
    total_lines: int = 0
    recognised_lines: int = 0
    unrecognised_lines: int = 0
    unrecognised_samples: list[int] = field(default_factory=list)  # line numbers, max 20
    notes: list[str] = field(default_factory=list)
    source_lines: list[str] = field(default_factory=list, repr=False)  # raw text, for masked evidence

    def line_text(self, line: int | None) -> str:
        """The raw text of a 1-based line (un-masked: callers must pass it through ``mask_secrets``)."""
        if line is None or line < 1 or line > len(self.source_lines):
            return ""
        return self.source_lines[line - 1]

    def vty_lines(self) -> list[TerminalLine]:
        return [ln for ln in self.lines if ln.kind == "vty"]

    def summary(self) -> dict[str, Any]:
        """Selected fields, stable enough for fixture ``*.expected.json`` files."""
        return {
            "hostname": self.hostname,
            "vendor": self.vendor,
            "os": self.os,
            "version": self.version,
            "parse_status": self.parse_status,
            "interfaces": sorted(self.interfaces),
            "users": sorted(u.name for u in self.users),
            "vty_lines": len(self.vty_lines()),
            "aaa_servers": sorted(s.address or "" for s in self.aaa.servers),
            "snmp_communities": len(self.snmp.communities),
            "logging_hosts": sorted(h.address for h in self.logging.hosts),
            "ntp_servers": sorted(s.address for s in self.ntp.servers),
            "acls": sorted(self.acls),
        }
