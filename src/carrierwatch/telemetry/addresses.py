"""IP address canonicalisation shared by every reader (one spelling per address, so joins work)."""

from __future__ import annotations

import ipaddress

_cache: dict[str, str | None] = {}


def canonical_ip(text: str | None) -> str | None:
    """``ipaddress`` canonical text (``.compressed``) of an address, or None if it is not one.

    Memoised: logs repeat the same few thousand addresses millions of times.
    """
    if not text:
        return None
    try:
        return _cache[text]
    except KeyError:
        pass
    try:
        v: str | None = ipaddress.ip_address(text).compressed
    except ValueError:
        v = None
    if len(_cache) < 200_000:
        _cache[text] = v
    return v
