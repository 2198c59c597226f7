"""not() and is() (DMN 1.5 Tables 73 and 77), called directly through the registry."""
from decimal import Decimal as D

import pytest

from dmnlaw.feel import temporal
from dmnlaw.feel.builtins import load_all
from dmnlaw.feel.values import Function, InvalidArgument, Range

B = load_all()
at = temporal.parse_at_literal


def test_not():
    assert B["not"](True) is False
    assert B["not"](False) is True
    assert B["not"](None) is None
    assert B["not"]([True]) is False
    for bad in (D(0), D(1), "true"):
        with pytest.raises(InvalidArgument, match="not"):
            B["not"](bad)


@pytest.mark.parametrize("a,b,expected", [
    (D(1), D(1), True),
    (D(1), D(2), False),
    (D(1), D("1.0"), True),
    (True, True, True),
    (True, False, False),
    (D(1), True, False),
    ("foo", "foo", True),
    ("foo", "bar", False),
    ("1", D(1), False),
    (None, None, True),
    (None, D(0), False),
    ([D(1), "a"], [D(1), "a"], True),
    ([D(1)], [D(2)], False),
    ({"a": D(1)}, {"a": D(1)}, True),
    ({"a": D(1)}, {"b": D(1)}, False),
    (Range(D(1), D(2)), Range(D(1), D(2)), True),
    (Range(D(1), D(2)), Range(D(1), D(2), False), False),
])
def test_is_on_plain_values(a, b, expected):
    assert B["is"](a, b) is expected


@pytest.mark.parametrize("a,b,expected", [
    ("2012-12-25", "2012-12-25", True),
    ("2011-12-25", "2012-12-25", False),
    ("2012-12-25", "2012-12-25T00:00:00Z", False),
    ("23:00:50", "23:00:50", True),
    ("23:00:50+11:00", "23:00:50+11:00", True),
    ("23:00:50@Australia/Melbourne", "23:00:50@Australia/Melbourne", True),
    ("23:00:50Z", "23:00:50+00:00", True),
    ("23:00:50", "23:00:50Z", False),
    ("23:00:50@Australia/Melbourne", "23:00:50+10:00", False),
    ("23:00:50@Etc/GMT", "23:00:50Z", False),
    ("20:00:50+00:00", "21:00:50+01:00", False),
    ("2012-12-25T10:10:10@Australia/Melbourne", "2012-12-25T10:10:10@Australia/Melbourne", True),
    ("2002-04-02T12:00:00-01:00", "2002-04-02T17:00:00+04:00", False),
    ("2002-04-02T23:00:00", "2002-04-02T23:00:01", False),
    ("P1D", "P1D", True),
    ("P1D", "PT24H", True),
    ("P1Y", "P12M", True),
    ("P0Y", "P0D", False),
])
def test_is_on_temporal_values(a, b, expected):
    assert B["is"](at(a), at(b)) is expected


def test_is_on_functions_and_named():
    f = Function(lambda: None, (), "f")
    assert B["is"](f, f) is True
    assert B["is"](f, Function(lambda: None, (), "f")) is False
    assert B["is"].call_named({"value1": at("2021-02-13"), "value2": at("2021-02-13")}) is True
    with pytest.raises(InvalidArgument):
        B["is"].call_named({"value1": D(1), "value2": D(1), "value3": D(1)})
    with pytest.raises(InvalidArgument):
        B["is"](D(1))


def test_is_on_unusual_ranges():
    assert B["is"](Range(D(5), None, op="="), Range(D(5), None, op="=")) is True
    assert B["is"](Range(D(5), None, op="="), Range(D(5), None, op="!=")) is False
    assert B["is"](Range(None, D(10), False, True), Range(None, D(10), False, True, True)) is False
