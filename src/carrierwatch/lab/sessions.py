"""One admin (or intruder) CLI session, written consistently into every telemetry source.

A session is what ties the sources together: the SSH flow into the device, the device's TACACS+
authentication flow, the login syslog lines, the TACACS+ accounting records (exec start, one record
per command, exec stop), per-command config logging, the "configured from" line, the logout, and -
when the session crosses the management network - the Zeek conn.log rows of the sensor there.

TACACS+ accounting lines are in the tac_plus accounting file format (tab-separated:
``date  NAS  user  port  rem_addr  start|stop  attr=value ...``), as written by Shrubbery tac_plus /
tac_plus-ng; the ``cmd=... <cr>`` form is what IOS sends, NX-OS sends ``... (SUCCESS)``.
"""

from __future__ import annotations

import ipaddress
import random
import time as _time
from dataclasses import dataclass, field

from carrierwatch.lab import messages as msg
from carrierwatch.lab import network as nw
from carrierwatch.lab.network import Device
from carrierwatch.lab.timeline import Conn, Flow, Tag, Timeline

_MGMT = ipaddress.ip_network(nw.MGMT_SUBNET)
_CONFIG_ENTER = ("configure terminal", "configure")
_CONFIG_LEAVE = ("end", "commit", "exit")


def acct_time(ts_ms: int) -> str:
    return _time.strftime("%b %d %H:%M:%S", _time.gmtime(ts_ms // 1000))


def in_mgmt(addr: str) -> bool:
    return ipaddress.ip_address(addr) in _MGMT


@dataclass
class Emitter:
    """Writes sessions and single events into the timeline; keeps per-device counters."""

    tl: Timeline
    task_ids: dict[str, int] = field(default_factory=dict)
    commit_ids: dict[str, int] = field(default_factory=dict)
    #: device -> (from_ms, address): TACACS+ authentications also go to this (repointed) server
    repointed: dict[str, tuple[int, str]] = field(default_factory=dict)

    def task_id(self, dev: Device) -> int:
        n = self.task_ids.get(dev.hostname, 100 + dev.n * 37) + 1
        self.task_ids[dev.hostname] = n
        return n

    def tty(self, dev: Device, rng: random.Random) -> str:
        return {
            "iosxe": f"tty{rng.randrange(2, 7)}",
            "iosxr": f"vty{rng.randrange(0, 4)}",
            "nxos": "pts/0",
            "eos": f"vty{rng.randrange(3, 9)}",
        }.get(dev.platform, "ttyp0")

    def acct(
        self,
        ts: int,
        dev: Device,
        user: str,
        port: str,
        rem: str,
        kind: str,
        attrs: str,
        tag: Tag | None = None,
    ) -> None:
        self.tl.acct(ts, f"{acct_time(ts)}\t{dev.mgmt_ip}\t{user}\t{port}\t{rem}\t{kind}\t{attrs}", tag)

    def aaa_cmd_text(self, dev: Device, cmd: str, in_config: bool) -> str:
        if dev.platform == "nxos":
            return f"cmd={'configure terminal ; ' if in_config else ''}{cmd} (SUCCESS)"
        return f"cmd={cmd} <cr>"

    def session(
        self,
        dev: Device,
        ts: int,
        user: str,
        src: str,
        commands: list[str],
        rng: random.Random,
        *,
        action: str | None = None,
        tokens: tuple[str, ...] = (),
        port: int = 22,
        dst: str | None = None,
        exporter: str | None = None,
        tag_login: bool = True,
        zeek: bool = True,
    ) -> int:
        """Emit one SSH session; returns its end time. Records matching ``tokens`` are tagged."""
        tl = self.tl
        dst = dst or dev.mgmt_ip
        base_tag = Tag(action, src) if action and tag_login else None
        sport = rng.randrange(49152, 65535)
        tty = self.tty(dev, rng)
        # authentication: the device asks a TACACS+ server
        srv = nw.TACACS_SERVERS[rng.randrange(2)]
        self.tacacs_flow(dev, ts + 60, srv, rng)
        rp = self.repointed.get(dev.hostname)
        if rp and ts >= rp[0]:
            self.tacacs_flow(dev, ts + 75, rp[1], rng)
        for at_, text in msg.login_success(dev, ts + 200, user, src, port):
            tl.log(at_, dev.hostname, text, base_tag if (base_tag and src in text) else None)
        task = self.task_id(dev)
        acct_dev = dev.sends_tacacs_accounting
        if acct_dev:
            self.acct(
                ts + 260,
                dev,
                user,
                tty,
                src,
                "start",
                f"task_id={task}\ttimezone=UTC\tservice=shell",
                base_tag,
            )
        t = ts + 2000 + rng.randrange(3000)
        in_config = False
        done_cmd = "commit" if dev.platform in ("iosxr", "junos") else "end"
        for cmd in commands:
            tag = None
            for tok in tokens:
                if tok in cmd:
                    tag = Tag(action or "", tok)
                    break
            if cmd in _CONFIG_ENTER:
                in_config = True
            if acct_dev:
                self.acct(
                    t,
                    dev,
                    user,
                    tty,
                    src,
                    "stop",
                    f"task_id={self.task_id(dev)}\ttimezone=UTC\tservice=shell\tpriv-lvl=15\t"
                    + self.aaa_cmd_text(dev, cmd, in_config and cmd not in _CONFIG_ENTER),
                    tag,
                )
            if dev.platform == "junos" or (in_config and cmd not in _CONFIG_ENTER + _CONFIG_LEAVE):
                for at_, text in msg.config_cmd(dev, t + 40, user, cmd):
                    tl.log(at_, dev.hostname, text, tag)
            if in_config and cmd == done_cmd:
                cid = self.commit_ids.get(dev.hostname, 1000000000 + dev.n * 10) + 1
                self.commit_ids[dev.hostname] = cid
                for at_, text in msg.config_done(dev, t + 300, user, src, cid):
                    tl.log(at_, dev.hostname, text)
            if cmd in ("end", "exit"):
                in_config = False
            t += 3000 + int(rng.expovariate(1 / 12000))
        end = t + 2000
        for at_, text in msg.logout(dev, end, user, src):
            tl.log(at_, dev.hostname, text)
        if acct_dev:
            self.acct(
                end + 20,
                dev,
                user,
                tty,
                src,
                "stop",
                f"task_id={task}\ttimezone=UTC\tservice=shell\telapsed_time={(end - ts) // 1000}",
            )
        dur = end - ts
        pkts = 30 + len(commands) * 25 + rng.randrange(60)
        byts = pkts * (90 + rng.randrange(400))
        tl.flow(
            ts,
            Flow(src, dst, sport, port, "TCP", ".AP.SF", pkts, byts, dur, exporter or dev.mgmt_ip, 1, 0),
            base_tag,
        )
        if zeek and (in_mgmt(src) or action):
            tl.conn(
                ts,
                Conn(
                    src,
                    sport,
                    dst,
                    port,
                    "tcp",
                    "ssh",
                    dur / 1000,
                    byts,
                    byts * 3,
                    "SF",
                    "ShAdDaFf",
                    pkts,
                    pkts * 2,
                ),
                base_tag if action else None,
            )
        return end

    def tacacs_flow(
        self, dev: Device, ts: int, server: str, rng: random.Random, tag: Tag | None = None
    ) -> None:
        sport = rng.randrange(20000, 65000)
        pkts = 6 + rng.randrange(4)
        self.tl.flow(
            ts,
            Flow(
                dev.mgmt_ip,
                server,
                sport,
                49,
                "TCP",
                ".AP.SF",
                pkts,
                pkts * 80,
                120 + rng.randrange(200),
                dev.mgmt_ip,
                0,
                1,
            ),
            tag,
        )
        self.tl.conn(
            ts,
            Conn(
                dev.mgmt_ip,
                sport,
                server,
                49,
                "tcp",
                "-",
                0.2,
                pkts * 40,
                pkts * 30,
                "SF",
                "ShADadFf",
                pkts,
                pkts,
            ),
            tag,
        )
