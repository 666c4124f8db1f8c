"""The SigmaHQ Cisco regression sample, read by our syslog reader (not as raw text), fires its rule in a hunt."""

from __future__ import annotations

from pathlib import Path

from carrierwatch.app.runs import hunt_workspace as hunt
from carrierwatch.telemetry.sniff import sniff
from carrierwatch.workspace import open_workspace

# SigmaHQ regression_data/rules/cisco/aaa/cisco_cli_dot1x_disabled/ef0ff092-....raw (DRL 1.1)
SAMPLE = ("172.16.5.10 6705: Feb 17 13:40:03.673: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged "
          "command:no access-session port-control\n")


def test_sigmahq_dot1x_sample_fires_through_the_reader(tmp_path: Path) -> None:
    log = tmp_path / "sample.log"
    log.write_text(SAMPLE, encoding="utf-8")
    assert sniff(log) == "syslog"
    result, _ = hunt([log], open_workspace(tmp_path / "ws"), default_year=2026)
    acc = result.inputs[0]
    assert (acc.records, acc.accepted, acc.rejected) == (1, 1, 0)
    fired = {f.rule_id for f in result.findings}
    assert "SIGMA-ef0ff092" in fired, fired


def test_the_same_shape_without_a_cisco_message_is_still_rejected(tmp_path: Path) -> None:
    log = tmp_path / "noise.log"
    log.write_text("172.16.5.10 6705: Feb 17 13:40:03.673: hello\n", encoding="utf-8")
    result, _ = hunt([log], open_workspace(tmp_path / "ws"), default_year=2026)
    assert result.inputs[0].rejected == 1 or result.inputs[0].kind != "syslog"
