"""List built-ins (DMN 1.5 Table 75), called directly through the registry."""
from decimal import Decimal as D

import pytest

from dmnlaw.feel import temporal
from dmnlaw.feel.builtins import load_all
from dmnlaw.feel.values import Function, InvalidArgument

B = load_all()


def nums(*xs):
    return [D(x) for x in xs]


def feel_fn(fn, *params):
    """A FEEL function value, as the evaluator would build for a lambda."""
    return Function(fn, params, "lambda")


# --- membership and size ---------------------------------------------------------------------

def test_list_contains():
    assert B["list contains"](nums(1, 2, 3), D(2)) is True
    assert B["list contains"](["a", "b", "c"], ["x", "y"]) is False
    assert B["list contains"]([D(1), None], None) is True
    assert B["list contains"](nums(1), None) is False
    assert B["list contains"](nums(1, 2), "1") is False  # different types are not equal
    assert B["list contains"]([nums(1, 2)], nums(1, 2)) is True


def test_count_and_index_of():
    assert B["count"](nums(1, 2, 3)) == 3
    assert B["count"]([]) == 0
    assert B["count"]([D(1), nums(2, 3)]) == 2
    assert B["count"]("a") == 1  # a single value is a singleton list
    assert B["count"](None) is None
    assert B["index of"](nums(1, 2, 3, 2), D(2)) == nums(2, 4)
    assert B["index of"](["x", "y"], "OK") == []
    assert B["index of"]([None, D(1), None], None) == nums(1, 3)


# --- aggregates ------------------------------------------------------------------------------

@pytest.mark.parametrize("name,args,expected", [
    ("min", (nums(6, 14, -3),), D(-3)),
    ("min", (D(1), D(2), D(3)), D(1)),
    ("min", (D(1),), D(1)),
    ("max", (nums(1, 2, 3),), D(3)),
    ("max", ("a", "b"), "b"),
    ("sum", (nums(6, 14, -3),), D(17)),
    ("sum", (D(1), D(2), D(3)), D(6)),
    ("sum", (D(1),), D(1)),
    ("mean", (nums(1, 2, 3),), D(2)),
    ("mean", (D(11), D(2), D(10)), D("7.666666666666666666666666666666667")),
    ("mean", (nums(6, 14, -3),), D("5.666666666666666666666666666666667")),
    ("product", (nums(6, 3, 9, 6, 6),), D(5832)),
    ("product", (nums("2.5", 1, "2.5", 3),), D("18.75")),
    ("product", (D(2), D(3), D(4)), D(24)),
    ("product", (D(6),), D(6)),
    ("median", (nums(8, 2, 5, 3, 4),), D(4)),
    ("median", (nums(8, 2, 5, 7),), D(6)),
    ("median", (nums(6, 1, 2, 3),), D("2.5")),
    ("median", (D(8), D(2), D(5), D(3), D(4)), D(4)),
    ("median", (D(4),), D(4)),
    ("stddev", (nums(2, 4, 7, 5),), D("2.081665999466132735282297706979931")),
    ("stddev", (D(2), D(4), D(7), D(5)), D("2.081665999466132735282297706979931")),
    ("mode", (nums(6, 3, 9, 6, 6),), nums(6)),
    ("mode", (nums(3, 6, 1, 9, 6, 1, 3),), nums(1, 3, 6)),
    ("mode", (nums("2.5", 1, "2.5", 3),), nums("2.5")),
    ("mode", (D(6), D(3), D(9), D(6), D(6)), nums(6)),
    ("mode", ([],), []),
    ("all", ([False, None, True],), False),
    ("all", ([True, True],), True),
    ("all", ([True, None],), None),
    ("all", (True,), True),
    ("all", ([],), True),
    ("all", (True, False), False),
    ("any", ([False, None, True],), True),
    ("any", ([False, False],), False),
    ("any", ([None, False],), None),
    ("any", (None, False), None),
    ("any", ([],), False),
    ("any", (False,), False),
    ("any", (True, False, True), True),
])
def test_aggregates(name, args, expected):
    assert B[name](*args) == expected


@pytest.mark.parametrize("name", ["min", "max", "sum", "mean", "product", "median"])
def test_empty_aggregates_are_null(name):
    assert B[name]([]) is None


@pytest.mark.parametrize("name,args", [
    ("stddev", ([],)), ("stddev", (nums(47),)), ("stddev", (D(47),)),
])
def test_stddev_needs_two_numbers(name, args):
    assert B[name](*args) is None


@pytest.mark.parametrize("name,args", [
    ("min", ([D(1), "a"],)), ("max", ([True, False],)), ("min", ([None],)),
    ("sum", ([D(1), "a"],)), ("mean", ([D(1), None],)), ("product", ([D(1), D(2), None, D(4)],)),
    ("product", ([D(1), D(2), "foo", D(4)],)), ("median", ([D(1), "foo"],)),
    ("stddev", ([D(1), D(2), "foo"],)), ("mode", ([D(1), "foo"],)), ("any", ([D(123), False],)),
    ("any", (D(123),)), ("all", (D(0),)),
    ("sum", ([D("9E+6144"), D("9E+6144")],)),  # overflow
    ("product", ()), ("median", ()), ("stddev", ()), ("mode", ()),
])
def test_aggregates_refuse_bad_items(name, args):
    with pytest.raises(InvalidArgument, match=name):
        B[name](*args)


def test_aggregates_of_null_and_named():
    assert B["product"](None) is None
    assert B["any"](None) is None
    assert B["product"].call_named({"list": nums(6, 3)}) == 18
    assert B["median"].call_named({"list": nums(8, 2, 5, 7)}) == 6
    assert B["any"].call_named({"list": [None, False]}) is None
    with pytest.raises(InvalidArgument):
        B["product"].call_named({"l": nums(2)})


def test_min_max_of_temporal_values():
    d1, d2 = temporal.parse_date("2012-12-25"), temporal.parse_date("2013-01-01")
    assert B["max"]([d1, d2]) is d2
    assert B["min"](d2, d1) is d1
    p1, p2 = temporal.parse_duration("P1D"), temporal.parse_duration("PT25H")
    assert B["max"]([p1, p2]) is p2
    with pytest.raises(InvalidArgument):
        B["min"]([d1, D(1)])


def test_arithmetic_rounds_to_34_digits():
    assert B["sum"]([D("1E+34"), D(1)]) == D("1.000000000000000000000000000000000E+34")


# --- building lists --------------------------------------------------------------------------

def test_sublist():
    abc = ["a", "b", "c"]
    assert B["sublist"](abc, D(1), D(2)) == ["a", "b"]
    assert B["sublist"](abc, D(-1), D(1)) == ["c"]
    assert B["sublist"](abc, D(2)) == ["b", "c"]
    assert B["sublist"](["Jack", "John", "Bob"], D(2), D(1)) == ["John"]
    for start, length in [(0, None), (4, None), (-4, None), (2, 3), (1, 0), (-2, 3)]:
        with pytest.raises(InvalidArgument, match="sublist"):
            B["sublist"](abc, D(start), *([] if length is None else [D(length)]))


def test_append_and_concatenate():
    assert B["append"](nums(6, 14, -3), D(11), D(2)) == nums(6, 14, -3, 11, 2)
    assert B["append"](["a"], None) == ["a", None]
    assert B["append"]([["w", "x"]], ["t"]) == [["w", "x"], ["t"]]
    assert B["append"](nums(1)) == nums(1)
    assert B["append"](None, D(1)) is None
    assert B["concatenate"](["a", "b"], ["x"]) == ["a", "b", "x"]
    assert B["concatenate"](nums(1, 2), nums(3)) == nums(1, 2, 3)
    assert B["concatenate"]([D(1)], None) is None


def test_insert_before_and_remove():
    xyz = ["x", "y", "z"]
    assert B["insert before"](xyz, D(2), "OK") == ["x", "OK", "y", "z"]
    assert B["insert before"](nums(1, 3), D(1), D(2)) == nums(2, 1, 3)
    assert B["insert before"](xyz, D(-1), "OK") == ["x", "y", "OK", "z"]
    assert B["insert before"]([["o"], ["p"]], D(2), ["a"]) == [["o"], ["a"], ["p"]]
    assert B["remove"](xyz, D(2)) == ["x", "z"]
    assert B["remove"](xyz, D(-1)) == ["x", "y"]
    assert xyz == ["x", "y", "z"]  # never mutated
    for fn, args in [("insert before", (xyz, D(0), "a")), ("insert before", (xyz, D(4), "a")),
                     ("remove", (xyz, D(4))), ("remove", ([], D(1)))]:
        with pytest.raises(InvalidArgument, match=fn):
            B[fn](*args)


def test_reverse_union_distinct_flatten():
    assert B["reverse"](nums(1, 2, 3)) == nums(3, 2, 1)
    assert B["union"](nums(1, 2), nums(2, 3)) == nums(1, 2, 3)
    assert B["union"](["x", "OK", "y"], ["a", "x"]) == ["x", "OK", "y", "a"]
    assert B["distinct values"](nums(1, 2, 3, 2, 1)) == nums(1, 2, 3)
    assert B["distinct values"]([D(1), True, D("1.0"), None, None]) == [D(1), True, None]
    assert B["distinct values"]([nums(1), nums(1), {"a": D(1)}, {"a": D(1)}]) == \
        [nums(1), {"a": D(1)}]
    assert B["flatten"]([nums(1, 2), [[D(3)]], D(4)]) == nums(1, 2, 3, 4)
    assert B["flatten"]([["w", "x"], "y", "z"]) == ["w", "x", "y", "z"]
    assert B["flatten"]("a") == ["a"]


def test_flatten_deep_nesting_does_not_exhaust_the_stack():
    deep = [D(1)]
    for _ in range(100_000):
        deep = [deep]
    assert B["flatten"](deep) == [D(1)]


# --- list replace ----------------------------------------------------------------------------

def test_list_replace_by_position():
    assert B["list replace"](nums(1, 2, 3), D(2), D(4)) == nums(1, 4, 3)
    assert B["list replace"](nums(1, 2, 3), D(-1), D(4)) == nums(1, 2, 4)
    assert B["list replace"](nums(1, 2, 3), D(3), None) == [D(1), D(2), None]
    assert B["list replace"](nums(1, 2, 3), D("2.5"), D(4)) == nums(1, 4, 3)
    assert B["list replace"](nums(1, 2, 3), D("-1.5"), D(4)) == nums(1, 2, 4)
    assert B["list replace"](D(1), D(1), D(5)) == nums(5)
    assert B["list replace"](None, D(1), D(4)) is None
    assert B["list replace"](nums(1, 2, 3), None, D(4)) is None
    for position in (0, 4, -4):
        with pytest.raises(InvalidArgument, match="list replace"):
            B["list replace"](nums(1, 2, 3), D(position), D(4))
    with pytest.raises(InvalidArgument):
        B["list replace"](nums(1, 2, 3), "2", D(4))


def test_list_replace_by_match_function():
    less = feel_fn(lambda item, new: item < new, "item", "newItem")
    assert B["list replace"](nums(2, 4, 7, 8), less, D(5)) == nums(5, 5, 7, 8)
    always = feel_fn(lambda item, new: True, "item", "newItem")
    assert B["list replace"](nums(1, 2, 3, 4), always, D(5)) == nums(5, 5, 5, 5)
    is_two = feel_fn(lambda item, new: item == 2, "item", "newItem")
    assert B["list replace"].call_named(
        {"match": is_two, "newItem": D(4), "list": nums(1, 2, 3)}) == nums(1, 4, 3)
    assert B["list replace"].call_named(
        {"position": D(2), "newItem": D(4), "list": nums(1, 2, 3)}) == nums(1, 4, 3)


@pytest.mark.parametrize("fn", [
    feel_fn(lambda item, new, extra: item == 2, "item", "newItem", "extraParam"),
    feel_fn(lambda item: item == 2, "item"),
    feel_fn(lambda item, new: item, "item", "newItem"),  # not a boolean
    feel_fn(lambda item, new: None, "item", "newItem"),
])
def test_list_replace_refuses_bad_match_functions(fn):
    with pytest.raises(InvalidArgument, match="list replace"):
        B["list replace"](nums(2, 4), fn, D(5))


def test_list_replace_wraps_errors_raised_by_the_function():
    from dmnlaw.feel.values import FeelEvalError

    def boom(item, new):
        raise FeelEvalError("no")

    with pytest.raises(InvalidArgument, match="list replace"):
        B["list replace"](nums(1), feel_fn(boom, "item", "newItem"), D(5))


def test_arity_errors():
    with pytest.raises(InvalidArgument):
        B["list replace"](nums(1, 2, 3), "2")
    with pytest.raises(InvalidArgument):
        B["list replace"].call_named({"position": D(2), "newItem": D(4), "list": nums(1),
                                      "foo": D(1)})
