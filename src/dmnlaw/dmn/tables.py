"""Decision tables: compiled to one Python matching function each, then a hit policy.

At load time :func:`compile_table` generates, for a table, a function that computes the
input expressions once and tests every rule's input entries with inlined comparisons (see
:meth:`dmnlaw.feel.compiler.CodeGen.unary_truth`); with ``first_only`` it stops at the
first match, which is all a FIRST table needs when no trace is asked for. The
:class:`Table` object then applies the hit policy (DMN 1.5 §8.2.11) to the matches.

A hit policy violation (several matches under UNIQUE, differing outputs under ANY) is an
error result: null with a warning, never a silent first match.

Evaluation programs (:mod:`dmnlaw.dmn.program`) inline FIRST and UNIQUE tables at the top
of a decision or of its context entries, worded and traced as :class:`Table` does; the
table objects run the others, and every table when a decision is evaluated on its own
(:func:`dmnlaw.evaluate.run`).
"""
from __future__ import annotations

import contextvars
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from .. import model as m
from ..errors import DmnlawError
from ..feel import nodes as fn
from ..feel.compiler import CodeGen, Scope
from ..feel.parser import NameIndex, parse_expression, parse_unary_tests
from ..feel.runtime import warn
from ..feel.values import compare, equal, to_feel_text

_SINGLE_HIT = {"UNIQUE", "FIRST", "PRIORITY", "ANY"}


@dataclass
class Hit:
    """What a table reports to the trace: which rules matched and which were selected."""

    table: "Table"
    inputs: tuple[Any, ...]
    matched: list[int]
    selected: list[int]
    output: Any = None


# Where tables report their hits while a decision is traced (None: not tracing).
HITS: contextvars.ContextVar[list[Hit] | None] = contextvars.ContextVar("dmn_hits", default=None)


class Table:
    """A compiled decision table; call it with the environment dict to get its result."""

    def __init__(self, dt: m.DecisionTable, name: str, match: Callable[..., Any],
                 outputs: list[list[Callable[[dict], Any]]], defaults: list[Callable[[dict], Any] | None],
                 priorities: list[list[Any] | None], output_checks: list[Callable[[Any], Any] | None]) -> None:
        self.model = dt
        self.name = name
        self.hit_policy = dt.hit_policy
        self.aggregation = dt.aggregation
        self.match = match
        self.outputs = outputs
        self.defaults = defaults
        self.priorities = priorities
        self.output_checks = output_checks
        self.output_names = [o.name or "" for o in dt.outputs]
        self.single_output = len(dt.outputs) == 1
        # Per input column, the name paths its expression reads (see _names_read).
        self.column_names: list[list[list[str]]] = []
        self.first_only = self.hit_policy == "FIRST"

    # -- evaluation ------------------------------------------------------------------------

    def __call__(self, env: dict[str, Any]) -> Any:
        hits = HITS.get()
        inputs, matched = self.match(env, self.first_only and hits is None)
        if matched is None:
            return None  # an input outside its input values: already warned
        selected, result = self._apply(env, matched)
        if hits is not None:
            hits.append(Hit(self, inputs, [k + 1 for k in matched],
                            [k + 1 for k in selected], result))
        return result

    def _row(self, env: dict[str, Any], k: int) -> Any:
        values = [self._checked(j, f(env)) for j, f in enumerate(self.outputs[k])]
        if self.single_output:
            return values[0]
        return dict(zip(self.output_names, values))

    def _checked(self, j: int, value: Any) -> Any:
        check = self.output_checks[j]
        if check is not None and value is not None and check(value) is not True:
            warn(f"table '{self.name}': output {to_feel_text(value)} is not one of the output values")
            return None
        return value

    def _default(self, env: dict[str, Any]) -> Any:
        if not any(d is not None for d in self.defaults):
            return None
        values = [d(env) if d is not None else None for d in self.defaults]
        if self.single_output:
            return values[0]
        return dict(zip(self.output_names, values))

    def _apply(self, env: dict[str, Any], matched: list[int]) -> tuple[list[int], Any]:
        hp = self.hit_policy
        if not matched:
            default = self._default(env)
            if default is None and hp in _SINGLE_HIT:
                warn(f"table '{self.name}': no rule matched")
            if hp in _SINGLE_HIT or self.aggregation is not None and default is not None:
                return [], default
            if hp == "COLLECT" and self.aggregation in ("SUM", "COUNT"):
                return [], Decimal(0) if self.aggregation == "COUNT" else None
            return [], [] if default is None else [default]
        if hp == "FIRST":
            return [matched[0]], self._row(env, matched[0])
        if hp == "UNIQUE":
            if len(matched) > 1:
                warn(f"table '{self.name}': hit policy UNIQUE violated, rules "
                     f"{', '.join(str(k + 1) for k in matched)} all match")
                return [], None
            return matched, self._row(env, matched[0])
        rows = [self._row(env, k) for k in matched]
        if hp == "ANY":
            first = rows[0]
            for k, r in zip(matched[1:], rows[1:]):
                if equal(first, r) is not True:
                    warn(f"table '{self.name}': hit policy ANY violated, rules "
                         f"{matched[0] + 1} and {k + 1} match with different outputs")
                    return [], None
            return [matched[0]], first
        if hp == "PRIORITY":
            order = self._priority_order(matched, rows)
            return [matched[order[0]]], rows[order[0]]
        if hp == "OUTPUT ORDER":
            order = self._priority_order(matched, rows)
            return [matched[i] for i in order], [rows[i] for i in order]
        if hp == "RULE ORDER":
            return matched, rows
        # COLLECT
        if self.aggregation is None:
            return matched, rows
        return matched, self._aggregate(rows)

    def _priority_order(self, matched: list[int], rows: list[Any]) -> list[int]:
        def key(i: int) -> tuple[int, ...]:
            row = rows[i]
            values = [row] if self.single_output else [row.get(n) for n in self.output_names]
            out = []
            for v, prio in zip(values, self.priorities):
                if prio is None:
                    out.append(0)
                    continue
                pos = next((p for p, x in enumerate(prio) if equal(v, x) is True), len(prio))
                out.append(pos)
            return tuple(out)

        return sorted(range(len(rows)), key=lambda i: (key(i), i))

    def _aggregate(self, rows: list[Any]) -> Any:
        agg = self.aggregation
        if agg == "COUNT":
            return Decimal(len(rows))
        values = [r for r in rows if r is not None]
        if not self.single_output:
            warn(f"table '{self.name}': {agg} needs a single output")
            return None
        if agg == "SUM":
            if not all(type(v) is Decimal for v in values):
                warn(f"table '{self.name}': SUM over non-numbers")
                return None
            return sum(values, Decimal(0)) if values else None
        if not values:
            return None
        best = values[0]
        for v in values[1:]:
            c = compare(v, best)
            if c is None:
                warn(f"table '{self.name}': {agg} over values that cannot be ordered")
                return None
            if (agg == "MIN" and c < 0) or (agg == "MAX" and c > 0):
                best = v
        return best


# --- compilation ------------------------------------------------------------------------

def compile_table(dt: m.DecisionTable, name: str, gen: CodeGen, env_names: set[str],
                  names: NameIndex, compile_value: Callable[[m.LiteralExpression | str, Scope], str],
                  type_of: Callable[[str | None], Any]) -> Table:
    """Generate the matching function for ``dt`` into ``gen`` and return its :class:`Table`.

    ``compile_value`` compiles an expression text in a scope (the boxed-expression compiler
    supplies it, so locations and name handling stay in one place); ``type_of`` resolves a
    typeRef. Raises ModelError (with file and line) for FEEL syntax errors.

    The table is compiled as module-level code reading every name from its env dict, so
    a table nested in a context or a function is called with the locals merged in.
    """
    scope = Scope(env="E", env_names=env_names)
    with gen.separate():
        match = _compile_match(dt, name, gen, scope, names, compile_value)
        outputs, defaults, priorities, checks = _compile_outputs(
            dt, name, gen, scope, names, compile_value, type_of)
    table = Table(dt, name, match, outputs, defaults, priorities, checks)
    table.column_names = [_names_read(c.expression.text, names) for c in dt.inputs]
    return table


def _names_read(text: str, names: NameIndex) -> list[list[str]]:
    """The name paths an input expression reads: ``a.b.c`` as ["a", "b", "c"].

    Used to explain an undetermined result: which inputs (and which of their context
    members) a column depends on.
    """
    try:
        ast = parse_expression(text, names)
    except DmnlawError:
        return []
    out: list[list[str]] = []
    stack: list[Any] = [ast]
    while stack:
        node = stack.pop()
        if isinstance(node, fn.Path):
            chain: list[str] = []
            root: Any = node
            while isinstance(root, fn.Path):
                chain.insert(0, root.name)
                root = root.value
            if isinstance(root, fn.Name):
                out.append([root.name, *chain])
                continue
            stack.append(root)
        elif isinstance(node, fn.Name):
            out.append([node.name])
        elif isinstance(node, fn.Node):
            stack.extend(getattr(node, s) for s in _all_slots(type(node)) if s != "pos")
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return out


def _all_slots(cls: type) -> tuple[str, ...]:
    return tuple(s for c in cls.__mro__ for s in getattr(c, "__slots__", ()))


def _compile_match(dt: m.DecisionTable, name: str, gen: CodeGen, scope: Scope,
                   names: NameIndex, compile_value: Callable[..., str]) -> Callable[..., Any]:
    """Emit and build the function computing the inputs and the list of matching rules."""
    fname = gen.new("_match")
    gen.emit(f"def {fname}(E, first_only):")
    gen.indent += 1
    in_vars: list[str] = []
    for k, clause in enumerate(dt.inputs):
        var = gen.new("i")
        gen.emit(f"{var} = {compile_value(clause.expression, scope)}")
        in_vars.append(var)
        if clause.input_values:
            tests = parse_tests(clause.input_values, names, clause.source, f"input {k + 1} values of table '{name}'")
            check = gen.unary_truth(tests, var, scope)
            label = clause.label or clause.expression.text
            gen.emit(f"if {var} is not None and not {check}:")
            gen.emit(f"    _warn('table {_q(name)}: input ' + {label!r} + ' = ' + _to_feel_text({var})[:60] + ' is not one of its input values')")
            gen.emit("    return (), None")
    ins = "(" + "".join(v + ", " for v in in_vars) + ")"
    gen.emit("M = []")
    for rule in dt.rules:
        conds = []
        for entry, var in zip(rule.input_entries, in_vars):
            text = entry.text.strip()
            if text in ("-", ""):
                continue
            tests = parse_tests(entry.text, names, entry.source,
                                 f"table '{name}', rule {rule.number}")
            conds.append(gen.unary_truth(tests, var, scope))
        cond = " and ".join(conds) if conds else "True"
        gen.emit(f"if {cond}:")
        gen.emit(f"    M.append({rule.number - 1})")
        gen.emit(f"    if first_only: return {ins}, M")
    gen.emit(f"return {ins}, M")
    gen.indent -= 1
    gen.namespace.setdefault("_to_feel_text", to_feel_text)
    gen.namespace.setdefault("_warn", warn)
    gen.build(f"<table {name}>")
    return gen.namespace[fname]


def _compile_outputs(dt: m.DecisionTable, name: str, gen: CodeGen, scope: Scope,
                     names: NameIndex, compile_value: Callable[..., str],
                     type_of: Callable[[str | None], Any]) -> tuple[list, list, list, list]:
    """Compile each rule's output entries, the default outputs, priorities and output checks."""
    outputs: list[list[Callable[[dict], Any]]] = []
    for rule in dt.rules:
        row = []
        for entry in rule.output_entries:
            row.append(_value_fn(entry, gen, scope, compile_value))
        outputs.append(row)
    defaults: list[Callable[[dict], Any] | None] = []
    priorities: list[list[Any] | None] = []
    checks: list[Callable[[Any], Any] | None] = []
    for out in dt.outputs:
        if out.default_output_entry and out.default_output_entry.strip():
            lit = m.LiteralExpression(text=out.default_output_entry, source=out.source)
            defaults.append(_value_fn(lit, gen, scope, compile_value))
        else:
            defaults.append(None)
        values_text = out.output_values
        if not values_text and out.type_ref:
            t = type_of(out.type_ref)
            values_text = getattr(t, "allowed_text", None)
        if not values_text and len(dt.outputs) == 1 and dt.type_ref:
            values_text = getattr(type_of(dt.type_ref), "allowed_text", None)
        priorities.append(_literal_values(values_text, names) if values_text else None)
        if out.output_values:
            try:
                checks.append(ValueCheck(out.output_values))
            except DmnlawError as e:
                raise e.located(file=out.source.file, line=out.source.line,
                                element=f"output values of table '{name}'")
        else:
            checks.append(None)
    return outputs, defaults, priorities, checks


class ValueCheck:
    """An output values list compiled into a check of one value (see
    :func:`dmnlaw.feel.compile_value_check`); kept with its text so a cached model
    (:mod:`dmnlaw.cache`) rebuilds it rather than storing code."""

    __slots__ = ("text", "check")

    def __init__(self, text: str) -> None:
        from ..feel import compile_value_check

        self.text = text
        self.check = compile_value_check(text)

    def __call__(self, value: Any) -> Any:
        return self.check(value)

    def __reduce__(self) -> tuple[Any, ...]:
        return ValueCheck, (self.text,)


class Constant:
    """An output entry that is a constant: called like a compiled entry, returns the value."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __call__(self, env: dict[str, Any]) -> Any:
        return self.value

    def __reduce__(self) -> tuple[Any, ...]:
        return Constant, (self.value,)


def _q(s: str) -> str:
    return s.replace("\\", "\\\\").replace("'", "\\'")


def parse_tests(text: str, names: NameIndex, source: m.Source, where: str) -> fn.UnaryTests:
    """Parse a cell's unary tests; raises the FEEL error located at the cell (file, line)."""
    try:
        return parse_unary_tests(text, names)
    except DmnlawError as e:
        raise e.located(file=source.file, line=source.line, element=where)


def _value_fn(entry: m.LiteralExpression, gen: CodeGen, scope: Scope,
              compile_value: Callable[[m.LiteralExpression | str, Scope], str]) -> Callable[[dict], Any]:
    """A function computing an output entry; constants are returned without any FEEL call."""
    text = entry.text.strip()
    if text.startswith('"') and text.endswith('"') and text.count('"') == 2 and "\\" not in text:
        return Constant(text[1:-1])
    name = gen.new("_out")
    gen.emit(f"def {name}(E):")
    gen.indent += 1
    gen.emit(f"return {compile_value(entry, scope)}")
    gen.indent -= 1
    gen.build("<output>")
    return gen.namespace[name]


def _literal_values(text: str, names: NameIndex) -> list[Any] | None:
    """The values of an output values list, in order, when they are literals."""
    try:
        tests = parse_unary_tests(text, names)
    except DmnlawError:
        return None
    out = []
    for t in tests.tests:
        if isinstance(t, fn.UnaryExpr) and isinstance(t.value, fn.Literal):
            out.append(t.value.value)
        else:
            return None
    return out
