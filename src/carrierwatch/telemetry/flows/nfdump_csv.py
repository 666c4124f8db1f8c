"""nfdump CSV exports (``nfdump -r FILE -o csv``) -> the FLOWS Arrow table.

Header dialects, both matched by column *name* (so column order and extra columns do not matter):

* nfdump 1.6 / early 1.7 (``output_csv.c`` ``csv_prolog``): ``ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,
  ipkt,ibyt,opkt,obyt,in,out,sas,das,...,ra,eng,exid,tr``;
* nfdump 1.7.5+ configurable CSV (``formatTable[].csvHeader`` in ``src/output/output_csv.c``):
  ``firstSeen,lastSeen,duration,proto,srcAddr,dstAddr,srcPort,dstPort,packets|inPackets,bytes|inBytes,
  routerIP,...``.

Rules: the header line, repeated header lines (nfdump starts a new block with a new header) and
everything from the ``Summary`` trailer on are not records; a ``No matched flows`` line is not a
record. Times are ``YYYY-MM-DD HH:MM:SS[.fff]`` in the time zone nfdump ran in: taken as UTC (run
nfdump with ``TZ=UTC``) — raw epoch seconds are accepted too. ``network_bytes`` / ``network_packets``
are in + out counters (out is 0 for unidirectional NetFlow). ``observer_name`` is the exporter
(``ra``/``routerIP``) unless it is 0.0.0.0. ICMP flows whose port column reads ``type.code`` get no
port. Rejections: ``wrong field count``, ``unparsable timestamp``, ``invalid IP address``,
``invalid port``, ``invalid number``, ``unknown protocol``.

The Zeek readers live in :mod:`carrierwatch.telemetry.flows.zeek`.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.addresses import canonical_ip
from carrierwatch.telemetry.columns import BATCH_ROWS, ColumnBatches
from carrierwatch.telemetry.flows.protocols import protocol_number
from carrierwatch.telemetry.schema import FLOWS
from carrierwatch.telemetry.textfile import numbered_lines, open_text
from carrierwatch.telemetry.timestamps import epoch_to_us, iso_to_us
from carrierwatch.values import UINT64_MAX, BadValue, ascii_int, finite_float, is_ascii_digits

#: FLOWS-side name -> nfdump header names (1.6 short, 1.7.5+ long)
NFDUMP_COLUMNS: dict[str, tuple[str, ...]] = {
    "ts": ("ts", "firstSeen", "tfs"),
    "te": ("te", "lastSeen"),
    "sa": ("sa", "srcAddr"),
    "da": ("da", "dstAddr"),
    "sp": ("sp", "srcPort"),
    "dp": ("dp", "dstPort"),
    "pr": ("pr", "proto"),
    "ipkt": ("ipkt", "inPackets", "packets", "pkt"),
    "opkt": ("opkt", "outPackets"),
    "ibyt": ("ibyt", "inBytes", "bytes", "byt"),
    "obyt": ("obyt", "outBytes"),
    "ra": ("ra", "routerIP"),
}
_REQUIRED = ("ts", "sa", "da", "pr")


class FlowReject(ValueError):
    """A field that makes the record unusable; the message is the rejection reason."""


def header_index(fields: list[str]) -> dict[str, int] | None:
    """Map an nfdump CSV header to column positions, or None if it is not one."""
    pos = {f.strip(): i for i, f in enumerate(fields)}
    idx: dict[str, int] = {}
    for key, names in NFDUMP_COLUMNS.items():
        for nm in names:
            if nm in pos:
                idx[key] = pos[nm]
                break
    return idx if all(k in idx for k in _REQUIRED) else None


def time_us(text: str) -> int:
    t = text.strip()
    try:
        return epoch_to_us(t) if is_ascii_digits(t.replace(".", "", 1)) else iso_to_us(t)
    except ValueError as exc:
        raise FlowReject("unparsable timestamp") from exc


def ip_field(text: str) -> str:
    ip = canonical_ip(text.strip())
    if ip is None:
        raise FlowReject("invalid IP address")
    return ip


def port_field(text: str | None) -> int | None:
    if text is None:
        return None
    t = text.strip()
    if not t or t == "-":
        return None
    if is_ascii_digits(t):
        try:
            return ascii_int(t, lo=0, hi=65535)
        except BadValue:
            raise FlowReject("invalid port") from None
    if is_ascii_digits(t.replace(".", "", 1)):  # ICMP type.code
        return None
    raise FlowReject("invalid port")


def count_field(text: str | None) -> int | None:
    if text is None:
        return None
    t = text.strip()
    if not t or t == "-":
        return None
    try:  # nfdump may scale big numbers ("1.2 M") in non-csv modes; csv is unscaled, but be safe
        if is_ascii_digits(t):
            return ascii_int(t, lo=0, hi=UINT64_MAX >> 1)
        return int(finite_float(t, bound=float(UINT64_MAX >> 1)))
    except BadValue as exc:
        raise FlowReject("invalid number") from exc


def read_nfdump_csv(path: Path, account: InputAccount, *, display_path: str | None = None) -> pa.Table:
    fh = open_text(path, account)
    if fh is None:
        return FLOWS.empty_table()
    src = display_path or str(path)
    out = ColumnBatches(FLOWS)
    idx: dict[str, int] | None = None
    width = 0
    with fh:
        for n, line in numbered_lines(fh, account):
            if not line.strip():
                continue
            if line.startswith("Summary"):
                break
            if line.startswith("No matched flows"):
                continue
            fields = line.split(",")
            h = header_index(fields) if not fields[0][:1].isdigit() else None
            if h is not None:
                idx, width = h, len(fields)
                continue
            if idx is None:
                account.reject("no header", n)
                continue
            if len(fields) != width:
                account.reject("wrong field count", n)
                continue
            try:
                row = _nfdump_row(fields, idx, line, src, n)
            except FlowReject as exc:
                account.reject(str(exc), n)
                continue
            for col, cell in zip(out.cols, row, strict=True):
                col.append(cell)
            account.accept()
            if len(out) >= BATCH_ROWS:
                out.flush()
    return out.table()


def _nfdump_row(f: list[str], idx: dict[str, int], line: str, src: str, n: int) -> tuple[object, ...]:
    def get(key: str) -> str | None:
        i = idx.get(key)
        return f[i] if i is not None else None

    ts = time_us(f[idx["ts"]])
    te_text = get("te")
    te = time_us(te_text) if te_text and te_text.strip() else None
    sa = ip_field(f[idx["sa"]])
    da = ip_field(f[idx["da"]])
    proto = protocol_number(f[idx["pr"]], ipv6=":" in sa)
    if proto is None:
        raise FlowReject("unknown protocol")
    ib, ob = count_field(get("ibyt")), count_field(get("obyt"))
    ip_, op = count_field(get("ipkt")), count_field(get("opkt"))
    ra = get("ra")
    observer = canonical_ip(ra.strip()) if ra else None
    if observer in ("0.0.0.0", "::"):
        observer = None
    return (
        ts,
        te,
        sa,
        port_field(get("sp")),
        da,
        port_field(get("dp")),
        proto,
        None if ib is None and ob is None else (ib or 0) + (ob or 0),
        None if ip_ is None and op is None else (ip_ or 0) + (op or 0),
        observer,
        line,
        src,
        n,
    )
