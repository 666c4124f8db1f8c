"""Turning the timestamp spellings found in device logs into UTC microseconds since the epoch.

Readers store times as integers (microseconds since 1970-01-01 UTC) and let Arrow type them as
``timestamp[us, UTC]``: this avoids a ``datetime`` object per line, which is what keeps the syslog
reader fast.

Year-less timestamps (RFC 3164 ``Nov 16 10:00:01``, tac_plus ``Nov 16 10:00:01``) get their year from
:class:`YearResolver`. The stated rule:

* if the caller passes ``default_year`` it is used as-is for every month (no roll-back: the user
  told us the year);
* otherwise the year is the file's modification year, and a month more than one month *ahead* of
  the mtime month is placed in the previous year (a file last written in January 2026 that holds
  ``Dec 31`` lines means December 2025; one month of slack allows for clock skew and late writes);
* if the file has no usable mtime either, the current UTC year with the same roll-back.

Time-zone names: only unambiguous abbreviations are honoured (:data:`ZONE_OFFSETS`); ambiguous ones
(CST, IST, BST ...) count as "no zone", and the reader falls back to the relay's timestamp.
Timestamps without a zone are taken as UTC: Cisco IOS ``service timestamps log datetime`` logs UTC
unless ``localtime`` is configured (Cisco IOS Configuration Fundamentals, "service timestamps"), and
collectors are expected to write UTC (documented in the syslog reader).

Every conversion is bounded by :data:`carrierwatch.values.MIN_US` .. :data:`~carrierwatch.values.MAX_US`
(1900 .. 9999-12-31, the range the lake's day partitions can name) and reads ASCII digits only: anything
else raises :class:`~carrierwatch.values.BadValue` (a ``ValueError``), which the readers turn into a
rejected record.
"""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime

from carrierwatch.values import MAX_US, BadValue, check_us, is_ascii_digits

MONTHS: dict[str, int] = {m: i for i, m in enumerate(calendar.month_abbr) if m}
MONTHS.update({m.upper(): i for m, i in list(MONTHS.items())})

#: Offsets in minutes east of UTC. Standard abbreviations (IANA tz database); ambiguous ones omitted.
ZONE_OFFSETS: dict[str, int] = {
    "UTC": 0, "GMT": 0, "Z": 0, "UCT": 0, "UT": 0,
    "EST": -300, "EDT": -240, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
    "AKST": -540, "AKDT": -480, "HST": -600,
    "CET": 60, "CEST": 120, "EET": 120, "EEST": 180, "WET": 0, "WEST": 60, "MSK": 180,
    "JST": 540, "KST": 540, "AEST": 600, "AEDT": 660, "ACST": 570, "AWST": 480, "NZST": 720, "NZDT": 780,
}

_UTC_NAMES = frozenset({"UTC", "GMT", "UT", "Z", "UCT"})


def zone_offset(zone: str) -> int | None:
    """Minutes east of UTC for a device's zone token, or None when it is ambiguous or unknown.

    ``UTC``, ``cet``, ``CEST``, ``mdt`` (names of :data:`ZONE_OFFSETS`, any case) and ``UTC+1``,
    ``UTC+07:30``, ``GMT-0500`` (a UTC name with an ISO 8601 offset, east positive). A Cisco zone name is
    free text (``clock timezone NAME HOURS``): an offset written after a name other than UTC/GMT is not
    trusted (None), so the caller states its assumption instead of guessing.
    """
    z = zone.upper()
    off = ZONE_OFFSETS.get(z)
    if off is not None:
        return off
    for i, c in enumerate(z):
        if c in "+-":
            name, tail = z[:i], z[i + 1 :]
            break
    else:
        return None
    if name not in _UTC_NAMES:
        return None
    hh, _, mm = tail.partition(":")
    if not mm and len(hh) == 4:
        hh, mm = hh[:2], hh[2:]
    if not (hh.isdigit() and len(hh) <= 2 and (not mm or (mm.isdigit() and len(mm) == 2))):
        return None
    minutes = int(hh) * 60 + (int(mm) if mm else 0)
    if int(hh) > 14 or (mm and int(mm) >= 60):
        return None
    return minutes if c == "+" else -minutes


_US = 1_000_000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class YearResolver:
    """Pick the year for month-day timestamps that carry none (rule in the module docstring)."""

    __slots__ = ("_years",)

    def __init__(self, default_year: int | None, mtime: float | None) -> None:
        if default_year is not None:
            self._years = {m: default_year for m in range(1, 13)}
            return
        ref = time.gmtime(mtime if mtime is not None else time.time())
        self._years = {m: ref.tm_year - 1 if m > ref.tm_mon + 1 else ref.tm_year for m in range(1, 13)}

    def year(self, month: int) -> int:
        return self._years[month]


def civil_to_us(year: int, month: int, day: int, hh: int, mm: int, ss: int) -> int:
    """UTC civil time -> microseconds since the epoch (raises ValueError on impossible dates)."""
    if not 1900 <= year <= 9999:
        raise BadValue("timestamp out of range")
    if not (1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]):
        raise ValueError("bad date")
    if not (0 <= hh < 24 and 0 <= mm < 60 and 0 <= ss <= 60):
        raise ValueError("bad time")
    return check_us(calendar.timegm((year, month, day, hh, mm, ss, 0, 0, 0)) * _US)


def fraction_us(frac: str) -> int:
    """``"123"`` (the digits after the dot) -> 123000 microseconds."""
    if not frac:
        return 0
    if not is_ascii_digits(frac):
        raise BadValue("bad fraction")
    return int((frac + "000000")[:6])


class BsdStampCache:
    """Converts ``Mmm dd HH:MM:SS`` (optionally ``YYYY`` somewhere) to microseconds, memoised.

    Log files repeat the same second thousands of times; caching the integer per distinct string is
    what makes the conversion cost a dict lookup instead of a calendar computation.
    """

    __slots__ = ("_cache", "_days", "_years")

    def __init__(self, years: YearResolver) -> None:
        self._cache: dict[str, int] = {}
        self._days: dict[str, int] = {}  # "Nov 16" (everything before a trailing HH:MM:SS) -> its midnight
        self._years = years

    def to_us(self, stamp: str) -> int:
        """``stamp`` without fraction: ``Nov 16 10:00:01``, ``Nov  6 10:00:01``, ``2026 Nov 16 10:00:01``,
        ``Nov 16 2026 10:00:01`` or ``Mon Nov 16 10:00:01 2026``. Raises ValueError.

        A stamp ending in a two-digit ``HH:MM:SS`` costs one dict lookup for its day plus integer
        arithmetic (a busy log has a new second every line); other shapes take the general parse.
        """
        v = self._cache.get(stamp)
        if v is not None:
            return v
        head, _, clock = stamp.rpartition(" ")
        if (len(clock) == 8 and clock[2] == ":" and clock[5] == ":" and head and ":" not in head
                and clock.isascii() and clock[:2].isdigit() and clock[3:5].isdigit() and clock[6:].isdigit()):
            day = self.day_us(head)
            if day is None:
                raise ValueError("bad stamp")
            hh, mm, ss = int(clock[:2]), int(clock[3:5]), int(clock[6:])
            if hh >= 24 or mm >= 60 or ss > 60:
                raise ValueError("bad time")
            v = day + (hh * 3600 + mm * 60 + ss) * _US
            if v > MAX_US:  # 9999-12-31 23:59:60
                raise BadValue("timestamp out of range")
        else:
            v = self._parse(stamp)
        if len(self._cache) < 500_000:
            self._cache[stamp] = v
        return v

    def day_us(self, head: str) -> int | None:
        """Midnight of ``head`` (a stamp without its ``HH:MM:SS``, e.g. ``Nov 16``) as :meth:`to_us` reckons
        it, or None where :meth:`to_us` would raise (used by the vectorised syslog path)."""
        day = self._days.get(head)
        if day is None:
            try:
                day = self._parse(head + " 00:00:00")
            except ValueError:
                return None
            if len(self._days) < 50_000:
                self._days[head] = day
        return day

    def _parse(self, stamp: str) -> int:
        parts = stamp.split()
        year: int | None = None
        clock = None
        mon = None
        day = None
        for p in parts:
            if ":" in p:
                clock = p
            elif is_ascii_digits(p):
                if len(p) == 4:
                    year = int(p)
                else:
                    day = int(p)
            elif p[:3].title() in MONTHS and len(p) == 3:
                mon = MONTHS[p[:3].title()]
        if clock is None or mon is None or day is None:
            raise ValueError("bad stamp")
        hms = clock.split(":")
        if len(hms) != 3 or not all(is_ascii_digits(x) and len(x) <= 2 for x in hms):
            raise ValueError("bad clock")
        if year is None:
            year = self._years.year(mon)
        return civil_to_us(year, mon, day, int(hms[0]), int(hms[1]), int(hms[2]))


def iso_to_us(text: str) -> int:
    """RFC 3339 / ISO 8601 (``2026-11-16T10:00:01.123Z``, ``2026-11-16 10:00:01 +0000``) -> microseconds.

    A value without an offset is taken as UTC. Raises ValueError.
    """
    t = text.strip()
    if t.endswith(("Z", "z")):
        t = t[:-1] + "+00:00"
    # "2026-11-16 10:00:01 +0000" (tac_plus-ng %z): glue the offset on
    if len(t) > 6 and t[-5] in "+-" and t[-6] == " " and t[-4:].isdigit():
        t = t[:-6] + t[-5:-2] + ":" + t[-2:]
    if len(t) > 64 or not t.isascii():
        raise BadValue("bad timestamp")
    dt = datetime.fromisoformat(t)
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    delta = dt - _EPOCH  # an offset may carry 9999-12-31T23:59-23:00 past year 9999: checked below
    return check_us((delta.days * 86400 + delta.seconds) * _US + delta.microseconds)


def epoch_to_us(text: str) -> int:
    """``1379288667.706265`` (seconds, optional fraction) -> microseconds, exactly (no float rounding)."""
    t = text.strip()
    neg = t.startswith("-")
    if neg:
        t = t[1:]
    whole, _, frac = t.partition(".")
    if not is_ascii_digits(whole) or len(whole) > 12 or (frac and not is_ascii_digits(frac)):
        raise BadValue("bad epoch")
    v = int(whole) * _US + fraction_us(frac[:6])
    return check_us(-v if neg else v)
