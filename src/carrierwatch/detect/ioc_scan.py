"""Bulk IP-indicator scan of any registered table: set-at-a-time, sized for 10^7 flow records x 10^5 indicators.

The hunt runner classifies each distinct address in Python (allow-lists need it); a bulk scan cannot afford
that. Steps, each one join:
1. the engine computes the distinct addresses of the chosen fields (materialised once, as Arrow);
2. exact IPv4/IPv6 indicators: hash join on the canonical text (readers and indicators both canonicalise);
3. IPv4 CIDRs: integer keys for the distinct IPv4 addresses, computed vectorised in Arrow, then an *equi*-join on
   a /16 bucket (``ip4 >> 16``; every CIDR of prefix >= 8 is listed under each /16 it covers, at most 256) with
   the ``BETWEEN`` check as a filter — the bucketed range join of docs/intel.md. CIDRs wider than /8 (rare) and IPv6
   CIDRs (over the two sign-flipped 64-bit halves, few distinct IPv6 addresses in practice) use a plain range join;
4. the hit table (distinct address x indicator, small) is materialised and hash-joined back to each field.
The SQL is plain (no engine-specific functions), so the same scan runs on DuckDB and Spark.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from carrierwatch.detect.ioc import ip_key_table
from carrierwatch.engine.base import Engine
from carrierwatch.intel.indicators import Indicator, indicators_to_arrow

_COLS = "i.indicator_id, i.value, i.kind, i.source AS feed, i.tlp, i.warning"
_BUCKET = 1 << 16
_WIDE = 256  # a CIDR covering more /16 buckets than this (prefix < 8) goes to the plain range join


def ipv4_keys(ips: pa.Array) -> pa.Table:
    """(ip, ip4, b) for the IPv4 strings in ``ips``, vectorised; strings that are not dotted quads are dropped."""
    v4 = pc.filter(ips, pc.invert(pc.match_substring(ips, ":")))
    parts = pc.split_pattern(v4, ".")
    ok = pc.equal(pc.list_value_length(parts), 4)
    v4, parts = pc.filter(v4, ok), pc.filter(parts, ok)
    try:
        q = np.asarray(pc.cast(pc.list_flatten(parts), pa.int64()), dtype=np.int64).reshape(-1, 4)
    except pa.ArrowInvalid:  # a non-numeric octet somewhere: the exact Python parser decides, per value
        keyed = ip_key_table([s for s in v4.to_pylist() if s])
        keyed = keyed.filter(pc.is_valid(keyed["ip4"]))
        return pa.table({"ip": keyed["ip"], "ip4": keyed["ip4"], "b": pc.shift_right(keyed["ip4"], 16)})
    valid = np.all((q >= 0) & (q <= 255), axis=1)
    ip4 = (q[:, 0] << 24 | q[:, 1] << 16 | q[:, 2] << 8 | q[:, 3])[valid]
    return pa.table({"ip": pc.filter(v4, pa.array(valid)), "ip4": pa.array(ip4, pa.int64()),
                     "b": pa.array(ip4 >> 16, pa.int64())})


def cidr4_buckets(ind: pa.Table) -> tuple[pa.Table, pa.Table]:
    """(bucketed CIDRs with a ``b`` column, wide CIDRs) from the IPv4 CIDR rows of an indicator table."""
    c4 = ind.filter(pc.and_(pc.equal(ind["kind"], "cidr4"), pc.equal(ind["grp_size"], 1)))
    lo = np.asarray(c4["lo"].to_numpy(zero_copy_only=False), dtype=np.int64)
    hi = np.asarray(c4["hi"].to_numpy(zero_copy_only=False), dtype=np.int64)
    nb = (hi >> 16) - (lo >> 16) + 1
    narrow = nb <= _WIDE
    rows = np.repeat(np.nonzero(narrow)[0], nb[narrow])
    starts = np.repeat((lo >> 16)[narrow], nb[narrow])
    offsets = np.arange(len(rows)) - np.repeat(np.cumsum(nb[narrow]) - nb[narrow], nb[narrow])
    bucketed = c4.take(pa.array(rows, pa.int64())).append_column("b", pa.array(starts + offsets, pa.int64()))
    return bucketed, c4.filter(pa.array(~narrow))


def scan_ip_fields(engine: Engine, table: str, fields: Sequence[str], indicators: list[Indicator] | pa.Table,
                   *, prefix: str = "scan") -> pa.Table:
    """Rows (src_file, src_line, field, ip, indicator_id, value, kind, feed, tlp, warning) for every address field
    of ``table`` that equals or falls in an IP indicator. ``indicators`` may be pre-built Arrow."""
    ind = indicators if isinstance(indicators, pa.Table) else indicators_to_arrow(indicators)
    union = " UNION ALL ".join(f"SELECT {f} AS ip FROM {table}" for f in fields)
    distinct = engine.query(f"SELECT DISTINCT ip FROM ({union}) t WHERE ip IS NOT NULL")["ip"]
    distinct = distinct.combine_chunks() if isinstance(distinct, pa.ChunkedArray) else distinct
    bucketed, wide = cidr4_buckets(ind)
    v6 = pc.filter(distinct, pc.match_substring(distinct, ":")).to_pylist()
    for name, data in [("ind", ind), ("distinct", pa.table({"ip": distinct})), ("k4", ipv4_keys(distinct)),
                       ("k6", ip_key_table(v6)), ("c4", bucketed), ("w4", wide)]:
        engine.register_arrow(f"{prefix}_{name}", data)
    hits_sql = f"""
SELECT k.ip, {_COLS} FROM {prefix}_distinct k JOIN {prefix}_ind i
  ON i.value = k.ip AND i.kind IN ('ipv4', 'ipv6') AND i.grp_size = 1
UNION ALL
SELECT k.ip, {_COLS} FROM {prefix}_k4 k JOIN {prefix}_c4 i ON i.b = k.b AND k.ip4 BETWEEN i.lo AND i.hi
UNION ALL
SELECT k.ip, {_COLS} FROM {prefix}_k4 k JOIN {prefix}_w4 i ON k.ip4 BETWEEN i.lo AND i.hi
UNION ALL
SELECT k.ip, {_COLS} FROM {prefix}_k6 k JOIN {prefix}_ind i ON i.kind = 'cidr6' AND i.grp_size = 1
  AND k.h6 BETWEEN i.h6lo AND i.h6hi
  AND (k.h6 > i.h6lo OR k.l6 >= i.l6lo) AND (k.h6 < i.h6hi OR k.l6 <= i.l6hi)
"""
    engine.register_arrow(f"{prefix}_hits", engine.query(hits_sql))
    parts = [f"""SELECT t.src_file, t.src_line, '{table}.{f}' AS field, h.ip, h.indicator_id, h.value, h.kind,
  h.feed, h.tlp, h.warning FROM {table} t JOIN {prefix}_hits h ON h.ip = t.{f}""" for f in fields]
    return engine.query(" UNION ALL ".join(parts))
