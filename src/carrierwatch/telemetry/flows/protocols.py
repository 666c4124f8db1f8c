"""IP protocol names -> IANA protocol numbers (https://www.iana.org/assignments/protocol-numbers/)."""

from __future__ import annotations

from carrierwatch.values import is_ascii_digits, opt_int

IANA_PROTOCOLS: dict[str, int] = {
    "hopopt": 0, "icmp": 1, "igmp": 2, "ipip": 4, "ipv4": 4, "ip-in-ip": 4, "tcp": 6, "egp": 8, "udp": 17,
    "ipv6": 41, "rsvp": 46, "gre": 47, "esp": 50, "ah": 51, "icmp6": 58, "icmpv6": 58, "ipv6-icmp": 58,
    "eigrp": 88, "ospf": 89, "ospfigp": 89, "pim": 103, "vrrp": 112, "l2tp": 115, "sctp": 132,
}


def protocol_number(text: str, *, ipv6: bool = False) -> int | None:
    """``"TCP"`` -> 6, ``"17"`` -> 17; Zeek's ``icmp`` on an IPv6 flow -> 58. None if unknown."""
    t = text.strip().lower()
    if is_ascii_digits(t):
        return opt_int(t, lo=0, hi=255)
    n2 = IANA_PROTOCOLS.get(t)
    if n2 == 1 and ipv6:
        return 58
    return n2
