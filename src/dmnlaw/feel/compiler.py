"""Compile FEEL ASTs to Python source, once, the way jinja2 compiles templates.

The generated code is built only from the AST — names become Python identifiers we make
up, constants are bound in the module namespace — so user text never reaches Python's
parser as code. Constructs that need statements (contexts, loops, filters, function
definitions) become nested ``def``s emitted just before the statement that uses them;
Python closures then give FEEL's lexical scoping for free.

The :class:`CodeGen` object is shared by everything compiled for one model (the DMN layer
compiles decision tables with it), so the model becomes one Python module.
"""
from __future__ import annotations

import contextlib
import decimal
import itertools
from decimal import Decimal
from typing import Any, Callable, Iterable, Iterator

from ..errors import FeelSyntaxError
from . import nodes as n
from . import runtime, temporal
from .types import (ANY, ContextType, FeelType, FunctionType, ListType, RangeType,
                    builtin_type)
from .values import CONTEXT, FeelEvalError, Function, Range, type_name

TypeResolver = Callable[[str], "FeelType | None"]

# Built-ins that make a value from their arguments and nothing else, folded when called
# on literals (CodeGen._fold).
_FOLDABLE = frozenset({"date", "time", "date and time", "duration", "years and months duration"})


class Scope:
    """Names visible at a point of the code: FEEL name → Python expression that reads it.

    ``item`` is the Python variable holding the current filter item, if this scope is a
    filter body: names not bound inside it are looked up in the item first.

    ``prefixes`` binds import prefixes (``facts`` in ``facts.service``) without building
    their context: prefix → (Python expression building the whole context, member name →
    Python expression reading that member). A path ``prefix.member`` then compiles to the
    member's expression directly; the prefix used as a value builds the context. A
    decision compiled into an evaluation program (:mod:`dmnlaw.dmn.program`) reads its
    requirements this way, as Python locals.
    """

    def __init__(self, parent: "Scope | None" = None, names: dict[str, str] | None = None,
                 item: str | None = None, env: str | None = None,
                 env_names: Iterable[str] = (),
                 prefixes: dict[str, tuple[str, dict[str, str]]] | None = None) -> None:
        self.parent = parent
        self.names = dict(names or {})
        self.item = item
        self.env = env
        self.env_names = set(env_names)
        self.prefixes = dict(prefixes or {})

    def child(self, names: dict[str, str] | None = None, item: str | None = None) -> "Scope":
        return Scope(self, names, item)

    def locals(self) -> dict[str, str]:
        """FEEL name → Python variable for every name bound in code (not in the env)."""
        out: dict[str, str] = {}
        s: Scope | None = self
        while s is not None:
            for k, v in s.names.items():
                out.setdefault(k, v)
            s = s.parent
        return out

    def env_dict(self) -> str:
        """Python expression for an env dict holding the env and every local name."""
        env = self.root_env()
        chain: list[Scope] = []
        s: Scope | None = self
        while s is not None:
            chain.append(s)
            s = s.parent
        if not any(c.prefixes for c in chain):
            local = self.locals()
            if not local:
                return env
            return "{**" + env + ", " + ", ".join(f"{k!r}: {v}" for k, v in local.items()) + "}"
        # Outermost first, so that an inner binding overrides an outer one in the dict.
        parts = []
        for c in reversed(chain):
            parts += [f"{p!r}: {built}" for p, (built, _) in c.prefixes.items()]
            parts += [f"{k!r}: {v}" for k, v in c.names.items()]
        return "{**" + env + ", " + ", ".join(parts) + "}"

    def root_env(self) -> str:
        s: Scope | None = self
        while s is not None:
            if s.env is not None:
                return s.env
            s = s.parent
        return "{}"

    def all_names(self) -> set[str]:
        out: set[str] = set()
        s: Scope | None = self
        while s is not None:
            out |= s.names.keys() | s.env_names | s.prefixes.keys()
            s = s.parent
        return out


class CodeGen:
    """Accumulates generated Python code and the constants it refers to."""

    def __init__(self, type_resolver: TypeResolver | None = None) -> None:
        self.namespace: dict[str, Any] = {
            "_D": Decimal, "_rt": runtime, "_Function": Function,
            "_FeelEvalError": FeelEvalError, "_type_name": type_name, "_Range": Range,
        }
        for name in dir(runtime):
            if not name.startswith("_"):
                self.namespace["_" + name] = getattr(runtime, name)
        self.lines: list[str] = []
        self.indent = 0
        self._ids = itertools.count(1)
        self._consts: dict[tuple[type, Any], str] = {}
        self._builtins: dict[str, Any] | None = None
        self.type_resolver = type_resolver
        # Every code object built into the namespace, in order: executing them again in a
        # fresh namespace recreates every generated function (see dmnlaw.cache).
        self.codes: list[Any] = []
        # Python variables known to hold null or a context with (at least) these keys:
        # a path into one of them needs no type test (set by dmnlaw.dmn.program).
        self.contexts: dict[str, frozenset[str]] = {}

    @property
    def builtins(self) -> dict[str, Any]:
        """FEEL's built-in functions by name, imported when first needed (code loaded from
        the compiled-model cache may never need them)."""
        if self._builtins is None:
            from .builtins import load_all

            self._builtins = load_all()
        return self._builtins

    # --- code emission --------------------------------------------------------------------

    def new(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    def next_id(self) -> int:
        """A number no name made so far uses (to carry on from, see :meth:`resume`)."""
        return next(self._ids)

    def resume(self, codes: list[Any], constants: dict[str, Any], next_id: int,
               contexts: dict[str, frozenset[str]]) -> None:
        """Carry on from a generator whose code objects (executed into this namespace),
        namespace constants, name counter and known contexts were saved
        (:mod:`dmnlaw.cache`)."""
        self.namespace.update(constants)
        self.codes = list(codes)
        self.contexts = contexts
        self._ids = itertools.count(next_id)

    def emit(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    def const(self, value: Any) -> str:
        """A module-level name bound to ``value`` (numbers, temporal values, functions…)."""
        key = (type(value), value if isinstance(value, (str, Decimal, bool)) else id(value))
        name = self._consts.get(key)
        if name is None:
            name = self.new("K")
            self._consts[key] = name
            self.namespace[name] = value
        return name

    def source(self) -> str:
        return "\n".join(self.lines) + "\n"

    @contextlib.contextmanager
    def separate(self) -> Iterator[None]:
        """Emit into a fresh buffer (for a module-level function) while another is half-written."""
        saved = self.lines, self.indent
        self.lines, self.indent = [], 0
        try:
            yield
        finally:
            self.lines, self.indent = saved

    def build(self, filename: str = "<dmnlaw>") -> dict[str, Any]:
        """Compile all emitted code into the namespace; return the namespace."""
        code = compile(self.source(), filename, "exec")
        exec(code, self.namespace)  # noqa: S102 - generated from the AST only, see module doc
        self.codes.append(code)
        self.lines = []
        return self.namespace

    # --- expressions ----------------------------------------------------------------------

    def expr(self, node: n.Node, scope: Scope) -> str:
        """Python expression computing ``node``; may emit helper defs first."""
        method = getattr(self, "_" + type(node).__name__)
        return method(node, scope)

    def _Literal(self, node: n.Literal, scope: Scope) -> str:
        v = node.value
        if v is None or type(v) is bool:
            return repr(v)
        if type(v) is str:
            return repr(v)
        return self.const(v)

    def _AtLiteral(self, node: n.AtLiteral, scope: Scope) -> str:
        try:
            return self.const(temporal.parse_at_literal(node.text))
        except (FeelEvalError, ValueError) as e:
            return f"_null({repr(f'invalid @-literal: {e}')})"

    def _Name(self, node: n.Name, scope: Scope) -> str:
        return self.lookup(node.name, scope)

    def lookup(self, name: str, scope: Scope) -> str:
        return self.resolve_name(name, scope)[0]

    def _bound(self, name: str, scope: Scope) -> bool:
        """Does ``name`` mean something in ``scope`` (so not the built-in of that name)?
        Inside a filter any name may be an entry of the item."""
        s: Scope | None = scope
        while s is not None:
            if (s.item is not None or name in s.names or name in s.prefixes
                    or (s.env is not None and name in s.env_names)):
                return True
            s = s.parent
        return False

    def resolve_name(self, name: str, scope: Scope) -> tuple[str, dict[str, str] | None]:
        """Python expression reading ``name``, and its members' expressions when it is an
        import prefix bound in the scope (None otherwise, and inside filters)."""
        s: Scope | None = scope
        items: list[str] = []
        members: dict[str, str] | None = None
        while s is not None:
            if s.item is not None:
                items.append(s.item)
            if name in s.names:
                code = s.names[name]
                break
            if name in s.prefixes:
                code, members = s.prefixes[name]
                break
            if s.env is not None and name in s.env_names:
                code = f"{s.env}.get({name!r})"
                break
            s = s.parent
        else:
            if name in self.builtins:
                code = self.const(self.builtins[name])
            else:
                code = f"_unknown_name({name!r})"
        # Inside filters, an entry of the current item shadows every other name, even `item`.
        for item in reversed(items):
            code = f"_item_lookup({item}, {name!r}, lambda: {code})"
        return code, (None if items else members)

    def _Embedded(self, node: n.Embedded, scope: Scope) -> str:
        return node.compile(scope)

    def _InputValue(self, node: n.InputValue, scope: Scope) -> str:
        return self.lookup("?", scope)

    def _Arith(self, node: n.Arith, scope: Scope) -> str:
        fn = {"+": "_add", "-": "_sub", "*": "_mul", "/": "_div", "**": "_power"}[node.op]
        return f"{fn}({self.expr(node.left, scope)}, {self.expr(node.right, scope)})"

    def _Negate(self, node: n.Negate, scope: Scope) -> str:
        return f"_negate({self.expr(node.operand, scope)})"

    def _Compare(self, node: n.Compare, scope: Scope) -> str:
        fn = {"=": "_eq", "!=": "_ne", "<": "_lt", "<=": "_le", ">": "_gt", ">=": "_ge"}[node.op]
        left, right = self.expr(node.left, scope), self.expr(node.right, scope)
        # Against a literal, the case runtime would take first is inlined: a string equal
        # (or not) to a string, a number ordered against a number. Anything else still
        # goes to runtime, which gives null and the warning.
        lit, other = (node.right, left) if isinstance(node.right, n.Literal) else (node.left, right)
        if not isinstance(lit, n.Literal) or isinstance(node.left, n.Literal) and isinstance(node.right, n.Literal):
            return f"{fn}({left}, {right})"
        if lit.value is None and node.op in ("=", "!="):
            # equal(x, null) is whether x is null, never null itself: no warning to give.
            return f"({other} is {'' if node.op == '=' else 'not '}None)"
        t = self.new("t")
        x, y = (t, right) if lit is node.right else (left, t)
        if type(lit.value) is str and node.op in ("=", "!="):
            op = "==" if node.op == "=" else "!="
            # x = null is false (and x != null true) without a warning, as runtime says.
            return f"({x} {op} {y} if type({t} := {other}) is str else {fn}({x}, {y}))"
        if type(lit.value) is Decimal and node.op in ("<", "<=", ">", ">="):
            return f"({x} {node.op} {y} if type({t} := {other}) is _D else {fn}({x}, {y}))"
        return f"{fn}({left}, {right})"

    def _And(self, node: n.And, scope: Scope) -> str:
        t = self.new("t")
        left = self.expr(node.left, scope)
        right = self.expr(node.right, scope)
        u = self.new("t")
        # and_ written out: false wins, true and true is true, all else is null
        return (f"(False if ({t} := {left}) is False else "
                f"({u} if ({u} := {right}) is False or ({t} is True and {u} is True) else None))")

    def _Or(self, node: n.Or, scope: Scope) -> str:
        t = self.new("t")
        left = self.expr(node.left, scope)
        right = self.expr(node.right, scope)
        u = self.new("t")
        # or_ written out: true wins, false or false is false, all else is null
        return (f"(True if ({t} := {left}) is True else "
                f"({u} if ({u} := {right}) is True or ({t} is False and {u} is False) else None))")

    def _Between(self, node: n.Between, scope: Scope) -> str:
        return (f"_between({self.expr(node.value, scope)}, {self.expr(node.low, scope)}, "
                f"{self.expr(node.high, scope)})")

    def _In(self, node: n.In, scope: Scope) -> str:
        t = self.new("t")
        value = self.expr(node.value, scope)
        tests = self.unary_tri(node.tests, t, scope)
        return f"(({t} := {value}), {tests})[1]"

    def _InstanceOf(self, node: n.InstanceOf, scope: Scope) -> str:
        typ = self.resolve_type(node.type)
        return f"{self.const(typ)}.conforms({self.expr(node.value, scope)})"

    def resolve_type(self, t: n.TypeNode) -> FeelType:
        if t.name == "list":
            return ListType(self.resolve_type(t.params[0]) if t.params else ANY)
        if t.name == "range":
            return RangeType(self.resolve_type(t.params[0]) if t.params else ANY)
        if t.name == "context" and t.fields:
            return ContextType(tuple((k, self.resolve_type(v)) for k, v in t.fields))
        if t.name == "function" and t.result is not None:
            return FunctionType(tuple(self.resolve_type(p) for p in t.params),
                                self.resolve_type(t.result))
        found = builtin_type(t.name)
        if found is None and self.type_resolver is not None:
            found = self.type_resolver(t.name)
            # `instance of` checks the type, not its allowed values (TCK 0070).
            found = getattr(found, "unconstrained", lambda: found)()
        if found is None:
            raise FeelSyntaxError(f"unknown type '{t.name}'", column=t.pos + 1)
        return found

    def _Path(self, node: n.Path, scope: Scope) -> str:
        if isinstance(node.value, n.Name):
            value, members = self.resolve_name(node.value.name, scope)
            if members is not None and node.name in members:
                return members[node.name]
        else:
            value = self.expr(node.value, scope)
        key = repr(node.name)
        if node.name in self.contexts.get(value, ()):
            return f"({value}[{key}] if {value} is not None else None)"
        # A context member inline (the common case); everything else through _path.
        t = self.new("t")
        return f"({t}[{key}] if type({t} := {value}) is dict and {key} in {t} else _path({t}, {key}))"

    def _Filter(self, node: n.Filter, scope: Scope) -> str:
        value = self.expr(node.value, scope)
        cond = node.condition
        # A literal index needs no per-item evaluation.
        if isinstance(cond, n.Literal) and type(cond.value) is Decimal:
            return f"_filter_list({value}, lambda _it: {self.const(cond.value)})"
        fname, item = self.new("_flt"), self.new("it")
        self.emit(f"def {fname}({item}):")
        self.indent += 1
        body = self.expr(cond, scope.child({"item": item}, item=item))
        self.emit(f"return {body}")
        self.indent -= 1
        return f"_filter_list({value}, {fname})"

    def _Call(self, node: n.Call, scope: Scope) -> str:
        if isinstance(node.function, n.Name) and node.function.name == "_unary test":
            op, value = node.args
            v = self.new("t")
            return f"_Range(({v} := {self.expr(value, scope)}), {v}, op={self.expr(op, scope)})"
        folded = self._fold(node, scope)
        if folded is not None:
            return folded
        fn = self.expr(node.function, scope)
        if node.named is not None:
            items = ", ".join(f"{k!r}: {self.expr(v, scope)}" for k, v in node.named.items())
            return f"_call_named({fn}, {{{items}}})"
        args = [self.expr(a, scope) for a in node.args]
        tup = "(" + "".join(a + ", " for a in args) + ")"
        return f"_call({fn}, {tup})"

    def _fold(self, node: n.Call, scope: Scope) -> str | None:
        """A call of a temporal constructor built-in (``date("2017-06-01")``) on literals,
        as the constant it gives: computed once here instead of on every evaluation. Only
        when the name is the built-in (not shadowed) and the call succeeds without a
        warning; otherwise None, and the call is compiled as usual."""
        f = node.function
        if (not isinstance(f, n.Name) or f.name not in _FOLDABLE or node.named is not None
                or not all(isinstance(a, n.Literal) and type(a.value) in (str, Decimal)
                           for a in node.args)):
            return None
        builtin = self.builtins.get(f.name)
        if builtin is None or self._bound(f.name, scope):
            return None
        sink: list[str] = []
        token = runtime.collect_warnings(sink)
        try:
            with decimal.localcontext(CONTEXT):
                value = runtime.call(builtin, tuple(a.value for a in node.args))
        finally:
            runtime.reset_warnings(token)
        if value is None or sink:
            return None
        return self.const(value)

    def _ListExpr(self, node: n.ListExpr, scope: Scope) -> str:
        return "[" + ", ".join(self.expr(i, scope) for i in node.items) + "]"

    def _ContextExpr(self, node: n.ContextExpr, scope: Scope) -> str:
        keys = [k for k, _ in node.entries]
        if len(set(keys)) != len(keys):
            dup = next(k for k in keys if keys.count(k) > 1)
            return f"_null({f'context has the key {dup!r} twice'!r})"
        fname = self.new("_ctx")
        self.emit(f"def {fname}():")
        self.indent += 1
        inner = scope.child()
        out = self.new("c")
        self.emit(f"{out} = {{}}")
        for key, value in node.entries:
            var = self.new("v")
            self.emit(f"{var} = {self.expr(value, inner)}")
            self.emit(f"{out}[{key!r}] = {var}")
            inner = inner.child({key: var})
        self.emit(f"return {out}")
        self.indent -= 1
        return f"{fname}()"

    def _RangeExpr(self, node: n.RangeExpr, scope: Scope) -> str:
        start = self.expr(node.start, scope) if node.start is not None else "None"
        end = self.expr(node.end, scope) if node.end is not None else "None"
        bounded = (node.start is not None, node.end is not None)
        return f"_make_range({start}, {end}, {node.start_included}, {node.end_included}, {bounded})"

    def _If(self, node: n.If, scope: Scope) -> str:
        cond = self.expr(node.condition, scope)
        then = self.expr(node.then, scope)
        other = self.expr(node.otherwise, scope)
        # runtime.if_ without its two closures; a condition that is not a boolean still
        # goes to if_, which makes it null with the warning.
        t = self.new("t")
        return (f"(({then}) if ({t} := {cond}) is True else ({other}) "
                f"if {t} is False or {t} is None else _if_({t}, None, None))")

    def _loops(self, iterations: list[n.Iteration], scope: Scope, out: str | None = None) -> Scope:
        """Emit nested for-statements for the iterations; return the innermost scope.

        With ``out`` (the list a ``for`` builds), each outer iteration first checks that
        list's length: one range is limited (runtime.int_range), their cross product is
        limited here, so a loop's result cannot outgrow memory."""
        for k, it in enumerate(iterations):
            if out is not None and k:
                limit = runtime.MAX_LOOP_ITEMS
                self.emit(f"if len({out}) > {limit}: return _null('a for-loop gives more "
                          f"than {limit:,} items')")
            var, seq = self.new("x"), self.new("s")
            domain = self.expr(it.domain, scope)
            if it.end is not None:
                self.emit(f"{seq} = _int_range({domain}, {self.expr(it.end, scope)})")
            else:
                self.emit(f"{seq} = _iterate({domain}, {it.name!r})")
            # An iteration domain that is an error makes the whole loop null.
            self.emit(f"if {seq} is None: return None")
            self.emit(f"for {var} in {seq}:")
            self.indent += 1
            scope = scope.child({it.name: var})
        return scope

    def _For(self, node: n.For, scope: Scope) -> str:
        fname, out = self.new("_for"), self.new("r")
        self.emit(f"def {fname}():")
        self.indent += 1
        self.emit(f"{out} = []")
        base = self.indent
        inner = self._loops(node.iterations, scope.child({"partial": out}), out)
        self.emit(f"{out}.append({self.expr(node.body, inner)})")
        self.indent = base
        self.emit(f"return {out}")
        self.indent -= 1
        return f"{fname}()"

    def _Quantified(self, node: n.Quantified, scope: Scope) -> str:
        fname, acc = self.new("_q"), self.new("r")
        self.emit(f"def {fname}():")
        self.indent += 1
        some = node.kind == "some"
        self.emit(f"{acc} = {not some}")
        base = self.indent
        inner = self._loops(node.iterations, scope)
        cond = self.new("c")
        self.emit(f"{cond} = {self.expr(node.condition, inner)}")
        self.emit(f"if {cond} is not None and type({cond}) is not bool: "
                  f"return _null('{node.kind}: the condition gave a ' + _type_name({cond}) + ', not a boolean')")
        if some:
            self.emit(f"if {cond} is True: return True")
            self.emit(f"if {cond} is not False: {acc} = None")
        else:
            self.emit(f"if {cond} is False: return False")
            self.emit(f"if {cond} is not True: {acc} = None")
        self.indent = base
        self.emit(f"return {acc}")
        self.indent -= 1
        return f"{fname}()"

    def _FunctionDef(self, node: n.FunctionDef, scope: Scope) -> str:
        names = [p for p, _ in node.params]
        types = [self.resolve_type(t) if t is not None else None for _, t in node.params]
        if node.external:
            from .external import external_function

            spec = self.expr(node.body, scope)
            return f"{self.const(external_function)}({spec}, {tuple(names)!r})"
        fname = self.new("_fn")
        params = [self.new("p") for _ in names]
        self.emit(f"def {fname}({', '.join(params)}):")
        self.indent += 1
        for p, t, feel_name in zip(params, types, names):
            if t is not None:
                self.emit(f"if {p} is not None and not {self.const(t)}.conforms({p}):")
                self.emit(f"    return _null('parameter ' + {feel_name!r} + ' is not a {t}')")
        body = self.expr(node.body, scope.child(dict(zip(names, params))))
        self.emit(f"return {body}")
        self.indent -= 1
        return f"_Function({fname}, {tuple(names)!r}, 'anonymous', {self.const(tuple(types))})"

    # --- unary tests ----------------------------------------------------------------------

    def unary_truth(self, tests: n.UnaryTests, inp: str, scope: Scope) -> str:
        """Python expression that is truthy exactly when the input ``inp`` satisfies the tests."""
        if tests.any:
            return "True"
        literals = _literal_values(tests)
        if tests.negated:
            if literals:
                return self._none_equal(literals, inp)
            # not(t1, t2) holds when the disjunction is definitely false (not when unknown).
            parts = [self._test_tri(t, inp, scope) for t in tests.tests]
            disj = parts[0] if len(parts) == 1 else "_any_of([" + ", ".join(parts) + "])"
            return f"({disj} is False)"
        strings = [v for v in literals or () if type(v) is str]
        if len(strings) >= 3:
            # A string: one set lookup instead of the chain of comparisons; anything else
            # (null never equals a string) still compares, as the chain would. The other
            # literals keep their own tests (all of them exact, none warns).
            rest = [t for t in tests.tests if type(t.value.value) is not str]  # type: ignore[attr-defined]
            chain = " or ".join(f"{inp} == {x!r}" for x in strings)
            parts = [f"({inp} in {self.const(frozenset(strings))} if type({inp}) is str "
                     f"else {inp} is not None and ({chain}))"]
            parts += [self._test_truth(t, inp, scope) for t in rest]
            return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"
        parts = [self._test_truth(t, inp, scope) for t in tests.tests]
        return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"

    def _none_equal(self, literals: list[Any], inp: str) -> str:
        """``not(literals)``: true when values.equal(inp, x) is false for every literal x
        (what runtime.test_value gives for a literal), as plain comparisons."""
        conds = []
        strings = [v for v in literals if type(v) is str]
        if strings:
            # equal(v, "s") is false for null, another string, or a function (compared
            # by identity); null for every other type.
            others = " and ".join(f"{inp} != {s!r}" for s in strings)
            conds.append(f"({inp} is None or (type({inp}) is str and {others}) "
                         f"or isinstance({inp}, _Function))")
        for v in literals:
            if v is None:
                conds.append(f"{inp} is not None")
            elif type(v) is bool:
                conds.append(f"({inp} is None or {inp} is {not v})")
            elif type(v) is Decimal:
                # equal(v, 1) is false for null, another number or a function; else null.
                conds.append(f"({inp} is None or (type({inp}) is _D and {inp} != {self.const(v)}) "
                             f"or isinstance({inp}, _Function))")
        return "(" + " and ".join(conds) + ")"

    def unary_tri(self, tests: n.UnaryTests, inp: str, scope: Scope) -> str:
        """Python expression giving True/False/None for the tests on input ``inp``."""
        if tests.any:
            return "True"
        parts = [self._test_tri(t, inp, scope) for t in tests.tests]
        disj = parts[0] if len(parts) == 1 else "_any_of([" + ", ".join(parts) + "])"
        return f"_not3({disj})" if tests.negated else disj

    def _test_truth(self, test: n.Node, inp: str, scope: Scope) -> str:
        # Fast, exact paths for literal tests (the bulk of decision tables).
        if isinstance(test, n.UnaryExpr) and not test.uses_input:
            v = test.value
            if isinstance(v, n.Literal):
                lit = v.value
                if lit is None:
                    return f"({inp} is None)"
                if type(lit) is bool:
                    return f"({inp} is {lit})"
                if type(lit) is str:
                    return f"({inp} == {lit!r})"
                if type(lit) is Decimal:
                    return f"(type({inp}) is _D and {inp} == {self.const(lit)})"
            if isinstance(v, n.RangeExpr) and _is_num(v.start) and _is_num(v.end):
                lo = self.const(v.start.value)
                hi = self.const(v.end.value)
                a = "<=" if v.start_included else "<"
                b = "<=" if v.end_included else "<"
                return f"(type({inp}) is _D and {lo} {a} {inp} {b} {hi})"
        if isinstance(test, n.UnaryCompare) and _is_num(test.value) and test.op in ("<", "<=", ">", ">="):
            return f"(type({inp}) is _D and {inp} {test.op} {self.const(test.value.value)})"
        return f"({self._test_tri(test, inp, scope)} is True)"

    def _test_tri(self, test: n.Node, inp: str, scope: Scope) -> str:
        inner = scope.child({"?": inp})
        if isinstance(test, n.UnaryCompare):
            fn = {"=": "_eq", "!=": "_ne", "<": "_lt", "<=": "_le", ">": "_gt", ">=": "_ge"}[test.op]
            return f"{fn}({inp}, {self.expr(test.value, inner)})"
        if isinstance(test, n.UnaryExpr):
            value = self.expr(test.value, inner)
            if test.uses_input:
                return value
            return f"_test_value({inp}, {value})"
        raise TypeError(f"not a unary test: {test!r}")


def _is_num(node: n.Node | None) -> bool:
    return isinstance(node, n.Literal) and type(node.value) is Decimal


def _literal_values(tests: n.UnaryTests) -> list[Any] | None:
    """The values of unary tests that are all literals (string, number, boolean, null),
    else None; negation is left to the caller."""
    if tests.any or not tests.tests:
        return None
    out = []
    for t in tests.tests:
        if not (isinstance(t, n.UnaryExpr) and not t.uses_input and isinstance(t.value, n.Literal)
                and (t.value.value is None or type(t.value.value) in (str, bool, Decimal))):
            return None
        out.append(t.value.value)
    return out
