"""The exceptions dmnlaw raises to its users, each carrying where the problem is.

Every error a user can cause — a broken model, a bad case file, a FEEL syntax error —
is one of these, so the CLI can print it as one line (``file:line: error: ...``)
and exit 2 without a traceback.
"""
from __future__ import annotations


class DmnlawError(Exception):
    """Base class: a problem in the user's input, located as precisely as we know.

    ``file``/``line`` locate the XML or JSON source, ``element`` names the DMN element
    (its name or id), ``column`` is the 1-based column inside a FEEL text.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        element: str | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.element = element
        self.column = column

    def located(self, *, file: str | None = None, line: int | None = None,
                element: str | None = None) -> "DmnlawError":
        """Fill in location details that are still unknown; return self."""
        if self.file is None:
            self.file = file
        if self.line is None:
            self.line = line
        if self.element is None:
            self.element = element
        return self

    def detail(self) -> str:
        """The message without file and line: what is wrong, with the element and column.

        Used where the location is given separately (a batch output line carries its
        own line number).
        """
        what = self.message
        if self.element and f"'{self.element}'" not in what:
            what = f"{self.element}: {what}"
        if self.column is not None and "column" not in what:
            what = f"{what} (column {self.column})"
        return what

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = f"{self.file}:{self.line}: " if self.line else f"{self.file}: "
        return f"{where}error: {self.detail()}"


class ModelError(DmnlawError):
    """A DMN model that cannot be used: unreadable, hostile, invalid, cyclic, bad FEEL."""


class CaseError(DmnlawError):
    """Case facts that cannot be used: unknown fact, value outside its allowed values, bad JSON."""


class FeelSyntaxError(ModelError):
    """FEEL text that does not parse; ``column`` is where the parser stopped."""


class TemplateError(DmnlawError):
    """A memo template that does not load or render."""
