"""Device syslog files (RFC 3164 as written by collectors, RFC 5424) -> the SYSLOG Arrow table.

Accepted line shapes (PRI ``<n>`` optional everywhere)::

    Nov 16 10:00:01 pe1-nyc 001234: Nov 16 10:00:01.123 UTC: %SYS-5-CONFIG_I: Configured from ...
    Nov 16 2026 10:00:01 asa1 : %ASA-6-605005: Login permitted from 10.255.0.12/51234 ...
    2026-11-16T10:00:01.123+00:00 mx1 mgd[1234]: UI_COMMIT: User 'netops' requested 'commit' ...
    <189>001234: *Nov 16 10:00:01.123: %SYS-5-CONFIG_I: ...            (device-written, no relay)
    <165>1 2026-11-16T10:00:01.123Z mx1 mgd 1234 UI_COMMIT [junos@2636 username="netops"] User ...

Rules (RFC 3164 section 4.1, RFC 5424 section 6, Cisco "service timestamps"):

* ``ts``: the device's own timestamp when it carries a known zone (see
  :data:`carrierwatch.telemetry.timestamps.ZONE_OFFSETS`) and is not marked unsynchronised (a leading
  ``*`` or ``.``, Cisco's "clock not authoritative" marks); otherwise the relay (collector) timestamp;
  if there is no relay timestamp, the device timestamp (no zone = UTC, the IOS default). Relay
  timestamps without a zone are taken as UTC: run collectors in UTC. Year-less timestamps follow
  :class:`~carrierwatch.telemetry.timestamps.YearResolver`.
* ``host_name`` is the relay header's host, lower-cased; when that host is an IP address it goes to
  ``host_ip`` instead and ``host_name`` stays empty.
* ``log_level`` is the Cisco severity digit of ``%FAC-SEV-MNEMONIC`` messages, else the PRI severity.
* Blank lines are not records. Everything else is accepted or rejected with a reason:
  ``not a syslog line`` (no recognisable header), ``no timestamp`` (a device line logged without
  ``service timestamps``), ``unparsable timestamp``, ``invalid PRI`` (> 191).

* ``event_sequence`` is None when the device's sequence number does not fit in int64.

Decoding follows :mod:`carrierwatch.telemetry.textfile` (invalid UTF-8 is replaced and accepted).

Speed: the file is read in chunks that :mod:`carrierwatch.telemetry.syslog.fast` parses with Arrow
kernels in worker threads; the lines it does not recognise with certainty (see its docstring) are
parsed here, one by one, by :func:`_parse_lines`, which defines the behaviour. ``read_syslog(...,
fast=False)`` uses only the per-line parser (the reference the fast path is tested against).
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO

import pyarrow as pa

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.addresses import canonical_ip
from carrierwatch.telemetry.columns import BATCH_ROWS, ColumnBatches
from carrierwatch.telemetry.schema import SYSLOG
from carrierwatch.telemetry.syslog.cisco_messages import extract
from carrierwatch.telemetry.syslog.fast import (
    FastParser,
    clean_chunk,
    count_lines,
    first_replacement_line,
    lines_array,
    read_chunks,
)
from carrierwatch.telemetry.textfile import file_mtime, note_utf8, numbered_lines, open_binary, open_text
from carrierwatch.telemetry.timestamps import (
    ZONE_OFFSETS,
    BsdStampCache,
    YearResolver,
    fraction_us,
    iso_to_us,
)

# relay (collector) header: [<PRI>] TIMESTAMP HOST BODY
_RELAY = re.compile(
    r"(?:<(\d{1,3})>)?"
    r"(?:([A-Z][a-z]{2} [ \d]?\d(?: \d{4})? \d\d:\d\d:\d\d)(?:\.\d+)?"
    r"|(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?))"
    r" +(\S+) ?(.*)$"
)
# device-written prefix, optional, up to a Cisco %FAC-SEV-MNEMONIC
_CISCO = re.compile(
    r"(?:(\d+): )?"  # 1 sequence number
    r"(?:[A-Za-z0-9]+(?:/[A-Za-z0-9]+)+:)?"  # IOS XR node id RP/0/RSP0/CPU0:
    r"(?:([*.])?((?:\d{4} )?[A-Z][a-z]{2} +\d{1,2}(?: \d{4})? \d\d:\d\d:\d\d)(?:\.(\d{1,9}))?"  # 2 mark 3 ts 4 frac
    r"(?: ([A-Za-z]{1,5}))?: ?)?"  # 5 zone
    r"(?:[\w.-]+(?:\[\d+\])?: )?"  # process (IOS XR config[65910]:, EOS Aaa:)
    r"%([A-Z0-9_]+(?:-[A-Z0-9_]+)*?)-([0-7])-([A-Z0-9_]+) ?: ?(.*)$"  # 6 fac 7 sev 8 mnemonic 9 msg
)
# "HOST SEQ: device-timestamp: %..." — a collector that stores the sender and the device's own message with no
# timestamp of its own (syslog-ng ``$HOST $MSG``; the SigmaHQ Cisco regression sample has this shape)
_HOST_PREFIX = re.compile(
    r"(?!\d+:)([A-Za-z0-9](?:[\w.:-]*[\w.-])?) (?=(?:\d+: )?[*.]?[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d)"
)
# Junos / BSD tag: process[pid]: [CODE: ]message
_TAG = re.compile(r"([\w./-]+)(?:\[\d+\])?: (?:([A-Z][A-Z0-9_]{2,}): )?(.*)$")
_5424 = re.compile(r"<(\d{1,3})>\d{1,2} (\S+) (\S+) (\S+) \S+ (\S+) ?(.*)$")
_SD_USER = re.compile(r'\b(?:username|user|user-name)="([^"]*)"')


def read_syslog(
    path: Path,
    account: InputAccount,
    *,
    display_path: str | None = None,
    default_year: int | None = None,
    fast: bool = True,
) -> pa.Table:
    """Parse one syslog file; every non-blank line is accepted or rejected in ``account``.

    ``fast=False`` parses every line with the per-line parser; the default sends each chunk through
    :mod:`carrierwatch.telemetry.syslog.fast` first and only the lines it cannot place to the per-line
    parser. Both give the same table and the same account.
    """
    if not fast:
        fh = open_text(path, account)
        if fh is None:
            return SYSLOG.empty_table()
        stamps = BsdStampCache(YearResolver(default_year, file_mtime(path)))
        out = ColumnBatches(SYSLOG)
        with fh:
            _parse_lines(numbered_lines(fh, account), display_path or str(path), stamps, out, account)
        return out.table()
    parts = list(iter_syslog(path, account, display_path=display_path, default_year=default_year))
    if not parts:
        return SYSLOG.empty_table()
    return pa.concat_tables(parts) if len(parts) > 1 else parts[0]


def iter_syslog(
    path: Path, account: InputAccount, *, display_path: str | None = None, default_year: int | None = None
) -> Iterator[pa.Table]:
    """The fast-path reader as a stream: one SYSLOG table per chunk of the file, in line order (so a caller
    can store a chunk while later ones are parsed); the account is complete once it is exhausted."""
    bfh = open_binary(path, account)
    if bfh is None:
        return
    with bfh:
        yield from _read_chunked(bfh, path, account, display_path or str(path), default_year)


#: chunks parsed concurrently (Arrow kernels release the GIL); more only buys memory
WORKERS = 2


def _read_chunked(
    fh: IO[bytes], path: Path, account: InputAccount, src: str, default_year: int | None
) -> Iterator[pa.Table]:
    """Chunks parsed by the fast path in worker threads; their leftovers by the per-line parser, in order."""
    stamps = BsdStampCache(YearResolver(default_year, file_mtime(path)))
    parser = FastParser(src, stamps)
    parts: list[pa.Table] = []
    state = {"noted": False}

    def prepare(raw: bytes, first: int) -> tuple[int, int | None, pa.Array, list[pa.Table], pa.Array]:
        data = clean_chunk(raw)
        k = first_replacement_line(data)
        lines = lines_array(data)
        try:
            tables, slow_idx = parser.parse(lines, first)
        except pa.ArrowException:  # a kernel refused this chunk: the per-line parser takes all of it
            tables, slow_idx = [], pa.array(range(len(lines)), pa.int64())
        return first, k, lines, tables, slow_idx

    def finish(first: int, k: int | None, lines: pa.Array, tables: list[pa.Table], slow_idx: pa.Array) -> None:
        note_at = None
        if k is not None and not state["noted"]:
            note_at, state["noted"] = first + k, True
        fast_rows = sum(t.num_rows for t in tables)
        nums = [first + i for i in slow_idx.to_pylist()]
        pairs = list(zip(nums, lines.take(slow_idx).to_pylist(), strict=True))
        out = ColumnBatches(SYSLOG)
        if note_at is None:
            _parse_lines(iter(pairs), src, stamps, out, account)
        else:  # the note goes where the per-line reader would have written it, between rejections
            cut = sum(1 for n, _ in pairs if n < note_at)
            _parse_lines(iter(pairs[:cut]), src, stamps, out, account)
            note_utf8(account, note_at)
            _parse_lines(iter(pairs[cut:]), src, stamps, out, account)
        if len(out) or out.batches:
            tables.append(out.table())
        account.accept(fast_rows)
        if len(tables) > 1:
            parts.append(pa.concat_tables(tables).sort_by("src_line"))
        elif tables:
            parts.append(tables[0])

    first = 1  # line number of the next chunk's first line
    pending: deque[Future[tuple[int, int | None, pa.Array, list[pa.Table], pa.Array]]] = deque()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        try:
            for raw in read_chunks(fh):
                pending.append(pool.submit(prepare, raw, first))
                first += count_lines(raw) + (0 if raw.endswith(b"\n") else 1)
                while len(pending) > WORKERS:
                    finish(*pending.popleft().result())
                    yield from _drain(parts)
        except OSError as exc:
            account.error = f"read error after line {first - 1}: {exc.strerror or exc.__class__.__name__}"
        while pending:
            finish(*pending.popleft().result())
            yield from _drain(parts)


def _drain(parts: list[pa.Table]) -> Iterator[pa.Table]:
    while parts:
        t = parts.pop(0)
        if t.num_rows:
            yield t


def _parse_lines(
    lines: Iterator[tuple[int, str]], src: str, stamps: BsdStampCache, out: ColumnBatches, account: InputAccount
) -> None:
    (c_ts, c_host, c_hip, c_lvl, c_mod, c_code, c_seq, c_msg, c_user, c_sip, c_sport, c_cmd, c_raw, c_file,
     c_line) = (c.append for c in out.cols)
    relay_match = _RELAY.match
    cisco_match = _CISCO.match
    tag_match = _TAG.match
    bsd = stamps.to_us
    hosts: dict[str, tuple[str | None, str | None]] = {}
    reject = account.reject
    accepted = 0
    pending = 0
    for n, line in lines:
        if not line or line.isspace():
            continue
        pri: int | None = None
        relay_us: int | None = None
        host_name: str | None = None
        host_ip: str | None = None
        if line[0] == "<" and line[1:2].isdigit():
            m5 = _5424.match(line)
            if m5 is not None:
                r = _from_5424(m5, line, n, src, out, hosts)
                if r is None:
                    accepted += 1
                    pending += 1
                else:
                    reject(r, n)
                if pending >= BATCH_ROWS:
                    out.flush()
                    pending = 0
                continue
        m = relay_match(line)
        if m is not None:
            p, bsd_ts, iso_ts, host, body = m.groups()
            try:
                relay_us = bsd(bsd_ts) if bsd_ts is not None else iso_to_us(iso_ts)
            except ValueError:
                reject("unparsable timestamp", n)
                continue
            if host.endswith(":") or "[" in host:  # no host field: that token is the tag
                body = host + " " + body
            else:
                hn = hosts.get(host)
                if hn is None:
                    ip = canonical_ip(host)
                    hn = hosts[host] = (None, ip) if ip else (host.lower(), None)
                host_name, host_ip = hn
                if body[:2] == ": ":
                    body = body[2:]
        else:
            p = None
            body = line
            if line[0] == "<":
                end = line.find(">")
                if 1 < end <= 4 and line[1:end].isdigit():
                    p = line[1:end]
                    body = line[end + 1 :]
            hp = _HOST_PREFIX.match(body) if "%" in body else None
            if hp is not None:
                host = hp.group(1)
                hn = hosts.get(host)
                if hn is None:
                    ip = canonical_ip(host)
                    hn = hosts[host] = (None, ip) if ip else (host.lower(), None)
                host_name, host_ip = hn
                body = body[hp.end() :]
        if p is not None:
            pri = int(p)
            if pri > 191:
                reject("invalid PRI", n)
                continue
        module = code = None
        level = pri & 7 if pri is not None else None
        seq: int | None = None
        msg = body
        ts = relay_us
        cm = cisco_match(body) if "%" in body else None
        if cm is not None:
            s, mark, dts, frac, tz, module, sev, code, msg = cm.groups()
            level = int(sev)
            if s is not None:
                seq = _seq(s)
            if dts is not None:
                off = ZONE_OFFSETS.get(tz.upper()) if tz else None
                if relay_us is None or (off is not None and mark is None):
                    try:
                        ts = bsd(dts) + fraction_us(frac[:6] if frac else "") - (off or 0) * 60_000_000
                    except ValueError:
                        reject("unparsable timestamp", n)
                        continue
        elif relay_us is None:
            reject("not a syslog line" if p is None else "no timestamp", n)
            continue
        else:
            tm = tag_match(body)
            if tm is not None:
                module, code, msg = tm.groups()
        if ts is None:
            reject("no timestamp", n)
            continue
        c_ts(ts)
        c_host(host_name)
        c_hip(host_ip)
        c_lvl(level)
        c_mod(module)
        c_code(code)
        c_seq(seq)
        c_msg(msg)
        f = extract(module, code, msg) if (code or module) else None
        if f is None:
            c_user(None)
            c_sip(None)
            c_sport(None)
            c_cmd(None)
        else:
            c_user(f[0])
            c_sip(f[1])
            c_sport(f[2])
            c_cmd(f[3])
        c_raw(line)
        c_file(src)
        c_line(n)
        accepted += 1
        pending += 1
        if pending >= BATCH_ROWS:
            out.flush()
            pending = 0
    account.accept(accepted)


def _from_5424(
    m: re.Match[str], line: str, n: int, src: str, out: ColumnBatches, hosts: dict[str, tuple[str | None, str | None]]
) -> str | None:
    """Append one RFC 5424 record; return a rejection reason instead when it cannot be placed."""
    p, stamp, host, app, msgid, rest = m.groups()
    pri = int(p)
    if pri > 191:
        return "invalid PRI"
    if stamp == "-":
        return "no timestamp"
    try:
        ts = iso_to_us(stamp)
    except ValueError:
        return "unparsable timestamp"
    sd = ""
    msg = rest
    if rest.startswith("["):
        end = _sd_end(rest)
        sd, msg = rest[:end], rest[end:].lstrip(" ")
    elif rest.startswith("- ") or rest == "-":
        msg = rest[2:]
    if msg.startswith("\ufeff"):
        msg = msg[1:]
    # NILVALUE "-" is no host here, but a host named "-" in an RFC 3164 header: keep it out of the shared
    # cache so neither reading depends on which kind of line came first
    hn = (None, None) if host == "-" else hosts.get(host)
    if hn is None:
        ip = canonical_ip(host)
        hn = hosts[host] = (None, ip) if ip else (host.lower(), None)
    level: int = pri & 7
    module: str | None = None if app == "-" else app
    code: str | None = None if msgid == "-" else msgid
    seq = None
    cm = _CISCO.match(msg) if "%" in msg else None
    if cm is not None:
        s, _mark, _dts, _frac, _tz, module, sev, code, msg = cm.groups()
        level = int(sev)
        seq = _seq(s) if s else None
    f = extract(module, code, msg) if (code or module) else None
    user = f[0] if f else None
    if user is None and sd:
        um = _SD_USER.search(sd)
        user = um.group(1) if um else None
    row = (ts, hn[0], hn[1], level, module, code, seq, msg, user, f[1] if f else None, f[2] if f else None,
           f[3] if f else None, line, src, n)
    for col, cell in zip(out.cols, row, strict=True):
        col.append(cell)
    return None


def _seq(text: str) -> int | None:
    """Sequence number, or None when it does not fit ``event_sequence`` (int64)."""
    v = int(text)
    return v if v < 1 << 63 else None


def _sd_end(text: str) -> int:
    """Index just past the STRUCTURED-DATA elements at the start of ``text`` (RFC 5424 6.3)."""
    i = 0
    n = len(text)
    while i < n and text[i] == "[":
        i += 1
        while i < n and text[i] != "]":
            if text[i] == "\\":
                i += 1
            elif text[i] == '"':
                i += 1
                while i < n and text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
            i += 1
        i += 1
    return min(i, n)
