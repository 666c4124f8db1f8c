"""Hardening checks over the vendor-neutral config model (``audit_configs`` is the entry point).

Importing this package registers every check (the ``checks_*`` modules)."""

from carrierwatch.audit import (  # noqa: F401  (registration)
    checks_access,
    checks_hunt,
    checks_li,
    checks_platforms,
    checks_protocols,
    checks_services,
)
from carrierwatch.audit.framework import REGISTRY, AuditContext, Check, CheckResult, all_checks, register
from carrierwatch.audit.runner import AuditReport, DeviceAudit, audit_configs

__all__ = [
    "REGISTRY",
    "AuditContext",
    "AuditReport",
    "Check",
    "CheckResult",
    "DeviceAudit",
    "all_checks",
    "audit_configs",
    "register",
]
