"""The engine protocol every engine implements (the factory is in the package face, ``engine/__init__.py``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import pyarrow as pa


class EngineError(Exception):
    """The engine could not be started or a query failed."""


class Engine(Protocol):
    name: str

    def register_parquet(self, table: str, files: Sequence[Path], schema: pa.Schema) -> None:
        """Expose Parquet files as a view; an empty file list gives an empty view with ``schema``."""

    def register_arrow(self, table: str, data: pa.Table) -> None:
        """Expose a small in-memory table (indicators, assets, allow-lists) as a view."""

    def create_view(self, name: str, sql: str) -> None:
        """Create (or replace) a session-scoped view from a DuckDB-dialect SELECT."""

    def query(self, sql: str) -> pa.Table:
        """Run DuckDB-dialect SQL and return the result as Arrow."""

    def close(self) -> None: ...
