"""What compiled FEEL code calls at run time: operators with FEEL's null and type rules.

Compiled code (see :mod:`dmnlaw.feel.compiler`) inlines the common fast paths and calls
these functions for everything else. A problem — a type mismatch, division by zero, an
unknown name — gives null and a warning in the current warning sink, never an exception:
DMN asks for null, and the trace must say why.
"""
from __future__ import annotations

import contextvars
import decimal
from decimal import Decimal
from typing import Any, Callable

from . import temporal
from .values import (CONTEXT, FeelEvalError, Function, Range, compare, equal, type_name)

_D = Decimal
# Most items a FEEL loop may produce: one range (a..b, by number or by day) and a `for`
# over several (their cross product, see compiler._loops). A million decimals is ~100 MB;
# more is an attack or a mistake, and gives null with a warning.
MAX_LOOP_ITEMS = 1_000_000

# Where warnings go while an expression runs: a list, or None to drop them.
_SINK: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar("feel_warnings", default=None)


def warn(message: str) -> None:
    """Record a warning for the decision being evaluated."""
    sink = _SINK.get()
    if sink is not None:
        sink.append(message)


def collect_warnings(sink: list[str] | None) -> contextvars.Token:
    """Send warnings to ``sink`` until :func:`reset_warnings` is called with the token."""
    return _SINK.set(sink)


def reset_warnings(token: contextvars.Token) -> None:
    _SINK.reset(token)


def null(message: str) -> None:
    """Warn and return null: the one way a run-time problem becomes a value."""
    warn(message)
    return None


# --- arithmetic --------------------------------------------------------------------------
# Each operator inlines the number case, the one on every hot path; the rest (null, strings,
# temporal values, mismatches) goes through _mixed.

def add(a: Any, b: Any) -> Any:
    if type(a) is _D and type(b) is _D:
        return _num(a, "+", b)
    return _mixed(a, "+", b)


def sub(a: Any, b: Any) -> Any:
    if type(a) is _D and type(b) is _D:
        return _num(a, "-", b)
    return _mixed(a, "-", b)


def mul(a: Any, b: Any) -> Any:
    if type(a) is _D and type(b) is _D:
        return _num(a, "*", b)
    return _mixed(a, "*", b)


def div(a: Any, b: Any) -> Any:
    if type(a) is _D and type(b) is _D:
        if not b:
            return null("division by zero")
        return _num(a, "/", b)
    return _mixed(a, "/", b)


def power(a: Any, b: Any) -> Any:
    if type(a) is _D and type(b) is _D:
        return _num(a, "**", b)
    if a is None or b is None:
        return None
    return null(f"cannot raise {type_name(a)} to the power {type_name(b)}")


_TEMPORAL_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "+": temporal.add, "-": temporal.subtract, "*": temporal.multiply, "/": temporal.divide,
}
_CANNOT = {"+": "cannot add {a} and {b}", "-": "cannot subtract {b} from {a}",
           "*": "cannot multiply {a} by {b}", "/": "cannot divide {a} by {b}"}


def _mixed(a: Any, op: str, b: Any) -> Any:
    """An operator on anything but two numbers: null propagates, strings concatenate,
    temporal values follow DMN 1.5 Table 57; anything else is null with a warning."""
    if a is None or b is None:
        return None
    if op == "+" and type(a) is str and type(b) is str:
        return a + b
    try:
        return _TEMPORAL_OPS[op](a, b)
    except FeelEvalError as e:
        return null(str(e) or _CANNOT[op].format(a=type_name(a), b=type_name(b)))


_DECIMAL_OPS: dict[str, Callable[[Decimal, Decimal], Decimal]] = {
    "+": CONTEXT.add, "-": CONTEXT.subtract, "*": CONTEXT.multiply, "/": CONTEXT.divide,
    "**": CONTEXT.power,
}


def _num(a: Decimal, op: str, b: Decimal) -> Decimal | None:
    if op == "**" and b == b.to_integral_value() and abs(b) > 999999999:
        return null("exponent too large")
    try:
        return _DECIMAL_OPS[op](a, b)
    except (decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow) as e:
        return null(f"arithmetic error: {a} {op} {b} ({type(e).__name__})")


def negate(a: Any) -> Any:
    if type(a) is _D:
        return -a
    if a is None:
        return None
    if isinstance(a, (temporal.DaysTimeDuration, temporal.YearsMonthsDuration)):
        return -a
    return null(f"cannot negate {type_name(a)}")


# --- comparison --------------------------------------------------------------------------

def eq(a: Any, b: Any) -> bool | None:
    r = equal(a, b)
    if r is None:
        warn(f"cannot compare {type_name(a)} with {type_name(b)} for equality")
    return r


def ne(a: Any, b: Any) -> bool | None:
    r = equal(a, b)
    if r is None:
        warn(f"cannot compare {type_name(a)} with {type_name(b)} for equality")
        return None
    return not r


def _order(a: Any, b: Any) -> int | None:
    if a is None or b is None:
        return None
    c = compare(a, b)
    if c is None:
        warn(f"cannot order {type_name(a)} and {type_name(b)}")
    return c


def lt(a: Any, b: Any) -> bool | None:
    if type(a) is _D and type(b) is _D:
        return a < b
    c = _order(a, b)
    return None if c is None else c < 0


def le(a: Any, b: Any) -> bool | None:
    if type(a) is _D and type(b) is _D:
        return a <= b
    c = _order(a, b)
    return None if c is None else c <= 0


def gt(a: Any, b: Any) -> bool | None:
    if type(a) is _D and type(b) is _D:
        return a > b
    c = _order(a, b)
    return None if c is None else c > 0


def ge(a: Any, b: Any) -> bool | None:
    if type(a) is _D and type(b) is _D:
        return a >= b
    c = _order(a, b)
    return None if c is None else c >= 0


def between(v: Any, low: Any, high: Any) -> bool | None:
    a = ge(v, low)
    if a is False:
        return False
    b = le(v, high)
    if b is False:
        return False
    if a is True and b is True:
        return True
    return None


# --- logic -------------------------------------------------------------------------------
# `and`/`or` are written out inline by the compiler (CodeGen._And/_Or).


def not3(a: Any) -> bool | None:
    if a is True:
        return False
    if a is False:
        return True
    return None


# --- unary tests -------------------------------------------------------------------------

def test_value(i: Any, v: Any) -> bool | None:
    """Does input ``i`` satisfy a positive unary test whose expression gave ``v``?

    DMN 1.5 §10.3.2.11: equal to a value, in a list, in a range; functions are applied.
    """
    tv = type(v)
    if tv is Range:
        return v.contains(i)
    if tv is list:
        if type(i) is list:
            r = equal(i, v)
            if r is True:
                return True
        # Membership: values of other types are simply not members (false, not null).
        for x in v:
            r = x.contains(i) if type(x) is Range else equal(i, x)
            if r is True:
                return True
        return False
    if isinstance(v, Function):
        try:
            r = v(i)
        except FeelEvalError as e:
            return null(str(e))
        return r if type(r) is bool else None
    return equal(i, v)


def any_of(results: list[Any]) -> bool | None:
    """A disjunction of unary test results: true if any is true, null if any is null."""
    out: bool | None = False
    for r in results:
        if r is True:
            return True
        if r is None:
            out = None
    return out


def make_range(start: Any, end: Any, start_inc: bool, end_inc: bool,
               bounded: tuple[bool, bool] = (True, True)) -> Range | None:
    """A range literal; ``bounded`` says which ends were written (``< 10`` has no start)."""
    if start is not None and end is not None and compare(start, end) is None:
        return null(f"a range cannot go from {type_name(start)} to {type_name(end)}")
    explicit_null = (bounded[0] and start is None) or (bounded[1] and end is None)
    return Range(start, end, start_inc, end_inc, explicit_null)


def range_test(op: str, v: Any) -> Range | None:
    """``< 5`` and friends as a range value (DMN 1.5 unary comparisons used as values)."""
    if op == "<":
        return Range(None, v, False, False)
    if op == "<=":
        return Range(None, v, False, True)
    if op == ">":
        return Range(v, None, False, False)
    if op == ">=":
        return Range(v, None, True, False)
    return None


# --- names, paths, filters, calls ---------------------------------------------------------

def unknown_name(name: str) -> None:
    return null(f"unknown name '{name}'")


def path(v: Any, name: str) -> Any:
    t = type(v)
    if t is dict:
        if name in v:
            return v[name]
        return null(f"no entry '{name}' in the context")
    if v is None:
        return None
    if t is list:
        return [path(x, name) for x in v]
    if t is Range:
        props = {"start": v.start, "end": v.end, "start included": v.start_included,
                 "end included": v.end_included}
        if name in props:
            return props[name]
        return null(f"a range has no property '{name}'")
    try:
        return temporal.get_property(v, name)
    except FeelEvalError as e:
        return null(str(e))


def item_lookup(item: Any, name: str, fallback: Callable[[], Any]) -> Any:
    """A name inside a filter: an entry of the current item if it is a context, else outer scope."""
    if type(item) is dict and name in item:
        return item[name]
    return fallback()


def filter_list(v: Any, cond: Callable[[Any], Any]) -> Any:
    """``v[cond]``: an index when the condition is a number, else the items it holds for."""
    if v is None:
        return None
    items = v if type(v) is list else [v]
    if not items:
        return []
    first = cond(items[0])
    if type(first) is _D:
        return index(items, first)
    out = []
    for k, x in enumerate(items):
        r = first if k == 0 else cond(x)
        if r is True:
            out.append(x)
        elif r is not False and r is not None:
            return null(f"a filter must be a boolean or a number, got {type_name(r)}")
    return out


def if_(cond: Any, then: Callable[[], Any], otherwise: Callable[[], Any]) -> Any:
    """``if``: the then-branch for true, the else-branch for false or null; null for a non-boolean."""
    if cond is True:
        return then()
    if cond is False or cond is None:
        return otherwise()
    return null(f"if: the condition gave a {type_name(cond)}, not a boolean")


def index(items: list[Any], k: Decimal) -> Any:
    if k != k.to_integral_value():
        return null(f"list index {k} is not an integer")
    n = len(items)
    # Compare as Decimal first: int(1E+6144) has more digits than Python will print.
    if not -n <= k <= n or not k:
        return null(f"list index {k} is out of range for a list of {n} items")
    i = int(k)
    return items[i - 1] if i > 0 else items[n + i]


def call(fn: Any, args: tuple[Any, ...]) -> Any:
    if not callable(fn):
        if fn is None:
            return null("call of a null function")
        return null(f"{type_name(fn)} is not a function")
    try:
        return fn(*args)
    except FeelEvalError as e:
        return null(str(e))
    except RecursionError:
        return null(f"function {getattr(fn, 'name', '')} recursed too deeply")
    except Exception as e:  # noqa: BLE001 - a bug in a function must not crash a decision
        return null(f"function {getattr(fn, 'name', '')} failed: {type(e).__name__}: {e}")


def call_named(fn: Any, kwargs: dict[str, Any]) -> Any:
    if not isinstance(fn, Function):
        if fn is None:
            return null("call of a null function")
        return null(f"{type_name(fn)} is not a function")
    try:
        return fn.call_named(kwargs)
    except FeelEvalError as e:
        return null(str(e))
    except RecursionError:
        return null(f"function {fn.name} recursed too deeply")
    except Exception as e:  # noqa: BLE001 - a bug in a function must not crash a decision
        return null(f"function {fn.name} failed: {type(e).__name__}: {e}")


def iterate(v: Any, name: str) -> list[Any] | None:
    if type(v) is list:
        return v
    if v is None:
        return null(f"cannot iterate over null for '{name}'")
    if type(v) is Range:
        return null(f"cannot iterate over a range for '{name}'; write start..end")
    return [v]


def int_range(a: Any, b: Any) -> list[Any] | None:
    """``a..b`` in a for loop: integers (or dates, by day) from a to b, down when b < a."""
    if type(a) is temporal.Date and type(b) is temporal.Date:
        return date_range(a, b)
    if type(a) is not _D or type(b) is not _D:
        return null("a for-loop range needs numbers or dates")
    if a != a.to_integral_value() or b != b.to_integral_value():
        return null("a for-loop range needs integers")
    ia, ib = int(a), int(b)
    if abs(ib - ia) + 1 > MAX_LOOP_ITEMS:
        return null(f"a for-loop range is too large (more than {MAX_LOOP_ITEMS:,} items)")
    step = 1 if ib >= ia else -1
    return [_D(k) for k in range(ia, ib + step, step)]


def date_range(a: Any, b: Any) -> list[Any] | None:
    days = temporal.subtract(b, a)
    n = int(days.nanos // 86_400_000_000_000)
    if abs(n) + 1 > MAX_LOOP_ITEMS:
        return null(f"a for-loop range is too large (more than {MAX_LOOP_ITEMS:,} items)")
    step = temporal.DaysTimeDuration.of(days=1 if n >= 0 else -1)
    out, d = [a], a
    for _ in range(abs(n)):
        d = temporal.add(d, step)
        out.append(d)
    return out


def quantify(kind: str, results: Any) -> bool | None:
    """some/every over the condition results, three-valued."""
    if kind == "some":
        out: bool | None = False
        for r in results:
            if r is True:
                return True
            if r is not False:
                out = None
        return out
    out = True
    for r in results:
        if r is False:
            return False
        if r is not True:
            out = None
    return out
