"""The demo's hunt gives the same findings on Apache Spark (local mode) as on DuckDB."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from carrierwatch.app.runs import hunt_workspace as hunt
from carrierwatch.workspace import open_workspace

pytestmark = [pytest.mark.spark, pytest.mark.slow]


def _signature(findings: list) -> list[tuple]:
    return sorted((f.id, f.rule_id, f.device or "", f.severity.value, len(f.evidence)) for f in findings)


def test_spark_matches_duckdb(lab_dir: Path, tmp_path: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("Java is not installed (make test installs it)")
    pytest.importorskip("pyspark")
    results = {}
    for engine in ("duckdb", "spark"):
        root = tmp_path / engine
        root.mkdir()
        shutil.copyfile(lab_dir / "carrierwatch.toml", root / "carrierwatch.toml")
        ws = open_workspace(root)
        res, _ = hunt([lab_dir], ws, engine_name=engine, default_year=2026)
        results[engine] = res
    duck, spark = results["duckdb"], results["spark"]
    hunting = [f for f in duck.findings if f.category.value not in ("audit", "vulnerability")]
    assert len(hunting) >= 10
    assert _signature(duck.findings) == _signature(spark.findings)
    assert spark.engine == "spark"
