"""TCP syslog load into ``carrierwatch listen`` at 50,000 messages/s: zero loss (every message sent is received,
parsed and in the lake). These tests assert behaviour only — nothing lost, nothing rejected, everything stored —
never how fast the listener kept up: `make test` must pass on a busy machine. Whether it keeps up with the rate
is measured by `make bench` (benchmarks/listen_load.py). The full 60-second run is ``slow``; a 4-second run of
the same offered rate is in the default suite."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from listen_helpers import ListenProc, lake_rows

HERE = Path(__file__).parent


def _load(tmp_path: Path, rate: int, seconds: float) -> dict[str, int]:
    lp = ListenProc(tmp_path, "--syslog-tcp", "0", "--batch-seconds", "2")
    out = subprocess.run([sys.executable, str(HERE / "loadgen.py"), str(lp.ports["syslog_tcp"]), str(rate),
                          str(seconds)], capture_output=True, check=True, timeout=seconds * 3 + 30)
    sent = int(out.stdout.decode().strip())
    lp.wait_for("received", sent, timeout=120)
    result, _ = lp.stop(timeout=300)
    c = result["counters"]
    assert sent == int(rate * seconds)
    assert c["received"] == sent, c  # zero loss on the wire
    assert c["parsed"] == sent and c["rejected"] == 0, c  # every one parsed
    assert lake_rows(tmp_path, "syslog") == sent  # and stored
    return {"sent": sent}


def test_tcp_load_50k_per_second_short(tmp_path: Path) -> None:
    _load(tmp_path, 50_000, 4)


@pytest.mark.slow
def test_tcp_load_50k_per_second_for_60_seconds(tmp_path: Path) -> None:
    _load(tmp_path, 50_000, 60)
