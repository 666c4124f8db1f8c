"""The rule catalogue: every rule of every family in one place, with ids unique across families.

Families live in their own rooms (audit checks in ``audit.checks``, the lawful-intercept config checks in
``li.config_checks``, …); this module sits above them all in the flow and is the only place that joins them,
so that a run, ``rules list``, the docs and the report see the same set.
"""

from __future__ import annotations

from carrierwatch.audit.checks import CHECKS as AUDIT_CHECKS
from carrierwatch.audit.framework import Check
from carrierwatch.li.config_checks import CHECKS as LI_CONFIG_CHECKS

#: Every config check class (audit family first, then lawful intercept), in report order.
CONFIG_CHECKS: tuple[type[Check], ...] = (*AUDIT_CHECKS, *LI_CONFIG_CHECKS)


def _by_id(classes: tuple[type[Check], ...]) -> dict[str, type[Check]]:
    out: dict[str, type[Check]] = {}
    for cls in classes:
        if not cls.id or cls.id in out:
            raise ValueError(f"check id missing or duplicated: {cls.id!r}")
        out[cls.id] = cls
    return out


#: check id -> class, for every config check of every family.
CHECK_REGISTRY: dict[str, type[Check]] = _by_id(CONFIG_CHECKS)


def config_checks() -> list[Check]:
    """Instances of every config check a run applies (audit family and LI)."""
    return [cls() for cls in CONFIG_CHECKS]
