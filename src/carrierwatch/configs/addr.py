"""Address helpers shared by the parsers: masks, wildcards and ACL operands to CIDR strings."""

from __future__ import annotations

import functools
import ipaddress


@functools.lru_cache(maxsize=1024)  # a config repeats a handful of masks; pure function of the text
def mask_to_prefix(mask: str) -> int | None:
    """``255.255.255.0`` -> 24; None if it is not a contiguous netmask."""
    try:
        return ipaddress.IPv4Network(f"0.0.0.0/{mask}").prefixlen
    except ValueError:
        return None


@functools.lru_cache(maxsize=1024)
def wildcard_to_prefix(wildcard: str) -> int | None:
    """``0.0.0.255`` -> 24 (Cisco ACL wildcard); None if not contiguous."""
    try:
        inv = int(ipaddress.IPv4Address(wildcard)) ^ 0xFFFFFFFF
        return ipaddress.IPv4Network(f"0.0.0.0/{ipaddress.IPv4Address(inv)}").prefixlen
    except ValueError:
        return None


def _is_ipv4(text: str) -> bool:
    """``ipaddress.IPv4Address(text)`` would accept ``text`` (same rules: four decimal ASCII octets, no
    leading zero, each <= 255), without building the object or raising."""
    parts = text.split(".")
    if len(parts) != 4:
        return False
    for o in parts:
        if not o or len(o) > 3 or not (o.isascii() and o.isdigit()) or (o[0] == "0" and o != "0") or int(o) > 255:
            return False
    return True


def is_ip(text: str) -> bool:
    if ":" not in text:  # not IPv6: IPv4 rules only
        return _is_ipv4(text)
    try:
        ipaddress.ip_address(text)
        return True
    except ValueError:
        return False


@functools.lru_cache(maxsize=4096)
def network(addr: str, prefix: int) -> str:
    return str(ipaddress.ip_network(f"{addr}/{prefix}", strict=False))


def acl_operand(words: list[str], i: int) -> tuple[str | None, int]:
    """Read one ACL address operand at ``words[i]``: ``any``, ``host A``, ``A W`` (wildcard),
    ``A/len`` or a bare ``A`` (standard ACL host). Returns (cidr or "any", next index)."""
    if i >= len(words):
        return None, i
    w = words[i].lower()
    if w in ("any", "any4", "any6"):
        return "any", i + 1
    if w == "host" and i + 1 < len(words):
        a = words[i + 1]
        return (network(a, 128 if ":" in a else 32) if is_ip(a) else a), i + 2
    if w in ("object-group", "addrgroup", "object") and i + 1 < len(words):
        return f"object:{words[i + 1]}", i + 2
    if "/" in w:
        try:
            return str(ipaddress.ip_network(words[i], strict=False)), i + 1
        except ValueError:
            return None, i + 1
    if is_ip(words[i]):
        if i + 1 < len(words) and is_ip(words[i + 1]) and ":" not in words[i]:
            p = wildcard_to_prefix(words[i + 1])
            if p is None:
                return f"{words[i]} {words[i + 1]}", i + 2  # non-contiguous wildcard, kept verbatim
            return network(words[i], p), i + 2
        return network(words[i], 128 if ":" in words[i] else 32), i + 1
    return None, i
