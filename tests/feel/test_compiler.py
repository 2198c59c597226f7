"""Compiled FEEL: semantics of the language core (builtins have their own tests)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dmnlaw import feel
from dmnlaw.errors import FeelSyntaxError

D = Decimal


def ev(text, **variables):
    return feel.evaluate(text, variables)


@pytest.mark.parametrize("text, expected", [
    ("1 + 2 * 3", D(7)),
    ("10 / 4", D("2.5")),
    ("1 / 3 * 3", D("0.9999999999999999999999999999999999")),
    ('"a" + "b"', "ab"),
    ("true and null", None),
    ("false and null", False),
    ("null or true", True),
    ("null = null", True),
    ("1 = null", False),
    ('1 = "1"', None),
    ("5 between 1 and 10", True),
    ("5 in (1, 5, 9)", True),
    ("5 in [1..5)", False),
    ("5 in < 10", True),
    ("[1, 2, 3][item > 1]", [D(2), D(3)]),
    ("[1, 2, 3][-1]", D(3)),
    ("[{a: 1}, {a: 2}][a > 1].a", [D(2)]),
    ("{a: 1, b: a + 1}.b", D(2)),
    ("for i in 1..3 return i * i", [D(1), D(4), D(9)]),
    ("for i in 0..4 return if i = 0 then 1 else i * partial[-1]", [D(1), D(1), D(2), D(6), D(24)]),
    ("some x in [1, 2] satisfies x > 1", True),
    ("every x in [1, 2] satisfies x > 1", False),
    ("(function(a, b) a - b)(5, 3)", D(2)),
    ("(function(a, b) a - b)(b: 5, a: 3)", D(-2)),
    ("[1, 2] instance of list<number>", True),
    ("{a: 1} instance of context<a: string>", False),
    ("if 1 > 2 then \"x\" else \"y\"", "y"),
])
def test_semantics(text, expected):
    assert ev(text) == expected


def test_problems_become_null_with_a_warning():
    warnings: list[str] = []
    assert feel.evaluate('"a" - 1', {}, warnings) is None
    assert warnings and "subtract" in warnings[0]
    warnings.clear()
    assert feel.evaluate("x + 1", {}, warnings) is None
    assert warnings == ["unknown name 'x'"]
    warnings.clear()
    assert feel.evaluate("1 / 0", {}, warnings) is None
    assert warnings == ["division by zero"]


def test_user_text_is_never_python_code():
    # A name that would be Python is still only a FEEL name.
    assert ev('__import__("os")') is None
    with pytest.raises(FeelSyntaxError):
        feel.compile_expression("lambda: 1")


def test_compiled_once_and_reused():
    f = feel.compile_expression("a * 2", ["a"])
    assert [f({"a": k}) for k in (1, 2, 3)] == [D(2), D(4), D(6)]
    assert "def _main" in f.python_source


@settings(max_examples=200, deadline=None)
@given(st.integers(-10**6, 10**6), st.integers(-10**6, 10**6))
def test_arithmetic_matches_python_integers(a, b):
    assert ev("a + b * 2 - a", a=a, b=b) == D(b * 2)
    assert ev("a < b", a=a, b=b) is (a < b)


@pytest.mark.parametrize("op", ["and", "or"])
def test_and_or_follow_the_three_valued_tables(op):
    # DMN 1.5 §10.3.2.5: anything that is not a boolean counts as null.
    values = {"true": True, "false": False, "null": None, '"x"': "x", "1": D(1)}
    for lt, lv in values.items():
        for rt, rv in values.items():
            lb = lv if type(lv) is bool else None
            rb = rv if type(rv) is bool else None
            if op == "and":
                want = False if False in (lb, rb) else (True if lb is True and rb is True else None)
            else:
                want = True if True in (lb, rb) else (False if lb is False and rb is False else None)
            got = ev(f"a {op} b", a=lv, b=rv)
            assert got is want, (lt, op, rt, got)


def test_a_for_over_a_cross_product_is_held_to_the_item_limit(monkeypatch):
    from dmnlaw.feel import runtime

    monkeypatch.setattr(runtime, "MAX_LOOP_ITEMS", 50)
    warnings: list[str] = []
    assert feel.evaluate("for i in 1..10, j in 1..10 return i * j", {}, warnings) is None
    assert warnings == ["a for-loop gives more than 50 items"]
    assert len(feel.evaluate("for i in 1..5, j in 1..10 return i * j", {})) == 50


def test_a_range_is_held_to_the_loop_limit():
    warnings: list[str] = []
    assert feel.evaluate("count(for i in 0..1000000 return 1)", {}, warnings) is None
    assert warnings == ["a for-loop range is too large (more than 1,000,000 items)"]
    assert feel.evaluate("count(for i in 1..1000000 return 1)", {}) == 1000000
