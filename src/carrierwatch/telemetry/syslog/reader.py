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
* Blank lines are not records. Everything else is accepted or rejected with a reason that says what is
  wrong: ``not a syslog line``, ``unrecognised header after <PRI>``, ``device message without a timestamp
  (...)``, ``timestamp "..." is not a valid date and time``, ``invalid PRI`` (> 191, outer or relay-kept),
  ``RFC 5424 timestamp is the NILVALUE "-"``. A device zone that is ambiguous or unknown (CST, IST) is an
  ``InputAccount.warnings`` entry stating what was assumed.
* Framings (issue 15): ``logging origin-id`` (after a sequence number or a ``<PRI>``: it names the device),
  empty and double sequence numbers, zone names/offsets (:func:`~carrierwatch.telemetry.timestamps.
  zone_offset`), a relay's header before the device's own ``<PRI>`` (and its own RFC 3164 header), Kiwi
  tab-delimited files, RFC 5424 forwarders, NX-OS logfile stamps, messages without a mnemonic, nested
  IOS XE mnemonics. ``device_ts``/``relay_ts`` keep both clocks.
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
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any

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
from carrierwatch.telemetry.syslog.severity import SEVERITY_WORDS, severity, zone_warning
from carrierwatch.telemetry.textfile import file_mtime, note_utf8, numbered_lines, open_binary, open_text
from carrierwatch.telemetry.timestamps import (
    BsdStampCache,
    YearResolver,
    fraction_us,
    iso_to_us,
    zone_offset,
)

# relay (collector) header: [<PRI>] TIMESTAMP HOST BODY (BSD stamp, optionally with year; RFC 3339; NX-OS
# logfile "YYYY Mmm dd HH:MM:SS")
_RELAY = re.compile(
    r"(?:<(\d{1,3})>)?"
    r"(?:((?:\d{4} )?[A-Z][a-z]{2} [ \d]?\d(?: \d{4})? \d\d:\d\d:\d\d)(?:\.\d+)?"
    r"|(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?))"
    r" +(\S+) ?(.*)$"
)
# a relay's own header inside the relayed message, after the device's <PRI> (a 3164 device behind a relay):
# TIMESTAMP HOST BODY, the host a name or an address (never a "ZONE:" token of a device timestamp)
_INNER = re.compile(
    r"([A-Z][a-z]{2} [ \d]?\d(?: \d{4})? \d\d:\d\d:\d\d)(?:\.(\d{1,9}))?"
    r" ([A-Za-z0-9][A-Za-z0-9_.-]*|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]+) (.*)$"
)
# Kiwi Syslog Server log file (tab-delimited): DATE TIME<TAB>Facility.Level<TAB>HOST<TAB>MESSAGE
_KIWI = re.compile(r"(\d{4}-\d\d-\d\d[ \t]\d\d:\d\d:\d\d)\t([A-Za-z0-9]+)\.([A-Za-z]+)\t([^\t]+)\t(.*)$")
_SEV = r"[0-7]|EMERG|ALERT|CRIT|ERROR|ERR|WARNING|WARN|NOTICE|INFO|DEBUG"  # as the fast path's _SEV
_STAMP = r"(?:\d{4} )?[A-Z][a-z]{2} +\d{1,2}(?: \d{4})? \d\d:\d\d:\d\d"
_ZONE = r"[A-Za-z]{1,6}(?:[+-]\d{1,2}(?::?\d\d)?)?"
# device-written prefix (IOS/IOS XE/XR/NX-OS/ASA/EOS), what comes before a %FAC-SEV-MNEMONIC or the message:
# [": "][seq: [seq: ]] ( [origin-id: ][node:][*|.]stamp[.frac][ zone]: | [node:] )
_DEV_HEAD = (
    r"(: )?(?:(\d+): (?:(\d+): )?)?"  # 1 empty sequence 2 message counter 3 service sequence-numbers
    r"(?:(?:([A-Za-z0-9][\w.:-]*?): )?"  # 4 logging origin-id hostname|ip|string
    r"(?:[A-Za-z0-9]+(?:/[A-Za-z0-9]+)+:)?"  # IOS XR node id RP/0/RSP0/CPU0:
    r"([*.])?(" + _STAMP + r")(?:\.(\d{1,9}))?(?: (" + _ZONE + r"))?: ?"  # 5 mark 6 stamp 7 frac 8 zone
    r"|(?:[A-Za-z0-9]+(?:/[A-Za-z0-9]+)+:)?)"
)
_MNEMONIC = r"%([A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*?)-(" + _SEV + r")-([A-Za-z0-9_]+) ?: ?"
_CISCO = re.compile(
    _DEV_HEAD + r"(?:[\w.-]+(?:\[\d+\])?: )?"  # process (IOS XR config[65910]:, EOS Aaa:)
    + _MNEMONIC + r"(.*)$"  # 9 fac 10 sev 11 mnemonic 12 msg
)
# a device line without a %mnemonic ("NTP Core (NOTICE): ...", "last message repeated 2 times"): the stamp
# is required (else it is a tag line)
_PLAIN = re.compile(_DEV_HEAD.replace(r"|(?:[A-Za-z0-9]+(?:/[A-Za-z0-9]+)+:)?)", ")") + r"(.*)$")
# IOS XE platform messages carry the real event as a second mnemonic: %IOSXE-6-PLATFORM: R0/0: cpp_cp: ...
# %FW-6-DROP_PKT: ...
_NESTED = re.compile(r"(?:^|.*? )" + _MNEMONIC + r"(.*)$")
# "HOST SEQ: device-timestamp: %..." — a collector that stores the sender and the device's own message with no
# timestamp of its own (syslog-ng ``$HOST $MSG``; the SigmaHQ Cisco regression sample has this shape)
_HOST_PREFIX = re.compile(
    r"(?!\d+:)([A-Za-z0-9](?:[\w.:-]*[\w.-])?) (?=(?:\d+: )?[*.]?[A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d)"
)
# Junos / BSD tag: process[pid]: [CODE: ]message
_TAG = re.compile(r"([\w./-]+)(?:\[\d+\])?: (?:([A-Z][A-Z0-9_]{2,}): )?(.*)$")
_5424 = re.compile(r"<(\d{1,3})>\d{1,2} (\S+) (\S+) (\S+) \S+ (\S+) ?(.*)$")
_SD_USER = re.compile(r'\b(?:username|user|user-name)="([^"]*)"')
_SD_SOURCE = re.compile(r'\bsource-address="([^"]*)"')
#: reasons (each says what is wrong with the line in terms of what the reader expected)
R_NOT_SYSLOG = "not a syslog line"
R_AFTER_PRI = "unrecognised header after <PRI>"
R_NO_STAMP = (
    "device message without a timestamp (enable device timestamps: IOS \"service timestamps log datetime\", ASA"
    " \"logging timestamp\"; or store the collector's header)"
)
R_PRI = "invalid PRI"
R_NIL_STAMP = 'RFC 5424 timestamp is the NILVALUE "-"'


def bad_stamp(stamp: str) -> str:
    return f'timestamp "{stamp[:40]}" is not a valid date and time'


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

    def prepare(raw: bytes, first: int) -> tuple[int, int | None, pa.Array, list[pa.Table], pa.Array, dict[str, int]]:
        data = clean_chunk(raw)
        k = first_replacement_line(data)
        lines = lines_array(data)
        warnings: dict[str, int] = {}
        try:
            tables, slow_idx = parser.parse(lines, first, warnings)
        except pa.ArrowException:  # a kernel refused this chunk: the per-line parser takes all of it
            tables, slow_idx, warnings = [], pa.array(range(len(lines)), pa.int64()), {}
        return first, k, lines, tables, slow_idx, warnings

    def finish(first: int, k: int | None, lines: pa.Array, tables: list[pa.Table], slow_idx: pa.Array,
               warnings: dict[str, int]) -> None:
        for what, count in warnings.items():
            account.warn(what, count)
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
    pending: deque[Future[tuple[int, int | None, pa.Array, list[pa.Table], pa.Array, dict[str, int]]]] = deque()
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


#: one parsed device body: (seq, origin, mark, stamp, frac, zone, module, level, code, msg)
_Device = tuple[int | None, str | None, str | None, str | None, str | None, str | None, str | None, int | None,
                str | None, str]


def parse_device(body: str, free: bool) -> _Device | None:
    """The device-written part of a message (Cisco ``[seq: ][origin: ][node:]stamp: %FAC-SEV-MNEMONIC: msg``
    and its variants, or a stamped message without a mnemonic), or None.

    ``free``: the body starts the device's own text (after a ``<PRI>``, or no relay header), so a
    ``logging origin-id`` token may come without a sequence number; behind a relay header it needs one
    (else ``kernel: Nov 16 ...`` would read as an origin-id instead of a tag).
    """
    m = _CISCO.match(body) if "%" in body else None
    plain = False
    if m is None:
        m = _PLAIN.match(body)
        if m is None:
            return None
        plain = True
    g = m.groups()
    empty, s1, s2, origin = g[0], g[1], g[2], g[3]
    if origin is not None and not (free or empty or s1):
        return None
    seq_text = s2 or s1
    seq = _seq(seq_text) if seq_text else None
    if plain:
        return seq, origin, g[4], g[5], g[6], g[7], None, None, None, g[8]
    module, sev, code, msg = g[8], g[9], g[10], g[11]
    if module.startswith("IOSXE") and "%" in msg:
        nm = _NESTED.match(msg)
        if nm is not None:
            module, sev, code, msg = nm.groups()
    return seq, origin, g[4], g[5], g[6], g[7], module, severity(sev), code, msg


def _parse_lines(
    lines: Iterator[tuple[int, str]], src: str, stamps: BsdStampCache, out: ColumnBatches, account: InputAccount
) -> None:
    cols = [c.append for c in out.cols]
    relay_match = _RELAY.match
    tag_match = _TAG.match
    bsd = stamps.to_us
    hosts: dict[str, tuple[str | None, str | None]] = {}
    reject = account.reject
    accepted = 0
    pending = 0

    def host_of(host: str) -> tuple[str | None, str | None]:
        hn = hosts.get(host)
        if hn is None:
            ip = canonical_ip(host)
            hn = hosts[host] = (None, ip) if ip else (host.lower(), None)
        return hn

    for n, line in lines:
        if not line or line.isspace():
            continue
        if line[0] == "<" and line[1:2].isdigit():
            m5 = _5424.match(line)
            if m5 is not None:
                r = _from_5424(m5, line, n, src, out, host_of, bsd, account)
                if r is None:
                    accepted += 1
                    pending += 1
                else:
                    reject(r, n)
                if pending >= BATCH_ROWS:
                    out.flush()
                    pending = 0
                continue
        row = _parse_line(line, relay_match, tag_match, bsd, host_of, account)
        if isinstance(row, str):
            reject(row, n)
            continue
        for col, cell in zip(cols, (*row, line, src, n), strict=True):
            col(cell)
        accepted += 1
        pending += 1
        if pending >= BATCH_ROWS:
            out.flush()
            pending = 0
    account.accept(accepted)


_Row = tuple[int, str | None, str | None, int | None, str | None, str | None, int | None, str, str | None,
             str | None, int | None, str | None, int | None, int | None]


def _parse_line(
    line: str,
    relay_match: Any,
    tag_match: Any,
    bsd: Callable[[str], int],
    host_of: Callable[[str], tuple[str | None, str | None]],
    account: InputAccount,
) -> _Row | str:
    """One non-5424 line -> its SYSLOG cells up to ``command`` plus (device_ts, relay_ts), or a reason."""
    pri: int | None = None
    relay_us: int | None = None
    host_name: str | None = None
    host_ip: str | None = None
    header_level: int | None = None
    p: str | None = None
    m = relay_match(line)
    direct = m is None
    if m is not None:
        p, bsd_ts, iso_ts, host, body = m.groups()
        if host.endswith(":") or "[" in host:  # no host field: that token is the device's text or a tag
            after = line[line.index(">") + 1 :] if p is not None else line
            if parse_device(after, True) is not None:
                direct = True
            else:
                body = host + " " + body
                host = ""
        if not direct:
            try:
                relay_us = bsd(bsd_ts) if bsd_ts is not None else iso_to_us(iso_ts)
            except ValueError:
                return bad_stamp(bsd_ts or iso_ts)
            if host:
                host_name, host_ip = host_of(host)
                if body[:2] == ": ":
                    body = body[2:]
    else:
        km = _KIWI.match(line)
        if km is not None:
            stamp, _fac, lvl, host, body = km.groups()
            try:
                relay_us = iso_to_us(stamp.replace("\t", " "))
            except ValueError:
                return bad_stamp(stamp)
            header_level = SEVERITY_WORDS.get(lvl.upper())
            host_name, host_ip = host_of(host)
            direct = False
    if direct:
        p = None
        body = line
        if line[0] == "<":
            end = line.find(">")
            if 1 < end <= 4 and line[1:end].isdigit():
                p = line[1:end]
                body = line[end + 1 :]
        hp = _HOST_PREFIX.match(body) if "%" in body else None
        if hp is not None:
            host_name, host_ip = host_of(hp.group(1))
            body = body[hp.end() :]
    if p is not None:
        pri = int(p)
        if pri > 191:
            return R_PRI
    if pri is not None and header_level is None:
        header_level = pri & 7
    free = direct
    inner_us: int | None = None
    if not direct and body[:1] == "<":  # the relay kept the device's own <PRI>
        end = body.find(">")
        if 1 < end <= 4 and body[1:end].isdigit():
            ipri = int(body[1:end])
            if ipri > 191:
                return R_PRI
            header_level = ipri & 7
            body = body[end + 1 :]
            free = True
            im = _INNER.match(body)
            if im is not None:  # and its own RFC 3164 header
                istamp, ifrac, ihost, body = im.groups()
                try:
                    inner_us = bsd(istamp) + fraction_us(ifrac[:6] if ifrac else "")
                except ValueError:
                    inner_us = None
                host_name, host_ip = _with_origin(host_name, host_ip, host_of(ihost))
                free = False
    module = code = None
    level = header_level
    seq: int | None = None
    msg = body
    ts = relay_us
    device_us = inner_us
    d = parse_device(body, free)
    if d is not None:
        seq, origin, mark, dts, frac, tz, module, lvl, code, msg = d
        if lvl is not None:
            level = lvl
        if origin is not None:
            host_name, host_ip = _with_origin(host_name, host_ip, host_of(origin))
        if dts is not None:
            off = zone_offset(tz) if tz else 0
            try:
                device_us = bsd(dts) + fraction_us(frac[:6] if frac else "") - (off or 0) * 60_000_000
            except ValueError:
                device_us = None
            use = relay_us is None or (tz is not None and off is not None and mark is None)
            if use:
                if device_us is None:
                    return bad_stamp(dts)
                ts = device_us
            if tz is not None and off is None:
                account.warn(zone_warning(tz, relay_us is not None))
        elif relay_us is None:
            return R_NO_STAMP
    elif relay_us is None:
        if p is None:
            return R_NOT_SYSLOG
        return R_AFTER_PRI
    else:
        k = 0
        while k < len(body) and "0" <= body[k] <= "9":
            k += 1
        if k and body[k : k + 2] == ": ":  # a message counter before a message without mnemonic ("93: SSH2 0: ...")
            seq, msg = _seq(body[:k]), body[k + 2 :]
        else:
            tm = tag_match(body)
            if tm is not None:
                module, code, msg = tm.groups()
    if ts is None:  # pragma: no cover - every branch above sets ts or returns
        return R_NO_STAMP
    f = extract(module, code, msg) if (code or module) else None
    if f is None:
        return (ts, host_name, host_ip, level, module, code, seq, msg, None, None, None, None, device_us, relay_us)
    return (ts, host_name, host_ip, level, module, code, seq, msg, f[0], f[1], f[2], f[3], device_us, relay_us)


def _with_origin(name: str | None, ip: str | None, origin: tuple[str | None, str | None]) -> tuple[str | None,
                                                                                                 str | None]:
    """The device's own name/address (``logging origin-id``, an inner header) over the relay header's host."""
    o_name, o_ip = origin
    return (o_name or name), (o_ip or ip)


def _from_5424(
    m: re.Match[str],
    line: str,
    n: int,
    src: str,
    out: ColumnBatches,
    host_of: Callable[[str], tuple[str | None, str | None]],
    bsd: Callable[[str], int],
    account: InputAccount,
) -> str | None:
    """Append one RFC 5424 record; return a rejection reason instead when it cannot be placed."""
    p, stamp, host, app, msgid, rest = m.groups()
    pri = int(p)
    if pri > 191:
        return R_PRI
    if stamp == "-":
        return R_NIL_STAMP
    try:
        ts = iso_to_us(stamp)
    except ValueError:
        return bad_stamp(stamp)
    relay_us = ts
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
    hn = (None, None) if host == "-" else host_of(host)
    level: int = pri & 7
    module: str | None = None if app == "-" else app
    code: str | None = None if msgid == "-" else msgid
    seq = None
    device_us = None
    free = False
    if msg[:1] == "<":  # a relay's 5424 header around the device's own message with its <PRI>
        end = msg.find(">")
        if 1 < end <= 4 and msg[1:end].isdigit():
            ipri = int(msg[1:end])
            if ipri > 191:
                return R_PRI
            level = ipri & 7
            msg = msg[end + 1 :]
            free = True
    d = parse_device(msg, free) if "%" in msg or free else None
    if d is not None and (d[6] is not None or free):
        seq, origin, mark, dts, frac, tz, d_module, lvl, d_code, msg = d
        if d_module is not None:
            module, code = d_module, d_code
        if lvl is not None:
            level = lvl
        if origin is not None:
            hn = _with_origin(hn[0], hn[1], host_of(origin))
        if dts is not None:
            off = zone_offset(tz) if tz else 0
            try:
                device_us = bsd(dts) + fraction_us(frac[:6] if frac else "") - (off or 0) * 60_000_000
            except ValueError:
                device_us = None
            if tz is not None and off is not None and mark is None and device_us is not None:
                ts = device_us
            if tz is not None and off is None:
                account.warn(zone_warning(tz, True))
    f = extract(module, code, msg) if (code or module) else None
    user = f[0] if f else None
    sip = f[1] if f else None
    if sd:
        if user is None:
            um = _SD_USER.search(sd)
            user = um.group(1) if um else None
        if sip is None:
            sm = _SD_SOURCE.search(sd)
            sip = canonical_ip(sm.group(1)) if sm else None
    row = (ts, hn[0], hn[1], level, module, code, seq, msg, user, sip, f[2] if f else None,
           f[3] if f else None, device_us, relay_us, line, src, n)
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
