"""The run JSON (DESIGN §2) written straight to compact JSON text, for ``dmnlaw batch``.

:func:`run_json_text` returns exactly ``json.dumps(run_json(...), ensure_ascii=False,
separators=(",", ":"))`` — the same keys, values and order, byte for byte — without
building the dicts in between. Most of a batch record's time went there: the trace as
:class:`~dmnlaw.evaluate.TraceEntry` objects, then as dicts, then through
:func:`~dmnlaw.cases.jsonable`, then through the JSON encoder, for the same constant rule
ids, annotations and citations in every record.

Here the trace is written from the raw :class:`~dmnlaw.evaluate.TraceRecord` an
evaluation program leaves: every node value is encoded once per record (a decision's
output is also the input of the decisions that read it), and what is fixed per table hit
(the matched and selected rules, their ids and annotations) is encoded once per model and
kept. A result whose trace was already read (or set) is written from that trace instead,
and so is a decision whose requirements' names collide with an import prefix (the one
case where what its trace entry shows depends on the whole environment).
"""
from __future__ import annotations

import json
from decimal import Decimal
from operator import itemgetter
from typing import Any
from weakref import WeakKeyDictionary

from .cases import Case, jsonable
from .dmn import tables
from .evaluate import TracePlan, TraceRecord, _hit, _inputs_env, _trace_entry

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
"""``json.dumps(v, ensure_ascii=False, separators=(",", ":"))``, without making an encoder per call."""
_string: Any = json.encoder.encode_basestring  # what the encoder above writes a str with
_int_text = int.__repr__
_float_text = float.__repr__

CACHED_HITS = 4096
"""Encoded hits kept per evaluation program (distinct tables, rules and constant outputs);
more are encoded each time. Bounds memory on a model whose tables match rules in
countless combinations."""


def value_text(v: Any) -> str:
    """``v`` as JSON text: ``_dumps(jsonable(v))``, with the common types written directly."""
    t = type(v)
    if t is str:
        return _string(v)
    if v is None:
        return "null"
    if t is bool:
        return "true" if v else "false"
    if t is int:
        return _int_text(v)
    if t is Decimal:
        return _decimal_text(v)
    if t is dict:
        if not v:
            return "{}"
        parts = []
        for k, x in v.items():
            tx = type(x)
            if tx is str:
                text = _string(x)
            elif x is None:
                text = "null"
            elif tx is bool:
                text = "true" if x else "false"
            else:
                text = value_text(x)
            parts.append(_string(k if type(k) is str else str(k)) + ":" + text)
        return "{" + ",".join(parts) + "}"
    if t is list or t is tuple:
        if not v:
            return "[]"
        return "[" + ",".join([value_text(x) for x in v]) + "]"
    return _dumps(jsonable(v))


_DECIMALS: dict[Decimal, str] = {}
CACHED_DECIMALS = 1 << 16


def _decimal_text(v: Decimal) -> str:
    """A Decimal as jsonable writes it; kept when that is a number. Equal decimals
    (``1`` and ``1.0``) have the same exact value, so the same text."""
    text = _DECIMALS.get(v) if v.is_finite() else None
    if text is None:
        j = jsonable(v)
        tj = type(j)
        if tj is int:
            text = _int_text(j)
        elif tj is float:
            text = _float_text(j)
        else:
            return _dumps(j)
        if len(_DECIMALS) < CACHED_DECIMALS:
            _DECIMALS[v] = text
    return text


def run_json_text(model: Any, case: Case, doctrine: str, result: Any) -> str:
    """``run_json(model, case, doctrine, result)`` as compact JSON text (see the module)."""
    record = getattr(result, "_record", None)
    if type(record) is not TraceRecord or getattr(result, "_trace", None) is not None:
        trace = _dumps([jsonable(t.as_dict()) for t in result.trace])
        writer = None
    else:
        writer = _writer(record.plan)
        trace = None
    parts = ['{"title":', _dumps(case.title), ',"reference":', _dumps(case.reference),
             ',"doctrine":', _dumps(doctrine), ',"decisions":']
    if writer is None:
        parts.append(value_text({k: v for k, v in result.items()}))
        parts.append(',"missing_facts":')
        parts.append(_dumps(result.missing_facts))
        parts.append(',"trace":')
        parts.append(trace)
    else:
        assert record is not None
        encoded = [_string(v) if type(v) is str else value_text(v) for v in record.values]
        encoded.append("null")  # at NULL
        parts.append(writer.decisions(result, record.values, encoded))
        parts.append(',"missing_facts":')
        parts.append(_dumps(result.missing_facts))
        parts.append(',"trace":')
        parts.append(writer.trace(record, encoded))
    parts.append(',"model":{"sha256":')
    parts.append(_dumps(model.sha256))
    parts.append("}}")
    return "".join(parts)


# --- the trace, from the raw record ---------------------------------------------------------

class _HitText:
    """One table hit's fixed parts, encoded: as the decision's own table (``own_head``:
    matched, selected, rule_ids up to the output; ``own_tail``: the annotations, up to the
    warnings) and as an entry of ``tables`` (``head``: everything up to the output)."""

    __slots__ = ("own_head", "own_tail", "head")

    def __init__(self, table: tables.Table, matched: Any, selected: Any) -> None:
        hit = _hit(table, (), matched, selected, None)
        rules = table.model.rules
        m = _dumps(jsonable(hit.matched))
        s = _dumps(jsonable(hit.selected))
        r = _dumps(jsonable([rules[k - 1].id or str(k) for k in hit.selected]))
        a = _dumps(jsonable([dict(zip(table.model.annotations, rules[k - 1].annotation_entries))
                             for k in hit.selected]))
        self.own_head = f'"matched":{m},"selected":{s},"rule_ids":{r},"output":'
        self.own_tail = f',"annotations":{a},"warnings":'
        self.head = (f'{{"table":{_dumps(jsonable(table.name))},"matched":{m},"selected":{s},'
                     f'"rule_ids":{r},"annotations":{a},"output":')


NULL = -1
"""Where a record's encoded values hold "null", for a requirement that was not evaluated."""
_NO_HIT_HEAD = '"matched":[],"selected":[],"rule_ids":[],"output":'
_NO_HIT_TAIL = ',"annotations":[],"warnings":'


class _DecisionText:
    """A decision's trace entry: what is fixed, and where its inputs' values are.

    Holds no model object (see _PlanText): its decision by ``key``, its table by id.
    """

    __slots__ = ("key", "start", "pick", "table_id", "exact", "output")

    def __init__(self, dec: Any, index: dict[str, int]) -> None:
        self.key = dec.node.key
        self.table_id = id(dec.table) if dec.table is not None else None
        # The inputs dict of _trace_entry: the requirements' names in order of first
        # appearance, each with the value of the last requirement of that name.
        names: dict[str, str] = {}
        for key, name in dec.plain:
            names[name] = key
        plain_names = set(names)
        for reqs in dec.prefixed.values():
            for key, name in reqs:
                names[name] = key
        # A requirement named like an import prefix: _inputs_env reads the whole
        # environment; write such an entry the slow, exact way.
        self.exact = not any(prefix in plain_names for prefix in dec.prefixed)
        # The entry up to its matched rules as one %-format: ``start % pick(encoded)``,
        # ``pick`` taking the inputs' texts from the record's encoded values (a requirement
        # not evaluated reads as null: the index NULL, see run_json_text).
        head = ('{"decision":' + _dumps(jsonable(dec.name)) + ',"label":'
                + _dumps(jsonable(dec.node.label)) + ',"inputs":{')
        fields = ",".join(_string(name).replace("%", "%%") + ":%s" for name in names)
        self.start = head.replace("%", "%%") + fields + "},"
        where = [index.get(key, NULL) for key in names.values()]
        if len(where) > 1:
            self.pick: Any = itemgetter(*where)
        elif where:
            self.pick = lambda encoded, i=where[0]: (encoded[i],)
        else:
            self.pick = lambda encoded: ()
        self.output = index[dec.node.key]


class _PlanText:
    """Everything fixed about writing the trace of one evaluation program's records.

    Kept per TracePlan in a WeakKeyDictionary, so it must not reach the plan: it holds
    no model object (whose generated code holds the plan), only texts, indexes and the
    ids of tables — which stay those tables' while the plan, and so its model, lives.
    """

    def __init__(self, plan: TracePlan) -> None:
        model = plan.model
        # Last index of each key, as dict(zip(keys, values)) resolves a repeated key.
        self.index = {k: i for i, k in enumerate(plan.keys)}
        self.names = {model.decisions[k].name: i for k, i in self.index.items()
                      if k in model.decisions}
        # A repeated bounded key would merge shares (TraceRecord.shares), one without a
        # value fail: neither is written here (such a trace is written from its entries).
        self.simple = (len(set(plan.bounded)) == len(plan.bounded)
                       and all(k in self.index for k in plan.bounded))
        self.steps: list[Any] = []
        for key in plan.bounded if self.simple else ():
            dec = model.decisions.get(key)
            if dec is None:
                node = model.inputs[key][0]
                self.steps.append(('{"decision":' + _dumps(jsonable(node.name)) + ',"label":'
                                   + _dumps(jsonable(node.label)) + ',"inputs":{},' + _NO_HIT_HEAD,
                                   self.index[key]))
            else:
                self.steps.append(_DecisionText(dec, self.index))
        self.hit_texts: dict[tuple[Any, ...], _HitText] = {}
        self.whole_hits: dict[tuple[Any, ...], tuple[_HitText, str]] = {}

    def decisions(self, result: Any, values: tuple[Any, ...], encoded: list[str]) -> str:
        """``{name: value}`` of the result; a value that is the node's own reuses its text."""
        names = self.names
        out = []
        for k, v in result.items():
            i = names.get(k)
            text = encoded[i] if i is not None and values[i] is v else value_text(v)
            out.append(_string(k) + ":" + text)
        return "{" + ",".join(out) + "}"

    def hit_text(self, table: tables.Table, matched: Any, selected: Any) -> _HitText:
        """The encoded fixed parts of a hit (``matched`` a list or a mask, see evaluate._hit)."""
        key = (id(table), matched if type(matched) is int else tuple(matched),
               None if selected is None else tuple(selected))
        text = self.hit_texts.get(key)
        if text is None:
            text = _HitText(table, matched, selected)
            if len(self.hit_texts) < CACHED_HITS:
                self.hit_texts[key] = text
        return text

    def whole_hit(self, table: tables.Table, mask: int, output: str | bool | None
                  ) -> tuple[_HitText, str]:
        """A hit recorded as a mask with an output of one of these types, all encoded:
        its fixed parts, and its whole entry of ``tables``."""
        text = self.hit_text(table, mask, None)
        known = (text, text.head + value_text(output) + "}")
        if len(self.whole_hits) < CACHED_HITS:
            self.whole_hits[(id(table), mask, output)] = known
        return known

    def trace(self, record: TraceRecord, encoded: list[str]) -> str:
        """The ``trace`` list of the run JSON, as TraceRecord.entries() and as_dict() give it."""
        if not self.simple:
            return _dumps([jsonable(t.as_dict()) for t in record.entries()])
        all_hits, all_warnings, bounds = record.hits, record.warnings, record.bounds
        texts = self.hit_texts
        hit_text = self.hit_text
        wholes = self.whole_hits
        Hit = tables.Hit
        out = []
        h0 = w0 = 0
        b = 0
        for step in self.steps:
            h1 = bounds[b]
            w1 = bounds[b + 1]
            b += 2
            warnings = "[]" if w1 == w0 else value_text(all_warnings[w0:w1])
            if type(step) is tuple:  # an input: in the trace only with warnings
                if w1 > w0:
                    out.append(step[0] + encoded[step[1]] + _NO_HIT_TAIL + warnings + ',"tables":[]}')
            elif step.exact:
                own = None
                table_id = step.table_id  # None: never an id
                parts = []
                for h in all_hits[h0:h1]:
                    if type(h) is Hit:
                        text = hit_text(h.table, h.matched, h.selected)
                        t, output = h.table, h.output
                    else:
                        t, _, matched, selected, output = h
                        if selected is None and type(matched) is int:
                            ot = type(output)
                            if ot is str or ot is bool or output is None:
                                # The whole hit, kept: a mask and a constant output.
                                # (Only these types: True == 1 must never find 1's text.)
                                known = wholes.get((id(t), matched, output))
                                if known is None:
                                    known = self.whole_hit(t, matched, output)
                                if own is None and id(t) == table_id:
                                    own = known[0]
                                parts.append(known[1])
                                continue
                            text = texts.get((id(t), matched, None)) or hit_text(t, matched, None)
                        else:
                            text = hit_text(t, matched, selected)
                    if own is None and id(t) == table_id:
                        own = text
                    ot = type(output)
                    if ot is str:
                        parts.append(text.head + _string(output) + "}")
                    elif ot is bool:
                        parts.append(text.head + ("true}" if output else "false}"))
                    elif output is None:
                        parts.append(text.head + "null}")
                    else:
                        parts.append(text.head + value_text(output) + "}")
                if own is None:
                    middle = _NO_HIT_HEAD + encoded[step.output] + _NO_HIT_TAIL
                else:
                    middle = own.own_head + encoded[step.output] + own.own_tail
                out.append(step.start % step.pick(encoded) + middle + warnings + ',"tables":['
                           + ",".join(parts) + "]}")
            else:
                out.append(_slow_entry(record, step.key, all_hits[h0:h1], all_warnings[w0:w1]))
            h0, w0 = h1, w1
        return "[" + ",".join(out) + "]"


def _slow_entry(record: TraceRecord, key: str, hits: list[Any], warnings: list[str]) -> str:
    """A decision's entry as TraceRecord.entries() makes it, as JSON."""
    model = record.plan.model
    dec = model.decisions[key]
    hits = [h if type(h) is tables.Hit else _hit(*h) for h in hits]
    values = record.node_values()
    entry = _trace_entry(dec, _inputs_env(model, dec, values), values[key], warnings, hits)
    return _dumps(jsonable(entry.as_dict()))


_PLANS: "WeakKeyDictionary[TracePlan, _PlanText]" = WeakKeyDictionary()


def _writer(plan: TracePlan) -> _PlanText:
    writer = _PLANS.get(plan)
    if writer is None:
        writer = _PLANS[plan] = _PlanText(plan)
    return writer
