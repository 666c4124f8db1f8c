"""The indicator model shared by every intel reader, and its Arrow form used by set-at-a-time matching.

Every value is typed (``kind``) and canonicalised once, at import, so matching is a plain hash join:
IPv4 exact values and CIDRs become integer ranges ``[lo, hi]`` (a /32 is a range of one); IPv6 values and
CIDRs become ranges over two signed BIGINT halves (``h6``/``l6``: the high and low 64 bits with the sign bit
flipped so signed order equals unsigned order), because Spark has no 128-bit integer and DuckDB's HUGEINT does
not transpile. Hashes are lower-case hex, domains lower-case without the trailing dot, URLs normalised by
:func:`carrierwatch.intel.values.normalise_url`.

A STIX pattern with AND (``[(file:hashes.'SHA-1' = … OR …) AND file:name = 'cmd1']``) becomes several rows that
share a ``group`` and carry ``group_size``: the group matches only when all of its terms match the same record.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

IP_KINDS = ("ipv4", "ipv6", "cidr4", "cidr6")
HASH_KINDS = ("md5", "sha1", "sha256", "sha512", "ssdeep")
#: Every kind the store accepts. x509-* are certificate fingerprints; asn and port are numbers as text.
KINDS = (*IP_KINDS, "domain", "url", "email", *HASH_KINDS, "file-name", "x509-sha1", "x509-sha256", "asn", "port")

_SIGN = 1 << 63


@dataclass
class Indicator:
    id: str
    kind: str  # one of KINDS
    value: str
    source: str  # feed / file the indicator came from
    name: str = ""
    description: str = ""
    tlp: str = "clear"
    attack: list[str] = field(default_factory=list)
    malware: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    valid_until: datetime | None = None
    modified: str = ""
    confidence: int | None = None  # 0-100 (STIX confidence scale)
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    group: str = ""  # compound pattern conjunction this term belongs to ("" = a standalone value)
    group_size: int = 1
    warning: str = ""  # name of the MISP warning list that says this value is known-benign ("" = none)

    @property
    def group_key(self) -> str:
        return self.group or f"{self.id}|{self.kind}|{self.value}"


def classify_ip(value: str) -> tuple[str, str] | None:
    """Return (kind, canonical value) for an IP or CIDR string, or None if it is neither."""
    text = value.strip()
    try:
        if "/" in text:
            net = ipaddress.ip_network(text, strict=False)
            if net.num_addresses == 1:
                return ("ipv4" if net.version == 4 else "ipv6", str(net.network_address))
            return ("cidr4" if net.version == 4 else "cidr6", str(net))
        ip = ipaddress.ip_address(text)
        return ("ipv4" if ip.version == 4 else "ipv6", ip.compressed)
    except ValueError:
        return None


def split128(value: int) -> tuple[int, int]:
    """A 128-bit unsigned integer as two signed 64-bit halves whose signed order is the unsigned order."""
    return (value >> 64) - _SIGN, (value & 0xFFFF_FFFF_FFFF_FFFF) - _SIGN


def ip_keys(text: str) -> tuple[int | None, int | None, int | None]:
    """(ip4, h6, l6) for an address; Nones where it is not that family or not an address."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None, None, None
    if ip.version == 4:
        return int(ip), None, None
    h, lo = split128(int(ip))
    return None, h, lo


INDICATOR_SCHEMA = pa.schema(
    [
        ("indicator_id", pa.string()),
        ("kind", pa.string()),
        ("value", pa.string()),
        ("lo", pa.int64()),  # IPv4 range start (exact IPv4 and CIDRs); null for other kinds
        ("hi", pa.int64()),
        ("h6lo", pa.int64()),  # IPv6 range start, high half (sign-flipped)
        ("l6lo", pa.int64()),  # IPv6 range start, low half
        ("h6hi", pa.int64()),
        ("l6hi", pa.int64()),
        ("grp", pa.string()),  # conjunction key: all terms of one grp must match one record
        ("grp_size", pa.int32()),
        ("source", pa.string()),
        ("label", pa.string()),
        ("tlp", pa.string()),
        ("attack", pa.string()),  # comma-separated technique ids
        ("actors", pa.string()),
        ("warning", pa.string()),
    ]
)


def indicators_to_arrow(indicators: list[Indicator]) -> pa.Table:
    cols: dict[str, list[object]] = {n: [] for n in INDICATOR_SCHEMA.names}
    for ind in indicators:
        lo = hi = h6lo = l6lo = h6hi = l6hi = None
        if ind.kind in IP_KINDS:
            net = ipaddress.ip_network(ind.value, strict=False)
            if net.version == 4:
                lo, hi = int(net.network_address), int(net.broadcast_address)
            else:
                h6lo, l6lo = split128(int(net.network_address))
                h6hi, l6hi = split128(int(net.broadcast_address))
        cols["indicator_id"].append(ind.id)
        cols["kind"].append(ind.kind)
        cols["value"].append(ind.value)
        cols["lo"].append(lo)
        cols["hi"].append(hi)
        cols["h6lo"].append(h6lo)
        cols["l6lo"].append(l6lo)
        cols["h6hi"].append(h6hi)
        cols["l6hi"].append(l6hi)
        cols["grp"].append(ind.group_key)
        cols["grp_size"].append(ind.group_size)
        cols["source"].append(ind.source)
        cols["label"].append(ind.name or ind.description or ind.value)
        cols["tlp"].append(ind.tlp)
        cols["attack"].append(",".join(ind.attack))
        cols["actors"].append(",".join(ind.actors))
        cols["warning"].append(ind.warning)
    return pa.table(cols, schema=INDICATOR_SCHEMA)
