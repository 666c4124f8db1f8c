"""render(): JSON is exactly RunResult.to_json(); every format goes to a file or stdout."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from carrierwatch.findings import RunResult
from carrierwatch.report import FORMATS, render


def test_json_to_file_is_to_json_exactly(small_run: RunResult, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "run.json"
    out.parent.mkdir()  # the output folder must exist: render never creates folders (issue 19)
    render(small_run, "json", out)
    text = out.read_text(encoding="utf-8")
    assert text == small_run.to_json() + "\n"
    doc = json.loads(text)
    assert set(doc) == {"summary", "inputs", "findings"}
    assert doc["summary"]["by_severity"] == {"critical": 1, "high": 1, "medium": 1, "low": 1, "info": 1}
    assert os.stat(out).st_mode & 0o077 == 0  # reports quote internal evidence: owner-only
    assert not [p for p in out.parent.iterdir() if p.name.endswith(".tmp")]


def test_json_to_stdout(small_run: RunResult, capsys: pytest.CaptureFixture[str]) -> None:
    render(small_run, "json", None)
    assert capsys.readouterr().out == small_run.to_json() + "\n"


@pytest.mark.parametrize("fmt", ["csv", "html"])
def test_text_formats_to_stdout(small_run: RunResult, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    render(small_run, fmt, None)  # type: ignore[arg-type]
    out = capsys.readouterr().out
    assert ("<!DOCTYPE html>" in out) if fmt == "html" else out.startswith("id,severity,")


def test_table_to_file_is_plain_text(small_run: RunResult, tmp_path: Path) -> None:
    out = tmp_path / "run.txt"
    render(small_run, "table", out)
    text = out.read_text(encoding="utf-8")
    assert "\x1b[" not in text  # no ANSI codes in a file
    assert "On-box packet capture of TACACS+ traffic" in text and "evidence/broken.pcap" in text


def test_unknown_format_is_a_usage_error(small_run: RunResult, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        render(small_run, "xml", tmp_path / "x")  # type: ignore[arg-type]
    assert not (tmp_path / "x").exists()
    assert set(FORMATS) == {"table", "json", "html", "csv"}
