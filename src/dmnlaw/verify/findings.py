"""What ``dmnlaw check`` reports: plain findings with a place, a severity and a message."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from ..errors import DmnlawError

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One defect. ``code`` classifies it for tools (``overlap``, ``gap``, ``masked``,
    ``unreachable``, ``input-value``, ``output-value``, ``feel``, ``schema``, ``model``,
    ``graph``, ``name``, ``type``, ``citation``, ``incomplete``); ``table`` and ``rules``
    (1-based) locate it inside a decision table; ``example`` is one concrete input
    combination (column → JSON value) and ``region`` the columns' FEEL tests."""

    severity: Severity
    code: str
    message: str
    file: str | None = None
    line: int | None = None
    table: str | None = None
    rules: tuple[int, ...] = ()
    example: dict[str, Any] | None = None
    region: dict[str, str] | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}: " if self.file and self.line else (
            f"{self.file}: " if self.file else "")
        return f"{where}{self.severity}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data (None fields left out)."""
        out: dict[str, Any] = {"file": self.file, "line": self.line, "severity": self.severity,
                               "code": self.code, "message": self.message}
        if self.table is not None:
            out["table"] = self.table
        if self.rules:
            out["rules"] = list(self.rules)
        if self.example is not None:
            out["example"] = self.example
        if self.region is not None:
            out["region"] = self.region
        out.update(self.extra)
        return out


def from_error(error: DmnlawError, code: str) -> Finding:
    """A finding (severity error) from an exception the model layers raised."""
    what = error.message
    if error.element and f"'{error.element}'" not in what:
        what = f"{error.element}: {what}"
    if error.column is not None and "column" not in what:
        what = f"{what} (column {error.column})"
    return Finding("error", code, what, error.file, error.line)


def rule_list(numbers: list[int] | tuple[int, ...]) -> str:
    """``rule 3``, ``rules 3 and 7``, ``rules 3, 7 and 9``."""
    ns = [str(n) for n in numbers]
    if len(ns) == 1:
        return f"rule {ns[0]}"
    return f"rules {', '.join(ns[:-1])} and {ns[-1]}"
