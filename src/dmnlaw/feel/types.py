"""FEEL types (DMN 1.5 §10.3.2.9.1): what ``instance of``, typed parameters and DMN type
references check values against.

A type is a small immutable object with :meth:`FeelType.conforms`. Item definitions of a DMN
model become these too (see :mod:`dmnlaw.dmn.types`), so the one check serves both.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable

from . import temporal
from .values import Function, Range


class FeelType:
    """Base class; subclasses say which values conform and have a ``name``."""

    name: str

    def conforms(self, value: Any) -> bool:  # pragma: no cover - overridden
        raise NotImplementedError

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class AnyType(FeelType):
    name: str = "Any"

    def conforms(self, value: Any) -> bool:
        return value is not None


@dataclass(frozen=True)
class NullType(FeelType):
    name: str = "Null"

    def conforms(self, value: Any) -> bool:
        return value is None


def _temporal(kind: str) -> Callable[[Any], bool]:
    return lambda v: temporal.type_name(v) == kind


_PRIMITIVE_CHECKS: dict[str, Callable[[Any], bool]] = {
    "number": lambda v: type(v) is Decimal,
    "string": lambda v: type(v) is str,
    "boolean": lambda v: type(v) is bool,
    "date": _temporal("date"),
    "time": _temporal("time"),
    "date and time": _temporal("date and time"),
    "days and time duration": _temporal("days and time duration"),
    "years and months duration": _temporal("years and months duration"),
}

# Names other engines and older DMN versions use for the same types.
ALIASES = {
    "dateTime": "date and time", "datetime": "date and time",
    "dayTimeDuration": "days and time duration", "yearMonthDuration": "years and months duration",
    "duration": "days and time duration",
    "integer": "number", "decimal": "number", "double": "number", "int": "number", "long": "number",
    "any": "Any",
}


@dataclass(frozen=True)
class PrimitiveType(FeelType):
    name: str

    def conforms(self, value: Any) -> bool:
        return _PRIMITIVE_CHECKS[self.name](value)


@dataclass(frozen=True)
class ListType(FeelType):
    element: FeelType = field(default_factory=AnyType)

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"list<{self.element}>"

    def conforms(self, value: Any) -> bool:
        if type(value) is not list:
            return False
        el = self.element
        if isinstance(el, AnyType):
            return True
        return all(v is None or el.conforms(v) for v in value)


@dataclass(frozen=True)
class ContextType(FeelType):
    fields: tuple[tuple[str, FeelType], ...] = ()

    @property
    def name(self) -> str:  # type: ignore[override]
        if not self.fields:
            return "context"
        return "context<" + ", ".join(f"{k}: {t}" for k, t in self.fields) + ">"

    def conforms(self, value: Any) -> bool:
        if type(value) is not dict:
            return False
        for k, t in self.fields:
            if k not in value:
                return False
            v = value[k]
            if v is not None and not t.conforms(v):
                return False
        return True


@dataclass(frozen=True)
class RangeType(FeelType):
    element: FeelType = field(default_factory=AnyType)

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"range<{self.element}>"

    def conforms(self, value: Any) -> bool:
        if type(value) is not Range:
            return False
        if isinstance(self.element, AnyType):
            return True
        return all(v is None or self.element.conforms(v) for v in (value.start, value.end))


@dataclass(frozen=True)
class FunctionType(FeelType):
    params: tuple[FeelType, ...] | None = None
    result: FeelType | None = None

    @property
    def name(self) -> str:  # type: ignore[override]
        if self.params is None:
            return "function"
        return f"function<{', '.join(map(str, self.params))}> -> {self.result}"

    def conforms(self, value: Any) -> bool:
        if not isinstance(value, Function):
            return False
        if self.params is None:
            return True
        if len(value.params) != len(self.params):
            return False
        # Functions are contravariant in their parameters: a declared parameter type must
        # accept at least what the function type promises to pass.
        declared = value.param_types
        if declared is not None:
            for want, have in zip(self.params, declared):
                if have is not None and not _is_subtype(want, have):
                    return False
        return True


def _is_subtype(a: FeelType, b: FeelType) -> bool:
    if isinstance(b, AnyType) or a == b:
        return True
    if isinstance(a, ListType) and isinstance(b, ListType):
        return _is_subtype(a.element, b.element)
    return False


ANY = AnyType()
NULL = NullType()


def builtin_type(name: str) -> FeelType | None:
    """The FEEL type named ``name`` (``number``, ``list``, ``context``…), or None."""
    name = ALIASES.get(name, name)
    if name in _PRIMITIVE_CHECKS:
        return PrimitiveType(name)
    if name == "Any":
        return ANY
    if name == "Null":
        return NULL
    if name == "list":
        return ListType()
    if name == "context":
        return ContextType()
    if name == "range":
        return RangeType()
    if name == "function":
        return FunctionType()
    return None
