"""The LI tests' hasher: a fixed key, so tokens are stable across a test."""

from __future__ import annotations

import pytest

from carrierwatch.li.privacy import TargetHasher

from .builders import KEY


@pytest.fixture
def hasher() -> TargetHasher:
    return TargetHasher(KEY)
