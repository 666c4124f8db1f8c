"""Runs over a workspace: ``hunt``, ``audit`` (with or without a golden baseline), ``drift``; saving a run.

Each function takes paths and a :class:`~carrierwatch.workspace.Workspace` and returns a :class:`RunReport`
(the :class:`~carrierwatch.findings.RunResult` and the report extras, e.g. per-device posture) — the same for
the CLI, ``demo`` and any other front end. They never print and never exit; a missing PATH or an option that
does not fit raises :class:`~carrierwatch.app.intake.UsageError`. Bad input is never an exception: every
file is in ``RunResult.inputs`` with its kind, counts and reasons.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from carrierwatch import statedb
from carrierwatch.app.intake import AUDIT_KINDS, Collected, Progress, UsageError, collect, expand_paths, sniff_all
from carrierwatch.audit.runner import AuditReport, audit_configs
from carrierwatch.catalogue import config_checks
from carrierwatch.detect.analytics.settings import settings_from
from carrierwatch.detect.runner import register_inputs, run_detections
from carrierwatch.engine import open_engine
from carrierwatch.findings import InputAccount, RunResult
from carrierwatch.intel import store as intel_store
from carrierwatch.intel.indicators import Indicator
from carrierwatch.kinds import Kind
from carrierwatch.li.hunt import li_findings
from carrierwatch.workspace import Workspace


class RunReport(NamedTuple):
    """One run's result and what the reports show beside the findings (``posture`` rows, a lab ``score``);
    a named tuple, so ``result, extras = hunt_workspace(...)`` reads as well as ``.result``."""

    result: RunResult
    extras: dict[str, Any]


def hunt_workspace(
    paths: Sequence[str | Path],
    ws: Workspace,
    *,
    engine_name: str = "duckdb",
    spark_master: str | None = None,
    use_store: bool = True,
    extra_indicators: Sequence[Indicator] = (),
    default_year: int | None = None,
    progress: Progress | None = None,
    command: str = "hunt",
    workers: int | None = None,
) -> RunReport:
    """Audit the configs and hunt the telemetry found under ``paths`` (``carrierwatch hunt``).

    Indicators: those imported into the workspace store (``use_store``), ``extra_indicators``, and intel files
    among the evidence (STIX bundles, Zeek intel). ``workers``: processes that parse configs (default:
    ``configs.bulk.default_workers``)."""
    files = expand_paths(paths)
    stored = intel_store.load_indicators(statedb.connect(ws.state_url)) if use_store else []
    result = RunResult(command=command, engine=engine_name)
    got = collect(files, ws, default_year=default_year, progress=progress, workers=workers)
    result.inputs = got.accounts
    extras: dict[str, Any] = {}

    if got.devices:
        if progress:
            progress("auditing configs", 0, 1)
        _audit(got, ws, result, extras)

    indicators = [*stored, *extra_indicators, *got.indicators]
    if got.parquet or indicators:
        engine = open_engine(engine_name, spark_master=spark_master)
        try:
            register_inputs(engine, got.parquet)
            step = [0]

            def tick(name: str) -> None:
                step[0] += 1
                if progress:
                    progress(f"detection {name}", step[0], 0)

            skipped: dict[str, str] = {}
            result.findings += run_detections(engine, allow=ws.config.allowlists, assets=got.assets,
                                              indicators=indicators, progress=tick, skipped=skipped,
                                              analytics=settings_from(ws.config.hunt), hunt=ws.config.hunt)
            if skipped:
                result.extra_summary["rules_skipped"] = skipped
        finally:
            engine.close()
    result.findings += li_findings(got.li, ws)
    result.finished = datetime.now(UTC)
    result.extra_summary["indicators"] = len(indicators)
    result.extra_summary["devices_audited"] = len(got.devices)
    return RunReport(result, extras)


def audit_workspace(paths: Sequence[str | Path], ws: Workspace, *, baseline: Path | None = None,
                    progress: Progress | None = None, workers: int | None = None) -> RunReport:
    """``carrierwatch audit``: configs, show-version outputs and inventories only (the intake rows marked
    ``audit``); other files are listed as not a configuration. With ``baseline`` (a folder of golden configs),
    also the drift of each device from its golden copy."""
    files = expand_paths(paths)
    if baseline is not None and not baseline.is_dir():
        raise UsageError(f"--baseline {baseline} is not a folder")
    result = RunResult(command="audit")
    keep: list[Path] = []
    kinds: list[Kind | OSError] = []
    others: list[InputAccount] = []
    for f, kind in zip(files, sniff_all(files, progress), strict=True):
        if isinstance(kind, OSError):
            kind = Kind.UNKNOWN
        if kind in AUDIT_KINDS:
            keep.append(f)
            kinds.append(kind)
        else:
            others.append(InputAccount(str(f), kind, error=f"not a configuration ({kind}); use `hunt`"))
    got = collect(keep, ws, progress=progress, kinds=kinds, workers=workers)  # sniffed once, above
    result.inputs = got.accounts + others
    extras: dict[str, Any] = {}
    if got.devices:
        _audit(got, ws, result, extras)
    result.finished = datetime.now(UTC)
    result.extra_summary["devices_audited"] = len(got.devices)
    if baseline is not None:
        from carrierwatch.audit.drift_run import run_drift

        drifted = run_drift([Path(p) for p in paths], baseline)
        result.findings += drifted.findings
        result.inputs += [i for i in drifted.inputs if i.kind == "golden-config"]
        result.extra_summary.update(drifted.extra_summary)
    return RunReport(result, extras)


def drift(configs: Sequence[Path], baseline: Path) -> RunReport:
    """``carrierwatch drift``: each running config against its golden copy in ``baseline`` (a folder)."""
    from carrierwatch.audit.drift_run import run_drift

    if not baseline.is_dir():
        raise UsageError(f"--baseline must be a folder: {baseline}")
    return RunReport(run_drift(list(configs), baseline), {})


def save_run(ws: Workspace, result: RunResult) -> None:
    """Keep the run and its findings (with their triage state) in the workspace state database."""
    statedb.save_run(statedb.connect(ws.state_url), result)


def _audit(got: Collected, ws: Workspace, result: RunResult, extras: dict[str, Any]) -> None:
    report = audit_configs(got.devices, ws.config.allowlists, config_checks(), hunt=ws.config.hunt,
                           versions=got.versions, vuln_dir=ws.root / "vulns")
    result.findings += report.to_findings()
    result.extra_summary["posture_score"] = report.score()
    extras["posture"] = _posture(report, got)


def _posture(report: AuditReport, got: Collected) -> list[dict[str, Any]]:
    """Per-device posture rows for the reports (score = severity-weighted share of applicable checks passed)."""
    rows = []
    for da in report.devices:
        counts = da.counts()
        version = got.versions.get(da.name.lower(), {}).get("version") or da.device.version
        rows.append({"device": da.name, "os": da.device.os, "version": version, "score": da.score(),
                     "failed": counts["fail"], "passed": counts["pass"], "parse_status": da.device.parse_status})
    return sorted(rows, key=lambda r: (r["score"] if r["score"] is not None else 101, r["device"]))
