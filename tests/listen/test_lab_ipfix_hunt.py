"""A hunt over the lab's IPFIX files finds what the same hunt over its nfdump CSVs finds (flow detections
do not depend on the flow file format)."""

from __future__ import annotations

import shutil
from pathlib import Path

from carrierwatch.app.runs import hunt_workspace as hunt
from carrierwatch.lab.generate import generate_lab
from carrierwatch.workspace import open_workspace


def _flow_findings(folder: Path, ws: Path) -> tuple[set[tuple[str, str | None]], int]:
    result, _ = hunt([folder], open_workspace(ws), default_year=2026, command="test")
    flows_read = sum(i.accepted for i in result.inputs if i.kind in ("nfdump-csv", "ipfix"))
    keys = {(f.rule_id, f.device) for f in result.findings
            if any(e.source.endswith((".csv", ".ipfix")) for e in f.evidence)}
    return keys, flows_read


def test_hunt_over_ipfix_equals_hunt_over_csv(tmp_path: Path) -> None:
    lab = tmp_path / "lab"
    generate_lab(lab, devices=6, days=1, flows_per_device_per_hour=20, ipfix=True)
    csv_only, ipfix_only = tmp_path / "csv", tmp_path / "ipfix"
    shutil.copytree(lab, csv_only, ignore=shutil.ignore_patterns("flows-ipfix"))
    shutil.copytree(lab, ipfix_only, ignore=shutil.ignore_patterns("flows"))
    a, na = _flow_findings(csv_only, tmp_path / "ws1")
    b, nb = _flow_findings(ipfix_only, tmp_path / "ws2")
    assert na == nb > 0
    assert a == b and a  # the planted flow actions are found either way
