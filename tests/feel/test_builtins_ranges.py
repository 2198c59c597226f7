"""Range built-ins: Table 78 interval relations and range(from), called directly."""
import re
from decimal import Decimal as D

import pytest

from dmnlaw.feel import temporal
from dmnlaw.feel.builtins import load_all
from dmnlaw.feel.values import InvalidArgument, Range

B = load_all()

_RANGE = re.compile(r"([\[\]\(])(-?\d*)\.\.(-?\d*)([\]\)\[])")


def r(text: str) -> Range:
    """A numeric range from its literal, e.g. "[1..10)"; an empty side is unbounded."""
    m = _RANGE.fullmatch(text)
    assert m, text
    start = D(m[2]) if m[2] else None
    end = D(m[3]) if m[3] else None
    return Range(start, end, m[1] == "[", m[4] == "]")


def arg(text: str):
    return r(text) if text[0] in "[](" else D(text)


# Every example of DMN 1.5 Table 78, which are also the TCK's 1130-feel-interval cases.
TABLE_78 = """
before 1 10 true | before 10 1 false | before 1 [1..10] false | before 1 (1..10] true
before 1 [5..10] true | before [1..10] 10 false | before [1..10) 10 true
before [1..10] 15 true | before [1..10] [15..20] true | before [1..10] [10..20] false
before [1..10) [10..20] true | before [1..10] (10..20] true
after 10 5 true | after 5 10 false | after 12 [1..10] true | after 10 [1..10) true
after 10 [1..10] false | after [11..20] 12 false | after [11..20] 10 true
after (11..20] 11 true | after [11..20] 11 false | after [11..20] [1..10] true
after [1..10] [11..20] false | after [11..20] [1..11) true | after (11..20] [1..11] true
meets [1..5] [5..10] true | meets [1..5) [5..10] false | meets [1..5] (5..10] false
meets [1..5] [6..10] false
met_by [5..10] [1..5] true | met_by [5..10] [1..5) false | met_by (5..10] [1..5] false
met_by [6..10] [1..5] false
overlaps [1..5] [3..8] true | overlaps [3..8] [1..5] true | overlaps [1..8] [3..5] true
overlaps [3..5] [1..8] true | overlaps [1..5] [6..8] false | overlaps [6..8] [1..5] false
overlaps [1..5] [5..8] true | overlaps [1..5] (5..8] false | overlaps [1..5) [5..8] false
overlaps [1..5) (5..8] false | overlaps [5..8] [1..5] true | overlaps (5..8] [1..5] false
overlaps [5..8] [1..5) false | overlaps (5..8] [1..5) false
overlaps_before [1..5] [3..8] true | overlaps_before [1..5] [6..8] false
overlaps_before [1..5] [5..8] true | overlaps_before [1..5] (5..8] false
overlaps_before [1..5) [5..8] false | overlaps_before [1..5) (1..5] true
overlaps_before [1..5] (1..5] true | overlaps_before [1..5) [1..5] false
overlaps_before [1..5] [1..5] false
overlaps_after [3..8] [1..5] true | overlaps_after [6..8] [1..5] false
overlaps_after [5..8] [1..5] true | overlaps_after (5..8] [1..5] false
overlaps_after [5..8] [1..5) false | overlaps_after (1..5] [1..5) true
overlaps_after (1..5] [1..5] true | overlaps_after [1..5] [1..5) false
overlaps_after [1..5] [1..5] false
finishes 10 [1..10] true | finishes 10 [1..10) false | finishes [5..10] [1..10] true
finishes [5..10) [1..10] false | finishes [5..10) [1..10) true
finishes [1..10] [1..10] true | finishes (1..10] [1..10] true
finished_by [1..10] 10 true | finished_by [1..10) 10 false
finished_by [1..10] [5..10] true | finished_by [1..10] [5..10) false
finished_by [1..10) [5..10) true | finished_by [1..10] [1..10] true
finished_by [1..10] (1..10] true
includes [1..10] 5 true | includes [1..10] 12 false | includes [1..10] 1 true
includes [1..10] 10 true | includes (1..10] 1 false | includes [1..10) 10 false
includes [1..10] [4..6] true | includes [1..10] [1..5] true | includes (1..10] (1..5] true
includes [1..10] (1..10) true | includes [1..10) [5..10) true
includes [1..10] [1..10) true | includes [1..10] (1..10] true
includes [1..10] [1..10] true
during 5 [1..10] true | during 12 [1..10] false | during 1 [1..10] true
during 10 [1..10] true | during 1 (1..10] false | during 10 [1..10) false
during [4..6] [1..10] true | during [1..5] [1..10] true | during (1..5] (1..10] true
during (1..10) [1..10] true | during [5..10) [1..10) true | during [1..10) [1..10] true
during (1..10] [1..10] true | during [1..10] [1..10] true
starts 1 [1..10] true | starts 1 (1..10] false | starts 2 [1..10] false
starts [1..5] [1..10] true | starts (1..5] (1..10] true | starts (1..5] [1..10] false
starts [1..5] (1..10] false | starts [1..10] [1..10] true | starts [1..10) [1..10] true
starts (1..10) (1..10) true
started_by [1..10] 1 true | started_by (1..10] 1 false | started_by [1..10] 2 false
started_by [1..10] [1..5] true | started_by (1..10] (1..5] true
started_by [1..10] (1..5] false | started_by (1..10] [1..5] false
started_by [1..10] [1..10] true | started_by [1..10] [1..10) true
started_by (1..10) (1..10) true
coincides 5 5 true | coincides 3 4 false | coincides [1..5] [1..5] true
coincides (1..5) [1..5] false | coincides [1..5] [2..6] false
"""
CASES = [case.split() for line in TABLE_78.strip().splitlines() for case in line.split("|")]


@pytest.mark.parametrize("name,a,b,expected", CASES)
def test_table_78(name, a, b, expected):
    assert B[name.replace("_", " ")](arg(a), arg(b)) is (expected == "true")


@pytest.mark.parametrize("name,a,b,expected", [
    ("before", "5", "(..10)", False),
    ("after", "5", "(..3]", True),
    ("includes", "(..10)", "-1000", True),
    ("includes", "(..10)", "(..5]", True),
    ("includes", "[1..)", "(..5]", False),
    ("overlaps", "(..5]", "[5..)", True),
    ("coincides", "(..5]", "(..5]", True),
    ("before", "(..5)", "[5..)", True),
    ("meets", "(..5]", "[5..)", True),
])
def test_unbounded_ranges(name, a, b, expected):
    assert B[name](arg(a), arg(b)) is expected


def test_points_of_other_types():
    d = temporal.parse_date
    assert B["before"](d("2020-01-01"), d("2020-01-02")) is True
    assert B["during"](d("2020-01-05"), Range(d("2020-01-01"), d("2020-01-31"))) is True
    assert B["includes"](Range("a", "c"), "b") is True
    assert B["coincides"](True, True) is True
    assert B["coincides"]("a", "b") is False


def test_null_and_errors():
    assert B["before"](None, D(1)) is None
    assert B["includes"](r("[1..10]"), None) is None
    with pytest.raises(InvalidArgument, match="before"):
        B["before"](D(1), "a")
    with pytest.raises(InvalidArgument, match="meets"):
        B["meets"](D(1), r("[1..2]"))
    with pytest.raises(InvalidArgument, match="finishes"):
        B["finishes"](r("[1..10]"), D(10))  # there is no finishes(range, point)
    with pytest.raises(InvalidArgument):
        B["coincides"](D(1), "1")
    with pytest.raises(InvalidArgument):
        B["before"](D(1))


def test_named_parameters():
    assert B["before"].call_named({"point1": D(1), "point2": D(10)}) is True
    assert B["before"].call_named({"point": D(1), "range": r("(1..10]")}) is True
    assert B["before"].call_named({"range1": r("[1..10)"), "range2": r("[10..20]")}) is True
    assert B["includes"].call_named({"range": r("[1..10]"), "point": D(5)}) is True
    assert B["during"].call_named({"range1": r("[4..6]"), "range2": r("[1..10]")}) is True
    with pytest.raises(InvalidArgument, match="range1, range2"):
        B["during"].call_named({"range1": D(5), "range2": r("[1..10]")})
    with pytest.raises(InvalidArgument):
        B["meets"].call_named({"range": r("[1..5]"), "range2": r("[5..10]")})


# --- range(from) -----------------------------------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("[1..3]", Range(D(1), D(3), True, True)),
    ("[18..21]", Range(D(18), D(21), True, True)),
    ("(18..21]", Range(D(18), D(21), False, True)),
    ("]18..21]", Range(D(18), D(21), False, True)),
    ("[18..21)", Range(D(18), D(21), True, False)),
    ("[18..21[", Range(D(18), D(21), True, False)),
    (" [ 1 .. 3 ] ", Range(D(1), D(3), True, True)),
    ("[-5.5..-1e1]", None),  # -5.5 > -10: out of order, checked below
    ("[2..)", Range(D(2), None, True, False)),
    ("(..2)", Range(None, D(2), False, False)),
    ("]..2]", Range(None, D(2), False, True)),
    ('["a".."c"]', Range("a", "c", True, True)),
    ('["\\u0041".."a\\"z"]', Range("A", 'a"z', True, True)),
    ("[1..1]", Range(D(1), D(1), True, True)),
])
def test_range(text, expected):
    if expected is None:
        with pytest.raises(InvalidArgument):
            B["range"](text)
    else:
        assert B["range"](text) == expected


def test_range_of_temporal_literals():
    at = temporal.parse_at_literal
    cases = {
        '[@"1970-01-01"..@"1970-01-02"]': ("1970-01-01", "1970-01-02"),
        '[@"1970-01-01T00:00:00"..@"1970-01-02T00:00:00"]':
            ("1970-01-01T00:00:00", "1970-01-02T00:00:00"),
        '[@"00:00:00"..@"00:00:00"]': ("00:00:00", "00:00:00"),
        '[@"P1D"..@"P2D"]': ("P1D", "P2D"),
        '[@"P1Y"..@"P2Y"]': ("P1Y", "P2Y"),
        '[date("1970-01-01")..date("1970-01-02")]': ("1970-01-01", "1970-01-02"),
        '[date and time("1970-01-01T00:00:00")..@"1970-01-02T00:00:00"]':
            ("1970-01-01T00:00:00", "1970-01-02T00:00:00"),
        '[time("00:00:00")..@"00:00:00"]': ("00:00:00", "00:00:00"),
        '[duration("P1D")..@"P2D"]': ("P1D", "P2D"),
        '[date(1970, 1, 1)..date( 1970 , 1 , 2 )]': ("1970-01-01", "1970-01-02"),
    }
    for text, (start, end) in cases.items():
        result = B["range"](text)
        assert result == Range(at(start), at(end), True, True), text


@pytest.mark.parametrize("text", [
    "[..2]", "[1..]", "[..]", "(..)", "", " ", ">=10", '[1.."b"]',
    '[@"1970-01-01"..@"1970-01-02T00:00:00"]',
    '[@"1970-01-01T00:00:00"..@"1970-01-02"]',
    "[3..1]", '[@"1970-01-02"..@"1970-01-01"]', '["z".."a"]', '[@"P2D"..@"P1D"]',
    '[@"P2Y"..@"P1Y"]', '[@"02:00:00"..@"01:00:00"]', "[null..null]",
    '[date(string("1970-01-01"))..date("1970-01-02")]', '[date(input_001)..date("1970-01-02")]',
    '[date and time(string("1970-01-01T00:00:00"))..@"1970-01-02T00:00:00"]',
    '[duration(string("P1D"))..@"P2D"]', '[@"2019-13-45"..@"2020-01-01"]',
    '[date("nope")..date("1970-01-02")]', '["a..b]', "[1..3] x", "[1...3]", "{1..3}",
    '["\\q".."z"]', "[1..3", '[@P1D..@"P2D"]', "[1,3]",
])
def test_range_refuses(text):
    with pytest.raises(InvalidArgument, match="range"):
        B["range"](text)


def test_range_arguments():
    assert B["range"](None) is None
    assert B["range"].call_named({"from": "[1..3]"}) == r("[1..3]")
    with pytest.raises(InvalidArgument):
        B["range"].call_named({"fron": "[1..3]"})
    with pytest.raises(InvalidArgument):
        B["range"]("[1..3]", "foo")
    with pytest.raises(InvalidArgument):
        B["range"](r("[1..3]"))


def test_unary_test_ranges_and_null_endpoints():
    equals_5 = Range(D(5), None, op="=")
    assert B["includes"](r("[1..10]"), equals_5) is True
    assert B["coincides"](equals_5, r("[5..5]")) is True
    assert B["before"](equals_5, D(6)) is True
    with pytest.raises(InvalidArgument, match="not an interval"):
        B["before"](Range(D(5), None, op="!="), D(6))
    unknown = Range(None, D(10), False, True, null_endpoint=True)  # (null..10]
    assert B["before"](unknown, D(20)) is None
    assert B["includes"](r("[1..10]"), unknown) is None
