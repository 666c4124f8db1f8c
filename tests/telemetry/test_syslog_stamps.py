"""The vectorised stamp conversions agree with the per-value functions wherever they give a value."""

from __future__ import annotations

import re

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.telemetry.syslog.stamps import BSD_EXACT, BSD_YEAR_EXACT, bsd_us, iso_utc_us
from carrierwatch.telemetry.timestamps import BsdStampCache, YearResolver, iso_to_us

_MON = st.sampled_from(["Jan", "Feb", "Mar", "Nov", "Dec", "Foo", "NOV"])
_DAY = st.sampled_from([" 1", " 6", "06", "16", "29", "30", "31", "00", "32", "6"])
_CLOCK = st.tuples(st.integers(0, 25), st.integers(0, 61), st.integers(0, 61)).map(
    lambda t: f"{t[0]:02d}:{t[1]:02d}:{t[2]:02d}"
)
_YEAR = st.sampled_from(["", "2024 ", "2026 ", "1999 "])
_BSD = st.builds(lambda y, m, d, c: f"{y}{m} {d} {c}", _YEAR, _MON, _DAY, _CLOCK)
_ISO = st.builds(
    lambda y, mo, d, c, f: f"{y}-{mo:02d}-{d:02d}T{c}{f}Z",
    st.sampled_from([2024, 2026]), st.integers(0, 13), st.integers(0, 32), _CLOCK,
    st.sampled_from(["", ".5", ".123", ".123456", ".1234567"]),
)


def _want_bsd(cache: BsdStampCache, s: str) -> int | None:
    try:
        return cache.to_us(s)
    except ValueError:
        return None


@settings(max_examples=300, deadline=None)
@given(st.lists(_BSD, min_size=1, max_size=30), st.sampled_from([2024, 2026]))
def test_bsd_us_matches_to_us(values: list[str], year: int) -> None:
    cache = BsdStampCache(YearResolver(year, None))
    got = bsd_us(pa.array(values, pa.string()), cache).to_pylist()
    for v, g in zip(values, got, strict=True):
        want = _want_bsd(BsdStampCache(YearResolver(year, None)), v)
        assert g is None or g == want, v
        assert g is None or re.fullmatch(BSD_EXACT, v) or re.fullmatch(BSD_YEAR_EXACT, v), v  # only those shapes
        if v[:3] in ("Jan", "Feb", "Mar", "Nov", "Dec") and want is not None and len(v) in (15, 20) and v[-9] == " ":
            assert g == want, v  # the shapes it is for are converted, not left to the slow path


@settings(max_examples=300, deadline=None)
@given(st.lists(_ISO, min_size=1, max_size=30))
def test_iso_utc_us_matches_iso_to_us(values: list[str]) -> None:
    got = iso_utc_us(pa.array(values, pa.string())).to_pylist()
    for v, g in zip(values, got, strict=True):
        try:
            want: int | None = iso_to_us(v)
        except ValueError:
            want = None
        assert g is None or g == want, v
