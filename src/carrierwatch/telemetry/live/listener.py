"""``carrierwatch listen``: syslog over UDP, TCP and TLS, NetFlow v5/v9/IPFIX over UDP, into the lake in batches.

Why this design: what a listener accepted must survive a stop. Every message is appended to the on-disk
spool (:mod:`carrierwatch.telemetry.live.spool`) the moment it is read from the socket; every ``batch_seconds``
the spool is rotated and a worker thread parses the batch into the lake
(:mod:`carrierwatch.telemetry.live.ingest`). So:

* graceful stop (SIGINT/SIGTERM or ``duration``): stop accepting connections, read what is still queued,
  give open TCP/TLS senders ``grace_seconds`` to finish, flush partial frames, ingest the last batch:
  nothing accepted is lost;
* a killed listener loses at most what it had read but not yet written to the spool (one socket read) and
  whatever the kernel still held; the spool it left is found, ingested and reported at the next start.

Framing (RFC 6587 section 3.4): a TCP/TLS connection whose first byte is a digit uses octet counting
(``LEN SP MSG``), otherwise newline framing (LF; a trailing CR is the reader's business). A frame header
that is not a number switches the connection to newline framing and counts one ``bad frame`` rejection.
UDP: one datagram = one message (RFC 5426); trailing LF/NUL removed. Blank newline-framed lines are not
messages. Messages longer than ``MAX_MESSAGE`` bytes without a LF are cut there (counted as received).
Every framing is capped: an octet-counted frame announcing more than ``MAX_MESSAGE`` bytes (a header may
say 99,999,999,999) is cut at ``MAX_MESSAGE`` like a newline-framed one, and the rest of that frame is read
and discarded as it arrives, never buffered (counted in ``oversized``): what a connection holds in memory
is at most ``MAX_MESSAGE`` plus one socket read.

Hostile input never stops the collector: a batch whose ingest fails goes whole to the quarantine with its
reason (:func:`carrierwatch.telemetry.live.ingest.guarded`), at run time and at start-up recovery alike.

Counters (shown every ``stats_every`` seconds and at shutdown, and kept in ``spool/listen-state.json``):
received, parsed, rejected, dropped (kernel UDP receive-buffer drops, :mod:`udpdrops`), plus NetFlow
packets/records/rejections and batches written.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import ssl
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.flows.netflow_decode import FlowDecoder
from carrierwatch.telemetry.live.ingest import BatchResult, guarded, ingest_netflow, ingest_syslog, load_templates
from carrierwatch.telemetry.live.spool import Spool
from carrierwatch.telemetry.live.udpdrops import socket_inode, udp_drops
from carrierwatch.telemetry.quarantine import Quarantine

MAX_MESSAGE = 64 * 1024
UDP_RCVBUF = 8 * 1024 * 1024


@dataclass
class ListenConfig:
    host: str = "127.0.0.1"
    syslog_udp: int | None = None
    syslog_tcp: int | None = None
    syslog_tls: int | None = None
    tls_cert: Path | None = None
    tls_key: Path | None = None
    netflow_udp: int | None = None
    batch_seconds: float = 2.0
    stats_every: float = 5.0
    duration: float | None = None
    grace_seconds: float = 2.0
    default_year: int | None = None


@dataclass
class Counters:
    received: int = 0
    parsed: int = 0
    rejected: int = 0
    dropped: int = 0
    flow_packets: int = 0
    flow_records: int = 0
    flow_rejected: int = 0
    flow_duplicates: int = 0  # NetFlow/IPFIX packets delivered twice (not decoded again)
    batches: int = 0
    connections: int = 0
    recovered_batches: int = 0
    quarantined_batches: int = 0  # batches whose ingest failed: moved whole to the quarantine with the reason
    oversized: int = 0  # octet-counted frames longer than MAX_MESSAGE (cut; the rest discarded unbuffered)


@dataclass
class _State:
    ports: dict[str, int] = field(default_factory=dict)
    inodes: list[int] = field(default_factory=list)
    drops: dict[int, int] = field(default_factory=dict)


class Listener:
    def __init__(self, root: Path, lake: Path, cfg: ListenConfig, say: Callable[[str], None] = print) -> None:
        self.cfg = cfg
        self.lake = lake
        self.say = say
        self.spool_dir = root / "spool"
        self.syslog = Spool(self.spool_dir / "syslog", senders=True)
        self.netflow = Spool(self.spool_dir / "netflow")
        self.quarantine = Quarantine(root)
        self.decoder = FlowDecoder(InputAccount("listen:netflow", "netflow"), "listen:netflow", dedupe_window=65536)
        self.counters = Counters()
        self.state = _State()
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest")
        self.inflight: list[Future[BatchResult]] = []
        self.streams: set[_SyslogStream] = set()
        self.stopping: asyncio.Event | None = None
        self.notes: list[str] = []

    # ---- state file ----------------------------------------------------------------------------------
    @property
    def state_path(self) -> Path:
        return self.spool_dir / "listen-state.json"

    def _write_state(self, running: bool) -> None:
        data = {"pid": os.getpid(), "running": running, "ports": self.state.ports,
                "counters": asdict(self.counters), "updated": time.time(), "notes": self.notes}
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, self.state_path)

    # ---- recovery ------------------------------------------------------------------------------------
    def recover(self) -> None:
        """Ingest what a previous listener left in the spool, and say what happened to it."""
        self.spool_dir.mkdir(parents=True, exist_ok=True)
        prev: dict[str, Any] = {}
        if self.state_path.exists():
            try:
                prev = json.loads(self.state_path.read_text(encoding="utf-8"))
            except ValueError:
                prev = {"running": True}
        load_templates(self.netflow.folder, self.decoder)
        left_s, left_n = self.syslog.leftovers(), self.netflow.leftovers()
        if prev.get("running"):
            msg = (f"previous listener (pid {prev.get('pid')}) did not stop cleanly: "
                   f"{len(left_s) + len(left_n)} unfinished batch(es) found in the spool")
            pc = prev.get("counters", {})
            msg += (f"; at its last checkpoint it had received {pc.get('received', '?')} syslog messages and "
                    f"{pc.get('flow_packets', '?')} NetFlow packets; anything read from a socket but not yet "
                    "spooled when it was killed (at most one read per socket) is lost")
            self.notes.append(msg)
            self.say(msg)
        for path in left_s:
            self._recovered(self._syslog_batch(path), "syslog", path)
        for path in left_n:
            self._recovered(self._netflow_batch(path), "netflow", path)

    def _recovered(self, r: BatchResult, kind: str, path: Path) -> None:
        self.counters.recovered_batches += 1
        msg = f"recovered {kind} batch {path.name}: {r.accepted} parsed, {r.rejected} rejected"
        if r.quarantined:
            msg += f" (quarantined: {r.quarantined})"
        self.notes.append(msg)
        self.say(msg)

    def _syslog_batch(self, path: Path) -> BatchResult:
        r = guarded("syslog", path, self.quarantine,
                    lambda: ingest_syslog(path, self.lake, self.quarantine, self.cfg.default_year))
        self._quarantined(r, "syslog", path)
        return r

    def _netflow_batch(self, path: Path) -> BatchResult:
        r = guarded("netflow", path, self.quarantine,
                    lambda: ingest_netflow(path, self.lake, self.quarantine, self.decoder))
        self._quarantined(r, "netflow", path)
        return r

    def _quarantined(self, r: BatchResult, kind: str, path: Path) -> None:
        if r.quarantined:
            self.counters.quarantined_batches += 1
            msg = f"{kind} batch {path.name} could not be ingested ({r.quarantined}): moved to the quarantine"
            self.notes.append(msg)
            self.say(msg)

    # ---- receiving -----------------------------------------------------------------------------------
    def syslog_chunk(self, chunk: bytes, peer: str) -> None:
        """Newline-framed bytes (ending in LF) from one sender."""
        lines = chunk.count(b"\n")
        messages = lines
        if chunk[:1].isspace() or any(p in chunk for p in (b"\n\n", b"\n\r", b"\n ", b"\n\t")):
            messages = sum(1 for ln in chunk.split(b"\n")[:-1] if ln.strip())  # blank lines are not messages
        self.syslog.write(chunk, lines, peer)
        self.counters.received += messages

    def syslog_message(self, msg: bytes, peer: str) -> None:
        msg = msg.rstrip(b"\r\n\x00").replace(b"\n", b" ")
        if not msg.strip():
            return
        self.syslog.write(msg + b"\n", 1, peer)
        self.counters.received += 1

    def flow_packet(self, data: bytes, peer: str) -> None:
        self.netflow.write_packet(data, peer)
        self.counters.flow_packets += 1

    # ---- batches -------------------------------------------------------------------------------------
    def rotate(self) -> None:
        for spool, fn in ((self.syslog, self._ingest_syslog), (self.netflow, self._ingest_netflow)):
            path = spool.rotate()
            if path is not None:
                fut = self.pool.submit(fn, path)
                fut.add_done_callback(self._done)
                self.inflight.append(fut)
        self.inflight = [f for f in self.inflight if not f.done()]

    def _ingest_syslog(self, path: Path) -> BatchResult:
        r = self._syslog_batch(path)
        self.counters.parsed += r.accepted
        self.counters.rejected += r.rejected
        return r

    def _ingest_netflow(self, path: Path) -> BatchResult:
        r = self._netflow_batch(path)
        self.counters.flow_records += r.accepted
        self.counters.flow_rejected += r.rejected
        self.counters.flow_duplicates = self.decoder.duplicates
        return r

    def _done(self, fut: Future[BatchResult]) -> None:
        exc = fut.exception()
        if exc is not None:  # the batch stays in the spool and is retried at the next start
            self.say(f"batch ingest failed ({exc.__class__.__name__}: {exc}); the batch stays in the spool")
            return
        self.counters.batches += 1

    def update_drops(self) -> None:
        """Sum the kernel drop counters of our UDP sockets (kept per socket: a closed one keeps its last)."""
        for inode in self.state.inodes:
            d = udp_drops(inode)
            if d is not None:
                self.state.drops[inode] = d
        self.counters.dropped = sum(self.state.drops.values())

    def status_line(self) -> str:
        c = self.counters
        return (f"syslog received {c.received} parsed {c.parsed} rejected {c.rejected} | netflow packets "
                f"{c.flow_packets} records {c.flow_records} rejected {c.flow_rejected} duplicates {c.flow_duplicates}"
                f" | kernel drops {c.dropped}"
                f" | batches {c.batches}")

    # ---- main loop -----------------------------------------------------------------------------------
    def run(self) -> Counters:
        self.recover()
        try:
            asyncio.run(self._main())
        finally:
            self.pool.shutdown(wait=True)
            self.update_drops()
            self._write_state(running=False)
        return self.counters

    async def _main(self) -> None:
        loop = asyncio.get_running_loop()
        self.stopping = asyncio.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, self.stopping.set)
        servers: list[asyncio.base_events.Server] = []
        udp: list[asyncio.DatagramTransport] = []
        cfg = self.cfg
        if cfg.syslog_udp is not None:
            udp.append(await self._udp("syslog_udp", cfg.syslog_udp, self.syslog_message))
        if cfg.netflow_udp is not None:
            udp.append(await self._udp("netflow_udp", cfg.netflow_udp, self.flow_packet))
        if cfg.syslog_tcp is not None:
            srv = await loop.create_server(lambda: _SyslogStream(self), cfg.host, cfg.syslog_tcp)
            servers.append(srv)
            self.state.ports["syslog_tcp"] = srv.sockets[0].getsockname()[1]
        if cfg.syslog_tls is not None:
            if cfg.tls_cert is None or cfg.tls_key is None:
                raise ValueError("--syslog-tls needs --tls-cert and --tls-key")
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(str(cfg.tls_cert), str(cfg.tls_key))
            srv = await loop.create_server(lambda: _SyslogStream(self), cfg.host, cfg.syslog_tls, ssl=ctx)
            servers.append(srv)
            self.state.ports["syslog_tls"] = srv.sockets[0].getsockname()[1]
        self._write_state(running=True)
        self.say("listening: " + ", ".join(f"{k} {cfg.host}:{v}" for k, v in self.state.ports.items()))
        started = last_stats = last_batch = time.monotonic()
        while not self.stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), timeout=0.2)
            now = time.monotonic()
            if cfg.duration is not None and now - started >= cfg.duration:
                self.stopping.set()
            if now - last_batch >= cfg.batch_seconds:
                self.rotate()
                last_batch = now
                self._write_state(running=True)
            if now - last_stats >= cfg.stats_every:
                self.update_drops()
                self.say(self.status_line())
                self._write_state(running=True)
                last_stats = now
        await self._shutdown(servers, udp)

    async def _udp(self, name: str, port: int, sink: Callable[[bytes, str], None]) -> asyncio.DatagramTransport:
        loop = asyncio.get_running_loop()
        family = socket.AF_INET6 if ":" in self.cfg.host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_DGRAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, UDP_RCVBUF)
        sock.bind((self.cfg.host, port))
        sock.setblocking(False)
        transport, _ = await loop.create_datagram_endpoint(lambda: _Datagrams(sink), sock=sock)
        self.state.ports[name] = sock.getsockname()[1]
        self.state.inodes.append(socket_inode(sock))
        return transport

    async def _shutdown(self, servers: list[asyncio.base_events.Server], udp: list[asyncio.DatagramTransport]) -> None:
        for srv in servers:
            srv.close()
        await asyncio.sleep(0.3)  # let the loop read what the UDP sockets still hold
        self.update_drops()
        for t in udp:
            t.close()
        deadline = time.monotonic() + self.cfg.grace_seconds
        while self.streams and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        for s in list(self.streams):
            s.finish()
        for srv in servers:
            await srv.wait_closed()
        self.rotate()
        for fut in list(self.inflight):
            await asyncio.wrap_future(fut)
        self.say("stopped: " + self.status_line())


class _Datagrams(asyncio.DatagramProtocol):
    def __init__(self, sink: Callable[[bytes, str], None]) -> None:
        self.sink = sink

    def datagram_received(self, data: bytes, addr: tuple[str | Any, int]) -> None:
        self.sink(data, str(addr[0]))


class _SyslogStream(asyncio.Protocol):
    """One TCP/TLS connection: octet-counted or newline-framed syslog (RFC 6587)."""

    def __init__(self, owner: Listener) -> None:
        self.owner = owner
        self.buf = bytearray()
        self.skip = 0  # bytes still to discard of an oversized octet-counted frame
        self.octets: bool | None = None
        self.peer = "-"
        self.transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        peer = transport.get_extra_info("peername")
        self.peer = str(peer[0]) if peer else "-"
        self.owner.streams.add(self)
        self.owner.counters.connections += 1

    def data_received(self, data: bytes) -> None:
        if self.skip:
            cut = min(self.skip, len(data))
            self.skip -= cut
            data = data[cut:]
            if not data:
                return
        buf = self.buf
        buf += data
        if self.octets is None:
            self.octets = buf[:1].isdigit()
        if self.octets:
            self._frames()
        if not self.octets:
            k = buf.rfind(b"\n")
            if k >= 0:
                self.owner.syslog_chunk(bytes(buf[: k + 1]), self.peer)
                del buf[: k + 1]
            elif len(buf) > MAX_MESSAGE:
                self.owner.syslog_message(bytes(buf[:MAX_MESSAGE]), self.peer)
                del buf[:MAX_MESSAGE]

    def _frames(self) -> None:
        buf = self.buf
        while buf:
            sp = buf.find(b" ", 0, 12)
            if sp < 0:
                if len(buf) >= 12:
                    self._bad()
                return
            head = bytes(buf[:sp])
            if not head.isdigit() or head.startswith(b"0"):
                self._bad()
                return
            n = int(head)
            if n > MAX_MESSAGE:  # cut like a newline-framed message; the rest is discarded as it arrives
                if len(buf) < sp + 1 + MAX_MESSAGE:
                    return
                self.owner.syslog_message(bytes(buf[sp + 1 : sp + 1 + MAX_MESSAGE]), self.peer)
                self.owner.counters.oversized += 1
                rest = n - MAX_MESSAGE
                have = len(buf) - (sp + 1 + MAX_MESSAGE)
                drop = min(rest, have)
                del buf[: sp + 1 + MAX_MESSAGE + drop]
                self.skip = rest - drop
                if self.skip:
                    return
                continue
            if len(buf) < sp + 1 + n:
                return
            self.owner.syslog_message(bytes(buf[sp + 1 : sp + 1 + n]), self.peer)
            del buf[: sp + 1 + n]

    def _bad(self) -> None:
        self.owner.counters.received += 1
        self.owner.counters.rejected += 1
        self.octets = False

    def finish(self) -> None:
        """Flush a partial frame (it was accepted: the sender sent it) and drop the connection."""
        if self.buf.strip():
            self.owner.syslog_message(bytes(self.buf), self.peer)
        self.buf.clear()
        if self.transport is not None:
            self.transport.close()
        self.owner.streams.discard(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.finish()
