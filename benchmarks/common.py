"""Timing and memory helpers shared by the benchmarks."""

from __future__ import annotations

import resource
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass
class Timed:
    seconds: float
    value: Any = None


def best_of(n: int, fn: Callable[[], Any]) -> Timed:
    best: Timed | None = None
    for _ in range(n):
        t0 = time.perf_counter()
        v = fn()
        dt = time.perf_counter() - t0
        if best is None or dt < best.seconds:
            best = Timed(dt, v)
    assert best is not None
    return best


def run_cmd(argv: Sequence[str], stdout_path: str | None = None) -> Timed:
    """Run an external command; returns wall time and its exit code (output discarded or saved)."""
    t0 = time.perf_counter()
    with open(stdout_path or "/dev/null", "wb") as out:
        proc = subprocess.run(list(argv), stdout=out, stderr=subprocess.PIPE, check=False)
    return Timed(time.perf_counter() - t0, proc.returncode)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
