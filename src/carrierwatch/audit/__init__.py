"""Hardening checks over the vendor-neutral config model (``audit_configs`` is the entry point).

The checks are listed in one explicit table, ``audit.checks.CHECKS``; importing a module registers nothing."""

from carrierwatch.audit.checks import CHECKS, all_checks
from carrierwatch.audit.framework import AuditContext, Check, CheckResult
from carrierwatch.audit.runner import AuditReport, DeviceAudit, audit_configs

__all__ = [
    "CHECKS",
    "AuditContext",
    "AuditReport",
    "Check",
    "CheckResult",
    "DeviceAudit",
    "all_checks",
    "audit_configs",
]
