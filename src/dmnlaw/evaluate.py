"""Run a compiled model over facts: values in graph order, the trace, the missing facts.

Only the decisions asked for and what they need are evaluated, dependencies first. The
trace says for every decision what it read, which rules matched, which the hit policy
selected, what came out and what went wrong.

:meth:`dmnlaw.api.Model.evaluate` runs generated evaluation programs
(:mod:`dmnlaw.dmn.program`); this module holds what they return and call — the
:class:`Result`, whose trace and missing facts are built from a raw :class:`TraceRecord`
only when read, and the programs' run-time helpers. :func:`run` walks the decisions one
by one, each with its own warning sink and record of table hits: decision services run
that way, and it is the reference the programs are tested against.
"""
from __future__ import annotations

import bisect
import decimal
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

from .dmn import tables
from .dmn.cells import column_mask
from .dmn.compile import CompiledDecision, CompiledModel
from .dmn.types import coerce
from .feel import runtime
from .feel.values import CONTEXT, from_python, to_feel_text

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


class Result(dict):
    """Decision values by name (FEEL values as Python values), with the trace and missing facts.

    A ``dict`` of decision name to value, so reading an answer costs what a dict lookup
    costs. An evaluation program (:mod:`dmnlaw.dmn.program`) hands over a
    :class:`TraceRecord` instead of the trace: :attr:`trace` and :attr:`missing_facts` are
    built from it the first time they are read, so a caller that only wants the answers
    never pays for them. Evaluated without the trace, it keeps the model and the facts
    instead: its trace is empty, and reading its missing facts evaluates once more with the
    trace (from the facts as they are then).
    """

    __slots__ = ("_trace", "_missing", "_record")

    def __init__(self, values: Mapping[str, Any] = (), trace: list[TraceEntry] | None = None,
                 missing_facts: list[str] | None = None, record: "TraceRecord | None" = None) -> None:
        super().__init__(values)
        self._trace = trace
        self._missing = missing_facts
        self._record = record

    def __repr__(self) -> str:
        return f"Result({dict.__repr__(self)})"

    # A program makes its Result with dict.__new__, not the class's __init__ (whose call
    # costs as much as a small evaluation), leaving these unset until read.
    @property
    def trace(self) -> list[TraceEntry]:
        """One entry per evaluated decision (and per input whose value had to be corrected),
        in evaluation order; empty when evaluated without the trace."""
        trace = getattr(self, "_trace", None)
        if trace is None:
            record = getattr(self, "_record", None)
            trace = self._trace = record.entries() if isinstance(record, TraceRecord) else []
        return trace

    @trace.setter
    def trace(self, entries: list[TraceEntry]) -> None:
        self._trace = entries

    @property
    def missing_facts(self) -> list[str]:
        """The null facts that leave an undetermined conclusion open (see
        :func:`dmnlaw.explain.missing_facts`)."""
        missing = getattr(self, "_missing", None)
        if missing is None:
            record = getattr(self, "_record", None)
            if isinstance(record, TraceRecord):
                missing = record.missing_facts()
            elif record is not None:   # evaluated without the trace: (model, facts, (names, strict))
                model, facts, (names, strict) = record
                missing = model.evaluate(facts, names, True, strict).missing_facts
            else:
                missing = []
            self._missing = missing
        return missing

    @missing_facts.setter
    def missing_facts(self, names: list[str]) -> None:
        self._missing = names

    @property
    def warnings(self) -> list[str]:
        return [f"{t.decision}: {w}" for t in self.trace for w in t.warnings]

    def __reduce__(self) -> tuple[Any, ...]:
        # The trace points into the compiled model (its tables and their code), which does
        # not travel; a pickled Result carries its values and missing facts.
        return (Result, (dict(self), None, self.missing_facts))


def _hit(table: tables.Table, inputs: tuple[Any, ...], matched: list[int] | int,
         selected: list[int] | None, output: Any) -> tables.Hit:
    """A recorded hit as a Hit; ``matched`` may be the mask of the matching rules (bit k:
    rule k + 1), the selected rules then being what the table's hit policy selects."""
    if type(matched) is int:
        matched = rule_numbers(matched)
        if table.hit_policy == "FIRST":
            selected = matched[:1]
        else:
            selected = matched[:] if len(matched) == 1 else []
    return tables.Hit(table, inputs, matched, selected, output)


@dataclass(eq=False)
class TracePlan:
    """What a traced evaluation program records, fixed when the program is generated.

    ``keys`` are the node keys of the evaluated elements, in the order of the record's
    values; ``bounded`` the keys after whose evaluation the program records how many table
    hits and warnings there are so far (decisions, and inputs it had to convert);
    ``conclusions`` the conclusions among ``keys``.
    """

    model: CompiledModel
    keys: tuple[str, ...]
    bounded: tuple[str, ...]
    conclusions: list[str]


class TraceRecord:
    """The raw record of one traced evaluation: node values, table hits, warnings, and the
    boundaries between the elements' shares of the hits and warnings.

    A hit is a :class:`~dmnlaw.dmn.tables.Hit` (recorded by a table object) or, from a
    table the program evaluates inline, the tuple of its fields (table, inputs, matched,
    selected, output), rule numbers 1-based — or matched as a mask (see :func:`_hit`). ``bounds`` holds, per key of
    ``plan.bounded``, the number of hits and of warnings recorded when it was done.
    """

    __slots__ = ("plan", "values", "hits", "warnings", "bounds", "_by_key")

    def __init__(self, plan: TracePlan, values: tuple[Any, ...], hits: list[Any],
                 warnings: list[str], bounds: list[int]) -> None:
        self.plan = plan
        self.values = values
        self.hits = hits
        self.warnings = warnings
        self.bounds = bounds
        self._by_key: dict[str, tuple[list[tables.Hit], list[str]]] | None = None

    def node_values(self) -> dict[str, Any]:
        """Every evaluated element's value by node key."""
        return dict(zip(self.plan.keys, self.values))

    def shares(self) -> dict[str, tuple[list[tables.Hit], list[str]]]:
        """Per bounded key, the hits and warnings recorded while it was evaluated."""
        if self._by_key is None:
            out: dict[str, tuple[list[tables.Hit], list[str]]] = {}
            h0 = w0 = 0
            bounds, hits, warnings = self.bounds, self.hits, self.warnings
            for i, key in enumerate(self.plan.bounded):
                h1, w1 = bounds[2 * i], bounds[2 * i + 1]
                out[key] = ([h if type(h) is tables.Hit else _hit(*h) for h in hits[h0:h1]],
                            warnings[w0:w1])
                h0, w0 = h1, w1
            self._by_key = out
        return self._by_key

    def entries(self) -> list[TraceEntry]:
        """The trace entries, as :func:`run` makes them."""
        model = self.plan.model
        values = self.node_values()
        out: list[TraceEntry] = []
        for key, (hits, warnings) in self.shares().items():
            dec = model.decisions.get(key)
            if dec is None:
                if warnings:
                    node = model.inputs[key][0]
                    out.append(TraceEntry(node.name, node.label, {}, values[key], warnings=warnings))
                continue
            out.append(_trace_entry(dec, _inputs_env(model, dec, values), values[key], warnings, hits))
        return out

    def missing_facts(self) -> list[str]:
        """See :func:`dmnlaw.explain.missing_facts`. Only the hits of the decisions it
        follows are made into Hits (:meth:`share_hits`), not the whole record's."""
        from .explain import missing_facts

        return missing_facts(self.plan.model, self.node_values(), _Shares(self), self.plan.conclusions)

    def share_hits(self, key: str) -> list[tables.Hit] | None:
        """``shares()[key][0]`` — the hits recorded while ``key`` was evaluated — made for
        that key alone; None when ``key`` is not one of ``plan.bounded``."""
        if self._by_key is not None:
            share = self._by_key.get(key)
            return share[0] if share is not None else None
        i = _bound_positions(self.plan).get(key)
        if i is None:
            return None
        bounds = self.bounds
        h0 = bounds[2 * i - 2] if i else 0
        return [h if type(h) is tables.Hit else _hit(*h) for h in self.hits[h0:bounds[2 * i]]]


class _Shares:
    """A record's hits by decision key, made when asked for (``get``, as a dict's)."""

    __slots__ = ("record",)

    def __init__(self, record: TraceRecord) -> None:
        self.record = record

    def get(self, key: str, default: Any = None) -> Any:
        hits = self.record.share_hits(key)
        return default if hits is None or key not in self.record.plan.model.decisions else hits


_BOUND_POSITIONS: "weakref.WeakKeyDictionary[TracePlan, dict[str, int]]" = weakref.WeakKeyDictionary()


def _bound_positions(plan: TracePlan) -> dict[str, int]:
    """Where each key of ``plan.bounded`` is (the last place, as shares() keeps a repeat)."""
    positions = _BOUND_POSITIONS.get(plan)
    if positions is None:
        positions = _BOUND_POSITIONS[plan] = {k: i for i, k in enumerate(plan.bounded)}
    return positions


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


def _inputs_env(model: CompiledModel, dec: CompiledDecision, values: dict[str, Any]) -> dict[str, Any]:
    """What _trace_entry reads of a decision's environment (its requirements by name and
    per import prefix), without copying the model's functions into it — unless a
    requirement is named like an import prefix, when only the whole environment says
    which one its name means."""
    env = {name: values.get(key) for key, name in dec.plain}
    for prefix, reqs in dec.prefixed.items():
        if prefix in env:
            return _env(model, dec, values)
        env[prefix] = {name: values.get(key) for key, name in reqs}
    return env


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
    preset = {}
    for key, value in zip(param_keys, args + [None] * (len(param_keys) - len(args))):
        dec = model.decisions.get(key)
        t = dec.type if dec is not None else model.inputs[key][1]
        converted = coerce(value, t, f"parameter '{model.nodes[key].name}'")
        if value is not None and converted is None:
            return None  # an argument of the wrong type: the invocation is an error (TCK 0085)
        preset[key] = converted
    order = model.order(outputs)
    values, _ = run(model, order, {}, False, preset)
    names = [model.nodes[k].name for k in outputs]
    if len(outputs) == 1:
        return values.get(outputs[0])
    return {n: values.get(k) for n, k in zip(names, outputs)}


# --- evaluation programs (dmnlaw.dmn.program generates them) ------------------------------

@dataclass(eq=False)
class Program:
    """A generated evaluation; ``fn(facts, model)`` returns the Result."""

    fn: Callable[[Mapping[str, Any], Any], Result]
    name: str
    keys: tuple[str, ...]

    def __call__(self, facts: Mapping[str, Any], model: Any) -> Result:
        return self.fn(facts, model)


def program_namespace(namespace: dict[str, Any]) -> None:
    """Bind into a model's code namespace the run-time helpers its generated code calls
    besides CodeGen's own: those of the table and boxed compilers, and of programs."""
    namespace.setdefault("_coerce", coerce)
    namespace.setdefault("_warn", runtime.warn)
    namespace.setdefault("_to_feel_text", to_feel_text)
    namespace.setdefault("_Result", Result)
    namespace.setdefault("_new_dict", dict.__new__)
    namespace.setdefault("_TraceRecord", TraceRecord)
    namespace.setdefault("_HITS", tables.HITS)
    # runtime keeps its warning sink private; programs only read it, to see whether an
    # untraced evaluation runs inside someone else's sink (see _isolated).
    namespace.setdefault("_SINK", runtime._SINK)  # noqa: SLF001
    namespace.setdefault("_localcontext", decimal.localcontext)
    namespace.setdefault("_CTX", CONTEXT)
    namespace.setdefault("_from_python", from_python)
    namespace.setdefault("_isolated", _isolated)
    namespace.setdefault("_internal_error", _internal_error)
    namespace.setdefault("_env_of", _env)
    namespace.setdefault("_rule_numbers", rule_numbers)
    namespace.setdefault("_bisect", bisect.bisect_left)
    namespace.setdefault("_column_mask", column_mask)


def _isolated(fn: Callable[..., Result], facts: Mapping[str, Any], model: Any) -> Result:
    """Run an untraced program with warnings and table hits switched off, as :func:`run`
    does, when the caller had them on."""
    wtok, htok = runtime.collect_warnings(None), tables.HITS.set(None)
    try:
        return fn(facts, model)
    finally:
        tables.HITS.reset(htok)
        runtime.reset_warnings(wtok)


def _internal_error(e: BaseException) -> str:
    """The warning for a decision whose evaluation raised (as _run_decision words it)."""
    return f"internal error while evaluating: {type(e).__name__}: {e}"


def rule_numbers(mask: int) -> list[int]:
    """The 1-based numbers of the rules whose bits are set in ``mask`` (bit k: rule k + 1)."""
    out = []
    while mask:
        low = mask & -mask  # the lowest bit set: one step per matching rule
        out.append(low.bit_length())
        mask ^= low
    return out
