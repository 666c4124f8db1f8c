"""RITA-style beacon scoring: regular, same-sized connections from one host to another over a long span.

After activecm/rita ``analysis/beacons.go`` (GPL-3: the formulas are re-derived here, no code copied). For one
(source, destination, destination port) pair with connection start times ``t_1 <= ... <= t_n`` (seconds) and
sizes ``s_1..s_n`` (bytes), observed over a window of length ``W``:

* intervals ``d_i = t_{i+1} - t_i``. **Bowley skewness** of a sample ``x``: ``(Q1 + Q3 - 2*Q2) / (Q3 - Q1)``,
  0 when ``Q2`` equals ``Q1`` or ``Q3`` (RITA's guard: with near-constant values one tie would read as full
  skew). **MADM**: ``median(|x_i - median(x)|)``.
* timestamp score ``S_ts = (skew_score + madm_score) / 2`` with ``skew_score = 1 - |bowley(d)|`` and
  ``madm_score = max(0, 1 - MADM(d) / median(d))`` (dispersion relative to the period; RITA uses a fixed
  30 s cap, we use the relative form so that hourly and per-minute beacons score alike).
* size score ``S_size = (1 - |bowley(s)| + max(0, 1 - MADM(s) / max(median(s), 1))) / 2``.
* histogram score ``S_hist = max(0, 1 - CV)`` where ``CV`` is the coefficient of variation (stdev/mean) of the
  connection counts in ``bins`` equal bins spanning ``[t_1, t_n]``: a beacon fills every bin evenly.
* duration score ``S_dur = min(1, (t_n - t_1) / W)``: beacons persist over the whole observation.
* total ``S = w_ts*S_ts + w_size*S_size + w_hist*S_hist + w_dur*S_dur`` (weights from settings, sum 1).
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


def _quartiles(xs: Sequence[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], q[1], q[2]


def bowley(xs: Sequence[float]) -> float:
    if len(xs) < 3:
        return 0.0
    q1, q2, q3 = _quartiles(xs)
    return 0.0 if q3 == q1 or q2 in (q1, q3) else (q1 + q3 - 2 * q2) / (q3 - q1)


def madm(xs: Sequence[float]) -> float:
    m = statistics.median(xs)
    return statistics.median([abs(x - m) for x in xs])


def ts_score(times: Sequence[float]) -> float:
    d = [b - a for a, b in zip(times, times[1:], strict=False)]
    if len(d) < 3:
        return 0.0
    med = statistics.median(d)
    if med <= 0:
        return 0.0
    return ((1 - abs(bowley(d))) + max(0.0, 1 - madm(d) / med)) / 2


def size_score(sizes: Sequence[float]) -> float:
    if len(sizes) < 3:
        return 0.0
    return ((1 - abs(bowley(sizes))) + max(0.0, 1 - madm(sizes) / max(statistics.median(sizes), 1.0))) / 2


def hist_score(times: Sequence[float], bins: int) -> float:
    lo, hi = times[0], times[-1]
    if hi <= lo or bins < 2:
        return 0.0
    counts = [0] * bins
    for t in times:
        counts[min(bins - 1, int((t - lo) / (hi - lo) * bins))] += 1
    mean = statistics.fmean(counts)
    return max(0.0, 1 - statistics.pstdev(counts) / mean) if mean else 0.0


def duration_score(times: Sequence[float], window: float) -> float:
    return 0.0 if window <= 0 else min(1.0, (times[-1] - times[0]) / window)


@dataclass(frozen=True)
class BeaconScore:
    ts: float
    size: float
    hist: float
    duration: float
    total: float


def score(times: Sequence[float], sizes: Sequence[float], window: float, *, bins: int = 24,
          weights: tuple[float, float, float, float] = (0.25, 0.25, 0.25, 0.25)) -> BeaconScore:
    """Score one pair; ``times`` need not be sorted (they are sorted with their sizes)."""
    pairs = sorted(zip(times, sizes, strict=True))
    t = [p[0] for p in pairs]
    s = [p[1] for p in pairs]
    parts = (ts_score(t), size_score(s), hist_score(t, bins), duration_score(t, window))
    total = sum(w * p for w, p in zip(weights, parts, strict=True))
    return BeaconScore(*(round(x, 4) for x in (*parts, total)))
