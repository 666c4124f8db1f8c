"""TCP syslog load generator (run as a separate process so it does not share the listener's CPU slice
accounting or a GIL with the test): ``python loadgen.py PORT RATE SECONDS`` sends RATE Cisco-style
messages per second for SECONDS over one connection (newline framing) and prints how many it sent."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[2] / "src"))

from carrierwatch.lab.sender import send_tcp  # noqa: E402


def lines(total: int) -> Iterator[bytes]:
    for i in range(total):
        stamp = b"Nov 16 10:%02d:%02d" % ((i // 60000) % 60, (i // 1000) % 60)
        yield (b"%s pe%d-nyc %06d: %s.%03d UTC: %%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops] "
               b"[Source: 10.255.0.%d] [localport: 22] at 10:00:01 UTC Mon Nov 16 2026"
               % (stamp, i % 50, i, stamp, i % 1000, i % 250))


if __name__ == "__main__":
    port, rate, seconds = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
    print(send_tcp("127.0.0.1", port, lines(int(rate * seconds)), rate=rate))
