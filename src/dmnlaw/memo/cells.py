"""A decision table's input cell (FEEL unary tests) read in words, as paper's appendix B
prints a table's deciding rule: codes by their display names, booleans and nulls in words,
numbers grouped, dates in the long form, comparisons with their signs (≥ 2015年11月1日),
ranges from one end to the other, ``not(…)`` as "anything but …". An item of another form
(a function call, a name, arithmetic) is left as written: a lawyer reads it as FEEL there,
as the HTML memo shows every cell.
"""
from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal
from typing import Any, Callable

from ..errors import DmnlawError
from ..feel import nodes as n
from ..feel.parser import parse_unary_tests
from .i18n import Words

_SIGNS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": "=", "!=": "≠"}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def in_words(cell: str, value_words: Callable[[Any], str], w: Words) -> str:
    """``cell`` in words. ``value_words`` gives a string code, a boolean or null as the
    column's values read (网络接入, 是, 未提供); ``w`` the language's numbers, dates and joins."""
    items = [_item(item, value_words, w) for item in top_level_items(cell)]
    return w.gettext(", ").join(items) if items else cell


def top_level_items(cell: str) -> list[str]:
    """A cell's comma-separated items, commas inside strings and brackets left alone."""
    items, depth, quoted, start = [], 0, False, 0
    i = 0
    while i < len(cell):
        ch = cell[i]
        if quoted:
            if ch == "\\":
                i += 1
            elif ch == '"':
                quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            items.append(cell[start:i].strip())
            start = i + 1
        i += 1
    items.append(cell[start:].strip())
    return [x for x in items if x]


def _item(item: str, value_words: Callable[[Any], str], w: Words) -> str:
    try:
        tests = parse_unary_tests(item)
    except (DmnlawError, ValueError, RecursionError):
        return item
    if tests.any:
        return item
    said = [_test(t, value_words, w) for t in tests.tests]
    if not said or any(s is None for s in said):
        return item
    text = w.gettext(", ").join(s for s in said if s is not None)
    return w.gettext("anything but %(values)s") % {"values": text} if tests.negated else text


def _test(t: n.Node, value_words: Callable[[Any], str], w: Words) -> str | None:
    if isinstance(t, n.UnaryCompare):
        said = _literal(t.value, value_words, w)
        return f"{_SIGNS[t.op]} {said}" if said is not None and t.op in _SIGNS else None
    if isinstance(t, n.UnaryExpr) and not t.uses_input:
        if isinstance(t.value, n.RangeExpr):
            return _range(t.value, value_words, w)
        return _literal(t.value, value_words, w)
    return None


def _range(r: n.RangeExpr, value_words: Callable[[Any], str], w: Words) -> str | None:
    start = _literal(r.start, value_words, w) if r.start is not None else None
    end = _literal(r.end, value_words, w) if r.end is not None else None
    if (r.start is not None and start is None) or (r.end is not None and end is None):
        return None
    if start is not None and end is not None and r.start_included and r.end_included:
        return w.gettext("%(start)s to %(end)s") % {"start": start, "end": end}
    sides = []
    if start is not None:
        sides.append(f"{'≥' if r.start_included else '>'} {start}")
    if end is not None:
        sides.append(f"{'≤' if r.end_included else '<'} {end}")
    return w.gettext(" and ").join(sides) or None


def _literal(node: n.Node, value_words: Callable[[Any], str], w: Words) -> str | None:
    if isinstance(node, n.Literal):
        v = node.value
        if isinstance(v, bool) or v is None or isinstance(v, str):
            return value_words(v)
        if isinstance(v, (Decimal, int)):
            return w.number(v)
        return None
    if isinstance(node, n.Negate) and isinstance(node.operand, n.Literal) \
            and isinstance(node.operand.value, (Decimal, int)) and not isinstance(node.operand.value, bool):
        return w.number(-node.operand.value)
    if isinstance(node, n.Call) and isinstance(node.function, n.Name) and node.function.name == "date" \
            and len(node.args) == 1 and not node.named and isinstance(node.args[0], n.Literal) \
            and isinstance(node.args[0].value, str):
        return _date(node.args[0].value, w)
    if isinstance(node, n.AtLiteral):
        return _date(node.text, w)
    return None


def _date(text: str, w: Words) -> str | None:
    m = _ISO_DATE.fullmatch(text)
    if not m:
        return None
    try:
        return w.date(_dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    except ValueError:   # no such day: leave the cell as written
        return None
