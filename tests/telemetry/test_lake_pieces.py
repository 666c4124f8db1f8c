"""The lake writer: batches and pieces get stable names, re-ingest replaces instead of adding, days split."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry import lake
from carrierwatch.telemetry.readers import ingest_file
from carrierwatch.telemetry.schema import TS

DAY_US = 86_400_000_000


def _table(ts_us: list[int | None]) -> pa.Table:
    return pa.table({"ts": pa.array(ts_us, pa.int64()).cast(TS), "v": pa.array(range(len(ts_us)))})


def _rows(root: Path) -> list[tuple[int, str]]:
    return duckdb.sql(
        f"select v, day::varchar from read_parquet('{root}/t/*/*.parquet', hive_partitioning=true) order by v"
    ).fetchall()


def test_pieces_are_named_stably_and_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lake, "PIECE_ROWS", 4)
    ts = [20_000 * DAY_US + i for i in range(10)] + [20_001 * DAY_US + i for i in range(3)]
    with lake.PartitionWriter(tmp_path, "t", "d" * 64) as w:
        w.add(_table(ts[:6]))
        w.add(_table(ts[6:]).set_column(1, "v", pa.array(range(6, 13))))
    names = sorted(p.relative_to(tmp_path).as_posix() for p in w.files)
    assert names == [
        # day 1: batch 1 in two pieces (6 rows, at most 4 each), then batch 2's four rows; day 2: batch 2
        "t/day=2024-10-04/" + "d" * 32 + ".p1.parquet", "t/day=2024-10-04/" + "d" * 32 + ".p2.parquet",
        "t/day=2024-10-04/" + "d" * 32 + ".parquet", "t/day=2024-10-05/" + "d" * 32 + ".parquet",
    ]
    assert [v for v, _ in _rows(tmp_path)] == list(range(13))
    # the same input again, now in one piece per day: old extra pieces go, nothing is doubled
    monkeypatch.setattr(lake, "PIECE_ROWS", 100)
    files = lake.write_partitions(tmp_path, "t", _table(ts), "d" * 64)
    assert len(files) == 2
    assert len(list((tmp_path / "t").rglob("*.parquet"))) == 2
    assert [v for v, _ in _rows(tmp_path)] == list(range(13))


def test_interleaved_days_are_filtered_not_sliced(tmp_path: Path) -> None:
    ts = [(20_000 + (i % 2)) * DAY_US + i for i in range(200)]  # 200 alternations: the filter path
    lake.write_partitions(tmp_path, "t", _table(ts), "e" * 64)
    got = _rows(tmp_path)
    assert [v for v, _ in got] == list(range(200))
    assert all((v % 2 == 0) == (day == "2024-10-04") for v, day in got)


def test_ingest_file_twice_is_idempotent(tmp_path: Path) -> None:
    import numpy as np

    from carrierwatch.lab.ipfix_writer import DTYPE, write_ipfix_file

    rec = np.zeros(3000, dtype=DTYPE)
    rec["sa"], rec["da"] = 0x0A000001, 0x0A000002
    rec["start"] = 1_763_280_000_000 + np.arange(3000) * 60_000  # spans three UTC days
    rec["end"] = rec["start"] + 1
    src = tmp_path / "f.ipfix"
    write_ipfix_file(src, rec)
    for _ in range(2):
        acc = InputAccount(str(src), "ipfix")
        files = ingest_file(tmp_path / "lake", src, "ipfix", acc)
        assert acc.accepted == 3000 and acc.balanced
    assert len(files) == 3
    n = duckdb.sql(f"select count(*) from read_parquet('{tmp_path}/lake/flows/*/*.parquet')").fetchall()[0]
    assert n == (3000,)
