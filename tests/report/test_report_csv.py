"""CSV output: golden file, one row per finding, formula-injection guard, property round-trip."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.findings import Category, Evidence, Finding, RunResult, Severity
from carrierwatch.report import render_csv
from carrierwatch.report.csv_out import COLUMNS

FIXTURES = Path(__file__).parent / "fixtures"


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_matches_golden(small_run: RunResult) -> None:
    got = render_csv(small_run)
    golden = FIXTURES / "run_small.csv"
    if os.environ.get("CW_REGEN_GOLDEN"):
        golden.write_bytes(got.encode("utf-8"))
    assert got == golden.read_bytes().decode("utf-8")


def test_one_row_per_finding_most_severe_first(small_run: RunResult) -> None:
    rows = _rows(render_csv(small_run))
    assert [r["severity"] for r in rows] == ["critical", "high", "medium", "low", "info"]
    assert list(rows[0]) == COLUMNS
    crit = rows[0]
    assert crit["attack"] == "T1048.003;T1572"
    assert crit["evidence_count"] == "2"
    assert crit["evidence"].count(" | ") == 1 and crit["evidence"].startswith("evidence/flows.csv:9: ")


def _one(title: str, device: str | None = None, ev: list[Evidence] | None = None) -> RunResult:
    f = Finding("r1", title, Severity.HIGH, Category.IOC, device=device, evidence=ev or [])
    return RunResult(command="t", findings=[f])


def test_formula_cells_are_defused() -> None:
    row = _rows(render_csv(_one('=HYPERLINK("http://x")', device="@SUM(A1)")))[0]
    assert row["title"] == '\'=HYPERLINK("http://x")'
    assert row["device"] == "'@SUM(A1)"


def test_ordinary_cells_are_untouched() -> None:
    row = _rows(render_csv(_one("GRE tunnel = new", device="pe1-nyc")))[0]
    assert row["title"] == "GRE tunnel = new" and row["device"] == "pe1-nyc"


def test_evidence_without_line_number() -> None:
    row = _rows(render_csv(_one("x", ev=[Evidence("flows.parquet", None, "rec")])))[0]
    assert row["evidence"] == "flows.parquet: rec"


def test_empty_run_has_header_only() -> None:
    assert render_csv(RunResult(command="t")).strip() == ",".join(COLUMNS)


@settings(max_examples=60, deadline=None)
@given(title=st.text(min_size=1, max_size=80), text=st.text(max_size=80))
def test_any_text_round_trips(title: str, text: str) -> None:
    out = render_csv(_one(title, ev=[Evidence("a.log", 3, text)]))
    rows = _rows(out)
    assert len(rows) == 1
    expect = "'" + title if title.startswith(("=", "+", "-", "@", "\t", "\r")) else title
    assert rows[0]["title"] == expect
    assert rows[0]["evidence"] == f"a.log:3: {text}"
