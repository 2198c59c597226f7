"""The values a decision-table column can take, cut into atoms, and each entry as a set of atoms.

This is the representation of Calvanese et al. ("Semantics and Analysis of DMN Decision
Tables"): every input entry denotes a set of values of its column, and a rule denotes the
box that is the product of its entries' sets. Here a column's values are cut at every
constant the column's entries and allowed values mention, giving a few *atoms*: the
constants themselves, the open stretches between them (for numbers, strings and dates),
and null, which is a value of its own (a missing fact). Every entry that compares with
constants is true on all of an atom or on none of it, so a set of values is a bitmask of
atoms (a Python int) and the table algebra becomes AND, OR and NOT on ints.

An entry this module cannot reason about (it names a variable, calls a function other
than ``date("...")``, uses ``?``) is *opaque*: :func:`entry_sets` gives it the lower
bound "no value for sure" and the upper bound "any value", so the analysis built on top
never reports a defect that depends on it.

Truth follows the engine (DMN 1.5 §8.3.3, and what :mod:`dmnlaw.feel` computes): a test
is true, false or null on a value; ``"a"`` is false on null, ``< 5`` is null on null,
``!= 5`` is true on null, ``not(...)`` swaps true and false and keeps null, and a rule
matches only where its entry is true.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Literal

from ..feel import nodes as fn
from ..feel import temporal
from ..feel.values import InvalidArgument

Kind = Literal["number", "string", "date", "boolean", "unknown"]

# The kinds whose values lie densely between two constants, so that an open stretch
# between two boundaries holds values of its own. Dates are days: a stretch holds a
# value only when the boundaries are two or more days apart.
_DENSE = ("number", "string", "date")

_NULL = ("null", None)  # the constant null, as (kind, key)


@dataclass(frozen=True, slots=True)
class Atom:
    """One class of values of a column: ``null``, a ``point`` (``low`` is its key), or the
    open stretch ``between`` two boundaries (``low``/``high``; None is unbounded)."""

    shape: Literal["null", "point", "between"]
    low: Any = None
    high: Any = None


@dataclass(frozen=True, slots=True)
class Column:
    """A decision-table input column as the analysis sees it.

    ``atoms`` are in value order with null last; ``domain`` is the mask of the atoms that
    the column's allowed values admit (null always: a fact may be missing); ``full`` is
    the mask of every atom.
    """

    name: str
    kind: Kind
    atoms: tuple[Atom, ...]
    domain: int
    full: int

    @property
    def null(self) -> int:
        """The mask of the null atom."""
        return 1 << (len(self.atoms) - 1)


@dataclass(frozen=True, slots=True)
class EntrySets:
    """What one input entry matches: ``lo`` surely, ``hi`` possibly (equal unless opaque).

    ``outside`` lists the positive tests (as FEEL text positions) whose values all lie
    outside the column's allowed values or type; ``opaque`` says the entry was not
    understood.
    """

    lo: int
    hi: int
    outside: tuple[int, ...] = ()
    opaque: bool = False


# --- constants ----------------------------------------------------------------------------

def constant(node: fn.Node) -> tuple[str, Any] | None:
    """The value of a constant expression as ``(kind, key)``, or None when not a constant.

    Keys compare within a kind: Decimal numbers, str strings, bool booleans, dates as
    days since 1970-01-01; null is ``("null", None)``. Constants are literals, negated
    number literals, ``@"2019-01-01"`` and ``date("2019-01-01")``.
    """
    if isinstance(node, fn.Literal):
        v = node.value
        if v is None:
            return _NULL
        if isinstance(v, bool):
            return ("boolean", v)
        if isinstance(v, Decimal):
            return ("number", v)
        if isinstance(v, str):
            return ("string", v)
        return None
    if isinstance(node, fn.Negate):
        inner = constant(node.operand)
        if inner and inner[0] == "number":
            return ("number", -inner[1])
        return None
    text = None
    if isinstance(node, fn.AtLiteral):
        text = node.text
    elif (isinstance(node, fn.Call) and isinstance(node.function, fn.Name)
          and node.function.name == "date" and len(node.args) == 1 and not node.named
          and isinstance(node.args[0], fn.Literal) and isinstance(node.args[0].value, str)):
        text = node.args[0].value
    if text is not None:
        try:
            return ("date", temporal.parse_date(text).epoch_day)
        except (InvalidArgument, ValueError):
            return None
    return None


def _test_constants(test: fn.Node) -> list[tuple[str, Any]] | None:
    """The constants one positive unary test compares with; None when it is opaque."""
    if isinstance(test, fn.UnaryCompare):
        c = constant(test.value)
        return [c] if c else None
    if isinstance(test, fn.UnaryExpr):
        if test.uses_input:
            return None
        v = test.value
        if isinstance(v, fn.RangeExpr):
            out = []
            for end in (v.start, v.end):
                if end is not None:
                    c = constant(end)
                    if c is None:
                        return None
                    out.append(c)
            return out
        if isinstance(v, fn.ListExpr):
            items = [constant(i) for i in v.items]
            return None if any(c is None for c in items) else items  # type: ignore[return-value]
        c = constant(v)
        return [c] if c else None
    return None


def tests_constants(tests: fn.UnaryTests) -> list[tuple[str, Any]] | None:
    """Every constant in a unary-tests AST, or None when any test in it is opaque."""
    out: list[tuple[str, Any]] = []
    for t in tests.tests:
        cs = _test_constants(t)
        if cs is None:
            return None
        out.extend(cs)
    return out


# --- building a column ----------------------------------------------------------------------

def build_column(name: str, kind: Kind, allowed: fn.UnaryTests | None,
                 entries: Iterable[fn.UnaryTests | None],
                 extra: Iterable[tuple[str, Any]] = ()) -> Column:
    """The column named ``name`` of type ``kind`` (``unknown`` to infer it from the constants).

    ``allowed`` is the parsed allowed values (None: the whole type); ``entries`` the
    parsed input entries (None for one that does not parse); ``extra`` more constants to
    cut at. Returns the :class:`Column`.
    """
    entries = list(entries)
    found: list[tuple[str, Any]] = list(extra)
    for tests in [allowed, *entries]:
        if tests is not None:
            found.extend(tests_constants(tests) or ())
    if kind == "unknown":
        kinds = {k for k, _ in found if k != "null"}
        if len(kinds) == 1:
            kind = kinds.pop()  # type: ignore[assignment]
    atoms: list[Atom] = []
    if kind == "boolean":
        atoms = [Atom("point", False), Atom("point", True)]
    elif kind in _DENSE:
        bounds = sorted({key for k, key in found if k == kind})
        below = None
        for b in bounds:
            if _has_values_between(kind, below, b):
                atoms.append(Atom("between", below, b))
            atoms.append(Atom("point", b))
            below = b
        atoms.append(Atom("between", below, None))
    else:
        atoms = [Atom("between", None, None)]
    atoms.append(Atom("null"))
    full = (1 << len(atoms)) - 1
    column = Column(name, kind, tuple(atoms), full, full)
    if allowed is not None and not allowed.any:
        truth = tests_truth(column, allowed)
        if truth is not None:
            domain = truth[0] | column.null
            column = Column(name, kind, column.atoms, domain, full)
    return column


def _has_values_between(kind: str, low: Any, high: Any) -> bool:
    if kind == "date" and low is not None and high is not None:
        return high - low > 1
    return low is None or high is None or low < high


# --- truth of tests on atoms ---------------------------------------------------------------

def _compare(atom: Atom, key: Any) -> int:
    """-1, 0 or 1: how every value of a non-null ``atom`` compares with the boundary ``key``."""
    if atom.shape == "point":
        return (atom.low > key) - (atom.low < key)
    if atom.low is not None and key <= atom.low:
        return 1
    return -1


_TRUE, _FALSE, _UNKNOWN = 1, 0, None


def _equals(column: Column, atom: Atom, c: tuple[str, Any]) -> int | None:
    if atom.shape == "null":
        return _TRUE if c[0] == "null" else _FALSE
    if c[0] == "null":
        return _FALSE
    if c[0] != column.kind:
        return _UNKNOWN
    return _TRUE if _compare(atom, c[1]) == 0 else _FALSE


def _order(column: Column, atom: Atom, op: str, c: tuple[str, Any]) -> int | None:
    if atom.shape == "null" or c[0] != column.kind or column.kind == "unknown":
        return _UNKNOWN
    cmp = _compare(atom, c[1])
    ok = {"<": cmp < 0, "<=": cmp <= 0, ">": cmp > 0, ">=": cmp >= 0}[op]
    return _TRUE if ok else _FALSE


def _test_truth(column: Column, atom: Atom, test: fn.Node) -> int | None:
    """The truth (1, 0, None for null) of one understood positive test on an atom."""
    if isinstance(test, fn.UnaryCompare):
        c = constant(test.value)
        assert c is not None
        if test.op == "=":
            return _equals(column, atom, c)
        if test.op == "!=":
            t = _equals(column, atom, c)
            return None if t is None else 1 - t
        return _order(column, atom, test.op, c)
    v = test.value  # type: ignore[attr-defined]
    if isinstance(v, fn.RangeExpr):
        if atom.shape == "null":
            return _UNKNOWN
        result: int | None = _TRUE
        for end, ops in ((v.start, (">=", ">")), (v.end, ("<=", "<"))):
            if end is None:
                continue
            included = v.start_included if end is v.start else v.end_included
            t = _order(column, atom, ops[0] if included else ops[1], constant(end))  # type: ignore[arg-type]
            if t is None:
                return _UNKNOWN
            result = result and t
        return result
    if isinstance(v, fn.ListExpr):
        # `? in [..]`: true when equal to an item, else false (never null).
        hits = [_equals(column, atom, constant(i)) for i in v.items]  # type: ignore[arg-type]
        return _TRUE if _TRUE in hits else _FALSE
    return _equals(column, atom, constant(v))  # type: ignore[arg-type]


def test_masks(column: Column, test: fn.Node) -> tuple[int, int] | None:
    """(true mask, false mask) of one positive test over the column's atoms; None if opaque."""
    if _test_constants(test) is None:
        return None
    true = false = 0
    for i, atom in enumerate(column.atoms):
        t = _test_truth(column, atom, test)
        if t == _TRUE:
            true |= 1 << i
        elif t == _FALSE:
            false |= 1 << i
    return true, false


def tests_truth(column: Column, tests: fn.UnaryTests) -> tuple[int, int] | None:
    """(true mask, false mask) of a whole unary-tests AST (``-`` is true everywhere)."""
    if tests.any:
        return column.full, 0
    true, false = 0, column.full
    for t in tests.tests:
        masks = test_masks(column, t)
        if masks is None:
            return None
        # Three-valued `or`: true if any is true, false if all are false.
        true |= masks[0]
        false &= masks[1]
    return (false, true) if tests.negated else (true, false)


def entry_sets(column: Column, tests: fn.UnaryTests | None) -> EntrySets:
    """What an input entry (a parsed unary-tests AST, None when it did not parse) matches.

    Returns :class:`EntrySets` with masks already limited to the column's domain, and the
    positions of the positive tests that admit no allowed value of the column (a typo such
    as ``"cachng"``, a number in a string column).
    """
    if tests is None or (column.kind == "unknown" and not tests.any):
        return EntrySets(0, column.domain, opaque=True)
    truth = tests_truth(column, tests)
    if truth is None:
        return EntrySets(0, column.domain, opaque=True)
    outside = []
    if column.kind != "unknown":
        for t in tests.tests:
            masks = test_masks(column, t)
            if masks is None or _is_null_test(t):
                continue
            kinds = {k for k, _ in _test_constants(t) or ()} - {"null"}
            wrong_kind = bool(kinds) and kinds != {column.kind}
            # An empty test ([5..1]) is not outside anything: the rule just never matches.
            if wrong_kind or (masks[0] and not masks[0] & column.domain):
                outside.append(t.pos)
    return EntrySets(truth[0] & column.domain, truth[0] & column.domain, tuple(outside))


def _is_null_test(test: fn.Node) -> bool:
    return isinstance(test, fn.UnaryExpr) and isinstance(test.value, fn.Literal) and test.value.value is None


def admits(tests: fn.UnaryTests, value: tuple[str, Any]) -> bool | None:
    """Whether allowed values ``tests`` admit the constant ``value`` ((kind, key) as from
    :func:`constant`); None when the tests are opaque. Null is always admitted (a missing
    output is the engine's business, not a value outside the list)."""
    if value[0] == "null" or tests.any:
        return True
    column = build_column("", value[0], tests, [], extra=[value])  # type: ignore[arg-type]
    if tests_truth(column, tests) is None:
        return None
    index = next(i for i, a in enumerate(column.atoms) if a.shape == "point" and a.low == value[1])
    return bool(column.domain >> index & 1)


def _inside(atom: Atom, key: Any) -> bool:
    return (atom.low is None or atom.low < key) and (atom.high is None or key < atom.high)


# --- showing values and regions -------------------------------------------------------------

def show_key(kind: str, key: Any) -> str:
    """A constant as FEEL text: ``"caching"``, ``49999``, ``true``, ``date("2015-10-31")``."""
    if key is None:
        return "null"
    if kind == "boolean" or isinstance(key, bool):
        return "true" if key else "false"
    if kind == "number":
        text = format(key.normalize(), "f") if isinstance(key, Decimal) else str(key)
        return text
    if kind == "date":
        return f'date("{temporal.Date.from_epoch_day(key)}")'
    return json.dumps(key, ensure_ascii=False)


def python_key(kind: str, key: Any) -> Any:
    """A constant as a JSON-friendly Python value (numbers as int or float, dates ISO)."""
    if key is None:
        return None
    if kind == "number" and isinstance(key, Decimal):
        return int(key) if key == key.to_integral_value() else float(key)
    if kind == "date":
        return str(temporal.Date.from_epoch_day(key))
    return key


def example_key(column: Column, atom: Atom) -> Any:
    """A concrete value inside ``atom``: the point itself, or one chosen near a boundary
    (the largest whole number below the upper bound, the day before, ...). None for null
    and for a column of unknown type."""
    if atom.shape == "null":
        return None
    if atom.shape == "point":
        return atom.low
    low, high = atom.low, atom.high
    if column.kind == "number":
        if high is not None:
            candidate = Decimal(int(high.to_integral_value(rounding="ROUND_CEILING")) - 1)
            if low is None or candidate > low:
                return candidate
        if low is not None:
            candidate = Decimal(int(low.to_integral_value(rounding="ROUND_FLOOR")) + 1)
            if high is None or candidate < high:
                return candidate
            return (low + high) / 2
        return Decimal(0)
    if column.kind == "date":
        if high is not None:
            return high - 1
        return low + 1 if low is not None else temporal.parse_date("2020-01-01").epoch_day
    if column.kind == "string":
        for candidate in _STRING_EXAMPLES:
            if _inside(atom, candidate):
                return candidate
        return (low or "") + "~"
    return None


_STRING_EXAMPLES = ("other", "x", "zzz", "A", "0", "~")


def readable_example(column: Column, atom: Atom) -> bool:
    """Whether :func:`example_key` finds a plain value in the atom (not a made-up string)."""
    if column.kind != "string" or atom.shape != "between":
        return atom.shape != "null"
    return any(_inside(atom, c) for c in _STRING_EXAMPLES)


def show_atom_example(column: Column, atom: Atom) -> str:
    """An example value of ``atom`` as FEEL text (``"any value"`` text for unknown kinds)."""
    if atom.shape != "null" and column.kind == "unknown":
        return "…"
    return show_key(column.kind, example_key(column, atom))


def describe(column: Column, mask: int) -> str:
    """A mask as FEEL unary-tests text: ``"a", "b"``, ``< 50000``, ``null``, ``not(null)``, ``-``.

    The direct form is preferred; the negated one (within the domain) where it is much
    shorter, as ``not("High")`` for all but one of many values.
    """
    mask &= column.domain
    if mask == column.domain:
        return "-"
    direct = _describe_runs(column, mask)
    rest = column.domain & ~mask
    negated = f"not({_describe_runs(column, rest)})"
    return negated if len(negated) + 6 < len(direct) else direct


def _describe_runs(column: Column, mask: int) -> str:
    parts: list[str] = []
    run: list[Atom] = []
    n = len(column.atoms) - 1
    for i, atom in enumerate(column.atoms[:n]):
        if mask >> i & 1:
            run.append(atom)
            continue
        if run:
            parts.append(_describe_run(column, run))
            run = []
    if run:
        parts.append(_describe_run(column, run))
    if mask & column.null:
        parts.append("null")
    return ", ".join(parts) if parts else "(nothing)"


def _describe_run(column: Column, run: list[Atom]) -> str:
    first, last = run[0], run[-1]
    if column.kind == "unknown":
        return "any value"
    if len(run) == 1 and first.shape == "point":
        return show_key(column.kind, first.low)
    low, low_in = (first.low, first.shape == "point")
    high, high_in = (last.low, True) if last.shape == "point" else (last.high, False)
    if column.kind == "boolean":
        return ", ".join(show_key("boolean", a.low) for a in run)
    if low is None and high is None:
        return "not(null)"
    if low is None:
        return f"{'<=' if high_in else '<'} {show_key(column.kind, high)}"
    if high is None:
        return f"{'>=' if low_in else '>'} {show_key(column.kind, low)}"
    return (f"{'[' if low_in else '('}{show_key(column.kind, low)}.."
            f"{show_key(column.kind, high)}{']' if high_in else ')'}")
