"""Range built-ins: the interval relations of DMN 1.5 §10.3.4.7 (Table 78) and ``range(from)``.

The relations take points (numbers, strings, temporal values) and ranges, and follow the
formulas of Table 78 literally. A range with an undefined endpoint (``< 10``, ``>= 2``) is
read as unbounded on that side: its start is below every point, its end above every point,
and neither is included. A range with a null endpoint (``(null..10]``) relates to nothing
(null); ``(= 5)`` is the interval [5..5] and ``(!= 5)`` is no interval at all.

``range(from)`` reads a range literal (grammar rules 66 and 67): endpoints are numeric and
string literals, ``@"..."`` literals and ``date()``, ``time()``, ``date and time()``,
``duration()`` invocations with literal arguments.
"""
from __future__ import annotations

import re
from typing import Any, Callable

from .. import temporal
from ..values import InvalidArgument, Range, compare, equal, to_feel_text, type_name
from . import REGISTRY, builtin
from .conversion import parse_number

# ---------------------------------------------------------------------------------------------
# Endpoint comparison

_LOW = object()  # the start of a range without one: below every point
_HIGH = object()  # the end of a range without one: above every point


def _cmp(fname: str, a: Any, b: Any) -> int:
    """Order two endpoints or points; InvalidArgument when FEEL cannot compare them."""
    if a is b and (a is _LOW or a is _HIGH):
        return 0
    if a is _LOW or b is _HIGH:
        return -1
    if a is _HIGH or b is _LOW:
        return 1
    c = compare(a, b)
    if c is None:
        raise InvalidArgument(
            f"{fname}(): cannot compare {to_feel_text(a)} with {to_feel_text(b)}")
    return c


class _Bounds:
    """A range's endpoints and inclusion flags, with unbounded ends made explicit.

    A unary test used as a range value, ``(= 5)``, is the one-point interval [5..5].
    """

    __slots__ = ("start", "end", "si", "ei")

    def __init__(self, r: Range) -> None:
        if r.op == "=":
            self.start = self.end = r.start
            self.si = self.ei = True
            return
        self.start = _LOW if r.start is None else r.start
        self.end = _HIGH if r.end is None else r.end
        self.si = r.start_included and r.start is not None
        self.ei = r.end_included and r.end is not None


class _Relation:
    """The comparisons of one call, named as in Table 78 so the formulas read like it."""

    def __init__(self, fname: str) -> None:
        self.fname = fname

    def lt(self, a: Any, b: Any) -> bool:
        return _cmp(self.fname, a, b) < 0

    def gt(self, a: Any, b: Any) -> bool:
        return _cmp(self.fname, a, b) > 0

    def eq(self, a: Any, b: Any) -> bool:
        return _cmp(self.fname, a, b) == 0


# ---------------------------------------------------------------------------------------------
# Registration: one positional entry point per function, dispatching on argument kinds

PointRangeFormula = Callable[[_Relation, Any, Any], bool]


def _unwrap(value: Any) -> Any:
    # Implicit conversion: a singleton list where a point or range is expected.
    return value[0] if type(value) is list and len(value) == 1 else value


def _relation(name: str, signatures: dict[tuple[str, str], tuple[str, str]],
              formulas: dict[tuple[str, str], PointRangeFormula]) -> None:
    """Register a Table 78 function.

    ``formulas`` maps argument kinds ("point"/"range", twice) to a formula over a
    :class:`_Relation` and the two arguments (ranges as :class:`_Bounds`). ``signatures``
    maps the same kinds to the parameter names DMN gives that signature. The first
    signature also serves positional calls, which dispatch on the kinds of the arguments;
    named calls reach the signature whose names they use, and must match its kinds.
    """

    def kind(v: Any) -> str:
        return "range" if type(v) is Range else "point"

    def evaluate(a: Any, b: Any, expected: tuple[str, str] | None) -> bool | None:
        a, b = _unwrap(a), _unwrap(b)
        if a is None or b is None:
            return None
        kinds = (kind(a), kind(b))
        if expected is not None and kinds != expected:
            raise InvalidArgument(
                f"{name}(): parameters {', '.join(signatures[expected])} expect "
                f"a {expected[0]} and a {expected[1]}, got a {kinds[0]} and a {kinds[1]}")
        for v in (a, b):
            if type(v) is Range and v.op is not None and v.op != "=":
                raise InvalidArgument(
                    f"{name}(): {to_feel_text(v)} is a test, not an interval")
            if type(v) is Range and v.null_endpoint:
                # `(null..10]` names an unknown endpoint: no relation to it is known.
                return None
        formula = formulas.get(kinds)
        if formula is None:
            allowed = "; ".join(f"({x}, {y})" for x, y in formulas)
            raise InvalidArgument(
                f"{name}(): takes {allowed}, not a {kinds[0]} and a {kinds[1]}")
        ra = _Bounds(a) if kinds[0] == "range" else a
        rb = _Bounds(b) if kinds[1] == "range" else b
        return formula(_Relation(name), ra, rb)

    for index, (kinds, params) in enumerate(signatures.items()):
        expected = None if index == 0 else kinds

        def call(a: Any, b: Any, expected: tuple[str, str] | None = expected) -> bool | None:
            return evaluate(a, b, expected)

        call.__doc__ = (f"DMN 1.5 Table 78 {name}({', '.join(params)}): true when the relation "
                        "holds, false when not, null for a null argument; InvalidArgument for "
                        "arguments of the wrong kind or values that cannot be compared.")
        builtin(name, *params)(call)


P, R = "point", "range"

_relation(
    "before",
    {(P, P): ("point1", "point2"), (P, R): ("point", "range"), (R, P): ("range", "point"),
     (R, R): ("range1", "range2")},
    {
        (P, P): lambda c, p1, p2: c.lt(p1, p2),
        (P, R): lambda c, p, r: c.lt(p, r.start) or (c.eq(p, r.start) and not r.si),
        (R, P): lambda c, r, p: c.lt(r.end, p) or (c.eq(r.end, p) and not r.ei),
        (R, R): lambda c, r1, r2: c.lt(r1.end, r2.start) or (
            (not r1.ei or not r2.si) and c.eq(r1.end, r2.start)),
    })

_relation(
    "after",
    {(P, P): ("point1", "point2"), (P, R): ("point", "range"), (R, P): ("range", "point"),
     (R, R): ("range1", "range2")},
    {
        (P, P): lambda c, p1, p2: c.gt(p1, p2),
        (P, R): lambda c, p, r: c.gt(p, r.end) or (c.eq(p, r.end) and not r.ei),
        (R, P): lambda c, r, p: c.gt(r.start, p) or (c.eq(r.start, p) and not r.si),
        (R, R): lambda c, r1, r2: c.gt(r1.start, r2.end) or (
            (not r1.si or not r2.ei) and c.eq(r1.start, r2.end)),
    })

_relation(
    "meets", {(R, R): ("range1", "range2")},
    {(R, R): lambda c, r1, r2: r1.ei and r2.si and c.eq(r1.end, r2.start)})

_relation(
    "met by", {(R, R): ("range1", "range2")},
    {(R, R): lambda c, r1, r2: r1.si and r2.ei and c.eq(r1.start, r2.end)})

_relation(
    "overlaps", {(R, R): ("range1", "range2")},
    {(R, R): lambda c, r1, r2: (
        (c.gt(r1.end, r2.start) or (c.eq(r1.end, r2.start) and r1.ei and r2.si))
        and (c.lt(r1.start, r2.end) or (c.eq(r1.start, r2.end) and r1.si and r2.ei)))})


def _overlaps_before(c: _Relation, r1: _Bounds, r2: _Bounds) -> bool:
    return ((c.lt(r1.start, r2.start) or (c.eq(r1.start, r2.start) and r1.si and not r2.si))
            and (c.gt(r1.end, r2.start) or (c.eq(r1.end, r2.start) and r1.ei and r2.si))
            and (c.lt(r1.end, r2.end) or (c.eq(r1.end, r2.end) and (not r1.ei or r2.ei))))


_relation("overlaps before", {(R, R): ("range1", "range2")}, {(R, R): _overlaps_before})

# Table 78 spells "overlaps after" out; it is "overlaps before" with the ranges swapped.
_relation("overlaps after", {(R, R): ("range1", "range2")},
          {(R, R): lambda c, r1, r2: _overlaps_before(c, r2, r1)})

_relation(
    "finishes", {(P, R): ("point", "range"), (R, R): ("range1", "range2")},
    {
        (P, R): lambda c, p, r: r.ei and c.eq(r.end, p),
        (R, R): lambda c, r1, r2: r1.ei == r2.ei and c.eq(r1.end, r2.end) and (
            c.gt(r1.start, r2.start) or (c.eq(r1.start, r2.start) and (not r1.si or r2.si))),
    })

_relation(
    "finished by", {(R, P): ("range", "point"), (R, R): ("range1", "range2")},
    {
        (R, P): lambda c, r, p: r.ei and c.eq(r.end, p),
        (R, R): lambda c, r1, r2: r1.ei == r2.ei and c.eq(r1.end, r2.end) and (
            c.lt(r1.start, r2.start) or (c.eq(r1.start, r2.start) and (r1.si or not r2.si))),
    })


def _includes_point(c: _Relation, r: _Bounds, p: Any) -> bool:
    return ((c.lt(r.start, p) and c.gt(r.end, p)) or (c.eq(r.start, p) and r.si)
            or (c.eq(r.end, p) and r.ei))


def _includes_range(c: _Relation, r1: _Bounds, r2: _Bounds) -> bool:
    return ((c.lt(r1.start, r2.start) or (c.eq(r1.start, r2.start) and (r1.si or not r2.si)))
            and (c.gt(r1.end, r2.end) or (c.eq(r1.end, r2.end) and (r1.ei or not r2.ei))))


_relation(
    "includes", {(R, P): ("range", "point"), (R, R): ("range1", "range2")},
    {(R, P): _includes_point, (R, R): _includes_range})

_relation(
    "during", {(P, R): ("point", "range"), (R, R): ("range1", "range2")},
    {
        (P, R): lambda c, p, r: _includes_point(c, r, p),
        (R, R): lambda c, r1, r2: _includes_range(c, r2, r1),
    })

_relation(
    "starts", {(P, R): ("point", "range"), (R, R): ("range1", "range2")},
    {
        (P, R): lambda c, p, r: c.eq(r.start, p) and r.si,
        (R, R): lambda c, r1, r2: c.eq(r1.start, r2.start) and r1.si == r2.si and (
            c.lt(r1.end, r2.end) or (c.eq(r1.end, r2.end) and (not r1.ei or r2.ei))),
    })

_relation(
    "started by", {(R, P): ("range", "point"), (R, R): ("range1", "range2")},
    {
        (R, P): lambda c, r, p: c.eq(r.start, p) and r.si,
        (R, R): lambda c, r1, r2: c.eq(r1.start, r2.start) and r1.si == r2.si and (
            c.lt(r2.end, r1.end) or (c.eq(r2.end, r1.end) and (not r2.ei or r1.ei))),
    })


def _coincide_points(c: _Relation, p1: Any, p2: Any) -> bool:
    # Points that are not ordered (booleans, say) still coincide when they are equal.
    result = equal(p1, p2)
    if result is None:
        raise InvalidArgument(
            f"coincides(): cannot compare {to_feel_text(p1)} with {to_feel_text(p2)}")
    return result


_relation(
    "coincides", {(P, P): ("point1", "point2"), (R, R): ("range1", "range2")},
    {
        (P, P): _coincide_points,
        (R, R): lambda c, r1, r2: (c.eq(r1.start, r2.start) and r1.si == r2.si
                                   and c.eq(r1.end, r2.end) and r1.ei == r2.ei),
    })


# ---------------------------------------------------------------------------------------------
# range(from): reading a range literal


class _LiteralError(Exception):
    """The text is not a range literal (the message says why)."""


_NUMBER = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_FUNCTION = re.compile(r"(date\s+and\s+time|date|time|duration)\s*\(")
_WS = re.compile(r"\s*")
_ESCAPES = {"'": "'", '"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}


class _RangeReader:
    """A recursive-descent reader for grammar rules 66–67 over one string."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0

    def skip(self) -> None:
        m = _WS.match(self.text, self.i)
        assert m is not None
        self.i = m.end()

    def peek(self) -> str:
        return self.text[self.i:self.i + 1]

    def read(self) -> Range:
        self.skip()
        opener = self.peek()
        if opener not in ("[", "(", "]"):
            raise _LiteralError("a range starts with '[', '(' or ']'")
        self.i += 1
        start_included = opener == "["
        self.skip()
        start = None if self.text.startswith("..", self.i) else self.endpoint()
        self.skip()
        if not self.text.startswith("..", self.i):
            raise _LiteralError("expected '..' between the endpoints")
        self.i += 2
        self.skip()
        closer = self.peek()
        end = None if closer in (")", "[", "]") else self.endpoint()
        self.skip()
        closer = self.peek()
        if closer not in (")", "[", "]"):
            raise _LiteralError("a range ends with ']', ')' or '['")
        self.i += 1
        end_included = closer == "]"
        self.skip()
        if self.i != len(self.text):
            raise _LiteralError(f"unexpected text after the range: {self.text[self.i:]!r}")
        # Rule 66 b and c: only an open side may leave out its endpoint, and not both.
        if start is None and (start_included or end is None):
            raise _LiteralError("a range needs a start, unless it is open and has an end")
        if end is None and end_included:
            raise _LiteralError("a closed range end needs an endpoint")
        return Range(start, end, start_included, end_included)

    def endpoint(self) -> Any:
        c = self.peek()
        if c == '"':
            return self.string()
        if c == "@":
            self.i += 1
            if self.peek() != '"':
                raise _LiteralError("'@' must be followed by a string literal")
            literal = self.string()
            try:
                return temporal.parse_at_literal(literal)
            except InvalidArgument as exc:
                raise _LiteralError(str(exc)) from None
        m = _NUMBER.match(self.text, self.i)
        if m:
            self.i = m.end()
            return parse_number("range", m.group())
        m = _FUNCTION.match(self.text, self.i)
        if m:
            self.i = m.end()
            return _temporal(" ".join(m.group(1).split()), self.arguments())
        raise _LiteralError(f"expected an endpoint literal at {self.text[self.i:]!r}")

    def arguments(self) -> list[Any]:
        """Literal arguments up to and including the closing ')'."""
        args: list[Any] = []
        self.skip()
        if self.peek() == ")":
            self.i += 1
            return args
        while True:
            self.skip()
            if self.peek() == '"':
                args.append(self.string())
            else:
                m = _NUMBER.match(self.text, self.i)
                if not m:
                    raise _LiteralError("only literal arguments are allowed in an endpoint")
                self.i = m.end()
                args.append(parse_number("range", m.group()))
            self.skip()
            if self.peek() == ")":
                self.i += 1
                return args
            if self.peek() != ",":
                raise _LiteralError("expected ',' or ')' in the arguments")
            self.i += 1

    def string(self) -> str:
        """A string literal (rule 33) with its escapes (rule 64) resolved."""
        self.i += 1  # the opening quote
        out: list[str] = []
        while True:
            if self.i >= len(self.text):
                raise _LiteralError("unterminated string literal")
            c = self.text[self.i]
            self.i += 1
            if c == '"':
                return _join_surrogates("".join(out))
            if c != "\\":
                out.append(c)
                continue
            e = self.text[self.i:self.i + 1]
            self.i += 1
            if e in _ESCAPES:
                out.append(_ESCAPES[e])
            elif e in ("u", "U"):
                width = 4 if e == "u" else 6
                digits = self.text[self.i:self.i + width]
                if len(digits) != width or not all(d in "0123456789abcdefABCDEF" for d in digits):
                    raise _LiteralError(f"invalid code point escape \\{e}{digits}")
                code = int(digits, 16)
                if code > 0x10FFFF:
                    raise _LiteralError(f"code point \\{e}{digits} is out of range")
                out.append(chr(code))
                self.i += width
            else:
                raise _LiteralError(f"invalid escape \\{e}")


def _join_surrogates(s: str) -> str:
    """Combine UTF-16 surrogate pairs written as two \\u escapes into one code point."""
    if not any("\ud800" <= c <= "\udfff" for c in s):
        return s
    return s.encode("utf-16", "surrogatepass").decode("utf-16")


def _temporal(function: str, args: list[Any]) -> Any:
    """Call the temporal built-in ``function`` on literal arguments; its value or an error."""
    fn = REGISTRY.get(function)
    if fn is None:
        raise _LiteralError(f"the built-in {function}() is not available")
    try:
        value = fn(*args)
    except InvalidArgument as exc:
        raise _LiteralError(str(exc)) from None
    if value is None:
        shown = ", ".join(to_feel_text(a) for a in args)
        raise _LiteralError(f"{function}({shown}) is not a valid value")
    return value


@builtin("range", "from:string")
def range_(text: str) -> Range:
    """The range a range literal describes, e.g. ``"[18..21)"``, ``"[2..)"`` (>= 2).

    The endpoints must have the same type and be in order. Raises InvalidArgument for any
    text that is not such a literal (including unary tests such as ``">= 10"``).
    """
    try:
        r = _RangeReader(text).read()
    except _LiteralError as exc:
        raise InvalidArgument(f"range(): {text!r} is not a range literal: {exc}") from None
    if r.start is not None and r.end is not None:
        if type_name(r.start) != type_name(r.end):
            raise InvalidArgument(
                f"range(): the endpoints of {text!r} are a {type_name(r.start)} and a "
                f"{type_name(r.end)}")
        order = compare(r.start, r.end)
        if order is None or order > 0:
            raise InvalidArgument(f"range(): the start of {text!r} is after its end")
    return r

