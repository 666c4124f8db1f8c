"""The Parquet lake: parsed telemetry partitioned by source table and day, written atomically.

Layout: ``lake/<table>/day=YYYY-MM-DD/<input-digest>.parquet``. The file name is the SHA-256 of the input
file's bytes (plus the table), so re-reading the same file rewrites the same partition files instead of
adding rows: ingest is idempotent. Each file is written to a temporary name in the same folder and renamed,
so a killed ingest leaves no partial Parquet file behind.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_partitions(lake: Path, table_name: str, data: pa.Table, digest: str) -> list[Path]:
    """Write ``data`` into day partitions; return the Parquet files that now hold it."""
    if data.num_rows == 0:
        return []
    days = pc.strftime(data.column("ts"), format="%Y-%m-%d")
    written: list[Path] = []
    for day in sorted(d for d in pc.unique(days).to_pylist() if d is not None):
        part = data.filter(pc.equal(days, day))
        folder = lake / table_name / f"day={day}"
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / f"{digest[:32]}.parquet"
        tmp = folder / f".{final.name}.{os.getpid()}.tmp"
        pq.write_table(part, tmp, compression="zstd")
        os.replace(tmp, final)
        written.append(final)
    return written
