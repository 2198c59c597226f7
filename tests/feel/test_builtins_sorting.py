"""sort(list, precedes) (DMN 1.5 §10.3.4.9), with Python stand-ins for FEEL lambdas."""
from decimal import Decimal as D

import pytest

from dmnlaw.feel.builtins import load_all
from dmnlaw.feel.values import FeelEvalError, Function, InvalidArgument, compare

B = load_all()


def lam(fn):
    return Function(fn, ("x", "y"), "lambda")


def lt(x, y):
    # FEEL `x < y`: null when the values are not comparable.
    c = compare(x, y)
    return None if c is None else c < 0


def test_sort_numbers_strings_and_contexts():
    assert B["sort"]([D(3), D(1), D(5), D(4)], lam(lambda x, y: x > y)) == \
        [D(5), D(4), D(3), D(1)]
    assert B["sort"](["a", "8", "Aa", "A", "10", "9"], lam(lt)) == \
        ["10", "8", "9", "A", "Aa", "a"]
    table = [{"col2": D(4)}, {"col2": D(43)}, {"col2": D(0)}]
    assert B["sort"](table, lam(lambda x, y: x["col2"] < y["col2"])) == \
        [{"col2": D(0)}, {"col2": D(4)}, {"col2": D(43)}]


def test_sort_is_stable_and_does_not_mutate():
    items = [{"k": D(1), "n": "a"}, {"k": D(0), "n": "b"}, {"k": D(1), "n": "c"}]
    result = B["sort"](items, lam(lambda x, y: x["k"] < y["k"]))
    assert [x["n"] for x in result] == ["b", "a", "c"]
    assert [x["n"] for x in items] == ["a", "b", "c"]


def test_sort_named_and_with_a_builtin_precedes():
    assert B["sort"].call_named({"list": [D(3), D(1)], "precedes": lam(lt)}) == [D(1), D(3)]
    assert B["sort"]([], lam(lt)) == []
    assert B["sort"](D(7), lam(lt)) == [D(7)]  # a single value is a singleton list


def test_null_arguments():
    assert B["sort"](None, lam(lt)) is None
    assert B["sort"]([D(1)], None) is None


@pytest.mark.parametrize("precedes", [
    lam(lt),  # 1 < "a" is null
    lam(lambda x, y: D(1)),
    Function(lambda x: True, ("x",), "one"),
    Function(lambda x, y, z: True, ("x", "y", "z"), "three"),
])
def test_bad_precedes_gives_invalid_argument(precedes):
    with pytest.raises(InvalidArgument, match="sort"):
        B["sort"]([D(1), "a", D(2)], precedes)


def test_errors_inside_precedes_are_wrapped():
    def fails(x, y):
        raise FeelEvalError("boom")

    def recurses(x, y):
        return recurses(x, y)

    for fn in (fails, recurses):
        with pytest.raises(InvalidArgument, match="sort"):
            B["sort"]([D(2), D(1)], lam(fn))


def test_precedes_must_be_a_function():
    with pytest.raises(InvalidArgument):
        B["sort"]([D(2), D(1)], "x < y")
    with pytest.raises(InvalidArgument):
        B["sort"]([D(2), D(1)])
