"""Terminal tables: golden text at 100 columns, narrow degradation, no markup injection."""

from __future__ import annotations

import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console

from carrierwatch.findings import Category, Evidence, Finding, InputAccount, RunResult, Severity
from carrierwatch.report import print_findings, print_inputs, print_summary
from carrierwatch.report.table import print_all

FIXTURES = Path(__file__).parent / "fixtures"


def _console(width: int) -> Console:
    return Console(width=width, record=True, file=io.StringIO(), color_system=None, force_terminal=False)


def _text(result: RunResult, width: int, fn=print_all) -> str:  # type: ignore[no-untyped-def]
    c = _console(width)
    fn(result, c)
    return c.export_text()


def test_matches_golden_at_100_columns(small_run: RunResult) -> None:
    got = _text(small_run, 100)
    golden = FIXTURES / "run_small.table.txt"
    if os.environ.get("CW_REGEN_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert got == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("width", [50, 70, 80, 100, 140])
def test_never_wider_than_the_terminal(small_run: RunResult, width: int) -> None:
    for line in _text(small_run, width).splitlines():
        assert len(line) <= width, line


def test_narrow_terminal_drops_optional_columns(small_run: RunResult) -> None:
    wide, narrow = _text(small_run, 100, print_findings), _text(small_run, 70, print_findings)
    assert "ATT&CK" in wide and "seen (UTC)" in wide
    assert "ATT&CK" not in narrow and "seen (UTC)" not in narrow
    assert "CRIT" in narrow and "cw.ioc.ip" in narrow  # the essentials stay


def test_findings_most_severe_first(small_run: RunResult) -> None:
    text = _text(small_run, 100, print_findings)
    order = [text.index(x) for x in ("CRIT", "HIGH", "MED ", "LOW", "INFO")]
    assert order == sorted(order)


def test_summary_counts_and_unreadable(small_run: RunResult) -> None:
    text = _text(small_run, 100, print_summary)
    assert "records read          1,740" in text
    assert "unreadable files          1" in text
    assert "total          5" in text


def test_inputs_show_reasons_and_errors(small_run: RunResult) -> None:
    text = _text(small_run, 120, print_inputs)
    assert "no timestamp ×2" in text and "not UTF-8 ×1" in text
    assert "unreadable: file type not recognised" in text


def test_top_reasons_are_capped() -> None:
    acc = InputAccount("x.log", "syslog")
    for i in range(5):
        acc.reject(f"reason-{i}")
    text = _text(RunResult(command="t", inputs=[acc]), 120, print_inputs)
    assert "+2 more reasons" in text


def test_limit_leaves_a_note() -> None:
    fs = [Finding(f"r{i}", f"t{i}", Severity.LOW, Category.AUDIT) for i in range(7)]
    text = _text(RunResult(command="t", findings=fs), 100, lambda r, c: print_findings(r, c, limit=3))
    assert "4 more findings not shown" in text
    assert "t0" in text and "t6" not in text


def test_empty_run() -> None:
    text = _text(RunResult(command="audit"), 100)
    assert "No findings." in text and "No input files." in text


def test_rich_markup_in_data_is_shown_literally() -> None:
    f = Finding(
        "r[bold]x[/bold]",
        "[red]boom[/red] title",
        Severity.HIGH,
        Category.IOC,
        device="[link=x]d[/link]",
        evidence=[Evidence("a", 1, "b")],
    )
    acc = InputAccount("[blink]file[/blink].log", "[i]k[/i]")
    acc.reject("[b]why[/b]")
    text = _text(RunResult(command="t", findings=[f], inputs=[acc]), 140)
    for literal in (
        "[red]boom[/red] title",
        "r[bold]x[/bold]",
        "[link=x]d[/link]",
        "[blink]file[/blink].log",
        "[b]why[/b]",
    ):
        assert literal in text


def test_seen_shows_first_and_last() -> None:
    t0 = datetime(2025, 1, 2, 3, 4, tzinfo=UTC)
    f = Finding("r", "t", Severity.LOW, Category.AUDIT, first_seen=t0, last_seen=t0.replace(hour=9))
    text = _text(RunResult(command="t", findings=[f]), 100, print_findings)
    assert "2025-01-02 03:04" in text and "→ 2025-01-02 09:04" in text


@settings(max_examples=40, deadline=None)
@given(title=st.text(min_size=1, max_size=200), device=st.text(max_size=40), width=st.integers(40, 160))
def test_any_text_fits_any_width(title: str, device: str, width: int) -> None:
    f = Finding("r", title, Severity.MEDIUM, Category.BEHAVIOR, device=device or None)
    c = _console(width)
    print_findings(RunResult(command="t", findings=[f]), c)  # must not raise
    assert all(len(line) <= width for line in c.export_text().splitlines())


def test_terminal_escapes_in_data_are_neutralised() -> None:
    f = Finding(
        "r",
        "evil\x1b[2J\x1b]0;pwned\x07 title \u202eexe.txt",
        Severity.HIGH,
        Category.IOC,
        device="pe1\udcff",
    )
    c = Console(width=140, record=True, file=io.StringIO(), force_terminal=True, color_system="truecolor")
    print_findings(RunResult(command="t", findings=[f]), c)
    raw = c.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[2J" not in raw and "\x1b]0;" not in raw and "\u202e" not in raw and "\udcff" not in raw
    text = c.export_text()
    assert "\\x1b[2J" in text and "\\u202e" in text and "pe1\\udcff" in text


def test_plain_text_is_not_escaped() -> None:
    f = Finding("r", "Zugriff über SSH — 日本 ✓", Severity.LOW, Category.IOC)
    assert "Zugriff über SSH — 日本 ✓" in _text(RunResult(command="t", findings=[f]), 100, print_findings)
