"""Boxed expressions (DMN 1.5 ch. 10/8): each compiled to a Python expression, like FEEL.

Literal expressions go through the FEEL compiler; contexts, lists, relations, invocations,
function definitions and the DMN 1.4/1.5 conditional, filter, iterator and quantifier
boxes map onto the same code shapes the FEEL compiler uses for the textual forms; decision
tables are compiled by :mod:`dmnlaw.dmn.tables` and called with the environment.
"""
from __future__ import annotations

from typing import Callable

from .. import model as m
from ..errors import DmnlawError, ModelError
from ..feel import nodes as fn
from ..feel.compiler import CodeGen, Scope
from ..feel.parser import NameIndex, parse_expression
from ..feel.types import FeelType
from . import tables
from .types import coerce

class BoxedCompiler:
    """Compiles the boxed expressions of one model into a shared :class:`CodeGen`."""

    def __init__(self, gen: CodeGen, type_of: Callable[[str | None], FeelType | None]) -> None:
        self.gen = gen
        self.type_of = type_of
        self.tables: list[tables.Table] = []
        gen.namespace["_coerce"] = coerce

    def expr(self, e: m.Expression | None, scope: Scope, names: NameIndex, where: str) -> str:
        """Python expression for ``e`` in ``scope``; ``where`` names it in error messages."""
        if e is None:
            return "None"
        method = getattr(self, "_" + type(e).__name__, None)
        if method is None:
            raise ModelError(f"{type(e).__name__} expressions are not supported",
                             file=e.source.file, line=e.source.line, element=where)
        return method(e, scope, names, where)

    # --- literal expressions --------------------------------------------------------------

    def literal(self, e: m.LiteralExpression, scope: Scope, names: NameIndex, where: str) -> str:
        text = e.text
        if e.expression_language and "FEEL" not in e.expression_language.upper():
            raise ModelError(f"expression language {e.expression_language} is not supported",
                             file=e.source.file, line=e.source.line, element=where)
        if not text.strip():
            return "None"
        try:
            ast = parse_expression(text, with_locals(names, scope))
            return self.gen.expr(ast, scope)
        except DmnlawError as err:
            raise err.located(file=e.source.file, line=e.text_line or e.source.line, element=where)

    def _LiteralExpression(self, e: m.LiteralExpression, scope: Scope, names: NameIndex,
                           where: str) -> str:
        code = self.literal(e, scope, names, where)
        t = self.type_of(e.type_ref)
        if t is not None:
            code = f"_coerce({code}, {self.gen.const(t)}, {f'result of {where}'!r})"
        return code

    # --- decision tables ------------------------------------------------------------------

    def _DecisionTable(self, e: m.DecisionTable, scope: Scope, names: NameIndex, where: str) -> str:
        env_names = scope.all_names() - {"?"}
        table = tables.compile_table(
            e, where, self.gen, env_names, with_locals(names, scope),
            lambda lit, sc: self.literal(lit, sc, with_locals(names, sc), where),
            self.type_of)
        self.tables.append(table)
        return f"{self.gen.const(table)}({scope.env_dict()})"

    # --- structures -----------------------------------------------------------------------

    def _Context(self, e: m.Context, scope: Scope, names: NameIndex, where: str) -> str:
        gen = self.gen
        fname, out = gen.new("_bctx"), gen.new("c")
        gen.emit(f"def {fname}():")
        gen.indent += 1
        gen.emit(f"{out} = {{}}")
        inner = scope.child()
        inner_names = names.copy()
        result = None
        for entry in e.entries:
            if entry.variable is None:
                result = self.expr(entry.expression, inner, inner_names, where)
                continue
            key = entry.variable.name
            var = gen.new("v")
            value = self.expr(entry.expression, inner, inner_names, f"{where}.{key}")
            t = self.type_of(entry.variable.type_ref)
            if t is not None:
                value = f"_coerce({value}, {gen.const(t)}, {f'context entry {key}'!r})"
            gen.emit(f"{var} = {value}")
            gen.emit(f"{out}[{key!r}] = {var}")
            inner = inner.child({key: var})
            inner_names.add(key)
        gen.emit(f"return {result if result is not None else out}")
        gen.indent -= 1
        return f"{fname}()"

    def _List(self, e: m.List, scope: Scope, names: NameIndex, where: str) -> str:
        return "[" + ", ".join(self.expr(i, scope, names, where) for i in e.items) + "]"

    def _Relation(self, e: m.Relation, scope: Scope, names: NameIndex, where: str) -> str:
        rows = []
        for row in e.rows:
            cells = ", ".join(f"{c.name!r}: {self.expr(x, scope, names, f'{where}.{c.name}')}"
                              for c, x in zip(e.columns, row))
            rows.append("{" + cells + "}")
        return "[" + ", ".join(rows) + "]"

    def _Invocation(self, e: m.Invocation, scope: Scope, names: NameIndex, where: str) -> str:
        called = self.expr(e.called_function, scope, names, where)
        args = ", ".join(f"{b.parameter.name!r}: {self.expr(b.expression, scope, names, where)}"
                         for b in e.bindings)
        return f"_call_named({called}, {{{args}}})"

    def _FunctionDefinition(self, e: m.FunctionDefinition, scope: Scope, names: NameIndex,
                            where: str) -> str:
        gen = self.gen
        params = [p.name for p in e.formal_parameters]
        if e.kind == "Java":
            from ..feel.external import external_function

            # A boxed Java function's body is the mapping context itself (class, method signature).
            body = self.expr(e.body, scope, names, where)
            return f"{gen.const(external_function)}({{'java': {body}}}, {tuple(params)!r})"
        if e.kind == "PMML":
            return "_null('PMML functions are not supported')"
        fname = gen.new("_bfn")
        pvars = [gen.new("p") for _ in params]
        types = [self.type_of(p.type_ref) for p in e.formal_parameters]
        gen.emit(f"def {fname}({', '.join(pvars)}):")
        gen.indent += 1
        for p, v, t in zip(params, pvars, types):
            if t is not None:
                # An argument that does not conform makes the invocation null (TCK 0082).
                gen.emit(f"if {v} is not None:")
                gen.emit(f"    {v} = _coerce({v}, {gen.const(t)}, {f'parameter {p}'!r})")
                gen.emit(f"    if {v} is None: return None")
        inner_names = names.copy()
        inner_names.add_all(params)
        body = self.expr(e.body, scope.child(dict(zip(params, pvars))), inner_names, where)
        result_type = self.type_of(e.type_ref)
        if result_type is not None:
            body = f"_coerce({body}, {gen.const(result_type)}, {f'result of {where}'!r})"
        gen.emit(f"return {body}")
        gen.indent -= 1
        return f"_Function({fname}, {tuple(params)!r}, {where!r}, {gen.const(tuple(types))})"

    # --- DMN 1.4/1.5 boxes: the FEEL constructs, with boxed operands embedded ----------

    def _embed(self, child: m.ChildExpression, names: NameIndex, where: str) -> fn.Embedded:
        return fn.Embedded(0, lambda sc: self.expr(child.expression, sc, with_locals(names, sc), where))

    def _Conditional(self, e: m.Conditional, scope: Scope, names: NameIndex, where: str) -> str:
        node = fn.If(0, self._embed(e.if_, names, where), self._embed(e.then, names, where),
                     self._embed(e.else_, names, where))
        return self.gen.expr(node, scope)

    def _Filter(self, e: m.Filter, scope: Scope, names: NameIndex, where: str) -> str:
        with_item = names.copy()
        with_item.add("item")
        node = fn.Filter(0, self._embed(e.in_, names, where), self._embed(e.match, with_item, where))
        return self.gen.expr(node, scope)

    def _For(self, e: m.For, scope: Scope, names: NameIndex, where: str) -> str:
        node = fn.For(0, [fn.Iteration(0, e.iterator_variable, self._embed(e.in_, names, where))],
                      self._embed(e.return_, names, where))
        return self.gen.expr(node, scope)

    def _Every(self, e: m.Every, scope: Scope, names: NameIndex, where: str) -> str:
        return self._quantified("every", e, scope, names, where)

    def _Some(self, e: m.Some, scope: Scope, names: NameIndex, where: str) -> str:
        return self._quantified("some", e, scope, names, where)

    def _quantified(self, kind: str, e: m.Every | m.Some, scope: Scope, names: NameIndex,
                    where: str) -> str:
        node = fn.Quantified(0, kind, [fn.Iteration(0, e.iterator_variable,
                                                    self._embed(e.in_, names, where))],
                             self._embed(e.satisfies, names, where))
        return self.gen.expr(node, scope)


def with_locals(names: NameIndex, scope: Scope) -> NameIndex:
    """``names`` plus the names bound in code at ``scope`` (for parsing text written there)."""
    local = scope.locals()
    if not local:
        return names
    out = names.copy()
    out.add_all(local)
    return out

