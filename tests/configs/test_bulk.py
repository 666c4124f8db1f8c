"""configs.bulk: many files parse to the same models in worker processes as in this process, in order."""

from __future__ import annotations

import dataclasses
import gc
from pathlib import Path

import pytest

from carrierwatch.configs import bulk
from carrierwatch.configs.bulk import gc_paused, read_config, read_configs
from carrierwatch.configs.parse import parse_config

FIXTURES = Path(__file__).parent / "fixtures"


def _corpus(tmp_path: Path) -> list[Path]:
    files = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and not p.name.endswith(".json"))
    assert len(files) >= 5
    out = []
    for i in range(60):  # enough files for several chunks
        src = files[i % len(files)]
        dst = tmp_path / f"{i:03d}-{src.name}"
        dst.write_bytes(src.read_bytes())
        out.append(dst)
    latin1 = b"hostname caf\xe9\ninterface Loopback0\n ip address 10.0.0.1 255.255.255.255\n"
    (tmp_path / "latin1.cfg").write_bytes(latin1)
    out.append(tmp_path / "latin1.cfg")
    out.append(tmp_path / "missing.cfg")  # unreadable
    return out


def test_read_config_uses_the_pipeline_text_rule(tmp_path: Path) -> None:
    p = tmp_path / "r.cfg"
    p.write_bytes(b"hostname caf\xe9\n")
    dev, err = read_config(p, "shown/r.cfg")
    assert err is None and dev is not None
    assert dev.path == "shown/r.cfg"
    assert dev.hostname == "caf\ufffd"  # UTF-8 with replacement, as telemetry.textfile.read_whole_text
    assert read_config(tmp_path / "nope.cfg")[0] is None
    assert read_config(tmp_path / "nope.cfg")[1].startswith("unreadable: ")  # type: ignore[union-attr]


def test_workers_give_the_same_models_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _corpus(tmp_path)
    monkeypatch.setattr(bulk, "PARALLEL_MIN", 10)
    monkeypatch.setattr(bulk, "CHUNK_MAX", 7)
    one = read_configs(paths, workers=1)
    two = read_configs(paths, [f"shown/{p.name}" for p in paths], workers=2)
    assert len(one) == len(two) == len(paths)
    for p, (d1, e1), (d2, e2) in zip(paths, one, two, strict=True):
        assert e1 == e2
        if d1 is None:
            assert d2 is None and p.name == "missing.cfg"
            continue
        assert d2 is not None and d2.path == f"shown/{p.name}"
        assert dataclasses.replace(d2, path=d1.path) == d1
        assert d1 == parse_config(p.read_bytes().decode("utf-8", errors="replace"), path=str(p))


def test_a_pool_that_cannot_start_falls_back_to_this_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _corpus(tmp_path)
    monkeypatch.setattr(bulk, "PARALLEL_MIN", 10)

    class Broken:
        def __init__(self, *a: object, **k: object) -> None:
            raise OSError("no semaphores here")

    monkeypatch.setattr(bulk, "ProcessPoolExecutor", Broken)
    assert read_configs(paths, workers=2) == read_configs(paths, workers=1)


def test_default_workers_honours_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CARRIERWATCH_WORKERS", "3")
    assert bulk.default_workers() == 3
    monkeypatch.setenv("CARRIERWATCH_WORKERS", "zero")
    assert bulk.default_workers() >= 1


def test_gc_paused_restores_the_collector_state() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
