"""The lab's flows as IPFIX (RFC 7011): files (RFC 5655) and UDP messages for a listener or nfcapd.

Why: a carrier's routers export IPFIX, not nfdump CSV. The lab writes the same flows both ways, so the
binary path (decoder, listener, benchmark against nfdump) runs on data whose truth is known.

One template (id 256) per exporter: sourceIPv4Address(8), destinationIPv4Address(12),
sourceTransportPort(7), destinationTransportPort(11), protocolIdentifier(4), octetDeltaCount(1, 8 bytes),
packetDeltaCount(2, 8 bytes), flowStartMilliseconds(152), flowEndMilliseconds(153), exporterIPv4Address(130):
51 bytes per record, ``PER_MESSAGE`` records per message so a message fits a 1500-byte MTU. Messages to
one exporter's observation domain carry the template in the first message and every ``TEMPLATE_EVERY``
messages after (RFC 7011 section 8.4: over UDP templates are re-sent periodically).
Flows with IPv6 addresses are not written (the lab has none).
"""

from __future__ import annotations

import ipaddress
import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

TEMPLATE_ID = 256
FIELDS = ((8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 8), (2, 8), (152, 8), (153, 8), (130, 4))
DTYPE = np.dtype(
    {
        "names": ["sa", "da", "sp", "dp", "proto", "octets", "packets", "start", "end", "exporter"],
        "formats": [">u4", ">u4", ">u2", ">u2", "u1", ">u8", ">u8", ">u8", ">u8", ">u4"],
    }
)
PER_MESSAGE = 27  # 16 header + 4 set header + 27 * 51 = 1397 bytes (+ 48-byte template set when sent)
TEMPLATE_EVERY = 64


def template_set() -> bytes:
    body = struct.pack(">HH", TEMPLATE_ID, len(FIELDS)) + b"".join(struct.pack(">HH", ie, ln) for ie, ln in FIELDS)
    return struct.pack(">HH", 2, 4 + len(body)) + body


def _v4(values: pa.Array) -> np.ndarray:
    """IPv4 text -> uint32 (each distinct address converted once); non-IPv4 -> 0."""
    enc = pc.dictionary_encode(values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values)
    lut = np.array(
        [int(ipaddress.IPv4Address(s)) if s and ":" not in s else 0 for s in enc.dictionary.to_pylist()] or [0],
        dtype=np.uint32,
    )
    idx = enc.indices.fill_null(0).to_numpy(zero_copy_only=False)
    return lut[idx]


def records(flows: pa.Table) -> np.ndarray:
    """FLOWS rows (IPv4 only) as IPFIX data records of the lab template, in table order."""
    v4 = pc.invert(pc.match_substring(flows.column("source_ip"), ":"))
    v4 = pc.and_(v4, pc.invert(pc.match_substring(flows.column("destination_ip"), ":")))
    flows = flows.filter(pc.fill_null(v4, False))
    rec = np.zeros(flows.num_rows, dtype=DTYPE)

    def num(name: str) -> np.ndarray:
        return flows.column(name).fill_null(0).to_numpy()

    rec["sa"] = _v4(flows.column("source_ip"))
    rec["da"] = _v4(flows.column("destination_ip"))
    rec["sp"] = num("source_port")
    rec["dp"] = num("destination_port")
    rec["proto"] = num("network_iana_number")
    rec["octets"] = num("network_bytes")
    rec["packets"] = num("network_packets")
    start = pc.cast(flows.column("ts"), pa.int64()).to_numpy() // 1000
    end_col = pc.cast(flows.column("ts_end"), pa.int64())
    rec["start"] = start
    rec["end"] = np.where(end_col.is_null().to_numpy(zero_copy_only=False), start,
                          end_col.fill_null(0).to_numpy() // 1000)
    rec["exporter"] = _v4(pc.fill_null(flows.column("observer_name"), "0.0.0.0"))
    return rec


def messages(recs: np.ndarray, domain: int = 1, *, export_s: int | None = None,
             per_message: int = PER_MESSAGE, template_every: int = TEMPLATE_EVERY) -> Iterator[bytes]:
    """IPFIX messages carrying ``recs``; export time = the last flow end in the message unless given."""
    tset = template_set()
    raw = recs.tobytes()
    size = DTYPE.itemsize
    for i, lo in enumerate(range(0, len(recs), per_message)):
        hi = min(lo + per_message, len(recs))
        data = raw[lo * size : hi * size]
        sets = (tset if i % template_every == 0 else b"") + struct.pack(">HH", TEMPLATE_ID, 4 + len(data)) + data
        secs = export_s if export_s is not None else int(recs["end"][hi - 1] // 1000)
        yield struct.pack(">HHIII", 10, 16 + len(sets), secs, lo, domain) + sets


def write_ipfix_file(path: Path, recs: np.ndarray, domain: int = 1) -> int:
    """Write an RFC 5655 IPFIX file atomically; returns the number of messages."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    n = 0
    with tmp.open("wb") as fh:
        for msg in messages(recs, domain):
            fh.write(msg)
            n += 1
    tmp.replace(path)
    return n


def write_lab_ipfix(lab_dir: Path) -> list[Path]:
    """IPFIX files beside the lab's nfdump CSVs: ``flows-ipfix/<csv stem>.ipfix``, same flows, same order."""
    from carrierwatch.findings import InputAccount
    from carrierwatch.telemetry.flows.nfdump_csv import read_nfdump_csv

    out: list[Path] = []
    for csv in sorted((lab_dir / "flows").glob("*.csv")):
        table = read_nfdump_csv(csv, InputAccount(str(csv), "nfdump-csv"))
        target = lab_dir / "flows-ipfix" / f"{csv.stem}.ipfix"
        write_ipfix_file(target, records(table))
        out.append(target)
    return out
