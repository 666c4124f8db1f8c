"""Replay a lab's syslog and IPFIX to a listener over the network (loopback in tests and demos).

Why: the live path (``carrierwatch listen``) should be exercised with data whose truth is known. Syslog
files are sent line by line as written (the relay header stays: the listener's reader takes it as it
would from a file); TCP uses newline framing or RFC 6587 octet counting, UDP one datagram per line.
IPFIX: the lab's ``flows-ipfix/*.ipfix`` files (RFC 5655: a sequence of messages) are sent one message
per datagram, in order, the template first as the exporter would.

``rate`` (messages or datagrams per second, 0 = as fast as possible) paces the sender in 10 ms slices.
"""

from __future__ import annotations

import socket
import struct
import time
from collections.abc import Iterable, Iterator
from pathlib import Path


def _pace(items: Iterable[bytes], rate: float) -> Iterator[bytes]:
    if rate <= 0:
        yield from items
        return
    start = time.perf_counter()
    for i, item in enumerate(items):
        due = start + i / rate
        delay = due - time.perf_counter()
        if delay > 0.01:
            time.sleep(delay)
        yield item


def syslog_lines(lab_dir: Path) -> Iterator[bytes]:
    for f in sorted((lab_dir / "syslog").glob("*.log")):
        with f.open("rb") as fh:
            for line in fh:
                line = line.rstrip(b"\r\n")
                if line:
                    yield line


def ipfix_messages(lab_dir: Path) -> Iterator[bytes]:
    for f in sorted((lab_dir / "flows-ipfix").glob("*.ipfix")):
        data = f.read_bytes()
        pos = 0
        while pos + 4 <= len(data):
            (length,) = struct.unpack_from(">H", data, pos + 2)
            if length < 16:
                break
            yield data[pos : pos + length]
            pos += length


def send_tcp(host: str, port: int, lines: Iterable[bytes], *, octet_count: bool = False, rate: float = 0) -> int:
    """Send lines over one TCP connection; with ``rate``, in 10 ms slices of ``rate / 100`` messages."""
    n = 0
    per = max(1, int(rate / 100)) if rate > 0 else 256
    buf: list[bytes] = []
    start = time.perf_counter()
    with socket.create_connection((host, port)) as s:
        for line in lines:
            buf.append(b"%d %s" % (len(line), line) if octet_count else line + b"\n")
            n += 1
            if len(buf) >= per:
                if rate > 0:
                    delay = start + (n - len(buf)) / rate - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
                s.sendall(b"".join(buf))
                buf.clear()
        if buf:
            s.sendall(b"".join(buf))
    return n


def send_udp(host: str, port: int, datagrams: Iterable[bytes], *, rate: float = 0) -> int:
    n = 0
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        for d in _pace(datagrams, rate):
            s.sendto(d, (host, port))
            n += 1
    return n
