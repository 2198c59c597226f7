"""The compliance checklist: which duties the provider's role carries, asked of the model itself.

LAW.md §4 sets out the duties of each role under each reading, and the model's ``duty_scope``
table encodes exactly that. Rather than copy the table here (and drift from it when lawyers
edit the model), the checklist asks the model: with the case's own facts, would a breach of
duty *d*, imposed by a law, be a breach of a duty the provider carries (``duty_established``)?
The answers are kept per model, doctrine and the facts that reach ``duty_scope``, so a memo
re-rendered for the same provider asks nothing twice.
"""
from __future__ import annotations

import threading
import weakref
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ..errors import DmnlawError
from . import law

_cache: "weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], dict[str, bool | None]]]" = weakref.WeakKeyDictionary()
_relevant: "weakref.WeakKeyDictionary[Any, tuple[str, ...]]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()
_MAX_CACHED = 512


@dataclass
class DutyCheck:
    """One duty: whether the role carries it under a doctrine (None: it depends on missing facts)."""

    code: str
    carried: bool | None


def available(model: Any) -> bool:
    """Whether ``model`` can answer the checklist (it has duty_scope and the duty facts)."""
    return (law.DUTY_SCOPE in model.decisions and "duty_breached" in model.inputs
            and "duty_source" in model.inputs)


def duties(model: Any) -> list[str]:
    """The duty codes the model knows (its ``duty_breached`` values, or LAW.md §3's), without none."""
    allowed = model.allowed_values("duty_breached") or list(law.DUTY_PROVISIONS)
    return [d for d in allowed if d != "none"]


def carried_duties(model: Any, facts: dict[str, Any], doctrine: str) -> list[DutyCheck]:
    """For each duty, whether the provider described by ``facts`` carries it under ``doctrine``.

    Returns an empty list when the model cannot answer (see :func:`available`).
    """
    if not available(model):
        return []
    relevant = _relevant_facts(model)
    key = (doctrine, tuple(_hashable(facts.get(name)) for name in relevant))
    with _lock:
        per_model = _cache.setdefault(model, {})
        hit = per_model.get(key)
    if hit is None:
        hit = _ask(model, facts, doctrine, relevant)
        with _lock:
            if len(per_model) >= _MAX_CACHED:
                per_model.clear()
            per_model[key] = hit
    return [DutyCheck(code, hit.get(code)) for code in duties(model)]


def _relevant_facts(model: Any) -> tuple[str, ...]:
    """The facts duty_scope depends on, other than the two the checklist sets itself."""
    with _lock:
        found = _relevant.get(model)
    if found is None:
        key = model.decisions[law.DUTY_SCOPE]
        ancestors = nx.ancestors(model.graph, key)
        found = tuple(name for name, k in model.inputs.items()
                      if k in ancestors and name not in ("duty_breached", "duty_source"))
        with _lock:
            _relevant[model] = found
    return found


def _ask(model: Any, facts: dict[str, Any], doctrine: str, relevant: tuple[str, ...]) -> dict[str, bool | None]:
    base = {name: facts[name] for name in relevant if facts.get(name) is not None}
    if "doctrine" in model.inputs:
        base["doctrine"] = doctrine
    sources = model.allowed_values("duty_source")
    source = "law" if not sources or "law" in sources else sources[0]
    out: dict[str, bool | None] = {}
    for code in duties(model):
        try:
            result = model.evaluate({**base, "duty_breached": code, "duty_source": source},
                                    decisions=[law.DUTY_SCOPE], trace=False)
        except DmnlawError:
            out[code] = None
            continue
        scope = result[law.DUTY_SCOPE]
        value = scope.get("duty_established") if isinstance(scope, dict) else None
        out[code] = value if isinstance(value, bool) else None
    return out


def _hashable(v: Any) -> Any:
    if isinstance(v, dict):
        return tuple(sorted((k, _hashable(x)) for k, x in v.items()))
    if isinstance(v, list):
        return tuple(_hashable(x) for x in v)
    return v
