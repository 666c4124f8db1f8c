"""Engine layer: detections are written once, in DuckDB-dialect SQL, and run on DuckDB or Spark.

Why SQL + SQLGlot rather than Ibis: our detections are small set-at-a-time queries (joins against indicator
ranges, window functions over command sequences, regex on raw lines). SQL is what detection engineers already
read; SQLGlot transpiles the DuckDB dialect to Spark SQL deterministically and we can test the transpiled text,
while Ibis would add a heavy dependency whose backend version pins (pyspark, duckdb) move independently of ours.
See docs/engine.md.
"""

from __future__ import annotations

from pathlib import Path

from carrierwatch.engine.base import Engine, EngineError

__all__ = ["Engine", "EngineError", "open_engine"]


def open_engine(name: str = "duckdb", *, spark_master: str | None = None, tmp_dir: Path | None = None) -> Engine:
    """The engine a run asked for: DuckDB in-process (default) or Spark (local mode or ``spark_master``)."""
    if name == "duckdb":
        from carrierwatch.engine.duck import DuckEngine

        return DuckEngine()
    if name == "spark":
        from carrierwatch.engine.spark import SparkEngine

        return SparkEngine(master=spark_master or "local[2]", tmp_dir=tmp_dir)
    raise EngineError(f"unknown engine '{name}' (choose duckdb or spark)")
