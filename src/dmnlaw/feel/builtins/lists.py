"""List built-ins (DMN 1.5 §10.3.4.4, Table 75), and the helpers for positions and FEEL callbacks.

Lists are never mutated: every function builds a new one. Item equality is FEEL ``=``
(:func:`~dmnlaw.feel.values.equal`), ordering is FEEL ``<``
(:func:`~dmnlaw.feel.values.compare`), so temporal items work as well as numbers and strings.
Aggregates (min, max, sum, mean, all, any, product, median, stddev, mode) have a list form
and a variadic form: ``sum([1, 2])`` and ``sum(1, 2)``.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable, Iterable

from ..values import (
    CONTEXT,
    FeelEvalError,
    Function,
    InvalidArgument,
    compare,
    equal,
    to_feel_text,
    type_name,
)
from . import BuiltinFunction, builtin
from .numbers import decimal_builtin, to_int

# ---------------------------------------------------------------------------------------------
# Shared helpers


def position(fname: str, pos: Decimal, length: int) -> int:
    """The 0-based index for a FEEL position (1 is the first item, -1 the last).

    Raises InvalidArgument unless the position is non-zero and within [-length..length]
    (DMN 1.5 Table 75 footnote 1, Table 74 footnote 1).
    """
    p = to_int(pos)
    if p == 0 or not -length <= p <= length:
        raise InvalidArgument(f"{fname}(): position {p} is outside [-{length}..{length}] or zero")
    return p - 1 if p > 0 else length + p


def span(fname: str, pos: Decimal, length: Decimal | None, size: int) -> tuple[int, int]:
    """The slice ``[begin, end)`` that ``(start position, length?)`` selects from ``size`` items.

    Raises InvalidArgument for a bad start position, or a length outside [1..E] where E is
    the number of items from the start position to the end (DMN 1.5 footnote 2).
    """
    begin = position(fname, pos, size)
    if length is None:
        return begin, size
    n = to_int(length)
    available = size - begin
    if not 1 <= n <= available:
        raise InvalidArgument(f"{fname}(): length {n} is outside [1..{available}]")
    return begin, begin + n


def accepts(fn: Function, count: int) -> bool:
    """Whether a function value can be invoked positionally with ``count`` arguments."""
    if isinstance(fn, BuiltinFunction):
        return any(ov.min_args <= count <= ov.max_args for ov in fn.overloads)
    return len(fn.params) == count


def call_function(fname: str, fn: Function, args: list[Any]) -> Any:
    """Invoke a FEEL function value for a built-in that takes one as an argument.

    Positional invocation must supply every parameter (DMN 1.5 §10.3.2.13), so a function of
    another arity is refused. An error inside the function, or runaway recursion, becomes an
    InvalidArgument naming the calling built-in.
    """
    if not accepts(fn, len(args)):
        raise InvalidArgument(
            f"{fname}(): the function {fn.name} does not take {len(args)} arguments")
    try:
        return fn(*args)
    except FeelEvalError as exc:
        raise InvalidArgument(f"{fname}(): the function {fn.name} failed: {exc}") from None
    except RecursionError:
        raise InvalidArgument(
            f"{fname}(): the function {fn.name} recursed too deeply") from None


def _singleton(value: Any) -> Any:
    """The item of a singleton list, else the value (implicit conversion for untyped slots)."""
    return value[0] if type(value) is list and len(value) == 1 else value


def distinct(items: Iterable[Any]) -> list[Any]:
    """``items`` without repeats under FEEL ``=``, keeping first occurrences in order."""
    out: list[Any] = []
    seen: set[tuple[type, Any]] = set()  # numbers, strings, booleans, null: hashed
    others: list[Any] = []  # lists, contexts, temporals...: compared one by one
    for x in items:
        t = type(x)
        if x is None or t is Decimal or t is str or t is bool:
            # The type is part of the key: Python says True == 1, FEEL does not.
            key = (t, x)
            if key in seen:
                continue
            seen.add(key)
        else:
            if any(equal(x, y) is True for y in others):
                continue
            others.append(x)
        out.append(x)
    return out


def _numbers(fname: str, items: list[Any]) -> list[Decimal]:
    for x in items:
        if type(x) is not Decimal:
            raise InvalidArgument(f"{fname}(): expects numbers, got {type_name(x)}")
    return items


def _register_aggregate(name: str, variadic: str, fn: Callable[[list[Any]], Any],
                        arithmetic: bool = False) -> None:
    """Register ``name(list)`` and ``name(item, ...)`` over the same list function."""
    register = decimal_builtin if arithmetic else builtin
    register(name, "list:list")(fn)

    def spread(*items: Any) -> Any:
        if not items:
            raise InvalidArgument(f"{name}(): needs a list or at least one argument")
        return fn(list(items))

    register(name, f"*{variadic}")(spread)


# ---------------------------------------------------------------------------------------------
# Membership and size


@builtin("list contains", "list:list", "element")
def list_contains(lst: list[Any], element: Any) -> bool:
    """Whether some item equals ``element`` (which may be null)."""
    return any(equal(x, element) is True for x in lst)


@builtin("count", "list:list")
def count(lst: list[Any]) -> Decimal:
    """The number of items (nested lists count as one)."""
    return Decimal(len(lst))


@builtin("index of", "list:list", "match")
def index_of(lst: list[Any], match: Any) -> list[Decimal]:
    """The ascending 1-based positions of the items equal to ``match``."""
    return [Decimal(i) for i, x in enumerate(lst, 1) if equal(x, match) is True]


# ---------------------------------------------------------------------------------------------
# Aggregates


def _extreme(fname: str, sign: int) -> Callable[[list[Any]], Any]:
    def pick(items: list[Any]) -> Any:
        if not items:
            return None
        best = items[0]
        for x in items[1:]:
            c = compare(x, best)
            if c is None:
                raise InvalidArgument(
                    f"{fname}(): cannot compare {to_feel_text(best)} with {to_feel_text(x)}")
            if c == sign:
                best = x
        if len(items) == 1 and compare(best, best) is None:
            raise InvalidArgument(f"{fname}(): {to_feel_text(best)} cannot be ordered")
        return best

    pick.__doc__ = (f"The {'smallest' if sign < 0 else 'largest'} item, null for an empty "
                    "list; InvalidArgument when two items are not comparable.")
    return pick


_register_aggregate("min", "c", _extreme("min", -1))
_register_aggregate("max", "c", _extreme("max", 1))


def _sum(items: list[Any]) -> Decimal | None:
    """The sum of numbers (``n1 + n2 + ...`` in FEEL arithmetic); null for an empty list."""
    if not items:
        return None
    total = Decimal(0)
    for x in _numbers("sum", items):
        total += x
    return total


_register_aggregate("sum", "n", _sum, arithmetic=True)


def _mean(items: list[Any]) -> Decimal | None:
    """The arithmetic mean of numbers; null for an empty list."""
    if not items:
        return None
    total = Decimal(0)
    for x in _numbers("mean", items):
        total += x
    return total / len(items)


_register_aggregate("mean", "n", _mean, arithmetic=True)


def _product(items: list[Any]) -> Decimal | None:
    """The product of numbers; null for an empty list."""
    if not items:
        return None
    result = Decimal(1)
    for x in _numbers("product", items):
        result *= x
    return result


_register_aggregate("product", "n", _product, arithmetic=True)


def _median(items: list[Any]) -> Decimal | None:
    """The middle number after sorting (mean of the two middle ones); null for an empty list."""
    if not items:
        return None
    ordered = sorted(_numbers("median", items))
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return (ordered[mid - 1] + ordered[mid]) / 2


_register_aggregate("median", "n", _median, arithmetic=True)


def _stddev(items: list[Any]) -> Decimal | None:
    """The sample standard deviation; null for fewer than two numbers.

    The variance is computed exactly and its square root with guard digits, so the
    result is right to the 34th digit (DMN 1.5's example gives 34 digits).
    """
    numbers = _numbers("stddev", items)
    if len(numbers) < 2:
        return None
    values = [Fraction(x) for x in numbers]
    mean = sum(values, Fraction(0)) / len(values)
    variance = sum(((x - mean) * (x - mean) for x in values), Fraction(0)) / (len(values) - 1)
    wide = CONTEXT.copy()
    wide.prec = CONTEXT.prec + 10
    root = wide.sqrt(wide.divide(Decimal(variance.numerator), Decimal(variance.denominator)))
    return CONTEXT.plus(root)


_register_aggregate("stddev", "n", _stddev, arithmetic=True)


def _mode(items: list[Any]) -> list[Decimal]:
    """The most frequent numbers, ascending; an empty list for an empty list."""
    counts: dict[Decimal, int] = {}
    first: dict[Decimal, Decimal] = {}  # equal numbers (2.5, 2.50) report the first spelling
    for x in _numbers("mode", items):
        counts[x] = counts.get(x, 0) + 1
        first.setdefault(x, x)
    if not counts:
        return []
    top = max(counts.values())
    return sorted(first[x] for x, c in counts.items() if c == top)


_register_aggregate("mode", "n", _mode, arithmetic=True)


def _booleans(fname: str, items: list[Any]) -> None:
    for x in items:
        if x is not None and type(x) is not bool:
            raise InvalidArgument(f"{fname}(): expects booleans, got {type_name(x)}")


def _all(items: list[Any]) -> bool | None:
    """False if any item is false, else true if all are true (or none), else null."""
    _booleans("all", items)
    if any(x is False for x in items):
        return False
    return True if all(x is True for x in items) else None


_register_aggregate("all", "b", _all)


def _any(items: list[Any]) -> bool | None:
    """True if any item is true, else false if all are false (or none), else null."""
    _booleans("any", items)
    if any(x is True for x in items):
        return True
    return False if all(x is False for x in items) else None


_register_aggregate("any", "b", _any)


# ---------------------------------------------------------------------------------------------
# Building new lists


@builtin("sublist", "list:list", "start position:number", "length:number=")
def sublist(lst: list[Any], start: Decimal, length: Decimal | None = None) -> list[Any]:
    """``length`` items (or all the rest) from ``start position``; InvalidArgument out of range."""
    begin, end = span("sublist", start, length, len(lst))
    return lst[begin:end]


@builtin("append", "list:list", "*item")
def append(lst: list[Any], *items: Any) -> list[Any]:
    """The list with ``items`` (null included) added at the end."""
    return lst + list(items)


@builtin("concatenate", "*list:list")
def concatenate(*lists: list[Any]) -> list[Any]:
    """The lists joined in order."""
    return [x for lst in lists for x in lst]


@builtin("insert before", "list:list", "position:number", "newItem")
def insert_before(lst: list[Any], pos: Decimal, new_item: Any) -> list[Any]:
    """The list with ``newItem`` inserted before ``position``; InvalidArgument out of range."""
    i = position("insert before", pos, len(lst))
    return lst[:i] + [new_item] + lst[i:]


@builtin("remove", "list:list", "position:number")
def remove(lst: list[Any], pos: Decimal) -> list[Any]:
    """The list without the item at ``position``; InvalidArgument out of range."""
    i = position("remove", pos, len(lst))
    return lst[:i] + lst[i + 1:]


@builtin("reverse", "list:list")
def reverse(lst: list[Any]) -> list[Any]:
    """The items in reverse order."""
    return lst[::-1]


@builtin("union", "*list:list")
def union(*lists: list[Any]) -> list[Any]:
    """The lists joined, each distinct item kept once (first occurrence)."""
    return distinct(x for lst in lists for x in lst)


@builtin("distinct values", "list:list")
def distinct_values(lst: list[Any]) -> list[Any]:
    """The items with duplicates (under FEEL ``=``) removed."""
    return distinct(lst)


@builtin("flatten", "list:list")
def flatten(lst: list[Any]) -> list[Any]:
    """The non-list items of arbitrarily nested lists, in order.

    Iterative, so deep nesting cannot exhaust the Python stack.
    """
    out: list[Any] = []
    stack = [iter(lst)]
    while stack:
        for x in stack[-1]:
            if type(x) is list:
                stack.append(iter(x))
                break
            out.append(x)
        else:
            stack.pop()
    return out


def _replace_at(lst: list[Any], pos: Decimal, new_item: Any) -> list[Any]:
    i = position("list replace", pos, len(lst))
    return lst[:i] + [new_item] + lst[i + 1:]


def _replace_matching(lst: list[Any], match: Function, new_item: Any) -> list[Any]:
    out = []
    for x in lst:
        hit = call_function("list replace", match, [x, new_item])
        if type(hit) is not bool:
            raise InvalidArgument(
                f"list replace(): the match function returned {to_feel_text(hit)}, "
                "not a boolean")
        out.append(new_item if hit else x)
    return out


# Registered first, so positional calls reach it: the second argument decides between the
# two signatures of DMN 1.5 Table 75. Named calls with `match:` reach the overload below.
@builtin("list replace", "list:list", "position", "newItem")
def list_replace(lst: list[Any], where: Any, new_item: Any) -> list[Any] | None:
    """The list with ``newItem`` at a position, or wherever ``match(item, newItem)`` is true.

    Returns None for a null position; raises InvalidArgument for a bad position, a function
    of the wrong arity, or a match function that does not return a boolean.
    """
    where = _singleton(where)
    if where is None:
        return None
    if type(where) is Decimal:
        return _replace_at(lst, where, new_item)
    if isinstance(where, Function):
        return _replace_matching(lst, where, new_item)
    raise InvalidArgument(
        f"list replace(): expects a position or a match function, got {type_name(where)}")


@builtin("list replace", "list:list", "match:function", "newItem")
def list_replace_matching(lst: list[Any], match: Function, new_item: Any) -> list[Any]:
    """``list replace(list, match, newItem)`` invoked with named parameters."""
    return _replace_matching(lst, match, new_item)
