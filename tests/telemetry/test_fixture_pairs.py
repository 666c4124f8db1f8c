"""Every reader against its fixture pairs: raw input beside the expected rows and account."""

from __future__ import annotations

import json

import pytest
from telemetry_fixture_io import CASES, expected_path, run


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_fixture_pair(fixture: str) -> None:
    expected = json.loads(expected_path(fixture).read_text(encoding="utf-8"))
    got = run(fixture)
    assert got["account"] == expected["account"]
    assert got["rows"] == expected["rows"]
    acc = got["account"]
    assert acc["records"] == acc["accepted"] + acc["rejected"]
    assert acc["accepted"] == len(got["rows"])
