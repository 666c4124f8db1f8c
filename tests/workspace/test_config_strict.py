"""The workspace config is strict: each misspelt key and wrong type is an error naming the file and the line,
with the nearest valid key; `carrierwatch config check` lists every problem (exit 2) or the effective config."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from carrierwatch.cli import app
from carrierwatch.workspace import EXAMPLE_CONFIG, ConfigError, HuntSettings, load_config

runner = CliRunner()

#: (config text, line the error must name, words the message must hold)
BAD: list[tuple[str, int, tuple[str, ...]]] = [
    ('organization = "X"\n', 1, ("organization", "did you mean 'organisation'")),
    ('# head\n[allowlist]\nnms = ["10.0.0.1"]\n', 2, ("allowlist", "did you mean 'allowlists'")),
    ('[redact]\nsubscriber = true\n', 1, ("unknown table 'redact'", "valid keys here")),
    ('[allowlists]\nmanagment_subnets = ["10.0.0.0/8"]\n', 2, ("unknown allow-list", "management_subnets")),
    ('[allowlists]\nnms = "10.0.0.1"\n', 2, ("allowlists.nms must be a list",)),
    ('[allowlists]\naaa_servers = ["10.0.0.1", "tacacs1"]\n', 2, ("'tacacs1' is not an IPv4/IPv6",)),
    ('[allowlists]\naaa_servers = [49]\n', 2, ("49 is not an IPv4/IPv6",)),
    ('[hunt]\nbeacon_threshold = "high"\n', 2, ("hunt.beacon_threshold must be a number", "'high'")),
    ('[hunt]\n\nhop_window_s = 1800.5\n', 3, ("hunt.hop_window_s must be an integer",)),
    ('[hunt]\nsilence_min_gap_s = true\n', 2, ("hunt.silence_min_gap_s must be an integer",)),
    ('[hunt]\nsilence_factr = 3\n', 2, ("unknown setting 'silence_factr'", "did you mean 'silence_factor'")),
    ('[hunt]\nbeacon_weights = [0.5, 0.5, 0.5, 0.5]\n', 2, ("sum to 1",)),
    ('[hunt]\nbeacon_threshold = 7\n', 2, ("between 0 and 1",)),
    ('[hunt]\nnonstandard_ssh_regex = "(("\n', 2, ("not a valid regular expression",)),
    ('state_url = 5\n', 1, ("state_url must be a string",)),
    ('[[change_windows]]\ndays = ["tue"]\nstart = "01:00"\nend = "05:00"\n[[change_windows]]\ndays = ["xyz"]\n'
     'start = "01:00"\nend = "05:00"\n', 5, ("change_windows[1]",)),
    ('[[change_windows]]\ndays = ["tue"]\nstart = "01:00"\nend = "05:00"\nstrat = "x"\n', 5,
     ("unknown key 'strat'", "did you mean 'start'")),
]


@pytest.mark.parametrize(("text", "line", "words"), BAD, ids=[b[0].split("\n")[-2][:30] for b in BAD])
def test_each_mistake_names_file_line_and_fix(tmp_path: Path, text: str, line: int, words: tuple[str, ...]) -> None:
    path = tmp_path / "carrierwatch.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    first = info.value.problems[0]
    assert first.startswith(f"{path}:{line}: "), first
    for w in words:
        assert w in first, first


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    path = tmp_path / "carrierwatch.toml"
    path.write_text('organization = "X"\n[hunt]\nbeacon_threshold = "high"\nsilence_factr = 3\n')
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert [p.split(":")[1] for p in info.value.problems] == ["1", "3", "4"]
    assert "and 2 more" in str(info.value)


def test_the_example_config_and_every_hunt_tunable_validate() -> None:
    from carrierwatch.workspace import config_from_dict

    cfg = config_from_dict(tomllib.loads(EXAMPLE_CONFIG), "example", EXAMPLE_CONFIG)
    assert len(cfg.allowlists.aaa_servers) == 2 and len(cfg.change_windows) == 1
    typed = {"syslog_default_year": 2026, "nonstandard_ssh_regex": "^2222$", "nonstandard_http_regex": "^8080$",
             "beacon_min_connections": 5, "beacon_threshold": 0.7, "beacon_weights": [0.4, 0.2, 0.2, 0.2],
             "beacon_bins": 12, "silence_min_gap_s": 60, "silence_factor": 3, "hop_window_s": 60,
             "first_seen_baseline_s": 3600}
    assert set(typed) == set(HuntSettings.__dataclass_fields__), "a new tunable needs a case here"
    hunt = config_from_dict({"hunt": typed}).hunt
    assert hunt.beacon_weights == [0.4, 0.2, 0.2, 0.2] and hunt.silence_factor == 3


def test_config_check_lists_problems_with_exit_2(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "carrierwatch.toml").write_text('organization = "X"\n[hunt]\nbeacon_threshold = "high"\n')
    res = runner.invoke(app, ["-w", str(ws), "config", "check"])
    assert res.exit_code == 2
    errors = [ln for ln in res.output.splitlines() if ln.startswith("error:")]
    assert len(errors) == 2 and ":1:" in errors[0] and "Traceback" not in res.output


def test_config_check_prints_effective_config_and_warns_on_empty_allowlists(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "carrierwatch.toml").write_text(
        'state_url = "postgresql+psycopg://cw:hunter2@db/cw"\n[allowlists]\naaa_servers = ["10.0.0.1"]\n'
        '[hunt]\nhop_window_s = 60\n')
    res = runner.invoke(app, ["-w", str(ws), "config", "check", "--json"])
    assert res.exit_code == 0, res.output
    body = res.output[: res.output.rindex("}") + 1]
    data = json.loads(body)
    assert data["allowlists"]["aaa_servers"] == ["10.0.0.1/32"]
    assert data["hunt"]["hop_window_s"] == 60 and data["hunt"]["beacon_threshold"] == 0.8  # defaults filled
    assert "hunter2" not in res.output and "***" in data["state_url"]
    assert "allow-list management_subnets is empty" in res.output
    assert "allow-list aaa_servers is empty" not in res.output
