"""NetFlow v5, v9 and IPFIX packets -> the FLOWS Arrow table, decoded a template at a time.

Why this shape: a collector sees millions of records per second, all of a few templates. Each packet is
split into sets in Python (cheap: a few sets per packet); each data set's bytes are appended to its
template's buffer; :meth:`FlowDecoder.table` turns every buffer into columns with one
``numpy.frombuffer`` per template. Per-record Python work happens only for templates with
variable-length fields.

Formats: NetFlow v5 (Cisco "NetFlow Export Datagram Format", 24-byte header + 48-byte records,
https://www.cisco.com/c/en/us/td/docs/net_mgmt/netflow_collection_engine/3-6/user/guide/format.html),
NetFlow v9 (RFC 3954), IPFIX (RFC 7011). Templates: :mod:`carrierwatch.telemetry.flows.netflow_templates`.

Rules (stated, tested):

* ``ts`` (flow start), first available of: flowStartMilliseconds (152), flowStartSeconds (150),
  flowStartNanoseconds (156) / flowStartMicroseconds (154) (NTP format), flowStartSysUpTime (22) — relative
  to the v5/v9 header (``unix_secs - sys_uptime``) or, for IPFIX, to systemInitTimeMilliseconds (160) from
  the exporter's options data — flowStartDeltaMicroseconds (158, back from export time); otherwise the
  packet's export time. ``ts_end`` likewise from the end elements, else empty. NetFlow sysUptime
  wrap-around (49.7 days) is not corrected.
* bytes = octetDelta (1) or octetTotal (85) count + v9 OUT_BYTES (23); packets likewise (2/86 + 24).
* ``observer_name`` = the exporter address (UDP source) when known.
* ``src_line`` = the record's ordinal in the file or stream (1-based); ``raw`` is empty.
* Options data records (exporter metadata, not flows) are decoded for systemInitTimeMilliseconds and
  counted in :attr:`FlowDecoder.options_records`, not in the flow account.
* Rejections (each counted in the account): ``truncated packet``, ``unknown version``,
  ``truncated set``, ``reserved set id``, ``truncated template``, ``malformed template``,
  ``truncated record`` (a variable-length record running past its set), ``no source or destination
  address`` (template without them: every record), ``no template for data set`` (one per set still
  waiting for its template when the decoder closes; its record count is unknowable).
* Duplicate deliveries (``dedupe_window`` > 0, the listener's setting): a packet byte-identical to one of
  the last ``dedupe_window`` packets from the same exporter is not decoded again and is counted in
  ``duplicates`` (sequence numbers and export times make distinct packets differ). Files are not
  deduplicated inside (a re-read file is idempotent in the lake: its Parquet name is its digest).
* Data sets that arrive before their template wait (up to ``MAX_PENDING`` sets) and are decoded when it
  comes, as collectors do after a restart.
"""

from __future__ import annotations

import struct
from collections import deque
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import pyarrow as pa

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.flows import netflow_templates as nt
from carrierwatch.telemetry.flows.netflow_columns import columns_for, ipv4_text
from carrierwatch.telemetry.schema import FLOWS

MAX_PENDING = 10_000

#: NetFlow v5 record as a template (Cisco format page above); 210 = paddingOctets
V5_TEMPLATE = nt.build(
    5,
    [nt.FieldSpec(ie, ln) for ie, ln in (
        (8, 4), (12, 4), (15, 4), (10, 2), (14, 2), (2, 4), (1, 4), (22, 4), (21, 4), (7, 2), (11, 2),
        (210, 1), (6, 1), (4, 1), (5, 1), (16, 2), (17, 2), (9, 1), (13, 1), (210, 2),
    )],
)  # fmt: skip

Key = tuple[str, int, int]  # exporter, observation domain / source id, template id
Bytes = bytes | memoryview


@dataclass
class Chunk:
    """Bookkeeping for one data set's records: how many, from whom, and the time bases they need."""

    n: int
    exporter: str | None
    export_s: int
    uptime_base_ms: int | None  # epoch ms at which the exporter's sysUpTime was 0, when known
    first_rec: int


@dataclass
class Buffer:
    """One template's pending records: the data-set bytes and, per data set, its :class:`Chunk` fields as
    parallel lists (a file reader extends them a whole run of messages at a time)."""

    template: nt.Template
    parts: list[Bytes | np.ndarray] = field(default_factory=list)
    n: list[int] = field(default_factory=list)
    exporter: list[str | None] = field(default_factory=list)
    export_s: list[int] = field(default_factory=list)
    base: list[int | None] = field(default_factory=list)
    first: list[int] = field(default_factory=list)

    def add(self, part: Bytes, n: int, exporter: str | None, export_s: int, base: int | None, first: int) -> None:
        self.parts.append(part)
        self.n.append(n)
        self.exporter.append(exporter)
        self.export_s.append(export_s)
        self.base.append(base)
        self.first.append(first)


class FlowDecoder:
    """Feed packets with :meth:`packet`; take the table with :meth:`table`; :meth:`close` at the end.

    The template cache (``templates``) outlives :meth:`table`, so a listener keeps one decoder.
    """

    def __init__(self, account: InputAccount, src: str, *, dedupe_window: int = 0) -> None:
        self.account = account
        self.dedupe_window = dedupe_window
        self.duplicates = 0
        self._recent: deque[int] = deque()
        self._recent_set: set[int] = set()
        self.src = src
        self.templates: dict[Key, nt.Template] = {}
        self.sys_init_ms: dict[tuple[str, int], int] = {}
        self.pending: dict[Key, list[tuple[Bytes, Chunk, bool]]] = {}
        self.n_pending = 0
        self.buffers: dict[int, Buffer] = {}
        self.records = 0  # flow records seen so far (record ordinal counter)
        self.options_records = 0
        self.packets = 0
        self._parsed: dict[tuple[bool, int, bytes], list[nt.Template | int]] = {}  # template sets seen before

    # ---- input -------------------------------------------------------------------------------------
    def packet(self, data: Bytes, exporter: str | None = None) -> None:
        """Decode one NetFlow/IPFIX packet (or IPFIX message); never raises on bad bytes."""
        self.packets += 1
        if self.dedupe_window:
            h = hash((exporter, bytes(data)))
            if h in self._recent_set:  # a duplicate delivery: its records are already in
                self.duplicates += 1
                return
            self._recent.append(h)
            self._recent_set.add(h)
            if len(self._recent) > self.dedupe_window:
                self._recent_set.discard(self._recent.popleft())
        if len(data) < 4:
            self.account.reject("truncated packet", self.records + 1)
            return
        (version,) = struct.unpack_from(">H", data, 0)
        if version == 10:
            self._ipfix(data, exporter)
        elif version == 9:
            self._v9(data, exporter)
        elif version == 5:
            self._v5(data, exporter)
        else:
            self.account.reject("unknown version", self.records + 1)

    def _v5(self, data: Bytes, exporter: str | None) -> None:
        if len(data) < 24:
            self.account.reject("truncated packet", self.records + 1)
            return
        _, count, uptime, secs, nsecs = struct.unpack_from(">HHIII", data, 0)
        have = min(count, (len(data) - 24) // 48)
        base = secs * 1000 + nsecs // 1_000_000 - uptime
        if have:
            self._data(V5_TEMPLATE, data[24 : 24 + 48 * have], exporter, secs, base)
        for _ in range(count - have):
            self.account.reject("truncated packet", self.records + 1)

    def _v9(self, data: Bytes, exporter: str | None) -> None:
        if len(data) < 20:
            self.account.reject("truncated packet", self.records + 1)
            return
        _, _count, uptime, secs, _seq, source_id = struct.unpack_from(">HHIIII", data, 0)
        base = secs * 1000 - uptime
        self._sets(data, 20, len(data), exporter or "", source_id, secs, base, v9=True)

    def _ipfix(self, data: Bytes, exporter: str | None) -> None:
        if len(data) < 16:
            self.account.reject("truncated packet", self.records + 1)
            return
        _, length, secs, _seq, domain = struct.unpack_from(">HHIII", data, 0)
        end = min(length, len(data))
        if length < 16:
            self.account.reject("truncated packet", self.records + 1)
            return
        base = self.sys_init_ms.get((exporter or "", domain))
        self._sets(data, 16, end, exporter or "", domain, secs, base, v9=False)
        if length > len(data):
            self.account.reject("truncated packet", self.records + 1)

    def _sets(self, data: Bytes, pos: int, end: int, exp: str, dom: int, secs: int, base: int | None,
              *, v9: bool) -> None:
        unpack = struct.unpack_from
        templates = self.templates
        while end - pos >= 4:
            set_id, length = unpack(">HH", data, pos)
            if length < 4 or pos + length > end:
                self.account.reject("truncated set", self.records + 1)
                return
            if set_id >= 256:  # fast path: a data set of a known fixed-length flow template
                tmpl = templates.get((exp, dom, set_id))
                if tmpl is not None and tmpl.flow_ok:
                    rl = tmpl.record_len or 1
                    n = (length - 4) // rl
                    if n:
                        buf = self.buffer_for(tmpl)
                        b = base if v9 else self.sys_init_ms.get((exp, dom))
                        buf.add(data[pos + 4 : pos + 4 + n * rl], n, exp or None, secs, b, self.records + 1)
                        self.records += n
                        self.account.accept(n)
                    pos += length
                    continue
            body = data[pos + 4 : pos + length]
            pos += length
            tmpl_ids, opt_ids = ((0,), (1,)) if v9 else ((2,), (3,))
            if set_id in tmpl_ids or set_id in opt_ids:
                ck = (v9, set_id, bytes(body))
                found = self._parsed.get(ck)
                if found is None:
                    try:
                        parse = nt.parse_v9_templates if v9 else nt.parse_ipfix_templates
                        found = parse(ck[2], set_id in opt_ids)
                    except nt.TemplateError as exc:
                        self.account.reject(str(exc), self.records + 1)
                        continue
                    if len(self._parsed) > 4096:
                        self._parsed.clear()
                    self._parsed[ck] = found
                for t in found:
                    self._learn(exp, dom, t)
            elif set_id < 256:
                self.account.reject("reserved set id", self.records + 1)
            else:
                key = (exp, dom, set_id)
                tmpl = self.templates.get(key)
                if not v9:  # IPFIX: options data earlier in this same message may have set it
                    base = self.sys_init_ms.get((exp, dom))
                chunk = Chunk(0, exp or None, secs, base, 0)
                if tmpl is None:
                    if self.n_pending < MAX_PENDING:
                        self.pending.setdefault(key, []).append((body, chunk, v9))
                        self.n_pending += 1
                    else:
                        self.account.reject("no template for data set", self.records + 1)
                    continue
                self._data(tmpl, body, exp or None, secs, base, key=key)

    def is_template_resend(self, set_id: int, body: Bytes, exporter: str, domain: int, *, v9: bool = False) -> bool:
        """True if this template set only repeats templates already in force (RFC 7011 8.4 periodic re-send).

        Learning it again would change nothing, so a batch reader may step over it.
        """
        found = self._parsed.get((v9, set_id, bytes(body)))
        if found is None:
            return False
        for t in found:
            if isinstance(t, int):
                return False
            cur = self.templates.get((exporter, domain, t.template_id))
            if cur is None or cur.fields != t.fields or cur.scope_count != t.scope_count:
                return False
        return True

    def buffer_for(self, t: nt.Template) -> Buffer:
        """The buffer collecting records of template ``t`` (one per template object)."""
        buf = self.buffers.get(id(t))
        if buf is None:
            buf = self.buffers[id(t)] = Buffer(t)
        return buf

    def _learn(self, exp: str, dom: int, t: nt.Template | int) -> None:
        if isinstance(t, int):  # withdrawal
            self.templates.pop((exp, dom, t), None)
            return
        key = (exp, dom, t.template_id)
        old = self.templates.get(key)
        if old is not None and old.fields == t.fields and old.scope_count == t.scope_count:
            t = old  # a periodic re-send (RFC 7011 8.4): keep one object, so its records share one buffer
        self.templates[key] = t
        for body, chunk, _v9 in self.pending.pop(key, []):
            self.n_pending -= 1
            base = chunk.uptime_base_ms
            if base is None:
                base = self.sys_init_ms.get((exp, dom))
            self._data(t, body, chunk.exporter, chunk.export_s, base, key=key)

    def _data(self, t: nt.Template, body: Bytes, exporter: str | None, secs: int, base: int | None,
              key: Key | None = None) -> None:
        if t.record_len is None:
            body, n = self._project(t, body)
            t = _projection(t)
        else:
            n = len(body) // t.record_len if t.record_len else 0
            body = body[: n * (t.record_len or 0)]
        if n == 0:
            return
        if t.is_options:
            self.options_records += n
            self._options(t, body, key)
            return
        names = t.names
        if not ((nt.IE_SRC_V4 in names or nt.IE_SRC_V6 in names) and (nt.IE_DST_V4 in names or nt.IE_DST_V6 in names)):
            for _ in range(n):
                self.records += 1
                self.account.reject("no source or destination address", self.records)
            return
        buf = self.buffer_for(t)
        buf.add(body, n, exporter, secs, base, self.records + 1)
        self.records += n
        self.account.accept(n)

    def _options(self, t: nt.Template, body: Bytes, key: Key | None) -> None:
        name = t.names.get(nt.IE_SYS_INIT_MS)
        if name is None or key is None or t.dtype is None:
            return
        arr = np.frombuffer(body, dtype=t.dtype)
        self.sys_init_ms[(key[0], key[1])] = int(arr[name][-1])

    def _project(self, t: nt.Template, body: Bytes) -> tuple[bytes, int]:
        """Copy the fixed-length fields of each variable-length record into one fixed-layout buffer."""
        out = bytearray()
        pos, end, n = 0, len(body), 0
        while pos < end:
            start_out, rec_start = len(out), pos
            ok = True
            for f in t.fields:
                ln = f.length
                if ln == nt.VARIABLE:
                    if pos >= end:
                        ok = False
                        break
                    ln = body[pos]
                    pos += 1
                    if ln == 255:
                        if pos + 2 > end:
                            ok = False
                            break
                        (ln,) = struct.unpack_from(">H", body, pos)
                        pos += 2
                    pos += ln
                else:
                    out += body[pos : pos + ln]
                    pos += ln
                if pos > end:
                    ok = False
                    break
            if not ok:
                del out[start_out:]
                if end - rec_start >= 4 or any(body[rec_start:end]):  # else: set padding (RFC 7011 3.3.1)
                    self.records += 1
                    self.account.reject("truncated record", self.records)
                break
            n += 1
        return bytes(out), n

    # ---- output ------------------------------------------------------------------------------------
    @property
    def buffered(self) -> int:
        """Records decoded and waiting for :meth:`table`."""
        return sum(sum(b.n) for b in self.buffers.values())

    def table(self) -> pa.Table:
        """Everything decoded since the last call, as one FLOWS table (record order within a template)."""
        tables = [self._columns(b) for b in self.buffers.values() if b.parts]
        self.buffers = {}
        tables = [t for t in tables if t.num_rows]
        if not tables:
            return FLOWS.empty_table()
        return pa.concat_tables(tables) if len(tables) > 1 else tables[0]

    def close(self) -> None:
        """Reject what still waits for a template (one rejection per data set: its record count is unknown)."""
        for sets in self.pending.values():
            for _ in sets:
                self.account.reject("no template for data set", None)
        self.pending = {}
        self.n_pending = 0

    def _columns(self, buf: Buffer) -> pa.Table:
        t = buf.template
        assert t.dtype is not None
        parts = cast(list[bytes], buf.parts)  # bytes, memoryviews and uint8 arrays: all buffers
        arr = np.frombuffer(parts[0] if len(parts) == 1 else b"".join(parts), dtype=t.dtype)
        counts = np.array(buf.n, dtype=np.int64)
        export_us = np.repeat(np.array(buf.export_s, dtype=np.int64), counts) * 1_000_000
        bases = buf.base
        if None in bases:
            has_base = np.repeat(np.array([b is not None for b in bases], dtype=bool), counts)
            base_ms = np.repeat(np.array([b or 0 for b in bases], dtype=np.int64), counts)
        else:
            has_base = np.ones(len(arr), dtype=bool)
            base_ms = np.repeat(np.array(bases, dtype=np.int64), counts)
        starts = np.repeat(np.array(buf.first, dtype=np.int64), counts)
        offsets = np.arange(len(arr), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
        recno = starts + offsets
        exporters = buf.exporter
        if len(set(exporters)) == 1:
            observer: pa.Array = pa.nulls(len(arr), pa.string()) if exporters[0] is None else pa.repeat(
                pa.scalar(exporters[0]), len(arr))
        else:
            observer = pa.array(exporters, pa.string()).take(pa.array(np.repeat(np.arange(len(exporters)), counts)))
        if exporters == [None] * len(exporters) and nt.IE_EXPORTER_V4 in t.names:  # files: the record says
            observer = ipv4_text(arr[t.names[nt.IE_EXPORTER_V4]])
        cols = columns_for(t, arr, export_us, base_ms, has_base)
        return pa.Table.from_arrays(
            [
                cols["ts"], cols["ts_end"], cols["source_ip"], cols["source_port"], cols["destination_ip"],
                cols["destination_port"], cols["network_iana_number"], cols["network_bytes"],
                cols["network_packets"], observer, pa.nulls(len(arr), pa.string()),
                pa.repeat(pa.scalar(self.src), len(arr)), pa.array(recno, pa.int64()),
            ],
            schema=FLOWS,
        )


_projections: dict[tuple[int, tuple[nt.FieldSpec, ...], int], nt.Template] = {}


def _projection(t: nt.Template) -> nt.Template:
    """The fixed-length part of a variable-length template (what :meth:`FlowDecoder._project` copies)."""
    key = (t.template_id, t.fields, t.scope_count)
    p = _projections.get(key)
    if p is None:
        p = nt.build(t.template_id, [f for f in t.fields if f.length != nt.VARIABLE], t.scope_count)
        _projections[key] = p
    return p

