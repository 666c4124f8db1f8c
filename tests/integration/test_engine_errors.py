"""Engine failures are one-line causes (never a JVM stack trace or a minutes-long retry)."""

from __future__ import annotations

import socket

import pytest

from carrierwatch.engine import EngineError, open_engine
from carrierwatch.engine.spark import check_master


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_unreachable_spark_master_is_named_quickly() -> None:
    port = _closed_port()
    with pytest.raises(EngineError, match=f"cannot reach the Spark master spark://127.0.0.1:{port}: .*refused"):
        check_master(f"spark://127.0.0.1:{port}", timeout=2)


def test_spark_master_without_host_is_a_usage_error() -> None:
    with pytest.raises(EngineError, match="has no host"):
        check_master("spark://:7077")


def test_a_listening_master_and_local_mode_pass_the_check() -> None:
    with socket.create_server(("127.0.0.1", 0)) as srv:
        check_master(f"spark://127.0.0.1:{srv.getsockname()[1]}")
    check_master("local[2]")


def test_unknown_engine_name() -> None:
    with pytest.raises(EngineError, match="unknown engine 'presto'"):
        open_engine("presto")
