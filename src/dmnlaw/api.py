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
import threading
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping

from . import model as m
from .dmn.compile import CompiledModel
from .dmn.types import ItemType, _Named
from .errors import CaseError
from .evaluate import Result
from .feel import temporal
from .feel.types import FeelType, PrimitiveType
from .feel.values import CONTEXT, InvalidArgument, from_python

if TYPE_CHECKING:
    import networkx as nx

    from .evaluate import Program

# Evaluation programs kept per model (one per decision set, trace and strictness asked for).
_MAX_PROGRAMS = 256


def bundled_model_path() -> Path:
    """The folder of the bundled legal model (``decisions/``), inside the installed package."""
    # The package's own folder (what importlib.resources.files gives for a package on
    # disk), without importing importlib.resources on every start.
    return Path(__file__).parent / "data" / "decisions"


def load(*paths: str | os.PathLike[str], cache: bool | None = None) -> "Model":
    """Load and compile the DMN files (or folders of them) at ``paths``.

    With no path, loads the bundled legal model. Imports are resolved among the files
    given, and else by their ``locationURI`` next to the importing file. Returns a
    :class:`Model`. Raises :class:`~dmnlaw.errors.ModelError` with file and line.

    The compiled model is kept in a per-user cache (:mod:`dmnlaw.cache`) keyed by the
    files' contents and dmnlaw's own code, so loading the same model again skips reading
    and compiling it. ``cache=False`` (or the environment variable ``DMNLAW_CACHE=0``)
    neither reads nor writes it.
    """
    if not paths:
        paths = (bundled_model_path(),)
    roots = [Path(p) for p in paths]
    if cache is None:
        cache = os.environ.get("DMNLAW_CACHE", "1").strip().lower() not in ("0", "no", "off", "false")
    if cache:
        from . import cache as model_cache

        found = model_cache.load_cached([str(p) for p in paths])
        if found is not None:
            files, compiled, programs = found
            model = Model(files, compiled, roots)
            model._programs.update(programs)
            model._runs.update({k: p.fn for k, p in programs.items()})
            return model
    from .dmn.compile import compile_model
    from .dmn.drg import build_graph
    from .xml import read_files

    files = read_files([str(p) for p in paths])
    files = _with_imports(files)
    graph = build_graph(files)
    compiled = compile_model(graph, files)
    model = Model(files, compiled, roots)
    if cache:
        model_cache.store([str(p) for p in paths], model)
    return model


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
        self.roots = roots
        self.decisions = {d.name: k for k, d in compiled.decisions.items()}
        self.inputs = {node.name: k for k, (node, _) in compiled.inputs.items()}
        self.conclusions = self._conclusions()
        self.defaults = self._defaults()
        self._sha256: str | None = None
        self._kinds: dict[str, str | None] = {}
        self._checkers: dict[str, Callable[[Any], Any]] = {}
        # (decision names or None, trace, strict) → its evaluation program (see evaluate).
        self._programs: dict[tuple[tuple[str, ...] | None, bool, bool], Program] = {}
        self._runs: dict[tuple[tuple[str, ...] | None, bool, bool], Callable[..., Result]] = {}
        self._lock = threading.Lock()

    @property
    def graph(self) -> "nx.DiGraph":
        """The decision requirements graph (networkx), built the first time it is asked for."""
        return self.compiled.graph

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
        return self.compiled.nodes[key] if key else None

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
        return self.compiled.sinks

    # --- evaluation -----------------------------------------------------------------------

    def evaluate(self, facts: Mapping[str, Any] | None = None, decisions: Iterable[str] | None = None,
                 trace: bool = True, strict: bool = True) -> Result:
        """Evaluate ``decisions`` (all by default) over ``facts`` (input data by name).

        Facts are Python or FEEL values; strings are read as dates/times where the input is
        typed so; a fact not given takes its default (:attr:`defaults`) if it has one.
        Returns a :class:`~dmnlaw.evaluate.Result`; its trace and missing facts are built
        when first read. Raises CaseError naming the fact for an unknown fact or a value
        outside its allowed values (``strict``), or for an unknown decision.

        The first evaluation of a decision set generates its program
        (:mod:`dmnlaw.dmn.program`); later ones only run it.
        """
        key = (decisions if decisions is None or type(decisions) is tuple else tuple(decisions),
               trace, strict)
        run = self._runs.get(key)
        if run is None:
            run = self._program(key, facts).fn
        return run(facts if facts is not None else {}, self)

    def _program(self, key: tuple[tuple[str, ...] | None, bool, bool],
                 facts: Mapping[str, Any] | None) -> "Program":
        """The program for ``key`` (see evaluate), generated now. Raises CaseError for an
        unknown decision, after any error in ``facts``, as evaluating reports them."""
        from .dmn.program import build_program

        names, trace, strict = key
        targets = []
        for name in names if names is not None else self.decisions:
            if name not in self.decisions:
                if strict:
                    self._check_given(facts or {})
                raise CaseError(f"the model has no decision '{name}'")
            targets.append(self.decisions[name])
        with self._lock:
            program = self._programs.get(key)
            if program is None:
                if len(self._programs) >= _MAX_PROGRAMS:
                    self._programs.clear()
                    self._runs.clear()
                program = self._programs[key] = build_program(self, targets, trace, strict)
                self._runs[key] = program.fn
        return program

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
                    outs = [self.compiled.nodes[f"{(r.href.partition('#')[0] or d.namespace)}#{r.href.partition('#')[2]}"].name
                            for r in ds.output_decisions]
                    if len(outs) == 1:
                        return {outs[0]: value}
                    return dict(value) if type(value) is dict else {o: None for o in outs}
        raise CaseError(f"the model has no decision service '{name}'")

    def check_facts(self, facts: Mapping[str, Any]) -> dict[str, Any]:
        """Convert facts to FEEL values by the inputs' types; raise CaseError for bad ones.

        The one definition of what a fact may be: evaluation programs accept the plain
        cases inline and send every other value here (:meth:`_fact`).
        """
        out: dict[str, Any] = {}
        checkers = self._checkers
        for name, raw in facts.items():
            check = checkers.get(name)
            if check is None:
                if name not in self.inputs:
                    raise CaseError(self._unknown_fact(name), element=name)
                check = checkers[name] = self._checker(name)
            out[name] = check(raw)
        return out

    def _fact(self, name: str, raw: Any, facts: Mapping[str, Any]) -> Any:
        """Convert the fact ``name`` as check_facts does; returns its FEEL value.

        Raises the CaseError check_facts raises for ``facts`` (the first bad fact in their
        own order), so a program that checks facts in another order reports the same one.
        """
        check = self._checkers.get(name)
        if check is None:
            check = self._checkers[name] = self._checker(name)
        try:
            return check(raw)
        except CaseError:
            self._check_given(facts)
            raise

    def _check_given(self, facts: Mapping[str, Any]) -> dict[str, Any]:
        """check_facts of the facts as evaluate reads them (defaults first, then ``facts``):
        what raises the error an evaluation of ``facts`` reports."""
        return self.check_facts({**self.defaults, **facts} if self.defaults else facts)

    def _unknown_fact(self, name: str) -> str:
        """The message for an unknown fact: the likely intended name, else every fact name
        (those with a default, such as `doctrine`, are set elsewhere and left out)."""
        import difflib

        facts = [n for n in self.inputs if n not in self.defaults]
        close = difflib.get_close_matches(name, facts, n=1)
        if close:
            return f"unknown fact '{name}'; did you mean '{close[0]}'?"
        return f"unknown fact '{name}'; the model's facts are: {', '.join(facts)}"

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
