"""The public API: :func:`load` a model, :meth:`Model.evaluate` facts.

::

    model = dmnlaw.load("decisions/")
    result = model.evaluate({"conduct_date": "2017-06-01", ...})
    result["liability_286_1"], result.trace, result.missing_facts
"""
from __future__ import annotations

import decimal
import functools
import hashlib
import os
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable

from . import model as m
from .dmn.compile import CompiledModel, compile_model
from .dmn.drg import build_graph, evaluation_order
from .dmn.types import ItemType, _Named
from .errors import CaseError, ModelError
from .evaluate import Result, run
from .explain import missing_facts
from .feel import temporal
from .feel.types import FeelType, PrimitiveType
from .feel.values import CONTEXT, InvalidArgument, from_python
from .xml import read_files


def bundled_model_path() -> Path:
    """The folder of the bundled legal model (``decisions/``), inside the installed package."""
    from importlib import resources

    return Path(str(resources.files("dmnlaw") / "data" / "decisions"))


def load(*paths: str | os.PathLike[str]) -> "Model":
    """Load and compile the DMN files (or folders of them) at ``paths``.

    With no path, loads the bundled legal model. Imports are resolved among the files
    given, and else by their ``locationURI`` next to the importing file. Returns a
    :class:`Model`. Raises :class:`~dmnlaw.errors.ModelError` with file and line.
    """
    if not paths:
        paths = (bundled_model_path(),)
    files = read_files([str(p) for p in paths])
    files = _with_imports(files)
    graph = build_graph(files)
    compiled = compile_model(graph, files)
    return Model(files, compiled, [Path(p) for p in paths])


def _with_imports(files: list[m.Definitions]) -> list[m.Definitions]:
    """Add files that imports point to by location and that were not given."""
    from .xml import read_definitions

    known = {f.namespace for f in files}
    todo = list(files)
    while todo:
        f = todo.pop()
        for imp in f.imports:
            if imp.namespace in known or not imp.location_uri:
                continue
            path = os.path.join(os.path.dirname(f.file), imp.location_uri)
            if os.path.isfile(path):
                d = read_definitions(path)
                files.append(d)
                known.add(d.namespace)
                todo.append(d)
    return files


class Model:
    """A compiled DMN model. Evaluate it as often as you like; it is never recompiled."""

    def __init__(self, files: list[m.Definitions], compiled: CompiledModel, roots: list[Path]) -> None:
        self.files = files
        self.compiled = compiled
        self.graph = compiled.graph
        self.roots = roots
        self._order_cache: dict[tuple[str, ...], list[str]] = {}
        self.decisions = {d.name: k for k, d in compiled.decisions.items()}
        self.inputs = {node.name: k for k, (node, _) in compiled.inputs.items()}
        self.conclusions = self._conclusions()
        self.defaults = self._defaults()
        self._sha256: str | None = None
        self._kinds: dict[str, str | None] = {}
        self._checkers: dict[str, Callable[[Any], Any]] = {}

    # --- description ----------------------------------------------------------------------

    @property
    def decision_names(self) -> list[str]:
        return list(self.decisions)

    @property
    def input_names(self) -> list[str]:
        return list(self.inputs)

    def input_type(self, name: str) -> FeelType | None:
        return self.compiled.inputs[self.inputs[name]][1]

    def input_kind(self, name: str) -> str | None:
        """The FEEL primitive type name behind an input's type ("number", "date", ...), or None."""
        try:
            return self._kinds[name]
        except KeyError:
            pass
        base = self.input_type(name)
        while isinstance(base, (_Named, ItemType)):
            base = base.base
        kind = self._kinds[name] = base.name if isinstance(base, PrimitiveType) else None
        return kind

    def allowed_values(self, name: str) -> list[str] | None:
        """The enumerated string values an input allows, or None when it is open."""
        t = self.input_type(name)
        while isinstance(t, _Named):
            t = t.base
        if isinstance(t, ItemType):
            return t.allowed_values()
        return None

    def node(self, name: str):
        key = self.decisions.get(name) or self.inputs.get(name)
        return self.graph.nodes[key]["node"] if key else None

    @property
    def sha256(self) -> str:
        """SHA-256 over the .dmn files in order of relative path: path, NUL, bytes, NUL."""
        if self._sha256 is None:
            h = hashlib.sha256()
            for rel, path in sorted(self._file_paths()):
                h.update(rel.encode("utf-8") + b"\0")
                h.update(Path(path).read_bytes() + b"\0")
            self._sha256 = h.hexdigest()
        return self._sha256

    def _file_paths(self) -> list[tuple[str, str]]:
        out = []
        for f in self.files:
            base = next((r for r in self.roots if r.is_dir() and _is_within(f.file, r)), None)
            rel = os.path.relpath(f.file, base) if base else os.path.basename(f.file)
            out.append((rel.replace(os.sep, "/"), f.file))
        return out

    def _defaults(self) -> dict[str, Any]:
        """Facts taken when a case does not give them: the `doctrine` of a dmnlaw legal model
        reads as the courts' reading (DESIGN §2: "judicial when absent")."""
        if "doctrine" in self.inputs and "judicial" in (self.allowed_values("doctrine") or ()):
            return {"doctrine": "judicial"}
        return {}

    def _conclusions(self) -> list[str]:
        """The decisions the model answers with: its decision services' outputs, else the sinks."""
        keys: list[str] = []
        for d in self.files:
            for ds in d.decision_services:
                for ref in ds.output_decisions:
                    ns, _, ident = ref.href.partition("#")
                    key = f"{ns or d.namespace}#{ident}"
                    if key in self.compiled.decisions and key not in keys:
                        keys.append(key)
        if keys:
            return keys
        g = self.graph
        return [k for k in self.compiled.decisions
                if not any(kind == "information" for _, _, kind in g.out_edges(k, data="kind"))]

    # --- evaluation -----------------------------------------------------------------------

    def evaluate(self, facts: dict[str, Any] | None = None, decisions: Iterable[str] | None = None,
                 trace: bool = True, strict: bool = True) -> Result:
        """Evaluate ``decisions`` (all by default) over ``facts`` (input data by name).

        Facts are Python or FEEL values; strings are read as dates/times where the input is
        typed so. Returns a :class:`~dmnlaw.evaluate.Result`. Raises CaseError naming the
        fact for an unknown fact or a value outside its allowed values (``strict``).
        """
        facts = {**self.defaults, **(facts or {})} if self.defaults else (facts or {})
        values = self.check_facts(facts) if strict else {k: from_python(v) for k, v in facts.items()}
        targets = tuple(decisions) if decisions is not None else tuple(self.decisions)
        order = self._order_cache.get(targets)
        if order is None:
            keys = []
            for name in targets:
                if name not in self.decisions:
                    raise CaseError(f"the model has no decision '{name}'")
                keys.append(self.decisions[name])
            order = self._order_cache[targets] = evaluation_order(self.graph, keys)
        node_values, entries = run(self.compiled, order, values, trace, checked=strict)
        out = {}
        for key in order:
            dec = self.compiled.decisions.get(key)
            if dec is not None:
                out[dec.name] = node_values.get(key)
        missing: list[str] = []
        if trace:
            concl = [k for k in self.conclusions if k in node_values]
            hits = {e.key: e.hits for e in entries if e.key}
            missing = missing_facts(self.compiled, node_values, hits, concl)
        return Result(out, entries, missing)

    def invoke_service(self, name: str, args: dict[str, Any]) -> dict[str, Any]:
        """Invoke the decision service ``name`` with named arguments.

        Returns the values of its output decisions by name. Raises CaseError for an unknown
        service.
        """
        for d in self.files:
            for ds in d.decision_services:
                if ds.name == name:
                    fn = self.compiled.functions[d.namespace][name]
                    with decimal.localcontext(CONTEXT):
                        value = fn.call_named({k: from_python(v) for k, v in args.items()
                                               if k in fn.params})
                    outs = [self.graph.nodes[f"{(r.href.partition('#')[0] or d.namespace)}#{r.href.partition('#')[2]}"]["node"].name
                            for r in ds.output_decisions]
                    if len(outs) == 1:
                        return {outs[0]: value}
                    return dict(value) if type(value) is dict else {o: None for o in outs}
        raise CaseError(f"the model has no decision service '{name}'")

    def check_facts(self, facts: dict[str, Any]) -> dict[str, Any]:
        """Convert facts to FEEL values by the inputs' types; raise CaseError for bad ones."""
        out: dict[str, Any] = {}
        checkers = self._checkers
        for name, raw in facts.items():
            check = checkers.get(name)
            if check is None:
                if name not in self.inputs:
                    known = ", ".join(self.inputs)
                    raise CaseError(f"unknown fact '{name}'; the model's facts are: {known}",
                                    element=name)
                check = checkers[name] = self._checker(name)
            out[name] = check(raw)
        return out

    def _checker(self, name: str) -> Callable[[Any], Any]:
        """The converter of fact ``name``: a string or boolean that conforms passes as it is
        (the bulk of case facts, checked on every evaluation); all else goes to _convert."""
        t, kind = self.input_type(name), self.input_kind(name)
        slow = functools.partial(self._convert, name)
        if t is None or kind not in ("string", "boolean"):
            return slow
        conforms = t.conforms
        expected = str if kind == "string" else bool
        return lambda raw: raw if type(raw) is expected and conforms(raw) else slow(raw)

    def _convert(self, name: str, raw: Any) -> Any:
        if raw is None:
            return None
        t = self.input_type(name)
        v = from_python(raw)
        kind = self.input_kind(name)
        if type(v) is Decimal and not _in_feel_range(v):
            # FEEL numbers are decimal128; a larger one would only overflow later, and
            # cannot be written back as a JSON number.
            raise CaseError(f"fact '{name}': {str(raw)[:40]} is not a number FEEL can hold "
                            f"(finite, exponent within ±{CONTEXT.Emax})", element=name)
        if type(v) is str and kind in ("date", "date and time", "time",
                                         "days and time duration", "years and months duration"):
            parse = {"date": temporal.parse_date, "date and time": temporal.parse_date_time,
                     "time": temporal.parse_time, "days and time duration": temporal.parse_duration,
                     "years and months duration": temporal.parse_duration}[kind]
            try:
                v = parse(v)
            except (InvalidArgument, ValueError) as e:
                raise CaseError(f"fact '{name}': {raw!r} is not a valid {kind} ({e})",
                                element=name) from None
        if t is not None and not t.conforms(v):
            allowed = self.allowed_values(name)
            if allowed:
                raise CaseError(f"fact '{name}': {raw!r} is not one of the allowed values: "
                                + ", ".join(allowed), element=name)
            expected = kind or str(t)
            if kind == "number" and type(v) is not Decimal:
                raise CaseError(f"fact '{name}': {raw!r} is not a number", element=name)
            raise CaseError(f"fact '{name}': {raw!r} is not a valid {expected}", element=name)
        return v


def _in_feel_range(v: Decimal) -> bool:
    return v.is_finite() and (not v or CONTEXT.Etiny() <= v.adjusted() <= CONTEXT.Emax)


def _is_within(path: str, root: Path) -> bool:
    try:
        Path(path).resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False
