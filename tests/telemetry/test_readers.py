"""Reader behaviour beyond the fixture pairs: real Zeek files, schema conformance, unreadable files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.readers import TABLE_FOR_KIND, read_table
from carrierwatch.telemetry.schema import TABLES
from carrierwatch.telemetry.timestamps import YearResolver

FIX = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "kind", "count"),
    [
        ("zeek/conn.log", "zeek-conn", 360),
        ("zeek/conn_date_issue.log", "zeek-conn", 3),
        ("zeek/json/conn.log", "zeek-json", 50),
    ],
)
def test_real_zeek_logs_exact_counts(name: str, kind: str, count: int) -> None:
    acc = InputAccount(name, kind)
    table = read_table(FIX / name, kind, acc)
    assert (table.num_rows, acc.accepted, acc.rejected) == (count, count, 0)
    assert table.schema == TABLES["flows"]
    assert set(table.column("network_iana_number").to_pylist()) <= {1, 6, 17}
    assert min(table.column("src_line").to_pylist()) >= 1


def test_zeek_icmp_and_empty_values() -> None:
    acc = InputAccount("c", "zeek-conn")
    rows = read_table(FIX / "zeek/conn.log", "zeek-conn", acc).to_pylist()
    icmp = [r for r in rows if r["network_iana_number"] == 1]
    assert len(icmp) == 20
    assert rows[0]["ts_end"] is not None and rows[0]["network_bytes"] == 1489 + 39641


@pytest.mark.parametrize("kind", sorted(TABLE_FOR_KIND))
def test_schema_exact_even_when_empty(kind: str, tmp_path: Path) -> None:
    f = tmp_path / "empty"
    f.write_text("")
    acc = InputAccount("e", kind)
    table = read_table(f, kind, acc)
    assert table.schema == TABLES[TABLE_FOR_KIND[kind]]
    assert (table.num_rows, acc.records, acc.error) == (0, 0, None)


@pytest.mark.parametrize("kind", sorted(TABLE_FOR_KIND))
def test_unreadable_paths_set_error(kind: str, tmp_path: Path) -> None:
    for target in (tmp_path, tmp_path / "missing.log"):
        acc = InputAccount(str(target), kind)
        table = read_table(target, kind, acc)
        assert acc.error and table.num_rows == 0 and acc.records == 0


def test_unknown_kind_is_an_error_not_an_exception(tmp_path: Path) -> None:
    acc = InputAccount("x", "config")
    read_table(tmp_path, "config", acc)
    assert acc.error


def test_display_path_and_utf8_note() -> None:
    acc = InputAccount("b", "syslog")
    t = read_table(FIX / "syslog/bad_utf8.log", "syslog", acc, display_path="evidence/bad.log", default_year=2026)
    assert t.column("src_file").to_pylist() == ["evidence/bad.log"]
    assert acc.samples == [{"line": 1, "note": "invalid UTF-8 replaced with U+FFFD"}]
    assert acc.rejected == 0 and "\ufffd" in t.column("raw")[0].as_py()


def test_year_rule_uses_mtime_and_rolls_back(tmp_path: Path) -> None:
    f = tmp_path / "s.log"
    f.write_text(
        "Dec 31 23:59:59 r1 1: Dec 31 23:59:59: %SYS-5-CONFIG_I: Configured from console by a on vty0\n"
        "Jan  1 00:00:01 r1 2: Jan  1 00:00:01: %SYS-5-CONFIG_I: Configured from console by a on vty0\n"
    )
    jan = time.mktime((2026, 1, 2, 12, 0, 0, 0, 0, 0))
    os.utime(f, (jan, jan))
    acc = InputAccount("s", "syslog")
    years = [d.year for d in read_table(f, "syslog", acc).column("ts").to_pylist()]
    assert years == [2025, 2026]
    assert [d.year for d in read_table(f, "syslog", acc, default_year=2030).column("ts").to_pylist()] == [2030, 2030]


def test_year_resolver_one_month_slack() -> None:
    y = YearResolver(None, time.mktime((2026, 3, 15, 0, 0, 0, 0, 0, 0)))
    assert (y.year(4), y.year(5), y.year(12)) == (2026, 2025, 2025)


def test_nfdump_stops_at_summary_and_rereads_headers(tmp_path: Path) -> None:
    f = tmp_path / "n.csv"
    head = "ts,te,td,sa,da,sp,dp,pr,ipkt,ibyt"
    rec = "2026-11-16 10:00:00,2026-11-16 10:00:01,1.0,10.0.0.1,10.0.0.2,1,49,TCP,1,60"
    f.write_text(f"{head}\n{rec}\n{head}\n{rec}\nSummary\nflows,bytes\n1,60\nnot,a,record\n")
    acc = InputAccount("n", "nfdump-csv")
    assert read_table(f, "nfdump-csv", acc).num_rows == 2 and acc.records == 2
