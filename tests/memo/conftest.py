"""Fixtures for the memo tests: the small fixture model and the legal model, loaded once."""
from __future__ import annotations

from typing import Any

import pytest

from dmnlaw.api import load
from memo_support import HAS_LEGAL_MODEL, MINI_MODEL, ROOT


@pytest.fixture(scope="session")
def mini() -> Any:
    """The fixture model: five decisions, Chinese labels, 理由/依据, knowledge sources."""
    return load(MINI_MODEL)


@pytest.fixture(scope="session")
def legal() -> Any:
    """The legal model in decisions/ (skips while it is not there)."""
    if not HAS_LEGAL_MODEL:
        pytest.skip("decisions/ holds no model yet")
    return load(ROOT / "decisions")
