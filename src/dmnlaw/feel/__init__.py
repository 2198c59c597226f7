"""FEEL, the expression language of DMN: lexer → parser → AST → compiler → runtime.

For one-off use::

    from dmnlaw import feel
    feel.evaluate("sum([1, 2, x])", {"x": 3})          # Decimal('6')
    f = feel.compile_expression("a + b", names=["a", "b"])
    f({"a": 1, "b": 2})
"""
from __future__ import annotations

import decimal
from typing import Any, Iterable

from typing import Callable

from . import nodes, runtime
from .compiler import CodeGen, Scope
from .parser import parse_expression, parse_unary_tests
from .values import CONTEXT, from_python

__all__ = ["compile_expression", "compile_unary_tests", "compile_value_check", "evaluate",
           "parse_expression", "parse_unary_tests"]


class CompiledExpression:
    """A FEEL expression compiled once; call it with a mapping of names to values."""

    def __init__(self, text: str, fn: Any, source: str) -> None:
        self.text = text
        self._fn = fn
        self.python_source = source

    def __call__(self, variables: dict[str, Any] | None = None,
                 warnings: list[str] | None = None) -> Any:
        env = {k: from_python(v) for k, v in (variables or {}).items()}
        token = runtime.collect_warnings(warnings)
        try:
            with decimal.localcontext(CONTEXT):
                return self._fn(env)
        finally:
            runtime.reset_warnings(token)


def compile_expression(text: str, names: Iterable[str] = ()) -> CompiledExpression:
    """Compile FEEL expression ``text`` with ``names`` in scope.

    Returns a :class:`CompiledExpression`. Raises FeelSyntaxError for bad text.
    """
    names = list(names)
    ast = parse_expression(text, names)
    gen = CodeGen()
    gen.emit("def _main(E):")
    gen.indent += 1
    code = gen.expr(ast, Scope(env="E", env_names=names))
    gen.emit(f"return {code}")
    source = gen.source()
    ns = gen.build("<feel>")
    return CompiledExpression(text, ns["_main"], source)


def compile_unary_tests(text: str, names: Iterable[str] = ()) -> CompiledExpression:
    """Compile unary tests; the result takes the input value as the variable ``?``.

    Returns a CompiledExpression giving True/False/None. Raises FeelSyntaxError.
    """
    names = list(names)
    ast = parse_unary_tests(text, names)
    gen = CodeGen()
    gen.emit("def _main(E):")
    gen.indent += 1
    gen.emit("I = E.get('?')")
    code = gen.unary_tri(ast, "I", Scope(env="E", env_names=names))
    gen.emit(f"return {code}")
    source = gen.source()
    ns = gen.build("<feel>")
    return CompiledExpression(text, ns["_main"], source)


def compile_value_check(text: str, names: Iterable[str] = ()) -> Callable[[Any], Any]:
    """Compile unary tests into a check of one FEEL value, truthy exactly when it satisfies them.

    Allowed values and output values are checked on every evaluation, and are nearly always
    a list of string literals: those become a set lookup (a value of another type gives
    False where the tests give null — both "does not satisfy"). Other tests run compiled.
    Raises FeelSyntaxError.
    """
    ast = parse_unary_tests(text, names)
    literals = [t.value.value for t in ast.tests
                if isinstance(t, nodes.UnaryExpr) and not t.uses_input
                and isinstance(t.value, nodes.Literal) and type(t.value.value) is str]
    if not ast.negated and not ast.any and literals and len(literals) == len(ast.tests):
        allowed = frozenset(literals)
        return lambda value: type(value) is str and value in allowed
    tests = compile_unary_tests(text, names)
    return lambda value: tests({"?": value})


def evaluate(text: str, variables: dict[str, Any] | None = None,
             warnings: list[str] | None = None) -> Any:
    """Compile and evaluate ``text`` once; returns the FEEL value (Python values per values.py)."""
    return compile_expression(text, (variables or {}).keys())(variables, warnings)
