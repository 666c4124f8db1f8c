"""Engine layer: detections are written once, in DuckDB-dialect SQL, and run on DuckDB or Spark.

Why SQL + SQLGlot rather than Ibis: our detections are small set-at-a-time queries (joins against indicator
ranges, window functions over command sequences, regex on raw lines). SQL is what detection engineers already
read; SQLGlot transpiles the DuckDB dialect to Spark SQL deterministically and we can test the transpiled text,
while Ibis would add a heavy dependency whose backend version pins (pyspark, duckdb) move independently of ours.
See docs/engine.md.
"""

from carrierwatch.engine.base import Engine, EngineError, open_engine

__all__ = ["Engine", "EngineError", "open_engine"]
