"""The one Finding model that every producer emits and every output consumes.

Audit checks, CVE exposure, IOC matches, behaviour rules, analytics and lawful-intercept checks all
produce :class:`Finding`; the table, JSON, HTML, STIX and dashboard outputs all read it. Keeping a
single model is what lets a responder script against ``--format json`` and trust that an audit
finding and a hunt finding look the same.

The JSON shape (``Finding.to_dict``) is a public contract; see ``docs/json-output.md``.

Every rule of every family (audit check, SQL behaviour rule, analytic, Sigma rule, IOC match, LI check, drift
area, CVE exposure) describes itself with one :class:`RuleMeta`, and every producer turns an observation into a
finding through :meth:`Finding.from_rule`, so titles, remediation texts and references are built one way.
``RuleMeta`` lives here, at the bottom of the flow, so that every family can use it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from carrierwatch.masking import mask_evidence


class Severity(StrEnum):
    """Finding severity, ordered from least to most urgent."""

    INFO = "info"
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Accept the Sigma/STIX spellings too (``informational``, ``crit``)."""
        key = text.strip().lower()
        aliases = {"informational": "info", "crit": "critical", "med": "medium"}
        return cls(aliases.get(key, key))


_SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}


class Category(StrEnum):
    AUDIT = "audit"
    VULNERABILITY = "vulnerability"
    IOC = "ioc"
    BEHAVIOR = "behavior"
    ANALYTIC = "analytic"
    LAWFUL_INTERCEPT = "lawful-intercept"


class AuditStatus(StrEnum):
    """Outcome of one audit check on one device (ANTA-style, with Batfish's parse/fail split)."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"  # the check could not run (e.g. the config did not parse)
    NOT_APPLICABLE = "not_applicable"
    MANUAL = "manual"  # needs knowledge the config cannot show


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence: where it was seen and the (masked) text.

    The text is masked here, whoever builds the evidence (:func:`carrierwatch.masking.mask_evidence`: secrets
    and subscriber identifiers), so no producer can store or print one unmasked."""

    source: str  # input path as given to the run
    line: int | None  # 1-based line number, or record number for binary inputs
    text: str  # the line / record, secrets masked

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", mask_evidence(self.text))

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "text": self.text}


#: A remediation placeholder: ``<address>``, ``<acl-name>``; filled by :func:`fill_placeholders` when known.
_PLACEHOLDER = re.compile(r"<([a-z][a-z0-9_-]*)>")

#: Values a finding knows, by placeholder name: one value, or one per item (a line using it repeats per item).
Values = Mapping[str, "str | Sequence[str]"]


@dataclass(frozen=True)
class RuleMeta:
    """What a rule of any family is: the metadata every output shows, with the title of the *observation*.

    ``title`` says what was found ("Smart Install client enabled (vstack)"); ``title_key`` is the same with a
    ``{key}`` placeholder, used when the finding knows a key (an address, a port, an account): "TACACS+/RADIUS
    server {key} not on the aaa_servers allow-list". What the guidance requires goes in ``rationale``
    (``requirement`` holds its one-line form for audit checks). ``remediation`` (and the per-platform texts in
    ``platform_remediation``) may hold ``<name>`` placeholders that :meth:`Finding.from_rule` fills from the
    values the finding knows; ``key_name`` is the placeholder the finding's key fills.

    ``tunables`` names the workspace settings the rule reads (``HuntSettings`` fields, allow-lists) and
    ``concepts`` the ideas it implements (e.g. ``nonstandard-ssh-port``): rules sharing a concept must read the
    same tunables (``tests/architecture/test_catalogue.py``).
    """

    id: str
    title: str
    severity: Severity
    category: Category
    family: str = ""
    title_key: str = ""
    requirement: str = ""
    attack: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    remediation: str = ""
    platform_remediation: tuple[tuple[str, str], ...] = ()
    rationale: str = ""
    sources: tuple[str, ...] = ()
    key_name: str = "key"
    tunables: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()

    def title_for(self, key: str | None = None) -> str:
        """``title_key`` with the key filled in when there is a key (and a ``title_key``), else ``title``."""
        if key and self.title_key:
            return self.title_key.replace("{key}", key)
        return self.title

    def remediation_for(self, platform: str | None = None) -> str:
        """The remediation template for ``platform``: its own text, else the generic ``remediation``."""
        if platform is not None:
            for name, text in self.platform_remediation:
                if name == platform:
                    return text
        return self.remediation


def fill_placeholders(template: str, values: Values) -> str:
    """Fill ``<name>`` placeholders with known values, line by line, keeping the line breaks.

    A placeholder with no known value stays as it is (the reader must supply it). A line whose placeholders
    have several values (one per offending server, say) is repeated once per value, in order; placeholders with
    one value are the same on every copy. Placeholders with lists of different lengths repeat the shorter list's
    last value.
    """
    if not values or "<" not in template:
        return template
    known = {k: ([v] if isinstance(v, str) else [str(x) for x in v]) for k, v in values.items()}
    known = {k: v for k, v in known.items() if v and all(v)}
    out: list[str] = []
    for line in template.split("\n"):
        names = [m.group(1) for m in _PLACEHOLDER.finditer(line) if m.group(1) in known]
        if not names:
            out.append(line)
            continue
        for i in range(max(len(known[name]) for name in names)):
            out.append(_PLACEHOLDER.sub(functools.partial(_value, known, i), line))
    return "\n".join(out)


def _value(known: Mapping[str, list[str]], i: int, m: re.Match[str]) -> str:
    got = known.get(m.group(1))
    return got[min(i, len(got) - 1)] if got else m.group(0)


@dataclass
class Finding:
    """One thing worth a human's attention, from any producer."""

    rule_id: str
    title: str
    severity: Severity
    category: Category
    device: str | None = None
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    attack: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    remediation: str = ""
    description: str = ""
    status: AuditStatus | None = None  # audit findings only
    actors: list[str] = field(default_factory=list)  # intrusion sets whose indicator/technique fired
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_rule(
        cls,
        meta: RuleMeta,
        *,
        device: str | None = None,
        key: str | None = None,
        evidence: Sequence[Evidence] = (),
        first_seen: datetime | None = None,
        last_seen: datetime | None = None,
        severity: Severity | None = None,
        values: Values | None = None,
        platform: str | None = None,
        remediation: str | None = None,
        description: str | None = None,
        attack: Iterable[str] = (),
        references: Iterable[str] = (),
        actors: Iterable[str] = (),
        status: AuditStatus | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> Finding:
        """The one way every producer builds a finding from a rule and what it observed.

        The title is ``meta.title_key`` filled with ``key`` when there is a key, else ``meta.title``.
        Remediation is ``remediation`` (an override template, e.g. a CVE record's text) or the rule's text for
        ``platform``, with its ``<placeholders>`` filled from ``values`` (and ``key`` under ``meta.key_name``);
        line breaks are kept. ``severity`` overrides the rule's default (a row that raises it); ``attack`` and
        ``references`` are added to the rule's own; ``description`` defaults to the rule's rationale.
        """
        known: dict[str, str | Sequence[str]] = dict(values or {})
        if key:
            known.setdefault(meta.key_name, key)
        template = remediation if remediation is not None else meta.remediation_for(platform)
        return cls(
            rule_id=meta.id,
            title=meta.title_for(key),
            severity=severity or meta.severity,
            category=meta.category,
            device=device,
            first_seen=first_seen,
            last_seen=last_seen,
            attack=[*meta.attack, *attack],
            evidence=list(evidence),
            references=[*meta.references, *references],
            remediation=fill_placeholders(template, known),
            description=meta.rationale if description is None else description,
            status=status,
            actors=list(actors),
            extra=dict(extra or {}),
        )

    @property
    def id(self) -> str:
        """Stable id: the same rule on the same device over the same evidence gives the same id."""
        h = hashlib.sha256()
        def enc(text: str) -> bytes:  # lone surrogates from undecodable input must not crash an id
            return text.encode("utf-8", "backslashreplace")

        h.update(enc(self.rule_id))
        h.update(b"\0" + enc(self.device or ""))
        for ev in self.evidence[:50]:
            h.update(enc(f"\0{ev.source}:{ev.line}"))
        if not self.evidence:
            h.update(b"\0" + enc(self.title))
        return "cwf-" + h.hexdigest()[:20]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rule_id": self.rule_id,
            "title": self.title,
            "severity": self.severity.value,
            "category": self.category.value,
            "device": self.device,
            "first_seen": _iso(self.first_seen),
            "last_seen": _iso(self.last_seen),
            "attack": sorted(set(self.attack)),
            "evidence": [e.to_dict() for e in self.evidence],
            "references": list(dict.fromkeys(self.references)),
            "remediation": self.remediation,
            "description": self.description,
            "status": self.status.value if self.status else None,
            "actors": sorted(set(self.actors)),
            "extra": self.extra,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Finding:
        return cls(
            rule_id=d["rule_id"],
            title=d["title"],
            severity=Severity.parse(d["severity"]),
            category=Category(d["category"]),
            device=d.get("device"),
            first_seen=_parse_iso(d.get("first_seen")),
            last_seen=_parse_iso(d.get("last_seen")),
            attack=list(d.get("attack") or []),
            evidence=[Evidence(e["source"], e.get("line"), e.get("text", "")) for e in d.get("evidence") or []],
            references=list(d.get("references") or []),
            remediation=d.get("remediation") or "",
            description=d.get("description") or "",
            status=AuditStatus(d["status"]) if d.get("status") else None,
            actors=list(d.get("actors") or []),
            extra=dict(d.get("extra") or {}),
        )


#: examples kept per rejection reason, and in all, in ``InputAccount.samples`` (counts are always complete)
SAMPLES_PER_REASON = 5
MAX_SAMPLES = 50


@dataclass
class InputAccount:
    """Accounting for one input file: every record read is either accepted or rejected (with why).

    Rejections stream: a reason's count grows, and only the first :data:`SAMPLES_PER_REASON` examples of each
    reason (at most :data:`MAX_SAMPLES` in all) are kept, so a file of 10^6 bad records costs a dict update per
    record, not a list that every output copies."""

    path: str
    kind: str
    records: int = 0
    accepted: int = 0
    rejected: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    error: str | None = None  # the whole file could not be read
    # A few rejected samples (line number + reason) so a responder can look; never the text.
    samples: list[dict[str, Any]] = field(default_factory=list)
    # Records accepted under a stated assumption (e.g. an ambiguous time-zone name): assumption -> count.
    warnings: dict[str, int] = field(default_factory=dict)

    def warn(self, assumption: str, n: int = 1) -> None:
        """Count ``n`` accepted records that rest on ``assumption`` (said in words an engineer can check)."""
        if n:
            self.warnings[assumption] = self.warnings.get(assumption, 0) + n

    def reject(self, reason: str, line: int | None = None) -> None:
        self.records += 1
        self.rejected += 1
        seen = self.reasons.get(reason, 0)
        self.reasons[reason] = seen + 1
        if seen < SAMPLES_PER_REASON and len(self.samples) < MAX_SAMPLES:
            self.samples.append({"line": line, "reason": reason})

    def retract(self, reason: str, line: int | None = None) -> None:
        """Move one accepted record to rejected (a check after the reader, e.g. a time out of range)."""
        self.records -= 1
        self.accepted -= 1
        self.reject(reason, line)

    def accept(self, n: int = 1) -> None:
        self.records += n
        self.accepted += n

    @property
    def balanced(self) -> bool:
        return self.records == self.accepted + self.rejected

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (``docs/json-output.md``): the fields above, copied shallowly; a subclass's extra
        fields (the quarantine's rejection log) are not part of it."""
        return {"path": self.path, "kind": self.kind, "records": self.records, "accepted": self.accepted,
                "rejected": self.rejected, "reasons": dict(self.reasons), "error": self.error,
                "samples": [dict(s) for s in self.samples]}


@dataclass
class RunResult:
    """What one run (audit, hunt, demo) produced: findings plus the accounting of every input."""

    command: str
    findings: list[Finding] = field(default_factory=list)
    inputs: list[InputAccount] = field(default_factory=list)
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished: datetime | None = None
    engine: str = "duckdb"
    extra_summary: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        by_sev = {s.value: 0 for s in reversed(list(Severity))}
        by_cat: dict[str, int] = {}
        devices: set[str] = set()
        techniques: set[str] = set()
        for f in self.findings:
            by_sev[f.severity.value] += 1
            by_cat[f.category.value] = by_cat.get(f.category.value, 0) + 1
            if f.device:
                devices.add(f.device)
            techniques.update(f.attack)
        return {
            "command": self.command,
            "engine": self.engine,
            "started": _iso(self.started),
            "finished": _iso(self.finished),
            "findings": len(self.findings),
            "by_severity": by_sev,
            "by_category": dict(sorted(by_cat.items())),
            "devices_with_findings": len(devices),
            "attack_techniques": sorted(techniques),
            "inputs": len(self.inputs),
            "records_read": sum(i.records for i in self.inputs),
            "records_accepted": sum(i.accepted for i in self.inputs),
            "records_rejected": sum(i.rejected for i in self.inputs),
            "inputs_unreadable": sum(1 for i in self.inputs if i.error),
            **self.extra_summary,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "inputs": [i.to_dict() for i in self.inputs],
            "findings": [f.to_dict() for f in sort_findings(self.findings)],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=False, default=str)

    def max_severity(self) -> Severity | None:
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=lambda s: s.rank)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then by device, rule and time: the order a responder reads in."""
    return sorted(
        findings,
        key=lambda f: (
            -f.severity.rank,
            f.device or "",
            f.rule_id,
            f.first_seen or datetime.min.replace(tzinfo=UTC),
        ),
    )


#: Categories that describe configuration, not activity: they are not hunting findings and never false alarms.
CONFIG_CATEGORIES = frozenset({Category.AUDIT, Category.VULNERABILITY})


def hunting_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings about activity (IOC, behaviour, analytic, lawful intercept), not about configuration."""
    return [f for f in findings if f.category not in CONFIG_CATEGORIES]


def at_or_above(findings: Sequence[Finding], threshold: Severity) -> list[Finding]:
    return [f for f in findings if f.severity.rank >= threshold.rank]


def _iso(ts: datetime | None) -> str | None:
    if ts is None:
        return None
    if ts.tzinfo is None:
        ts = ts.replace(tzinfo=UTC)
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _parse_iso(text: str | None) -> datetime | None:
    if not text:
        return None
    return datetime.fromisoformat(text.replace("Z", "+00:00"))
