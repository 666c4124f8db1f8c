"""Per-device syslog silence: a device that stops logging (``no logging host``, a wiped buffer, a cut link).

For one device with message times ``t_1 <= ... <= t_n`` (seconds) and inter-message gaps ``g_i``, a gap is a
silence when ``g_i >= min_gap`` **and** ``g_i >= factor * median(g)``: long in absolute terms and unusual for that
device (a quiet lab switch that logs twice a day is not silent at night). Returns (start, end) of each silence.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def silences(times: Sequence[float], *, min_gap: float, factor: float) -> list[tuple[float, float]]:
    t = sorted(times)
    gaps = [b - a for a, b in zip(t, t[1:], strict=False)]
    if len(gaps) < 3:
        return []
    med = statistics.median(gaps)
    return [(a, b) for a, b, g in zip(t, t[1:], gaps, strict=False) if g >= min_gap and g >= factor * med]
