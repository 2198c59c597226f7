"""Fixtures for the DMN tests."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest


@pytest.fixture
def write_model(tmp_path: Path) -> Callable[[str], Path]:
    def write(xml: str, name: str = "model.dmn") -> Path:
        p = tmp_path / name
        p.write_text(xml, encoding="utf-8")
        return p
    return write
