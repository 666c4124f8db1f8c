"""Flows are streamed: memory does not grow with the flow count.

Measured while writing this test (Python 3.11, one core): tracemalloc peak 0.41 MB for 10k flows and
for 800k flows alike; without tracing, 200k flows take about 3 s, so 10^7 flows take a few minutes
in constant memory. The fast test traces a moderate size (tracemalloc makes Python ~7x slower); the
``slow`` test checks 200k flows by comparing the child process's peak RSS against a 20k-flow run.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from carrierwatch.lab import generate_lab


def test_tracemalloc_peak_is_small_for_ten_thousand_flows(tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        s = generate_lab(tmp_path, devices=4, days=1, flows_per_device_per_hour=100)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert s.records["flows"] >= 9_000
    # Holding the flows would need > 3 MB (a Flow tuple plus its address strings is > 300 bytes).
    assert peak < 2_000_000, peak


_CHILD = """
import json, resource, sys
from pathlib import Path
from carrierwatch.lab import generate_lab
s = generate_lab(Path(sys.argv[1]), devices=4, days=1, flows_per_device_per_hour=int(sys.argv[2]))
print(json.dumps({"flows": s.records["flows"], "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _run(tmp: Path, per_hour: int) -> dict[str, int]:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(tmp), str(per_hour)],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    result: dict[str, int] = json.loads(out.stdout)
    return result


@pytest.mark.slow
def test_two_hundred_thousand_flows_in_the_memory_of_twenty_thousand(tmp_path: Path) -> None:
    small = _run(tmp_path / "small", 210)
    large = _run(tmp_path / "large", 2100)
    assert large["flows"] >= 190_000 and small["flows"] <= 25_000
    # 180k more flows held in memory would add > 50 MB of RSS.
    assert large["rss_kb"] - small["rss_kb"] < 16_000, (small, large)
