"""Numeric built-ins (DMN 1.5 Table 76), called directly through the registry."""
from decimal import Decimal as D

import pytest

from dmnlaw.feel import temporal
from dmnlaw.feel.builtins import load_all
from dmnlaw.feel.values import InvalidArgument

B = load_all()


def same_number(got, expected: str) -> bool:
    return type(got) is D and got == D(expected)


@pytest.mark.parametrize("name,args,expected", [
    ("decimal", ("0.3333333333333333333333333333333333", "2"), "0.33"),
    ("decimal", ("0.3333333333333333333333333333333333", "2.5"), "0.33"),  # scale truncated
    ("decimal", ("1.5", "0"), "2"),
    ("decimal", ("2.5", "0"), "2"),  # half even
    ("decimal", ("0.515", "2"), "0.52"),
    ("decimal", ("65.123456", "6"), "65.123456"),
    ("decimal", ("12345", "-2"), "12300"),
    ("floor", ("1.5",), "1"),
    ("floor", ("-1.5",), "-2"),
    ("floor", ("0.3333",), "0"),
    ("floor", ("1.56", "1"), "1.5"),
    ("floor", ("-1.56", "1"), "-1.6"),
    ("ceiling", ("1.5",), "2"),
    ("ceiling", ("-1.5",), "-1"),
    ("ceiling", ("-0.3333",), "0"),
    ("ceiling", ("1.56", "1"), "1.6"),
    ("ceiling", ("-1.56", "1"), "-1.5"),
    ("round up", ("5.5", "0"), "6"),
    ("round up", ("-5.5", "0"), "-6"),
    ("round up", ("1.121", "2"), "1.13"),
    ("round up", ("-1.126", "2"), "-1.13"),
    ("round up", ("5.5", "6176"), "5.5"),
    ("round down", ("5.5", "0"), "5"),
    ("round down", ("-5.5", "0"), "-5"),
    ("round down", ("1.121", "2"), "1.12"),
    ("round down", ("-1.126", "2"), "-1.12"),
    ("round half up", ("5.5", "0"), "6"),
    ("round half up", ("-5.5", "0"), "-6"),
    ("round half up", ("1.121", "2"), "1.12"),
    ("round half up", ("-1.126", "2"), "-1.13"),
    ("round half down", ("5.5", "0"), "5"),
    ("round half down", ("-5.5", "0"), "-5"),
    ("round half down", ("1.121", "2"), "1.12"),
    ("round half down", ("-1.126", "2"), "-1.13"),
    ("round half down", ("-1.125", "2"), "-1.12"),
    ("abs", ("-1",), "1"),
    ("abs", ("0",), "0"),
    ("modulo", ("10", "4"), "2"),
    ("modulo", ("10", "-4"), "-2"),
    ("modulo", ("-10", "4"), "2"),
    ("modulo", ("12", "5"), "2"),
    ("modulo", ("-12", "5"), "3"),
    ("modulo", ("12", "-5"), "-3"),
    ("modulo", ("-12", "-5"), "-2"),
    ("modulo", ("10.1", "4.5"), "1.1"),
    ("modulo", ("-10.1", "4.5"), "3.4"),
    ("modulo", ("10.1", "-4.5"), "-3.4"),
    ("modulo", ("-10.1", "-4.5"), "-1.1"),
    ("modulo", ("1E+40", "3"), "1"),  # exact even when the quotient has over 34 digits
    ("sqrt", ("16",), "4"),
    ("sqrt", ("0",), "0"),
    ("sqrt", ("2",), "1.414213562373095048801688724209698"),
    ("log", ("10",), "2.302585092994045684017991454684364"),
    ("exp", ("5",), "148.4131591025766034211155800405523"),
    ("exp", ("0",), "1"),
])
def test_numeric_values(name, args, expected):
    assert same_number(B[name](*(D(a) for a in args)), expected)


def test_no_negative_zero():
    result = B["ceiling"](D("-0.3"))
    assert result == 0 and not result.is_signed()


@pytest.mark.parametrize("name,args", [
    ("round up", ("5.5", "-6112")),
    ("round up", ("5.5", "6177")),
    ("decimal", ("1", "7000")),
    ("modulo", ("10", "0")),
    ("sqrt", ("-1",)),
    ("log", ("0",)),
    ("log", ("-1",)),
    ("exp", ("100000",)),  # overflows decimal128
    ("odd", ("1.5",)),
    ("even", ("1.5",)),
])
def test_outside_the_domain(name, args):
    with pytest.raises(InvalidArgument, match=name):
        B[name](*(D(a) for a in args))


@pytest.mark.parametrize("name,args", [
    ("abs", ("-1",)), ("abs", (True,)), ("sqrt", (True,)), ("floor", (D("1.5"), "1")),
    ("modulo", ("10", D(4))), ("odd", ("4",)), ("decimal", (D(1), True)),
])
def test_wrong_types(name, args):
    with pytest.raises(InvalidArgument, match=name):
        B[name](*args)


@pytest.mark.parametrize("name,args", [
    ("floor", (None,)), ("floor", (D("1.5"), None)), ("round up", (None, D(0))),
    ("abs", (None,)), ("modulo", (D(10), None)), ("sqrt", (None,)), ("even", (None,)),
])
def test_null_in_null_out(name, args):
    assert B[name](*args) is None


def test_odd_and_even():
    assert B["odd"](D(1)) is True and B["odd"](D(-1)) is True and B["odd"](D(0)) is False
    assert B["even"](D(2)) is True and B["even"](D(-2)) is True and B["even"](D(5)) is False


def test_abs_of_durations():
    assert B["abs"](temporal.parse_duration("-P1D")) == temporal.parse_duration("P1D")
    assert B["abs"](temporal.parse_duration("-P1Y")) == temporal.parse_duration("P1Y")
    with pytest.raises(InvalidArgument):
        B["abs"](temporal.parse_date("2018-12-06"))


def test_arity_and_named_parameters():
    assert B["abs"].call_named({"n": D(-1)}) == 1
    assert B["sqrt"].call_named({"number": D(4)}) == 2
    assert B["modulo"].call_named({"dividend": D(10), "divisor": D(4)}) == 2
    assert B["decimal"].call_named({"n": D(15) / D(7), "scale": D(3)}) == D("2.143")
    assert B["floor"].call_named({"n": D("1.56"), "scale": None}) is None
    for name, kwargs in [("abs", {"number": D(-1)}), ("sqrt", {"n": D(4)}),
                         ("modulo", {"dividend": D(10), "foo": D(4)}),
                         ("floor", {"n": D("1.5"), "scal": D(1)})]:
        with pytest.raises(InvalidArgument):
            B[name].call_named(kwargs)
    with pytest.raises(InvalidArgument):
        B["abs"](D(1), D(1))
    with pytest.raises(InvalidArgument):
        B["floor"]()


def test_singleton_lists_are_unwrapped():
    assert B["abs"]([D(-3)]) == 3
    assert B["floor"]([D("1.5")]) == 1
