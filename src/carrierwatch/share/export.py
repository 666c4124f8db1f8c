"""Findings → a STIX 2.1 bundle to share: identity, sightings, indicators, observed-data, ATT&CK, relationships.

What goes out and why:
- IOC findings become one ``sighting`` per indicator value (``sighting_of_ref`` = the intel's own indicator id
  when the finding names it, else an ``indicator`` we mint), with ``count``, ``first_seen``/``last_seen``, an
  ``observed-data`` over the external address, and ``where_sighted_refs`` = the reporting organisation (left out
  for anonymised sightings). Device names and evidence lines never leave: only counts do.
- Behaviour and analytic findings become sightings of the ATT&CK ``attack-pattern`` they map to; public
  addresses in the evidence of high/critical ones become new ``indicator``s (infrastructure the intruders used,
  e.g. a tunnel peer or an address an ACL was opened to), related to the technique by ``indicates``.
- Audit, vulnerability and lawful-intercept findings are not exported: a carrier's hardening gaps and its
  intercept system are exactly what must not be published.
Each object carries one OASIS TLP 2.0 marking, the strictest of what it was derived from; then the whole bundle
goes through :class:`Redactor` before it is returned.
"""

from __future__ import annotations

import ipaddress
import json
import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from carrierwatch.findings import Category, Finding, Severity
from carrierwatch.intel.attack import technique_name
from carrierwatch.intel.tlp import ORDER, TLP2_IDS, strictest
from carrierwatch.share.redact import RedactionPolicy, Redactor

_NS = uuid.UUID("6f3c1e52-7b0e-4c1c-9a51-2f1b2f5c0c77")  # carrierwatch's namespace for deterministic ids
_SCO_NS = uuid.UUID("00abedb4-aa42-466c-9c01-fed23315a9b7")  # STIX 2.1 §2.9 namespace for SCO ids
_IPV4_IN_TEXT = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")
SHARED_CATEGORIES = (Category.IOC, Category.BEHAVIOR, Category.ANALYTIC)


@dataclass
class ExportResult:
    bundle: dict[str, Any]
    exported: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    redactions: dict[str, int] = field(default_factory=dict)

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def _ts(dt: datetime | None) -> str:
    dt = (dt or datetime.now(UTC)).astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def _sid(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(_NS, kind + ':' + key)}"


def _pattern(value: str) -> tuple[str, str] | None:
    """(STIX pattern, SCO type) for an address, network or domain; None for anything else."""
    try:
        net = ipaddress.ip_network(value, strict=False)
        sco = "ipv4-addr" if net.version == 4 else "ipv6-addr"
        shown = str(net.network_address) if net.num_addresses == 1 else str(net)
        return f"[{sco}:value = '{shown}']", sco
    except ValueError:
        pass
    if re.fullmatch(r"(?i)[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?(?:\.[a-z0-9-]{1,63})+", value):
        return f"[domain-name:value = '{value.lower()}']", "domain-name"
    return None


class _Builder:
    def __init__(self, org: str, anonymous: bool, now: datetime, default_tlp: str) -> None:
        self.now = _ts(now)
        self.anonymous = anonymous
        self.default_tlp = default_tlp
        self.objects: dict[str, dict[str, Any]] = {}
        self.identity_id: str | None = None
        if not anonymous:
            self.identity_id = _sid("identity", org)
            self.put({"type": "identity", "id": self.identity_id, "name": org, "identity_class": "organization",
                      "sectors": ["telecommunications"]}, "clear")

    def put(self, obj: dict[str, Any], tlp: str) -> str:
        obj.setdefault("spec_version", "2.1")
        obj.setdefault("created", self.now)
        obj.setdefault("modified", self.now)
        if self.identity_id and obj["type"] != "identity":
            obj["created_by_ref"] = self.identity_id
        old = self.objects.get(obj["id"])
        if old is not None:  # same object derived twice: keep the strictest marking
            tlp = strictest(tlp, _tlp_of(old))
        obj["object_marking_refs"] = [TLP2_IDS[tlp]]
        self.objects[obj["id"]] = obj
        return str(obj["id"])

    def attack_pattern(self, tid: str) -> str:
        return self.put({"type": "attack-pattern", "id": _sid("attack-pattern", tid),
                         "name": technique_name(tid) or tid,
                         "external_references": [{"source_name": "mitre-attack", "external_id": tid,
                                                  "url": "https://attack.mitre.org/techniques/"
                                                  + tid.replace(".", "/")}]}, "clear")

    def indicator(self, value: str, name: str, tlp: str, first: datetime | None) -> str | None:
        pat = _pattern(value)
        if pat is None:
            return None
        return self.put({"type": "indicator", "id": _sid("indicator", value), "name": name,
                         "description": "Shared by carrierwatch from a hunt finding; suspected until corroborated.",
                         "indicator_types": ["malicious-activity"], "pattern": pat[0], "pattern_type": "stix",
                         "valid_from": _ts(first)}, tlp)

    def observed(self, value: str, first: datetime | None, last: datetime | None, n: int, tlp: str) -> str | None:
        pat = _pattern(value)
        if pat is None or "/" in value:
            return None
        sco_type = pat[1]
        shown = pat[0].split("'")[1]
        sco_id = f"{sco_type}--{uuid.uuid5(_SCO_NS, json.dumps({'value': shown}, separators=(',', ':')))}"
        self.objects[sco_id] = {"type": sco_type, "spec_version": "2.1", "id": sco_id, "value": shown,
                                "object_marking_refs": [TLP2_IDS[tlp]]}
        fo, lo = _ts(first), _ts(last or first)
        return self.put({"type": "observed-data", "id": _sid("observed-data", f"{value}|{fo}|{lo}"),
                         "first_observed": fo, "last_observed": max(fo, lo),
                         "number_observed": max(1, min(n, 999999999)),
                         "object_refs": [sco_id]}, tlp)

    def sighting(self, key: str, of_ref: str, count: int, first: datetime | None, last: datetime | None, tlp: str,
                 description: str, observed: list[str]) -> str:
        fs, ls = _ts(first), _ts(last or first)
        obj: dict[str, Any] = {"type": "sighting", "id": _sid("sighting", key), "sighting_of_ref": of_ref,
                               "count": max(1, min(count, 999999999)), "first_seen": fs, "last_seen": max(fs, ls),
                               "description": description}
        if observed:
            obj["observed_data_refs"] = observed
        if self.identity_id:
            obj["where_sighted_refs"] = [self.identity_id]
        return self.put(obj, tlp)

    def relate(self, src: str, rel: str, dst: str, tlp: str) -> None:
        self.put({"type": "relationship", "id": _sid("relationship", f"{src}|{rel}|{dst}"), "relationship_type": rel,
                  "source_ref": src, "target_ref": dst}, tlp)


def _tlp_of(obj: dict[str, Any]) -> str:
    from carrierwatch.intel.tlp import tlp_from_marking_refs

    return tlp_from_marking_refs(obj.get("object_marking_refs"))


def _finding_tlp(f: Finding, default: str) -> str:
    tlp = str(f.extra.get("tlp") or default)
    return tlp if tlp in ORDER else "red"  # unknown marking: assume the worst


def _span(fs: list[Finding]) -> tuple[datetime | None, datetime | None]:
    firsts = [f.first_seen for f in fs if f.first_seen]
    lasts = [f.last_seen or f.first_seen for f in fs if f.last_seen or f.first_seen]
    return (min(firsts) if firsts else None), (max(x for x in lasts if x) if lasts else None)


def export_bundle(findings: list[Finding], *, org: str = "Example Carrier", anonymous: bool = False,
                  default_tlp: str = "amber", policy: RedactionPolicy | None = None,
                  now: datetime | None = None) -> ExportResult:
    """Build, mark and redact the bundle. ``policy=None`` means the default policy (everything redacted)."""
    if default_tlp not in ORDER:
        raise ValueError(f"unknown TLP {default_tlp!r}")
    policy = policy or RedactionPolicy()
    devices = sorted({f.device for f in findings if f.device})
    redactor = Redactor(RedactionPolicy(**{**policy.__dict__, "internal_hosts": [*policy.internal_hosts, *devices]}))
    b = _Builder(org, anonymous, now or datetime.now(UTC), default_tlp)
    result = ExportResult(bundle={})
    by_ioc: dict[str, list[Finding]] = defaultdict(list)
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.category not in SHARED_CATEGORIES:
            result.skip(f"category {f.category.value} is not shared")
        elif f.category == Category.IOC and isinstance(f.extra.get("indicator"), str):
            by_ioc[f.extra["indicator"]].append(f)
        else:
            by_rule[f.rule_id].append(f)
    for value, fs in sorted(by_ioc.items()):
        if redactor.is_internal_ip(value):
            result.skip("indicator value is an internal address")
            continue
        tlp = strictest(*(_finding_tlp(f, default_tlp) for f in fs))
        first, last = _span(fs)
        count = sum(int(f.extra.get("events") or 1) for f in fs)
        intel_ids = sorted({r for f in fs for r in f.references if r.startswith("indicator--")})
        of_ref = intel_ids[0] if intel_ids else b.indicator(value, f"Indicator sighted: {value}", tlp, first)
        if of_ref is None:
            result.skip("indicator value has no STIX pattern form")
            continue
        od = b.observed(value, first, last, count, tlp)
        b.sighting(f"ioc|{value}", of_ref, count, first, last, tlp,
                   f"Indicator {value} seen in {count} events on {len(fs)} network devices.", [od] if od else [])
        for tid in sorted({t for f in fs for t in f.attack}):
            if not intel_ids:
                b.relate(of_ref, "indicates", b.attack_pattern(tid), tlp)
        result.exported += len(fs)
    for rule, fs in sorted(by_rule.items()):
        techniques = sorted({t for f in fs for t in f.attack})
        if not techniques:
            result.skip("behaviour without an ATT&CK technique")
            continue
        tlp = strictest(*(_finding_tlp(f, default_tlp) for f in fs))
        first, last = _span(fs)
        for tid in techniques:
            ap = b.attack_pattern(tid)
            b.sighting(f"behavior|{rule}|{tid}", ap, len(fs), first, last, tlp,
                       f"{fs[0].title} ({len(fs)} findings, rule {rule}).", [])
        for f in fs:
            if f.severity.rank < Severity.HIGH.rank:
                continue
            for ev in f.evidence:
                for ip in _IPV4_IN_TEXT.findall(ev.text):
                    try:
                        addr = ipaddress.ip_address(ip)
                    except ValueError:
                        continue
                    if redactor.is_internal_ip(ip) or addr.is_multicast or addr.is_unspecified or ip in by_ioc:
                        continue
                    ind = b.indicator(ip, f"Suspected intruder infrastructure ({rule})", tlp, f.first_seen)
                    if ind:
                        for tid in techniques:
                            b.relate(ind, "indicates", b.attack_pattern(tid), tlp)
        result.exported += len(fs)
    objects = [redactor.value(o) for o in b.objects.values()]
    result.bundle = {"type": "bundle", "id": f"bundle--{uuid.uuid4()}", "objects": objects}
    result.redactions = dict(redactor.report.counts)
    return result
