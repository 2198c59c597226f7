"""Compile a loaded DRG: every decision, BKM and decision service into Python, once.

The result, :class:`CompiledModel`, is plain data the evaluator walks: for each decision a
function of its environment, the names it reads, its type, and its top-level decision
table (for the trace). BKMs and decision services become FEEL function values shared by
every evaluation. It also keeps what :mod:`dmnlaw.dmn.program` needs to compile whole
evaluations later (the code generator, the names each file's expressions may use), and
what evaluation order needs without the networkx graph, which is rebuilt only when asked
for (a model loaded from :mod:`dmnlaw.cache` never imports networkx to be evaluated).
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from .. import model as m
from ..errors import DmnlawError, ModelError
from ..feel.compiler import CodeGen, Scope
from ..feel.parser import NameIndex
from ..feel.types import FeelType
from ..feel.values import Function
from . import tables
from .boxed import BoxedCompiler
from .drg import DrgNode
from .types import TypeRegistry, coerce

if TYPE_CHECKING:
    import networkx as nx


@dataclass(eq=False)
class CompiledDecision:
    """A decision ready to run: ``fn(env)`` gives its raw value (before type conversion)."""

    node: DrgNode
    fn: Callable[[dict[str, Any]], Any]
    type: FeelType | None
    table: tables.Table | None
    # Requirement values to put in the environment: (node key, name) and per import prefix.
    plain: list[tuple[str, str]] = field(default_factory=list)
    prefixed: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return self.node.name


@dataclass(eq=False)
class CompiledModel:
    """Everything compiled for one model; see the module docstring."""

    files: list[m.Definitions]
    nodes: dict[str, DrgNode]                         # node key → node, in graph order
    info_deps: dict[str, tuple[str, ...]]             # node key → its information requirements
    types: TypeRegistry
    decisions: dict[str, CompiledDecision]            # node key → decision
    inputs: dict[str, tuple[DrgNode, FeelType | None]]  # node key → input data and its type
    functions: dict[str, dict[str, Any]]              # namespace → env of BKMs/services (+ prefixes)
    gen: CodeGen
    boxed: BoxedCompiler
    base_names: dict[str, set[str]]                   # namespace → names its expressions may use
    fn_names: dict[str, set[str]]                     # namespace → its BKMs, services, imports
    bkm_builders: list[tuple[str, str, Callable[[dict], Any]]] = field(default_factory=list)
    source: str = ""
    _graph: Any = field(default=None, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        # The graph is rebuilt from the files when wanted (see graph), never stored.
        return {**self.__dict__, "_graph": None}

    @property
    def graph(self) -> "nx.DiGraph":
        """The DRG as a networkx graph, built on first use; its nodes carry this model's
        :class:`DrgNode` objects."""
        if self._graph is None:
            from .drg import build_graph

            g = build_graph(self.files)
            for key, node in self.nodes.items():
                g.nodes[key]["node"] = node
            self._graph = g
        return self._graph

    @property
    def sinks(self) -> list[str]:
        """Decisions no other element requires as information, in graph order."""
        required = {k for deps in self.info_deps.values() for k in deps}
        return [k for k in self.decisions if k not in required]

    def order(self, targets: list[str]) -> list[str]:
        """Keys of the decisions and inputs ``targets`` need, dependencies first.

        Ties go to the element written first, so traces read in the order the model is
        written: the same order as :func:`dmnlaw.dmn.drg.evaluation_order`, without
        networkx.
        """
        position = {k: i for i, k in enumerate(self.nodes)}
        deps = self.info_deps
        seen = set(targets)
        stack = list(targets)
        while stack:
            for u in deps.get(stack.pop(), ()):
                if u not in seen:
                    seen.add(u)
                    stack.append(u)
        waiting = {k: len(deps.get(k, ())) for k in seen}
        users: dict[str, list[str]] = {}
        for k in seen:
            for u in deps.get(k, ()):
                users.setdefault(u, []).append(k)
        ready = [(position[k], k) for k, n in waiting.items() if n == 0]
        heapq.heapify(ready)
        out: list[str] = []
        while ready:
            _, k = heapq.heappop(ready)
            out.append(k)
            for v in users.get(k, ()):
                waiting[v] -= 1
                if waiting[v] == 0:
                    heapq.heappush(ready, (position[v], v))
        return out


def compile_model(graph: "nx.DiGraph", files: list[m.Definitions]) -> CompiledModel:
    """Compile every executable element of ``graph``. Raises ModelError (file, line, element)."""
    types = TypeRegistry()
    imports_of: dict[str, dict[str, str]] = {}
    for d in files:
        imports_of[d.namespace] = {i.name: i.namespace for i in d.imports if i.name}
        types.add_definitions(d, imports_of[d.namespace])
    gen = CodeGen()
    boxed = BoxedCompiler(gen, lambda ref: None)

    def type_resolver_for(ns: str) -> Callable[[str | None], FeelType | None]:
        return lambda ref: types.resolve(ref, ns)

    # Names every expression of a file may use when parsing: its elements, its imports'
    # elements (after the prefix), and item definition components (for paths).
    base_names: dict[str, set[str]] = {}
    for d in files:
        names = {e.name for e in d.drg_elements}
        for imp in d.imports:
            if imp.name:
                names.add(imp.name)
        _component_names(d.item_definitions, names)
        base_names[d.namespace] = names
    for d in files:
        for imp in d.imports:
            if imp.namespace in base_names:
                base_names[d.namespace] |= {e for e in base_names[imp.namespace]}

    functions: dict[str, dict[str, Any]] = {d.namespace: {} for d in files}
    nodes: dict[str, DrgNode] = {k: data["node"] for k, data in graph.nodes(data=True)}
    fn_name_sets: dict[str, set[str]] = {}
    for d in files:
        out = {e.name for e in (*d.bkms, *d.decision_services)}
        out |= {i.name for i in d.imports if i.name}
        fn_name_sets.setdefault(d.namespace, out)

    def fn_names(ns: str) -> set[str]:
        return set(fn_name_sets[ns])

    # BKMs: each compiled to a function returning its FEEL function value, built once below.
    bkm_builders: list[tuple[str, str, Callable[[dict], Any]]] = []
    for key, node in nodes.items():
        if node.kind != "bkm":
            continue
        el: m.BusinessKnowledgeModel = node.element  # type: ignore[assignment]
        ns = node.defs.namespace
        boxed.type_of = gen.type_resolver = type_resolver_for(ns)
        env_names = fn_names(ns)
        index = NameIndex(base_names[ns])
        logic = el.encapsulated_logic
        fname = gen.new("_bkm")
        with gen.separate():
            gen.emit(f"def {fname}(E):")
            gen.indent += 1
            if logic is None:
                code = "_Function(lambda *a: None, (), " + repr(el.name) + ")"
            else:
                code = boxed.expr(logic, Scope(env="E", env_names=env_names), index, el.name)
            gen.emit(f"return {code}")
            _build(gen, el)
        bkm_builders.append((ns, node.name, gen.namespace[fname]))

    decisions: dict[str, CompiledDecision] = {}
    for key, node in nodes.items():
        if node.kind != "decision":
            continue
        decisions[key] = _compile_decision(node, nodes, gen, boxed, base_names, fn_names,
                                           type_resolver_for(node.defs.namespace))

    inputs = {}
    for key, node in nodes.items():
        if node.kind == "input":
            var = node.element.variable  # type: ignore[union-attr]
            t = types.resolve(var.type_ref, node.defs.namespace) if var is not None and var.type_ref else None
            inputs[key] = (node, t)

    info_deps: dict[str, tuple[str, ...]] = {}
    for key in nodes:
        found = [u for u, _, kind in graph.in_edges(key, data="kind") if kind == "information"]
        if found:
            info_deps[key] = tuple(dict.fromkeys(found))
    gen.type_resolver = boxed.type_of = None  # type: ignore[assignment] - closures over `types`
    model = CompiledModel(files, nodes, info_deps, types, decisions, inputs, functions, gen, boxed,
                          base_names, fn_name_sets, bkm_builders, _graph=graph)
    link(model)
    return model


def link(model: CompiledModel) -> None:
    """Fill ``model.functions``: the BKMs' function values, the decision services, and each
    file's import prefixes. BKMs close over their file's function env, filled in here after
    every BKM is compiled so BKMs can call each other regardless of order. A model read from
    the cache is linked again, since function values are closures and are not stored."""
    functions = model.functions
    for ns, name, builder in model.bkm_builders:
        functions[ns][name] = builder(functions[ns])
    for node in model.nodes.values():
        if node.kind == "service":
            functions[node.defs.namespace][node.name] = _service_function(model, node)
    for d in model.files:
        for imp in d.imports:
            if imp.name and imp.namespace in functions:
                functions[d.namespace][imp.name] = functions[imp.namespace]


def _build(gen: CodeGen, el: m.DRGElementType) -> None:
    try:
        gen.build(f"<{el.name}>")
    except SyntaxError as e:  # pragma: no cover - a compiler bug, not a user error
        raise ModelError(f"internal compiler error: {e}", file=el.source.file,
                         line=el.source.line, element=el.name) from e


def _component_names(items: tuple[m.ItemDefinition, ...], out: set[str]) -> None:
    for it in items:
        for c in it.components:
            out.add(c.name)
        _component_names(it.components, out)


def _compile_decision(node: DrgNode, nodes: dict[str, DrgNode], gen: CodeGen,
                      boxed: BoxedCompiler, base_names: dict[str, set[str]],
                      fn_names: Callable[[str], set[str]],
                      type_of: Callable[[str | None], FeelType | None]) -> CompiledDecision:
    el: m.Decision = node.element  # type: ignore[assignment]
    ns = node.defs.namespace
    boxed.type_of = gen.type_resolver = type_of
    plain: list[tuple[str, str]] = []
    prefixed: dict[str, list[tuple[str, str]]] = {}
    env_names = set(fn_names(ns))
    for key, name, prefix in node.requires:
        if nodes[key].kind in ("bkm", "service"):
            env_names.add(prefix or name)
            continue
        if prefix:
            prefixed.setdefault(prefix, []).append((key, name))
            env_names.add(prefix)
        else:
            plain.append((key, name))
            env_names.add(name)
    index = NameIndex(base_names[ns] | env_names)
    fname = gen.new("_dec")
    table = None
    with gen.separate():
        gen.emit(f"def {fname}(E):")
        gen.indent += 1
        n_tables = len(boxed.tables)
        try:
            code = boxed.expr(el.expression, Scope(env="E", env_names=env_names), index, el.name)
        except DmnlawError as e:
            raise e.located(file=el.source.file, line=el.source.line, element=el.name)
        if isinstance(el.expression, m.DecisionTable):
            table = boxed.tables[n_tables]
        gen.emit(f"return {code}")
        _build(gen, el)
    t = None
    if el.variable is not None and el.variable.type_ref:
        t = type_of(el.variable.type_ref)
    return CompiledDecision(node, gen.namespace[fname], t, table, plain, prefixed)


def _service_result_type(model: CompiledModel, node: DrgNode) -> FeelType | None:
    """The output type a decision service's function type declares (``functionItem``), if any."""
    var = node.element.variable  # type: ignore[union-attr]
    if var is None or not var.type_ref:
        return None
    ns = node.defs.namespace
    for item in node.defs.item_definitions:
        if item.name == var.type_ref and item.function_item is not None:
            return model.types.resolve(item.function_item.output_type_ref, ns)
    return None


def _service_function(model: CompiledModel, node: DrgNode) -> Function:
    """A decision service as a FEEL function of its input decisions and input data."""
    from ..evaluate import run_service

    el: m.DecisionService = node.element  # type: ignore[assignment]

    def key_of(ref: m.ElementRef) -> str:
        ns, _, ident = ref.href.partition("#")
        return f"{ns or node.defs.namespace}#{ident}"

    # Parameters: the input data, then the input decisions (DMN 1.5 §10.5, TCK 0085).
    param_keys = [key_of(r) for r in (*el.input_data, *el.input_decisions)]
    params = [model.nodes[k].name for k in param_keys]
    outputs = [key_of(r) for r in el.output_decisions]
    result_type = _service_result_type(model, node)

    def call(*args: Any) -> Any:
        value = run_service(model, param_keys, list(args), outputs)
        if result_type is not None:
            value = coerce(value, result_type, f"result of decision service '{el.name}'")
        return value

    return Function(call, params, el.name)
