"""``not(negand)`` (DMN 1.5 §10.3.4.2) and ``is(value1, value2)`` (Table 77, §10.3.2.2)."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from .. import temporal
from ..values import Function, InvalidArgument, Range, type_name
from . import builtin


@builtin("not", "negand:boolean")
def not_(negand: bool) -> bool:
    """The logical negation (null for null, via the registry)."""
    return not negand


def same(a: Any, b: Any) -> bool:
    """Whether ``a`` and ``b`` are the same element of the FEEL semantic domain."""
    if a is None or b is None:
        return a is None and b is None
    kind = type_name(a)
    if kind != type_name(b):
        return False
    t = type(a)
    if t is Decimal or t is str or t is bool:
        return a == b
    if t is list:
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if t is dict:
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if t is Range:
        return (a.start_included == b.start_included and a.end_included == b.end_included
                and a.op == b.op and a.null_endpoint == b.null_endpoint
                and same(a.start, b.start) and same(a.end, b.end))
    if isinstance(a, Function):
        return a is b
    # Temporal values: equal times in different offsets or zones are different elements
    # (12:00-01:00 is not 13:00Z; 23:00:50@Etc/GMT is not 23:00:50Z), PT24H is P1D.
    return temporal.identical(a, b)


@builtin("is", "value1", "value2")
def is_(value1: Any, value2: Any) -> bool:
    """True when both values are the same element of the semantic domain, else false.

    Unlike ``=``, values of different types give false (never null), and equal times in
    different zones or offsets are different elements.
    """
    try:
        return same(value1, value2)
    except RecursionError:
        raise InvalidArgument("is(): values nested too deeply to compare") from None
