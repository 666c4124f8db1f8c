"""``generate_lab``: write the whole synthetic carrier network, its telemetry and the ground truth.

Order of work: plan the network; plant the scenario's actions (they decide silences and config
changes); add the benign background; then write static files, configs, syslog, accounting, flows
(streamed: background flows are generated lazily and merged in time order, one line at a time, so
memory stays bounded by the event timeline, not by the flow count), Zeek, the intel bundle and
``truth.json``. Same arguments give byte-identical output: no wall clock, no ``hash()``, no set order.
"""

from __future__ import annotations

import heapq
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from carrierwatch.lab import messages as msg
from carrierwatch.lab.background import DAY, device_flows, plan_background, snmp_polls
from carrierwatch.lab.config_mods import ConfigMods
from carrierwatch.lab.configs_cisco import render_iosxe, render_iosxr, render_nxos
from carrierwatch.lab.configs_other import render_eos, render_junos
from carrierwatch.lab.intel_bundle import INTEL, bundle_json
from carrierwatch.lab.li_writer import write_li
from carrierwatch.lab.network import Device, Network, build_network, inventory_csv, workspace_toml
from carrierwatch.lab.rng import substream, token
from carrierwatch.lab.scenario import ACTIONS, LI_ACTIONS, ScenarioPlan, plant_salt_typhoon
from carrierwatch.lab.sessions import Emitter
from carrierwatch.lab.show_version import render_show_version
from carrierwatch.lab.timeline import SEQ, ConnItem, FlowItem, Tag, Timeline
from carrierwatch.lab.writers import (
    NFDUMP_HEADER,
    DailyWriter,
    Evidence,
    FlowStats,
    TsFormatter,
    conn_row,
    day_of,
    flow_csv,
    record_evidence,
    zeek_close,
    zeek_header,
)

GENERATOR = "carrierwatch-lab 1"
Progress = Callable[[str, int, int], None]


@dataclass
class LabSummary:
    """What ``generate_lab`` wrote: file and record counts per kind, and where the truth is."""

    out_dir: Path
    truth_path: Path
    scenario: str
    seed: int
    files: dict[str, int] = field(default_factory=dict)
    records: dict[str, int] = field(default_factory=dict)
    actions: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "out_dir": str(self.out_dir),
            "truth_path": str(self.truth_path),
            "scenario": self.scenario,
            "seed": self.seed,
            "files": dict(self.files),
            "records": dict(self.records),
            "actions": self.actions,
        }


def generate_lab(
    out_dir: Path,
    *,
    devices: int = 24,
    days: int = 2,
    seed: int = 7,
    scenario: Literal["salt-typhoon", "clean"] = "salt-typhoon",
    start: datetime = datetime(2026, 11, 16, tzinfo=UTC),
    flows_per_device_per_hour: int = 40,
    ipfix: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
) -> LabSummary:
    """Generate the lab into ``out_dir`` (created if needed; files of the same name are overwritten)."""
    if scenario not in ("salt-typhoon", "clean"):
        raise ValueError(f"unknown scenario {scenario!r} (salt-typhoon or clean)")
    if days < 1:
        raise ValueError("days must be at least 1")
    if flows_per_device_per_hour < 0:
        raise ValueError("flows_per_device_per_hour must not be negative")
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    start = start.astimezone(UTC)
    report: Progress = progress or (lambda stage, done, total: None)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    start_ms = int(start.timestamp()) * 1000
    end_ms = start_ms + days * DAY
    net = build_network(devices, seed)
    tl = Timeline(start_ms=start_ms, end_ms=end_ms)
    em = Emitter(tl)
    weekday0 = start.weekday()
    plan = (
        plant_salt_typhoon(net, em, seed, start_ms, end_ms, weekday0)
        if scenario == "salt-typhoon"
        else ScenarioPlan()
    )
    plan_background(net, em, seed, start_ms, days, weekday0)
    summary = LabSummary(out_dir, out_dir / "truth.json", scenario, seed)
    evidence: Evidence = {}

    (out_dir / "carrierwatch.toml").write_text(workspace_toml(start.year), encoding="utf-8")
    (out_dir / "inventory.csv").write_text(inventory_csv(net), encoding="utf-8")
    _write_configs(out_dir, net, plan, seed, end_ms, evidence, summary, report)
    dates = []
    d = day_of(start_ms)
    while d <= day_of(end_ms - 1):
        dates.append(d)
        d += timedelta(days=1)
    _write_syslog(out_dir, net, tl, dates, evidence, summary)
    report("syslog", 1, 1)
    aaa = DailyWriter(out_dir, lambda day: f"aaa/tacacs-acct-{day.isoformat()}.log", dates, evidence)
    for ts, _o, text, tag in sorted(tl.aaa, key=lambda r: (r[0], r[1])):
        aaa.write(ts, text, tag)
    aaa.close()
    summary.files["aaa"], summary.records["aaa"] = len(aaa.files), aaa.records
    report("aaa", 1, 1)
    _write_flows(out_dir, net, tl, plan, seed, flows_per_device_per_hour, dates, evidence, summary, report)
    _write_zeek(out_dir, net, tl, seed, evidence, summary)
    report("zeek", 1, 1)
    if ipfix:  # the same flows as IPFIX files (issue 5): flows-ipfix/<day>.ipfix
        from carrierwatch.lab.ipfix_writer import write_lab_ipfix

        summary.files["ipfix"] = len(write_lab_ipfix(out_dir))
    li_counts = write_li(out_dir, net, seed, start, start + timedelta(days=days), scenario, evidence, plan)
    summary.files["li"], summary.records["li"] = 2, li_counts["x1"]
    intel = out_dir / "intel" / "aa25-239a-lab.stix.json"
    intel.parent.mkdir(parents=True, exist_ok=True)
    intel.write_text(bundle_json(start), encoding="utf-8")
    summary.files["intel"] = 1
    truth = _truth(plan, evidence, scenario, seed, devices, days, start, flows_per_device_per_hour)
    summary.truth_path.write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
    summary.actions = len(truth["actions"])
    report("truth", 1, 1)
    return summary


def _render(dev: Device, net: Network, seed: int, mods: ConfigMods, end_ms: int) -> list[str]:
    rng = substream(seed, f"config/{dev.hostname}")
    if dev.platform == "iosxe":
        return render_iosxe(dev, net, rng, mods)
    if dev.platform == "iosxr":
        return render_iosxr(dev, net, rng, mods)
    if dev.platform == "nxos":
        return render_nxos(dev, net, rng, mods, msg.ctime(end_ms - 1000))
    if dev.platform == "junos":
        commit = end_ms - days_ms(3) - rng.randrange(days_ms(20))
        ts = datetime.fromtimestamp(commit // 1000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        return render_junos(dev, net, rng, mods, f"{ts} by netops")
    return render_eos(dev, net, rng, mods)


def days_ms(n: int) -> int:
    return n * DAY


def _write_configs(
    out_dir: Path,
    net: Network,
    plan: ScenarioPlan,
    seed: int,
    end_ms: int,
    evidence: Evidence,
    summary: LabSummary,
    report: Progress,
) -> None:
    (out_dir / "configs").mkdir(parents=True, exist_ok=True)
    (out_dir / "show_version").mkdir(parents=True, exist_ok=True)
    total = len(net.devices)
    for i, dev in enumerate(net.devices):
        lines = _render(dev, net, seed, plan.mods.get(dev.hostname, ConfigMods()), end_ms)
        rel = f"configs/{dev.hostname}.cfg"
        (out_dir / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
        for action, host, tok in plan.config_tokens:
            if host != dev.hostname:
                continue
            idx = next((k for k, ln in enumerate(lines) if ln.strip() == tok), None)
            if idx is None:
                idx = next(k for k, ln in enumerate(lines) if tok in ln)
            record_evidence(evidence, Tag(action, tok), rel, idx + 1, lines[idx])
        sv = render_show_version(dev, substream(seed, f"show_version/{dev.hostname}"))
        (out_dir / "show_version" / f"{dev.hostname}.txt").write_text(sv, encoding="utf-8")
        report("configs", i + 1, total)
    summary.files["configs"] = total
    summary.files["show_version"] = total


def _write_syslog(
    out_dir: Path, net: Network, tl: Timeline, dates: list[Any], evidence: Evidence, summary: LabSummary
) -> None:
    seq: dict[str, int] = {d.hostname: 1000 + d.n * 211 + d.site_idx * 37 for d in net.devices}
    padded = {d.hostname: d.platform == "iosxe" for d in net.devices}
    w = DailyWriter(out_dir, lambda day: f"syslog/messages-{day.isoformat()}.log", dates, evidence)
    for ts, _o, host, text, tag in sorted(tl.syslog, key=lambda r: (r[0], r[1])):
        if SEQ in text:
            seq[host] += 1
            text = text.replace(SEQ, f"{seq[host]:06d}" if padded[host] else str(seq[host]))
        w.write(ts, text, tag)
    w.close()
    summary.files["syslog"], summary.records["syslog"] = len(w.files), w.records


def _write_flows(
    out_dir: Path,
    net: Network,
    tl: Timeline,
    plan: ScenarioPlan,
    seed: int,
    per_hour: int,
    dates: list[Any],
    evidence: Evidence,
    summary: LabSummary,
    report: Progress,
) -> None:
    stats = FlowStats()
    w = DailyWriter(
        out_dir,
        lambda day: f"flows/nfcapd-{day.strftime('%Y%m%d')}.csv",
        dates,
        evidence,
        header=[NFDUMP_HEADER],
        footer=stats.summary,
        on_open=stats.reset,
    )
    streams: list[Iterator[FlowItem]] = [iter(sorted(tl.flows, key=lambda r: (r[0], r[1], r[2])))]
    for i, dev in enumerate(net.devices):
        streams.append(device_flows(dev, net, seed, i + 1, tl.start_ms, tl.end_ms, per_hour, tl.silenced))
    for j, gen in enumerate(plan.generators):
        streams.append(gen(len(net.devices) + 1 + j))
    fmt = TsFormatter()
    day_idx = 0
    for ts, _sid, _n, fl, tag in heapq.merge(*streams):
        w.write(ts, flow_csv(fmt, ts, fl), tag)
        if len(w.files) - 1 > day_idx:
            day_idx = len(w.files) - 1
            report("flows", day_idx, len(dates))
        stats.add(ts, fl)
    w.close()
    report("flows", len(dates), len(dates))
    summary.files["flows"], summary.records["flows"] = len(w.files), w.records


def _write_zeek(
    out_dir: Path, net: Network, tl: Timeline, seed: int, evidence: Evidence, summary: LabSummary
) -> None:
    rel = "zeek/conn.log"
    path = out_dir / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    uid_rng = substream(seed, "zeek-uid")
    streams: list[Iterator[ConnItem]] = [iter(sorted(tl.conns, key=lambda r: (r[0], r[1], r[2])))]
    for i, dev in enumerate(net.devices):
        streams.append(snmp_polls(dev, seed, i + 1, tl.start_ms, tl.end_ms))
    n = 0
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        header = zeek_header(tl.start_ms)
        fh.write("\n".join(header) + "\n")
        line_no = len(header)
        for ts, _sid, _k, conn, tag in heapq.merge(*streams):
            row = conn_row(ts, "C" + token(uid_rng, 17), conn)
            fh.write(row + "\n")
            line_no += 1
            n += 1
            if tag is not None:
                record_evidence(evidence, tag, rel, line_no, row)
        fh.write(zeek_close(tl.end_ms) + "\n")
    summary.files["zeek"], summary.records["zeek"] = 1, n


def _iso(ms: int) -> str:
    return datetime.fromtimestamp(ms // 1000, tz=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _truth(
    plan: ScenarioPlan,
    evidence: Evidence,
    scenario: str,
    seed: int,
    devices: int,
    days: int,
    start: datetime,
    per_hour: int,
) -> dict[str, Any]:
    actions = []
    for a in sorted(plan.actions, key=lambda x: (x.time_ms, x.id)):
        attack, refs, desc = ACTIONS.get(a.id) or LI_ACTIONS[a.id]
        ev = sorted(evidence.get(a.id, []), key=lambda e: (e["source"], e["line"]))
        actions.append(
            {
                "id": a.id,
                "device": a.device,
                "time": _iso(a.time_ms),
                "attack": attack,
                "references": refs,
                "description": desc,
                "evidence": ev,
            }
        )
    return {
        "generator": GENERATOR,
        "scenario": scenario,
        "seed": seed,
        "devices": devices,
        "days": days,
        "start": start.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "flows_per_device_per_hour": per_hour,
        "intel_bundle": "intel/aa25-239a-lab.stix.json",
        "intel_addresses": sorted(INTEL.values()) if scenario == "salt-typhoon" else [],
        "actions": actions,
    }
