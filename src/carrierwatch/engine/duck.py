"""DuckDB engine: embedded, the default. Parquet is scanned in place; Arrow tables are zero-copy views."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pyarrow as pa

from carrierwatch.engine.base import EngineError


class DuckEngine:
    name = "duckdb"

    def __init__(self, threads: int | None = None) -> None:
        self.con = duckdb.connect(":memory:")
        self.con.execute("SET TimeZone='UTC'")
        if threads:
            self.con.execute(f"SET threads={int(threads)}")
        self._arrow: dict[str, pa.Table] = {}

    def register_parquet(self, table: str, files: Sequence[Path], schema: pa.Schema) -> None:
        if not files:
            self.register_arrow(table, schema.empty_table())
            return
        listing = ", ".join("'" + str(f).replace("'", "''") + "'" for f in files)
        self.con.execute(
            f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet([{listing}], union_by_name=true)"
        )

    def register_arrow(self, table: str, data: pa.Table) -> None:
        self._arrow[table] = data  # keep a reference alive for the view
        self.con.register(f"__arrow_{table}", data)
        self.con.execute(f"CREATE OR REPLACE VIEW {table} AS SELECT * FROM __arrow_{table}")

    def create_view(self, name: str, sql: str) -> None:
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {sql}")
        except duckdb.Error as exc:
            raise EngineError(f"duckdb: view {name}: {exc}") from exc

    def query(self, sql: str) -> pa.Table:
        try:
            rel = self.con.sql(sql)
            if hasattr(rel, "to_arrow_table"):
                return rel.to_arrow_table()
            return rel.arrow()  # duckdb < 1.4
        except duckdb.Error as exc:
            raise EngineError(f"duckdb: {exc}") from exc

    def close(self) -> None:
        self.con.close()
