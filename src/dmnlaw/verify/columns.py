"""The type and allowed values of each decision-table column, looked up in the model.

An input column's values are what its ``inputValues`` say; else what the type of its
expression allows: the expression's ``typeRef``, or the type of the input data, decision
or parameter it names (through the components of a structured type for ``a.b``). An
output column's values are its ``outputValues``, else its type's allowed values. Types are
followed through item definitions (also across imports) to the FEEL type they rest on.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import model as m
from ..feel.types import ALIASES
from .domains import Kind

_KINDS: dict[str, Kind] = {"number": "number", "string": "string", "boolean": "boolean",
                           "date": "date"}


@dataclass(frozen=True, slots=True)
class ColumnType:
    """A column's FEEL kind (``unknown`` when not one the analysis handles) and its
    allowed-values text with the place it was written (None: the whole type)."""

    kind: Kind = "unknown"
    allowed: str | None = None
    allowed_source: m.Source | None = None


class TypeLookup:
    """Finds item definitions by typeRef across the loaded files."""

    def __init__(self, files: list[m.Definitions]) -> None:
        self.by_ns = {d.namespace: d for d in files}

    def item(self, ref: str | None, defs: m.Definitions) -> tuple[m.ItemDefinition | None, m.Definitions]:
        """The item definition ``ref`` names as seen from ``defs`` (and its file), or None."""
        if not ref:
            return None, defs
        ref = ref.strip()
        for prefix in ("feel:", "FEEL:"):
            if ref.startswith(prefix):
                return None, defs
        for it in defs.item_definitions:
            if it.name == ref:
                return it, defs
        for imp in defs.imports:
            if imp.name and ref.startswith(imp.name + ".") and imp.namespace in self.by_ns:
                return self.item(ref[len(imp.name) + 1:], self.by_ns[imp.namespace])
        return None, defs

    def column_type(self, ref: str | None, defs: m.Definitions) -> ColumnType:
        """Kind and allowed values of the type ``ref`` (a FEEL type or an item definition)."""
        allowed: str | None = None
        source = None
        seen: set[str] = set()
        while ref and ref not in seen:
            seen.add(ref)
            item, defs = self.item(ref, defs)
            if item is None:
                name = ref.strip().removeprefix("feel:").removeprefix("FEEL:")
                return ColumnType(_KINDS.get(ALIASES.get(name, name), "unknown"), allowed, source)
            if item.is_collection or item.components:
                return ColumnType("unknown", None, None)
            if allowed is None and (item.allowed_values or item.type_constraint):
                allowed = item.allowed_values or item.type_constraint
                source = item.source
            ref = item.type_ref
        return ColumnType("unknown", allowed, source)

    def path_type(self, ref: str | None, defs: m.Definitions, path: list[str]) -> ColumnType:
        """The type of component ``path`` inside the structured type ``ref``."""
        item, defs = self.item(ref, defs)
        for part in path:
            while item is not None and not item.components and item.type_ref:
                item, defs = self.item(item.type_ref, defs)
            if item is None:
                return ColumnType()
            item = next((c for c in item.components if c.name == part), None)
            if item is None:
                return ColumnType()
        if item is None:
            return ColumnType()
        if item.components or item.is_collection:
            return ColumnType()
        allowed = item.allowed_values or item.type_constraint
        inner = self.column_type(item.type_ref, defs)
        if allowed:
            return ColumnType(inner.kind, allowed, item.source)
        return inner


def _variables(lookup: TypeLookup, owner: m.DRGElementType | None,
               defs: m.Definitions) -> dict[str, tuple[str | None, m.Definitions]]:
    """Names visible in ``owner``'s logic → (typeRef, the file it is to be read in): its
    requirements (``prefix.name`` for an element of an imported file) and parameters."""
    out: dict[str, tuple[str | None, m.Definitions]] = {}
    prefixes = {i.namespace: i.name for i in defs.imports if i.name}
    for req in getattr(owner, "information_requirements", ()):
        ns, _, ident = req.href.partition("#")
        home = lookup.by_ns.get(ns) if ns else defs
        if home is None:
            continue
        target = home.elements.get(ident)
        if not isinstance(target, (m.Decision, m.InputData)):
            continue
        name = target.name if home is defs or ns not in prefixes else f"{prefixes[ns]}.{target.name}"
        out[name] = (target.variable.type_ref if target.variable is not None else None, home)
    logic = getattr(owner, "encapsulated_logic", None)
    if logic is not None:
        for p in logic.formal_parameters:
            out[p.name] = (p.type_ref, defs)
    return out


def input_types(lookup: TypeLookup, defs: m.Definitions, owner: m.DRGElementType | None,
                table: m.DecisionTable) -> list[ColumnType]:
    """One :class:`ColumnType` per input column of ``table`` (in ``owner``, in ``defs``)."""
    variables = _variables(lookup, owner, defs)
    out = []
    for clause in table.inputs:
        t = ColumnType()
        if clause.expression.type_ref:
            t = lookup.column_type(clause.expression.type_ref, defs)
        if t.allowed is None:
            found = _named_type(lookup, variables, clause.expression.text.strip())
            if found.allowed is not None or t.kind == "unknown":
                t = ColumnType(found.kind if found.kind != "unknown" else t.kind,
                               found.allowed, found.allowed_source)
        if clause.input_values is not None and clause.input_values.strip():
            t = ColumnType(t.kind, clause.input_values, clause.source)
        out.append(t)
    return out


def _named_type(lookup: TypeLookup, variables: dict[str, tuple[str | None, m.Definitions]],
                text: str) -> ColumnType:
    """The type of an expression that names a variable, or a path into one (``a.b.c``)."""
    if text in variables:
        ref, home = variables[text]
        return lookup.column_type(ref, home)
    parts = [p.strip() for p in text.split(".")]
    for k in range(len(parts) - 1, 0, -1):
        head = ".".join(parts[:k])
        if head in variables:
            ref, home = variables[head]
            return lookup.path_type(ref, home, parts[k:])
    return ColumnType()


def output_allowed(lookup: TypeLookup, defs: m.Definitions, owner: m.DRGElementType | None,
                   table: m.DecisionTable) -> list[ColumnType]:
    """One :class:`ColumnType` per output column: its output values, else its type's."""
    var = getattr(owner, "variable", None)
    whole = table.type_ref or (var.type_ref if var is not None else None)
    out = []
    for clause in table.outputs:
        if clause.output_values is not None and clause.output_values.strip():
            kind = lookup.column_type(clause.type_ref, defs).kind
            out.append(ColumnType(kind, clause.output_values, clause.source))
        elif clause.type_ref:
            out.append(lookup.column_type(clause.type_ref, defs))
        elif len(table.outputs) == 1:
            out.append(lookup.column_type(whole, defs))
        elif clause.name:
            out.append(lookup.path_type(whole, defs, [clause.name]))
        else:
            out.append(ColumnType())
    return out
