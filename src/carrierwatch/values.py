"""Safe value parsers: the one way every reader turns untrusted text into numbers, times and documents.

Evidence is written by whoever can reach a device or spoof a datagram, so every conversion here is
bounded and raises :class:`BadValue` (a ``ValueError`` carrying a short *reason* for the record's
rejection) instead of whatever the standard library happens to raise. Readers call these and reject the
record with ``exc.reason``; they never let a value take their file down. What is bounded and why:

* **integers**: ASCII decimal digits only (``str.isdigit`` accepts ``²`` and ``١``, then ``int`` fails or
  reads Arabic-Indic digits), at most 20 digits, within a stated range (64-bit by default: Arrow's
  ``int64``/``uint64`` columns overflow beyond it);
* **floats**: ASCII spelling only, finite (``inf``, ``nan`` and ``1e400`` are rejected), bounded magnitude;
* **timestamps**: :data:`MIN_US` .. :data:`MAX_US`, i.e. 1900-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z.
  The lake names day partitions ``day=YYYY-MM-DD`` and Python's ``date`` stops at year 9999; times before
  1900 are no device clock (a router with a flat battery logs 1970, 1993 or 2002);
* **JSON documents**: nesting at most :data:`MAX_DEPTH` levels (CPython's decoder recurses, and its
  ``RecursionError`` is not a ``ValueError``), no ``NaN``/``Infinity`` constants, no number that
  overflows a float;
* **CSV fields**: the ``csv`` module raises ``csv.Error`` past :data:`MAX_CSV_FIELD` characters; readers
  catch it per record (:func:`csv_rows` does so for a whole file);
* **XML**: nesting at most :data:`MAX_DEPTH` levels (checked by the SAX builders through :func:`check_depth`).

This module sits at the bottom of the flow (just above ``findings``): it imports nothing from the package.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator
from typing import Any

INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
UINT64_MAX = (1 << 64) - 1

#: 1900-01-01T00:00:00Z in microseconds since the epoch: the earliest time a record may carry
MIN_US = -2_208_988_800 * 1_000_000
#: 9999-12-31T23:59:59.999999Z in microseconds since the epoch: the latest time a record may carry
MAX_US = 253_402_300_799_999_999

#: deepest JSON/XML nesting a reader accepts (real telemetry, STIX and X1 documents stay below 32)
MAX_DEPTH = 200
#: the ``csv`` module's default field limit (``csv.field_size_limit()``): a longer field is a rejected record
MAX_CSV_FIELD = 131_072
#: the longest number text parsed at all (a 64-bit integer has 20 digits; a float spelled out, a few more)
MAX_NUMBER_CHARS = 64

_ASCII_DIGITS = frozenset("0123456789")
_FLOAT_CHARS = frozenset("0123456789+-.eE")


class BadValue(ValueError):
    """A value that cannot be taken as it is; ``reason`` is the record's rejection reason (``detail`` and
    ``line``: what a JSON decoder said and where, when there is more to say)."""

    def __init__(self, reason: str, *, detail: str | None = None, line: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.detail = detail
        self.line = line


def is_ascii_digits(text: str) -> bool:
    """True for a non-empty string of ``0``-``9`` only (``str.isdigit`` also says yes to ``²``)."""
    return bool(text) and text.isascii() and text.isdigit()


def ascii_int(text: str, *, lo: int = INT64_MIN, hi: int = INT64_MAX, what: str = "integer") -> int:
    """``text`` (surrounding blanks allowed, optional sign) as an integer in ``lo..hi``; else :class:`BadValue`."""
    t = text.strip()
    body = t[1:] if t[:1] in "+-" else t
    if not is_ascii_digits(body) or len(body) > 20:
        raise BadValue(f"bad {what}")
    v = int(t)
    if not lo <= v <= hi:
        raise BadValue(f"{what} out of range")
    return v


def opt_int(text: str | None, *, lo: int = INT64_MIN, hi: int = INT64_MAX) -> int | None:
    """Like :func:`ascii_int` for an optional column: None for a missing or unusable value."""
    if text is None:
        return None
    try:
        return ascii_int(text, lo=lo, hi=hi)
    except BadValue:
        return None


def finite_float(text: str, *, bound: float = 1e18, what: str = "number") -> float:
    """``text`` as a finite float with ``abs(v) <= bound`` (ASCII spelling only); else :class:`BadValue`."""
    t = text.strip()
    if not t or len(t) > MAX_NUMBER_CHARS or not t.isascii() or not set(t) <= _FLOAT_CHARS:
        raise BadValue(f"bad {what}")
    try:
        v = float(t)
    except ValueError:
        raise BadValue(f"bad {what}") from None
    if not math.isfinite(v) or abs(v) > bound:
        raise BadValue(f"{what} out of range")
    return v


def check_us(us: int) -> int:
    """``us`` (microseconds since the epoch) if it lies in :data:`MIN_US` .. :data:`MAX_US`; else :class:`BadValue`."""
    if not MIN_US <= us <= MAX_US:
        raise BadValue("timestamp out of range")
    return us


def in_range_us(us: int | None) -> bool:
    return us is not None and MIN_US <= us <= MAX_US


def check_depth(depth: int) -> None:
    """Raise :class:`BadValue` when a document is nested deeper than :data:`MAX_DEPTH`."""
    if depth > MAX_DEPTH:
        raise BadValue("nested too deep")


def _reject_constant(name: str) -> float:
    raise BadValue("non-finite number")


def _finite(text: str) -> float:
    v = float(text)
    if not math.isfinite(v):
        raise BadValue("non-finite number")
    return v


def _depth(text: str) -> int:
    """Deepest ``[``/``{`` nesting of a JSON text, outside strings (only run on texts that could be deep)."""
    depth = deepest = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def json_loads(text: str | bytes) -> Any:
    """``json.loads`` bounded: nesting <= :data:`MAX_DEPTH`, no NaN/Infinity, finite floats, integers of at
    most 4,300 digits (CPython's limit). Raises :class:`BadValue` (reason ``bad JSON`` or more precise)."""
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            raise BadValue("bad JSON: not UTF-8") from None
    if text.count("[") + text.count("{") > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise BadValue("JSON nested too deep")
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_float=_finite)
    except BadValue:
        raise
    except RecursionError:
        raise BadValue("JSON nested too deep") from None
    except json.JSONDecodeError as exc:
        raise BadValue("bad JSON", detail=exc.msg, line=exc.lineno) from None
    except ValueError:  # an integer past CPython's digit limit
        raise BadValue("number too long") from None


def csv_rows(lines: Iterable[str], **kwargs: Any) -> Iterator[list[str] | BadValue]:
    """``csv.reader`` over ``lines`` that yields a :class:`BadValue` for a row it cannot parse (a field past
    :data:`MAX_CSV_FIELD` characters, a NUL byte) and goes on with the next one."""
    reader = csv.reader(lines, **kwargs)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield BadValue("CSV field too large" if "field larger" in str(exc) else "unparsable CSV")
            continue
        yield row
