"""Generate a synthetic syslog file for measuring reader throughput (not a test; run by hand)."""

from __future__ import annotations

import sys
from pathlib import Path

LINES = [
    "Nov 16 10:{m:02d}:{s:02d} pe{h}-nyc {n:06d}: Nov 16 10:{m:02d}:{s:02d}.123 UTC: %SYS-5-CONFIG_I: "
    "Configured from console by netops on vty0 (10.255.0.{h})",
    "<189>Nov 16 10:{m:02d}:{s:02d} pe{h}-nyc {n:06d}: Nov 16 10:{m:02d}:{s:02d}.456 UTC: "
    "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops] [Source: 10.255.0.{h}] [localport: 22] at "
    "10:00:01 UTC Mon Nov 16 2026",
    "Nov 16 10:{m:02d}:{s:02d} pe{h}-nyc {n:06d}: Nov 16 10:{m:02d}:{s:02d}.789 UTC: %LINEPROTO-5-UPDOWN: "
    "Line protocol on Interface GigabitEthernet0/0/{h}, changed state to up",
    "Nov 16 10:{m:02d}:{s:02d} mx{h} mgd[1234]: UI_CMDLINE_READ_LINE: User 'netops', command 'show route '",
]


def main(out: Path, count: int) -> None:
    with out.open("w") as fh:
        for i in range(count):
            fh.write(LINES[i % 4].format(m=(i // 60) % 60, s=i % 60, h=i % 50, n=i) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000)
