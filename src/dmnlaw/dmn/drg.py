"""The decision requirements graph: every DRG element of the loaded files as a
``networkx.DiGraph``, edges pointing from what is required to what requires it.

Nodes are keyed ``"<namespace>#<id>"`` (ids repeat across files) and carry a
:class:`DrgNode`. Edge attribute ``kind`` is ``information``, ``knowledge`` or
``authority``; only the first two order evaluation. A reference that resolves to nothing
or a cycle is a :class:`~dmnlaw.errors.ModelError` naming the elements.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .. import model as m
from ..errors import ModelError

if TYPE_CHECKING:
    import networkx as nx

KINDS = {m.Decision: "decision", m.InputData: "input", m.BusinessKnowledgeModel: "bkm",
         m.DecisionService: "service", m.KnowledgeSource: "knowledge_source"}


@dataclass(eq=False)
class DrgNode:
    """One DRG element and the file it came from."""

    key: str
    kind: str
    element: m.DRGElementType
    defs: m.Definitions
    # (key of the required node, FEEL name it is visible under, import prefix or None)
    requires: list[tuple[str, str, str | None]] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.element.name

    @property
    def label(self) -> str:
        return self.element.label or self.element.name


def node_key(defs: m.Definitions, element_id: str | None, name: str) -> str:
    return f"{defs.namespace}#{element_id or name}"


def build_graph(files: list[m.Definitions]) -> nx.DiGraph:
    """Return the DRG of ``files`` (imports resolved among them).

    Raises ModelError for a dangling reference, a missing import, or a cycle.
    """
    import networkx as nx  # here, not at the top: evaluating a cached model needs no graph

    g = nx.DiGraph()
    by_ns: dict[str, m.Definitions] = {}
    for d in files:
        by_ns.setdefault(d.namespace, d)
        for el in d.drg_elements:
            key = node_key(d, el.id, el.name)
            if key in g:
                raise ModelError(f"two elements have the id '{el.id}'", file=el.source.file,
                                 line=el.source.line, element=el.name)
            g.add_node(key, node=DrgNode(key, KINDS[type(el)], el, d))
    for d in files:
        for imp in d.imports:
            if imp.namespace not in by_ns and _is_dmn_import(imp):
                raise ModelError(f"import '{imp.name}' of namespace {imp.namespace} is not loaded "
                                 f"(location {imp.location_uri or 'not given'})",
                                 file=imp.source.file, line=imp.source.line, element=imp.name)
    for key, data in list(g.nodes(data=True)):
        node: DrgNode = data["node"]
        el, d = node.element, node.defs
        for req in getattr(el, "information_requirements", ()):
            target = _resolve(g, d, req.href, req.source, el.name, files)
            g.add_edge(target, key, kind="information")
            node.requires.append((target, *_visible_name(g.nodes[target]["node"], d)))
        for req in getattr(el, "knowledge_requirements", ()):
            target = _resolve(g, d, req.href, req.source, el.name, files)
            g.add_edge(target, key, kind="knowledge")
            node.requires.append((target, *_visible_name(g.nodes[target]["node"], d)))
        for req in getattr(el, "authority_requirements", ()):
            target = _resolve(g, d, req.href, req.source, el.name, files)
            g.add_edge(target, key, kind="authority")
        if isinstance(el, m.DecisionService):
            for ref in (*el.output_decisions, *el.encapsulated_decisions):
                target = _resolve(g, d, ref.href, ref.source, el.name, files)
                g.add_edge(target, key, kind="service")
            for ref in (*el.input_decisions, *el.input_data):
                _resolve(g, d, ref.href, ref.source, el.name, files)
    _check_cycles(g)
    return g


def _is_dmn_import(imp: m.Import) -> bool:
    return imp.import_type in m.DMN_NAMESPACES or "DMN" in imp.import_type.upper()


def _resolve(g: nx.DiGraph, d: m.Definitions, href: str, source: m.Source, owner: str,
             files: list[m.Definitions]) -> str:
    ns, _, ident = href.partition("#")
    if not ident:
        ns, ident = "", href
    if ns == "":
        key = f"{d.namespace}#{ident}"
    else:
        key = f"{ns}#{ident}"
        if key not in g:
            # `other.dmn#id`: a file name, as some modelers write it.
            base = os.path.basename(ns)
            for f in files:
                if os.path.basename(f.file) == base:
                    key = f"{f.namespace}#{ident}"
                    break
    if key not in g:
        raise ModelError(f"'{owner}' refers to '{href}', which is not in the model",
                         file=source.file, line=source.line, element=owner)
    return key


def _visible_name(target: DrgNode, d: m.Definitions) -> tuple[str, str | None]:
    """The FEEL name under which ``target`` is seen from a file: its name, or import.name."""
    if target.defs.namespace == d.namespace:
        return target.name, None
    for imp in d.imports:
        if imp.namespace == target.defs.namespace:
            return target.name, imp.name or None
    # Required across files without an import (allowed by some modelers): plain name.
    return target.name, None


def _check_cycles(g: nx.DiGraph) -> None:
    import networkx as nx

    deps = nx.DiGraph((u, v) for u, v, k in g.edges(data="kind") if k != "authority")
    try:
        cycle = nx.find_cycle(deps)
    except nx.NetworkXNoCycle:
        return
    names = [g.nodes[u]["node"].name for u, _ in cycle]
    first = g.nodes[cycle[0][0]]["node"].element
    raise ModelError("the requirements form a cycle: " + " → ".join(names + names[:1]),
                     file=first.source.file, line=first.source.line, element=names[0])


def evaluation_order(g: nx.DiGraph, targets: list[str]) -> list[str]:
    """Keys of the decisions and inputs ``targets`` need, dependencies first."""
    import networkx as nx

    info = nx.DiGraph()
    info.add_nodes_from(targets)
    stack = list(targets)
    seen = set(targets)
    while stack:
        k = stack.pop()
        for u, _, kind in g.in_edges(k, data="kind"):
            if kind == "information" and u not in seen:
                seen.add(u)
                info.add_edge(u, k)
                stack.append(u)
            elif kind == "information":
                info.add_edge(u, k)
    # Ties broken by document order, so traces read in the order the model is written.
    position = {k: i for i, k in enumerate(g.nodes)}
    return list(nx.lexicographical_topological_sort(info, key=lambda k: position[k]))
