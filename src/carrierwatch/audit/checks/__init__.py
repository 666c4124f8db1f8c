"""The hardening checks and Typhoon config hunts, as one explicit table (pySigma's lesson: the package face
lists its members; the base class in ``framework.py`` never imports them, so importing a check module has no
side effect and there is no import circle).

The lawful-intercept config checks live with the rest of the LI room (``carrierwatch.li.config_checks``);
``carrierwatch.catalogue`` joins both tables for a run.
"""

from __future__ import annotations

from carrierwatch.audit.checks import access, hunt, platforms, protocols, services
from carrierwatch.audit.framework import Check

#: Every audit-family check class, in report order.
CHECKS: tuple[type[Check], ...] = (
    *access.CHECKS,
    *hunt.CHECKS,
    *platforms.CHECKS,
    *protocols.CHECKS,
    *services.CHECKS,
)


def all_checks() -> list[Check]:
    """Instances of every audit-family check (the LI config checks are added by ``carrierwatch.catalogue``)."""
    return [cls() for cls in CHECKS]
