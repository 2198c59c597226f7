"""Context built-ins (DMN 1.5 Table 81), called directly through the registry."""
from decimal import Decimal as D

import pytest

from dmnlaw.feel.builtins import load_all
from dmnlaw.feel.values import InvalidArgument

B = load_all()


def test_get_value():
    assert B["get value"]({"key1": "value1"}, "key1") == "value1"
    assert B["get value"]({"key1": "value1"}, "unexistentkey") is None
    assert B["get value"](None, "a") is None
    assert B["get value"].call_named({"m": {"a": D(1)}, "key": "a"}) == 1
    with pytest.raises(InvalidArgument):
        B["get value"]([D(1)], "a")


def test_get_entries():
    assert B["get entries"]({"a": "foo", "b": "bar"}) == [
        {"key": "a", "value": "foo"}, {"key": "b", "value": "bar"}]
    assert B["get entries"]({}) == []
    assert B["get entries"].call_named({"m": {"a": "foo"}}) == [{"key": "a", "value": "foo"}]
    assert B["get entries"](None) is None
    for bad in (D(123), [D(1), D(2), D(3)]):
        with pytest.raises(InvalidArgument):
            B["get entries"](bad)
    with pytest.raises(InvalidArgument):
        B["get entries"]({"a": "foo"}, {"b": "bar"})
    with pytest.raises(InvalidArgument):
        B["get entries"].call_named({"map": {"a": "foo"}})


@pytest.mark.parametrize("entries,expected", [
    ([{"key": "a", "value": D(1)}, {"key": "b", "value": D(2)}], {"a": D(1), "b": D(2)}),
    ([], {}),
    ({"key": "a", "value": D(1)}, {"a": D(1)}),  # one context is a singleton list
    ({"key": "a", "value": None}, {"a": None}),
    ({"key": "", "value": D(1)}, {"": D(1)}),
    ([{"key": "a", "value": D(1), "ignored": "foo"}], {"a": D(1)}),
])
def test_context(entries, expected):
    assert B["context"](entries) == expected


@pytest.mark.parametrize("entries", [
    [{"key": "a", "value": D(1)}, {"key": "a", "value": D(2)}],
    {"value": D(1)},
    {"key": None, "value": D(1)},
    {"key": "a"},
    {"key": D(1), "value": D(1)},
    "foo",
])
def test_context_refuses(entries):
    with pytest.raises(InvalidArgument, match="context"):
        B["context"](entries)


def test_context_null_and_named():
    assert B["context"](None) is None
    assert B["context"].call_named({"entries": {"key": "a", "value": D(1)}}) == {"a": D(1)}
    with pytest.raises(InvalidArgument):
        B["context"].call_named({"entris": {"key": "a", "value": D(1)}})
    with pytest.raises(InvalidArgument):
        B["context"]()


def test_context_put():
    assert B["context put"]({}, "a", D(1)) == {"a": D(1)}
    assert list(B["context put"]({"a": D(1)}, "b", D(2))) == ["a", "b"]
    original = {"a": D(1), "b": D(2), "c": D(3)}
    result = B["context put"](original, "b", D(3))
    assert list(result.items()) == [("a", D(1)), ("b", D(3)), ("c", D(3))]
    assert original["b"] == 2  # never mutated
    assert B["context put"]({}, "", D(1)) == {"": D(1)}
    assert B["context put"]({}, "a", None) == {"a": None}
    assert B["context put"]({"x": D(1)}, ["y"], D(2)) == {"x": D(1), "y": D(2)}
    assert B["context put"].call_named({"context": {}, "key": "a", "value": D(1)}) == \
        {"a": D(1)}


def test_context_put_nested():
    ctx = {"x": D(1), "y": {"a": D(0)}}
    assert B["context put"](ctx, ["y", "a"], D(2)) == {"x": D(1), "y": {"a": D(2)}}
    assert B["context put"](ctx, ["y", "b"], D(2)) == {"x": D(1), "y": {"a": D(0), "b": D(2)}}
    assert ctx == {"x": D(1), "y": {"a": D(0)}}
    deep = {"x": D(1), "y": {"a": {"b": {"c": D(1)}}}}
    assert B["context put"](deep, ["y", "a", "b", "c"], D(2)) == \
        {"x": D(1), "y": {"a": {"b": {"c": D(2)}}}}
    assert B["context put"].call_named({"context": ctx, "keys": ["y", "a"], "value": D(2)}) == \
        {"x": D(1), "y": {"a": D(2)}}


@pytest.mark.parametrize("args", [
    ({"x": D(1), "y": {"a": D(0)}}, ["y", None], D(2)),
    ({"x": D(1), "y": {"a": D(0)}}, [None, "a"], D(2)),
    ({"x": D(1), "y": {"a": D(0)}}, [None], D(2)),
    ({"x": D(1), "y": {"a": D(0)}}, [], D(2)),
    ({"x": D(1), "y": {"a": D(0)}}, ["y", "a", "b", "c"], D(2)),
    ({"x": D(1)}, ["y", "a"], D(2)),
    ({}, D(1), D(1)),
])
def test_context_put_refuses(args):
    with pytest.raises(InvalidArgument, match="context put"):
        B["context put"](*args)


def test_context_put_nulls_and_arity():
    assert B["context put"]({}, None, D(1)) is None
    assert B["context put"](None, "a", D(1)) is None
    for args in (({}, "a"), ({}, "a", D(1), D(1)), ([], "a", D(1))):
        with pytest.raises(InvalidArgument):
            B["context put"](*args)
    for kwargs in ({"context": {}, "ky": "a", "value": D(1)},
                   {"context": {"y": {"a": D(0)}}, "key": ["y", "a"], "value": D(2)}):
        with pytest.raises(InvalidArgument):
            B["context put"].call_named(kwargs)


def test_context_merge():
    assert B["context merge"]([{"a": D(1)}]) == {"a": D(1)}
    assert B["context merge"]([{}]) == {}
    assert B["context merge"]([{"a": D(1)}, {"b": D(2)}]) == {"a": D(1), "b": D(2)}
    assert B["context merge"]([{"a": D(1)}, {"a": D(2)}]) == {"a": D(2)}
    assert B["context merge"]([{"a": {"aa": D(1)}}, {"a": {"bb": D(2)}}]) == {"a": {"bb": D(2)}}
    merged = B["context merge"]([{"x": D(1), "y": D(0)}, {"z": D(3), "y": D(2)}])
    assert list(merged.items()) == [("x", D(1)), ("y", D(2)), ("z", D(3))]
    assert B["context merge"]({"a": D(1)}) == {"a": D(1)}
    assert B["context merge"].call_named({"contexts": [{"a": D(1)}]}) == {"a": D(1)}
    assert B["context merge"](None) is None
    for bad in ([D(1), D(2), D(3)], [{"a": D(1)}, D(2), {"b": D(2)}]):
        with pytest.raises(InvalidArgument, match="context merge"):
            B["context merge"](bad)
    with pytest.raises(InvalidArgument):
        B["context merge"]([], "foo")
    with pytest.raises(InvalidArgument):
        B["context merge"].call_named({"context": [{"a": D(1)}]})
