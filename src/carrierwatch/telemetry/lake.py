"""The Parquet lake: parsed telemetry partitioned by source table and day, written atomically.

Layout: ``lake/<table>/day=YYYY-MM-DD/<input-digest>.parquet``. The file name is the SHA-256 of the input
file's bytes (plus the table), so re-reading the same file rewrites the same partition files instead of
adding rows: ingest is idempotent. Each file is written to a temporary name in the same folder and renamed,
so a killed ingest leaves no partial Parquet file behind.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

_US_PER_DAY = 86_400_000_000
_EPOCH = date(1970, 1, 1)


def file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_partitions(lake: Path, table_name: str, data: pa.Table, digest: str, *, durable: bool = False) -> list[Path]:
    """Write ``data`` into day partitions; return the Parquet files that now hold it."""
    with PartitionWriter(lake, table_name, digest, durable=durable) as writer:
        writer.add(data)
    return writer.files


class PartitionWriter:
    """Write one input's tables, batch after batch, into day partitions, on a thread per core.

    Names: the first file of a day is ``<digest>.parquet``, later ones ``<digest>.p1.parquet``, ... in the
    order batches arrive, and a batch is cut into files of at most :data:`PIECE_ROWS` rows, so the same
    input always gives the same names (re-reading it replaces them). Stale pieces of the same digest are
    removed at :meth:`close`. Writes run on a thread pool (Arrow's Parquet writer releases the GIL), so the
    caller decodes the next batch while earlier ones are written; at most two batches per core wait, which
    bounds memory. ``digest`` may be a callable (computed on first use, e.g. in parallel with decoding).
    ``durable``: each file is ``fsync``-ed before its rename and the folder after (the listener deletes its
    spool batch once the lake holds it, so the lake copy must survive a machine crash).
    """

    def __init__(self, lake: Path, table_name: str, digest: str | Callable[[], str], *,
                 durable: bool = False) -> None:
        self.lake, self.table_name = lake, table_name
        self.durable = durable
        self._digest = digest
        self._workers = os.cpu_count() or 1
        self._pool = ThreadPoolExecutor(max_workers=self._workers)
        self._futures: list[Future[None]] = []
        self._per_day: dict[str, list[Path]] = {}
        self.files: list[Path] = []

    def __enter__(self) -> PartitionWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def digest(self) -> str:
        if callable(self._digest):
            self._digest = self._digest()
        return self._digest

    def add(self, data: pa.Table) -> None:
        """Queue ``data`` for writing (returns once it is queued; waits only if too much is queued)."""
        if data.num_rows == 0:
            return
        days = _day_numbers(data.column("ts"))
        nums = sorted(d for d in pc.unique(days).to_pylist() if d is not None)
        dict_cols = [f.name for f in data.schema if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)]
        for num in nums:
            part = data if len(nums) == 1 and data.column("ts").null_count == 0 else _rows_of_day(data, days, num)
            folder = self.lake / self.table_name / f"day={(_EPOCH + timedelta(days=num)).isoformat()}"
            folder.mkdir(parents=True, exist_ok=True)
            names = self._per_day.setdefault(folder.name, [])
            pieces = max(1, -(-part.num_rows // PIECE_ROWS))
            step = -(-part.num_rows // pieces)
            for k in range(pieces):
                stem = self.digest[:32] + (f".p{len(names)}" if names else "")
                final = folder / f"{stem}.parquet"
                names.append(final)
                self.files.append(final)
                self._submit(part.slice(k * step, step), final, dict_cols)

    def _submit(self, part: pa.Table, final: Path, dict_cols: list[str]) -> None:
        while len([f for f in self._futures if not f.done()]) >= 2 * self._workers:
            wait(self._futures, return_when=FIRST_COMPLETED)
        self._futures.append(self._pool.submit(_write_atomic, part, final, dict_cols, self.durable))

    def close(self) -> None:
        """Wait for every write (re-raising the first failure) and remove stale pieces of this digest."""
        try:
            for f in self._futures:
                f.result()
        finally:
            self._pool.shutdown(wait=True)
        for paths in self._per_day.values():
            keep = {p.name for p in paths}
            for stale in paths[0].parent.glob(f"{self.digest[:32]}.p*.parquet"):
                if stale.name not in keep:
                    stale.unlink(missing_ok=True)


def _rows_of_day(data: pa.Table, days: pa.Array, num: int) -> pa.Table:
    """The rows of day ``num``: zero-copy slices when the day's rows come in a few runs (time-ordered
    input, the usual case), else a filter."""
    d = days.to_numpy(zero_copy_only=False)
    hit = d == num
    edges = np.flatnonzero(np.diff(hit.astype(np.int8))) + 1
    bounds = [0, *edges.tolist(), len(d)]
    runs = [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if hit[a]]
    if len(runs) > 64:
        return data.filter(pa.array(hit))
    return pa.concat_tables([data.slice(a, b - a) for a, b in runs])


#: rows per Parquet file within one day partition (several files let several cores write one input)
PIECE_ROWS = 1 << 20


def _day_numbers(ts: pa.ChunkedArray) -> pa.Array:
    """UTC day number (days since 1970-01-01, floored) of each timestamp; null stays null."""
    # integer division: ~50x faster than strftime on tz-aware timestamps
    us = pc.cast(ts, pa.int64())
    days = pc.divide(us, pa.scalar(_US_PER_DAY, pa.int64()))  # truncates toward zero
    rem = pc.subtract(us, pc.multiply(days, pa.scalar(_US_PER_DAY, pa.int64())))
    return pc.if_else(pc.less(rem, 0), pc.subtract(days, 1), days)  # floor, for times before 1970


def _write_atomic(part: pa.Table, final: Path, dict_cols: list[str], durable: bool = False) -> None:
    """Write to a temporary name in the same folder, then rename: a killed run leaves no partial file.

    Dictionary encoding only for text columns: tried on timestamps and counters it is wasted work (they
    fall back to plain encoding after the first megabyte).
    """
    tmp = final.parent / f".{final.name}.{os.getpid()}.{threading.get_ident()}.tmp"
    pq.write_table(part, tmp, compression="zstd", use_dictionary=dict_cols)
    if durable:
        fsync_path(tmp)
    os.replace(tmp, final)
    if durable:
        fsync_path(final.parent)


def fsync_path(path: Path) -> None:
    """``fsync`` a file, or a folder (which makes a rename in it durable: the entry is the folder's data)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
