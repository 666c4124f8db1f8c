"""Write small Ethernet/IPv4 pcaps with the stdlib (for softflowd, and for the pcap flow reader).

Each flow is (src, dst, proto, sport, dport, packets, payload bytes per packet); packets are spaced
10 ms apart starting at ``start`` (epoch seconds). TCP packets carry ACK|PSH; checksums are zero
(softflowd does not verify them).
"""

from __future__ import annotations

import ipaddress
import struct
from pathlib import Path

Flow = tuple[str, str, int, int, int, int, int]


def ipv4_packet(src: str, dst: str, proto: int, payload: bytes) -> bytes:
    total = 20 + len(payload)
    hdr = struct.pack(">BBHHHBBH4s4s", 0x45, 0, total, 0, 0, 64, proto, 0,
                      ipaddress.IPv4Address(src).packed, ipaddress.IPv4Address(dst).packed)
    return hdr + payload


def l4(proto: int, sport: int, dport: int, data: bytes) -> bytes:
    if proto == 6:
        return struct.pack(">HHIIBBHHH", sport, dport, 1, 1, 5 << 4, 0x18, 65535, 0, 0) + data
    if proto == 17:
        return struct.pack(">HHHH", sport, dport, 8 + len(data), 0) + data
    return data


def write_pcap(path: Path, flows: list[Flow], start: float = 1_763_280_000.0, *, linktype: int = 1) -> int:
    """Write the flows' packets; returns the number of packets."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)]
    t = start
    n = 0
    for src, dst, proto, sport, dport, pkts, size in flows:
        for _ in range(pkts):
            ip = ipv4_packet(src, dst, proto, l4(proto, sport, dport, b"x" * size))
            eth = b"\x00\x11\x22\x33\x44\x55" + b"\x66\x77\x88\x99\xaa\xbb" + b"\x08\x00"
            frame = eth + ip if linktype == 1 else ip
            sec = int(t)
            out.append(struct.pack("<IIII", sec, int((t - sec) * 1e6), len(frame), len(frame)) + frame)
            t += 0.01
            n += 1
    path.write_bytes(b"".join(out))
    return n


def write_udp_pcap(path: Path, payloads: list[tuple[str, bytes]], start: float = 1_763_280_000.0) -> None:
    """A pcap of UDP datagrams (exporter address, payload) to port 2055: NetFlow export captured on the wire."""
    flows_out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)]
    for i, (src, payload) in enumerate(payloads):
        ip = ipv4_packet(src, "192.0.2.250", 17, l4(17, 40000, 2055, payload))
        frame = b"\x00" * 12 + b"\x08\x00" + ip
        flows_out.append(struct.pack("<IIII", int(start) + i, 0, len(frame), len(frame)) + frame)
    path.write_bytes(b"".join(flows_out))
