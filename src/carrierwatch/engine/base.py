"""The engine protocol and the factory that picks DuckDB (default) or Spark."""

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


def open_engine(name: str = "duckdb", *, spark_master: str | None = None, tmp_dir: Path | None = None) -> Engine:
    if name == "duckdb":
        from carrierwatch.engine.duck import DuckEngine

        return DuckEngine()
    if name == "spark":
        from carrierwatch.engine.spark import SparkEngine

        return SparkEngine(master=spark_master or "local[2]", tmp_dir=tmp_dir)
    raise EngineError(f"unknown engine '{name}' (choose duckdb or spark)")
