"""Decoded NetFlow/IPFIX records (a numpy structured array) -> FLOWS columns, vectorised.

The time and counter rules are stated in :mod:`carrierwatch.telemetry.flows.netflow_decode`; the element ids
in :mod:`carrierwatch.telemetry.flows.netflow_templates`. NTP-format timestamps (dateTimeMicroseconds /
dateTimeNanoseconds, RFC 7011 section 6.1.9-10) count seconds from 1900-01-01.
"""

from __future__ import annotations

import ipaddress

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from carrierwatch.telemetry.flows import netflow_templates as nt
from carrierwatch.telemetry.schema import TS

NTP_EPOCH_OFFSET_S = 2_208_988_800  # 1900-01-01 -> 1970-01-01

Arr = np.ndarray


def _uint(arr: Arr, name: str) -> Arr:
    """A field as int64 (fields of odd byte lengths arrive as uint8 sub-arrays and are folded)."""
    col = arr[name]
    if col.ndim == 2:
        out = np.zeros(len(col), dtype=np.uint64)
        for i in range(col.shape[1]):
            out = (out << np.uint64(8)) | col[:, i].astype(np.uint64)
        col = out
    return col.astype(np.int64)


def _ntp_us(arr: Arr, name: str) -> Arr:
    v = arr[name].astype(np.uint64)
    secs = (v >> np.uint64(32)).astype(np.int64) - NTP_EPOCH_OFFSET_S
    frac = (v & np.uint64(0xFFFFFFFF)).astype(np.int64)
    return secs * 1_000_000 + (frac * 1_000_000 >> 32)


def _time_us(t: nt.Template, arr: Arr, which: str, export_us: Arr, base_ms: Arr, has_base: Arr) -> Arr | None:
    """Epoch microseconds of flow start (``which='start'``) or end, per the stated priority, else None."""
    n = t.names
    ms, s, ns, us, up, delta = (
        (nt.IE_START_MS, nt.IE_START_S, nt.IE_START_NS, nt.IE_START_US, nt.IE_START_UPTIME, nt.IE_START_DELTA_US)
        if which == "start"
        else (nt.IE_END_MS, nt.IE_END_S, nt.IE_END_NS, nt.IE_END_US, nt.IE_END_UPTIME, nt.IE_END_DELTA_US)
    )
    if ms in n:
        return _uint(arr, n[ms]) * 1000
    if s in n:
        return _uint(arr, n[s]) * 1_000_000
    if ns in n and arr[n[ns]].ndim == 1:
        return _ntp_us(arr, n[ns])
    if us in n and arr[n[us]].ndim == 1:
        return _ntp_us(arr, n[us])
    if up in n:
        rel = (base_ms + _uint(arr, n[up])) * 1000
        return np.where(has_base, rel, export_us) if which == "start" else np.where(has_base, rel, -1)
    if delta in n:
        return export_us - _uint(arr, n[delta])
    return None


def _ip(t: nt.Template, arr: Arr, v4: int, v6: int) -> pa.Array:
    if v4 in t.names:
        return ipv4_text(_uint(arr, t.names[v4]))
    raw = np.ascontiguousarray(arr[t.names[v6]]).view("V16").ravel()
    uniq, inv = np.unique(raw, return_inverse=True)
    text = pa.array([ipaddress.IPv6Address(bytes(u)).compressed for u in uniq], pa.string())
    return text.take(pa.array(inv.ravel()))


def ipv4_text(values: Arr) -> pa.Array:
    """Dotted-quad text of uint32 addresses, with Arrow kernels (no per-row Python).

    Flow addresses repeat (a few thousand hosts, tens of exporters): each distinct address is formatted once
    and the text is taken by index (4-10x faster than per row; at worst, all distinct, ~20% slower).
    """
    v = values.astype(np.uint32, copy=False)
    if len(v) > 2048:
        enc = pc.dictionary_encode(pa.array(v))
        return _dotted(enc.dictionary.to_numpy()).take(enc.indices)
    return _dotted(v)


def _dotted(v: Arr) -> pa.Array:
    parts = [_OCTETS.take(pa.array(((v >> s) & 255).astype(np.uint8))) for s in (24, 16, 8, 0)]
    return pc.binary_join_element_wise(*parts, ".")


_OCTETS = pa.array([str(i) for i in range(256)], pa.string())


def _opt(t: nt.Template, arr: Arr, ie: int, typ: pa.DataType) -> pa.Array:
    name = t.names.get(ie)
    if name is None:
        return pa.nulls(len(arr), typ)
    return pa.array(_uint(arr, name)).cast(typ, safe=False)


def _sum(t: nt.Template, arr: Arr, ies: tuple[int, ...]) -> pa.Array:
    parts = [_uint(arr, t.names[i]) for i in ies if i in t.names]
    if not parts:
        return pa.nulls(len(arr), pa.int64())
    total = parts[0]
    for p in parts[1:]:
        total = total + p
    return pa.array(total, pa.int64())


def columns_for(t: nt.Template, arr: Arr, export_us: Arr, base_ms: Arr, has_base: Arr) -> dict[str, pa.Array]:
    start = _time_us(t, arr, "start", export_us, base_ms, has_base)
    end = _time_us(t, arr, "end", export_us, base_ms, has_base)
    if start is None:
        start = export_us
    end_col = pa.nulls(len(arr), TS) if end is None else pa.array(end, pa.int64(), mask=end < 0).cast(TS)
    octets = (nt.IE_OCTETS,) if nt.IE_OCTETS in t.names else (nt.IE_OCTETS_TOTAL,)
    packets = (nt.IE_PACKETS,) if nt.IE_PACKETS in t.names else (nt.IE_PACKETS_TOTAL,)
    return {
        "ts": pa.array(start, pa.int64()).cast(TS),
        "ts_end": end_col,
        "source_ip": _ip(t, arr, nt.IE_SRC_V4, nt.IE_SRC_V6),
        "destination_ip": _ip(t, arr, nt.IE_DST_V4, nt.IE_DST_V6),
        "source_port": _opt(t, arr, nt.IE_SRC_PORT, pa.int32()),
        "destination_port": _opt(t, arr, nt.IE_DST_PORT, pa.int32()),
        "network_iana_number": _opt(t, arr, nt.IE_PROTO, pa.int16()),
        "network_bytes": _sum(t, arr, (*octets, nt.IE_OUT_BYTES)),
        "network_packets": _sum(t, arr, (*packets, nt.IE_OUT_PKTS)),
    }
