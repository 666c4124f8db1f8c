"""The rule catalogue: every rule of every family in one place, with ids unique across families.

Families live in their own rooms (audit checks in ``audit.checks``, the lawful-intercept config checks in
``li.config_checks``, SQL behaviour rules in ``detect.command_rules``/``detect.event_rules``, analytics in
``detect.analytics.run``, IOC rules in ``detect.runner``, LI trail rules in ``li.rules``, drift areas in
``audit.drift``, CVE exposure in ``audit.vulns`` and the shipped Sigma packs in ``rules/``); each describes its
rules with :class:`carrierwatch.findings.RuleMeta`. This module sits above them all in the flow and is the only
place that joins them, so that a run, ``rules list``, the docs and the report see the same set.

Importing it raises ``ValueError`` when two rules of the non-Sigma families share an id; :func:`all_rules`
(which compiles the Sigma packs, about a second) checks the Sigma ids against the rest too.
"""

from __future__ import annotations

from collections.abc import Iterable

from carrierwatch.audit.checks import CHECKS as AUDIT_CHECKS
from carrierwatch.audit.drift import DRIFT_RULES
from carrierwatch.audit.framework import Check
from carrierwatch.audit.runner import PARSE_ERROR
from carrierwatch.audit.vulns import load_catalog, vuln_rule
from carrierwatch.detect.analytics.run import BEACON, FIRST_SEEN, HOPS, SILENCE
from carrierwatch.detect.runner import ALL_RULES, IOC_RULES, IOC_SUPPRESSED
from carrierwatch.findings import RuleMeta
from carrierwatch.li.config_checks import CHECKS as LI_CONFIG_CHECKS
from carrierwatch.li.rules import LI_RULES

#: Every config check class (audit family first, then lawful intercept), in report order.
CONFIG_CHECKS: tuple[type[Check], ...] = (*AUDIT_CHECKS, *LI_CONFIG_CHECKS)

#: The families, in the order ``rules list`` shows them.
FAMILIES = ("audit-check", "li-config", "audit", "cve-exposure", "drift", "sql-rule", "analytic", "ioc", "li",
            "sigma")


def _by_id(classes: tuple[type[Check], ...]) -> dict[str, type[Check]]:
    out: dict[str, type[Check]] = {}
    for cls in classes:
        if not cls.id or cls.id in out:
            raise ValueError(f"check id missing or duplicated: {cls.id!r}")
        out[cls.id] = cls
    return out


def unique(rules: Iterable[RuleMeta]) -> dict[str, RuleMeta]:
    """``rules`` by id; ``ValueError`` naming both families when an id is missing or used twice."""
    out: dict[str, RuleMeta] = {}
    for r in rules:
        if not r.id:
            raise ValueError(f"rule without an id: {r.title!r} ({r.family})")
        if r.id in out:
            raise ValueError(f"rule id {r.id!r} used twice: {out[r.id].family} and {r.family}")
        out[r.id] = r
    return out


#: check id -> class, for every config check of every family.
CHECK_REGISTRY: dict[str, type[Check]] = _by_id(CONFIG_CHECKS)


def config_checks() -> list[Check]:
    """Instances of every config check a run applies (audit family and LI)."""
    return [cls() for cls in CONFIG_CHECKS]


def _native_rules() -> list[RuleMeta]:
    return [
        *(c().meta for c in CONFIG_CHECKS),
        PARSE_ERROR,
        *(vuln_rule(row) for row in load_catalog().values()),
        *DRIFT_RULES.values(),
        *(d.meta for d in ALL_RULES),
        *(d.meta for d in (BEACON, SILENCE, HOPS, FIRST_SEEN)),
        *IOC_RULES.values(),
        IOC_SUPPRESSED,
        *LI_RULES,
    ]


#: id -> rule for every family but Sigma; built (and checked for duplicate ids) at import.
RULES: dict[str, RuleMeta] = unique(_native_rules())


def sigma_rules() -> list[RuleMeta]:
    """The rules of the shipped Sigma packs (SigmaHQ subset and the telecom pack)."""
    from carrierwatch.detect.sigma.runtime import default_pack

    return [r.detection.meta for r in default_pack().rules]


def all_rules(*, sigma: bool = True) -> list[RuleMeta]:
    """Every rule of every family, in :data:`FAMILIES` order; raises ``ValueError`` on a duplicate id."""
    got = list(unique([*RULES.values(), *(sigma_rules() if sigma else [])]).values())
    order = {f: i for i, f in enumerate(FAMILIES)}
    return sorted(got, key=lambda r: order.get(r.family, len(order)))
