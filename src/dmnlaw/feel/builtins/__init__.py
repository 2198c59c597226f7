"""The FEEL built-in function library (DMN 1.5 §10.3.4), and how it is called.

Each built-in is a plain Python function registered with :func:`builtin`, once per
overload. The registry resolves a call by arity (positional) or by parameter names
(named invocation), applies the implicit list conversions of DMN 1.5 §10.3.2.9.4
(a singleton list where one value is expected, one value where a list is expected),
propagates null for typed parameters, and type-checks arguments, so the functions
themselves only deal with well-typed values.

Parameter specs are strings: ``"name"`` (any value), ``"name:type"`` (a typed value;
null in gives null out), ``"name:type?"`` (typed, but null is passed through), a trailing
``"="`` marks an optional parameter (``"length:number="``) and a leading ``"*"`` a
variadic one (``"*n:number"``). Types are the keys of :data:`TYPE_CHECKS`.

A built-in raises :class:`~dmnlaw.feel.values.InvalidArgument` for arguments it cannot
take; callers turn that into null and a warning.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Callable

from ..values import Function, InvalidArgument, Range, type_name


def _is_temporal(kind: str) -> Callable[[Any], bool]:
    def check(v: Any) -> bool:
        from .. import temporal

        return temporal.type_name(v) == kind

    return check


TYPE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "any": lambda v: True,
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "list": lambda v: type(v) is list,
    "context": lambda v: type(v) is dict,
    "range": lambda v: type(v) is Range,
    "function": lambda v: isinstance(v, Function),
    "date": _is_temporal("date"),
    "time": _is_temporal("time"),
    "datetime": _is_temporal("date and time"),
    "dtduration": _is_temporal("days and time duration"),
    "ymduration": _is_temporal("years and months duration"),
}


@dataclass(frozen=True)
class Param:
    name: str
    type: str = "any"
    nullable: bool = True
    optional: bool = False
    variadic: bool = False

    @classmethod
    def parse(cls, spec: str) -> "Param":
        optional = spec.endswith("=")
        spec = spec.rstrip("=")
        variadic = spec.startswith("*")
        spec = spec.lstrip("*")
        name, _, typ = spec.partition(":")
        nullable = not typ or typ == "any" or typ.endswith("?")
        typ = typ.rstrip("?") or "any"
        if typ not in TYPE_CHECKS:
            raise ValueError(f"unknown built-in parameter type {typ!r}")
        return cls(name, typ, nullable, optional, variadic)


@dataclass(frozen=True)
class Overload:
    fn: Callable[..., Any]
    params: tuple[Param, ...]

    @property
    def min_args(self) -> int:
        return sum(1 for p in self.params if not p.optional and not p.variadic)

    @property
    def max_args(self) -> float:
        return float("inf") if any(p.variadic for p in self.params) else len(self.params)


_NULL = object()  # marks "an argument was null where the type forbids it"


def _convert(p: Param, v: Any, fname: str) -> Any:
    """Apply implicit conversions and checks for one argument."""
    if v is None:
        return None if p.nullable else _NULL
    if p.type == "list":
        return v if type(v) is list else [v]
    if p.type != "any" and type(v) is list and len(v) == 1:
        v = v[0]
        if v is None:
            return None if p.nullable else _NULL
    if not TYPE_CHECKS[p.type](v):
        raise InvalidArgument(
            f"{fname}(): parameter '{p.name}' expects a {p.type}, got {type_name(v)}")
    return v


class BuiltinFunction(Function):
    """A built-in, possibly overloaded; a FEEL function value like any other."""

    __slots__ = ("overloads",)

    def __init__(self, name: str) -> None:
        self.overloads: list[Overload] = []
        super().__init__(self._call_positional, (), name)

    def add(self, overload: Overload) -> None:
        self.overloads.append(overload)
        # Expose the longest signature's names, for error messages and `instance of`.
        longest = max(self.overloads, key=lambda o: len(o.params))
        self.params = tuple(p.name for p in longest.params)

    def __call__(self, *args: Any) -> Any:
        return self._call_positional(*args)

    def _call_positional(self, *args: Any) -> Any:
        n = len(args)
        for ov in self.overloads:
            if ov.min_args <= n <= ov.max_args:
                return self._invoke(ov, list(args))
        raise InvalidArgument(f"{self.name}() takes no {n} arguments")

    def call_named(self, kwargs: dict[str, Any]) -> Any:
        """Call with named arguments: the overload whose parameters are all named, else the
        first that has every name given, its unnamed parameters null (DMN 1.5 §10.3.2.13.1)."""
        fits = [ov for ov in self.overloads if set(kwargs) <= {p.name for p in ov.params}]
        exact = [ov for ov in fits
                 if {p.name for p in ov.params if not p.optional and not p.variadic} <= set(kwargs)]
        for ov in exact + fits[:1]:
            args: list[Any] = []
            for p in ov.params:
                if p.name in kwargs:
                    val = kwargs[p.name]
                    args.extend(val if p.variadic and type(val) is list else [val])
                elif not p.variadic:
                    args.append(_MISSING)
            # Omitted optional parameters at the end are left out; others are null.
            while args and args[-1] is _MISSING and ov.params[len(args) - 1].optional:
                args.pop()
            return self._invoke(ov, [None if a is _MISSING else a for a in args])
        raise InvalidArgument(
            f"{self.name}() has no form with parameters {', '.join(sorted(kwargs))}")

    def _invoke(self, ov: Overload, args: list[Any]) -> Any:
        converted: list[Any] = []
        params = ov.params
        for i, v in enumerate(args):
            p = params[i] if i < len(params) else params[-1]
            if p.variadic:
                rest = args[i:]
                for w in rest:
                    c = _convert(p, w, self.name)
                    if c is _NULL:
                        return None
                    converted.append(c)
                break
            c = _convert(p, v, self.name)
            if c is _NULL:
                return None
            converted.append(c)
        return ov.fn(*converted)


_MISSING = object()

REGISTRY: dict[str, BuiltinFunction] = {}


def builtin(name: str, *params: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as one overload of the FEEL built-in ``name``."""

    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        f = REGISTRY.get(name)
        if f is None:
            f = REGISTRY[name] = BuiltinFunction(name)
        f.add(Overload(fn, tuple(Param.parse(p) for p in params)))
        return fn

    return register


def load_all() -> dict[str, BuiltinFunction]:
    """Import every built-in module (which registers its functions); return the registry."""
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return REGISTRY
