"""The listener's spool: what it received, on disk before it is parsed, so a killed listener loses nothing
that reached the spool and a restarted one finds it.

Layout ``<workspace>/spool/<stream>/``: ``current.spool`` is appended with ``os.write`` (no user-space
buffer) as data arrives; at each batch it is renamed ``batch-<ns>.spool`` and handed to the ingest, which
deletes it once its Parquet files are in the lake. Each batch is ``fsync``-ed (file and folder) when it
is rotated: a killed listener loses nothing written to the spool, and a machine crash at most the batch
being written (``--batch-seconds``). A ``batch-*``/``current`` file found at start-up is
the unfinished work of a listener that did not stop cleanly: it is ingested first, and said so.

Two streams:

* ``syslog``: one message per line (LF inside a message — possible with octet-counted framing — is
  replaced by a space), plus ``.senders`` beside it: ``<count> <address>`` runs giving the sender of each
  line in order.
* ``netflow``: records ``>H`` payload length, ``>B`` address length, address (ASCII), payload.
"""

from __future__ import annotations

import os
import struct
import time
from collections.abc import Iterator
from pathlib import Path

from carrierwatch.telemetry.lake import fsync_path


class Spool:
    """Append-only spool for one stream; ``rotate`` closes the current file into a numbered batch."""

    def __init__(self, folder: Path, *, senders: bool = False) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.senders = senders
        self.fd: int | None = None
        self.sfd: int | None = None
        self.bytes = 0
        self.items = 0
        self._last_sender: str | None = None
        self._run = 0

    @property
    def current(self) -> Path:
        return self.folder / "current.spool"

    def _open(self) -> None:
        self.fd = os.open(self.current, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        if self.senders:
            self.sfd = os.open(self.current.with_suffix(".senders"), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, data: bytes, items: int, sender: str = "") -> None:
        if self.fd is None:
            self._open()
        assert self.fd is not None
        os.write(self.fd, data)
        if self.sfd is not None and items:
            os.write(self.sfd, f"{items} {sender or '-'}\n".encode())
        self.bytes += len(data)
        self.items += items

    def write_packet(self, payload: bytes, sender: str) -> None:
        addr = sender.encode("ascii", "replace")[:255]
        self.write(struct.pack(">HB", len(payload), len(addr)) + addr + payload, 1)

    def rotate(self) -> Path | None:
        """Close the current file into ``batch-<ns>.spool``; None if nothing was written."""
        if self.fd is None:
            return None
        os.fsync(self.fd)  # the batch is on the disk, not only in the page cache, before it is ingested
        os.close(self.fd)
        self.fd = None
        target = self.folder / f"batch-{time.time_ns():020d}.spool"
        if self.sfd is not None:
            os.fsync(self.sfd)
            os.close(self.sfd)
            self.sfd = None
            os.replace(self.current.with_suffix(".senders"), target.with_suffix(".senders"))
        os.replace(self.current, target)
        fsync_path(self.folder)
        self.bytes = self.items = 0
        return target

    def leftovers(self) -> list[Path]:
        """Unfinished batches from a listener that did not stop cleanly (oldest first; ``current`` last)."""
        old = sorted(self.folder.glob("batch-*.spool"))
        if self.current.exists():
            target = self.folder / f"batch-{time.time_ns():020d}.spool"
            s = self.current.with_suffix(".senders")
            if s.exists():
                os.replace(s, target.with_suffix(".senders"))
            os.replace(self.current, target)
            old.append(target)
        return old


def sender_runs(path: Path) -> list[tuple[int, str | None]]:
    """The ``.senders`` runs beside a syslog batch: (line count, address or None)."""
    side = path.with_suffix(".senders")
    if not side.exists():
        return []
    runs: list[tuple[int, str | None]] = []
    for line in side.read_text(encoding="ascii", errors="replace").splitlines():
        n, _, addr = line.partition(" ")
        if n.isdigit():
            runs.append((int(n), None if addr in ("", "-") else addr))
    return runs


def packets(path: Path) -> Iterator[tuple[bytes, str] | None]:
    """(payload, sender) records of a netflow batch; a final None marks a record cut off by a kill."""
    data = path.read_bytes()
    pos = 0
    while pos < len(data):
        if len(data) - pos < 3:
            yield None
            return
        ln, alen = struct.unpack_from(">HB", data, pos)
        if pos + 3 + alen + ln > len(data):
            yield None
            return
        addr = data[pos + 3 : pos + 3 + alen].decode("ascii", "replace")
        yield data[pos + 3 + alen : pos + 3 + alen + ln], addr
        pos += 3 + alen + ln
