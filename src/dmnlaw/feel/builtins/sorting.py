"""``sort(list, precedes)`` (DMN 1.5 §10.3.4.9, Table 80)."""
from __future__ import annotations

from typing import Any

from ..values import Function, InvalidArgument, to_feel_text
from . import builtin
from .lists import accepts, call_function


class _Key:
    """Wraps an item so that Python's sort asks the FEEL ``precedes`` function for ``<``.

    ``list.sort`` only ever uses ``<``, so each comparison is one call of ``precedes``,
    and the sort is stable: items that do not precede each other keep their order.
    """

    __slots__ = ("item", "precedes")

    def __init__(self, item: Any, precedes: Function) -> None:
        self.item = item
        self.precedes = precedes

    def __lt__(self, other: _Key) -> bool:
        result = call_function("sort", self.precedes, [self.item, other.item])
        if type(result) is not bool:
            raise InvalidArgument(
                f"sort(): precedes({to_feel_text(self.item)}, {to_feel_text(other.item)}) "
                f"returned {to_feel_text(result)}, not a boolean")
        return result


@builtin("sort", "list:list", "precedes:function")
def sort(lst: list[Any], precedes: Function) -> list[Any]:
    """A new list of the items ordered by ``precedes(x, y)`` (true when x comes before y).

    Raises InvalidArgument when ``precedes`` does not take two arguments, fails, or returns
    anything but a boolean (a null, for instance, when items are not comparable).
    """
    if not accepts(precedes, 2):
        raise InvalidArgument(f"sort(): the function {precedes.name} does not take 2 arguments")
    keys = [_Key(x, precedes) for x in lst]
    keys.sort()
    return [k.item for k in keys]
