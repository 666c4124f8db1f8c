"""Canonical forms of indicator values, shared by every reader and by the matcher's side of each join.

Matching is exact on these forms, so both sides must go through the same function: hashes lower-case hex
(CISA publishes upper-case), domains lower-case IDNA without the trailing dot, URLs with scheme and host
lower-cased, default port and fragment dropped, and the path percent-decoded *twice* (CVE-2023-20198 exploit
requests hide ``/webui/logoutconfirm.html?logon_hash=1`` behind ``%2577ebui``-style double encoding; Cisco Talos
and the Sigma rule ``cisco_ios_xe_web_ui_exploitation`` show both layers). Defanged values (``1.2.3[.]4``,
``hxxp://``) are refanged first, because advisories publish them that way.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from carrierwatch.intel.indicators import classify_ip

_HEX = {"md5": 32, "sha1": 40, "sha256": 64, "sha512": 128, "x509-sha1": 40, "x509-sha256": 64}
_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_SSDEEP = re.compile(r"^\d+:[A-Za-z0-9/+]+:[A-Za-z0-9/+]+$")


def refang(text: str) -> str:
    t = text.strip().replace("[.]", ".").replace("(.)", ".").replace("[dot]", ".").replace("[:]", ":")
    t = t.replace("[@]", "@")
    return re.sub(r"^hxxp", "http", t, flags=re.IGNORECASE)


def normalise_domain(text: str) -> str | None:
    d = refang(text).lower()
    d = d[:-1] if d.endswith(".") else d  # one root dot is fine; "a.b.." is not a name
    if d.startswith("*."):
        d = d[2:]
    try:
        d = d.encode("idna").decode("ascii") if not d.isascii() else d
    except UnicodeError:
        return None
    return d if _DOMAIN.match(d) else None


def normalise_url(text: str) -> str | None:
    """Scheme/host lower-cased, default port and fragment dropped, path and query percent-decoded twice."""
    raw = refang(text)
    if "://" not in raw:
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    scheme = parts.scheme.lower()
    netloc = host if port is None or (scheme, port) in (("http", 80), ("https", 443)) else f"{host}:{port}"
    path = unquote(unquote(parts.path)) or "/"
    query = unquote(unquote(parts.query))
    return urlunsplit((scheme, netloc, path, query, ""))


def canonical(kind: str, value: str) -> tuple[str, str] | None:
    """(kind, canonical value) or None when the value is not a valid ``kind``; IP kinds are re-derived."""
    v = refang(value)
    if kind in ("ip", "ipv4", "ipv6", "cidr4", "cidr6"):
        return classify_ip(v)
    if kind in _HEX:
        h = v.lower()
        return (kind, h) if len(h) == _HEX[kind] and all(c in "0123456789abcdef" for c in h) else None
    if kind == "ssdeep":
        return (kind, v) if _SSDEEP.match(v) else None
    if kind == "domain":
        d = normalise_domain(v)
        return (kind, d) if d else None
    if kind == "url":
        u = normalise_url(v)
        return (kind, u) if u else None
    if kind == "email":
        return (kind, v.lower()) if _EMAIL.match(v) else None
    if kind == "asn":
        n = v.upper().removeprefix("AS")
        return (kind, str(int(n))) if n.isdigit() else None
    if kind == "port":
        return (kind, str(int(v))) if v.isdigit() and 0 <= int(v) <= 65535 else None
    if kind == "file-name":
        return (kind, v) if v else None
    return None


def guess_kind(value: str) -> tuple[str, str] | None:
    """Type an untyped value (freetext feeds, plain CSV lists): IP/CIDR, hash by length, URL, e-mail, domain."""
    v = refang(value)
    if not v:
        return None
    ip = classify_ip(v)
    if ip:
        return ip
    low = v.lower()
    if all(c in "0123456789abcdef" for c in low):
        kind = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}.get(len(low))
        return (kind, low) if kind else None
    if "://" in v:
        return canonical("url", v)
    if "@" in v:
        return canonical("email", v)
    if _SSDEEP.match(v):
        return ("ssdeep", v)
    return canonical("domain", v)
