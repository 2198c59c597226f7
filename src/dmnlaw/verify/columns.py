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


def _variables(owner: m.DRGElementType | None, defs: m.Definitions) -> dict[str, str | None]:
    """Names visible in ``owner``'s logic → their typeRef (requirements, parameters)."""
    out: dict[str, str | None] = {}
    by_id = {e.id: e for e in defs.drg_elements if e.id}
    for req in getattr(owner, "information_requirements", ()):
        ns, _, ident = req.href.partition("#")
        target = by_id.get(ident) if not ns else None
        if target is not None:
            var = getattr(target, "variable", None)
            out[target.name] = var.type_ref if var is not None else None
    logic = getattr(owner, "encapsulated_logic", None)
    if logic is not None:
        for p in logic.formal_parameters:
            out[p.name] = p.type_ref
    return out


def input_types(lookup: TypeLookup, defs: m.Definitions, owner: m.DRGElementType | None,
                table: m.DecisionTable) -> list[ColumnType]:
    """One :class:`ColumnType` per input column of ``table`` (in ``owner``, in ``defs``)."""
    variables = _variables(owner, defs)
    out = []
    for clause in table.inputs:
        t = ColumnType()
        if clause.expression.type_ref:
            t = lookup.column_type(clause.expression.type_ref, defs)
        if t.kind == "unknown" and t.allowed is None:
            text = clause.expression.text.strip()
            if text in variables:
                t = lookup.column_type(variables[text], defs)
            elif "." in text:
                head, *path = [p.strip() for p in text.split(".")]
                if head in variables:
                    t = lookup.path_type(variables[head], defs, path)
        if clause.input_values is not None and clause.input_values.strip():
            t = ColumnType(t.kind, clause.input_values, clause.source)
        out.append(t)
    return out


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
