"""The real-format corpus (every framing of issue 15): accepted, with host, severity, mnemonic and time right.

The corpus (``fixtures/syslog/realworld``) is written by ``realworld_corpus.py``; its expected fields come
from how each line was composed, never from the parser. Both the fast path and the per-line parser must
agree with them on at least 98% of lines per field (the table is printed) and accept at least 99%.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import realworld_corpus
from hypothesis import given, settings
from hypothesis import strategies as st
from test_syslog_fast import _assert_same, _mutated

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.syslog.reader import read_syslog
from carrierwatch.telemetry.timestamps import zone_offset

DIR = Path(__file__).parent / "fixtures" / "syslog" / "realworld"
CORPUS = DIR / "corpus.log"
EXPECTED = [json.loads(line) for line in (DIR / "corpus.expected.jsonl").read_text(encoding="utf-8").splitlines()]
LINES = CORPUS.read_text(encoding="utf-8").splitlines()
FIELDS = ("host", "severity", "mnemonic", "device_ts", "ts")


def _mnemonic(text: str | None) -> tuple[str, str] | None:
    """``SYS-5-CONFIG_I`` -> (SYS, CONFIG_I); ``MGBL-CONFIG-6-DB_COMMIT`` -> (MGBL-CONFIG, DB_COMMIT);
    Junos ``mgd-UI_COMMIT`` -> (mgd, UI_COMMIT)."""
    if text is None:
        return None
    parts = text.rsplit("-", 2)
    return (parts[0], parts[2]) if len(parts) == 3 else (parts[0], parts[1])


def _got(row: dict) -> dict:
    return {
        "host": row["host_name"] or row["host_ip"],
        "severity": row["log_level"],
        "mnemonic": (row["event_module"], row["event_code"]) if row["event_code"] else None,
        "device_ts": row["device_ts"].isoformat() if row["device_ts"] else None,
        "ts": row["ts"].isoformat(),
    }


def test_corpus_files_are_the_generators_output() -> None:
    rows = realworld_corpus.build()
    assert len(rows) >= 300
    assert [line for line, _ in rows] == LINES
    assert [e for _, e in rows] == EXPECTED


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "per-line"])
def test_corpus_agreement(fast: bool, capsys: pytest.CaptureFixture[str]) -> None:
    acc = InputAccount(str(CORPUS), "syslog")
    table = read_syslog(CORPUS, acc, default_year=realworld_corpus.YEAR, fast=fast)
    assert acc.balanced and acc.records == len(LINES)
    rows = {r["src_line"]: _got(r) for r in table.to_pylist()}
    right = dict.fromkeys(FIELDS, 0)
    wrong: list[str] = []
    for n, want in enumerate(EXPECTED, 1):
        got = rows.get(n)
        if got is None:
            continue
        want = {**want, "mnemonic": _mnemonic(want["mnemonic"])}
        for f in FIELDS:
            if got[f] == want[f]:
                right[f] += 1
            elif len(wrong) < 10:
                wrong.append(f"line {n} {f}: got {got[f]!r}, want {want[f]!r}")
    total = len(EXPECTED)
    with capsys.disabled():
        print(f"\nreal-format corpus ({'fast path' if fast else 'per-line parser'}): {total} lines, "
              f"{acc.accepted} accepted ({acc.accepted / total:.1%})")
        for f in FIELDS:
            print(f"  {f:<10} {right[f]:>4}/{total}  {right[f] / total:.1%}")
        for w in wrong:
            print("  ", w)
    assert acc.accepted / total >= 0.99, acc.reasons
    for f in FIELDS:
        assert right[f] / total >= 0.98, (f, wrong)


def test_unknown_zone_is_a_counted_warning_with_its_assumption() -> None:
    acc = InputAccount(str(CORPUS), "syslog")
    read_syslog(CORPUS, acc, default_year=realworld_corpus.YEAR)
    assert acc.warnings == {
        'time zone "CST" is ambiguous or unknown: the collector\'s timestamp was used': 2,
        'time zone "CST" is ambiguous or unknown: the device time was taken as UTC': 2,
    }


def test_fast_path_equals_per_line_parser_on_the_corpus() -> None:
    _assert_same(CORPUS.read_bytes(), 1 << 20)
    _assert_same(CORPUS.read_bytes(), 700)


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "per-line"])
def test_each_rejected_line_says_why(fast: bool, tmp_path: Path) -> None:
    lines = (DIR / "rejects.log").read_text(encoding="utf-8").splitlines()
    reasons = json.loads((DIR / "rejects.expected.json").read_text(encoding="utf-8"))
    assert len(lines) == len(reasons)
    for line, reason in zip(lines, reasons, strict=True):
        f = tmp_path / "one.log"
        f.write_text(line + "\n", encoding="utf-8")
        acc = InputAccount(str(f), "syslog")
        table = read_syslog(f, acc, default_year=2026, fast=fast)
        assert table.num_rows == 0 and acc.reasons == {reason: 1}, line


def test_zone_offsets() -> None:
    assert [zone_offset(z) for z in ("UTC", "cet", "CEST", "mdt", "UTC+1", "UTC+07:30", "GMT-0500", "UTC-3")] == [
        0, 60, 120, -360, 60, 450, -300, -180]
    assert [zone_offset(z) for z in ("CST", "IST", "XYZ", "CET+1", "UTC+15", "UTC+1:5", "UTC+")] == [None] * 7


_corpus_line = st.sampled_from(LINES)


@settings(max_examples=60, deadline=None)
@given(lines=st.lists(_mutated(_corpus_line), min_size=1, max_size=30))
def test_fast_path_equals_per_line_parser_on_mutated_real_framings(lines: list[str]) -> None:
    data = "".join(s + "\n" for s in lines).encode("utf-8", errors="surrogateescape")
    _assert_same(data, 1 << 20)
