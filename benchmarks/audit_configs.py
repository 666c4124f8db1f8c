"""Issue 3 benchmark: audit 10,000 lab configs (all checks + CVE exposure) vs ciscoconfparse2 merely parsing them.

The configs come from ``carrierwatch.lab`` (several deterministic networks rendered config-only: IOS XE,
NX-OS, IOS XR, Junos, EOS in the lab's proportions). Both sides read the same files from disk in the same
run. carrierwatch does strictly more: dialect detection, parse into the vendor-neutral model, every
registered check, CVE matching and posture scoring; ciscoconfparse2 only builds its parent/child line tree
(``CiscoConfParse(lines, syntax=...)`` with the syntax matching each platform; EOS is given "ios").

carrierwatch side, timed as one figure: ``configs.bulk.read_configs`` over every file (the function
``app.intake.collect`` calls for the files ``carrierwatch audit``/``hunt`` sniff as configs: pipeline text rule,
worker processes when there are 1,000 files or more, ``$CARRIERWATCH_WORKERS``/every CPU by default) +
``audit_configs`` + ``to_findings``. Reported with it: the same with one worker (``carrierwatch_1worker_s``:
the single-process cost), and ``audit_cli_s``, the whole ``app.runs.audit_workspace`` a user's ``carrierwatch
audit DIR`` runs (adds file-kind sniffing, input accounting and posture rows; not part of the ratio).

Peak memory: ``ru_maxrss`` of this process after the carrierwatch phase (the peer runs afterwards, so the
figure is carrierwatch's own peak plus the interpreter), and again after the peer. Worker processes are
separate: each holds the interpreter plus one chunk (<= 100 parsed configs) at a time.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as ``python benchmarks/audit_configs.py``: the repo root is not on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import peak_rss_mb  # noqa: E402

PER_NET = 500  # devices per generated network; 20 networks = 10,000 configs at scale 1.0


def make_configs(folder: Path, count: int) -> list[tuple[Path, str]]:
    from carrierwatch.lab.config_mods import ConfigMods
    from carrierwatch.lab.generate import _render
    from carrierwatch.lab.network import build_network

    out: list[tuple[Path, str]] = []
    seed = 0
    end_ms = 1_790_000_000_000
    while len(out) < count:
        seed += 1
        net = build_network(min(PER_NET, max(2, count - len(out))), seed)
        for dev in net.devices:
            p = folder / f"n{seed}-{dev.hostname}.cfg"
            p.write_text("\n".join(_render(dev, net, seed, ConfigMods(), end_ms)) + "\n", encoding="utf-8")
            out.append((p, dev.platform))
            if len(out) >= count:
                break
    return out


def run_carrierwatch(files: list[tuple[Path, str]], workers: int | None = None) -> dict[str, Any]:
    from carrierwatch.audit import audit_configs
    from carrierwatch.catalogue import config_checks
    from carrierwatch.configs.bulk import read_configs
    from carrierwatch.workspace import Allowlists

    t0 = time.perf_counter()
    reads = read_configs([p for p, _ in files], workers=workers)
    devs = [dev for dev, _ in reads if dev is not None]
    t_parse = time.perf_counter() - t0
    report = audit_configs(devs, Allowlists(), config_checks())
    findings = report.to_findings()
    total = time.perf_counter() - t0
    return {"seconds": total, "parse_seconds": t_parse, "devices": len(devs), "findings": len(findings),
            "checks": len(report.devices[0].results) if report.devices else 0,
            "failed_parse": sum(1 for d in devs if d.parse_status == "failed"),
            "unreadable": sum(1 for dev, _ in reads if dev is None)}


def run_audit_cli(folder: Path) -> float:
    """``app.runs.audit_workspace`` on the folder, as ``carrierwatch audit DIR`` runs it (workspace in a temp dir)."""
    from carrierwatch.app.runs import audit_workspace
    from carrierwatch.workspace import open_workspace

    with tempfile.TemporaryDirectory(prefix="cw-bench-ws-") as ws_dir:
        ws = open_workspace(ws_dir)
        t0 = time.perf_counter()
        audit_workspace([folder], ws)
        return time.perf_counter() - t0


_SYNTAX = {"iosxe": "ios", "nxos": "nxos", "iosxr": "iosxr", "junos": "junos", "eos": "ios"}


def run_ciscoconfparse2(files: list[tuple[Path, str]]) -> dict[str, Any]:
    from ciscoconfparse2 import CiscoConfParse

    logging.disable(logging.CRITICAL)
    errors = 0
    t0 = time.perf_counter()
    objs = 0
    for p, platform in files:
        try:
            parsed = CiscoConfParse(p.read_text(encoding="utf-8").splitlines(), syntax=_SYNTAX.get(platform, "ios"))
            objs += len(parsed.objs)
        except Exception:  # the peer's failure is counted, not fatal to the benchmark
            errors += 1
    return {"seconds": time.perf_counter() - t0, "objects": objs, "errors": errors}


def run(scale: float = 1.0) -> dict[str, Any]:
    from carrierwatch.configs.bulk import PARALLEL_MIN, default_workers

    count = max(20, int(10_000 * scale))
    tmp = Path(tempfile.mkdtemp(prefix="cw-bench-audit-"))
    try:
        t0 = time.perf_counter()
        files = make_configs(tmp, count)
        gen_s = time.perf_counter() - t0
        ours = run_carrierwatch(files)
        rss_ours = peak_rss_mb()
        single = run_carrierwatch(files, workers=1)
        cli_s = run_audit_cli(tmp)
        peer = run_ciscoconfparse2(files)
        rss_all = peak_rss_mb()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    workers = default_workers() if len(files) >= PARALLEL_MIN else 1
    return {
        "name": "audit_configs",
        "configs": len(files),
        "generate_s": round(gen_s, 2),
        "carrierwatch_s": round(ours["seconds"], 3),
        "carrierwatch_parse_s": round(ours["parse_seconds"], 3),
        "carrierwatch_workers": workers,
        "carrierwatch_1worker_s": round(single["seconds"], 3),
        "carrierwatch_1worker_parse_s": round(single["parse_seconds"], 3),
        "audit_cli_s": round(cli_s, 3),
        "carrierwatch_checks_per_device": ours["checks"],
        "carrierwatch_findings": ours["findings"],
        "carrierwatch_failed_parse": ours["failed_parse"],
        "ciscoconfparse2_s": round(peer["seconds"], 3),
        "ciscoconfparse2_errors": peer["errors"],
        "ratio_peer_over_cw": round(peer["seconds"] / ours["seconds"], 1) if ours["seconds"] else None,
        "ratio_peer_over_cw_1worker": round(peer["seconds"] / single["seconds"], 1) if single["seconds"] else None,
        "peak_rss_mb_after_carrierwatch": round(rss_ours, 1),
        "peak_rss_mb_after_peer": round(rss_all, 1),
        "target": "ratio >= 20 (issue #3)",
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 0.05), indent=2))
