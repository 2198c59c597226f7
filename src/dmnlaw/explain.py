"""Why a conclusion is open: the missing facts behind an undetermined decision.

A decision is undetermined (null, ``"undetermined"``, or a context with such a member)
because the rule that decided it tested something unknown. Starting from each undetermined
conclusion, :func:`missing_facts` follows what the deciding rules tested and found unknown —
for a decision table, the columns its selected rule does not leave as ``-`` (all columns when
no rule was selected); for a context, the entry that is undetermined — through the decisions
and context members those columns read, down to the input data that are null. Facts a
conclusion never needed (an element that definitely failed decided it) are not listed.

Where a decision's logic is not a table (a literal expression), every unknown requirement
counts: the explanation is then conservative.
"""
from __future__ import annotations

from typing import Any, Protocol
from weakref import WeakKeyDictionary

from .dmn.compile import CompiledDecision, CompiledModel
from .dmn.tables import Hit, Table

UNDETERMINED = "undetermined"


def is_undetermined(v: Any) -> bool:
    """Null, "undetermined", or a context with such a member."""
    if v is None or v == UNDETERMINED:
        return True
    if type(v) is dict:
        return any(is_undetermined(x) for x in v.values())
    return False


class HitsByKey(Protocol):
    def get(self, key: str, default: Any = None, /) -> Any: ...


def missing_facts(model: CompiledModel, values: dict[str, Any], hits: HitsByKey,
                  conclusions: list[str]) -> list[str]:
    """Names of the null input data that leave the undetermined ``conclusions`` (node keys)
    open, in the model's order of input data.

    ``values`` are the node values of the evaluation, ``hits`` the table hits recorded while
    each decision ran (by decision key: a dict, or anything whose ``get`` reads like one —
    only the decisions followed are asked for).
    """
    found: set[str] = set()
    seen: set[tuple[str, str | None]] = set()
    # A work list, not recursion: a chain of thousands of requirements is followed as
    # easily as a short one.
    todo: list[tuple[str, str | None]] = []

    def blame(key: str, member: str | None = None) -> None:
        if (key, member) not in seen:
            seen.add((key, member))
            todo.append((key, member))

    for key in conclusions:
        if is_undetermined(values.get(key)):
            blame(key)
    while todo:
        key, member = todo.pop()
        if key in model.inputs:
            if values.get(key) is None:
                found.add(key)
            continue
        dec = model.decisions.get(key)
        if dec is None:
            continue
        value = values.get(key)
        if member is None and type(value) is dict and dec.table is None:
            for m, v in value.items():
                if is_undetermined(v):
                    blame(key, m)
            continue
        deciding = _deciding_hits(dec, hits.get(key, []), member)
        if not deciding:
            for req in _requirements(dec):
                if is_undetermined(values.get(req)):
                    blame(req)
            continue
        for hit in deciding:
            for j in _tested_columns(hit):
                if j >= len(hit.inputs) or not is_undetermined(hit.inputs[j]):
                    continue
                for path in hit.table.column_names[j] if j < len(hit.table.column_names) else []:
                    _follow(dec, path, values, blame)
    if not found:
        return []
    order = _input_order(model)
    return [order[k][1] for k in sorted(found, key=lambda k: order[k][0])]


_INPUT_ORDER: "WeakKeyDictionary[CompiledModel, dict[str, tuple[int, str]]]" = WeakKeyDictionary()


def _input_order(model: CompiledModel) -> dict[str, tuple[int, str]]:
    """Per input data key, its place among the model's input data and its name."""
    order = _INPUT_ORDER.get(model)
    if order is None:
        order = _INPUT_ORDER[model] = {k: (i, node.name) for i, (k, (node, _)) in
                                       enumerate(model.inputs.items())}
    return order


def _requirements(dec: CompiledDecision) -> list[str]:
    return [k for k, _ in dec.plain] + [k for reqs in dec.prefixed.values() for k, _ in reqs]


def _deciding_hits(dec: CompiledDecision, hits: list[Hit], member: str | None) -> list[Hit]:
    """The table hits that decided ``dec`` (or its context entry ``member``)."""
    if member is not None:
        own = [h for h in hits if h.table.name == f"{dec.name}.{member}"]
        if own:
            return own[-1:]
    if dec.table is not None:
        return [h for h in hits if h.table is dec.table][-1:]
    return []


_TESTED: "WeakKeyDictionary[Table, dict[tuple[int, ...], list[int]]]" = WeakKeyDictionary()


def _tested_columns(hit: Hit) -> list[int]:
    """The columns the selected rules test (not ``-``); all of them when none was selected.
    Fixed per table and selection, so kept."""
    known = _TESTED.get(hit.table)
    if known is None:
        known = _TESTED[hit.table] = {}
    selected = tuple(hit.selected)
    cols = known.get(selected)
    if cols is None:
        cols = _columns_tested(hit.table, selected)
        if len(known) < 4096:
            known[selected] = cols
    return cols


def _columns_tested(table: Table, selected: tuple[int, ...]) -> list[int]:
    if not selected:
        return list(range(len(table.model.inputs)))
    cols: set[int] = set()
    for k in selected:
        for j, cell in enumerate(table.model.rules[k - 1].input_entries):
            if cell.text.strip() not in ("", "-"):
                cols.add(j)
    return sorted(cols)


def _follow(dec: CompiledDecision, path: list[str], values: dict[str, Any], blame: Any) -> None:
    """Blame what a column's name path reads: a requirement (and member), or an entry of
    the decision's own context."""
    head = path[0]
    for key, name in dec.plain:
        if name == head:
            _blame_member(key, path[1:], values, blame)
            return
    for prefix, reqs in dec.prefixed.items():
        if prefix == head and len(path) > 1:
            for key, name in reqs:
                if name == path[1]:
                    _blame_member(key, path[2:], values, blame)
                    return
    # Not a requirement: an entry of the decision's own boxed context.
    own = values.get(dec.node.key)
    if type(own) is dict and head in own and is_undetermined(own[head]):
        blame(dec.node.key, head)


def _blame_member(key: str, rest: list[str], values: dict[str, Any], blame: Any) -> None:
    value = values.get(key)
    if rest and type(value) is dict and rest[0] in value:
        if is_undetermined(value[rest[0]]):
            blame(key, rest[0])
        return
    if is_undetermined(value):
        blame(key)
