"""Streaming writers: one line at a time, counting lines so tagged records become evidence.

* ``DailyWriter`` splits a time-ordered stream into one file per UTC day (syslog, accounting, flows),
  with an optional header and a footer computed when the file closes (the nfdump ``Summary`` block).
* ``flow_csv`` renders one nfdump 1.6 ``-o csv`` row; ``conn_row`` one Zeek conn.log row.

Every tagged record is checked to contain its token before its (source, line) is recorded, so the
truth file cannot point at a line that does not show what it claims.
"""

from __future__ import annotations

import time as _time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from carrierwatch.lab.timeline import Conn, Flow, Tag

NFDUMP_HEADER = (
    "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,"
    "ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr"
)
_MACS = ",".join(["00:00:00:00:00:00"] * 4)
_MPLS = ",".join(["0-0-0"] * 10)
ZEEK_FIELDS = [
    "ts",
    "uid",
    "id.orig_h",
    "id.orig_p",
    "id.resp_h",
    "id.resp_p",
    "proto",
    "service",
    "duration",
    "orig_bytes",
    "resp_bytes",
    "conn_state",
    "local_orig",
    "local_resp",
    "missed_bytes",
    "history",
    "orig_pkts",
    "orig_ip_bytes",
    "resp_pkts",
    "resp_ip_bytes",
    "tunnel_parents",
]
ZEEK_TYPES = [
    "time",
    "string",
    "addr",
    "port",
    "addr",
    "port",
    "enum",
    "string",
    "interval",
    "count",
    "count",
    "string",
    "bool",
    "bool",
    "count",
    "string",
    "count",
    "count",
    "count",
    "count",
    "set[string]",
]

Evidence = dict[str, list[dict[str, Any]]]


class TsFormatter:
    """``YYYY-MM-DD hh:mm:ss.mmm`` with the date part cached (flows arrive in time order)."""

    def __init__(self) -> None:
        self._day = -1
        self._date = ""

    def __call__(self, ms: int) -> str:
        day, rem = divmod(ms, 86_400_000)
        if day != self._day:
            self._day = day
            self._date = _time.strftime("%Y-%m-%d", _time.gmtime(day * 86_400))
        sec, milli = divmod(rem, 1000)
        hour, sec = divmod(sec, 3600)
        minute, sec = divmod(sec, 60)
        return f"{self._date} {hour:02d}:{minute:02d}:{sec:02d}.{milli:03d}"


def day_of(ms: int) -> date:
    return datetime.fromtimestamp(ms // 1000, tz=UTC).date()


def record_evidence(evidence: Evidence, tag: Tag, source: str, line: int, text: str) -> None:
    if tag.token not in text:
        raise ValueError(f"evidence for {tag.action} at {source}:{line} lacks {tag.token!r}")
    evidence.setdefault(tag.action, []).append({"source": source, "line": line, "contains": tag.token})


class DailyWriter:
    """Writes a time-ordered stream into one file per day in ``dates`` (every day gets a file)."""

    def __init__(
        self,
        root: Path,
        name: Callable[[date], str],
        dates: list[date],
        evidence: Evidence,
        header: list[str] | None = None,
        footer: Callable[[], list[str]] | None = None,
        on_open: Callable[[], None] | None = None,
    ) -> None:
        self.root, self.name, self.dates, self.evidence = root, name, dates, evidence
        self.header, self.footer, self.on_open = header or [], footer, on_open
        self._idx = -1
        self._day_from = self._day_to = 0  # UTC day [from, to) of the open file, in ms
        self._fh: IO[str] | None = None
        self.rel = ""
        self.line_no = 0
        self.records = 0
        self.files: list[str] = []

    def _open_next(self) -> None:
        self._close_current()
        self._idx += 1
        self.rel = self.name(self.dates[self._idx])
        path = self.root / self.rel
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = path.open("w", encoding="utf-8", newline="\n")
        self.files.append(self.rel)
        self.line_no = 0
        if self.on_open:
            self.on_open()
        for h in self.header:
            self._emit(h)

    def _emit(self, text: str) -> None:
        assert self._fh is not None
        self._fh.write(text + "\n")
        self.line_no += 1

    def _close_current(self) -> None:
        if self._fh is not None:
            if self.footer:
                for f in self.footer():
                    self._emit(f)
            self._fh.close()
            self._fh = None

    def write(self, ts_ms: int, text: str, tag: Tag | None = None) -> None:
        if not (self._day_from <= ts_ms < self._day_to):
            d = day_of(ts_ms)
            while self._fh is None or self.dates[self._idx] != d:
                if self._idx + 1 >= len(self.dates):
                    raise ValueError(f"record at {ts_ms} outside the lab period")
                self._open_next()
            self._day_from = (ts_ms // 86_400_000) * 86_400_000
            self._day_to = self._day_from + 86_400_000
        self._emit(text)
        self.records += 1
        if tag is not None:
            record_evidence(self.evidence, tag, self.rel, self.line_no, text)

    def close(self) -> None:
        while self._idx + 1 < len(self.dates):
            self._open_next()
        self._close_current()


class FlowStats:
    """Running totals for the nfdump Summary block of the current file."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.flows = self.byts = self.pkts = 0
        self.first = self.last = -1

    def add(self, ts: int, f: Flow) -> None:
        self.flows += 1
        self.byts += f.byts
        self.pkts += f.pkts
        if self.first < 0:
            self.first = ts
        self.last = max(self.last, ts + f.dur_ms)

    def summary(self) -> list[str]:
        dur = (self.last - self.first) / 1000 if self.flows else 0
        bps = int(self.byts * 8 / dur) if dur > 0 else 0
        pps = int(self.pkts / dur) if dur > 0 else 0
        bpp = self.byts // self.pkts if self.pkts else 0
        return [
            "Summary",
            "flows,bytes,packets,avg_bps,avg_pps,avg_bpp",
            f"{self.flows},{self.byts},{self.pkts},{bps},{pps},{bpp}",
        ]


def flow_csv(fmt: TsFormatter, ts: int, f: Flow) -> str:
    te = ts + f.dur_ms
    return (
        f"{fmt(ts)},{fmt(te)},{f.dur_ms / 1000:.3f},{f.sa},{f.da},{f.sp},{f.dp},{f.proto},{f.flags},0,0,"
        f"{f.pkts},{f.byts},0,0,{f.in_if},{f.out_if},{f.sas},{f.das},{f.smk},{f.dmk},0,0,0.0.0.0,0.0.0.0,0,0,"
        f"{_MACS},{_MPLS},0.000,0.000,0.000,{f.ra},0/0,1,{fmt(te + 1000)}"
    )


def zeek_header(open_ms: int) -> list[str]:
    return [
        "#separator \\x09",
        "#set_separator\t,",
        "#empty_field\t(empty)",
        "#unset_field\t-",
        "#path\tconn",
        "#open\t" + _time.strftime("%Y-%m-%d-%H-%M-%S", _time.gmtime(open_ms // 1000)),
        "#fields\t" + "\t".join(ZEEK_FIELDS),
        "#types\t" + "\t".join(ZEEK_TYPES),
    ]


def zeek_close(close_ms: int) -> str:
    return "#close\t" + _time.strftime("%Y-%m-%d-%H-%M-%S", _time.gmtime(close_ms // 1000))


def conn_row(ts: int, uid: str, c: Conn) -> str:
    lo = "T" if c.orig_h.startswith("10.") else "F"
    lr = "T" if c.resp_h.startswith("10.") else "F"
    return "\t".join(
        (
            f"{ts // 1000}.{ts % 1000:03d}{(ts * 7919) % 1000:03d}",
            uid,
            c.orig_h,
            str(c.orig_p),
            c.resp_h,
            str(c.resp_p),
            c.proto,
            c.service,
            f"{c.duration:.6f}",
            str(c.orig_bytes),
            str(c.resp_bytes),
            c.conn_state,
            lo,
            lr,
            "0",
            c.history,
            str(c.orig_pkts),
            str(c.orig_bytes + 40 * c.orig_pkts),
            str(c.resp_pkts),
            str(c.resp_bytes + 40 * c.resp_pkts),
            "-",
        )
    )
