"""Helpers for the memo tests (imported by name: test folders here are not packages)."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from dmnlaw.cases import Case, doctrines, evaluate_case, read_case, run_json

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
MINI_MODEL = FIXTURES / "model"
MINI_CASES = FIXTURES / "cases"
CASES = sorted((ROOT / "cases").glob("*.json"))
HAS_LEGAL_MODEL = any((ROOT / "decisions").glob("*.dmn"))


def runs(model: Any, case: Case, option: str = "both") -> list[tuple[str, Any, dict[str, Any]]]:
    """What `dmnlaw run` hands the renderer: (doctrine, Result, run JSON) per doctrine."""
    out = []
    for d in doctrines(option):
        result = evaluate_case(model, case, d)
        out.append((d, result, run_json(model, case, d, result)))
    return out


def mini_case(name: str) -> Case:
    return read_case(MINI_CASES / f"{name}.json")


def need_tool(name: str) -> str:
    """The path of a command-line tool, or skip the test when it is not installed."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (make setup installs it)")
    return path
