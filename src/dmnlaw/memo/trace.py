"""Every decision table a decision ran, nested ones included, and what each column read.

The legal model also decides inside boxed contexts — ``subject_qualification`` is a context
whose members (``provider_category``, ``provider_role``, ``qualified``…) each come from their
own table — and a memo must show the rule behind every member. The engine's trace records,
per decision, every table it ran (``TraceEntry.hits``); this module reads them and says
which context member each table computes.

It also says which requirement each input column reads (``subject.subject_qualification
.qualified`` → the decision ``subject_qualification``, member ``qualified``), so the memo
can follow a conclusion back, member by member, along the path that decided it.
"""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field
from typing import Any

from .. import model as m
from ..evaluate import Result

# A FEEL (dotted) name in an input expression; the legal model's names are snake_case.
_NAME = re.compile(r"[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*")
# Hit policies under which a rule is reached only when every rule above it failed.
ORDERED = frozenset({"FIRST", "PRIORITY", "RULE ORDER", "OUTPUT ORDER"})

Ref = tuple[str, str | None]  # (graph key of a requirement, member of its context or None)


# (id of a table, selected rules, own) → (the table, its deciding columns); the table is kept
# beside its id so that an id reused by another table after the first is gone never matches.
_tested_cache: dict[tuple[int, tuple[int, ...], bool], tuple[Any, list[int]]] = {}


@dataclass
class TableRun:
    """One evaluated decision table: which rules matched and were selected, and the inputs.

    ``member`` is the context entry the table computes (None for a decision's own table).
    """

    dt: m.DecisionTable
    name: str
    member: str | None
    column_values: list[Any]
    matched: list[int]
    selected: list[int]
    reads: list[list[Ref]] = field(default_factory=list)     # per input column
    siblings: list[list[str]] = field(default_factory=list)  # per column: members of the same context
    _columns: dict[bool, list[int]] = field(default_factory=dict, repr=False)

    @property
    def table_id(self) -> str:
        return self.dt.id or self.name

    def columns(self, own: bool) -> list[int]:
        """Input columns (0-based) that decided: those the selected rules test (``own``),
        and under ordered hit policies also those the rules above them failed on. With no
        rule selected every column was read. (Worked out once per table and selection.)"""
        found = self._columns.get(own)
        if found is None:
            key = (id(self.dt), tuple(self.selected), own)
            found = _tested_cache.get(key)
            if found is None or found[0] is not self.dt:
                found = _tested_cache[key] = (self.dt, self._tested(own))
                if len(_tested_cache) > 4096:
                    _tested_cache.clear()
            found = self._columns[own] = found[1]
        return found

    def _tested(self, own: bool) -> list[int]:
        n = len(self.dt.inputs)
        if not self.selected:
            return list(range(n))
        numbers = set(self.selected)
        if not own and self.dt.hit_policy in ORDERED:
            numbers = set(range(1, max(self.selected) + 1))
        cols: set[int] = set()
        for k in numbers:
            for j, cell in enumerate(self.dt.rules[k - 1].input_entries):
                if cell.text.strip() not in ("", "-"):
                    cols.add(j)
        return sorted(cols)


@dataclass
class _Shape:
    """What the memo needs to know about one decision's tables, computed once per model."""

    members: dict[int, str]                  # id(DecisionTable) → context entry name
    order: list[str]                         # context entry names in order
    labels: dict[str, str]                   # context entry name → its label in the model
    by_name: dict[tuple[str | None, str], str]
    # id(DecisionTable) → per input column, what it reads (requirements, sibling members)
    columns: dict[int, tuple[list[list[Ref]], list[list[str]]]] = field(default_factory=dict)

    def reads(self, dt: m.DecisionTable) -> tuple[list[list[Ref]], list[list[str]]]:
        found = self.columns.get(id(dt))
        if found is None:
            pairs = [_reads(c.expression.text, self) for c in dt.inputs]
            found = self.columns[id(dt)] = ([p[0] for p in pairs], [p[1] for p in pairs])
        return found


_shapes: "weakref.WeakKeyDictionary[Any, dict[str, _Shape]]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _shape(model: Any, key: str) -> _Shape:
    with _lock:
        per_model = _shapes.setdefault(model, {})
        found = per_model.get(key)
    if found is not None:
        return found
    dec = model.compiled.decisions[key]
    members: dict[int, str] = {}
    order: list[str] = []
    labels: dict[str, str] = {}

    def walk(expr: Any, path: str | None) -> None:
        if isinstance(expr, m.DecisionTable) and path is not None:
            members[id(expr)] = path
        elif isinstance(expr, m.Context):
            for entry in expr.entries:
                if entry.variable is not None:
                    name = entry.variable.name if path is None else f"{path}.{entry.variable.name}"
                    if path is None:
                        order.append(name)
                        if entry.variable.label:
                            labels[name] = entry.variable.label
                    walk(entry.expression, name)

    walk(dec.node.element.expression, None)
    by_name = {(prefix, name): k for k, name, prefix in dec.node.requires}
    shape = _Shape(members, order, labels, by_name)
    with _lock:
        per_model[key] = shape
    return shape


def member_labels(model: Any, key: str) -> dict[str, str]:
    """The labels the model gives the members of the context decision ``key`` (by name)."""
    return _shape(model, key).labels


def _reads(expr: str, shape: _Shape) -> tuple[list[Ref], list[str]]:
    """The requirements (and sibling context members) an input expression names."""
    refs: list[Ref] = []
    siblings: list[str] = []
    for token in _NAME.findall(expr):
        parts = token.split(".")
        if len(parts) >= 2 and (parts[0], parts[1]) in shape.by_name:
            refs.append((shape.by_name[(parts[0], parts[1])], parts[2] if len(parts) > 2 else None))
        elif (None, parts[0]) in shape.by_name:
            refs.append((shape.by_name[(None, parts[0])], parts[1] if len(parts) > 1 else None))
        elif parts[0] in shape.order:
            siblings.append(parts[0])
    return refs, siblings


def table_runs(model: Any, result: Result) -> dict[str, list[TableRun]]:
    """For each decision (graph key) in ``result``'s trace, the tables it ran, in order.

    Read from the trace: each entry records every table its decision ran (its own, and
    those of its context members). A decision with a top-level table shows that table
    alone (the tables its own cells may invoke are not its parts).
    """
    compiled = model.compiled
    out: dict[str, list[TableRun]] = {}
    for entry in result.trace:
        dec = compiled.decisions.get(entry.key)
        if dec is None:
            continue
        shape = _shape(model, entry.key)
        own = dec.table
        runs = [TableRun(h.table.model, h.table.name,
                         None if own is not None else shape.members.get(id(h.table.model)),
                         list(h.inputs), list(h.matched), list(h.selected))
                for h in entry.hits if own is None or h.table is own]
        for run in runs:
            run.reads, run.siblings = shape.reads(run.dt)
        out[entry.key] = runs
    return out


def deciding_path(model: Any, runs: dict[str, list[TableRun]], starts: list[str]) -> set[str]:
    """Graph keys of the elements that decided the conclusions ``starts`` (keys): back from
    each conclusion through the columns its deciding rules tested — and, under FIRST and the
    other ordered hit policies, the columns the rules above them failed on, since the outcome
    rests on those failures too — member by member through contexts."""
    seen: set[Ref] = set()
    keys: set[str] = set()
    stack: list[Ref] = [(k, None) for k in starts if k in runs]
    while stack:
        ref = stack.pop()
        if ref in seen:
            continue
        seen.add(ref)
        key, member = ref
        keys.add(key)
        if key not in runs:
            continue  # input data
        todo = [r for r in runs[key] if member is None or r.member is None
                or r.member == member or r.member.startswith(member + ".")]
        done: set[int] = set()
        while todo:
            run = todo.pop()
            if id(run) in done:
                continue
            done.add(id(run))
            for j in run.columns(own=False):
                stack.extend(x for x in run.reads[j] if x not in seen)
                for sib in run.siblings[j]:
                    todo.extend(r for r in runs[key] if r.member == sib)
    return keys
