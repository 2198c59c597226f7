"""Helpers for the hostile-input tests: run the CLI as a user does, check the one-line refusal."""
from __future__ import annotations

from pathlib import Path

import pytest

from hostile_support import Workspace


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)
