"""Strict JSON for the hub: what a writer posts must be JSON every partner's client can read back.

RFC 8259 has no NaN/Infinity (Python's ``json`` accepts them and ``1e400`` becomes ``inf``, which it then writes
back as ``Infinity``: not JSON, and taxii2-client fails on that page), and puts no bound on nesting or number
size; RFC 8259 §9 lets a parser set limits. Ours: nesting at most :data:`MAX_DEPTH` levels, integers within a
signed 64-bit range (STIX 2.1 §2.12 asks for at most 54 bits), finite floats, UTF-8 without lone surrogates
(RFC 8259 §8.2 strings of Unicode characters; a ``\\ud800`` escape cannot be written back as UTF-8). A body
over any limit is refused whole, with the reason.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_DEPTH = 64
MAX_INT = 2**63 - 1
_MAX_NUMBER_TEXT = 400  # characters of one number literal


class JsonRefused(ValueError):
    """The body is not strict JSON within the limits; the message says which rule it broke."""


def _constant(name: str) -> Any:
    raise JsonRefused(f"{name} is not JSON (RFC 8259 has no NaN or Infinity)")


def _int(text: str) -> int:
    if len(text) > 20:
        raise JsonRefused("integer out of range (signed 64-bit)")
    n = int(text)
    if abs(n) > MAX_INT:
        raise JsonRefused("integer out of range (signed 64-bit)")
    return n


def _float(text: str) -> float:
    if len(text) > _MAX_NUMBER_TEXT:
        raise JsonRefused("number literal too long")
    x = float(text)
    if not math.isfinite(x):
        raise JsonRefused("number out of range (not a finite double)")
    return x


def _check(value: Any) -> None:
    """Depth and lone-surrogate check, iteratively (no recursion to exhaust)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, dict):
            if depth > MAX_DEPTH:
                raise JsonRefused(f"nested deeper than {MAX_DEPTH} levels")
            for k, x in v.items():
                _text(k)
                if isinstance(x, dict | list):
                    stack.append((x, depth + 1))
                elif isinstance(x, str):
                    _text(x)
        elif isinstance(v, list):
            if depth > MAX_DEPTH:
                raise JsonRefused(f"nested deeper than {MAX_DEPTH} levels")
            for x in v:
                if isinstance(x, dict | list):
                    stack.append((x, depth + 1))
                elif isinstance(x, str):
                    _text(x)
        elif isinstance(v, str):
            _text(v)


def _text(s: str) -> None:
    if not s.isascii():
        try:
            s.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise JsonRefused("string with a lone surrogate (not Unicode text)") from exc


def loads(raw: bytes | str) -> Any:
    """Parse ``raw`` strictly; :class:`JsonRefused` (a ValueError) says why not."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise JsonRefused("body is not UTF-8") from exc
    try:
        value = json.loads(text, parse_constant=_constant, parse_int=_int, parse_float=_float)
    except JsonRefused:
        raise
    except RecursionError as exc:
        raise JsonRefused(f"nested deeper than {MAX_DEPTH} levels") from exc
    except ValueError as exc:
        raise JsonRefused(f"body is not JSON: {str(exc)[:80]}") from exc
    _check(value)
    return value


def dumps(value: Any) -> str:
    """Compact JSON that never writes NaN/Infinity (ValueError instead)."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
