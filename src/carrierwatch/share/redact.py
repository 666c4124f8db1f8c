"""Redaction before anything leaves: subscriber ids, lawful-intercept targets, internal addresses/hosts, secrets.

Applied to every free-text string of an outgoing bundle (ids, refs and timestamps are structural and are left
alone). It errs towards removing too much: any run of 10-16 digits is treated as a possible IMSI (15 digits,
3GPP TS 23.003 §2.2), IMEI (15, §6.2.1), IMEISV (16) or E.164 MSISDN (up to 15, ITU-T E.164 §6.1); SUPI/SUCI
forms (``imsi-…``, ``nai-…``, ``suci-…``; TS 23.003 §28.7) and labelled LI identifiers (LIID, target, warrant;
ETSI TS 102 232-1 names the LIID) are removed whole. Internal addresses are the IANA special-purpose ranges
(RFC 1918, RFC 6598 shared space, loopback, link-local, ULA RFC 4193) plus the operator's own networks.
Secrets go through ``configs.mask`` plus generic ``key=value`` forms.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Any

from carrierwatch.configs.mask import mask_secrets

_STRUCTURAL = {"id", "type", "spec_version", "created", "modified", "first_seen", "last_seen", "valid_from",
               "valid_until", "first_observed", "last_observed", "pattern_type", "relationship_type",
               "identity_class", "external_id", "source_name", "url", "tlp_2_0", "extension_type", "lang"}

_SUBSCRIBER_LABELLED = re.compile(
    r"(?i)\b(imsi|imei|imeisv|msisdn|supi|suci|gpsi|pei|e164|calling[-_ ]?(?:party|number)?|"
    r"called[-_ ]?(?:party|number)?|subscriber(?:[-_ ]?id)?|phone)\s*[:=#]?\s*\+?[\w.@-]+")
_SUPI = re.compile(r"(?i)\b(?:imsi|nai|suci|imei|imeisv)-[\w.@-]+")
_DIGITS = re.compile(r"\+?(?<!\d)\d(?:[ -]?\d){9,15}(?!\d)")
_LI = re.compile(r"(?i)\b(liid|li[-_ ]?id|intercept(?:ion)?[-_ ]?(?:target|id)|target(?:[-_ ]?id)?|"
                 r"warrant(?:[-_ ]?id)?|case[-_ ]?id)\s*[:=#]?\s*[\w.@+:/-]+")
_SECRET_KV = re.compile(r"(?i)\b(password|passwd|pwd|secret|token|api[-_]?key|community|psk|key)\s*[:=]\s*\S+")
_BEARER = re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}")
_IPV4 = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(/\d{1,2})?(?![\d.])")
_IPV6 = re.compile(r"(?<![\w:])((?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}|"
                   r"[0-9a-fA-F]{0,4}::(?:[0-9a-fA-F]{1,4}:?){0,6})(/\d{1,3})?(?![\w:])")
_INTERNAL_SUFFIXES = (".local", ".lan", ".internal", ".intra", ".corp", ".home.arpa", ".localdomain", ".private")
_FQDN = re.compile(r"(?i)\b[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?)+\b")
_SPECIAL_NETS = [ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16",
    "0.0.0.0/8", "::1/128", "fe80::/10", "fc00::/7")]


@dataclass
class RedactionPolicy:
    """What to remove. All on by default; ``internal_networks`` / ``internal_hosts`` add the operator's own."""

    subscribers: bool = True
    lawful_intercept: bool = True
    internal_addresses: bool = True
    internal_hostnames: bool = True
    secrets: bool = True
    internal_networks: list[str] = field(default_factory=list)
    internal_hosts: list[str] = field(default_factory=list)  # device names, exact (case-insensitive)
    internal_domains: list[str] = field(default_factory=list)  # suffixes such as corp.example.net

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RedactionPolicy:
        known = {f for f in cls.__dataclass_fields__}
        unknown = set(d) - known
        if unknown:
            raise ValueError(f"unknown redaction settings: {', '.join(sorted(unknown))}")
        return cls(**d)


@dataclass
class RedactionReport:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        if n:
            self.counts[kind] = self.counts.get(kind, 0) + n


class Redactor:
    def __init__(self, policy: RedactionPolicy) -> None:
        self.policy = policy
        self.report = RedactionReport()
        self._nets = _SPECIAL_NETS + [ipaddress.ip_network(n, strict=False) for n in policy.internal_networks]
        self._hosts = sorted({h.lower() for h in policy.internal_hosts if h}, key=len, reverse=True)
        self._host_re = (re.compile(r"(?i)(?<![\w.-])(" + "|".join(re.escape(h) for h in self._hosts) + r")(?![\w-])")
                         if self._hosts else None)
        self._domains = tuple(("." + d.lower().lstrip(".")) for d in policy.internal_domains) + _INTERNAL_SUFFIXES

    def is_internal_ip(self, text: str) -> bool:
        try:
            net = ipaddress.ip_network(text, strict=False)
        except ValueError:
            return False
        return any(net.version == n.version and (net.subnet_of(n) or n.subnet_of(net))  # type: ignore[arg-type]
                   for n in self._nets)

    def text(self, s: str) -> str:
        p = self.policy
        if p.secrets:
            s = self._sub(_BEARER, s, "secret", lambda m: m.group(1) + " [redacted-secret]")
            s = self._sub(_SECRET_KV, s, "secret", lambda m: m.group(1) + "=[redacted-secret]")
            masked = mask_secrets(s)
            if masked != s:
                self.report.add("secret")
                s = masked
        if p.lawful_intercept:
            s = self._sub(_LI, s, "li-target", lambda m: m.group(1) + " [redacted-li-target]")
        if p.subscribers:
            s = self._sub(_SUPI, s, "subscriber", lambda m: "[redacted-subscriber]")
            s = self._sub(_SUBSCRIBER_LABELLED, s, "subscriber", lambda m: m.group(1) + " [redacted-subscriber]")
        if p.internal_addresses:
            s = self._sub(_IPV4, s, "internal-address",
                          lambda m: "[internal-address]" if self.is_internal_ip(m.group(0)) else m.group(0))
            s = self._sub(_IPV6, s, "internal-address",
                          lambda m: "[internal-address]" if self.is_internal_ip(m.group(0)) else m.group(0))
        if p.internal_hostnames:
            if self._host_re is not None:
                s = self._sub(self._host_re, s, "internal-host", lambda m: "[internal-host]")
            s = self._sub(_FQDN, s, "internal-host",
                          lambda m: "[internal-host]" if m.group(0).lower().endswith(self._domains) else m.group(0))
        if p.subscribers:  # last: digits inside addresses were handled above
            s = self._sub(_DIGITS, s, "subscriber", lambda m: "[redacted-number]")
        return s

    def _sub(self, rx: re.Pattern[str], s: str, kind: str, repl: Any) -> str:
        out, n = rx.subn(lambda m: _count(self.report, kind, m, repl(m)), s)
        return out

    def value(self, obj: Any, key: str = "") -> Any:
        """Redact a JSON tree; structural keys (ids, refs, timestamps, enums) are kept as they are."""
        if isinstance(obj, dict):
            return {k: self.value(v, k) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self.value(v, key) for v in obj]
        if isinstance(obj, str) and not (key in _STRUCTURAL or key.endswith(("_ref", "_refs"))):
            return self.text(obj)
        return obj


def _count(report: RedactionReport, kind: str, m: re.Match[str], new: str) -> str:
    if new != m.group(0):
        report.add(kind)
    return new
