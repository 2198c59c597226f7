"""Decision tables: every hit policy, defaults, output values, and the trace they leave."""
from __future__ import annotations

from decimal import Decimal

import pytest

import dmnlaw

from inline_models import table_model

D = Decimal
AGE = [("age", "number")]
RULES = [(["< 18"], ['"minor"']), (["[18..65]"], ['"adult"']), ([">= 60"], ['"senior"'])]


def run(write_model, xml, **facts):
    model = dmnlaw.load(write_model(xml))
    result = model.evaluate(facts)
    return result["D"], result.trace[-1]


def test_unique_selects_the_single_match(write_model):
    value, entry = run(write_model, table_model("UNIQUE", AGE, ["o"], RULES), age=30)
    assert value == "adult" and entry.matched == [2] and entry.selected == [2]


def test_unique_violation_is_an_error_result_not_a_first_match(write_model):
    value, entry = run(write_model, table_model("UNIQUE", AGE, ["o"], RULES), age=62)
    assert value is None
    assert entry.matched == [2, 3] and entry.selected == []
    assert "UNIQUE violated" in entry.warnings[0]


def test_first_takes_the_first_match_and_traces_all_matches(write_model):
    value, entry = run(write_model, table_model("FIRST", AGE, ["o"], RULES), age=62)
    assert value == "adult" and entry.matched == [2, 3] and entry.selected == [2]


def test_any_with_equal_outputs_and_with_different_ones(write_model):
    same = [(["> 10"], ['"x"']), (["> 20"], ['"x"'])]
    assert run(write_model, table_model("ANY", AGE, ["o"], same), age=30)[0] == "x"
    value, entry = run(write_model, table_model("ANY", AGE, ["o"], RULES), age=62)
    assert value is None and "ANY violated" in entry.warnings[0]


def test_priority_and_output_order_follow_the_output_values(write_model):
    values = '"senior","adult","minor"'
    assert run(write_model, table_model("PRIORITY", AGE, ["o"], RULES, output_values=values), age=62)[0] == "senior"
    assert run(write_model, table_model("OUTPUT ORDER", AGE, ["o"], RULES, output_values=values),
               age=62)[0] == ["senior", "adult"]


def test_rule_order_and_collect_aggregations(write_model):
    nums = [(["> 0"], ["1"]), (["> 10"], ["2"]), (["> 20"], ["4"])]
    assert run(write_model, table_model("RULE ORDER", AGE, ["o"], nums), age=30)[0] == [D(1), D(2), D(4)]
    assert run(write_model, table_model("COLLECT", AGE, ["o"], nums), age=30)[0] == [D(1), D(2), D(4)]
    for agg, want in [("SUM", D(7)), ("COUNT", D(3)), ("MIN", D(1)), ("MAX", D(4))]:
        assert run(write_model, table_model("COLLECT", AGE, ["o"], nums, aggregation=agg), age=30)[0] == want


def test_no_match_gives_the_default_output_or_null_with_a_warning(write_model):
    value, entry = run(write_model, table_model("UNIQUE", AGE, ["o"], RULES[:1]), age=30)
    assert value is None and entry.warnings == ["table 'D': no rule matched"]
    value, _ = run(write_model, table_model("UNIQUE", AGE, ["o"], RULES[:1], default='"unknown"'), age=30)
    assert value == "unknown"


def test_several_outputs_make_a_context(write_model):
    xml = table_model("UNIQUE", AGE, ["label", "code"], [(["< 18"], ['"minor"', "1"]), ([">= 18"], ['"adult"', "2"])])
    assert run(write_model, xml, age=40)[0] == {"label": "adult", "code": D(2)}


def test_output_outside_the_output_values_is_null_with_a_warning(write_model):
    xml = table_model("UNIQUE", AGE, ["o"], [(["-"], ['"other"'])], output_values='"a","b"')
    value, entry = run(write_model, xml, age=1)
    assert value is None and "not one of the output values" in entry.warnings[0]


@pytest.mark.parametrize("cell, age, hit", [
    ("[1..10]", 10, True), ("[1..10)", 10, False), ("]1..10]", 1, False), ("(1..10]", 2, True),
    ("not(5)", 5, False), ("not(5)", 6, True), ("5, 7", 7, True), ("null", None, True),
    ("-", None, True), ("? > 3 and ? < 5", 4, True), ("< 5", None, False),
])
def test_unary_test_cells(write_model, cell, age, hit):
    value, _ = run(write_model, table_model("FIRST", AGE, ["o"], [([cell], ['"hit"'])]), age=age)
    assert (value == "hit") is hit
