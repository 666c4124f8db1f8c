"""``carrierwatch hunt`` keeps every rejected record of a file in the workspace quarantine with its reason;
the JSON ``inputs`` accounting is unchanged (counts and reasons, never the rejected text)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from netflow_fixture_io import FIXTURES

from carrierwatch.app.runs import hunt_workspace as hunt
from carrierwatch.telemetry.quarantine import Quarantine
from carrierwatch.workspace import open_workspace


def test_hunt_quarantines_rejected_lines_and_records(tmp_path: Path) -> None:
    ev = tmp_path / "evidence"
    ev.mkdir()
    (ev / "dev.log").write_text(
        "Nov 16 10:00:01 pe1 001: Nov 16 10:00:01.000 UTC: %SYS-5-CONFIG_I: Configured from console by a on vty0\n"
        "Nov 16 10:00:02 pe1 002: Nov 16 10:00:02.000 UTC: %SYS-5-CONFIG_I: Configured from console by b on vty0\n"
        "<999>Nov 16 10:00:03 pe1 003: secret-ish text that is not accepted\n", encoding="utf-8")
    shutil.copy(FIXTURES / "lab_truncated.ipfix", ev / "cut.ipfix")
    ws = open_workspace(tmp_path / "ws")
    result, _ = hunt([ev], ws, default_year=2026, command="test")
    q = Quarantine(ws.root)
    sys_q = q.read("syslog")
    assert [(r["line"], r["reason"], r["text"]) for r in sys_q] == [
        (3, "invalid PRI", "<999>Nov 16 10:00:03 pe1 003: secret-ish text that is not accepted")]
    flow_q = q.read("flows")
    assert [r["reason"] for r in flow_q] == ["truncated packet"] and flow_q[0]["source"].endswith("cut.ipfix")
    inputs = json.loads(json.dumps(result.to_dict()))["inputs"]
    by_kind = {i["kind"]: i for i in inputs}
    assert by_kind["syslog"]["rejected"] == 1 and by_kind["ipfix"]["rejected"] == 1
    assert all("rejections" not in i for i in inputs)
    assert "secret-ish" not in json.dumps(inputs)
