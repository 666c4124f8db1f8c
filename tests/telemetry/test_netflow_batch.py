"""The batch IPFIX file path (netflow_batch + iter_ipfix_file) must equal the per-message collector path
(FlowDecoder.packet for each message) on any mix of messages: tables row for row, and the account."""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.flows.netflow_decode import FlowDecoder
from carrierwatch.telemetry.flows.netflow_files import ipfix_message_bounds, iter_ipfix_file, read_ipfix_file
from carrierwatch.telemetry.schema import FLOWS

T0_MS = 1_763_280_000_000
FIELDS_A = ((8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (152, 8))
FIELDS_B = ((8, 4), (12, 4), (4, 1), (1, 8), (22, 4))  # a changed template 256: no ports, sysUpTime start
FMT = {1: "B", 2: "H", 4: "I", 8: "Q"}


def _msg(domain: int, sets: list[bytes], secs: int = T0_MS // 1000) -> bytes:
    body = b"".join(sets)
    return struct.pack(">HHIII", 10, 16 + len(body), secs, 0, domain) + body


def _tset(tid: int, fields: tuple[tuple[int, int], ...]) -> bytes:
    body = struct.pack(">HH", tid, len(fields)) + b"".join(struct.pack(">HH", ie, ln) for ie, ln in fields)
    return struct.pack(">HH", 2, 4 + len(body)) + body


def _withdraw(tid: int) -> bytes:
    return struct.pack(">HHHH", 2, 8, tid, 0)


def _options_template() -> bytes:  # scope observationDomainId(149), then systemInitTimeMilliseconds(160)
    body = struct.pack(">HHH", 300, 2, 1) + struct.pack(">HHHH", 149, 4, 160, 8)
    return struct.pack(">HH", 3, 4 + len(body)) + body


def _options_data(domain: int, init_ms: int) -> bytes:
    body = struct.pack(">IQ", domain, init_ms)
    return struct.pack(">HH", 300, 4 + len(body)) + body


def _records(rng: np.random.Generator, fields: tuple[tuple[int, int], ...], n: int) -> bytes:
    out = bytearray()
    for _ in range(n):
        for ie, ln in fields:
            if ie == 152:
                v = T0_MS + int(rng.integers(0, 86_400_000))
            elif ie == 22:
                v = int(rng.integers(0, 1_000_000))
            else:
                v = int(rng.integers(0, 1 << min(8 * ln, 31)))
            out += struct.pack(">" + FMT[ln], v)
    return bytes(out)


def _dset(tid: int, data: bytes) -> bytes:
    return struct.pack(">HH", tid, 4 + len(data)) + data


EVENTS = ["data", "data", "data", "data", "template", "resend", "resend+data", "change", "withdraw", "options",
          "multi", "other-tid", "short-set", "domain2"]


def _build(events: list[str], seed: int) -> bytes:
    rng = np.random.default_rng(seed)
    fields = {1: FIELDS_A, 2: FIELDS_A}
    out = []
    for ev in events:
        dom = 2 if ev == "domain2" else 1
        n = int(rng.integers(1, 6))
        data = _dset(256, _records(rng, fields[dom], n))
        if ev in ("data", "domain2"):
            out.append(_msg(dom, [data]))
        elif ev in ("template", "resend"):
            out.append(_msg(dom, [_tset(256, fields[dom])]))
        elif ev == "resend+data":
            out.append(_msg(dom, [_tset(256, fields[dom]), data]))
        elif ev == "change":
            fields[dom] = FIELDS_B if fields[dom] == FIELDS_A else FIELDS_A
            out.append(_msg(dom, [_tset(256, fields[dom])]))
        elif ev == "withdraw":
            out.append(_msg(dom, [_withdraw(256)]))
        elif ev == "options":
            out.append(_msg(dom, [_options_template(), _options_data(dom, T0_MS - 3_600_000)]))
        elif ev == "multi":
            out.append(_msg(dom, [data, _dset(256, _records(rng, fields[dom], 2))]))
        elif ev == "other-tid":
            out.append(_msg(dom, [_dset(999, b"\x00" * 17)]))
        elif ev == "short-set":
            out.append(_msg(dom, [_dset(256, b"\x01\x02")]))
    return b"".join(out)


def _per_message(path: Path) -> tuple[pa.Table, InputAccount]:
    acc = InputAccount(str(path), "ipfix")
    data = path.read_bytes()
    dec = FlowDecoder(acc, str(path))
    offs, lens, cut = ipfix_message_bounds(data)
    for o, n in zip(offs, lens, strict=True):
        dec.packet(memoryview(data)[o : o + n])
    if cut:
        acc.reject("truncated packet", dec.records + 1)
    dec.close()
    return dec.table(), acc


def _same(path: Path) -> None:
    want, want_acc = _per_message(path)
    acc = InputAccount(str(path), "ipfix")
    got = read_ipfix_file(path, acc)
    assert got.schema == FLOWS
    assert got.equals(want)
    assert (acc.records, acc.accepted, acc.rejected, acc.reasons) == (
        want_acc.records, want_acc.accepted, want_acc.rejected, want_acc.reasons)
    assert acc.balanced


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=st.lists(st.sampled_from(EVENTS), max_size=60), seed=st.integers(0, 1000),
       lead=st.booleans(), cut=st.integers(0, 40))
def test_batch_path_equals_per_message_path(tmp_path: Path, events: list[str], seed: int, lead: bool,
                                            cut: int) -> None:
    raw = _build((["template", "domain2", "template"] if lead else []) + events, seed)
    raw = raw[: max(0, len(raw) - cut)]  # a truncated tail is one rejection on both paths
    path = tmp_path / "mixed.ipfix"
    path.write_bytes(raw)
    _same(path)


def test_lab_shaped_file_long_runs(tmp_path: Path) -> None:
    """Thousands of lab-writer messages (template re-sent every 64, merged into one batch) decode the same."""
    from carrierwatch.lab.ipfix_writer import DTYPE, write_ipfix_file

    rng = np.random.default_rng(3)
    rec = np.zeros(20_000, dtype=DTYPE)
    for name in ("sa", "da", "sp", "dp", "proto", "packets", "octets", "exporter"):
        rec[name] = rng.integers(1, 60_000, len(rec))
    rec["start"] = T0_MS + np.sort(rng.integers(0, 86_400_000, len(rec)))
    rec["end"] = rec["start"] + 500
    path = tmp_path / "lab.ipfix"
    write_ipfix_file(path, rec)
    _same(path)


def test_batches_concatenate_to_the_whole(tmp_path: Path) -> None:
    raw = _build(["template"] + ["data"] * 300 + ["change"] + ["data"] * 300, seed=4)
    path = tmp_path / "b.ipfix"
    path.write_bytes(raw)
    acc = InputAccount(str(path), "ipfix")
    parts = list(iter_ipfix_file(path, acc, batch_records=100))
    assert len(parts) > 3
    whole = read_ipfix_file(path, InputAccount(str(path), "ipfix"))
    got = pa.concat_tables(parts)
    assert got.sort_by("src_line").to_pylist() == whole.sort_by("src_line").to_pylist()
    assert acc.balanced and acc.accepted == whole.num_rows
