"""``dmnlaw check``: everything that can be wrong with a model, before any case runs.

In order, for the DMN files at the given paths: each file is read safely (a file that is
missing, not XML or hostile stops the check with a ModelError: there is nothing to check),
validated against the OMG schema of its DMN version, and read into the model (a file the
reader refuses is a finding); then names and type references, every decision table
(:mod:`.tables`), the citation rule of the legal model (:mod:`.citations`), the graph
(dangling references, cycles) and the compilation of all FEEL.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Iterator

from .. import model as m
from ..errors import DmnlawError, ModelError
from ..feel.parser import NameIndex
from ..feel.types import builtin_type
from ..xml import parse_xml, read_definitions
from . import citations, schema, tables
from .columns import TypeLookup, input_types, output_allowed
from .findings import Finding, from_error


@dataclass
class Report:
    """The findings of a check, and how many files and tables it looked at."""

    findings: list[Finding] = field(default_factory=list)
    files: int = 0
    tables: int = 0

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]


def check(paths: list[str]) -> Report:
    """Check the DMN files and folders at ``paths``; return the :class:`Report`.

    Raises ModelError only for a path that cannot be checked at all: missing, not XML,
    hostile (a DTD, an entity), or a folder without ``.dmn`` files.
    """
    from ..xml.reader import _expand  # the reader's own folder expansion, so both agree

    report = Report()
    files: list[m.Definitions] = []
    for file in dict.fromkeys(_expand(paths)):
        tree = parse_xml(file)  # ModelError: nothing to check in this file
        report.files += 1
        report.findings += schema.validate(tree, file)
        try:
            files.append(read_definitions(file))
        except ModelError as e:
            report.findings.append(from_error(e, "model"))
    files = _with_imports(files)
    lookup = TypeLookup(files)
    refs: list[citations.TableRef] = []
    for defs in files:
        report.findings += _names_and_types(defs, lookup)
        names = _name_index(defs, files)
        for owner, table, name in _tables(defs):
            report.tables += 1
            refs.append(citations.TableRef(table, name))
            report.findings += tables.analyse(
                table, name, input_types(lookup, defs, owner, table),
                output_allowed(lookup, defs, owner, table), names)
    if citations.follows_convention(refs):
        report.findings += citations.check_tables(refs)
    report.findings += citations.check_translations(refs)
    report.findings += _graph_and_compile(files, report.findings)
    report.findings.sort(key=lambda f: (f.file or "", f.line or 0))
    return report


def _with_imports(files: list[m.Definitions]) -> list[m.Definitions]:
    """Add the files that imports name by location beside the importing file (as load does)."""
    from ..api import _with_imports as add

    try:
        return add(files)
    except ModelError:
        return files  # an unreadable imported file is reported by the graph as a missing import


def _name_index(defs: m.Definitions, files: list[m.Definitions]) -> NameIndex:
    """The names FEEL text in ``defs`` may use: elements, imports, type components."""
    names: set[str] = set()
    by_ns = {f.namespace: f for f in files}
    for d in [defs, *(by_ns[i.namespace] for i in defs.imports if i.namespace in by_ns)]:
        names |= {e.name for e in d.drg_elements}
        stack = list(d.item_definitions)
        while stack:
            it = stack.pop()
            names.add(it.name)
            stack += it.components
        for e in d.drg_elements:
            logic = getattr(e, "encapsulated_logic", None)
            if logic is not None:
                names |= {p.name for p in logic.formal_parameters}
    names |= {i.name for i in defs.imports if i.name}
    return NameIndex(names)


def _tables(defs: m.Definitions) -> Iterator[tuple[m.DRGElementType, m.DecisionTable, str]]:
    """Every decision table in the file: (owning DRG element, table, name for messages).

    A table that is an element's whole logic is named after the element; one in a context
    entry after the element and the entry (``duty_scope / duty_established``), any other
    by its position (``name / table 2``).
    """
    for el in defs.drg_elements:
        root = getattr(el, "expression", None) or getattr(el, "encapsulated_logic", None)
        found = list(_walk(root, None)) if root is not None else []
        for k, (t, entry) in enumerate(found):
            top = t is root or (isinstance(root, m.FunctionDefinition) and root.body is t)
            if top and len(found) == 1:
                yield el, t, el.name
            else:
                yield el, t, f"{el.name} / {entry or f'table {k + 1}'}"


def _walk(node: object, entry: str | None) -> Iterator[tuple[m.DecisionTable, str | None]]:
    """The decision tables inside an expression, each with the context entry it is in."""
    if isinstance(node, m.DecisionTable):
        yield node, entry
        return
    if isinstance(node, (list, tuple)):
        for x in node:
            yield from _walk(x, entry)
        return
    if isinstance(node, m.ContextEntry) and node.variable is not None:
        entry = node.variable.name
    if is_dataclass(node) and not isinstance(node, (m.Source, m.LiteralExpression)):
        for f in fields(node):
            if f.name not in ("source", "elements"):
                yield from _walk(getattr(node, f.name), entry)


def _names_and_types(defs: m.Definitions, lookup: TypeLookup) -> Iterator[Finding]:
    """Duplicate element names and type references that name no type."""
    seen: dict[str, m.DRGElementType] = {}
    for el in defs.drg_elements:
        if el.name in seen:
            first = seen[el.name].source.line
            yield Finding("error", "name", f"two elements are named '{el.name}' (the first at "
                          f"line {first})", el.source.file, el.source.line)
        seen.setdefault(el.name, el)
    for ref, source, where in _type_refs(defs):
        item, _ = lookup.item(ref, defs)
        name = ref.strip()
        for prefix in ("feel:", "FEEL:"):
            name = name.removeprefix(prefix)
        if item is None and builtin_type(name) is None:
            yield Finding("error", "type", f"{where} has typeRef '{ref}', which names no FEEL type "
                          f"or item definition", source.file, source.line)


def _type_refs(defs: m.Definitions) -> Iterator[tuple[str, m.Source, str]]:
    stack: list[object] = [defs.item_definitions, defs.drg_elements]
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
            continue
        if not is_dataclass(node) or isinstance(node, m.Source):
            continue
        ref = getattr(node, "type_ref", None)
        if isinstance(ref, str) and ref.strip():
            name = getattr(node, "name", None) or type(node).__name__
            yield ref, node.source, f"'{name}'"  # type: ignore[attr-defined]
        for f in fields(node):
            if f.name not in ("source", "elements", "type_ref"):
                value = getattr(node, f.name)
                if isinstance(value, (list, tuple)) or is_dataclass(value):
                    stack.append(value)


def _graph_and_compile(files: list[m.Definitions], earlier: list[Finding]) -> list[Finding]:
    """The graph's dangling references and cycles, then the first error compiling the model
    that is not one the table checks already reported (the compiler stops at the first)."""
    from ..dmn.compile import compile_model
    from ..dmn.drg import build_graph

    try:
        graph = build_graph(files)
    except ModelError as e:
        return [from_error(e, "graph")]
    try:
        compile_model(graph, files)
    except DmnlawError as e:
        known = {(f.file, f.line) for f in earlier if f.severity == "error"}
        if (e.file, e.line) in known or (e.file is not None and e.line is None and
                                         any(f.file == e.file for f in earlier if f.severity == "error")):
            return []
        return [from_error(e, "feel")]
    return []


def relative(path: str) -> str:
    """A path as messages show it: relative to the working folder when it is below it."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel
