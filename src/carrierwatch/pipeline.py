"""Orchestration of a run: sniff inputs -> read -> lake -> audit + detections -> findings.

This sits on top of the one-way flow (sources -> records -> detections -> findings) and is what ``cli.py``,
the demo and the tests call. It never raises for bad input: every file ends up in ``RunResult.inputs`` with
its kind, counts and reasons; only a missing PATH is a usage error.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from carrierwatch.audit.runner import AuditReport, audit_configs
from carrierwatch.catalogue import config_checks
from carrierwatch.configs.bulk import ConfigRead, read_configs
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.configs.version import parse_show_version
from carrierwatch.detect.analytics.settings import settings_from
from carrierwatch.detect.runner import Assets, register_inputs, run_detections
from carrierwatch.engine import open_engine
from carrierwatch.findings import InputAccount, RunResult
from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.stix_reader import read_stix_indicators
from carrierwatch.li.hunt import LI_KINDS, LiInputs, li_findings, read_li_input
from carrierwatch.telemetry.quarantine import Quarantine, RecordingAccount, keep_rejected
from carrierwatch.telemetry.readers import TABLE_FOR_KIND, ingest_file
from carrierwatch.telemetry.sniff import sniff
from carrierwatch.workspace import Workspace

Progress = Callable[[str, int, int], None]

#: Files that describe the run rather than being evidence: listed in ``inputs`` with no records.
_SKIPPED_KINDS = {"workspace-config": "workspace configuration (use --workspace to apply it)",
                  "truth": "lab ground truth (used only by `lab score`)"}


class UsageError(Exception):
    """A PATH does not exist or the options do not fit (exit code 2)."""


@dataclass
class Collected:
    """What the read phase gathered, before detection."""

    accounts: list[InputAccount] = field(default_factory=list)
    devices: list[DeviceConfig] = field(default_factory=list)
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    parquet: dict[str, list[Path]] = field(default_factory=dict)
    assets: Assets = field(default_factory=Assets)
    li: LiInputs = field(default_factory=LiInputs)  # lawful-intercept X1 trail + warrant register


def expand_paths(paths: Sequence[str | Path]) -> list[Path]:
    """Files under each PATH, recursively, in a stable order; hidden files and folders are skipped."""
    out: list[Path] = []
    for p in paths:
        path = Path(p)
        if not path.exists():
            raise UsageError(f"no such file or folder: {p}")
        if path.is_dir():
            out += sorted(
                f for f in path.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(path).parts)
            )
        else:
            out.append(path)
    return list(dict.fromkeys(out))


def collect(files: Iterable[Path], ws: Workspace, *, default_year: int | None = None,
            progress: Progress | None = None, kinds: Sequence[str] | None = None,
            workers: int | None = None) -> Collected:
    """Read every file by its sniffed kind (``kinds``: already sniffed, one per file). Configs are parsed
    first, all together (``configs.bulk.read_configs``: worker processes when there are many); then each file
    is accounted for in the given order."""
    files = list(files)
    got = Collected()
    year = default_year or ws.config.hunt.syslog_default_year
    sniffed: list[str | OSError] = []
    for n, path in enumerate(files, start=1):
        if kinds is not None:
            sniffed.append(kinds[n - 1])
            continue
        if progress:
            progress(f"sniffing {path.name}", n, len(files))
        try:
            sniffed.append(sniff(path))
        except OSError as exc:
            sniffed.append(exc)
    config_paths = [path for path, kind in zip(files, sniffed, strict=True) if kind == "config"]
    if progress and config_paths:
        progress(f"parsing {len(config_paths)} configs", 0, 0)
    parsed = iter(read_configs(config_paths, [str(p) for p in config_paths], workers=workers))
    for n, (path, kind) in enumerate(zip(files, sniffed, strict=True), start=1):
        if progress:
            progress(f"reading {path.name}", n, len(files))
        display = str(path)
        if isinstance(kind, OSError):
            acc = InputAccount(display, "unknown", error=f"unreadable: {kind.strerror or kind}")
            got.accounts.append(acc)
            continue
        acc = RecordingAccount(display, kind)  # an InputAccount that also remembers each rejection
        got.accounts.append(acc)
        if kind in _SKIPPED_KINDS:
            acc.reasons["skipped"] = 0
            acc.samples.append({"line": None, "reason": _SKIPPED_KINDS[kind]})
        elif kind == "unknown":
            acc.error = "unrecognised file kind (not a config, syslog, AAA accounting, flow, Zeek or STIX file)"
        elif kind == "config":
            _read_config(next(parsed), acc, got)
        elif kind == "show-version":
            _read_show_version(path, acc, got)
        elif kind == "inventory":
            _read_inventory(path, acc, got)
        elif kind == "stix":
            got.indicators += read_stix_indicators(path, acc, display_path=display).indicators
        elif kind in LI_KINDS:
            read_li_input(path, kind, acc, got.li, ws.root, display=display)
        elif kind in TABLE_FOR_KIND:
            table_name = TABLE_FOR_KIND[kind]
            files = ingest_file(ws.lake, path, kind, acc, display_path=display, default_year=year,
                                digest_suffix="-" + kind)
            if acc.rejections:  # keep every rejected record with its reason (issue 5)
                keep_rejected(Quarantine(ws.root), table_name, display, path, kind, acc)
            if files:
                got.parquet.setdefault(table_name, []).extend(files)
        else:
            acc.error = f"no reader for kind '{kind}'"
    for dev in got.devices:
        if dev.hostname:
            ips = [a.address for i in dev.interfaces.values() for a in i.addresses]
            got.assets.add(dev.hostname, ips=ips)
    return got


def _read_text(path: Path, acc: InputAccount) -> str | None:
    try:
        return path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        acc.error = f"unreadable: {exc.strerror or exc}"
        return None


def _read_config(read: ConfigRead, acc: InputAccount, got: Collected) -> None:
    dev, error = read
    if dev is None:
        acc.error = error
        return
    got.devices.append(dev)
    if dev.parse_status == "failed":
        acc.records = max(dev.total_lines, 1)
        acc.rejected = acc.records
        acc.reasons[f"parse failed: {dev.parse_reason or 'unknown reason'}"] = acc.records
        return
    acc.records = dev.total_lines
    acc.accepted = dev.total_lines - dev.unrecognised_lines
    if dev.unrecognised_lines:
        acc.rejected = dev.unrecognised_lines
        acc.reasons["unrecognised config line"] = dev.unrecognised_lines
        acc.samples += [{"line": ln, "reason": "unrecognised config line"} for ln in dev.unrecognised_samples[:20]]


def _read_show_version(path: Path, acc: InputAccount, got: Collected) -> None:
    text = _read_text(path, acc)
    if text is None:
        return
    info = parse_show_version(text)
    if info is None or not getattr(info, "version", None):
        acc.reject("no version found in show version output", 1)
        return
    acc.accept()
    got.versions[path.stem.lower()] = {"os": info.os, "version": info.version, "model": getattr(info, "model", None)}


def _read_inventory(path: Path, acc: InputAccount, got: Collected) -> None:
    text = _read_text(path, acc)
    if text is None:
        return
    reader = csv.DictReader(io.StringIO(text))
    for n, row in enumerate(reader, start=2):
        host = (row.get("hostname") or "").strip()
        if not host:
            acc.reject("row without hostname", n)
            continue
        ips = [row.get(c) or "" for c in ("mgmt_ip", "loopback_ip")]
        got.assets.add(host, ips=[ip.strip() for ip in ips if ip.strip()])
        acc.accept()


def hunt(
    paths: Sequence[str | Path],
    ws: Workspace,
    *,
    engine_name: str = "duckdb",
    spark_master: str | None = None,
    extra_indicators: Sequence[Indicator] = (),
    default_year: int | None = None,
    progress: Progress | None = None,
    command: str = "hunt",
    workers: int | None = None,
) -> tuple[RunResult, dict[str, Any]]:
    """Audit the configs and hunt the telemetry found under ``paths``. Returns the result and report extras.
    ``workers``: processes that parse configs (default: ``configs.bulk.default_workers``)."""
    files = expand_paths(paths)
    result = RunResult(command=command, engine=engine_name)
    got = collect(files, ws, default_year=default_year, progress=progress, workers=workers)
    result.inputs = got.accounts
    extras: dict[str, Any] = {}

    if got.devices:
        if progress:
            progress("auditing configs", 0, 1)
        report = audit_configs(got.devices, ws.config.allowlists, config_checks(), hunt=ws.config.hunt,
                               versions=got.versions, vuln_dir=ws.root / "vulns")
        result.findings += report.to_findings()
        result.extra_summary["posture_score"] = report.score()
        extras["posture"] = _posture(report, got)

    indicators = [*extra_indicators, *got.indicators]
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
                                              analytics=settings_from(ws.config.hunt))
            if skipped:
                result.extra_summary["rules_skipped"] = skipped
        finally:
            engine.close()
    result.findings += li_findings(got.li, ws)
    result.finished = datetime.now(UTC)
    result.extra_summary["indicators"] = len(indicators)
    result.extra_summary["devices_audited"] = len(got.devices)
    return result, extras


def audit_only(paths: Sequence[str | Path], ws: Workspace, *, progress: Progress | None = None,
               workers: int | None = None) -> tuple[RunResult, dict[str, Any]]:
    """``carrierwatch audit``: configs and show-version outputs only; other files are listed as skipped.
    ``workers``: processes that parse configs (default: ``configs.bulk.default_workers``)."""
    files = expand_paths(paths)
    keep = []
    kinds = []
    result = RunResult(command="audit")
    for n, f in enumerate(files, start=1):
        if progress:
            progress(f"sniffing {f.name}", n, len(files))
        kind = sniff(f)
        if kind in ("config", "show-version", "inventory"):
            keep.append(f)
            kinds.append(kind)
        else:
            result.inputs.append(InputAccount(str(f), kind, error=f"not a configuration ({kind}); use `hunt`"))
    got = collect(keep, ws, progress=progress, kinds=kinds, workers=workers)  # sniffed once, above
    result.inputs = got.accounts + result.inputs
    extras: dict[str, Any] = {}
    if got.devices:
        report = audit_configs(got.devices, ws.config.allowlists, config_checks(), hunt=ws.config.hunt,
                               versions=got.versions, vuln_dir=ws.root / "vulns")
        result.findings = report.to_findings()
        result.extra_summary["posture_score"] = report.score()
        extras["posture"] = _posture(report, got)
    result.finished = datetime.now(UTC)
    result.extra_summary["devices_audited"] = len(got.devices)
    return result, extras


def _posture(report: AuditReport, got: Collected) -> list[dict[str, Any]]:
    """Per-device posture rows for the reports (score = severity-weighted share of applicable checks passed)."""
    rows = []
    for da in report.devices:
        counts = da.counts()
        version = got.versions.get(da.name.lower(), {}).get("version") or da.device.version
        rows.append({"device": da.name, "os": da.device.os, "version": version, "score": da.score(),
                     "failed": counts["fail"], "passed": counts["pass"], "parse_status": da.device.parse_status})
    return sorted(rows, key=lambda r: (r["score"] if r["score"] is not None else 101, r["device"]))
