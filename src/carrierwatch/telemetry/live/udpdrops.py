"""Kernel UDP receive-buffer drops for one socket, from ``/proc/net/udp`` and ``/proc/net/udp6``.

Why: a syslog or NetFlow flood that overflows the socket buffer is lost before the listener sees it; the
only witness is the kernel's per-socket ``drops`` column (last column of proc(5) ``/proc/net/udp``,
matched by the socket's inode). Returns None where /proc is not available (not Linux).
"""

from __future__ import annotations

import os
import socket


def socket_inode(sock: socket.socket) -> int:
    return os.fstat(sock.fileno()).st_ino


def udp_drops(inode: int) -> int | None:
    """The socket's drop count, or None when it is not listed (closed, or no /proc)."""
    for name in ("/proc/net/udp", "/proc/net/udp6"):
        try:
            with open(name, encoding="ascii") as fh:
                next(fh, None)
                for line in fh:
                    parts = line.split()
                    if len(parts) >= 13 and parts[9] == str(inode):
                        return int(parts[-1])
        except OSError:
            continue
    return None
