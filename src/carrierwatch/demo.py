"""``carrierwatch demo``: the whole product on the built-in lab network, end to end.

Generate a lab with a planted Salt Typhoon intrusion -> import its intel into a fresh workspace -> audit its
configs and hunt its telemetry (the application layer's ``import_intel`` and ``hunt_workspace``, as the CLI's
``intel import`` and ``hunt`` do) -> write ``findings.json``, ``report.html`` and ``score.json`` (recall per planted
action, plus the findings of a clean lab of the same size, which measure false alarms).
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from carrierwatch.app.intel import import_intel
from carrierwatch.app.runs import hunt_workspace, save_run
from carrierwatch.findings import RunResult, Severity, hunting_findings
from carrierwatch.lab.generate import generate_lab
from carrierwatch.lab.scoring import score
from carrierwatch.report.render import render
from carrierwatch.workspace import open_workspace

Progress = Callable[[str, int, int], None]


#: Playbook steps from docs/guidance.md#salt-typhoon-behaviours that the lab does not plant yet, and why.
NOT_PLANTED_YET = [
    {"id": "smart-install-cve-2018-0171", "why": "the lab has no IOS XE access switches running Smart Install; "
     "CW-HUNT-SMART-INSTALL and the CW-IOS-SMART-INSTALL audit check are tested on fixtures instead"},
]


@dataclass
class DemoSummary:
    out: Path
    result: RunResult
    score: dict[str, Any]
    clean: dict[str, Any] | None
    timings: dict[str, float] = field(default_factory=dict)


def _prepare_workspace(root: Path, lab: Path) -> Any:
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    cfg = lab / "carrierwatch.toml"
    if cfg.exists():
        shutil.copyfile(cfg, root / "carrierwatch.toml")
    return open_workspace(root)


def _run_lab(lab: Path, ws_root: Path, *, engine_name: str, progress: Progress | None) -> tuple[RunResult, Any,
                                                                                                  dict[str, Any]]:
    """What a carrier does with the lab: import its intel into the workspace store, then hunt the evidence."""
    ws = _prepare_workspace(ws_root, lab)
    # The lab's attackers use RFC 5737 documentation addresses, which the MISP warning lists flag as known-benign:
    # stored unflagged, so that planted indicators alert as they would for real addresses.
    import_intel(ws, sorted((lab / "intel").glob("*.json")), warninglists_on=False)
    truth = json.loads((lab / "truth.json").read_text(encoding="utf-8"))
    year = int(str(truth.get("start", "2026"))[:4])
    # The intel folder was imported above (the store is how a carrier keeps intel); hunt the evidence.
    evidence = [p for p in sorted(lab.iterdir()) if p.name != "intel"]
    run = hunt_workspace(evidence, ws, engine_name=engine_name, use_store=True, default_year=year,
                         progress=progress, command="demo")
    save_run(ws, run.result)
    return run.result, truth, run.extras


def run_demo(out: Path, *, devices: int = 24, days: int = 2, seed: int = 7, engine_name: str = "duckdb",
             clean_run: bool = True, progress: Progress | None = None) -> DemoSummary:
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    lab = out / "lab"
    if lab.exists():
        shutil.rmtree(lab)
    generate_lab(lab, devices=devices, days=days, seed=seed, scenario="salt-typhoon", progress=progress)
    timings["generate"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    result, truth, extras = _run_lab(lab, out / "workspace", engine_name=engine_name, progress=progress)
    timings["hunt"] = time.perf_counter() - t1
    findings = [f.to_dict() for f in result.findings]
    scored = score(findings, truth)
    # Recall without indicator matches: what behaviour rules alone catch once the intel has gone stale.
    behaviour = [a for a in scored["actions"] if set(a.get("by") or []) - {"CW-IOC-IP"}]
    scored["detected_without_ioc"] = len(behaviour)
    scored["recall_without_ioc"] = round(len(behaviour) / scored["planted"], 3) if scored["planted"] else None
    scored["ioc_only"] = [a["id"] for a in scored["actions"] if a["detected"] and a not in behaviour]
    scored["not_planted_yet"] = NOT_PLANTED_YET

    clean: dict[str, Any] | None = None
    if clean_run:
        t2 = time.perf_counter()
        clean_lab = out / "lab-clean"
        if clean_lab.exists():
            shutil.rmtree(clean_lab)
        generate_lab(clean_lab, devices=devices, days=days, seed=seed, scenario="clean", progress=progress)
        clean_result, _, _ = _run_lab(clean_lab, out / "workspace-clean", engine_name=engine_name,
                                      progress=progress)
        hunting = hunting_findings(clean_result.findings)
        above_low = [f for f in hunting if f.severity.rank > Severity.LOW.rank]
        clean = {
            "devices": devices,
            "days": days,
            "hunting_findings": len(hunting),
            "hunting_findings_above_low": len(above_low),
            "above_low": [{"rule_id": f.rule_id, "device": f.device, "severity": f.severity.value,
                           "title": f.title} for f in above_low],
            "per_100_devices_per_day_above_low": round(len(above_low) * 100 / (devices * days), 3),
        }
        timings["clean"] = time.perf_counter() - t2
    scored["clean_run"] = clean
    scored["timings_s"] = {k: round(v, 2) for k, v in timings.items()}

    (out / "findings.json").write_text(result.to_json() + "\n", encoding="utf-8")
    (out / "score.json").write_text(json.dumps(scored, indent=2) + "\n", encoding="utf-8")
    extras["score"] = scored
    render(result, "html", out / "report.html", extra=extras)
    return DemoSummary(out=out, result=result, score=scored, clean=clean, timings=timings)


def print_demo_summary(summary: DemoSummary, console: Console) -> None:
    from carrierwatch.report.table import print_summary

    print_summary(summary.result, console)
    s = summary.score
    t = Table(title=f"Planted Salt Typhoon actions: {s['detected']}/{s['planted']} detected "
                    f"(recall {s['recall']:.0%})")
    for col in ("action", "device", "ATT&CK", "detected by"):
        t.add_column(col)
    for a in s["actions"]:
        by = ", ".join(a.get("by") or []) or "[red]not detected[/red]"
        t.add_row(a["id"], a.get("device") or "", ", ".join(a.get("attack") or []), by)
    console.print(t)
    if s.get("ioc_only"):
        console.print(f"Detected only by indicator match (no behaviour rule yet): {', '.join(s['ioc_only'])}.")
    console.print("Not planted yet: " + "; ".join(f"{n['id']} ({n['why']})" for n in s["not_planted_yet"]) + ".")
    if summary.clean is not None:
        c = summary.clean
        console.print(f"Clean lab ({c['devices']} devices, {c['days']} days): {c['hunting_findings']} hunting "
                      f"findings, {c['hunting_findings_above_low']} above low.")
    console.print(f"Wrote [bold]{summary.out / 'findings.json'}[/bold], [bold]{summary.out / 'report.html'}[/bold], "
                  f"[bold]{summary.out / 'score.json'}[/bold]")
