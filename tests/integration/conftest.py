"""Shared lab fixtures: one small salt-typhoon lab and its hunt, generated once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from carrierwatch.demo import DemoSummary, run_demo


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoSummary:
    out = tmp_path_factory.mktemp("demo")
    return run_demo(out, devices=12, days=1, seed=11, clean_run=True)


@pytest.fixture(scope="session")
def lab_dir(demo_run: DemoSummary) -> Path:
    return demo_run.out / "lab"
