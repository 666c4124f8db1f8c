"""Keyed hashing of lawful-intercept target identifiers: carrierwatch must never become a copy of the list.

Who a carrier is wiretapping is the secret the intruders wanted (docs/guidance.md#lawful-intercept). The warrant
register and the X1 trail carry target identifiers (E.164 numbers, IMSI, IMEI, SUPI, IP addresses); the moment a
reader sees one it is replaced by ``tgt-<16 hex>`` = HMAC-SHA256(key, "<kind>:<normalised value>").
The key is 32 random bytes in the workspace (``li-target.key``), created owner-only (0600), so:

* the same target in the register and in an X1 message gets the same token (the checks can join them);
* a token cannot be reversed, and without the key not even confirmed by guessing numbers (a plain hash of
  a phone number is brute-forced in seconds: the E.164 space is ~10^12);
* two workspaces (or two partners) produce different tokens, so shared findings do not correlate targets.

Normalisation makes spellings agree: E.164 keeps digits only (``+1 555-0100`` == ``15550100``), IMSI/IMEI
digits only, SUPI ``imsi-<digits>`` becomes an IMSI, IP addresses are canonicalised by ``ipaddress``.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import os
import secrets
import stat
from pathlib import Path

KEY_NAME = "li-target.key"
KEY_BYTES = 32
TOKEN_PREFIX = "tgt-"

#: X1 (ETSI TS 103 221-1 ``TargetIdentifier`` choice names) and register spellings -> canonical kind.
KIND_ALIASES: dict[str, str] = {
    "e164": "e164", "e164number": "e164", "msisdn": "e164", "gpsimsisdn": "e164", "tel": "e164",
    "teluri": "e164",
    "imsi": "imsi", "supiimsi": "imsi",
    "imei": "imei", "pei": "imei", "peiimei": "imei",
    "supi": "supi", "supinai": "nai", "nai": "nai", "gpsinai": "nai",
    "ip": "ip", "ipv4address": "ip", "ipv6address": "ip", "ipv4": "ip", "ipv6": "ip",
    "ipv4cidr": "cidr", "ipv6prefix": "cidr", "cidr": "cidr",
    "sipuri": "sip", "sip": "sip", "macaddress": "mac", "mac": "mac", "email": "email", "emailaddress": "email",
}  # fmt: skip


class TargetError(ValueError):
    """A target identifier of a known kind whose value is not valid for that kind (never echoes the value)."""


def canonical_kind(kind: str) -> str | None:
    return KIND_ALIASES.get(kind.strip().replace("_", "").replace("-", "").lower())


def normalise_target(kind: str, value: str) -> tuple[str, str]:
    """``(canonical kind, normalised value)``; raises :class:`TargetError` without quoting the value."""
    ck = canonical_kind(kind)
    if ck is None:
        raise TargetError(f"unknown target identifier kind '{kind[:40]}'")
    v = value.strip()
    if ck == "supi":
        low = v.lower()
        if low.startswith("imsi-"):
            ck, v = "imsi", v[5:]
        elif low.startswith("nai-"):
            ck, v = "nai", v[4:]
        elif v.isdigit():
            ck = "imsi"
    if ck == "e164":
        if v.lower().startswith("tel:"):
            v = v[4:]
        digits = "".join(c for c in v if c.isdigit())
        if not 6 <= len(digits) <= 15 or any(c not in "0123456789+-. ()" for c in v):
            raise TargetError("e164 target is not 6-15 digits")
        return ck, digits
    if ck in ("imsi", "imei"):
        if not v.isdigit() or not (14 <= len(v) <= 16 if ck == "imei" else 6 <= len(v) <= 15):
            raise TargetError(f"{ck} target is not a digit string of the right length")
        return ck, v
    if ck == "ip":
        try:
            return ck, str(ipaddress.ip_address(v))
        except ValueError as exc:
            raise TargetError("ip target is not an IP address") from exc
    if ck == "cidr":
        try:
            return ck, str(ipaddress.ip_network(v, strict=False))
        except ValueError as exc:
            raise TargetError("cidr target is not a network") from exc
    if not v:
        raise TargetError(f"{ck} target is empty")
    return ck, v.lower()


class TargetHasher:
    """HMAC-SHA256 tokens for target identifiers, keyed by the workspace key."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("LI target key must be at least 16 bytes")
        self._key = key

    def __repr__(self) -> str:  # never show the key
        return "TargetHasher(<key hidden>)"

    @classmethod
    def for_workspace(cls, root: Path) -> TargetHasher:
        return cls(load_or_create_key(root))

    def token(self, kind: str, value: str) -> str:
        """Token for a valid identifier (raises :class:`TargetError` for an invalid one)."""
        ck, v = normalise_target(kind, value)
        return self._mac(f"{ck}:{v}")

    def token_lenient(self, kind: str, value: str) -> str:
        """Token even for a malformed identifier (an X1 message is evidence whatever its target looks like)."""
        try:
            return self.token(kind, value)
        except TargetError:
            return self._mac(f"raw:{kind.strip().lower()}:{value.strip().lower()}")

    def _mac(self, text: str) -> str:
        digest = hmac.new(self._key, text.encode("utf-8", "backslashreplace"), hashlib.sha256).hexdigest()
        return TOKEN_PREFIX + digest[:16]


def load_or_create_key(root: Path) -> bytes:
    """Read ``<root>/li-target.key``; create it (0600, exclusive create, so two runs never race) if absent.

    A key file readable by group or others is narrowed back to 0600 before use.
    """
    root.mkdir(parents=True, exist_ok=True)
    path = root / KEY_NAME
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, 0o600)
        key = path.read_bytes()
        if len(key) < 16:
            raise ValueError(f"{path} holds {len(key)} bytes; delete it to create a new key") from None
        return key
    key = secrets.token_bytes(KEY_BYTES)
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    return key
