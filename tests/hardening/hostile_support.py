"""Helpers for the hostile-input tests: run the CLI as a user does, check the one-line refusal."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


FEEL_LINE = 11
"""The line of the decision's FEEL text in model_xml()."""
NS = "https://www.omg.org/spec/DMN/20230324/MODEL/"


def model_xml(expression: str = "x * 2", prolog: str = "") -> str:
    """A small valid model: typed input data and one literal decision ``a``."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}'
            f'<definitions xmlns="{NS}" id="m" name="m" namespace="http://example.com/m">\n'
            '<itemDefinition name="t_kind"><typeRef>string</typeRef>'
            '<allowedValues><text>"unit","individual"</text></allowedValues></itemDefinition>\n'
            '<inputData id="x" name="x"><variable name="x" typeRef="number"/></inputData>\n'
            '<inputData id="k" name="kind"><variable name="kind" typeRef="t_kind"/></inputData>\n'
            '<inputData id="d" name="day"><variable name="day" typeRef="date"/></inputData>\n'
            '<decision id="a" name="a"><variable name="a"/>\n'
            '<informationRequirement><requiredInput href="#x"/></informationRequirement>\n'
            '<informationRequirement><requiredInput href="#k"/></informationRequirement>\n'
            '<informationRequirement><requiredInput href="#d"/></informationRequirement>\n'
            f"<literalExpression><text>{expression}</text></literalExpression></decision>\n"
            "</definitions>\n")


def run_cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``dmnlaw ARGS`` in a fresh interpreter, as a user types it."""
    return subprocess.run([sys.executable, "-m", "dmnlaw", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


class Workspace:
    """A folder with a model and a case, where a test runs ``dmnlaw run`` with ``-o out.json``."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.out = root / "out.json"
        self.write("m.dmn", model_xml())
        self.case({"x": 2})

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    def case(self, facts: dict[str, Any], name: str = "case.json") -> Path:
        return self.write(name, json.dumps({"title": "t", "facts": facts}))

    def run(self, *extra: str, case: str = "case.json", model: str = "m.dmn",
            timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return run_cli("run", case, "--model", model, "--doctrine", "judicial",
                       "--format", "json", "-o", str(self.out), *extra, cwd=self.root,
                       timeout=timeout)

    def refused(self, proc: subprocess.CompletedProcess[str], where: str, *needles: str) -> str:
        """Assert the contract for unusable input; return the one stderr line."""
        assert proc.returncode == 2, proc.stderr
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, proc.stderr
        line = lines[0]
        assert line.startswith(where) and ": error: " in line, line
        for needle in needles:
            assert needle in line, line
        assert not self.out.exists()
        assert proc.stdout == ""
        return line
