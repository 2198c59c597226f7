"""What a decision table cell accepts, read from its literal tests.

A cell whose tests are all literals — strings, booleans, null, numbers, number ranges and
comparisons, and ``not(...)`` of plain literals — is *pure*: its compiled test only
compares the input with constants, so it never warns, never raises and can be run once,
in any order, or not at all without anyone seeing a difference. What such a cell accepts
is a set of *atoms* (``Atom``), from which :mod:`dmnlaw.dmn.program` decides at load time
which rules cannot both match (:func:`disjoint`) and on which column a table can be split,
and which evaluation programs use at run time to find every matching rule at once
(:func:`column_mask`). :func:`accepts` says what the compiled test gives, exactly as
:meth:`dmnlaw.feel.compiler.CodeGen.unary_truth` compiles it.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from ..feel import nodes as fn
from ..feel.values import equal

# An atom is a set of values a pure test accepts: ("s", text), ("b", bool), ("n",) for
# null, ("i", low, low_included, high, high_included) for numbers (None: unbounded).
Atom = tuple


@dataclass
class Cell:
    """One input entry: its tests (None for ``-``), whether they are pure, and what they
    accept (None when that cannot be read from literals)."""

    tests: fn.UnaryTests | None
    pure: bool
    atoms: list[Atom] | None
    # The values an enumerated column can be split on, if the cell tests only those.
    keys: list[Atom] | None = None

    def __post_init__(self) -> None:
        if self.atoms is not None and not any(a[0] == "i" for a in self.atoms):
            self.keys = self.atoms


def cell_of(tests: fn.UnaryTests | None) -> Cell:
    if tests is None or tests.any:
        return Cell(None, True, None)
    if tests.negated:
        # not("a", 1, null): runtime.test_value of literals only compares (values.equal
        # neither warns nor raises), so it is pure; what it accepts is left unknown.
        pure = all(isinstance(t, fn.UnaryExpr) and not t.uses_input and isinstance(t.value, fn.Literal)
                   and (t.value.value is None or type(t.value.value) in (str, bool, Decimal))
                   for t in tests.tests)
        return Cell(tests, pure, None)
    atoms: list[Atom] = []
    for t in tests.tests:
        atom = atom_of(t)
        if atom is None:
            return Cell(tests, False, None)
        atoms.append(atom)
    return Cell(tests, True, atoms)


def atom_of(t: fn.Node) -> Atom | None:
    """What one test accepts, for the tests CodeGen._test_truth compiles to plain
    comparisons (which never warn or raise); None for any other test."""
    if isinstance(t, fn.UnaryExpr) and not t.uses_input:
        v = t.value
        if isinstance(v, fn.Literal):
            lit = v.value
            if lit is None:
                return ("n",)
            if type(lit) is bool:
                return ("b", lit)
            if type(lit) is str:
                return ("s", lit)
            if type(lit) is Decimal:
                return ("i", lit, True, lit, True)
            return None
        if (isinstance(v, fn.RangeExpr) and is_number_literal(v.start) and is_number_literal(v.end)):
            return ("i", v.start.value, v.start_included, v.end.value, v.end_included)  # type: ignore[union-attr]
        return None
    if isinstance(t, fn.UnaryCompare) and is_number_literal(t.value) and t.op in ("<", "<=", ">", ">="):
        x = t.value.value  # type: ignore[attr-defined]
        return {"<": ("i", None, False, x, False), "<=": ("i", None, False, x, True),
                ">": ("i", x, False, None, False), ">=": ("i", x, True, None, False)}[t.op]
    return None


def is_number_literal(node: fn.Node | None) -> bool:
    return isinstance(node, fn.Literal) and type(node.value) is Decimal


def meet(a: Atom, b: Atom) -> bool:
    """Can one value satisfy both atoms?"""
    if a[0] != b[0]:
        return False
    if a[0] != "i":
        return a == b
    lo, lo_in = a[1], a[2]
    if b[1] is not None and (lo is None or b[1] > lo or (b[1] == lo and not b[2])):
        lo, lo_in = b[1], b[2]
    hi, hi_in = a[3], a[4]
    if b[3] is not None and (hi is None or b[3] < hi or (b[3] == hi and not b[4])):
        hi, hi_in = b[3], b[4]
    if lo is None or hi is None:
        return True
    return lo < hi or (lo == hi and lo_in and hi_in)


def accepts(cell: Cell, value: Any) -> bool:
    """Does the pure cell accept ``value``? What its compiled test gives: the atoms read as
    CodeGen._test_truth compiles them, a negation of literals as runtime.test_value
    (values.equal) gives it."""
    if cell.tests is None:
        return True
    if cell.atoms is None:  # not(literals): every comparison definitely false
        return all(equal(value, t.value.value) is False for t in cell.tests.tests)  # type: ignore[attr-defined]
    for a in cell.atoms:
        kind = a[0]
        if kind == "n":
            if value is None:
                return True
        elif kind == "s":
            if value == a[1]:  # compiled as a plain ==, so a str subclass may be equal
                return True
        elif kind == "b":
            if value is a[1]:
                return True
        elif type(value) is Decimal:
            _, lo, lo_in, hi, hi_in = a
            if ((lo is None or lo < value or (lo_in and lo == value))
                    and (hi is None or value < hi or (hi_in and value == hi))):
                return True
    return False


def column_mask(cells: tuple[tuple[Cell, int], ...], dash: int, value: Any) -> int:
    """The mask of a column's rules that accept ``value``: ``dash`` (rules with ``-``) and
    the bits of each pure cell accepting it."""
    mask = dash
    for cell, bits in cells:
        if accepts(cell, value):
            mask |= bits
    return mask


def disjoint(a: list[Cell], b: list[Cell], columns: Iterable[int]) -> bool:
    """Can no value of the inputs satisfy both rules (cells by column)? Proved by one column
    whose literal cells accept no common value; anything else may overlap."""
    for j in columns:
        x, y = a[j].atoms, b[j].atoms
        if x is not None and y is not None and not any(meet(p, q) for p in x for q in y):
            return True
    return False



def negated_strings(cell: Cell) -> list[str]:
    """The string literals of a negated cell (``not("a", "b")``)."""
    if cell.tests is None or not cell.tests.negated:
        return []
    return [t.value.value for t in cell.tests.tests  # type: ignore[attr-defined]
            if isinstance(t, fn.UnaryExpr) and isinstance(t.value, fn.Literal) and type(t.value.value) is str]
