"""Run every check on every device; score posture; turn failures into Findings.

Posture score (per device and overall) = sum of severity weights of PASSed checks / sum of weights of
checks that were PASS or FAIL (NOT_APPLICABLE, MANUAL and ERROR are left out of both), as a
percentage. Weights: critical 10, high 5, medium 3, low 1, info 0. A device with no scorable check
scores None. Tunable later through the workspace; written here so the formula is in one place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from carrierwatch.audit.checks import all_checks
from carrierwatch.audit.framework import AuditContext, Check, CheckResult, evidence_text
from carrierwatch.audit.vulns import Exposure, exposures, load_catalog
from carrierwatch.audit.vulns import to_finding as vuln_finding
from carrierwatch.configs.bulk import gc_paused
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import AuditStatus, Category, Evidence, Finding, RuleMeta, Severity
from carrierwatch.workspace import Allowlists, HuntSettings

#: A config the parsers could not read: no check ran on it.
PARSE_ERROR = RuleMeta(
    id="CW-PARSE-ERROR", title="Configuration could not be parsed", severity=Severity.INFO,
    category=Category.AUDIT, family="audit",
    rationale="A file that does not parse as a configuration gets no audit check; it is reported, not skipped.",
)

SEVERITY_WEIGHT = {
    Severity.CRITICAL: 10,
    Severity.HIGH: 5,
    Severity.MEDIUM: 3,
    Severity.LOW: 1,
    Severity.INFO: 0,
}


@dataclass
class DeviceAudit:
    device: DeviceConfig
    results: list[tuple[Check, CheckResult]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.device.hostname or self.device.path

    def score(self) -> float | None:
        return posture_score(self.results)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in AuditStatus}
        for _, r in self.results:
            out[r.status.value] += 1
        return out


def posture_score(results: list[tuple[Check, CheckResult]]) -> float | None:
    total = got = 0
    for chk, r in results:
        if r.status not in (AuditStatus.PASS, AuditStatus.FAIL):
            continue
        w = SEVERITY_WEIGHT[chk.severity]
        total += w
        if r.status is AuditStatus.PASS:
            got += w
    return None if total == 0 else round(100.0 * got / total, 1)


@dataclass
class AuditReport:
    devices: list[DeviceAudit] = field(default_factory=list)
    vulns: list[Exposure] = field(default_factory=list)  # CVE exposure per device (audit/vulns.py)
    vuln_manual: list[tuple[str, str]] = field(default_factory=list)  # (device, CVE) needing a version check

    def score(self) -> float | None:
        return posture_score([pair for d in self.devices for pair in d.results])

    def to_findings(self) -> list[Finding]:
        """One Finding per FAILed check per device; one ERROR Finding per unparseable file."""
        with gc_paused():  # many small objects that all stay alive: see configs.bulk.gc_paused
            return self._findings()

    def _findings(self) -> list[Finding]:
        out: list[Finding] = []
        for da in self.devices:
            dev = da.device
            if dev.parse_status == "failed":
                out.append(Finding.from_rule(
                    PARSE_ERROR, device=da.name, evidence=[Evidence(dev.path, None, dev.parse_reason or "")],
                    description=f"No audit check ran on {dev.path}: {dev.parse_reason}", status=AuditStatus.ERROR,
                ))
                continue
            for chk, res in da.results:
                if res.status is not AuditStatus.FAIL:
                    continue
                ev = [Evidence(dev.path, ln, evidence_text(dev, ln)) for ln in res.evidence_lines[:50]]
                if not ev:
                    ev = [Evidence(dev.path, None, f"(absent) {res.message}")]
                meta = chk.meta
                out.append(Finding.from_rule(
                    meta, device=da.name, key=res.key, evidence=ev, values=res.values,
                    remediation=chk.remediation_for(dev.os), description=f"{res.message}. {chk.rationale}",
                    status=AuditStatus.FAIL, extra={"sources": list(meta.sources)},
                ))
        by_path = {da.device.path: da.device for da in self.devices}
        out += [vuln_finding(e, by_path.get(e.path)) for e in self.vulns]
        return out

    def summary(self) -> dict[str, Any]:
        return {
            "devices": len(self.devices),
            "posture_score": self.score(),
            "per_device": {d.name: {"score": d.score(), **d.counts()} for d in self.devices},
            "cve_exposures": dict(Counter(e.exposure for e in self.vulns)),
            "cve_manual_checks": len(self.vuln_manual),
        }


def audit_configs(
    devices: list[DeviceConfig],
    allowlists: Allowlists,
    checks: list[Check] | None = None,
    hunt: HuntSettings | None = None,
    *,
    versions: dict[str, dict[str, Any]] | None = None,
    vuln_dir: Path | None = None,
    cves: bool = True,
) -> AuditReport:
    """Run ``checks`` (default: the audit family, ``audit.checks.CHECKS``; a run passes
    ``catalogue.config_checks()``, which adds the LI config checks) on each device, then match CVE exposure.

    ``versions`` maps a lower-case hostname to ``show version`` facts ({"version": ...}); ``vuln_dir``
    holds rows loaded by ``intel update-vulns`` (overlaid on the shipped catalog)."""
    ctx = AuditContext(allowlists=allowlists, hunt=hunt or HuntSettings())
    chosen = checks if checks is not None else all_checks()
    report = AuditReport()
    with gc_paused():  # many small results that all stay alive: see configs.bulk.gc_paused
        for dev in devices:
            report.devices.append(DeviceAudit(dev, [(chk, chk.run(dev, ctx)) for chk in chosen]))
        if cves:
            shown = {k: {"version": str(v.get("version") or ""), "model": str(v.get("model") or "")}
                     for k, v in (versions or {}).items()}
            report.vulns, report.vuln_manual = exposures(devices, load_catalog(vuln_dir), shown)
    return report
