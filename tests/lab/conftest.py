"""Shared lab fixtures: one small salt-typhoon lab and one clean lab per test session."""

from __future__ import annotations

import pytest

from carrierwatch.lab import LabSummary, generate_lab

SMALL = {"devices": 10, "days": 2, "seed": 11, "flows_per_device_per_hour": 6}


@pytest.fixture(scope="session")
def typhoon_lab(tmp_path_factory: pytest.TempPathFactory) -> LabSummary:
    return generate_lab(tmp_path_factory.mktemp("typhoon"), **SMALL)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def clean_lab(tmp_path_factory: pytest.TempPathFactory) -> LabSummary:
    return generate_lab(tmp_path_factory.mktemp("clean"), scenario="clean", **SMALL)  # type: ignore[arg-type]
