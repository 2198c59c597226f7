"""DMN item definitions as FEEL types, and the conversions DMN applies at typed boundaries.

Each ``itemDefinition`` becomes an :class:`ItemType`: a base type (a FEEL type, another
item definition, or a structure of components), allowed values, and whether it is a
collection. :func:`coerce` applies DMN 1.5 §10.3.2.9.4 to a value crossing a typed
boundary (a decision's result, a BKM parameter): singleton lists unwrap, single values
wrap, and a value that still does not conform becomes null with a warning.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .. import model as m
from ..errors import DmnlawError, ModelError
from ..feel import compile_value_check
from ..feel.runtime import warn
from ..feel.types import (ANY, ContextType, FeelType, FunctionType, ListType, builtin_type)
from ..feel.values import to_feel_text, type_name

FEEL_PREFIXES = ("feel:", "FEEL:")


@dataclass(eq=False)
class ItemType(FeelType):
    """A named type from an item definition."""

    name: str
    base: FeelType = ANY
    allowed: Callable[[Any], Any] | None = None
    allowed_text: str | None = None
    collection: bool = False
    element: FeelType | None = field(default=None)

    def conforms(self, value: Any) -> bool:
        if self.collection:
            if type(value) is not list:
                return False
            return all(v is None or self.element_conforms(v) for v in value)
        return self.element_conforms(value)

    def element_conforms(self, value: Any) -> bool:
        if not self.base.conforms(value):
            return False
        if self.allowed is not None and not self.allowed(value):
            return False
        return True

    def unconstrained(self) -> "ItemType":
        """The same type without its allowed values (what ``instance of`` checks)."""
        if self.allowed is None:
            return self
        return ItemType(self.name, self.base, None, None, self.collection)

    def allowed_values(self) -> list[str] | None:
        """The enumerated allowed values (string literals) if the constraint is a plain list."""
        if not self.allowed_text:
            return None
        import re

        items = re.findall(r'"((?:[^"\\]|\\.)*)"', self.allowed_text)
        return items or None


class TypeRegistry:
    """The types a model can name: FEEL's, and each file's item definitions (with import prefixes)."""

    def __init__(self) -> None:
        self._types: dict[tuple[str, str], FeelType] = {}
        self._pending: dict[tuple[str, str], tuple[m.ItemDefinition, m.Definitions]] = {}
        self._prefixes: dict[str, dict[str, str]] = {}  # namespace → import name → namespace

    def add_definitions(self, defs: m.Definitions, imports: dict[str, str]) -> None:
        self._prefixes[defs.namespace] = imports
        for item in defs.item_definitions:
            self._pending[(defs.namespace, item.name)] = (item, defs)

    def resolve(self, ref: str | None, namespace: str) -> FeelType | None:
        """The type ``ref`` names, as seen from the file with ``namespace``; None if unknown."""
        if ref is None:
            return None
        ref = ref.strip()
        for p in FEEL_PREFIXES:
            if ref.startswith(p):
                ref = ref[len(p):]
        key = (namespace, ref)
        if key in self._types:
            return self._types[key]
        if key in self._pending:
            item, defs = self._pending.pop(key)
            self._types[key] = ANY  # guards against self-reference while building
            t = self._build(item, defs)
            self._types[key] = t
            return t
        # An imported type: `prefix.tName`.
        for prefix, ns in self._prefixes.get(namespace, {}).items():
            if ref.startswith(prefix + "."):
                found = self.resolve(ref[len(prefix) + 1:], ns)
                if found is not None:
                    return found
        return builtin_type(ref)

    def _build(self, item: m.ItemDefinition, defs: m.Definitions) -> FeelType:
        ns = defs.namespace
        if item.components:
            base: FeelType = ContextType(tuple(
                (c.name, self._build(c, defs)) for c in item.components))
        elif item.function_item is not None:
            base = FunctionType()
        elif item.type_ref:
            found = self.resolve(item.type_ref, ns)
            if found is None:
                raise ModelError(f"item definition '{item.name}' refers to unknown type "
                                 f"'{item.type_ref}'", file=item.source.file,
                                 line=item.source.line, element=item.name)
            base = found
        else:
            base = ANY
        constraint = item.allowed_values or item.type_constraint
        allowed = None
        if constraint:
            try:
                allowed = compile_value_check(constraint)
            except DmnlawError as e:
                raise e.located(file=item.source.file, line=item.source.line,
                                element=f"item definition '{item.name}' allowed values")
        if not item.components and not constraint and not item.is_collection:
            # A plain alias: keep the base's identity so `instance of` works structurally.
            return _Named(item.name, base)
        return ItemType(item.name, base, allowed, constraint, item.is_collection)


@dataclass(eq=False)
class _Named(FeelType):
    """An alias of another type under a new name."""

    name: str
    base: FeelType

    def conforms(self, value: Any) -> bool:
        return self.base.conforms(value)


def is_collection(t: FeelType | None) -> bool:
    if isinstance(t, _Named):
        return is_collection(t.base)
    return isinstance(t, ListType) or (isinstance(t, ItemType) and t.collection)


def coerce(value: Any, t: FeelType | None, what: str) -> Any:
    """Convert ``value`` for a boundary typed ``t`` (DMN 1.5 §10.3.2.9.4).

    Returns the value, possibly unwrapped from or wrapped into a singleton list, or null
    with a warning naming ``what`` when it does not conform.
    """
    if t is None or value is None or t is ANY:
        return value
    if t.conforms(value):
        return value
    if type(value) is list and len(value) == 1 and not is_collection(t):
        if t.conforms(value[0]):
            return value[0]
    if type(value) is not list and is_collection(t):
        if t.conforms([value]):
            return [value]
    warn(f"{what}: {to_feel_text(value)[:80]} ({type_name(value)}) does not conform to type {t}")
    return None
