"""Load Sigma rule folders and compile each rule to a :class:`SqlDetection`, collecting rejections with reasons.

A rule is rejected (never silently dropped) when its YAML does not parse, when it uses a modifier outside
:data:`SUPPORTED_MODIFIERS` (the rejection names the rule and the modifier; idea from Chainsaw's allow-list,
WithSecureLabs/chainsaw ``src/rule/sigma.rs``), or when the backend cannot convert it.
Regression ``info.yml`` files (SigmaHQ ``regression_data``) sit beside rules in some folders and are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaError
from sigma.modifiers import reverse_modifier_mapping
from sigma.rule import SigmaDetection, SigmaDetectionItem, SigmaRule

from carrierwatch.detect.rule import SqlDetection
from carrierwatch.detect.sigma.backend import CarrierwatchBackend
from carrierwatch.detect.sigma.correlate import CorrelationError, correlation_detection, correlation_sql
from carrierwatch.detect.sigma.pipelines import GENERIC_PROJECTION, PROJECTIONS, logsource_pipeline
from carrierwatch.findings import Category, Severity

#: Modifiers this engine implements and tests (tests/detect/sigma/test_modifiers.py); anything else is rejected.
SUPPORTED_MODIFIERS = frozenset({
    "contains", "startswith", "endswith", "all", "cidr", "re", "i", "ignorecase", "m", "multiline", "s", "dotall",
    "cased", "exists", "gt", "gte", "lt", "lte", "neq",
})

LEVELS = {"informational": Severity.INFO, "low": Severity.LOW, "medium": Severity.MEDIUM, "high": Severity.HIGH,
          "critical": Severity.CRITICAL}


@dataclass(frozen=True)
class Rejection:
    path: str
    rule: str  # title or id, or the file name when the YAML itself is bad
    reason: str


@dataclass
class CompiledRule:
    rule: SigmaRule
    path: str
    table: str
    detection: SqlDetection
    where: str = ""
    cidr_fields: set[tuple[str, str]] = field(default_factory=set)
    #: correlation rules: every table they read (they run as their own query, not in the per-table scan)
    correlation_tables: frozenset[str] = frozenset()
    #: False for a rule only referenced by correlations (Sigma ``generate: false``): it feeds them, finds nothing
    standalone: bool = True


@dataclass
class RulePack:
    rules: list[CompiledRule] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    files: int = 0

    @property
    def cidr_fields(self) -> set[tuple[str, str]]:
        return {f for r in self.rules for f in r.cidr_fields}

    def tables(self) -> set[str]:
        return {r.table for r in self.rules if not r.correlation_tables} | {
            t for r in self.rules for t in r.correlation_tables}


def builtin_rule_dirs() -> list[Path]:
    """The rules shipped in the package: vendored SigmaHQ network rules and the carrierwatch telecom pack."""
    root = Path(str(resources.files("carrierwatch") / "rules"))
    return [root / "sigmahq", root / "telecom"]


def rule_files(paths: Iterable[Path]) -> Iterator[Path]:
    for p in paths:
        if p.is_dir():  # regression samples live in samples/ folders beside the rules
            found = [*p.rglob("*.yml"), *p.rglob("*.yaml")]
            yield from sorted(q for q in found if q.is_file() and "samples" not in q.relative_to(p).parts)
        elif p.is_file():
            yield p


def _modifiers(item: SigmaDetection | SigmaDetectionItem) -> Iterator[str]:
    if isinstance(item, SigmaDetectionItem):
        for m in item.modifiers:
            yield reverse_modifier_mapping.get(m.__name__, m.__name__)
    else:
        for sub in item.detection_items:
            yield from _modifiers(sub)


def unsupported_modifiers(rule: SigmaRule) -> list[str]:
    found = {m for det in rule.detection.detections.values() for m in _modifiers(det)}
    return sorted(found - SUPPORTED_MODIFIERS)


#: Technique ids for vendored rules that carry only tactic tags (the rule files stay unchanged; this is our
#: mapping, applied at compile time). CVE-2023-20198: exploitation of the IOS XE Web UI is T1190 and the implant
#: creates local accounts, T1136.001 (Cisco advisory cisco-sa-iosxe-webui-privesc-j22SaA4z; ATT&CK v18.1).
ATTACK_OVERLAY: dict[str, tuple[str, ...]] = {
    "2ece8816-b7a0-4d9b-b0e8-ae7ad18bc02b": ("T1136.001", "T1190"),
}


#: Guidance ids for vendored rules (our mapping, applied at compile time; the rule files stay unchanged), so their
#: findings cite the CISA/NSA guidance item they serve like every other finding (ids: docs/guidance.md).
GUIDANCE_OVERLAY: dict[str, tuple[str, ...]] = {
    "ceb407f6-8277-439b-951f-e4210e3ed956": ("HUNT-07", "EVH-V06"),  # Cisco Clear Logs
    "9e8f6035-88bf-4a63-96b6-b17c0508257e": ("HUNT-07", "EVH-V06"),  # Cisco Disabling Logging
    "1f978c6a-4415-47fb-aca5-736a44d7ca3d": ("HUNT-01", "EVH-H12"),  # Cisco Crypto Commands (PKI export/import)
    "ef0ff092-a24a-4fbc-beea-06c08d53e085": ("HUNT-01", "EVH-V01"),  # Cisco Dot1x Disabled
    "71d65515-c436-43c0-841b-236b1f32c21e": ("HUNT-01", "EVH-V01"),  # Cisco File Deletion
    "b9e1f193-d236-4451-aaae-2f3d2102120d": ("HUNT-03", "EVH-V10"),  # Cisco Sniffing
    "56fa3cd6-f8d6-4520-a8c7-607292971886": ("EVH-H15",),  # Cisco BGP Authentication Failures
    "50e606bf-04ce-4ca7-9d54-3449494bbd4b": ("EVH-H15",),  # Cisco LDP Authentication Failures
    "a557ffe6-ac54-43d2-ae69-158027082350": ("EVH-H15",),  # Huawei BGP Authentication Failures
    "a7c0ae48-8df8-42bf-91bd-2ea57e2f9d43": ("EVH-H15",),  # Juniper BGP Missing MD5
    "2ece8816-b7a0-4d9b-b0e8-ae7ad18bc02b": ("CVE-2023-20198", "HUNT-01"),  # CVE-2023-20198 Web UI
    "9705a6a1-6db6-4a16-a987-15b7151e299b": ("EVH-V05",),  # Cisco Discovery
    "cd072b25-a418-4f98-8ebc-5093fb38fe1a": ("EVH-V05",),  # Cisco Collect Data
    "6d844f0f-1c18-41af-8f19-33e7654edfc3": ("HUNT-01", "EVH-H29"),  # Cisco Local Accounts
    "5e51acb2-bcbe-435b-99c6-0e3cd5e2aa59": ("HUNT-08",),  # Cisco Stage Data
    "d94a35f0-7a29-45f6-90a0-80df6159967c": ("EVH-V01",),  # Cisco Denial of Service
    "671ffc77-50a7-464f-9e3d-9ea2b493b26b": ("HUNT-01", "EVH-V01"),  # Cisco Modify Configuration
    "b094d9fb-b1ad-4650-9f1a-fb7be9f1d34b": ("HUNT-07",),  # Cisco Show Commands Input
}


def attack_ids(rule: SigmaRule) -> tuple[str, ...]:
    found = tuple(sorted({t.name.upper() for t in rule.tags if t.namespace == "attack" and t.name[:1] in "tT"
                          and t.name[1:2].isdigit()}))
    return found or ATTACK_OVERLAY.get(str(rule.id), ())


def rule_id(rule: SigmaRule) -> str:
    name = getattr(rule, "name", None)
    return f"SIGMA-{name}" if name else f"SIGMA-{str(rule.id)[:8]}"


def _to_detection(rule: SigmaRule, table: str, where: str) -> SqlDetection:
    projection = PROJECTIONS.get(table, GENERIC_PROJECTION)
    sql = (f"SELECT {projection}, CAST(NULL AS VARCHAR) AS key, CAST(NULL AS VARCHAR) AS sev\n"
           f"FROM {table}\nWHERE {where}\n")
    level = rule.level.name.lower() if rule.level else "medium"
    return SqlDetection(
        rule_id(rule), rule.title, LEVELS.get(level, Severity.MEDIUM), sql,
        attack=attack_ids(rule),
        references=(*GUIDANCE_OVERLAY.get(str(rule.id), ()), *(str(r) for r in rule.references)),
        description=rule.description or "", category=Category.BEHAVIOR, needs=(table,), family="sigma",
        remediation="; ".join(str(f) for f in rule.falsepositives) and
        f"Confirm with the change record; known benign causes: {'; '.join(str(f) for f in rule.falsepositives)}",
    )


def _load_file(path: Path, pack: RulePack, correlations: list[tuple[str, dict[str, Any]]]) -> list[SigmaRule]:
    try:
        docs = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d is not None]
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        pack.rejected.append(Rejection(str(path), path.name, f"unreadable YAML: {exc.__class__.__name__}"))
        return []
    if not docs or not all(isinstance(d, dict) for d in docs):
        pack.rejected.append(Rejection(str(path), path.name, "not a Sigma rule (YAML is not a mapping)"))
        return []
    if all("rule_metadata" in d and "detection" not in d for d in docs):
        return []  # a SigmaHQ regression_data info.yml, not a rule
    pack.files += 1
    correlations += [(str(path), d) for d in docs if "correlation" in d]
    docs = [d for d in docs if "correlation" not in d]
    if not docs:
        return []
    try:
        coll = SigmaCollection.from_dicts(docs, collect_errors=True)
    except SigmaError as exc:
        pack.rejected.append(Rejection(str(path), path.name, str(exc)))
        return []
    out = []
    for r in coll.rules:
        if not isinstance(r, SigmaRule):
            pack.rejected.append(Rejection(str(path), getattr(r, "title", path.name),
                                           f"{type(r).__name__} is not supported by this engine"))
            continue
        if r.errors:
            pack.rejected.append(Rejection(str(path), r.title, "; ".join(str(e) for e in r.errors)))
            continue
        out.append(r)
    for e in coll.errors:
        pack.rejected.append(Rejection(str(path), path.name, str(e)))
    return out


def compile_rule(rule: SigmaRule, path: str, pack: RulePack) -> CompiledRule | None:
    bad = unsupported_modifiers(rule)
    if bad:
        pack.rejected.append(Rejection(path, rule.title, f"unsupported modifier(s): {', '.join(bad)}"))
        return None
    backend = CarrierwatchBackend(processing_pipeline=logsource_pipeline())
    try:
        queries: list[Any] = backend.convert_rule(rule)
    except SigmaError as exc:
        pack.rejected.append(Rejection(path, rule.title, str(exc)))
        return None
    except (TypeError, ValueError, AttributeError, NotImplementedError) as exc:  # a backend gap, named
        pack.rejected.append(Rejection(path, rule.title, f"conversion failed: {exc.__class__.__name__}: {exc}"))
        return None
    if len(queries) != 1:
        pack.rejected.append(Rejection(path, rule.title, f"{len(queries)} conditions; one is supported"))
        return None
    q = queries[0]
    return CompiledRule(rule, path, q["table"], _to_detection(rule, q["table"], q["where"]), q["where"],
                        backend.cidr_fields)


def load_pack(paths: Sequence[Path] | None = None) -> RulePack:
    """Compile every rule under ``paths`` (default: the built-in rules) into one pack."""
    pack = RulePack()
    seen: set[str] = set()
    correlations: list[tuple[str, dict[str, Any]]] = []
    for f in rule_files(paths if paths is not None else builtin_rule_dirs()):
        for r in _load_file(f, pack, correlations):
            c = compile_rule(r, str(f), pack)
            if c is None:
                continue
            if c.detection.rule_id in seen:
                pack.rejected.append(Rejection(str(f), r.title, f"duplicate rule id {c.detection.rule_id}"))
                continue
            seen.add(c.detection.rule_id)
            pack.rules.append(c)
    for path, doc in correlations:
        _compile_correlation(path, doc, pack)
    return pack


def _compile_correlation(path: str, doc: dict[str, Any], pack: RulePack) -> None:
    """Resolve the referenced rules (by ``name`` or ``id``) in the pack and build the correlation query."""
    title = str(doc.get("title") or Path(path).name)
    try:
        corr = SigmaCorrelationRule.from_dict(doc)
    except SigmaError as exc:
        pack.rejected.append(Rejection(path, title, str(exc)))
        return
    index = {str(r.rule.id): r for r in pack.rules} | {
        str(r.rule.name): r for r in pack.rules if getattr(r.rule, "name", None)}
    refs = [ref.reference for ref in corr.rules or []]
    missing = [x for x in refs if x not in index]
    if missing or not refs:
        pack.rejected.append(Rejection(path, title, f"unresolved rule reference(s): {', '.join(missing) or 'none'}"))
        return
    bases = [index[x] for x in refs]
    if any(b.correlation_tables for b in bases):
        pack.rejected.append(Rejection(path, title, "correlations of correlations are not supported"))
        return
    try:
        sql = correlation_sql(corr, [(x, b.table, b.where) for x, b in zip(refs, bases, strict=True)])
    except CorrelationError as exc:
        pack.rejected.append(Rejection(path, title, str(exc)))
        return
    level = corr.level.name.lower() if corr.level else max(
        (b.detection.severity for b in bases), key=lambda s: s.rank).value
    name = getattr(corr, "name", None)
    rid = f"SIGMA-{name}" if name else f"SIGMA-{str(corr.id)[:8]}"
    attack = tuple(sorted({a for b in bases for a in b.detection.attack}))
    det = correlation_detection(corr, rid, sql, LEVELS.get(level, Severity.MEDIUM), attack)
    for b in bases:
        b.standalone = b.standalone and bool(corr.generate)
    pack.rules.append(CompiledRule(bases[0].rule, path, bases[0].table, det, "",
                                   set().union(*(b.cidr_fields for b in bases)),
                                   frozenset(b.table for b in bases)))
