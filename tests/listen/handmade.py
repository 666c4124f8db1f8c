"""Hand-built NetFlow v9 / IPFIX packets for the edge cases real exporters rarely produce on demand.

Each packet is built with ``struct`` from RFC 3954 / RFC 7011 layouts; ``edge_cases()`` returns them in the
order they go into ``fixtures/edge_cases.pcap`` with what each one tests.
"""

from __future__ import annotations

import ipaddress
import struct

T0 = 1_763_280_000  # 2025-11-16T08:00:00Z


def ip4(a: str) -> bytes:
    return ipaddress.IPv4Address(a).packed


def ipfix(sets: bytes, domain: int = 1, secs: int = T0, seq: int = 0) -> bytes:
    return struct.pack(">HHIII", 10, 16 + len(sets), secs, seq, domain) + sets


def v9(flowsets: bytes, uptime_ms: int = 60_000, secs: int = T0, source_id: int = 0) -> bytes:
    return struct.pack(">HHIIII", 9, 1, uptime_ms, secs, 0, source_id) + flowsets


def sset(set_id: int, body: bytes) -> bytes:
    return struct.pack(">HH", set_id, 4 + len(body)) + body


def tmpl(tid: int, fields: list[tuple[int, int]]) -> bytes:
    return struct.pack(">HH", tid, len(fields)) + b"".join(struct.pack(">HH", ie, ln) for ie, ln in fields)


V4_MS = [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (152, 8), (153, 8)]


def rec_v4_ms(sa: str, da: str, sp: int, dp: int, proto: int, byts: int, pkts: int, start_ms: int) -> bytes:
    return ip4(sa) + ip4(da) + struct.pack(">HHBIIQQ", sp, dp, proto, byts, pkts, start_ms, start_ms + 500)


def edge_cases() -> list[tuple[str, bytes]]:
    ms = T0 * 1000
    out: list[tuple[str, bytes]] = []
    # 1. IPFIX data before its template (waits), then the template (decoded then): 1 record
    out.append(("ipfix data before template",
                ipfix(sset(300, rec_v4_ms("10.9.0.1", "203.0.113.5", 40000, 49, 6, 900, 6, ms)))))
    out.append(("ipfix template arrives", ipfix(sset(2, tmpl(300, V4_MS)))))
    # 2. IPv6 + variable-length interfaceName (82) + 3-byte (reduced-size) octet count: 1 record
    tv6 = struct.pack(">HH", 301, 7) + b"".join(struct.pack(">HH", ie, ln) for ie, ln in
                                                 [(27, 16), (28, 16), (82, 0xFFFF), (4, 1), (1, 3), (150, 4), (151, 4)])
    name = b"Gi0/0/1"
    r6 = (ipaddress.IPv6Address("2001:db8::1").packed + ipaddress.IPv6Address("2001:db8::53").packed
          + bytes([len(name)]) + name + bytes([17]) + (70000).to_bytes(3, "big") + struct.pack(">II", T0 + 5, T0 + 6))
    out.append(("ipfix ipv6 + variable length + reduced size", ipfix(sset(2, tv6) + sset(301, r6))))
    # 3. options template with systemInitTimeMilliseconds (160), then uptime-relative flow: 1 record
    opt = struct.pack(">HHH", 302, 2, 1) + struct.pack(">HHHH", 149, 4, 160, 8)
    optdata = struct.pack(">IQ", 1, ms - 3_600_000)  # exporter booted an hour before T0
    tup = tmpl(303, [(8, 4), (12, 4), (4, 1), (22, 4), (21, 4)])
    rup = ip4("10.9.0.2") + ip4("198.51.100.69") + struct.pack(">BII", 47, 3_600_000, 3_601_000)
    out.append(("ipfix options sysInit + uptime flow",
                ipfix(sset(3, opt) + sset(302, optdata) + sset(2, tup) + sset(303, rup))))
    # 4. NetFlow v9 template + 2 records (sysUptime-relative FIRST/LAST_SWITCHED)
    t9 = tmpl(256, [(8, 4), (12, 4), (7, 2), (11, 2), (4, 1), (1, 4), (2, 4), (22, 4), (21, 4)])
    r9 = b"".join(ip4(s) + ip4("192.0.2.69") + struct.pack(">HHBIIII", 50000 + i, 69, 17, 100 * (i + 1), i + 1,
                                                          59_000, 59_500)
                  for i, s in enumerate(("10.9.0.3", "10.9.0.4")))
    out.append(("v9 template + 2 records", v9(sset(0, t9) + sset(256, r9))))
    # 5. broken ones: each counted as a rejection
    # not a flow export (version 7): the pcap reader passes it over, it is not a record
    out.append(("unknown version 7", struct.pack(">HH", 7, 0) + b"\x00" * 20))
    out.append(("truncated set (length past the end)",
                ipfix(struct.pack(">HH", 300, 200) + rec_v4_ms("10.9.0.5", "192.0.2.1", 1, 2, 6, 1, 1, ms))))
    out.append(("reserved set id 5", ipfix(sset(5, b"\x00" * 8))))
    out.append(("malformed template (id < 256)", ipfix(sset(2, tmpl(7, V4_MS)))))
    out.append(("template without addresses: its record", ipfix(sset(2, tmpl(304, [(7, 2), (11, 2)]))
                                                                + sset(304, struct.pack(">HH", 1, 2)))))
    out.append(("v9 data whose template never comes", v9(sset(999, b"\x01" * 24), source_id=3)))
    out.append(("truncated v5 (header says 2 records, 1 present)",
                struct.pack(">HHIIIIBBH", 5, 2, 60_000, T0, 0, 0, 0, 0, 0)
                + ip4("10.9.0.6") + ip4("192.0.2.7") + b"\x00" * 4 + struct.pack(">HHIIIIHHBBBBHHBBH", 1, 2, 3, 300,
                                                                                 59_000, 59_900, 1234, 22, 0, 0x18, 6,
                                                                                 0, 0, 0, 24, 24, 0)))
    out.append(("ipfix template withdrawal, then data for it waits (never resolved)",
                ipfix(struct.pack(">HHHH", 2, 8, 300, 0)
                      + sset(300, rec_v4_ms("10.9.0.8", "192.0.2.8", 1, 2, 6, 1, 1, ms)))))
    return out
