"""Context built-ins (DMN 1.5 §10.3.4.10, Table 81).

Contexts are ``dict``s with string keys in entry order; every function returns a new one.
"""
from __future__ import annotations

from typing import Any

from ..values import InvalidArgument, to_feel_text, type_name
from . import builtin


@builtin("get value", "m:context", "key:string")
def get_value(m: dict[str, Any], key: str) -> Any:
    """The value of the entry ``key``, or null when there is none."""
    return m.get(key)


@builtin("get entries", "m:context")
def get_entries(m: dict[str, Any]) -> list[dict[str, Any]]:
    """The entries as a list of ``{key: ..., value: ...}`` contexts, in entry order."""
    return [{"key": k, "value": v} for k, v in m.items()]


@builtin("context", "entries:list")
def context(entries: list[Any]) -> dict[str, Any]:
    """A context built from ``{key, value}`` contexts (other entries in them are ignored).

    Raises InvalidArgument for an item that is not such a context, a key that is not a
    string, or a key given twice.
    """
    out: dict[str, Any] = {}
    for entry in entries:
        if type(entry) is not dict or "key" not in entry or "value" not in entry:
            raise InvalidArgument(
                f"context(): {to_feel_text(entry)} is not a context with a key and a value")
        key = entry["key"]
        if type(key) is not str:
            raise InvalidArgument(f"context(): the key {to_feel_text(key)} is not a string")
        if key in out:
            raise InvalidArgument(f"context(): the key {key!r} is given twice")
        out[key] = entry["value"]
    return out


def _put(m: dict[str, Any], keys: list[Any], value: Any) -> dict[str, Any]:
    """``m`` with ``value`` at the path ``keys`` (DMN 1.5 Table 81 (b)), iteratively.

    An entry that already exists keeps its place; a new one goes last.
    """
    for key in keys:
        if type(key) is not str:
            raise InvalidArgument(f"context put(): the key {to_feel_text(key)} is not a string")
    # Walk down, remembering each level, then rebuild copies from the innermost outward.
    levels = [m]
    for depth, key in enumerate(keys[:-1]):
        inner = levels[-1].get(key)
        if type(inner) is not dict:
            path = ".".join(keys[:depth + 1])
            raise InvalidArgument(
                f"context put(): {path} is {type_name(inner)}, not a context to put into")
        levels.append(inner)
    result = value
    for level, key in zip(reversed(levels), reversed(keys), strict=True):
        copy = dict(level)
        copy[key] = result
        result = copy
    return result


# Registered first, so positional calls reach it: a string key and a list of keys both
# work (a single key is the one-element path, by the implicit list conversion). Named
# calls with `key:` reach the stricter overload below.
@builtin("context put", "context:context", "keys", "value")
def context_put(m: dict[str, Any], keys: Any, value: Any) -> dict[str, Any] | None:
    """A copy of ``m`` with ``value`` at ``keys`` (a key, or a path of nested keys).

    Returns None for null keys; raises InvalidArgument for an empty path, a key that is not
    a string, or a path that runs through something other than a context.
    """
    if keys is None:
        return None
    if type(keys) is str:
        keys = [keys]
    if type(keys) is not list:
        raise InvalidArgument(f"context put(): the key {to_feel_text(keys)} is not a string")
    if not keys:
        raise InvalidArgument("context put(): the list of keys is empty")
    return _put(m, keys, value)


@builtin("context put", "context:context", "key:string", "value")
def context_put_key(m: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """``context put(context, key, value)`` invoked with named parameters."""
    return _put(m, [key], value)


@builtin("context merge", "contexts:list")
def context_merge(contexts: list[Any]) -> dict[str, Any]:
    """One context with the entries of all, later ones overriding earlier ones.

    Raises InvalidArgument for an item that is not a context.
    """
    out: dict[str, Any] = {}
    for c in contexts:
        if type(c) is not dict:
            raise InvalidArgument(f"context merge(): {to_feel_text(c)} is not a context")
        out.update(c)
    return out
