"""Evaluation programs: one requested evaluation compiled to one Python function.

The way jinja2 turns a template into one Python function, :func:`build_program` turns
"evaluate these decisions over facts, with or without the trace" into straight-line
Python, once per model and request (:meth:`dmnlaw.api.Model.evaluate` keeps them, and
:mod:`dmnlaw.cache` keeps them across processes). The generated function takes the facts
and the :class:`~dmnlaw.api.Model` and returns a :class:`~dmnlaw.evaluate.Result`:

* **Facts** are checked inline: unknown names by one set test, and each value by the test
  that accepts it as it is (a string among the allowed values, a boolean, an ``int`` or a
  finite ``float`` made a ``Decimal`` exactly as ``from_python`` does, a date string).
  Anything else goes to ``Model._fact``, the converter ``Model.check_facts`` uses, so every
  conversion and every error message has one source.
* **Decisions** run in dependency order as Python locals: each decision's expression is
  compiled with its requirements bound to those locals (import prefixes too, see
  :class:`~dmnlaw.feel.compiler.Scope`), so no environment dict is built. Coercing a
  result to its type is left out where every value the code can give conforms.
* **Decision tables** with hit policy FIRST or UNIQUE, at the top of a decision or of one
  of its context entries, are inlined, their constant outputs written in directly. Rules
  are split on an enumerated column first (one comparison selects the rules whose literal
  matches). Without the trace, FIRST is an ``if``/``elif`` chain; UNIQUE too, testing
  after a match only the later rules that could also match (decided at load time from the
  literal cells, :func:`dmnlaw.dmn.cells.disjoint`). With the trace every match is needed:
  the rules are all tested, or — cheaper for tables of literal cells — each column gives a
  mask of the rules it admits (a dict lookup for an enumerated column, a bisection for
  number ranges) and their AND is the set of matches. Tables under other hit policies,
  and everything that is not a table, run the code the model compiled.
* Without the trace, a number fact that only such tables compare with literals stays the
  ``int`` or ``float`` given (see ``_Writer._raw_inputs`` for why that is exact).
* **The trace** is recorded raw (:class:`~dmnlaw.evaluate.TraceRecord`): per inlined table
  one tuple, warnings in one list for the whole evaluation, and per decision where its
  share ends. Trace entries and missing facts are built only when read.

A test is skipped, reordered or run once for several rules only where that cannot be seen:
when it is *pure* (a comparison with literals, which never warns and never raises; see
:mod:`dmnlaw.dmn.cells`). Warnings are worded as :class:`~dmnlaw.dmn.tables.Table` words
them. Generated code is built from ASTs and model data only; user text reaches it as
``repr`` literals, never as code.
"""
from __future__ import annotations

import decimal
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterator

from .. import model as m
from ..evaluate import Program, TracePlan, program_namespace
from ..feel import nodes as fn
from ..feel import temporal
from ..feel.compiler import Scope
from ..feel.parser import NameIndex, parse_expression, parse_unary_tests
from ..feel.types import FeelType, PrimitiveType
from ..feel.values import to_feel_text
from . import tables
from .boxed import BoxedCompiler, with_locals
from .cells import Atom, Cell, accepts, cell_of, disjoint, negated_strings
from .compile import CompiledDecision, CompiledModel
from .types import ItemType, _Named, is_collection

if TYPE_CHECKING:
    from ..api import Model

# Integers below this size (in absolute value) are FEEL numbers as they are: Decimal(n) is
# exact and far inside decimal128's exponent range, as Model.check_facts requires.
_INT_LIMIT = 10 ** 34
_FLOAT_MAX = 1.7976931348623157e308
# What Model._convert reads a string fact of a temporal type with, and the class it gives.
_TEMPORAL = {
    "date": (temporal.parse_date, temporal.Date),
    "date and time": (temporal.parse_date_time, temporal.DateTime),
    "time": (temporal.parse_time, temporal.Time),
    "days and time duration": (temporal.parse_duration, temporal.DaysTimeDuration),
    "years and months duration": (temporal.parse_duration, temporal.YearsMonthsDuration),
}
# Most rules a split of a table on an enumerated column may copy into its branches (this
# multiple of the table's rules, plus eight), and how many splits may nest.
_SPLIT_GROWTH = 2
_SPLIT_DEPTH = 2
# Most rules a table inlined into a program may have (see _inlined).
_INLINE_RULES = 300


def build_program(model: "Model", targets: list[str], trace: bool, strict: bool) -> Program:
    """Generate, compile and return the program evaluating the decisions ``targets`` (node
    keys) and what they need.

    ``strict`` programs check and convert the facts as ``Model.check_facts`` does (raising
    its CaseError); others read them with ``from_python`` and convert input data to their
    types at typed boundaries, as :func:`dmnlaw.evaluate.run` does. Never raises for a
    model that loaded.
    """
    return _Writer(model, targets, trace, strict).write()


# --- facts ---------------------------------------------------------------------------------

def _plain(t: FeelType | None, kind: str) -> bool:
    """Is ``t`` the FEEL primitive ``kind`` itself, every value of that kind conforming?"""
    while True:
        if isinstance(t, _Named):
            t = t.base
        elif isinstance(t, ItemType) and t.allowed is None and not t.collection:
            t = t.base
        else:
            break
    return isinstance(t, PrimitiveType) and t.name == kind


def _number_intervals(t: FeelType | None) -> list[Atom] | None:
    """For a number type, the intervals its allowed values accept ([] when it has none, so
    every number conforms); None when that cannot be read from literals."""
    while isinstance(t, _Named):
        t = t.base
    if _plain(t, "number"):
        return []
    if not isinstance(t, ItemType) or t.collection or not _plain(t.base, "number") or not t.allowed_text:
        return None
    try:
        cell = cell_of(parse_unary_tests(t.allowed_text))
    except Exception:  # noqa: BLE001 - not readable here: the slow way decides
        return None
    if cell.atoms is None or any(a[0] != "i" for a in cell.atoms):
        return None
    return cell.atoms


def _exact_atom(a: Atom) -> bool:
    """Are an interval's ends floats whose shortest repr is the end itself (see _raw_inputs)?"""
    return all(x is None or _float_exact(x) for x in (a[1], a[3]))


def _float_exact(x: Decimal) -> bool:
    try:
        f = float(x)
    except (OverflowError, ValueError):
        return False
    return math.isfinite(f) and Decimal(f) == x and Decimal(repr(f)) == x


def _py_number(x: Decimal) -> str:
    """A float-exact Decimal as a Python literal (an int when integral)."""
    return repr(int(x)) if x == x.to_integral_value() else repr(float(x))


def _raw_within(atoms: list[Atom], var: str) -> str:
    """" and <``var`` (a number, not null) lies in one of the intervals ``atoms``>", or ""
    when there are none."""
    if not atoms:
        return ""
    return " and (" + " or ".join(_raw_interval(a, var) for a in atoms) + ")"


def _raw_interval(a: Atom, var: str) -> str:
    _, lo, lo_in, hi, hi_in = a
    text = var
    if lo is not None:
        text = f"{_py_number(lo)} {'<=' if lo_in else '<'} {text}"
    if hi is not None:
        text = f"{text} {'<=' if hi_in else '<'} {_py_number(hi)}"
    return "True" if text == var else text


def _raw_test(cell: Cell, var: str) -> str:
    """A cell's literal tests on a number left as given (int, float, Decimal or None)."""
    parts = []
    for a in cell.atoms or ():
        if a[0] == "n":
            parts.append(f"{var} is None")
        elif a[0] == "s":
            parts.append(f"{var} == {a[1]!r}")
        elif a[0] == "b":
            parts.append(f"{var} is {a[1]}")
        else:
            parts.append(f"({var} is not None and {_raw_interval(a, var)})")  # None < 1 raises
    return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"


def _is_literal(text: str, names: NameIndex) -> bool:
    if not text.strip():
        return True
    try:
        ast = parse_expression(text, names)
    except Exception:  # noqa: BLE001
        return False
    return isinstance(ast, fn.Literal)


def _allowed_strings(t: FeelType | None) -> frozenset[str] | None:
    """The allowed values of a string type when they are a list of string literals: then
    exactly the strings that conform (what compile_value_check tests), and each is checked
    to conform. None otherwise."""
    while isinstance(t, _Named):
        t = t.base
    if not isinstance(t, ItemType) or t.collection or not _plain(t.base, "string") or not t.allowed_text:
        return None
    try:
        tests = parse_unary_tests(t.allowed_text)
    except Exception:  # noqa: BLE001 - not readable here: the slow way decides
        return None
    cell = cell_of(tests)
    if tests.negated or cell.atoms is None or any(a[0] != "s" for a in cell.atoms):
        return None
    values = frozenset(a[1] for a in cell.atoms)
    return values if all(t.conforms(v) is True for v in values) else None


# --- the writer ----------------------------------------------------------------------------

class _Boxed(BoxedCompiler):
    """The model's boxed-expression compiler, calling the model's own table objects (so the
    trace sees the same tables) instead of compiling the tables again."""

    def __init__(self, base: BoxedCompiler, known: dict[int, tables.Table]) -> None:
        super().__init__(base.gen, base.type_of)
        self.known = known

    def _DecisionTable(self, e: m.DecisionTable, scope: Scope, names: NameIndex, where: str) -> str:
        table = self.known.get(id(e))
        if table is None:
            return super()._DecisionTable(e, scope, names, where)
        return f"{self.gen.const(table)}({scope.env_dict()})"


_NO_VALUE = object()  # an output entry that is not a constant


class _Writer:
    """Writes one program into the model's code generator."""

    def __init__(self, model: "Model", targets: list[str], trace: bool, strict: bool) -> None:
        self.model = model
        self.compiled: CompiledModel = model.compiled
        self.gen = self.compiled.gen
        self.trace = trace
        self.strict = strict
        self.targets = targets
        self.order = self.compiled.order(targets)
        self.boxed = _Boxed(self.compiled.boxed, {id(t.model): t for t in self.compiled.boxed.tables})
        self.local: dict[str, str] = {}       # node key → Python local holding its value
        # What the program's code may do, decided while writing it: call code that warns or
        # reads the hit recorder, and need FEEL's decimal context.
        self.needs_sink = False
        self.needs_decimal = False
        # Untraced, number facts that only decision tables compare with literals stay the
        # Python int or float they were given (see _raw_inputs); their locals:
        self.raw: set[str] = self._raw_inputs() if strict and not trace else set()
        self.raw_vars: set[str] = set()
        # What locals can hold, where the code shows it: Python variable → every value it
        # may have (null included); a context's variable → per entry, the same (or None).
        self.known: dict[str, tuple[Any, ...]] = {}
        self.members: dict[str, dict[str, tuple[Any, ...] | None]] = {}

    # -- emission helpers ------------------------------------------------------------------

    def emit(self, line: str) -> None:
        self.gen.emit(line)

    def new(self, prefix: str) -> str:
        return self.gen.new(prefix)

    def const(self, value: Any) -> str:
        return self.gen.const(value)

    def warn(self, message_code: str) -> None:
        """Emit a warning (a Python expression giving the text); untraced programs run
        with warnings off, so they do not compute it at all."""
        if self.trace:
            self.emit(f"_warn({message_code})")

    def generic(self) -> None:
        """The code just written runs the model's general compiled code, which may warn or
        record table hits."""
        self.needs_sink = True

    # -- the program -----------------------------------------------------------------------

    def write(self) -> Program:
        gen = self.gen
        program_namespace(gen.namespace)
        name = gen.new("_program")
        with gen.separate():
            if self.strict:
                self._facts()
            facts_lines = gen.lines
            gen.lines = []
            bounded: list[str] = []
            for key in self.order:
                if key in self.compiled.decisions:
                    self._decision(self.compiled.decisions[key])
                    bounded.append(key)
                else:
                    self._input(key)
                    if not self.strict and self.trace:
                        bounded.append(key)
            body = gen.lines
            gen.lines = []
            self.needs_decimal = _needs_decimal(body)
            self._assemble(name, facts_lines, body, bounded)
            gen.build(f"<program {name}>")
        return Program(gen.namespace[name], name, tuple(self.order))

    def _assemble(self, name: str, facts: list[str], body: list[str], bounded: list[str]) -> None:
        gen = self.gen
        lines = [f"def {name}(F, M):"]
        if not self.trace and self.needs_sink:
            lines.append(f"    if _SINK.get() is not None or _HITS.get() is not None: "
                         f"return _isolated({name}, F, M)")
        lines += ["    " + x for x in facts]
        depth = 1
        if self.trace:
            lines += ["    H = []", "    W = []", "    P = []",
                      "    _tw = _collect_warnings(W)", "    _th = _HITS.set(H)", "    try:"]
            depth += 1
        if self.needs_decimal:
            lines.append("    " * depth + "with _localcontext(_CTX):")
            depth += 1
        lines += ["    " * depth + x for x in body] or ["    " * depth + "pass"]
        if self.trace:
            lines += ["    finally:", "        _HITS.reset(_th)", "        _reset_warnings(_tw)"]
        # The Result is filled in place: a dict made without its class's __init__, then
        # one store per decision (see evaluate.Result).
        res = self.new("res")
        lines.append(f"    {res} = _new_dict(_Result)")
        for key in self.order:
            dec = self.compiled.decisions.get(key)
            if dec is not None:
                lines.append(f"    {res}[{dec.name!r}] = {self.local[key]}")
        if self.trace:
            concl = [k for k in self.model.conclusions if k in set(self.order)]
            plan = TracePlan(self.compiled, tuple(self.order), tuple(bounded), concl)
            lines.append(f"    {res}._record = _TraceRecord({self.const(plan)}, "
                         f"({''.join(self.local[k] + ', ' for k in self.order)}), H, W, P)")
        else:
            # What it takes to evaluate again with the trace, should the missing facts be read.
            again = (tuple(self.compiled.decisions[k].name for k in self.targets), self.strict)
            lines.append(f"    {res}._record = (M, F, {self.const(again)})")
        lines.append(f"    return {res}")
        gen.lines = lines

    # -- facts -----------------------------------------------------------------------------

    def _facts(self) -> None:
        """Check and convert every fact (strict programs), as Model.check_facts does."""
        model = self.model
        known = self.const(frozenset(model.inputs))
        self.emit(f"if not {known}.issuperset(F): M._check_given(F)")
        by_name: dict[str, str] = {}
        for fname, key in model.inputs.items():
            var = by_name[fname] = self.new("f")
            t = self.compiled.inputs[key][1]
            kind = model.input_kind(fname)
            slow = f"M._fact({fname!r}, {var}, F)"
            self.emit(f"{var} = {self._given(fname)}")
            strings = _allowed_strings(t) if kind == "string" else None
            if strings is not None:
                self.known[var] = tuple(strings) + (None,)
                self.emit(f"if {var} is not None and not (type({var}) is str and {var} in "
                          f"{self.const(strings)}): {var} = {slow}")
            elif kind == "string" and _plain(t, "string"):
                self.emit(f"if {var} is not None and type({var}) is not str: {var} = {slow}")
            elif kind == "boolean" and _plain(t, "boolean"):
                self.known[var] = (True, False, None)
                self.emit(f"if {var} is not None and {var} is not True and {var} is not False: "
                          f"{var} = {slow}")
            elif fname in self.raw:
                # Checked as below, but left as given: only exact comparisons read it.
                atoms = _number_intervals(t) or []
                self.raw_vars.add(var)
                self.emit(f"if {var} is not None and not ((type({var}) is int and -{_INT_LIMIT} < "
                          f"{var} < {_INT_LIMIT} or type({var}) is float and -{_FLOAT_MAX!r} <= "
                          f"{var} <= {_FLOAT_MAX!r}){_raw_within(atoms, var)}): {var} = {slow}")
            elif t is None or (kind == "number" and _number_intervals(t) is not None):
                # from_python's exact conversions of int and float, when the value then
                # conforms; a Decimal given as it is still needs the range check, so it
                # takes the slow way. Untyped facts keep strings and booleans as they are.
                atoms = [] if t is None else _number_intervals(t)
                x = self.new("x")
                if t is None:
                    self.emit(f"if {var} is not None and type({var}) is not str and "
                              f"{var} is not True and {var} is not False:")
                else:
                    self.emit(f"if {var} is not None:")
                self.emit(f"    if type({var}) is int and -{_INT_LIMIT} < {var} < {_INT_LIMIT} "
                          f"and {self._within(atoms, var)}: {var} = _D({var})")
                self.emit("    else:")
                self.emit(f"        {x} = _D(repr({var})) if type({var}) is float and "
                          f"-{_FLOAT_MAX!r} <= {var} <= {_FLOAT_MAX!r} else None")
                self.emit(f"        {var} = {x} if {x} is not None and {self._within(atoms, x)} "
                          f"else {slow}")
            elif kind in _TEMPORAL and _plain(t, kind):
                # A string read as Model._convert reads it; anything else, or a string
                # that does not parse, the slow way (which says why).
                parse, cls = _TEMPORAL[kind]
                x = self.new("x")
                self.emit(f"if {var} is not None:")
                self.emit("    try:")
                self.emit(f"        {x} = {self.const(parse)}({var}) if type({var}) is str else None")
                self.emit("    except Exception:")
                self.emit(f"        {x} = None")
                self.emit(f"    {var} = {x} if type({x}) is {self.const(cls)} else {slow}")
            else:
                self.emit(f"if {var} is not None: {var} = {slow}")
        for key, (node, _) in self.compiled.inputs.items():
            # Model.inputs names the last input of a name; every input of that name reads it.
            self.local[key] = by_name[node.name]

    def _given(self, name: str) -> str:
        """The fact ``name`` as given, or its default (Model.defaults) when absent."""
        if name in self.model.defaults:
            return f"F.get({name!r}, {self.const(self.model.defaults[name])})"
        return f"F.get({name!r})"

    def _raw_inputs(self) -> set[str]:
        """Names of number facts an untraced program may leave as the int or float given.

        Decimal(n) for an int, Decimal(repr(x)) for a float, compare with a literal exactly
        as n or x does, provided the literal is a float whose shortest repr is itself
        (sign(x - k) = sign(Decimal(repr(x)) - k) then, since repr(x) rounds back to x).
        So a fact qualifies when every use of it is a column of an inlined table whose
        cells are such literal tests (no input values), in decisions made only of those
        tables with constant outputs; any other use, or one not understood, disqualifies.
        """
        model, compiled = self.model, self.compiled
        out = set()
        for name, key in model.inputs.items():
            atoms = _number_intervals(compiled.inputs[key][1]) if model.input_kind(name) == "number" else None
            if atoms is not None and all(_exact_atom(a) for a in atoms):
                out.add(name)
        for key in self.order:
            dec = compiled.decisions.get(key)
            if dec is None:
                continue
            reads = self._table_reads(dec)
            if reads is None:
                out -= {compiled.inputs[k][0].name for k in _requirement_keys(dec) if k in compiled.inputs}
                continue
            for k, cells, has_values in reads:
                if has_values or not all(c.tests is None or (c.atoms is not None and all(
                        a[0] != "i" or _exact_atom(a) for a in c.atoms)) for c in cells):
                    out.discard(compiled.inputs[k][0].name)
        return out

    def _table_reads(self, dec: CompiledDecision) -> list[tuple[str, list[Cell], bool]] | None:
        """For a decision made only of FIRST/UNIQUE tables (its own, or its context's
        entries) with pure cells, constant outputs and input expressions that are names:
        per column reading input data, (input key, the column's cells, has input values).
        None for any other decision."""
        compiled = self.compiled
        e = dec.node.element.expression  # type: ignore[union-attr]
        plain = {name: key for key, name in dec.plain}
        prefixed = {p: {name: key for key, name in reqs} for p, reqs in dec.prefixed.items()}
        if set(plain) & set(prefixed):
            return None
        ns = dec.node.defs.namespace
        index = NameIndex(compiled.base_names[ns] | compiled.fn_names[ns] | set(plain) | set(prefixed))
        if isinstance(e, m.DecisionTable):
            parts = [(e, set())]
        elif isinstance(e, m.Context) and e.entries:
            parts, seen = [], set()
            for entry in e.entries:
                if entry.variable is None or not isinstance(entry.expression, m.DecisionTable):
                    return None
                parts.append((entry.expression, set(seen)))
                seen.add(entry.variable.name)
                index.add(entry.variable.name)
        else:
            return None
        out = []
        for dt, local in parts:
            table = self.boxed.known.get(id(dt))
            if not _inlined(table):
                return None
            texts = [x.text for r in dt.rules for x in r.output_entries]
            texts += [o.default_output_entry for o in dt.outputs if o.default_output_entry]
            if not all(_is_literal(t, index) for t in texts):
                return None
            try:
                cells = [[cell_of(None if x.text.strip() in ("-", "") else parse_unary_tests(x.text, index))
                          for x in r.input_entries] for r in dt.rules]
            except Exception:  # noqa: BLE001 - not understood here: not a candidate
                return None
            if not all(c.pure for row in cells for c in row):
                return None
            for j, clause in enumerate(dt.inputs):
                try:
                    ast = parse_expression(clause.expression.text, index)
                except Exception:  # noqa: BLE001
                    return None
                if isinstance(ast, fn.Name) and ast.name in local:
                    continue
                if isinstance(ast, fn.Name) and ast.name in plain:
                    key = plain[ast.name]
                elif (isinstance(ast, fn.Path) and isinstance(ast.value, fn.Name)
                      and ast.value.name not in local and ast.value.name in prefixed
                      and ast.name in prefixed[ast.value.name]):
                    key = prefixed[ast.value.name][ast.name]
                else:
                    return None
                if key in compiled.inputs:
                    out.append((key, [row[j] for row in cells if j < len(row)], bool(clause.input_values)))
        return out

    def _within(self, atoms: list[Atom], var: str) -> str:
        """A test that the number ``var`` (int or Decimal, compared exactly) lies in one of
        the intervals ``atoms``."""
        if not atoms:
            return "True"
        parts = []
        for _, lo, lo_in, hi, hi_in in atoms:
            cmp = []
            if lo is not None:
                cmp.append(f"{self.const(lo)} {'<=' if lo_in else '<'} {var}")
            if hi is not None:
                cmp.append(f"{var} {'<=' if hi_in else '<'} {self.const(hi)}")
            parts.append(" and ".join(cmp) or "True")
        return "(" + " or ".join(f"({p})" for p in parts) + ")"

    def _input(self, key: str) -> None:
        """An input datum's value inside the body: strict programs converted it already;
        others convert it here, at its place in the order, as run() does."""
        if self.strict:
            return
        node, t = self.compiled.inputs[key]
        var = self.local[key] = self.new("f")
        self.emit(f"{var} = {self._given(node.name)}")
        self.emit(f"if {var} is not None: {var} = _from_python({var})")
        if t is not None:
            self.needs_sink = True
            what = repr(f"input '{node.name}'")
            self.emit(f"if {var} is not None and not {self.const(t)}.conforms({var}): "
                      f"{var} = _coerce({var}, {self.const(t)}, {what})")
        if self.trace:
            self.emit("P.append(len(H)); P.append(len(W))")

    # -- decisions -------------------------------------------------------------------------

    def _decision(self, dec: CompiledDecision) -> None:
        var = self.local[dec.node.key] = self.new("d")
        self.emit(f"# decision {dec.name!r}")
        self.emit("try:")
        self.gen.indent += 1
        static = self._decision_body(dec, var)
        self.gen.indent -= 1
        self.emit("except RecursionError:")
        if self.trace:
            self.emit("    W.append('evaluation recursed too deeply')")
        self.emit(f"    {var} = None")
        self.emit("except Exception as _e:  # a decision never crashes the evaluation")
        if self.trace:
            self.emit("    W.append(_internal_error(_e))")
        self.emit(f"    {var} = None")
        if dec.type is None or _conforms_all(dec.type, static) or not is_collection(dec.type):
            # The value is one of those found, or null (coercion to a single type gives
            # the value itself or null).
            self._remember(var, static)
        if dec.type is not None and not _conforms_all(dec.type, static):
            self.needs_sink = True
            t = self.const(dec.type)
            what = repr(f"result of '{dec.name}'")
            self.emit(f"if {var} is not None and not {t}.conforms({var}): "
                      f"{var} = _coerce({var}, {t}, {what})")
        if self.trace:
            self.emit("P.append(len(H)); P.append(len(W))")

    def _remember(self, var: str, static: Any) -> None:
        """Note what ``var`` may hold (see ``known``), from what its code showed."""
        if isinstance(static, _ContextValues):
            self.members[var] = {k: None if v is None or isinstance(v, _ContextValues)
                                 else tuple(v) + (None,) for k, v in static.entries.items()}
            self.gen.contexts[var] = frozenset(static.entries)
        elif static is not None:
            self.known[var] = tuple(static) + (None,)

    def _decision_body(self, dec: CompiledDecision, var: str) -> Any:
        """Emit the statements computing the decision's raw value into ``var``; return what
        is known of its possible values (see _conforms_all)."""
        compiled = self.compiled
        node = dec.node
        ns = node.defs.namespace
        types = compiled.types
        self.boxed.type_of = self.gen.type_resolver = lambda ref: types.resolve(ref, ns)
        plain = {name: self.local[key] for key, name in dec.plain}
        env_names = compiled.fn_names[ns] | set(plain) | set(dec.prefixed)
        index = NameIndex(compiled.base_names[ns] | env_names)
        fns = self.const(compiled.functions[ns])
        if set(plain) & set(dec.prefixed):
            # A requirement named like an import prefix: the environment decides which
            # wins, so the decision keeps its environment.
            self.generic()
            reqs = "{" + ", ".join(f"{k!r}: {self.local[k]}" for k in _requirement_keys(dec)) + "}"
            self.emit(f"{var} = {self.const(dec.fn)}(_env_of({self.const(compiled)}, "
                      f"{self.const(dec)}, {reqs}))")
            return None
        prefixes = {}
        for prefix, reqs in dec.prefixed.items():
            members = {name: self.local[key] for key, name in reqs}
            built = ("{**(" + fns + f".get({prefix!r}) or {{}}), "
                     + ", ".join(f"{n!r}: {v}" for n, v in members.items()) + "}")
            prefixes[prefix] = (built, members)
        scope = Scope(env=fns, env_names=compiled.fn_names[ns] - set(plain) - set(prefixes),
                      names=plain, prefixes=prefixes)
        return self._value(node.element.expression, scope, index, node.name, var)  # type: ignore[union-attr]

    def _value(self, e: m.Expression | None, scope: Scope, names: NameIndex, where: str,
               var: str) -> Any:
        """Emit ``var = <value of e>``; return what is known of its possible values."""
        if isinstance(e, m.DecisionTable):
            table = self.boxed.known.get(id(e))
            if _inlined(table):
                return _TableWriter(self, table, scope, names, where).write(var)
        if isinstance(e, m.Context):
            return self._context(e, scope, names, where, var)
        code = self.boxed.expr(e, scope, names, where)
        if not code.isidentifier() and code != "None":
            self.generic()
        self.emit(f"{var} = {code}")
        if isinstance(e, m.LiteralExpression) and e.type_ref is None:
            return _outcomes(e.text, with_locals(names, scope))
        return None

    def _context(self, e: m.Context, scope: Scope, names: NameIndex, where: str, var: str) -> Any:
        """A boxed context as statements (BoxedCompiler._Context, without its function)."""
        out = self.new("c")
        self.emit(f"{out} = {{}}")
        inner = scope.child()
        inner_names = names.copy()
        result: str | None = None
        static: dict[str, Any] = {}
        for entry in e.entries:
            if entry.variable is None:
                # Evaluated after every entry, in the scope of the entries above it, as the
                # context function returns it.
                result = self.boxed.expr(entry.expression, inner, inner_names, where)
                self.generic()
                continue
            key = entry.variable.name
            v = self.new("v")
            known = self._value(entry.expression, inner, inner_names, f"{where}.{key}", v)
            t = self.boxed.type_of(entry.variable.type_ref)
            if t is not None and not _conforms_all(t, known):
                self.needs_sink = True
                self.emit(f"{v} = _coerce({v}, {self.const(t)}, {f'context entry {key}'!r})")
                known = None
            self.emit(f"{out}[{key!r}] = {v}")
            self._remember(v, known)
            static[key] = known
            inner = inner.child({key: v})
            inner_names.add(key)
        self.emit(f"{var} = {result if result is not None else out}")
        return None if result is not None else _ContextValues(static)


def _inlined(table: tables.Table | None) -> bool:
    """Is ``table`` written into programs? FIRST and UNIQUE tables of up to _INLINE_RULES
    rules: a longer one runs as the table object, whose code grows linearly with its rules
    (the inlined forms compare rules pairwise, and nest an ``elif`` per rule, which
    Python's compiler refuses beyond a few thousand)."""
    return (table is not None and table.hit_policy in ("FIRST", "UNIQUE")
            and len(table.model.rules) <= _INLINE_RULES)


def _outcomes(text: str, names: NameIndex) -> list[Any] | None:
    """The values a literal expression can give besides null, when every one is a constant:
    an ``if`` chain of literals (a non-boolean condition gives null). None otherwise."""
    try:
        node = parse_expression(text, names)
    except Exception:  # noqa: BLE001 - compiled already; unreadable here means unknown
        return None
    out: list[Any] = []
    todo = [node]
    while todo:
        node = todo.pop()
        if isinstance(node, fn.If):
            todo += [node.then, node.otherwise]
        elif isinstance(node, fn.Literal) and type(node.value) in (str, bool, Decimal, type(None)):
            v = node.value
            # by type as well: True == Decimal(1) in Python, never in FEEL
            if v is not None and not any(type(o) is type(v) and o == v for o in out):
                out.append(v)
        else:
            return None
    return out


# Run-time helpers that only compare, test types and move values about: code calling
# nothing else computes no Decimal and so needs no decimal context.
_CONTEXT_FREE = frozenset({
    "_eq", "_ne", "_lt", "_le", "_gt", "_ge", "_between", "_not3", "_if_",
    "_any_of", "_item_lookup", "_coerce", "_warn", "_null", "_unknown_name", "_to_feel_text",
    "_D", "_type_name", "_internal_error", "_env_of", "type", "len", "repr", "str", "map",
    "isinstance", "conforms", "append", "get", "join", "_column_mask", "_bisect", "_rule_numbers",
    "bit_length"})
_CALL = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\(")
_DEF = re.compile(r"^\s*def ([A-Za-z_][A-Za-z0-9_]*)\(")


def _needs_decimal(body: list[str]) -> bool:
    """Does the generated code call anything but context-free helpers and its own nested
    functions? (Text in string literals only ever makes the answer yes: safe.)"""
    own = {m.group(1) for line in body if (m := _DEF.match(line))}
    return any(name not in _CONTEXT_FREE and name not in own
               for line in body for name in _CALL.findall(line))


def _requirement_keys(dec: CompiledDecision) -> list[str]:
    return [k for k, _ in dec.plain] + [k for reqs in dec.prefixed.values() for k, _ in reqs]


@dataclass
class _ContextValues:
    """What is known of a context's entries: per entry, its possible values (or None)."""

    entries: dict[str, Any]


def _conforms_all(t: FeelType, known: Any) -> bool:
    """Does every value the code can produce conform to ``t``, so that coercing is a no-op?
    ``known`` is a list of the possible values (null always possible), a _ContextValues,
    or None (nothing known)."""
    if known is None:
        return False
    if isinstance(known, _ContextValues):
        base: Any = t
        while isinstance(base, _Named):
            base = base.base
        if isinstance(base, ItemType):
            if base.allowed is not None or base.collection:
                return False
            base = base.base
        from ..feel.types import ContextType

        if not isinstance(base, ContextType):
            return False
        return all(k in known.entries and _conforms_all(ft, known.entries[k]) for k, ft in base.fields)
    return all(v is None or t.conforms(v) is True for v in known)


class _TableWriter:
    """Inlines one FIRST or UNIQUE decision table (see the module docstring)."""

    def __init__(self, w: _Writer, table: tables.Table, scope: Scope, names: NameIndex,
                 where: str) -> None:
        self.w = w
        self.table = table
        self.dt: m.DecisionTable = table.model
        self.scope = scope
        self.names = with_locals(names, scope)
        self.where = where
        self.first = table.hit_policy == "FIRST"
        self.ncols = len(self.dt.inputs)
        self.cells: list[list[Cell]] = []
        parsed: dict[str, Cell] = {}  # the same cell text parses the same in one table
        for rule in self.dt.rules:
            row = []
            for entry in rule.input_entries:
                text = entry.text.strip()
                if text not in parsed:
                    parsed[text] = cell_of(None if text in ("-", "") else tables.parse_tests(
                        entry.text, self.names, entry.source, f"table '{table.name}', rule {rule.number}"))
                row.append(parsed[text])
            self.cells.append(row)
        self.input_asts: list[fn.Node | None] = []
        for clause in self.dt.inputs:
            try:
                self.input_asts.append(parse_expression(clause.expression.text, self.names))
            except Exception:  # noqa: BLE001 - compiled as it is elsewhere, which reports it
                self.input_asts.append(None)
        self.rows: list[Any] = [self._constant_row(k) for k in range(len(self.dt.rules))]

    # -- pieces ------------------------------------------------------------------------

    def emit(self, line: str) -> None:
        self.w.emit(line)

    def _always_in(self, tests: fn.UnaryTests, j: int) -> bool:
        """Does every value input ``j`` may have (as far as the program knows) pass its
        input values ``tests``, so the check can be left out?"""
        cell = cell_of(tests)
        known = self._known_column(j)
        return cell.pure and known is not None and all(v is None or accepts(cell, v) for v in known)

    def _local(self, ast: fn.Node) -> str | None:
        """The Python variable a name, or an import prefix's member, compiles to."""
        gen = self.w.gen
        if isinstance(ast, fn.Name):
            code, _ = gen.resolve_name(ast.name, self.scope)
            return code if code.isidentifier() else None
        if isinstance(ast, fn.Path) and isinstance(ast.value, fn.Name):
            _, members = gen.resolve_name(ast.value.name, self.scope)
            if members is not None and ast.name in members:
                return members[ast.name]
        return None

    def _known(self, ast: fn.Node) -> tuple[Any, ...] | None:
        """Every value an input expression may have, when the program knows them."""
        var = self._local(ast)
        if var is not None:
            return self.w.known.get(var)
        if isinstance(ast, fn.Path):
            var = self._local(ast.value)
            entries = self.w.members.get(var) if var is not None else None
            if entries is not None and ast.name in entries:
                return entries[ast.name]
        return None

    def _compile_value(self, lit: m.LiteralExpression) -> str:
        code = self.w.boxed.literal(lit, self.scope, with_locals(self.names, self.scope), self.where)
        if not code.isidentifier() and code != "None":
            self.w.generic()
        return code

    def _prefix(self, text: str) -> str:
        """A warning's opening as a Python literal: "table '<name>'" and ``text``, as
        Table words its warnings (the input values warning, from the match function,
        names the table without quotes)."""
        return repr(f"table '{self.table.name}'{text}")

    def _constant(self, lit: m.LiteralExpression) -> Any:
        """The value of an output entry that is a literal, else _NO_VALUE."""
        text = lit.text.strip()
        if not text:
            return None
        try:
            ast = parse_expression(lit.text, self.names)
        except Exception:  # noqa: BLE001 - compiled as it is, which reports the error
            return _NO_VALUE
        if isinstance(ast, fn.Literal) and (ast.value is None or type(ast.value) in (str, bool, Decimal)):
            return ast.value
        return _NO_VALUE

    def _checked(self, j: int, value: Any) -> tuple[Any, str | None]:
        """A constant output after the output values check: (value, warning or None)."""
        check = self.table.output_checks[j]
        if check is not None and value is not None and check(value) is not True:
            return None, (f"table '{self.table.name}': output {to_feel_text(value)} "
                          "is not one of the output values")
        return value, None

    def _constant_row(self, k: int) -> Any:
        """Rule k's single output when it is a constant that passes its check, else _NO_VALUE."""
        rule = self.dt.rules[k]
        if not self.table.single_output or len(rule.output_entries) != 1:
            return _NO_VALUE
        value = self._constant(rule.output_entries[0])
        if value is _NO_VALUE:
            return _NO_VALUE
        value, problem = self._checked(0, value)
        return _NO_VALUE if problem else value

    def _row(self, k: int, var: str) -> list[Any] | None:
        """Emit ``var = <rule k's output>`` (Table._row); return its possible values, or
        None when they are not all known."""
        if self.rows[k] is not _NO_VALUE:
            self.emit(f"{var} = {self._literal(self.rows[k])}")
            return [self.rows[k]]
        parts: list[str] = []
        constants: list[Any] = []
        for j, entry in enumerate(self.dt.rules[k].output_entries):
            value = self._constant(entry)
            if value is not _NO_VALUE:
                value, problem = self._checked(j, value)
                if problem:
                    self.w.warn(repr(problem))
                parts.append(self._literal(value))
                constants.append(value)
                continue
            o = self.w.new("o")
            self.emit(f"{o} = {self._compile_value(entry)}")
            check = self.table.output_checks[j]
            if check is not None:
                self.w.needs_sink = True
                self.emit(f"if {o} is not None and {self.w.const(check)}({o}) is not True:")
                self.w.gen.indent += 1
                self.w.warn(f"{self._prefix(': output ')} + _to_feel_text({o})"
                            " + ' is not one of the output values'")
                self.emit(f"{o} = None")
                self.w.gen.indent -= 1
            parts.append(o)
        if self.table.single_output:
            self.emit(f"{var} = {parts[0]}")
            return constants if len(constants) == len(parts) else None
        self.emit(f"{var} = {{" + ", ".join(f"{n!r}: {p}" for n, p in
                                          zip(self.table.output_names, parts)) + "}")
        return None

    def _literal(self, value: Any) -> str:
        if value is None or type(value) in (bool, str):
            return repr(value)
        return self.w.const(value)

    def _no_match(self, var: str) -> list[Any] | None:
        """Emit what no matching rule gives (Table._apply): the default output, and the
        warning when there is none; return its possible values."""
        defaults = [o.default_output_entry for o in self.dt.outputs]
        message = repr(f"table '{self.table.name}': no rule matched")
        if not any(d is not None and d.strip() for d in defaults):
            self.emit(f"{var} = None")
            self.w.warn(message)
            return []
        parts: list[str] = []
        known: list[Any] | None = []
        for text, out in zip(defaults, self.dt.outputs):
            if not (text and text.strip()):
                parts.append("None")
                continue
            lit = m.LiteralExpression(text=text, source=out.source)
            value = self._constant(lit)
            if value is _NO_VALUE:
                parts.append(self._compile_value(lit))
                known = None
            else:
                parts.append(self._literal(value))
                if known is not None:
                    known.append(value)
        if self.table.single_output:
            self.emit(f"{var} = {parts[0]}")
        else:
            self.emit(f"{var} = {{" + ", ".join(f"{n!r}: {p}" for n, p in
                                              zip(self.table.output_names, parts)) + "}")
            known = None
        if self.w.trace:
            self.emit(f"if {var} is None: _warn({message})")
        return known

    def _condition(self, k: int, done: frozenset[int], ins: list[str]) -> str:
        """Rule k's input entries as one Python condition, skipping the columns ``done``
        (known to hold); "True" when nothing is left to test."""
        conds = []
        for j, cell in enumerate(self.cells[k]):
            if j in done or cell.tests is None:
                continue
            if ins[j] in self.w.raw_vars:
                conds.append(_raw_test(cell, ins[j]))
                continue
            conds.append(self.w.gen.unary_truth(cell.tests, ins[j], self.scope))
            if not cell.pure:
                self.w.generic()
        return " and ".join(conds) if conds else "True"

    # -- the table ---------------------------------------------------------------------

    def write(self, var: str) -> list[Any] | None:
        """Emit the table; return the possible values of ``var``."""
        w, dt = self.w, self.dt
        g = w.gen
        ins: list[str] = []
        # After an input outside its input values nothing more is evaluated (the table is
        # null, with no hit): later inputs are computed only while ``ok`` holds.
        ok: str | None = None
        for k, clause in enumerate(dt.inputs):
            guard = ok is not None
            if guard:
                self.emit(f"if {ok}:")
                g.indent += 1
                mark = len(g.lines)
            code = self._compile_value(clause.expression)
            if code.isidentifier() or code == "None":
                i = code
            else:
                i = w.new("i")
                self.emit(f"{i} = {code}")
            ins.append(i)
            tests = tables.parse_tests(clause.input_values, self.names, clause.source,
                                       f"input {k + 1} values of table '{self.table.name}'"
                                       ) if clause.input_values else None
            if tests is not None and not self._always_in(tests, k):
                check = g.unary_truth(tests, i, self.scope)
                if ok is None:
                    ok = w.new("ok")
                    self.emit(f"{ok} = True")
                label = clause.label or clause.expression.text
                self.emit(f"if {i} is not None and not {check}:")
                g.indent += 1
                w.warn(f"{repr(f'table {self.table.name}: input {label} = ')} + "
                       f"_to_feel_text({i})[:60] + ' is not one of its input values'")
                self.emit(f"{ok} = False")
                g.indent -= 1
            if guard:
                g.indent -= 1
                if len(g.lines) == mark:  # a plain name: nothing to guard
                    g.lines.pop()
        if ok is None:
            return self._rules(var, ins)
        self.emit(f"if not {ok}:")
        self.emit(f"    {var} = None")
        self.emit("else:")
        g.indent += 1
        known = self._rules(var, ins)
        g.indent -= 1
        return None if known is None else known + [None]

    def _rules(self, var: str, ins: list[str]) -> list[Any] | None:
        rules = list(range(len(self.dt.rules)))
        plan = self._plan(rules, frozenset(), 0)
        w = self.w
        if not w.trace and self.first:
            return self._tree(plan, ins, lambda rs, done: self._first_chain(rs, done, ins, var))
        if not w.trace:
            return self._tree(plan, ins, lambda rs, done: self._unique_leaf(rs, done, ins, var))
        # Traced: the matching rules into M, then the hit policy, then the record.
        tup = "(" + "".join(i + ", " for i in ins) + ")"
        if self._masks_pay(plan):
            # The record keeps the mask; its rule numbers are read when the trace is.
            mask = self._masks(ins)
            known = self._select_mask(var, mask)
            self.emit(f"H.append(({w.const(self.table)}, {tup}, {mask}, None, {var}))")
            return known
        matched = w.new("M")
        self.emit(f"{matched} = []")
        leaf = self._collect_all if self.first else self._unique_collect
        self._tree(plan, ins, lambda rs, done: leaf(rs, done, ins, matched))
        known = self._select(var, matched)
        selected = f"{matched}[:1]" if self.first else f"({matched}[:] if len({matched}) == 1 else [])"
        self.emit(f"H.append(({w.const(self.table)}, {tup}, {matched}, {selected}, {var}))")
        return known

    # -- every match at once: one bit per rule -------------------------------------------

    def _masks_pay(self, plan: Any) -> bool:
        """Is finding every match by column masks cheaper than testing the rules (in the
        largest branch of the split, plus half the comparisons choosing the branches)?
        Only for tables whose cells are all pure."""
        if not all(c.pure for row in self.cells for c in row):
            return False

        def cost(p: Any) -> float:
            if p[0] == "leaf":
                return sum(c.tests is not None for k in p[1] for c in self.cells[k])
            return len(p[2]) / 2 + max([cost(b) for _, b in p[2]] + [cost(p[3])])

        return self._mask_cost() <= cost(plan)

    def _columns(self) -> list[tuple[int, bool, dict[str, list[int]]]]:
        """Per column that tests anything: (column, enumerated?, cell text → rules)."""
        out = []
        for j in range(self.ncols):
            distinct: dict[str, list[int]] = {}
            for k, row in enumerate(self.cells):
                if row[j].tests is not None:
                    distinct.setdefault(self.dt.rules[k].input_entries[j].text.strip(), []).append(k)
            if distinct:
                enum = all(self.cells[k][j].atoms is None or self.cells[k][j].keys is not None
                           for ks in distinct.values() for k in ks)
                out.append((j, enum, distinct))
        return out

    def _mask_cost(self) -> int:
        """Roughly how many tests _masks runs: one per enumerated or bisected column."""
        return sum(1 if enum else 2 if self._numeric_regions(j, d, 0) is not None else len(d)
                   for j, enum, d in self._columns())

    def _masks(self, ins: list[str], texts: list[str] | None = None) -> str:
        """Emit the mask of every matching rule (bit k: rule k + 1), the AND of one mask per
        column: for an enumerated column looked up by the input's value, for a numeric one
        found by bisecting its cells' interval ends, else each distinct cell tested once.
        Only for pure cells, so testing each distinct cell once instead of once per rule
        (or not at all once no rule is left) is unseen. Returns the mask's variable."""
        w = self.w
        g = w.gen
        mask = w.new("m")
        self.emit(f"{mask} = {(1 << len(self.dt.rules)) - 1}")
        for j, enum, distinct in sorted(self._columns(), key=lambda c: not c[1]):  # lookups first
            v = ins[j]
            raw = v in w.raw_vars
            dash = sum(1 << k for k, row in enumerate(self.cells) if row[j].tests is None)
            self.emit(f"if {mask}:")
            g.indent += 1
            regions = None if enum else self._numeric_regions(j, distinct, dash)
            known = self._known_column(j)
            if enum and known is not None and all(x is None or type(x) in (str, bool) for x in known):
                # Every value it may have is a string, a boolean or null: one lookup (no
                # key of another type, such as Decimal(1) == True, can reach the dict).
                by_value = self._enumerated_masks(j, distinct, dash)
                table = {x: by_value["str"].get(x, by_value["other str"]) if type(x) is str
                         else by_value[x] for x in known}
                self.emit(f"{mask} &= {w.const(table)}[{v}]")
            elif enum:
                by_value = self._enumerated_masks(j, distinct, dash)
                strings = f"{w.const(by_value['str'])}.get({v}, {by_value['other str']})"
                branches = [(f"{v} is None", by_value[None]), (f"{v} is True", by_value[True]),
                            (f"{v} is False", by_value[False])]
                if by_value["str"]:
                    branches.insert(0, (f"type({v}) is str", strings))
                else:
                    branches.append((f"type({v}) is str", strings))
                for n, (test, bits) in enumerate(branches):
                    self.emit(f"{'if' if n == 0 else 'elif'} {test}: {mask} &= {bits}")
                # Any other value (a number, a context…): rare, so not inlined.
                cells = tuple((self.cells[ks[0]][j], sum(1 << k for k in ks)) for ks in distinct.values())
                self.emit(f"else: {mask} &= _column_mask({w.const(cells)}, {dash}, {v})")
            elif regions is not None:
                bounds, points, gaps, none = regions
                self.emit(f"if {v} is None: {mask} &= {none}")
                self.emit(f"elif {'True' if raw else f'type({v}) is _D'}:")
                if len(bounds) == 1:
                    end = bounds[0] if raw else w.const(bounds[0])
                    end = _py_number(bounds[0]) if raw else end
                    self.emit(f"    {mask} &= {gaps[0]} if {v} < {end} else {points[0]} if {v} == {end} "
                              f"else {gaps[1]}")
                else:
                    i = w.new("i")
                    self.emit(f"    {i} = _bisect({w.const(bounds)}, {v})")
                    self.emit(f"    {mask} &= {w.const(points)}[{i}] if {i} < {len(bounds)} and "
                              f"{w.const(bounds)}[{i}] == {v} else {w.const(gaps)}[{i}]")
                self.emit(f"else: {mask} &= {dash}")
            else:
                self._distinct_tests(j, distinct, dash, v, mask)
            g.indent -= 1
        return mask

    def _known_column(self, j: int) -> tuple[Any, ...] | None:
        """Every value input column ``j`` may have, when the program knows them."""
        ast = self.input_asts[j]
        return None if ast is None else self._known(ast)

    def _distinct_tests(self, j: int, distinct: dict[str, list[int]], dash: int, v: str,
                        mask: str) -> None:
        x = self.w.new("x")
        self.emit(f"{x} = {dash}")
        for ks in distinct.values():
            self.emit(f"if {self._cell_test(self.cells[ks[0]][j], v)}: {x} |= {sum(1 << k for k in ks)}")
        self.emit(f"{mask} &= {x}")

    def _numeric_regions(self, j: int, distinct: dict[str, list[int]],
                         dash: int) -> tuple[tuple, tuple, tuple, int] | None:
        """For a column of number intervals and nulls with three or more distinct cells:
        its interval ends in order, and the mask at each end, in each gap around them and
        for null, found by running the cells' compiled tests on a number in each. None
        when the column is otherwise."""
        cells = [self.cells[ks[0]][j] for ks in distinct.values()]
        if len(cells) < 3 or not all(c.atoms is not None and all(a[0] in ("i", "n") for a in c.atoms)
                                     for c in cells):
            return None
        ends = sorted({x for c in cells for a in c.atoms or () if a[0] == "i"
                       for x in (a[1], a[3]) if x is not None})
        if not ends:
            return None
        checks = [(c, sum(1 << k for k in ks)) for c, ks in zip(cells, distinct.values())]

        def mask(value: Any) -> int:
            return dash | sum(bits for c, bits in checks if accepts(c, value))

        with decimal.localcontext(decimal.Context(prec=10000)):
            inside = [ends[0] - 1] + [(a + b) / 2 for a, b in zip(ends, ends[1:])] + [ends[-1] + 1]
        if any(not (a < m < b) for a, m, b in zip(ends, inside[1:-1], ends[1:])):
            return None
        return tuple(ends), tuple(mask(x) for x in ends), tuple(mask(x) for x in inside), mask(None)

    def _cell_test(self, cell: Cell, v: str) -> str:
        if v in self.w.raw_vars:
            return _raw_test(cell, v)
        return self.w.gen.unary_truth(cell.tests, v, self.scope)  # type: ignore[arg-type]

    def _enumerated_masks(self, j: int, distinct: dict[str, list[int]], dash: int) -> dict[Any, Any]:
        """For an enumerated column: the mask of the rules whose cell accepts each string
        literal, any other string, null, true and false — found by running the cells'
        tests on those values (_accepts: what the compiled pure tests give)."""
        strings = sorted({a[1] for ks in distinct.values() for k in ks
                          for a in (self.cells[k][j].atoms or ()) if a[0] == "s"}
                         | {x for ks in distinct.values() for k in ks
                            for x in negated_strings(self.cells[k][j])})
        other = "\x00" + max(strings, key=len, default="") + "\x00"
        tests = [(self.cells[ks[0]][j], sum(1 << k for k in ks)) for ks in distinct.values()]

        def mask(value: Any) -> int:
            return dash | sum(bits for c, bits in tests if accepts(c, value))

        return {"str": {s: mask(s) for s in strings}, "other str": mask(other),
                None: mask(None), True: mask(True), False: mask(False)}

    # -- splitting on enumerated columns -------------------------------------------------

    def _plan(self, rules: list[int], done: frozenset[int], depth: int) -> Any:
        """("leaf", rules) or ("split", column, [(key, plan)], else plan)."""
        if depth >= _SPLIT_DEPTH or len(rules) <= 2:
            return ("leaf", rules)
        best = None
        for c in range(self.ncols):
            if c in done:
                continue
            # Rules not taking a branch skip their tests left of c: those must be pure.
            if any(not self.cells[r][j].pure for r in rules for j in range(c) if j not in done):
                break
            keys: list[Atom] = []
            ok = True
            for r in rules:
                cell = self.cells[r][c]
                if cell.tests is None:
                    continue
                if cell.keys is None:
                    ok = False
                    break
                keys += [a for a in cell.keys if a not in keys]
            if not ok or not keys:
                continue
            branches = [(key, [r for r in rules if self.cells[r][c].tests is None
                               or key in (self.cells[r][c].keys or ())]) for key in keys]
            rest = [r for r in rules if self.cells[r][c].tests is None]
            sizes = [len(b) for _, b in branches] + [len(rest)]
            worst, total = max(sizes), sum(sizes)
            if worst >= len(rules) or total > _SPLIT_GROWTH * len(rules) + 8:
                continue
            if best is None or (worst, total) < best[0]:
                best = ((worst, total), c, branches, rest)
        if best is None:
            return ("leaf", rules)
        _, c, branches, rest = best
        sub = done | {c}
        return ("split", c, [(key, self._plan(b, sub, depth + 1)) for key, b in branches],
                self._plan(rest, sub, depth + 1))

    def _tree(self, plan: Any, ins: list[str], leaf: Callable[[list[int], frozenset[int]], Any],
              done: frozenset[int] = frozenset()) -> list[Any] | None:
        """Emit the plan's branches, ``leaf`` in each; return the union of what leaves give."""
        if plan[0] == "leaf":
            before = len(self.w.gen.lines)
            found = leaf(plan[1], done)
            if len(self.w.gen.lines) == before:
                self.emit("pass")
            return found
        _, c, branches, rest = plan
        v = ins[c]
        known: list[Any] | None = []
        g = self.w.gen
        for n, (key, sub) in enumerate(branches):
            test = (f"{v} == {key[1]!r}" if key[0] == "s" else f"{v} is {key[1]}"
                    if key[0] == "b" else f"{v} is None")
            self.emit(f"{'if' if n == 0 else 'elif'} {test}:")
            g.indent += 1
            found = self._tree(sub, ins, leaf, done | {c})
            g.indent -= 1
            known = None if known is None or found is None else known + found
        self.emit("else:")
        g.indent += 1
        found = self._tree(rest, ins, leaf, done | {c})
        g.indent -= 1
        return None if known is None or found is None else known + found

    # -- leaves --------------------------------------------------------------------------

    def _first_chain(self, rules: list[int], done: frozenset[int], ins: list[str],
                     var: str) -> list[Any] | None:
        """FIRST without the trace: the first matching rule's output, tests in rule order."""
        g = self.w.gen
        known: list[Any] | None = []
        n = 0
        for k in rules:
            cond = self._condition(k, done, ins)
            if cond == "True":
                if n:
                    self.emit("else:")
                    g.indent += 1
                found = self._row(k, var)
                if n:
                    g.indent -= 1
                return None if known is None or found is None else known + found
            self.emit(f"{'if' if n == 0 else 'elif'} {cond}:")
            g.indent += 1
            found = self._row(k, var)
            g.indent -= 1
            known = None if known is None or found is None else known + found
            n += 1
        if n:
            self.emit("else:")
            g.indent += 1
        found = self._no_match(var)
        if n:
            g.indent -= 1
        return None if known is None or found is None else known + found

    def _pure(self, rules: list[int], done: frozenset[int]) -> bool:
        return all(self.cells[k][j].pure for k in rules for j in range(self.ncols) if j not in done)

    def _unique_leaf(self, rules: list[int], done: frozenset[int], ins: list[str],
                     var: str) -> list[Any] | None:
        """UNIQUE without the trace: the single match's output; null if several match."""
        g = self.w.gen
        if not self._pure(rules, done):
            matched = self.w.new("M")
            self.emit(f"{matched} = []")
            self._collect_all(rules, done, ins, matched)
            return self._select_unique(var, matched, rules)
        known: list[Any] | None = [None]
        n = 0
        for k, cond, partners, opener in self._unique_branches(rules, done, ins):
            if opener:
                self.emit(opener)
                g.indent += 1
            if partners:
                self.emit("if " + " or ".join(f"({self._condition(p, done, ins)})" for p in partners)
                          + f": {var} = None")
                self.emit("else:")
                g.indent += 1
            found = self._row(k, var)
            if partners:
                g.indent -= 1
            if opener:
                g.indent -= 1
            known = None if known is None or found is None else known + found
            n += 1
            if cond == "True":
                return known
        if n:
            self.emit("else:")
            g.indent += 1
        found = self._no_match(var)
        if n:
            g.indent -= 1
        return None if known is None or found is None else known + found

    def _collect_all(self, rules: list[int], done: frozenset[int], ins: list[str],
                     matched: str) -> None:
        """Every rule that matches, in rule order, into the list ``matched``."""
        for k in rules:
            cond = self._condition(k, done, ins)
            if cond == "True":
                self.emit(f"{matched}.append({k + 1})")
            else:
                self.emit(f"if {cond}: {matched}.append({k + 1})")

    def _unique_collect(self, rules: list[int], done: frozenset[int], ins: list[str],
                        matched: str) -> None:
        """UNIQUE, traced: the matching rules into ``matched``, testing after the first
        match only the rules that could also match."""
        if not self._pure(rules, done):
            self._collect_all(rules, done, ins, matched)
            return
        g = self.w.gen
        for k, cond, partners, opener in self._unique_branches(rules, done, ins):
            if opener:
                self.emit(opener)
                g.indent += 1
            self.emit(f"{matched}.append({k + 1})")
            for p in partners:
                self.emit(f"if {self._condition(p, done, ins)}: {matched}.append({p + 1})")
            if opener:
                g.indent -= 1
            if cond == "True":
                return

    def _unique_branches(self, rules: list[int], done: frozenset[int],
                         ins: list[str]) -> Iterator[tuple[int, str, list[int], str | None]]:
        """UNIQUE rules tested in turn as an if/elif chain: each rule with its condition, the
        later rules that could also match it (not provably disjoint), and the line opening
        its branch (None for an unconditional first rule)."""
        cols = [j for j in range(self.ncols) if j not in done]
        for n, (pos, k) in enumerate(enumerate(rules)):
            cond = self._condition(k, done, ins)
            partners = [p for p in rules[pos + 1:] if not disjoint(self.cells[k], self.cells[p], cols)]
            if cond != "True":
                opener: str | None = f"{'if' if n == 0 else 'elif'} {cond}:"
            else:
                opener = "else:" if n else None
            yield k, cond, partners, opener

    def _select_mask(self, var: str, mask: str) -> list[Any] | None:
        """The hit policy's result into ``var``, from the mask of the matching rules."""
        every = list(range(len(self.dt.rules)))
        if self.first:
            return self._choose(var, mask, f"({mask} & -{mask}).bit_length()", None, "", every)
        return self._choose(var, f"{mask} and not {mask} & ({mask} - 1)", f"{mask}.bit_length()",
                            mask, f"_rule_numbers({mask})", every)

    def _select(self, var: str, matched: str) -> list[Any] | None:
        """After collecting the matches (traced): the hit policy's result into ``var``."""
        every = list(range(len(self.dt.rules)))
        if self.first:
            return self._choose(var, matched, f"{matched}[0]", None, "", every)
        return self._select_unique(var, matched, every)

    def _select_unique(self, var: str, matched: str, rules: list[int]) -> list[Any] | None:
        return self._choose(var, f"len({matched}) == 1", f"{matched}[0]", matched, matched, rules)

    def _choose(self, var: str, single: str, number: str, several: str | None, listed: str,
                rules: list[int]) -> list[Any] | None:
        """Emit the hit policy over the matches: when ``single`` holds, the output of rule
        ``number``; under UNIQUE, when ``several`` holds, null and a warning naming the rules
        ``listed``; otherwise no match (the default). Returns the possible values of ``var``."""
        g = self.w.gen
        self.emit(f"if {single}:")
        g.indent += 1
        known = self._by_number(var, number, rules)
        g.indent -= 1
        if several is not None:
            self.emit(f"elif {several}:")
            g.indent += 1
            self.w.warn(f"{self._prefix(': hit policy UNIQUE violated, rules ')} + "
                        f"', '.join(map(str, {listed})) + ' all match'")
            self.emit(f"{var} = None")
            g.indent -= 1
            if known is not None:
                known = known + [None]
        self.emit("else:")
        g.indent += 1
        found = self._no_match(var)
        g.indent -= 1
        return None if known is None or found is None else known + found

    def _by_number(self, var: str, number: str, rules: list[int]) -> list[Any] | None:
        """``var`` = the output of the rule whose 1-based number is ``number``."""
        if rules and all(self.rows[k] is not _NO_VALUE for k in rules):
            table = tuple(self.rows[k] if k in rules else None for k in range(max(rules) + 1))
            self.emit(f"{var} = {self.w.const((None,) + table)}[{number}]")
            return [self.rows[k] for k in rules]
        g = self.w.gen
        known: list[Any] | None = []
        k_var = self.w.new("k")
        self.emit(f"{k_var} = {number}")
        for n, k in enumerate(rules):
            self.emit(f"{'if' if n == 0 else 'elif'} {k_var} == {k + 1}:")
            g.indent += 1
            found = self._row(k, var)
            g.indent -= 1
            known = None if known is None or found is None else known + found
        if not rules:
            self.emit(f"{var} = None")
        return known
