"""``function(...) external {java: {...}}``: Java methods a model names, mapped onto Python.

dmnlaw runs no JVM. The methods DMN models commonly call — ``java.lang.Math`` and the
``valueOf`` conversions of the boxed types, ``String.format`` — have exact Python
equivalents here; any other class or method is a null with a warning naming it.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any, Callable

from .values import CONTEXT, FeelEvalError, Function, format_number


def _num(v: Any) -> float:
    if type(v) is not Decimal:
        raise FeelEvalError(f"expected a number, got {v!r}")
    return float(v)


def _dec(x: float | int) -> Decimal:
    if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
        raise FeelEvalError("the Java method returned a value FEEL has no number for")
    return Decimal(repr(x)) if isinstance(x, float) else Decimal(x)


def _int(v: Any) -> int:
    if type(v) is not Decimal or v != v.to_integral_value():
        raise FeelEvalError(f"expected an integer, got {v!r}")
    return int(v)


def _parse_int(s: Any) -> Decimal:
    if type(s) is not str or not re.fullmatch(r"[+-]?\d+", s):
        raise FeelEvalError(f"NumberFormatException: {s!r}")
    return Decimal(int(s))


def _parse_float(s: Any) -> Decimal:
    if type(s) is not str:
        raise FeelEvalError(f"NumberFormatException: {s!r}")
    try:
        return _dec(float(s.strip()))
    except ValueError as e:
        raise FeelEvalError(f"NumberFormatException: {s!r}") from e


def _char(s: Any) -> str:
    if type(s) is not str or len(s) != 1:
        raise FeelEvalError(f"expected a single character, got {s!r}")
    return s


def _java_format(fmt: Any, *args: Any) -> str:
    if type(fmt) is not str:
        raise FeelEvalError("String.format needs a format string")
    values = list(args[0]) if len(args) == 1 and type(args[0]) is list else list(args)

    def repl(m: re.Match[str]) -> str:
        if m.group() == "%%":
            return "%"
        if not values:
            raise FeelEvalError("MissingFormatArgumentException")
        v = values.pop(0)
        if type(v) is Decimal:
            return format_number(v)
        return str(v)

    return re.sub(r"%%|%s|%d", repl, fmt)


_MATH_UNARY: dict[str, Callable[[float], float]] = {
    "cos": math.cos, "sin": math.sin, "tan": math.tan, "acos": math.acos, "asin": math.asin,
    "atan": math.atan, "exp": math.exp, "log": math.log, "log10": math.log10,
    "sqrt": math.sqrt, "cbrt": lambda x: math.copysign(abs(x) ** (1 / 3), x),
    "floor": math.floor, "ceil": math.ceil, "toRadians": math.radians,
    "toDegrees": math.degrees, "signum": lambda x: float((x > 0) - (x < 0)),
    "cosh": math.cosh, "sinh": math.sinh, "tanh": math.tanh,
}

_NUMERIC_TYPES = {"double", "float", "int", "long", "short", "byte"}


def _resolve(cls: str, signature: str) -> Callable[..., Any] | None:
    m = re.fullmatch(r"\s*([\w$]+)\s*\((.*)\)\s*", signature)
    if not m:
        return None
    method = m.group(1)
    params = [p.strip() for p in m.group(2).split(",") if p.strip()]
    numeric = all(p in _NUMERIC_TYPES for p in params)
    if cls == "java.lang.Math" and numeric:
        if method in _MATH_UNARY and len(params) == 1:
            f = _MATH_UNARY[method]
            return lambda a: _dec(f(_num(a)))
        if method in ("max", "min") and len(params) == 2:
            pick = max if method == "max" else min
            if params[0] in ("int", "long", "short", "byte"):
                return lambda a, b: Decimal(pick(_int(a), _int(b)))
            return lambda a, b: pick(a, b, key=_num)
        if method == "abs" and len(params) == 1:
            return lambda a: abs(a) if type(a) is Decimal else _num(a)
        if method == "pow" and len(params) == 2:
            return lambda a, b: _dec(math.pow(_num(a), _num(b)))
        if method == "round" and len(params) == 1:
            return lambda a: Decimal(math.floor(_num(a) + 0.5))
        return None
    if method == "valueOf" and len(params) == 1:
        p = params[0]
        if cls in ("java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte"):
            if p == "java.lang.String":
                return _parse_int
            if p in ("int", "long", "short", "byte"):
                return lambda a: Decimal(_int(a))
        if cls in ("java.lang.Double", "java.lang.Float"):
            if p == "java.lang.String":
                return _parse_float
            if p in _NUMERIC_TYPES:
                return lambda a: _dec(_num(a))
        if cls == "java.lang.String":
            if p == "char":
                return _char
            if p in _NUMERIC_TYPES:
                return lambda a: format_number(a) if type(a) is Decimal else _num(a)
            return lambda a: str(a)
    if cls == "java.lang.String" and method == "format":
        return _java_format
    return None


def external_function(spec: Any, params: tuple[str, ...]) -> Function | None:
    """Build the FEEL function for an ``external`` definition's ``java`` context.

    Returns a Function whose call gives null (with a warning) when the method is unknown,
    or None when the definition is not a Java mapping at all.
    """
    java = spec.get("java") if type(spec) is dict else None
    if type(java) is not dict:
        return None
    cls, sig = java.get("class"), java.get("method signature")
    if type(cls) is not str or type(sig) is not str:
        return None
    impl = _resolve(cls, sig)

    def call(*args: Any) -> Any:
        if impl is None:
            raise FeelEvalError(f"external Java method {cls}.{sig} is not available")
        try:
            with_ctx = impl(*args)
        except (ValueError, OverflowError, ZeroDivisionError) as e:
            raise FeelEvalError(f"{cls}.{sig}: {e}") from e
        return with_ctx

    _ = CONTEXT
    return Function(call, params, f"{cls}.{sig}")
