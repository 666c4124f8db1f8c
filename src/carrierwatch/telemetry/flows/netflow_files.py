"""NetFlow/IPFIX on disk -> the FLOWS table: IPFIX files (RFC 5655) and pcap captures of export packets.

* IPFIX file (RFC 5655 section 6: a file is a plain sequence of IPFIX messages, each carrying its own
  length): messages are cut by their length field. A length that is too small or runs past the end of
  the file is rejected as ``truncated packet`` and ends the file (no resynchronisation: what follows
  cannot be trusted), so a truncated file keeps every complete message before the cut.
* pcap (libpcap format, https://wiki.wireshark.org/Development/LibpcapFileFormat; micro- and nanosecond
  magic, either byte order; link types Ethernet (with 802.1Q tags), BSD loopback, raw IP, Linux SLL and
  SLL2): every UDP payload that starts with NetFlow version 5, 9 or 10 goes to the decoder with the IP
  source as exporter. Other packets (not UDP, or UDP that is not a flow export) are not records. A cut-off last
  packet is ``truncated packet``. pcapng is not read: the file is one rejection saying so; a file that is
  not a pcap at all is one ``not a pcap file`` rejection.

NetFlow v5/v9 have no message length (v9 counts records, not bytes), so a bare stream of them is not
a file format: capture them as pcap.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.flows.netflow_batch import decode_ipfix_messages
from carrierwatch.telemetry.flows.netflow_decode import FlowDecoder
from carrierwatch.telemetry.schema import FLOWS

PCAP_MAGICS = {b"\xd4\xc3\xb2\xa1": "<", b"\xa1\xb2\xc3\xd4": ">", b"\x4d\x3c\xb2\xa1": "<", b"\xa1\xb2\x3c\x4d": ">"}
PCAPNG_MAGIC = b"\x0a\x0d\x0d\x0a"
#: decode this many messages between checks whether a batch is full (~100,000 records of a full-MTU exporter)
BATCH_MESSAGES = 4096
#: records per table yielded by :func:`iter_ipfix_file`
BATCH_RECORDS = 1 << 19


def looks_like_ipfix(head: bytes) -> bool:
    """An IPFIX message header: version 10, a sane length, a set header right after it."""
    if len(head) < 20 or head[:2] != b"\x00\x0a":
        return False
    (length,) = struct.unpack_from(">H", head, 2)
    (set_id,) = struct.unpack_from(">H", head, 16)
    return length >= 20 and (set_id in (2, 3) or set_id >= 256)


def read_ipfix_file(path: Path, account: InputAccount, *, display_path: str | None = None) -> pa.Table:
    tables = list(iter_ipfix_file(path, account, display_path=display_path))
    if not tables:
        return FLOWS.empty_table()
    return pa.concat_tables(tables) if len(tables) > 1 else tables[0]


def iter_ipfix_file(path: Path, account: InputAccount, *, display_path: str | None = None,
                    batch_records: int = BATCH_RECORDS) -> Iterator[pa.Table]:
    """The file's flows as FLOWS tables of about ``batch_records`` rows each, in file order (so a caller can
    store one batch while the next is decoded); the account is complete once the iterator is exhausted."""
    data = _read(path, account)
    if data is None:
        return
    dec = FlowDecoder(account, display_path or str(path))
    offs, lens, cut = ipfix_message_bounds(data)
    o, n = np.array(offs, dtype=np.int64), np.array(lens, dtype=np.int64)
    step = max(1, min(BATCH_MESSAGES, batch_records // 16))
    for a in range(0, len(o), step):
        decode_ipfix_messages(dec, data, o[a : a + step], n[a : a + step])
        if dec.buffered >= batch_records:
            yield dec.table()
    if cut:
        account.reject("truncated packet", dec.records + 1)
    dec.close()
    last = dec.table()
    if last.num_rows:
        yield last


def ipfix_message_bounds(data: bytes) -> tuple[list[int], list[int], bool]:
    """Offsets and lengths of the whole IPFIX messages at the start of ``data``; True if it ends in a cut."""
    offs: list[int] = []
    lens: list[int] = []
    unpack = struct.unpack_from
    pos, end = 0, len(data)
    while pos < end:
        if end - pos < 16:
            return offs, lens, True
        version, length = unpack(">HH", data, pos)
        if version != 10 or length < 16 or pos + length > end:
            return offs, lens, True
        offs.append(pos)
        lens.append(length)
        pos += length
    return offs, lens, False


def read_pcap_flows(path: Path, account: InputAccount, *, display_path: str | None = None) -> pa.Table:
    data = _read(path, account)
    if data is None:
        return FLOWS.empty_table()
    dec = FlowDecoder(account, display_path or str(path))
    for payload, exporter in pcap_udp_payloads(data, account):
        dec.packet(payload, exporter)
    dec.close()
    return dec.table()


def pcap_udp_payloads(data: bytes, account: InputAccount) -> list[tuple[bytes, str]]:
    """(UDP payload, IP source) of every UDP packet in a pcap; problems are noted in ``account``."""
    if not data:
        return []
    if data[:4] == PCAPNG_MAGIC:
        account.reject("pcapng is not supported (convert: editcap -F pcap)", None)
        return []
    endian = PCAP_MAGICS.get(data[:4])
    if endian is None or len(data) < 24:
        account.reject("not a pcap file", None)
        return []
    (linktype,) = struct.unpack_from(endian + "I", data, 20)
    out: list[tuple[bytes, str]] = []
    pos = 24
    while pos < len(data):
        if len(data) - pos < 16:
            account.reject("truncated packet", None)
            break
        _s, _us, incl, _orig = struct.unpack_from(endian + "IIII", data, pos)
        pos += 16
        if pos + incl > len(data):
            account.reject("truncated packet", None)
            break
        frame = data[pos : pos + incl]
        pos += incl
        got = _udp(frame, linktype)
        if got is not None and got[0][:2] in (b"\x00\x05", b"\x00\x09", b"\x00\x0a"):
            out.append(got)  # other UDP (DNS, syslog, ...) in the capture is not a flow export: not a record
    return out


def _udp(frame: bytes, linktype: int) -> tuple[bytes, str] | None:
    off, ethertype = 0, None
    if linktype == 1:  # Ethernet
        off, (ethertype,) = 14, struct.unpack_from(">H", frame, 12) if len(frame) >= 14 else (None,)
        while ethertype in (0x8100, 0x88A8) and len(frame) >= off + 4:
            (ethertype,) = struct.unpack_from(">H", frame, off + 2)
            off += 4
    elif linktype == 0:  # BSD loopback: 4-byte family
        off = 4
    elif linktype == 113:
        off = 16
        ethertype = struct.unpack_from(">H", frame, 14)[0] if len(frame) >= 16 else None
    elif linktype == 276:
        off = 20
        ethertype = struct.unpack_from(">H", frame, 0)[0] if len(frame) >= 20 else None
    elif linktype != 101:
        return None
    ip = frame[off:]
    if not ip:
        return None
    version = ip[0] >> 4
    if version == 4 and len(ip) >= 20 and ethertype in (None, 0x0800):
        ihl = (ip[0] & 15) * 4
        if ip[9] != 17 or len(ip) < ihl + 8:
            return None
        src = ".".join(str(b) for b in ip[12:16])
        udp = ip[ihl:]
    elif version == 6 and len(ip) >= 48 and ethertype in (None, 0x86DD):
        if ip[6] != 17:
            return None
        import ipaddress

        src = ipaddress.IPv6Address(ip[8:24]).compressed
        udp = ip[40:]
    else:
        return None
    (ulen,) = struct.unpack_from(">H", udp, 4)
    return udp[8 : max(ulen, 8)], src


def _read(path: Path, account: InputAccount) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        account.error = f"unreadable: {exc.strerror or exc.__class__.__name__}"
        return None
