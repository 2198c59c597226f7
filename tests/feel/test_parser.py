"""The FEEL parser: precedence, names with spaces, unary tests, and located syntax errors."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dmnlaw.errors import FeelSyntaxError
from dmnlaw.feel import nodes as n
from dmnlaw.feel.parser import parse_expression, parse_unary_tests


def test_negation_binds_tighter_than_exponent_and_exponent_is_left_associative():
    ast = parse_expression("-3 ** 2")
    assert isinstance(ast, n.Arith) and ast.op == "**"
    assert isinstance(ast.left, n.Literal) and ast.left.value == Decimal(-3)
    ast = parse_expression("3 ** 4 ** 5")
    assert isinstance(ast.left, n.Arith)


def test_known_multiword_names_are_single_names():
    ast = parse_expression("Monthly Salary * 12", ["Monthly Salary"])
    assert isinstance(ast.left, n.Name) and ast.left.name == "Monthly Salary"
    ast = parse_expression("Loan-to-value + 1", ["Loan-to-value"])
    assert ast.left == n.Name(0, "Loan-to-value")
    ast = parse_expression("Student's name + \"x\"", ["Student's name"])
    assert ast.left.name == "Student's name"


def test_builtin_names_with_keywords_parse_as_calls():
    ast = parse_expression('date and time("2019-01-01T10:00:00")')
    assert isinstance(ast, n.Call) and ast.function.name == "date and time"


def test_chinese_names():
    ast = parse_expression("服务类型 = \"caching\"", ["服务类型"])
    assert ast.left.name == "服务类型"


def test_ranges_in_both_syntaxes():
    a = parse_expression("[1..10)")
    b = parse_expression("[1..10[")
    assert isinstance(a, n.RangeExpr) and isinstance(b, n.RangeExpr)
    assert (a.start_included, a.end_included) == (b.start_included, b.end_included) == (True, False)
    c = parse_expression("]1..10]")
    assert c.start_included is False and c.end_included is True


def test_unary_tests_forms():
    assert parse_unary_tests("-").any
    t = parse_unary_tests('not("a", "b")')
    assert t.negated and len(t.tests) == 2
    t = parse_unary_tests("< 10, [20..30], ? > 100")
    assert isinstance(t.tests[0], n.UnaryCompare)
    assert t.tests[2].uses_input


@pytest.mark.parametrize("text, column", [
    ("1 +", 4),
    ("if x then 1", 12),
    ("[1, 2", 6),
    ('"open', 1),
    ("a $ b", 3),
])
def test_syntax_errors_carry_the_column(text, column):
    with pytest.raises(FeelSyntaxError) as info:
        parse_expression(text, ["a", "b", "x"])
    assert info.value.column == column
    assert f"column {column}" in str(info.value)


def test_deep_nesting_is_a_syntax_error_not_a_crash():
    with pytest.raises(FeelSyntaxError, match="nested too deeply"):
        parse_expression("(" * 5000 + "1" + ")" * 5000)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab1 .,()[]{}<>=!+-*/\"?:@") + [
    "if ", " then ", " else ", "for ", " in ", " return ", " and ", " or ", "..", "function"]),
    max_size=30).map("".join))
def test_only_syntax_errors_escape_the_parser(text):
    try:
        parse_expression(text, ["a", "b"])
    except FeelSyntaxError:
        pass
