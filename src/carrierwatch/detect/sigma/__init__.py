"""Sigma rules on carrierwatch telemetry: pySigma parsing, our DuckDB/Spark SQL backend, logsource pipelines,
correlations, regression samples (docs/sigma.md)."""
