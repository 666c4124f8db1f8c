"""Tunables of the analytics, with defaults; overridable from ``[hunt]`` in ``carrierwatch.toml`` (same names)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True)
class AnalyticsSettings:
    #: beaconing: a (source, destination, port) pair needs at least this many connections to be scored
    #: (RITA requires >= 4 timestamps; more makes the statistics meaningful on days of data)
    beacon_min_connections: int = 12
    #: beaconing: report pairs whose combined score is at or above this (RITA's default threshold is 0.7 to 0.8)
    beacon_threshold: float = 0.8
    #: beaconing: weights of the timestamp, size, histogram and duration scores (non-negative, summing to 1)
    beacon_weights: tuple[float, float, float, float] = (0.25, 0.25, 0.25, 0.25)
    #: beaconing: number of histogram bins over the observation window
    beacon_bins: int = 24
    #: silence: a device is silent when it logged nothing for this long although it usually logs more often
    silence_min_gap_s: int = 6 * 3600
    #: silence: the gap must also exceed this many times the device's median inter-message gap
    silence_factor: float = 20.0
    #: hop chains: an SSH/Telnet login from device A to B and from B to C within this window form a chain
    hop_window_s: int = 1800
    #: first-seen admin source: the first this-many seconds of data teach each account's usual sources
    first_seen_baseline_s: int = 24 * 3600


def settings_from(hunt: Any) -> AnalyticsSettings:
    """Take any attribute of the workspace's ``[hunt]`` settings whose name matches a field here."""
    kw: dict[str, Any] = {}
    for f in fields(AnalyticsSettings):
        v = getattr(hunt, f.name, None)
        if v is not None:
            kw[f.name] = tuple(v) if f.name == "beacon_weights" else v
    return AnalyticsSettings(**kw)
