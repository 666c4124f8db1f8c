"""MISP warning lists: flag known-benign indicator values at import, and suppress them at match time.

Lists are the shipped compact copy (``data/warninglists``, CC0, MISP/misp-warninglists). List types follow
MISP's semantics (misp-warninglists README): ``cidr`` (an address or network inside a listed range), ``string``
(exact value), ``hostname`` (the domain or any subdomain of a listed name). An IP/CIDR indicator is flagged when
it lies wholly inside a listed range; a URL is checked by its host. Lookups are bisect over merged integer
ranges, so flagging 10^5 indicators against the 62k public-DNS ranges takes well under a second.
"""

from __future__ import annotations

import bisect
import gzip
import ipaddress
import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from carrierwatch.intel.indicators import HASH_KINDS, IP_KINDS, Indicator

_HASH_ATTRS = {"md5", "sha1", "sha256", "sha512"}


@dataclass
class _Ranges:
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    def contains(self, lo: int, hi: int) -> bool:
        i = bisect.bisect_right(self.starts, lo) - 1
        return i >= 0 and self.ends[i] >= hi


@dataclass
class WarningList:
    name: str  # MISP list folder name, e.g. "rfc1918"
    title: str
    kind: str  # cidr / string / hostname
    attributes: list[str]
    values: set[str] = field(default_factory=set)
    v4: _Ranges = field(default_factory=_Ranges)
    v6: _Ranges = field(default_factory=_Ranges)


def _merge(pairs: list[tuple[int, int]]) -> _Ranges:
    out = _Ranges()
    for lo, hi in sorted(pairs):
        if out.starts and lo <= out.ends[-1] + 1:
            out.ends[-1] = max(out.ends[-1], hi)
        else:
            out.starts.append(lo)
            out.ends.append(hi)
    return out


def _build(name: str, d: dict[str, Any]) -> WarningList:
    wl = WarningList(name, str(d.get("name", name)), str(d.get("type", "string")),
                     list(d.get("matching_attributes") or []))
    if wl.kind == "cidr":
        p4: list[tuple[int, int]] = []
        p6: list[tuple[int, int]] = []
        for v in d["list"]:
            try:
                net = ipaddress.ip_network(v, strict=False)
            except ValueError:
                continue
            (p4 if net.version == 4 else p6).append((int(net.network_address), int(net.broadcast_address)))
        wl.v4, wl.v6 = _merge(p4), _merge(p6)
    else:
        wl.values = {str(v).lower().rstrip(".") for v in d["list"]}
    return wl


@lru_cache(maxsize=1)
def shipped() -> tuple[dict[str, Any], list[WarningList]]:
    """(provenance, lists) from the package data."""
    ref = resources.files("carrierwatch") / "data" / "warninglists" / "lists.json.gz"
    payload = json.loads(gzip.decompress(ref.read_bytes()))
    lists = [_build(n, d) for n, d in sorted(payload["lists"].items())]
    return {k: payload[k] for k in ("source", "commit", "licence")}, lists


def _host_suffixes(host: str) -> list[str]:
    parts = host.split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


def warning_for(kind: str, value: str, lists: list[WarningList] | None = None) -> str:
    """Name of the first warning list that marks this typed value as known-benign, or ''."""
    lists = lists if lists is not None else shipped()[1]
    if kind in IP_KINDS:
        net = ipaddress.ip_network(value, strict=False)
        lo, hi = int(net.network_address), int(net.broadcast_address)
        for wl in lists:
            if wl.kind == "cidr" and (wl.v4 if net.version == 4 else wl.v6).contains(lo, hi):
                return wl.name
        return ""
    host = ""
    if kind == "domain":
        host = value
    elif kind == "url":
        host = (urlsplit(value).hostname or "").lower()
    for wl in lists:
        if wl.kind == "cidr":
            continue
        if kind in HASH_KINDS and _HASH_ATTRS & set(wl.attributes) and value.lower() in wl.values:
            return wl.name
        if host and {"domain", "hostname", "url"} & set(wl.attributes):
            candidates = _host_suffixes(host) if wl.kind == "hostname" else [host]
            if any(c in wl.values for c in candidates):
                return wl.name
    return ""


def flag(indicators: list[Indicator], lists: list[WarningList] | None = None) -> dict[str, int]:
    """Set ``warning`` on every known-benign indicator; returns counts per list (shown by import)."""
    counts: dict[str, int] = {}
    for ind in indicators:
        name = warning_for(ind.kind, ind.value, lists)
        ind.warning = name
        if name:
            counts[name] = counts.get(name, 0) + 1
    return counts
