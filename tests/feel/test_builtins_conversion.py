"""string() and number() (DMN 1.5 Table 72), called directly through the registry."""
from decimal import Decimal as D

import pytest

from dmnlaw.feel import temporal
from dmnlaw.feel.builtins import load_all
from dmnlaw.feel.values import Function, InvalidArgument, Range

B = load_all()


@pytest.mark.parametrize("value,expected", [
    ("abc", "abc"),
    ("", ""),
    (D(2), "2"),
    (D("1.1"), "1.1"),
    (D("1.10"), "1.1"),
    (D("1E+3"), "1000"),
    (D("-0.000001"), "-0.000001"),
    (D(123), "123"),
    (True, "true"),
    (False, "false"),
    ([D(1), "a", None, True], '[1, "a", null, true]'),
    ({"a": D(1), "b": [D(2)]}, "{a: 1, b: [2]}"),
    (Range(D(1), D(10), True, False), "[1..10)"),
])
def test_string(value, expected):
    assert B["string"](value) == expected


def test_string_of_temporal_values():
    assert B["string"](temporal.parse_date("2012-12-25")) == "2012-12-25"
    assert B["string"](temporal.parse_at_literal("2018-12-08T10:30:11@Australia/Melbourne")) \
        == "2018-12-08T10:30:11@Australia/Melbourne"
    assert B["string"](temporal.parse_at_literal("10:30:11@Australia/Melbourne")) == \
        "10:30:11@Australia/Melbourne"
    assert B["string"](temporal.parse_duration("P1D")) == "P1D"


def test_string_of_null_and_deep_values():
    assert B["string"](None) is None
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    with pytest.raises(InvalidArgument, match="string"):
        B["string"](deep)
    assert B["string"].call_named({"from": D(5)}) == "5"
    assert B["string"](Function(lambda: None, (), "f"))  # some text, never an exception


@pytest.mark.parametrize("args,expected", [
    (("1.000.000,01", ".", ","), "1000000.01"),
    (("1,000,000.01", ",", "."), "1000000.01"),
    (("1 000 000.01", " ", "."), "1000000.01"),
    (("1000000.01", None, "."), "1000000.01"),
    (("1,000,000", ",", None), "1000000"),
    (("1,000,000.00", ",", None), "1000000.00"),
    (("1 000,0", " ", ","), "1000.0"),
    (("-1.5e3", None, None), "-1500"),
    ((".5", None, None), "0.5"),
    (("1.5",), "1.5"),
    (("-12",), "-12"),
])
def test_number(args, expected):
    result = B["number"](*args)
    assert type(result) is D and result == D(expected)


@pytest.mark.parametrize("args", [
    ("1,000,000.01", " ", "."),
    ("1,000,000.01", ":", "."),
    ("1,000,000.01", D(123), "."),
    ("1,000,000.01", ",", ":"),
    ("1,000,000.01", ",", D(123)),
    ("1,000,000.00", ",", ","),
    ("1,000,000.00", ".", "."),
    (D(123), ".", "."),
    ("foo,bar.001", ".", ","),
    ("1.000.000,01", "."),
    ("1.000.000,01", ".", ",", ","),
    ("1.",), ("+1",), (" 1",), ("1e",), ("١",), ("",), ("1E+7000",),
])
def test_number_refuses(args):
    with pytest.raises(InvalidArgument, match="number"):
        B["number"](*args)


def test_number_named_and_null():
    assert B["number"](None, ".", ".") is None
    assert B["number"].call_named(
        {"from": "1.000.000,01", "decimal separator": ",", "grouping separator": "."}) == \
        D("1000000.01")
    assert B["number"].call_named({"from": "7"}) == 7
    with pytest.raises(InvalidArgument):
        B["number"].call_named({"from": "1.000", "decimal sep": ",", "grouping sep": "."})


def test_number_rounds_to_34_digits():
    assert B["number"]("1234567890123456789012345678901234567") == \
        D("1.234567890123456789012345678901235E+36")
