"""generate_lab: determinism, ground-truth evidence, clean scenario, platforms, formats."""

from __future__ import annotations

import csv
import ipaddress
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from carrierwatch.lab import ACTIONS, LabSummary, generate_lab
from carrierwatch.lab.intel_bundle import DECOYS, INTEL, INTEL_NETWORKS
from carrierwatch.lab.scenario import LI_ACTIONS
from carrierwatch.workspace import load_config


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


#: For each action, text that at least one of its evidence lines must show.
EXPECTED_TOKEN = {
    "initial-access-credentials": "LOGIN_SUCCESS",
    "initial-access-webui-cve-2023-20198": "cisco_tac_admin",
    "acl-20-edit": "access-list 20 permit",
    "c2-beacon": ",443,TCP,",
    "gre-tunnel": "Tunnel",
    "tacacs-repoint": "address ipv4",
    "pcap-tacacs": "monitor capture mycap start",
    "config-exfil-tftp": "copy running-config tftp://",
    "guestshell": "guestshell",
    "ssh-nonstandard-port": "22122",
    "loopback-change": "10.255.",
    "log-clearing": "clear logging",
    "li-task-enumeration": "GetTaskDetailsRequest",
    "li-rogue-destination": "CreateDestinationRequest",
}


def _line(root: Path, source: str, line: int) -> str:
    with (root / source).open(encoding="utf-8") as fh:
        for i, text in enumerate(fh, 1):
            if i == line:
                return text.rstrip("\n")
    raise AssertionError(f"{source} has fewer than {line} lines")


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    args = {"devices": 6, "days": 1, "seed": 3, "flows_per_device_per_hour": 5}
    a = generate_lab(tmp_path / "a", **args)  # type: ignore[arg-type]
    b = generate_lab(tmp_path / "b", **args)  # type: ignore[arg-type]
    fa = [p.relative_to(a.out_dir) for p in all_files(a.out_dir)]
    fb = [p.relative_to(b.out_dir) for p in all_files(b.out_dir)]
    assert fa == fb
    for rel in fa:
        assert (a.out_dir / rel).read_bytes() == (b.out_dir / rel).read_bytes(), rel


def test_other_seed_other_lab(tmp_path: Path) -> None:
    a = generate_lab(tmp_path / "a", devices=6, days=1, seed=3, flows_per_device_per_hour=2)
    b = generate_lab(tmp_path / "b", devices=6, days=1, seed=4, flows_per_device_per_hour=2)
    assert (a.out_dir / "truth.json").read_text() != (b.out_dir / "truth.json").read_text()


def test_every_action_planted_with_evidence_at_the_stated_line(typhoon_lab: LabSummary) -> None:
    truth = json.loads(typhoon_lab.truth_path.read_text())
    assert truth["generator"] == "carrierwatch-lab 1"
    assert sorted(a["id"] for a in truth["actions"]) == sorted({**ACTIONS, **LI_ACTIONS})
    hosts = {row["hostname"] for row in csv.DictReader((typhoon_lab.out_dir / "inventory.csv").open())}
    for act in truth["actions"]:
        assert act["device"] in hosts
        assert act["evidence"], act["id"]
        texts = []
        for ev in act["evidence"]:
            text = _line(typhoon_lab.out_dir, ev["source"], ev["line"])
            assert ev["contains"] in text, (act["id"], ev)
            texts.append(text)
        assert any(EXPECTED_TOKEN[act["id"]] in t for t in texts), act["id"]


def test_actions_leave_evidence_in_several_sources(typhoon_lab: LabSummary) -> None:
    truth = json.loads(typhoon_lab.truth_path.read_text())
    for act in truth["actions"]:
        kinds = {ev["source"].split("/")[0] for ev in act["evidence"]}
        # LI provisioning shows only in the X1 trail (docs/guidance.md#cisco-li: not on the console, not in syslog)
        if act["id"] != "c2-beacon" and not act["id"].startswith("li-"):
            assert len(kinds) >= 2, (act["id"], kinds)
    by_id = {a["id"]: a for a in truth["actions"]}
    cfg_backed = ("acl-20-edit", "gre-tunnel", "tacacs-repoint", "ssh-nonstandard-port", "loopback-change")
    for aid in cfg_backed:
        assert any(ev["source"].startswith("configs/") for ev in by_id[aid]["evidence"]), aid


def test_intruder_acts_outside_change_windows(typhoon_lab: LabSummary) -> None:
    cfg = load_config(typhoon_lab.out_dir / "carrierwatch.toml")
    truth = json.loads(typhoon_lab.truth_path.read_text())
    for act in truth["actions"]:
        t = datetime.fromisoformat(act["time"].replace("Z", "+00:00"))
        assert not any(w.contains(t.weekday(), t.time()) for w in cfg.change_windows), act


def test_clean_lab_has_no_actions_and_no_intel_address(clean_lab: LabSummary) -> None:
    truth = json.loads(clean_lab.truth_path.read_text())
    assert truth["actions"] == [] and truth["scenario"] == "clean"
    needles = [*INTEL.values(), *DECOYS]
    prefixes = [str(ipaddress.ip_network(n).network_address).rsplit(".", 1)[0] + "." for n in INTEL_NETWORKS]
    for path in all_files(clean_lab.out_dir):
        if path.parts[-2] == "intel":
            continue
        text = path.read_text(encoding="utf-8")
        for needle in needles + prefixes:
            assert needle not in text, (path, needle)


def test_typhoon_telemetry_does_contain_intel_addresses(typhoon_lab: LabSummary) -> None:
    """The negative of the clean test: the same scan finds the intruder in the dirty lab."""
    flows = "".join(p.read_text() for p in sorted((typhoon_lab.out_dir / "flows").glob("*.csv")))
    for role in ("access", "webui", "gre", "tacacs", "exfil", "c2"):
        assert INTEL[role] in flows, role


def test_clean_and_typhoon_share_the_network(typhoon_lab: LabSummary, clean_lab: LabSummary) -> None:
    for name in ("inventory.csv", "carrierwatch.toml"):
        assert (typhoon_lab.out_dir / name).read_bytes() == (clean_lab.out_dir / name).read_bytes()


def test_all_five_platforms_present(typhoon_lab: LabSummary) -> None:
    heads = {p.name: p.read_text().splitlines()[:3] for p in (typhoon_lab.out_dir / "configs").glob("*.cfg")}
    joined = {name: "\n".join(h) for name, h in heads.items()}
    markers = [
        "Building configuration...",
        "!Command: show running-config",
        "!! IOS XR Configuration",
        "## Last commit:",
        "! Command: show running-config",
    ]
    for marker in markers:
        assert any(marker in h for h in joined.values()), marker
    rows = list(csv.DictReader((typhoon_lab.out_dir / "inventory.csv").open()))
    assert {r["platform"] for r in rows} == {"ios-xe", "ios-xr", "nx-os", "junos", "eos"}
    assert {r["vendor"] for r in rows} == {"cisco", "juniper", "arista"}
    for r in rows:
        assert (typhoon_lab.out_dir / "show_version" / f"{r['hostname']}.txt").read_text().count("\n") >= 8
        assert r["os_version"] in (typhoon_lab.out_dir / "show_version" / f"{r['hostname']}.txt").read_text()


def test_workspace_config_loads_with_the_lab_allowlists(typhoon_lab: LabSummary) -> None:
    cfg = load_config(typhoon_lab.out_dir / "carrierwatch.toml")
    al = cfg.allowlists
    assert al.contains("aaa_servers", "10.255.1.11") and not al.contains("aaa_servers", INTEL["tacacs"])
    assert al.contains("device_subnets", "10.0.101.1")
    assert al.tunnel_peers == [] and cfg.change_windows and cfg.hunt.syslog_default_year == 2026


def test_flow_files_are_nfdump_csv_with_a_true_summary(typhoon_lab: LabSummary) -> None:
    for path in sorted((typhoon_lab.out_dir / "flows").glob("nfcapd-*.csv")):
        lines = path.read_text().splitlines()
        assert lines[0].startswith("ts,te,td,sa,da,sp,dp,pr,flg,") and lines[0].endswith(",ra,eng,exid,tr")
        assert lines[-3:-1] == ["Summary", "flows,bytes,packets,avg_bps,avg_pps,avg_bpp"]
        rows = [r.split(",") for r in lines[1:-3]]
        assert all(len(r) == 48 for r in rows)
        assert [r[0] for r in rows] == sorted(r[0] for r in rows)
        flows, byts, pkts = (int(x) for x in lines[-1].split(",")[:3])
        assert flows == len(rows) and byts == sum(int(r[12]) for r in rows)
        assert pkts == sum(int(r[11]) for r in rows)
        assert {r[7] for r in rows} <= {"TCP", "UDP", "GRE", "ESP", "ICMP"}


def test_syslog_and_accounting_are_chronological_per_file(typhoon_lab: LabSummary) -> None:
    for path in sorted((typhoon_lab.out_dir / "syslog").glob("*.log")):
        stamps = [ln[:15] for ln in path.read_text().splitlines()]
        assert stamps == sorted(stamps)
    for path in sorted((typhoon_lab.out_dir / "aaa").glob("*.log")):
        rows = [ln.split("\t") for ln in path.read_text().splitlines()]
        assert all(len(r) >= 8 and r[5] in ("start", "stop") and r[6].startswith("task_id=") for r in rows)
        assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_zeek_conn_log_header_and_footer(typhoon_lab: LabSummary) -> None:
    lines = (typhoon_lab.out_dir / "zeek" / "conn.log").read_text().splitlines()
    assert lines[0] == "#separator \\x09" and lines[-1].startswith("#close\t")
    fields = next(ln for ln in lines if ln.startswith("#fields")).split("\t")[1:]
    assert fields[:3] == ["ts", "uid", "id.orig_h"] and "local_resp" in fields
    for row in (ln for ln in lines if not ln.startswith("#")):
        assert len(row.split("\t")) == len(fields)


def test_log_clearing_device_goes_silent(typhoon_lab: LabSummary) -> None:
    truth = json.loads(typhoon_lab.truth_path.read_text())
    act = next(a for a in truth["actions"] if a["id"] == "log-clearing")
    stop = next(ev for ev in act["evidence"] if ev["contains"] == "stopped")
    lines = (typhoon_lab.out_dir / stop["source"]).read_text().splitlines()
    host_lines = [i for i, ln in enumerate(lines, 1) if ln.split()[3] == act["device"]]
    after = [i for i in host_lines if i > stop["line"]]
    if after:  # the next line of that device comes hours later (the restart)
        t0 = lines[stop["line"] - 1][:15]
        t1 = lines[after[0] - 1][:15]
        h0, h1 = int(t0[7:9]) + 24 * int(t0[4:6]), int(t1[7:9]) + 24 * int(t1[4:6])
        assert h1 - h0 >= 2


def test_no_secret_looks_like_a_real_default_credential(typhoon_lab: LabSummary) -> None:
    for path in (typhoon_lab.out_dir / "configs").glob("*.cfg"):
        text = path.read_text()
        assert " password 0 " not in text and "password cisco" not in text


def test_intel_bundle_has_advisory_quirks(typhoon_lab: LabSummary) -> None:
    bundle = json.loads((typhoon_lab.out_dir / "intel" / "aa25-239a-lab.stix.json").read_text())
    objs = bundle["objects"]
    patterns = [o["pattern"] for o in objs if o["type"] == "indicator"]
    assert any("/24'" in p for p in patterns) and any("ipv6-addr" in p for p in patterns)
    assert any("file:hashes.'SHA-256'" in p and " AND file:name" in p for p in patterns)
    assert any("[T1048.003] (ENT)" in o.get("name", "") for o in objs if o["type"] == "attack-pattern")
    assert any(o.get("relationship_type") == "indicates" for o in objs)
    ids = {o["id"] for o in objs}
    assert all(o["created_by_ref"] not in ids for o in objs if "created_by_ref" in o)
    report = next(o for o in objs if o["type"] == "report")
    assert "created_by_ref" not in report
    nets = [ipaddress.ip_network(p.split("'")[1]) for p in patterns if "ipv4-addr" in p]
    for ip in INTEL.values():  # every intruder address is covered by an indicator (exact or CIDR)
        assert any(ipaddress.ip_address(ip) in n for n in nets), ip


def test_progress_is_reported(tmp_path: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    generate_lab(
        tmp_path,
        devices=3,
        days=1,
        flows_per_device_per_hour=1,
        progress=lambda s, d, t: seen.append((s, d, t)),
    )
    stages = {s for s, _, _ in seen}
    assert {"configs", "syslog", "aaa", "flows", "truth"} <= stages
    assert all(0 <= d <= t for _, d, t in seen)


@pytest.mark.parametrize(
    "kwargs", [{"devices": 1}, {"days": 0}, {"scenario": "volt"}, {"flows_per_device_per_hour": -1}]
)
def test_bad_arguments_are_refused(tmp_path: Path, kwargs: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        generate_lab(tmp_path, **kwargs)  # type: ignore[arg-type]


def test_start_other_than_midnight_and_weekday(tmp_path: Path) -> None:
    """A Tuesday start puts the first hours inside the change window: the intruder waits it out."""
    s = generate_lab(
        tmp_path,
        devices=5,
        days=1,
        flows_per_device_per_hour=1,
        start=datetime(2026, 11, 17, 0, 0, tzinfo=UTC),
    )
    truth = json.loads(s.truth_path.read_text())
    assert truth["actions"] and all(a["time"] >= "2026-11-17T05:00:00Z" for a in truth["actions"])
