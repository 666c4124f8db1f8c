"""Column-wise table building: Python lists per column, turned into Arrow record batches.

Readers append plain values (ints for timestamps, str, None) to one list per schema column and
flush every ``BATCH_ROWS`` rows, so memory stays bounded on multi-gigabyte logs and no per-row
object is built beyond the values themselves.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

BATCH_ROWS = 100_000


class ColumnBatches:
    """One list per column of ``schema``; ``cols[i]`` is the list for field ``i``."""

    __slots__ = ("schema", "cols", "batches")

    def __init__(self, schema: pa.Schema) -> None:
        self.schema = schema
        self.cols: list[list[Any]] = [[] for _ in schema]
        self.batches: list[pa.RecordBatch] = []

    def __len__(self) -> int:
        return len(self.cols[0])

    def flush(self) -> None:
        """Move the buffered rows into a record batch and empty the lists (in place)."""
        if not self.cols[0]:
            return
        arrays = [pa.array(col, type=f.type) for col, f in zip(self.cols, self.schema, strict=True)]
        self.batches.append(pa.RecordBatch.from_arrays(arrays, schema=self.schema))
        for col in self.cols:
            col.clear()

    def table(self) -> pa.Table:
        self.flush()
        if not self.batches:
            return self.schema.empty_table()
        return pa.Table.from_batches(self.batches, schema=self.schema)
