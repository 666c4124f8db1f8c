"""The lab carrier's inventory: sites, devices, platforms, addresses and known-good servers.

The plan is a pure function of ``(devices, seed)``: the clean and the salt-typhoon scenarios get the
same network. Platforms rotate through a fixed pattern so that any network of five or more devices
holds all five operating systems (IOS XE, IOS XR, NX-OS, Junos, EOS); the hardening of each device
(Type 7 passwords, SNMP communities, ``ip http server``, missing ``transport output none`` ...) is
drawn from the RNG, with about a third of the devices fully hardened.

Software versions are real release trains (Cisco/Juniper/Arista release notes); the models are real
product names. Addresses: device loopbacks ``10.0.<site>.<n>/32``, device management
``10.0.<100+site>.<n>``, servers and admin workstations in ``10.255.0.0/16``.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from carrierwatch.lab.rng import substream

# Known-good infrastructure (the brief's fixed addresses).
TACACS_SERVERS = ("10.255.1.10", "10.255.1.11")
NMS = "10.255.2.20"
SYSLOG_COLLECTOR = "10.255.3.30"
NTP_SERVER = "10.255.4.40"
ARCHIVE_SERVER = "10.255.5.50"
LI_MEDIATION = "10.255.9.90"
ADMIN_WORKSTATIONS = tuple(f"10.255.0.{n}" for n in range(10, 31))
MGMT_SUBNET = "10.255.0.0/16"
DEVICE_SUBNET = "10.0.0.0/16"
ASN = 65010

#: Admin accounts and the workstation each one usually works from (first-seen analytics need habits).
ADMINS = {
    "netops": "10.255.0.12",
    "jdoe": "10.255.0.14",
    "asmith": "10.255.0.17",
    "mlopez": "10.255.0.21",
    "rkhan": "10.255.0.23",
}
#: Config-archive automation (RANCID-style) logs in from the archive host every night.
AUTOMATION_USER = "rancid"

#: Tue/Thu 01:00-05:00 UTC, the same windows as ``carrierwatch.workspace.EXAMPLE_CONFIG``.
CHANGE_WINDOWS = ({"days": ("tue", "thu"), "start": "01:00", "end": "05:00"},)
CHANGE_WINDOW_DAYS = (1, 3)
CHANGE_WINDOW_HOURS = (1, 5)

SITES = ("nyc", "chi", "dal", "lax", "atl", "sea", "den", "bos", "mia", "phx", "sjc", "iad")
CUSTOMERS = ("acme", "globex", "initech", "umbrella", "hooli", "stark", "wayne", "wonka", "tyrell", "soylent")

# role/platform pattern: the first five cover every OS, then a carrier-like mix.
_BASE = [("p", "iosxr"), ("pe", "iosxe"), ("pe", "junos"), ("agg", "nxos"), ("agg", "eos"), ("ce", "iosxe")]
_CYCLE = [
    ("pe", "iosxe"),
    ("ce", "iosxe"),
    ("p", "iosxr"),
    ("agg", "nxos"),
    ("pe", "junos"),
    ("ce", "iosxe"),
    ("agg", "eos"),
    ("pe", "iosxe"),
    ("p", "iosxr"),
    ("ce", "iosxe"),
]

PLATFORM_NAMES = {"iosxe": "ios-xe", "iosxr": "ios-xr", "nxos": "nx-os", "junos": "junos", "eos": "eos"}
VENDORS = {"iosxe": "cisco", "iosxr": "cisco", "nxos": "cisco", "junos": "juniper", "eos": "arista"}
# Release trains named in the brief (vendor release notes).
VERSIONS = {
    "iosxe": ("16.9.4", "16.12.4", "17.3.4a", "17.6.5", "17.9.4a"),
    "iosxr": ("7.5.2", "6.7.3"),
    "nxos": ("9.3(8)", "7.0(3)I7(10)"),
    "junos": ("21.4R3-S5", "22.4R2"),
    "eos": ("4.28.3M",),
}
MODELS = {
    ("pe", "iosxe"): ("ASR1001-X", "ASR1002-HX", "ISR4451-X/K9"),
    ("ce", "iosxe"): ("ISR4331/K9", "ISR4431/K9", "ISR4351/K9"),
    ("p", "iosxr"): ("ASR-9904", "ASR-9006"),
    ("pe", "junos"): ("MX204", "MX480"),
    ("agg", "nxos"): ("N9K-C93180YC-EX", "N9K-C9336C-FX2"),
    ("agg", "eos"): ("DCS-7280SR-48C6", "DCS-7050SX3-48YC8"),
}
#: Accounting platforms: these devices send TACACS+ accounting (Junos here uses local accounting).
TACACS_ACCOUNTING = ("iosxe", "iosxr", "nxos", "eos")


@dataclass
class Hardening:
    """Which weaknesses a device's config carries (True = the weakness is present)."""

    type7_passwords: bool = False
    md5_secret: bool = False
    snmp_community: bool = False
    http_server: bool = False
    no_transport_output_none: bool = False
    smart_install: bool = False  # `no vstack` missing (IOS XE only)
    telnet: bool = False
    no_access_class: bool = False
    ntp_no_auth: bool = False
    exec_timeout_zero: bool = False
    tacacs_key7: bool = False
    cdp: bool = False

    def weaknesses(self) -> list[str]:
        return [k for k, v in vars(self).items() if v]


@dataclass
class Device:
    hostname: str
    role: str  # p | pe | ce | agg
    platform: str  # iosxe | iosxr | nxos | junos | eos
    model: str
    os_version: str
    site: str
    site_idx: int
    n: int  # index within the site
    serial: str
    hardening: Hardening = field(default_factory=Hardening)
    customer: str | None = None

    @property
    def vendor(self) -> str:
        return VENDORS[self.platform]

    @property
    def loopback_ip(self) -> str:
        return f"10.0.{self.site_idx}.{self.n}"

    @property
    def mgmt_ip(self) -> str:
        return f"10.0.{100 + self.site_idx}.{self.n}"

    @property
    def is_router(self) -> bool:
        return self.role in ("p", "pe", "ce")

    @property
    def sends_tacacs_accounting(self) -> bool:
        return self.platform in TACACS_ACCOUNTING

    def interfaces(self) -> list[str]:
        """Data-plane interfaces, in the platform's naming."""
        if self.platform == "iosxe":
            return [f"GigabitEthernet0/0/{i}" for i in range(4 if self.role == "pe" else 3)]
        if self.platform == "iosxr":
            return [f"TenGigE0/0/0/{i}" for i in range(4)]
        if self.platform == "nxos":
            return [f"Ethernet1/{i}" for i in range(1, 7)]
        if self.platform == "junos":
            return [f"xe-0/1/{i}" for i in range(4)]
        return [f"Ethernet{i}" for i in range(1, 7)]

    def mgmt_interface(self) -> str:
        return {
            "iosxe": "GigabitEthernet0",
            "iosxr": "MgmtEth0/RSP0/CPU0/0",
            "nxos": "mgmt0",
            "junos": "fxp0",
            "eos": "Management1",
        }[self.platform]


@dataclass
class Network:
    devices: list[Device]

    def by_name(self, hostname: str) -> Device:
        for d in self.devices:
            if d.hostname == hostname:
                return d
        raise KeyError(hostname)

    def routers(self) -> list[Device]:
        return [d for d in self.devices if d.is_router]


def _pattern(count: int) -> list[tuple[str, str]]:
    out = list(_BASE[:count])
    i = 0
    while len(out) < count:
        out.append(_CYCLE[i % len(_CYCLE)])
        i += 1
    return out


def _hardening(rng: random.Random, platform: str) -> Hardening:
    if rng.random() < 0.33:  # fully hardened
        return Hardening()
    h = Hardening(
        type7_passwords=rng.random() < 0.35,
        md5_secret=rng.random() < 0.3,
        snmp_community=rng.random() < 0.4,
        http_server=platform == "iosxe" and rng.random() < 0.35,
        no_transport_output_none=rng.random() < 0.45,
        smart_install=platform == "iosxe" and rng.random() < 0.3,
        telnet=rng.random() < 0.2,
        no_access_class=rng.random() < 0.25,
        ntp_no_auth=rng.random() < 0.5,
        exec_timeout_zero=rng.random() < 0.2,
        tacacs_key7=rng.random() < 0.4,
        cdp=platform in ("iosxe", "nxos", "iosxr") and rng.random() < 0.4,
    )
    return h


def build_network(devices: int, seed: int) -> Network:
    """Plan the inventory. Deterministic in (devices, seed); independent of the scenario."""
    if devices < 2:
        raise ValueError("the lab needs at least 2 devices")
    rng = substream(seed, "network")
    nsites = max(1, min(len(SITES), math.ceil(devices / 4)))
    per_site_role: dict[tuple[str, str], int] = {}
    per_site_n: dict[str, int] = {}
    out: list[Device] = []
    for i, (role, platform) in enumerate(_pattern(devices)):
        site_idx = i % nsites + 1
        site = SITES[site_idx - 1]
        k = per_site_role.get((site, role), 0) + 1
        per_site_role[(site, role)] = k
        n = per_site_n.get(site, 0) + 1
        per_site_n[site] = n
        customer = None
        if role == "ce":
            customer = CUSTOMERS[rng.randrange(len(CUSTOMERS))]
            hostname = f"ce{k}-{customer}-{site}"
        else:
            hostname = f"{role}{k}-{site}"
        model = rng.choice(MODELS[(role, platform)])
        version = rng.choice(VERSIONS[platform])
        serial = _serial(rng, platform)
        out.append(
            Device(
                hostname,
                role,
                platform,
                model,
                version,
                site,
                site_idx,
                n,
                serial,
                _hardening(rng, platform),
                customer,
            )
        )
    # The web-UI intrusion needs an IOS XE PE with `ip http server`: guarantee one exists in
    # every scenario so that the clean network is the same network.
    pes = [d for d in out if d.platform == "iosxe" and d.role == "pe"]
    if pes and not any(d.hardening.http_server for d in pes):
        pes[-1].hardening.http_server = True
    return Network(out)


def _serial(rng: random.Random, platform: str) -> str:
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    if platform == "junos":
        return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(5)) + str(
            rng.randrange(10)
        )
    if platform == "eos":
        return "JPE" + "".join(rng.choice("0123456789") for _ in range(8))
    prefix = rng.choice(("FXS", "FOC", "FDO", "SAL"))
    return (
        prefix
        + "".join(rng.choice("0123456789") for _ in range(4))
        + "".join(rng.choice(letters + "0123456789") for _ in range(4))
    )


def workspace_toml(start_year: int) -> str:
    """carrierwatch.toml for the lab (format of ``carrierwatch.workspace.EXAMPLE_CONFIG``)."""

    def q(values: tuple[str, ...] | list[str]) -> str:
        return "[" + ", ".join(f'"{v}"' for v in values) + "]"

    lines = [
        "# carrierwatch workspace configuration for the synthetic lab network (carrierwatch lab generate).",
        'organisation = "Lab Carrier (synthetic)"',
        "",
        "[allowlists]",
        f"management_subnets = {q([MGMT_SUBNET])}",
        f"aaa_servers        = {q(TACACS_SERVERS)}",
        f"nms                = {q([NMS])}",
        f"syslog_collectors  = {q([SYSLOG_COLLECTOR])}",
        f"ntp_servers        = {q([NTP_SERVER])}",
        f"file_servers       = {q([ARCHIVE_SERVER])}",
        "tunnel_peers       = []",
        "span_destinations  = []",
        f"li_mediation       = {q([LI_MEDIATION])}",
        f"device_subnets     = {q([DEVICE_SUBNET])}",
        "",
        "[hunt]",
        "# The lab's syslog is RFC 3164 (no year in the timestamp).",
        f"syslog_default_year = {start_year}",
    ]
    for win in CHANGE_WINDOWS:
        lines += [
            "",
            "[[change_windows]]",
            f"days = {q(list(win['days']))}",
            f'start = "{win["start"]}"',
            f'end = "{win["end"]}"',
        ]
    return "\n".join(lines) + "\n"


def inventory_csv(net: Network) -> str:
    rows = ["hostname,mgmt_ip,loopback_ip,role,platform,vendor,os_version,site"]
    for d in net.devices:
        rows.append(
            ",".join(
                [
                    d.hostname,
                    d.mgmt_ip,
                    d.loopback_ip,
                    d.role,
                    PLATFORM_NAMES[d.platform],
                    d.vendor,
                    d.os_version,
                    d.site,
                ]
            )
        )
    return "\n".join(rows) + "\n"


def in_change_window(weekday: int, hour: int) -> bool:
    return weekday in CHANGE_WINDOW_DAYS and CHANGE_WINDOW_HOURS[0] <= hour < CHANGE_WINDOW_HOURS[1]
