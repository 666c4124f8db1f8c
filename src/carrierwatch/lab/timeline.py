"""The event timeline: every syslog line, accounting record, event flow and Zeek connection.

Producers (background activity and planted actions) append records with a millisecond timestamp
and a global order number, so sorting is total and deterministic. A record may carry a ``Tag``:
the planted action it is evidence of and a token its written line must contain; the writers turn
tags into truth-file evidence (source path + 1-based line number).

Event records are held for the whole run (a few hundred per device per day); the bulk telemetry,
background flows, is generated lazily by ``background_flows`` and merged in while writing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import NamedTuple


@dataclass(frozen=True)
class Tag:
    action: str
    token: str  # text the written line must contain (e.g. the intel IP, "Tunnel100")


class Flow(NamedTuple):
    sa: str
    da: str
    sp: int
    dp: int
    proto: str  # TCP | UDP | GRE | ESP | ICMP
    flags: str  # nfdump 1.6 six-character TCP flags, e.g. ".AP.SF"
    pkts: int
    byts: int
    dur_ms: int
    ra: str  # exporter (router) address
    in_if: int
    out_if: int
    sas: int = 0
    das: int = 0
    smk: int = 0
    dmk: int = 0


class Conn(NamedTuple):
    """One Zeek conn.log row (the fields this lab fills)."""

    orig_h: str
    orig_p: int
    resp_h: str
    resp_p: int
    proto: str  # tcp | udp
    service: str  # "-" when unknown
    duration: float
    orig_bytes: int
    resp_bytes: int
    conn_state: str
    history: str
    orig_pkts: int
    resp_pkts: int


#: Placeholder in a syslog line for the device's sequence number, filled at write time in order.
SEQ = "\x00"

FlowItem = tuple[int, int, int, Flow, "Tag | None"]
ConnItem = tuple[int, int, int, Conn, "Tag | None"]


@dataclass
class Timeline:
    syslog: list[tuple[int, int, str, str, Tag | None]] = field(default_factory=list)  # ts, order, host, text
    aaa: list[tuple[int, int, str, Tag | None]] = field(default_factory=list)
    flows: list[FlowItem] = field(default_factory=list)
    conns: list[ConnItem] = field(default_factory=list)
    #: device hostname -> [(from_ms, to_ms)] during which its syslog does not reach the collector
    silences: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    start_ms: int = 0
    end_ms: int = 0
    _order: itertools.count[int] = field(default_factory=itertools.count)

    def _next(self) -> int:
        return next(self._order)

    def in_range(self, ts: int) -> bool:
        return self.start_ms <= ts < self.end_ms

    def silenced(self, host: str, ts: int) -> bool:
        return any(a <= ts < b for a, b in self.silences.get(host, ()))

    def log(self, ts: int, host: str, text: str, tag: Tag | None = None, *, force: bool = False) -> None:
        if not self.in_range(ts) or (self.silenced(host, ts) and not force):
            return
        self.syslog.append((ts, self._next(), host, text, tag))

    def acct(self, ts: int, text: str, tag: Tag | None = None) -> None:
        if self.in_range(ts):
            self.aaa.append((ts, self._next(), text, tag))

    def flow(self, ts: int, flow: Flow, tag: Tag | None = None) -> None:
        if self.in_range(ts):
            self.flows.append((ts, 0, self._next(), flow, tag))

    def conn(self, ts: int, conn: Conn, tag: Tag | None = None) -> None:
        if self.in_range(ts):
            self.conns.append((ts, 0, self._next(), conn, tag))
