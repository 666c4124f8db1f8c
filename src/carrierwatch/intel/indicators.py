"""The indicator model shared by every intel reader, and its Arrow form used by set-at-a-time matching.

IPv4 addresses and CIDRs become integer ranges ``[lo, hi]`` so one range join matches both exact addresses
and networks (a /32 is a range of one). IPv6 values are matched exactly on their canonical text form for now;
ranges over 128-bit integers need a HUGEINT that Spark lacks (tracked for the intel issue).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime

import pyarrow as pa

IP_KINDS = ("ipv4", "ipv6", "cidr4", "cidr6")


@dataclass
class Indicator:
    id: str
    kind: str  # ipv4, ipv6, cidr4, cidr6, domain, url, md5, sha1, sha256, ssdeep, file-name, ...
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


INDICATOR_SCHEMA = pa.schema(
    [
        ("indicator_id", pa.string()),
        ("kind", pa.string()),
        ("value", pa.string()),
        ("lo", pa.int64()),  # IPv4 range start (exact IPv4 and CIDRs); null for other kinds
        ("hi", pa.int64()),
        ("source", pa.string()),
        ("label", pa.string()),
        ("tlp", pa.string()),
        ("attack", pa.string()),  # comma-separated technique ids
        ("actors", pa.string()),
    ]
)


def indicators_to_arrow(indicators: list[Indicator]) -> pa.Table:
    cols: dict[str, list[object]] = {n: [] for n in INDICATOR_SCHEMA.names}
    for ind in indicators:
        lo = hi = None
        if ind.kind in ("ipv4", "cidr4"):
            net = ipaddress.ip_network(ind.value, strict=False)
            lo, hi = int(net.network_address), int(net.broadcast_address)
        cols["indicator_id"].append(ind.id)
        cols["kind"].append(ind.kind)
        cols["value"].append(ind.value)
        cols["lo"].append(lo)
        cols["hi"].append(hi)
        cols["source"].append(ind.source)
        cols["label"].append(ind.name or ind.description or ind.value)
        cols["tlp"].append(ind.tlp)
        cols["attack"].append(",".join(ind.attack))
        cols["actors"].append(",".join(ind.actors))
    return pa.table(cols, schema=INDICATOR_SCHEMA)
