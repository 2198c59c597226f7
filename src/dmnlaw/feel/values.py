"""FEEL values as Python values, and the operations every other module shares.

The mapping (DMN 1.5 §10.3.2):

============================  ==========================================
FEEL                          Python
============================  ==========================================
null                          ``None``
number                        ``decimal.Decimal`` (34 digits, see ``CONTEXT``)
string                        ``str``
boolean                       ``bool``
date, time, date and time     ``temporal.Date``, ``temporal.Time``, ``temporal.DateTime``
days and time duration        ``temporal.DaysTimeDuration``
years and months duration     ``temporal.YearsMonthsDuration``
list                          ``list`` (never mutated once built)
context                       ``dict`` (insertion-ordered, str keys)
range                         :class:`Range`
function                      :class:`Function`
============================  ==========================================

Python ``int``/``float`` never appear inside FEEL evaluation: :func:`from_python`
converts what users pass in, :func:`to_python` converts answers back.

Operations that can fail at run time (a type mismatch, a bad argument) raise
:class:`FeelEvalError`; the evaluator turns it into null and records a warning in the
trace, as DMN requires null with no silent loss.
"""
from __future__ import annotations

import decimal
from decimal import Decimal
from typing import Any, Callable, Iterable, Sequence

# IEEE 754 decimal128, as DMN 1.5 §10.3.2.3.1 prescribes for FEEL numbers.
CONTEXT = decimal.Context(
    prec=34,
    rounding=decimal.ROUND_HALF_EVEN,
    Emax=6144,
    Emin=-6143,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)

ZERO = Decimal(0)
ONE = Decimal(1)


class FeelEvalError(Exception):
    """A run-time problem that makes an expression null (and is reported as a warning)."""


class InvalidArgument(FeelEvalError):
    """A built-in function was called with arguments it cannot take."""


class Range:
    """A FEEL range (DMN 1.5 §10.3.2.7): endpoints may be None for an open end.

    ``start_included``/``end_included`` say whether the endpoints belong to the range.
    """

    __slots__ = ("start", "end", "start_included", "end_included", "null_endpoint", "op")

    def __init__(self, start: Any, end: Any, start_included: bool = True,
                 end_included: bool = True, null_endpoint: bool = False,
                 op: str | None = None) -> None:
        self.start = start
        self.end = end
        self.start_included = start_included
        self.end_included = end_included
        # A literal like `(null..10]` names a null endpoint: unlike `<= 10`, it is not
        # unbounded, and nothing is known to be in it.
        self.null_endpoint = null_endpoint
        # `(= 10)` and `(!= 10)` as values: tests of (in)equality with ``start``.
        self.op = op

    def contains(self, value: Any) -> bool | None:
        """True/False when ``value`` is comparable with the endpoints, else None."""
        if self.op is not None:
            r = equal(value, self.start)
            return r if self.op == "=" or r is None else not r
        if value is None or self.null_endpoint:
            return None
        if self.start is not None:
            c = compare(self.start, value)
            if c is None:
                return None
            if c > 0 or (c == 0 and not self.start_included):
                return False
        if self.end is not None:
            c = compare(value, self.end)
            if c is None:
                return None
            if c > 0 or (c == 0 and not self.end_included):
                return False
        return True

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Range)
                and self.null_endpoint == other.null_endpoint
                and self.op == other.op
                and self.start_included == other.start_included
                and self.end_included == other.end_included
                and equal(self.start, other.start) is True
                and equal(self.end, other.end) is True)

    def __hash__(self) -> int:
        return hash((self.start_included, self.end_included))

    def __repr__(self) -> str:
        return to_feel_text(self)


class Function:
    """A FEEL function value: a callable with named parameters.

    ``params`` are the FEEL parameter names, in order. Calling it positionally or with
    :meth:`call_named` never raises for bad arguments; it raises :class:`FeelEvalError`,
    which the caller turns into null and a warning.
    """

    __slots__ = ("name", "params", "fn", "param_types")

    def __init__(self, fn: Callable[..., Any], params: Sequence[str], name: str = "anonymous",
                 param_types: Sequence[Any] | None = None) -> None:
        self.fn = fn
        self.params = tuple(params)
        self.name = name
        self.param_types = tuple(param_types) if param_types is not None else None

    def __call__(self, *args: Any) -> Any:
        if len(args) != len(self.params):
            raise FeelEvalError(
                f"function {self.name} takes {len(self.params)} arguments, got {len(args)}")
        return self.fn(*args)

    def call_named(self, kwargs: dict[str, Any]) -> Any:
        """Call with named arguments; parameters not named are null."""
        unknown = [k for k in kwargs if k not in self.params]
        if unknown:
            raise FeelEvalError(f"function {self.name} has no parameter {unknown[0]!r}")
        return self.fn(*(kwargs.get(p) for p in self.params))

    def __repr__(self) -> str:
        return f"function {self.name}({', '.join(self.params)})"


def is_number(v: Any) -> bool:
    return type(v) is Decimal


def type_name(v: Any) -> str:
    """The FEEL type name of a value, as ``instance of`` and error messages use it."""
    from . import temporal

    if v is None:
        return "Null"
    t = type(v)
    if t is Decimal:
        return "number"
    if t is str:
        return "string"
    if t is bool:
        return "boolean"
    if t is list:
        return "list"
    if t is dict:
        return "context"
    if t is Range:
        return "range"
    if isinstance(v, Function) or callable(v):
        return "function"
    name = temporal.type_name(v)
    if name:
        return name
    return t.__name__


def from_python(v: Any) -> Any:
    """Convert a Python value a user passed in (int, float, tuple, nested dicts…) to FEEL."""
    t = type(v)
    if v is None or t is str or t is bool or t is Decimal:
        return v
    if t is int:
        return Decimal(v)
    if t is float:
        if v != v or v in (float("inf"), float("-inf")):
            return None
        return Decimal(repr(v))
    if t is dict:
        return {str(k): from_python(x) for k, x in v.items()}
    if t is list or t is tuple:
        return [from_python(x) for x in v]
    import datetime as _dt

    from . import temporal

    if isinstance(v, (_dt.date, _dt.time, _dt.timedelta)):
        return temporal.from_python(v)
    return v


def to_python(v: Any) -> Any:
    """Convert a FEEL value to plain Python/JSON-friendly values.

    Integral numbers become ``int``, others ``Decimal``; temporal values keep their type;
    lists and contexts are converted deeply.
    """
    t = type(v)
    if t is Decimal:
        if v == v.to_integral_value():
            try:
                return int(v)
            except (OverflowError, ValueError):
                return v
        return v
    if t is list:
        return [to_python(x) for x in v]
    if t is dict:
        return {k: to_python(x) for k, x in v.items()}
    return v


def equal(a: Any, b: Any) -> bool | None:
    """FEEL ``=`` (DMN 1.5 §10.3.2.9): deep for lists and contexts; null when not comparable.

    ``null = null`` is true and ``x = null`` is false; values of different types are
    not comparable (null).
    """
    if a is None or b is None:
        return a is None and b is None
    ta, tb = type(a), type(b)
    if ta is Decimal and tb is Decimal:
        return a == b
    if ta is bool or tb is bool:
        return a is b if ta is tb else None
    if ta is list and tb is list:
        if len(a) != len(b):
            return False
        for x, y in zip(a, b):
            r = equal(x, y)
            if r is not True:
                return r
        return True
    if ta is dict and tb is dict:
        if a.keys() != b.keys():
            return False
        for k in a:
            r = equal(a[k], b[k])
            if r is not True:
                return r
        return True
    if ta is str and tb is str:
        return a == b
    if ta is Range and tb is Range:
        return a == b
    if isinstance(a, Function) or isinstance(b, Function):
        return a is b
    from . import temporal

    return temporal.equal(a, b)


def compare(a: Any, b: Any) -> int | None:
    """Order two FEEL values: -1, 0 or 1; None when they are not comparable (or either is null)."""
    if a is None or b is None:
        return None
    ta, tb = type(a), type(b)
    if (ta is Decimal and tb is Decimal) or (ta is str and tb is str):
        return (a > b) - (a < b)
    if ta is bool or tb is bool or ta is list or tb is list or ta is dict or tb is dict:
        return None
    from . import temporal

    return temporal.compare(a, b)


def to_feel_text(v: Any) -> str:
    """Render a value the way FEEL ``string()`` does for non-strings (and quoted strings inside)."""
    from . import temporal

    if v is None:
        return "null"
    t = type(v)
    if t is bool:
        return "true" if v else "false"
    if t is Decimal:
        return format_number(v)
    if t is str:
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if t is list:
        return "[" + ", ".join(to_feel_text(x) for x in v) + "]"
    if t is dict:
        return "{" + ", ".join(f"{k}: {to_feel_text(x)}" for k, x in v.items()) + "}"
    if t is Range:
        lo = "[" if v.start_included else "("
        hi = "]" if v.end_included else ")"
        if v.start is None:
            return f"{'<=' if v.end_included else '<'} {to_feel_text(v.end)}"
        if v.end is None:
            return f"{'>=' if v.start_included else '>'} {to_feel_text(v.start)}"
        return f"{lo}{to_feel_text(v.start)}..{to_feel_text(v.end)}{hi}"
    text = temporal.to_text(v)
    if text is not None:
        return text
    return repr(v)


def format_number(v: Decimal) -> str:
    """A number as FEEL prints it: plain notation, no exponent, no trailing zeros."""
    if v == v.to_integral_value():
        return str(v.quantize(ONE, context=decimal.Context(prec=10000))) if v else "0"
    s = format(v.normalize(CONTEXT), "f")
    return s


def iterate(v: Any) -> Iterable[Any]:
    """What a FEEL construct iterating over ``v`` sees: a non-list is a singleton list."""
    return v if type(v) is list else [v]
