"""Fixtures for the batch tests: a small model shaped like the legal one, and the CLI."""
from __future__ import annotations

from pathlib import Path

import pytest

from batch_support import MINI_LAW


@pytest.fixture
def mini_law() -> Path:
    return MINI_LAW
