"""Entries as sets of atoms, against the engine's own truth tables."""
from __future__ import annotations

from decimal import Decimal

import pytest

from dmnlaw.feel import compile_unary_tests
from dmnlaw.feel.parser import parse_unary_tests
from dmnlaw.verify import domains as d

ENTRIES = ['"a"', 'not("a")', '"a", "b"', "null", "not(null)", "-", "< 5", "not(< 5)", "[1..5]",
           "(1..5)", "!= 5", ">= 5", "[1..5], null", '["a", 1]']


@pytest.mark.parametrize("kind,values", [
    ("string", [None, "a", "b", "c", "0"]),
    ("number", [None, Decimal(0), Decimal(1), Decimal(3), Decimal(5), Decimal(7)]),
])
def test_atoms_agree_with_the_engine(kind, values):
    parsed = [parse_unary_tests(e) for e in ENTRIES]
    column = d.build_column("x", kind, None, parsed)
    for text, tests in zip(ENTRIES, parsed):
        sets = d.entry_sets(column, tests)
        engine = compile_unary_tests(text)
        for v in values:
            index = next(i for i, a in enumerate(column.atoms)
                         if (a.shape == "null" and v is None) or
                         (v is not None and a.shape == "point" and a.low == v) or
                         (v is not None and a.shape == "between" and d._inside(a, v)))
            assert bool(sets.lo >> index & 1) == (engine({"?": v}) is True), (text, v)


def test_describe_and_examples():
    tests = [parse_unary_tests(t) for t in ["< 50000", ">= 50000"]]
    col = d.build_column("clicks", "number", None, tests)
    below = d.entry_sets(col, tests[0]).lo
    assert d.describe(col, below) == "< 50000"
    assert d.example_key(col, col.atoms[0]) == Decimal(49999)
    assert d.describe(col, col.null) == "null"
    assert d.describe(col, col.domain) == "-"


def test_dates_are_days():
    tests = [parse_unary_tests(t) for t in ['<= date("2015-10-31")', '>= @"2015-11-01"']]
    col = d.build_column("conduct_date", "date", None, tests)
    # No day lies between the two boundaries, so there is no atom there.
    assert [a.shape for a in col.atoms] == ["between", "point", "point", "between", "null"]


def test_admits():
    allowed = parse_unary_tests('"criminal", "none"')
    assert d.admits(allowed, ("string", "none")) is True
    assert d.admits(allowed, ("string", "criminall")) is False
    assert d.admits(parse_unary_tests("[0..100]"), ("number", Decimal(101))) is False
