"""Benign background activity: what a quiet carrier network looks like from its collectors.

Per device and day (each with its own RNG sub-stream, so the clean and the salt-typhoon scenarios
share it): 2-7 admin SSH sessions from the admins' usual workstations (config changes mostly inside
the Tue/Thu 01:00-05:00 change window when the day has one), the nightly config-archive login,
occasional failed logins, interface flaps with their OSPF/BGP adjacency messages, NTP sync.

Flows are generated lazily per device as a Poisson process of ``flows_per_device_per_hour``
(customer transit between CGNAT subscribers 100.64.0.0/10 and documentation/benchmark ranges
192.0.2.0/24, 203.0.113.0/24, 198.18.0.0/15; SNMP polls from the NMS; syslog, NTP, TACACS+ and SCP
to the known servers; iBGP keepalives between loopbacks), so memory does not grow with flow count.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

from carrierwatch.lab import messages as msg
from carrierwatch.lab import network as nw
from carrierwatch.lab.config_mods import peers
from carrierwatch.lab.network import Device, Network
from carrierwatch.lab.rng import substream
from carrierwatch.lab.sessions import Emitter
from carrierwatch.lab.timeline import Conn, ConnItem, Flow, FlowItem

HOUR = 3_600_000
DAY = 24 * HOUR

SHOW = {
    "iosxe": [
        "show ip interface brief",
        "show ip bgp summary",
        "show running-config",
        "show version",
        "show logging",
        "show ip ospf neighbor",
        "show interfaces GigabitEthernet0/0/0",
        "show processes cpu sorted",
        "show ip route summary",
    ],
    "iosxr": [
        "show bgp summary",
        "show ospf neighbor",
        "show interfaces brief",
        "show running-config",
        "show platform",
        "show install active summary",
        "show logging last 50",
    ],
    "nxos": [
        "show interface brief",
        "show ip ospf neighbors",
        "show running-config",
        "show version",
        "show logging last 50",
        "show vlan brief",
    ],
    "junos": [
        "show bgp summary",
        "show ospf neighbor",
        "show interfaces terse",
        "show configuration | display set",
        "show chassis alarms",
        "show log messages | last 50",
    ],
    "eos": [
        "show ip interface brief",
        "show ip ospf neighbor",
        "show running-config",
        "show version",
        "show logging last 50",
    ],
}


def change_commands(dev: Device, net: Network, rng: random.Random) -> list[str]:
    """A routine change: an interface description, a static route to an internal prefix, a BGP description."""
    ifname = rng.choice(dev.interfaces())
    desc = f"CUST-{rng.choice(nw.CUSTOMERS).upper()} circuit {rng.randrange(1000, 9999)}"
    prefix = f"10.{rng.randrange(20, 60)}.{rng.randrange(0, 255)}.0"
    nbrs = peers(net, dev)
    kind = rng.randrange(3) if nbrs else 0
    p = dev.platform
    if p == "iosxr":
        body = {
            0: [f"interface {ifname}", f"description {desc}"],
            1: ["router static", "address-family ipv4 unicast", f"{prefix}/24 Null0"],
            2: [
                f"router bgp {nw.ASN}",
                f"neighbor {nbrs[0].loopback_ip}" if nbrs else "",
                f"description {nbrs[0].hostname if nbrs else ''}",
            ],
        }[kind]
        return ["configure", *body, "commit", "end"]
    if p == "junos":
        body = {
            0: [f'set interfaces {ifname} description "{desc}"'],
            1: [f"set routing-options static route {prefix}/24 discard"],
            2: [
                f"set protocols bgp group IBGP neighbor {nbrs[0].loopback_ip if nbrs else '10.0.0.1'} "
                f'description "{nbrs[0].hostname if nbrs else "rr"}"'
            ],
        }[kind]
        return ["configure", *body, "commit", "exit"]
    mask = "/24" if p in ("nxos", "eos") else " 255.255.255.0"
    route = f"ip route {prefix}{mask} Null0"
    body = {
        0: [f"interface {ifname}", f"description {desc}"],
        1: [route],
        2: [
            f"router bgp {nw.ASN}",
            f"neighbor {nbrs[0].loopback_ip if nbrs else '10.0.0.1'} description "
            f"{nbrs[0].hostname if nbrs else 'rr'}",
        ],
    }[kind]
    save = "copy running-config startup-config" if p == "nxos" else "write memory"
    return ["configure terminal", *body, "end", save]


def plan_background(
    net: Network, em: Emitter, seed: int, start_ms: int, days: int, start_weekday: int
) -> None:
    for d in range(days):
        weekday = (start_weekday + d) % 7
        day0 = start_ms + d * DAY
        for dev in net.devices:
            _device_day(net, em, dev, substream(seed, f"background/{d}/{dev.hostname}"), day0, weekday)


def _device_day(net: Network, em: Emitter, dev: Device, rng: random.Random, day0: int, weekday: int) -> None:
    users = list(nw.ADMINS)
    for _ in range(rng.randint(2, 7)):
        user = rng.choice(users)
        src = nw.ADMINS[user] if rng.random() < 0.9 else rng.choice(nw.ADMIN_WORKSTATIONS)
        config = rng.random() < 0.25
        if config and weekday in nw.CHANGE_WINDOW_DAYS and rng.random() < 0.8:
            at = day0 + HOUR * nw.CHANGE_WINDOW_HOURS[0] + rng.randrange(3 * HOUR + HOUR // 2)
        elif rng.random() < 0.85:
            at = day0 + 8 * HOUR + rng.randrange(10 * HOUR)
        else:
            at = day0 + rng.randrange(DAY)
        cmds = rng.sample(SHOW[dev.platform], rng.randint(2, 4))
        if config:
            cmds += change_commands(dev, net, rng)
        if rng.random() < 0.12:  # a typo'd password first
            for at_, text in msg.login_failed(dev, at - 25_000, user, src):
                em.tl.log(at_, dev.hostname, text)
            em.tl.flow(
                at - 25_000,
                Flow(
                    src,
                    dev.mgmt_ip,
                    rng.randrange(49152, 65535),
                    22,
                    "TCP",
                    ".AP.SF",
                    14,
                    3100,
                    4200,
                    dev.mgmt_ip,
                    1,
                    0,
                ),
            )
        end = em.session(dev, at, user, src, cmds, rng)
        if config:
            em.tl.flow(
                end + 5000,
                Flow(
                    dev.mgmt_ip,
                    nw.ARCHIVE_SERVER,
                    rng.randrange(20000, 65000),
                    22,
                    "TCP",
                    ".AP.SF",
                    40,
                    38000,
                    1500,
                    dev.mgmt_ip,
                    0,
                    1,
                ),
            )
    # nightly config archive pull (RANCID-style automation account)
    at = day0 + 2 * HOUR + 30 * 60_000 + rng.randrange(HOUR)
    archive_cmds = (
        ["show version", "show configuration"]
        if dev.platform == "junos"
        else ["terminal length 0", "show version", "show running-config"]
    )
    em.session(dev, at, nw.AUTOMATION_USER, nw.ARCHIVE_SERVER, archive_cmds, rng)
    # interface flaps
    nbrs = peers(net, dev)
    for _ in range(rng.choices((0, 1, 2), (0.55, 0.35, 0.10))[0]):
        i = rng.randrange(max(1, min(len(nbrs), len(dev.interfaces()))))
        ifname = dev.interfaces()[i]
        down = day0 + rng.randrange(DAY - 10 * 60_000)
        up = down + rng.randrange(5_000, 120_000)
        for at_, text in msg.link_change(dev, down, ifname, False):
            em.tl.log(at_, dev.hostname, text)
        if i < len(nbrs):
            for at_, text in msg.adjacency(dev, down + 300, nbrs[i].loopback_ip, ifname, False):
                em.tl.log(at_, dev.hostname, text)
        for at_, text in msg.link_change(dev, up, ifname, True):
            em.tl.log(at_, dev.hostname, text)
        if i < len(nbrs):
            for at_, text in msg.adjacency(dev, up + 9_000, nbrs[i].loopback_ip, ifname, True):
                em.tl.log(at_, dev.hostname, text)
    at = day0 + rng.randrange(DAY)
    for at_, text in msg.ntp_sync(dev, at, nw.NTP_SERVER):
        em.tl.log(at_, dev.hostname, text)


_INTERNET = (("192.0.2.", 256), ("203.0.113.", 256), ("198.18.", 512))


def _internet(rng: random.Random) -> str:
    r = rng.random()
    base, size = _INTERNET[int(r * 3)]
    if size == 512:
        return f"{base}{int(r * 6) % 2}.{1 + int(rng.random() * 254)}"
    return f"{base}{1 + int(rng.random() * 254)}"


def device_flows(
    dev: Device,
    net: Network,
    seed: int,
    stream_id: int,
    start_ms: int,
    end_ms: int,
    per_hour: int,
    silenced: Callable[[str, int], bool],
) -> Iterator[FlowItem]:
    """Background flows exported by one device, in time order (Poisson arrivals)."""
    if per_hour <= 0:
        return
    rng = substream(seed, f"flows/{dev.hostname}")
    rate = per_hour / HOUR
    nbr_loops = [p.loopback_ip for p in peers(net, dev)]
    nif = len(dev.interfaces())
    t = start_ms
    n = 0
    rnd = rng.random

    def ri(a: int, b: int | None = None) -> int:
        """randrange(a, b) without randrange's overhead (hot loop)."""
        if b is None:
            a, b = 0, a
        return a + int(rnd() * (b - a))

    while True:
        t += int(rng.expovariate(rate)) + 1
        if t >= end_ms:
            return
        r = rnd()
        if r < 0.72:
            sub = f"100.{64 + ri(64)}.{ri(256)}.{ri(1, 255)}"
            far = _internet(rng)
            q = rnd()
            if q < 0.5:
                proto, dp = "TCP", 443
            elif q < 0.6:
                proto, dp = "TCP", 80
            elif q < 0.75:
                proto, dp = "UDP", 443
            elif q < 0.87:
                proto, dp = "UDP", 53
            elif q < 0.95:
                proto, dp = "TCP", (25, 993, 8080, 5223, 3478)[ri(5)]
            else:
                proto, dp = "ICMP", 2048
            pkts = 1 + int(rng.expovariate(1 / 40))
            byts = pkts * ri(60, 1400)
            sp = 0 if proto == "ICMP" else ri(1024, 65535)
            dp = dp if proto != "ICMP" else 2048
            flags = ".AP.SF" if proto == "TCP" else "......"
            if rnd() < 0.5:
                fl = Flow(
                    sub,
                    far,
                    sp,
                    dp,
                    proto,
                    flags,
                    pkts,
                    byts,
                    pkts * ri(5, 200),
                    dev.mgmt_ip,
                    1 + ri(nif),
                    1 + ri(nif),
                    nw.ASN,
                    64496 + ri(16),
                    10,
                    24,
                )
            else:
                if proto == "ICMP":
                    sp, dp = 0, 0  # echo reply: nfdump shows type*256+code in dp
                fl = Flow(
                    far,
                    sub,
                    dp,
                    sp,
                    proto,
                    flags,
                    pkts,
                    byts,
                    pkts * ri(5, 200),
                    dev.mgmt_ip,
                    1 + ri(nif),
                    1 + ri(nif),
                    64496 + ri(16),
                    nw.ASN,
                    24,
                    10,
                )
        elif r < 0.80:
            fl = Flow(
                nw.NMS,
                dev.mgmt_ip,
                ri(30000, 60000),
                161,
                "UDP",
                "......",
                2,
                180,
                20,
                dev.mgmt_ip,
                0,
                1,
            )
        elif r < 0.86:
            if silenced(dev.hostname, t):
                continue
            fl = Flow(
                dev.mgmt_ip,
                nw.SYSLOG_COLLECTOR,
                ri(49152, 65535),
                514,
                "UDP",
                "......",
                1 + ri(6),
                180 * (1 + ri(6)),
                ri(0, 60_000),
                dev.mgmt_ip,
                0,
                1,
            )
        elif r < 0.89:
            fl = Flow(dev.mgmt_ip, nw.NTP_SERVER, 123, 123, "UDP", "......", 1, 76, 0, dev.mgmt_ip, 0, 1)
        elif r < 0.96 and nbr_loops and dev.is_router:
            fl = Flow(
                dev.loopback_ip,
                nbr_loops[ri(len(nbr_loops))],
                ri(20000, 65000),
                179,
                "TCP",
                ".AP...",
                2 + ri(5),
                19 * (2 + ri(5)) + 40,
                ri(60_000),
                dev.mgmt_ip,
                1,
                2,
            )
        elif r < 0.985:
            fl = Flow(
                dev.mgmt_ip,
                nw.TACACS_SERVERS[ri(2)],
                ri(20000, 65000),
                49,
                "TCP",
                ".AP.SF",
                6,
                480,
                150,
                dev.mgmt_ip,
                0,
                1,
            )
        else:
            fl = Flow(
                dev.mgmt_ip,
                nw.ARCHIVE_SERVER,
                ri(20000, 65000),
                22,
                "TCP",
                ".AP.SF",
                30,
                26000,
                1200,
                dev.mgmt_ip,
                0,
                1,
            )
        n += 1
        yield (t, stream_id, n, fl, None)


def snmp_polls(
    dev: Device, seed: int, stream_id: int, start_ms: int, end_ms: int, interval_ms: int = 300_000
) -> Iterator[ConnItem]:
    """The NMS polls every device every five minutes; the management sensor sees each poll."""
    rng = substream(seed, f"snmp/{dev.hostname}")
    t = start_ms + rng.randrange(interval_ms)
    n = 0
    while t < end_ms:
        n += 1
        yield (
            t,
            stream_id,
            n,
            Conn(
                nw.NMS,
                rng.randrange(30000, 60000),
                dev.mgmt_ip,
                161,
                "udp",
                "snmp",
                round(0.002 + rng.random() * 0.02, 6),
                90 + rng.randrange(40),
                380 + rng.randrange(300),
                "SF",
                "Dd",
                2,
                2,
            ),
            None,
        )
        t += interval_ms + rng.randrange(-2000, 2000)
