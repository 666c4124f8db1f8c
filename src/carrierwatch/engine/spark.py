"""Spark engine: the same detections, transpiled from the DuckDB dialect by SQLGlot, on a Spark session.

Local mode (``local[2]``) runs in the tests; a carrier points ``--spark-master`` at its cluster and the lake at
S3/HDFS. Small Arrow tables (indicators, assets) are handed over as Parquet in a temp folder so Spark needs no
pandas. Sessions are reused within a process because starting a JVM costs seconds.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import sqlglot

from carrierwatch.engine.base import EngineError

_SESSIONS: dict[str, Any] = {}


def transpile(sql: str) -> str:
    """DuckDB SQL -> Spark SQL. Exposed so tests can inspect what Spark will run."""
    out = sqlglot.transpile(sql, read="duckdb", write="spark")
    if len(out) != 1:
        raise EngineError("exactly one statement per query")
    return out[0]


def check_master(master: str, timeout: float = 5.0) -> None:
    """Fail fast, with the cause, when a ``spark://host:port`` master cannot be reached: Spark itself retries
    for minutes and then reports a JVM stack trace. ``local[...]`` and other schemes (yarn, k8s) pass through."""
    import socket
    from urllib.parse import urlsplit

    if not master.startswith("spark://"):
        return
    for part in master[len("spark://"):].split(","):  # standby masters: spark://h1:7077,h2:7077
        url = urlsplit("spark://" + part)
        host, port = url.hostname, url.port or 7077
        if not host:
            raise EngineError(f"--spark-master {master!r} has no host (expected spark://HOST:PORT)")
        try:
            with socket.create_connection((host, port), timeout=timeout):
                return
        except socket.gaierror as exc:
            why = f"host name {host!r} does not resolve ({exc.strerror})"
        except TimeoutError:
            why = f"no answer from {host}:{port} within {timeout:g} s"
        except OSError as exc:
            why = f"{host}:{port}: {exc.strerror or exc}"
    raise EngineError(f"cannot reach the Spark master {master}: {why}; check --spark-master and that the master "
                      "is running")


def _session(master: str) -> Any:
    if master in _SESSIONS:
        return _SESSIONS[master]
    check_master(master)
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise EngineError("--engine spark needs pyspark: pip install 'carrierwatch[spark]' (and Java 17+)") from exc
    try:
        spark = (
            SparkSession.builder.master(master)
            .appName("carrierwatch")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "4")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate()
        )
    except Exception as exc:  # JVM start failures surface as many exception types
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        hint = " (is Java 17+ installed and on PATH or JAVA_HOME?)" if "java" in str(exc).lower() else ""
        raise EngineError(f"could not start Spark ({master}): {first}{hint}") from exc
    spark.sparkContext.setLogLevel("ERROR")
    _SESSIONS[master] = spark
    return spark


class SparkEngine:
    name = "spark"

    def __init__(self, master: str = "local[2]", tmp_dir: Path | None = None) -> None:
        self.spark = _session(master)
        self._tmp = Path(tempfile.mkdtemp(prefix="cw-spark-", dir=tmp_dir))
        self._views: list[str] = []

    def register_parquet(self, table: str, files: Sequence[Path], schema: pa.Schema) -> None:
        if not files:
            self.register_arrow(table, schema.empty_table())
            return
        df = self.spark.read.parquet(*[str(Path(f).resolve()) for f in files])
        df.createOrReplaceTempView(table)
        self._views.append(table)

    def register_arrow(self, table: str, data: pa.Table) -> None:
        path = self._tmp / f"{table}.parquet"
        pq.write_table(data, path)
        self.spark.read.parquet(str(path)).createOrReplaceTempView(table)
        self._views.append(table)

    def create_view(self, name: str, sql: str) -> None:
        spark_sql = transpile(sql)
        try:
            self.spark.sql(spark_sql).createOrReplaceTempView(name)
        except Exception as exc:
            raise EngineError(f"spark: view {name}: {exc}\n-- transpiled SQL --\n{spark_sql}") from exc
        self._views.append(name)

    def query(self, sql: str) -> pa.Table:
        spark_sql = transpile(sql)
        try:
            df = self.spark.sql(spark_sql)
            if hasattr(df, "toArrow"):
                return df.toArrow()
            rows = df.collect()  # pragma: no cover - pyspark < 4
            cols = df.columns
            return pa.table({c: [r[c] for r in rows] for c in cols})
        except Exception as exc:
            raise EngineError(f"spark: {exc}\n-- transpiled SQL --\n{spark_sql}") from exc

    def close(self) -> None:
        for v in self._views:
            self.spark.catalog.dropTempView(v)
        shutil.rmtree(self._tmp, ignore_errors=True)
