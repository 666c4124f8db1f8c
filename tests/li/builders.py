"""Small X1 event and warrant factories for the LI check tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from carrierwatch.li.warrants import Warrant
from carrierwatch.li.x1 import X1Event

T0 = datetime(2026, 11, 16, 10, 0, tzinfo=UTC)  # a Monday
KEY = b"k" * 32


def ev(message: str, minutes: float = 0, **kw: object) -> X1Event:
    base: dict[str, object] = {"source": "x1.xml", "line": 1, "ts": T0 + timedelta(minutes=minutes),
                               "message": message, "ne_id": "pe1-nyc", "admf_id": "admf-01", "peer": "10.255.9.90"}
    base.update(kw)
    return X1Event(**base)  # type: ignore[arg-type]


def warrant(targets: list[str], days_from: float = -1, days_to: float = 30, dests: tuple[str, ...] = ("d-df2-01",),
            wid: str = "W-1") -> Warrant:
    return Warrant(wid, frozenset(targets), frozenset(dests), T0 + timedelta(days=days_from),
                   T0 + timedelta(days=days_to), "court", "w.csv", 2)
