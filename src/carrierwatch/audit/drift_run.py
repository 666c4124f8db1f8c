"""Run drift over folders: read running and golden configs, pair them, collect findings and accounts.

Kept apart from ``drift.py`` (the comparison) so the CLI command and the benchmark can share the file
handling: every file is accounted for (``InputAccount``), a running config without a golden copy is a
counted rejection ("no golden copy"), never silently skipped.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from carrierwatch.audit.drift import drift_findings, pair_baseline
from carrierwatch.configs import parse_config_bytes
from carrierwatch.configs.model import DeviceConfig
from carrierwatch.findings import InputAccount, RunResult


def _files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith("."))
        elif p.is_file():
            out.append(p)
    return out


def read_configs(paths: list[Path], accounts: list[InputAccount], kind: str) -> list[DeviceConfig]:
    devs = []
    for f in _files(paths):
        acc = InputAccount(str(f), kind)
        accounts.append(acc)
        try:
            dev = parse_config_bytes(f.read_bytes(), path=str(f))
        except OSError as exc:
            acc.error = f"unreadable: {exc.strerror or exc}"
            continue
        if dev.parse_status == "failed":
            acc.reject(f"parse failed: {dev.parse_reason}", None)
            continue
        acc.accept(dev.total_lines - dev.unrecognised_lines)
        if dev.unrecognised_lines:
            acc.rejected += dev.unrecognised_lines
            acc.records += dev.unrecognised_lines
            acc.reasons["unrecognised config line"] = dev.unrecognised_lines
        devs.append(dev)
    return devs


def run_drift(configs: list[Path], baseline: Path) -> RunResult:
    result = RunResult(command="drift")
    missing_paths = [str(p) for p in [*configs, baseline] if not p.exists()]
    for m in missing_paths:
        result.inputs.append(InputAccount(m, "config", error="no such file or folder"))
    running = read_configs(configs, result.inputs, "config")
    golden = read_configs([baseline], result.inputs, "golden-config")
    pairs, lonely = pair_baseline(running, golden)
    by_path = {a.path: a for a in result.inputs}
    for d in lonely:
        by_path[d.path].samples.append({"line": None, "reason": "no golden copy in the baseline folder"})
        by_path[d.path].reasons["no golden copy in the baseline folder"] = 0
    for g, r in pairs:
        result.findings += drift_findings(g, r)
    result.extra_summary.update({"devices_compared": len(pairs), "devices_without_golden": len(lonely)})
    result.finished = datetime.now(UTC)
    return result
