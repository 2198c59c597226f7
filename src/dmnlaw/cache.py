"""A per-user cache of compiled models, the way jinja2's bytecode cache keeps templates.

Loading a model reads its XML, parses every FEEL cell and compiles Python; a cold
``dmnlaw run`` would spend most of its time there. After a model is compiled,
:func:`store` keeps it in ``$DMNLAW_CACHE_DIR``, else ``$XDG_CACHE_HOME/dmnlaw``, else
``~/.cache/dmnlaw``; :func:`load_cached` gives it back while nothing it was built from
has changed, without importing the XML reader, the graph library or the FEEL parser's
work. An entry holds:

* the code objects of every generated function (``marshal``), executed again into a
  fresh namespace, which recreates the functions;
* the rest as a pickle — the model's definitions, types, tables, the namespace constants
  and the evaluation programs built so far — where generated functions, the built-in
  functions, the per-file function environments, the code generator and FEEL's singleton
  types are stored by name and resolved against the new process's objects (closures are
  never stored: the BKM and decision-service function values are linked again).

Its key is a SHA-256 over the format, dmnlaw's version and its own source files' sizes and
modification times, the Python version, the paths as given and the files they name with
their bytes; the entry also records the SHA-256 of every file the model read (imports found
by location included) and the import locations that did not exist, and is used only if
all of those still hold. Entries are signed with HMAC-SHA256 under a random per-user key
kept in the cache folder (mode 0600, in a 0700 folder owned by the user): an entry this
process cannot verify — written by someone else, truncated, from another version — is
ignored and the model is compiled again, as it is when anything at all goes wrong here.
"""
from __future__ import annotations

import hashlib
import hmac
import io
import marshal
import os
import pickle
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .api import Model
    from .dmn.compile import CompiledModel
    from .evaluate import Program

FORMAT = 1
MAGIC = b"dmnlaw-model\x00\x01\x00\x00"
MAX_ENTRIES = 64
"""Entries kept; the oldest go first."""
_MAX_BYTES = 20 * 1024 * 1024

# What an entry's pickle may name. What makes an entry trustworthy is its signature,
# checked before anything is read; this only keeps an unexpected name out as well.
_MODULES = ("dmnlaw.", "decimal", "zoneinfo", "datetime", "collections", "copyreg")
_BUILTINS = frozenset({"getattr", "frozenset", "set", "slice", "complex", "bytearray", "range"})
_BUILTIN_MODULES = "dmnlaw.feel.builtins."


# --- where, and under which key ------------------------------------------------------------

def cache_dir() -> Path:
    """The cache folder (not created here)."""
    explicit = os.environ.get("DMNLAW_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dmnlaw"


def _listing(paths: list[str]) -> list[str] | None:
    """The DMN files ``paths`` name, as dmnlaw.xml.read_files lists them (None if a path
    does not exist: the reader then reports it). Every file the model was read from is
    also checked by its digest (see _load), so this list need only change when they do."""
    out: list[str] = []
    for path in paths:
        p = Path(path)
        if p.is_dir():
            from .errors import ModelError
            from .xml.reader import dmn_files

            try:
                found = sorted(f.relative_to(p).as_posix() for f in dmn_files(p))
            except ModelError:
                return None  # the reader reports it
            out += [os.fspath(p / rel) for rel in found]
        elif p.is_file():
            out.append(os.fspath(path))
        else:
            return None
    # The reader refuses files over its limit (dmnlaw.xml.safe.MAX_BYTES); not hashed here.
    if any(os.path.getsize(f) > _MAX_BYTES for f in out):
        return None
    return out


def _code_fingerprint() -> bytes:
    """dmnlaw's version, its own source files (size and modification time) and Python's:
    a change to any of them makes every entry stale."""
    from . import __version__

    h = hashlib.sha256(f"{FORMAT}\0{__version__}\0{sys.version}\0{sys.implementation.cache_tag}"
                       f"\0{marshal.version}\0{pickle.HIGHEST_PROTOCOL}".encode())
    root = Path(__file__).parent
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(".py"):
                st = os.stat(os.path.join(dirpath, name))
                h.update(f"{os.path.relpath(os.path.join(dirpath, name), root)}\0{st.st_size}"
                         f"\0{st.st_mtime_ns}\0".encode())
    return h.digest()


def _key(paths: list[str], listing: list[str]) -> tuple[str, dict[str, str]]:
    """The entry's key, and the SHA-256 of each listed file (hex) on the way."""
    h = hashlib.sha256(_code_fingerprint())
    for p in paths:
        h.update(b"P" + os.fspath(p).encode("utf-8", "surrogateescape") + b"\0")
    digests = {}
    for f in listing:
        digests[f] = hashlib.sha256(Path(f).read_bytes()).hexdigest()
        h.update(b"F" + f.encode("utf-8", "surrogateescape") + b"\0" + digests[f].encode())
    return h.hexdigest(), digests


def _secret(folder: Path, create: bool) -> bytes | None:
    """The user's signing key, made on first use; None if the folder or the key is not
    private to this user (then the cache is not used)."""
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = folder.stat()
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
            return None
        path = folder / "key"
        if create and not path.exists():
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(os.urandom(32))
        st = path.stat()
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
            return None
        secret = path.read_bytes()
        return secret if len(secret) == 32 else None
    except OSError:
        return None


# --- reading -------------------------------------------------------------------------------

def load_cached(paths: list[str]) -> tuple[list[Any], "CompiledModel", dict[Any, "Program"]] | None:
    """The files, compiled model and evaluation programs cached for ``paths``, or None
    (not cached, stale, unverifiable, unreadable — or anything else: then compile)."""
    try:
        return _load(paths)
    except Exception:  # noqa: BLE001 - a cache never breaks loading: compile instead
        return None


def _load(paths: list[str]) -> tuple[list[Any], "CompiledModel", dict[Any, "Program"]] | None:
    folder = cache_dir()
    listing = _listing(paths)
    if listing is None or not (folder / "key").is_file():
        return None
    secret = _secret(folder, create=False)
    if secret is None:
        return None
    key, digests = _key(paths, listing)
    try:
        blob = (folder / f"{key}.model").read_bytes()
    except OSError:
        return None
    head, tag, payload = blob[:len(MAGIC)], blob[len(MAGIC):len(MAGIC) + 32], blob[len(MAGIC) + 32:]
    if head != MAGIC or not hmac.compare_digest(tag, hmac.new(secret, payload, hashlib.sha256).digest()):
        return None
    fmt, stored_key, read, absent, codes, state = marshal.loads(payload)
    if fmt != FORMAT or stored_key != key:
        return None
    for file, digest in read:
        now = digests.get(file) or hashlib.sha256(Path(file).read_bytes()).hexdigest()
        if now != digest:
            return None
    if any(os.path.isfile(p) for p in absent):
        return None
    return _rebuild(codes, state)


def _rebuild(codes: list[types.CodeType], state: bytes) -> tuple[list[Any], "CompiledModel", dict[Any, "Program"]]:
    from .dmn.boxed import BoxedCompiler
    from .dmn.compile import link
    from .evaluate import Program, program_namespace
    from .feel.compiler import CodeGen

    gen = CodeGen()
    program_namespace(gen.namespace)
    for code in codes:
        exec(code, gen.namespace)  # noqa: S102 - code this user's dmnlaw generated and signed
    boxed = BoxedCompiler(gen, lambda ref: None)
    data = _Unpickler(io.BytesIO(state), gen, boxed).load()
    gen.resume(codes, data["consts"], data["next_id"], data["contexts"])
    boxed.tables = data["tables"]
    compiled = data["compiled"]
    link(compiled)
    programs = {key: Program(gen.namespace[name], name, keys) for key, name, keys in data["programs"]}
    return data["files"], compiled, programs


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, gen: Any, boxed: Any) -> None:
        super().__init__(file)
        self.gen = gen
        self.boxed = boxed
        self.fns: dict[str, dict[str, Any]] = {}

    def persistent_load(self, pid: Any) -> Any:
        kind = pid[0]
        if kind == "fn":
            return self.gen.namespace[pid[1]]
        if kind == "fns":
            return self.fns.setdefault(pid[1], {})
        if kind == "builtin":
            # Import only the modules defining it (importing them all takes regex along).
            import importlib

            from .feel.builtins import REGISTRY

            for module in pid[2]:
                if not module.startswith(_BUILTIN_MODULES):
                    raise pickle.UnpicklingError(f"{module} does not define built-ins")
                importlib.import_module(module)
            return REGISTRY[pid[1]]
        if kind == "builtins":
            return self.gen.builtins
        if kind == "gen":
            return self.gen
        if kind == "boxed":
            return self.boxed
        if kind == "global":
            return getattr(sys.modules[pid[1]], pid[2])
        raise pickle.UnpicklingError(f"unknown reference {kind!r}")

    def find_class(self, module: str, name: str) -> Any:
        allowed = name in _BUILTINS if module == "builtins" else module.startswith(_MODULES)
        found = super().find_class(module, name) if allowed else None
        if found is None or isinstance(found, types.ModuleType):
            raise pickle.UnpicklingError(f"{module}.{name} is not something a model holds")
        return found


# --- writing -------------------------------------------------------------------------------

def store(paths: list[str], model: "Model") -> None:
    """Keep ``model`` (just compiled from ``paths``) in the cache, with the program for
    evaluating all of it with the trace built first. Never raises: a model that cannot be
    cached is simply not."""
    try:
        _store(paths, model)
    except Exception:  # noqa: BLE001 - the cache is an optimisation, never an error
        pass


def _store(paths: list[str], model: "Model") -> None:
    folder = cache_dir()
    listing = _listing(paths)
    if listing is None:
        return
    secret = _secret(folder, create=True)
    if secret is None:
        return
    # What `dmnlaw run`, `test` and `batch` ask for, ready in the next process: generated,
    # not run (running a model is the caller's business, under its time limit).
    model._program((None, True, True), {})  # noqa: SLF001
    compiled = model.compiled
    read = [(f.file, hashlib.sha256(Path(f.file).read_bytes()).hexdigest()) for f in model.files]
    known = {f.namespace for f in model.files}
    absent = [os.path.join(os.path.dirname(f.file), imp.location_uri)
              for f in model.files for imp in f.imports
              if imp.namespace not in known and imp.location_uri]
    state = _state(model)
    key, _ = _key(paths, listing)
    payload = marshal.dumps((FORMAT, key, read, absent, list(compiled.gen.codes), state))
    blob = MAGIC + hmac.new(secret, payload, hashlib.sha256).digest() + payload
    import tempfile

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".model")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(blob)
        os.replace(tmp, folder / f"{key}.model")
    except BaseException:
        os.unlink(tmp)
        raise
    _prune(folder)


def _state(model: "Model") -> bytes:
    from .evaluate import program_namespace
    from .feel.compiler import CodeGen

    compiled = model.compiled
    gen = compiled.gen
    standard = CodeGen().namespace
    program_namespace(standard)
    consts = {k: v for k, v in gen.namespace.items()
              if k != "__builtins__" and not (k in standard and standard[k] is v)
              and not (type(v) is types.FunctionType and v.__globals__ is gen.namespace)}
    data = {
        "files": model.files, "compiled": compiled, "consts": consts,
        "tables": compiled.boxed.tables, "contexts": gen.contexts,
        "next_id": gen.next_id(),
        "programs": [(key, p.name, p.keys) for key, p in model._programs.items()],  # noqa: SLF001
    }
    out = io.BytesIO()
    _Pickler(out, compiled).dump(data)
    return out.getvalue()


class _Pickler(pickle.Pickler):
    """Stores the objects a new process has (or rebuilds) by name; see the module doc."""

    def __init__(self, file: io.BytesIO, compiled: "CompiledModel") -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        from .feel import types as feel_types

        self.gen = compiled.gen
        self.boxed = compiled.boxed
        self.fns = {id(d): ns for ns, d in compiled.functions.items()}
        self.builtins = {id(f): name for name, f in compiled.gen.builtins.items()}
        self.globals = {id(getattr(feel_types, n)): ("dmnlaw.feel.types", n) for n in ("ANY", "NULL")}

    def persistent_id(self, obj: Any) -> Any:
        if type(obj) is types.FunctionType:
            if obj.__globals__ is self.gen.namespace:
                if self.gen.namespace.get(obj.__name__) is not obj:
                    raise pickle.PicklingError("a generated closure cannot be cached")
                return ("fn", obj.__name__)
            return None
        i = id(obj)
        if i in self.fns and type(obj) is dict:
            return ("fns", self.fns[i])
        if i in self.builtins:
            modules = sorted({ov.fn.__module__ for ov in obj.overloads})
            return ("builtin", self.builtins[i], tuple(modules))
        if obj is self.gen.builtins:
            return ("builtins",)
        if obj is self.gen:
            return ("gen",)
        if obj is self.boxed:
            return ("boxed",)
        if i in self.globals:
            return ("global", *self.globals[i])
        return None

    def reducer_override(self, obj: Any) -> Any:
        from .dmn.types import ItemType

        if type(obj) is ItemType:
            # Its check of allowed values is compiled code: rebuilt from the text.
            return _item_type, (obj.name, obj.base, obj.allowed_text if obj.allowed is not None else None,
                                obj.allowed_text, obj.collection, obj.element)
        return NotImplemented


def _item_type(name: str, base: Any, constraint: str | None, text: str | None, collection: bool,
               element: Any) -> Any:
    """An ItemType again; its allowed-values check compiled from ``constraint`` when first
    used."""
    from .dmn.types import ItemType

    allowed = _Check(constraint) if constraint is not None else None
    return ItemType(name, base, allowed, text, collection, element)


class _Check:
    """compile_value_check(text), compiled on the first call (most never run)."""

    __slots__ = ("text", "check")

    def __init__(self, text: str) -> None:
        self.text = text
        self.check: Any = None

    def __call__(self, value: Any) -> Any:
        if self.check is None:
            from .feel import compile_value_check

            self.check = compile_value_check(self.text)
        return self.check(value)


def _prune(folder: Path) -> None:
    entries = sorted(folder.glob("*.model"), key=lambda p: p.stat().st_mtime)
    for old in entries[:-MAX_ENTRIES]:
        try:
            old.unlink()
        except OSError:
            pass
