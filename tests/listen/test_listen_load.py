"""TCP syslog load into ``carrierwatch listen``: 50,000 messages/s, zero loss (every message sent is received,
parsed and in the lake). The full 60-second run is ``slow``; a 4-second run of the same rate is in the
default suite."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from listen_helpers import ListenProc, lake_rows

HERE = Path(__file__).parent


def _load(tmp_path: Path, rate: int, seconds: float) -> dict[str, float]:
    lp = ListenProc(tmp_path, "--syslog-tcp", "0", "--batch-seconds", "2")
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, str(HERE / "loadgen.py"), str(lp.ports["syslog_tcp"]), str(rate),
                          str(seconds)], capture_output=True, check=True, timeout=seconds * 3 + 30)
    send_s = time.perf_counter() - t0
    sent = int(out.stdout.decode().strip())
    lp.wait_for("received", sent, timeout=30)
    result, _ = lp.stop(timeout=300)
    c = result["counters"]
    assert sent == int(rate * seconds)
    assert c["received"] == sent, c  # zero loss on the wire
    assert c["parsed"] == sent and c["rejected"] == 0, c  # every one parsed
    assert lake_rows(tmp_path, "syslog") == sent  # and stored
    assert send_s < seconds * 1.5  # the listener kept up (the sender was never held back for long)
    return {"sent": sent, "send_s": send_s}


def test_tcp_load_50k_per_second_short(tmp_path: Path) -> None:
    _load(tmp_path, 50_000, 4)


@pytest.mark.slow
def test_tcp_load_50k_per_second_for_60_seconds(tmp_path: Path) -> None:
    _load(tmp_path, 50_000, 60)
