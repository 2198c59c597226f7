"""Run a compiled model over facts: values in graph order, the trace, the missing facts.

Only the decisions asked for and what they need are evaluated, dependencies first. Each
decision runs with its own warning sink and, when tracing, its own record of decision-table
hits, so the trace says for every decision what it read, which rules matched, which the
hit policy selected, what came out and what went wrong.
"""
from __future__ import annotations

import decimal
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Iterator

from .dmn import tables
from .dmn.compile import CompiledDecision, CompiledModel
from .dmn.types import coerce
from .feel import runtime
from .feel.values import CONTEXT

@dataclass
class TraceEntry:
    """What one decision did; ``matched``/``selected`` are 1-based rule numbers."""

    decision: str
    label: str
    inputs: dict[str, Any]
    output: Any
    matched: list[int] = field(default_factory=list)
    selected: list[int] = field(default_factory=list)
    rule_ids: list[str] = field(default_factory=list)
    annotations: list[dict[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    table: str | None = None
    key: str = ""
    column_values: list[Any] = field(default_factory=list)
    # Every table evaluated for this decision (its own, those in its context entries).
    hits: list[tables.Hit] = field(default_factory=list, repr=False)

    def as_dict(self) -> dict[str, Any]:
        return {"decision": self.decision, "label": self.label, "inputs": self.inputs,
                "matched": self.matched, "selected": self.selected, "rule_ids": self.rule_ids,
                "output": self.output, "annotations": self.annotations,
                "warnings": self.warnings,
                "tables": [{"table": h.table.name, "matched": h.matched, "selected": h.selected,
                            "rule_ids": [h.table.model.rules[k - 1].id or str(k) for k in h.selected],
                            "annotations": [dict(zip(h.table.model.annotations,
                                                     h.table.model.rules[k - 1].annotation_entries))
                                            for k in h.selected],
                            "output": h.output}
                           for h in self.hits]}


class Result(Mapping[str, Any]):
    """Decision values by name (FEEL values as Python values), with the trace and missing facts."""

    def __init__(self, values: dict[str, Any], trace: list[TraceEntry],
                 missing_facts: list[str]) -> None:
        self._values = values
        self.trace = trace
        self.missing_facts = missing_facts

    def __getitem__(self, name: str) -> Any:
        return self._values[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Result({self._values!r})"

    @property
    def warnings(self) -> list[str]:
        return [f"{t.decision}: {w}" for t in self.trace for w in t.warnings]


def run(model: CompiledModel, order: list[str], facts: dict[str, Any], trace: bool,
        values: dict[str, Any] | None = None, checked: bool = False
        ) -> tuple[dict[str, Any], list[TraceEntry]]:
    """Evaluate the nodes ``order`` lists (keys), reading input data from ``facts`` by name.

    Returns node values by key and the trace entries. ``values`` may preset node values
    (a decision service's parameters); those nodes are not evaluated. ``checked`` says the
    facts already conform to their types (Model.check_facts), so they are not coerced again.
    """
    values = {} if values is None else values
    entries: list[TraceEntry] = []
    with decimal.localcontext(CONTEXT):
        if trace:
            _run_nodes(model, order, facts, values, entries, checked)
            return values, entries
        # Untraced: warnings go nowhere and tables record no hits, set once for the run
        # rather than per decision.
        tok, htok = runtime.collect_warnings(None), tables.HITS.set(None)
        try:
            _run_nodes(model, order, facts, values, None, checked)
        finally:
            tables.HITS.reset(htok)
            runtime.reset_warnings(tok)
    return values, entries


def _run_nodes(model: CompiledModel, order: list[str], facts: dict[str, Any],
               values: dict[str, Any], entries: list[TraceEntry] | None, checked: bool) -> None:
    for key in order:
        if key in values:
            continue
        dec = model.decisions.get(key)
        if dec is None:
            node, t = model.inputs[key]
            v = facts.get(node.name)
            if t is not None and v is not None and not checked:
                warnings: list[str] = []
                tok = runtime.collect_warnings(warnings)
                try:
                    v = coerce(v, t, f"input '{node.name}'")
                finally:
                    runtime.reset_warnings(tok)
                if warnings and entries is not None:
                    entries.append(TraceEntry(node.name, node.label, {}, v, warnings=warnings))
            values[key] = v
            continue
        if entries is None:
            values[key] = _run_untraced(model, dec, values)
        else:
            values[key] = _run_decision(model, dec, values, entries)


def _env(model: CompiledModel, dec: CompiledDecision, values: dict[str, Any]) -> dict[str, Any]:
    env = dict(model.functions[dec.node.defs.namespace])
    for key, name in dec.plain:
        env[name] = values.get(key)
    for prefix, reqs in dec.prefixed.items():
        inner = dict(env.get(prefix) or {})
        for key, name in reqs:
            inner[name] = values.get(key)
        env[prefix] = inner
    return env


def _run_untraced(model: CompiledModel, dec: CompiledDecision, values: dict[str, Any]) -> Any:
    """A decision's value, with the warning sink and hit record already off (see run)."""
    try:
        value = dec.fn(_env(model, dec, values))
    except RecursionError:
        value = None
    except Exception:  # noqa: BLE001 - as in _run_decision: null, never a crash
        value = None
    if dec.type is not None:
        value = coerce(value, dec.type, f"result of '{dec.name}'")
    return value


def _run_decision(model: CompiledModel, dec: CompiledDecision, values: dict[str, Any],
                  entries: list[TraceEntry] | None) -> Any:
    env = _env(model, dec, values)
    warnings: list[str] = []
    tok = runtime.collect_warnings(warnings)
    hits: list[tables.Hit] | None = [] if entries is not None else None
    htok = tables.HITS.set(hits)
    try:
        try:
            value = dec.fn(env)
        except RecursionError:
            warnings.append("evaluation recursed too deeply")
            value = None
        except Exception as e:  # noqa: BLE001 - a decision must never crash the evaluation
            warnings.append(f"internal error while evaluating: {type(e).__name__}: {e}")
            value = None
        if dec.type is not None:
            value = coerce(value, dec.type, f"result of '{dec.name}'")
    finally:
        tables.HITS.reset(htok)
        runtime.reset_warnings(tok)
    if entries is not None:
        entries.append(_trace_entry(dec, env, value, warnings, hits or []))
    return value


def _trace_entry(dec: CompiledDecision, env: dict[str, Any], value: Any, warnings: list[str],
                 hits: list[tables.Hit]) -> TraceEntry:
    inputs = {name: env.get(name) for _, name in dec.plain}
    for prefix, reqs in dec.prefixed.items():
        for _, name in reqs:
            inputs[name] = env[prefix].get(name)
    entry = TraceEntry(dec.name, dec.node.label, inputs, value, warnings=warnings, key=dec.node.key,
                       hits=hits)
    hit = next((h for h in hits if h.table is dec.table), None) if dec.table else None
    if hit is not None:
        table = hit.table
        rules = table.model.rules
        entry.table = table.name
        entry.matched = hit.matched
        entry.selected = hit.selected
        entry.column_values = list(hit.inputs)
        entry.rule_ids = [rules[k - 1].id or str(k) for k in hit.selected]
        entry.annotations = [dict(zip(table.model.annotations, rules[k - 1].annotation_entries))
                             for k in hit.selected]
    return entry


def run_service(model: CompiledModel, param_keys: list[str], args: list[Any],
                outputs: list[str]) -> Any:
    """Invoke a decision service: parameters preset, outputs evaluated, one value or a context."""
    from .dmn.drg import evaluation_order

    preset = {}
    for key, value in zip(param_keys, args + [None] * (len(param_keys) - len(args))):
        dec = model.decisions.get(key)
        t = dec.type if dec is not None else model.inputs[key][1]
        converted = coerce(value, t, f"parameter '{model.graph.nodes[key]['node'].name}'")
        if value is not None and converted is None:
            return None  # an argument of the wrong type: the invocation is an error (TCK 0085)
        preset[key] = converted
    order = evaluation_order(model.graph, outputs)
    values, _ = run(model, order, {}, False, preset)
    names = [model.graph.nodes[k]["node"].name for k in outputs]
    if len(outputs) == 1:
        return values.get(outputs[0])
    return {n: values.get(k) for n, k in zip(names, outputs)}
