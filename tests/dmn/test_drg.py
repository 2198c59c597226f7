"""The decision requirements graph: order, scope of evaluation, cycles and dangling references."""
from __future__ import annotations

import pytest

import dmnlaw
from dmnlaw.errors import ModelError

from inline_models import NS


def chain(extra_requirement: str = "") -> str:
    return (f'<definitions xmlns="{NS}" id="m" name="m" namespace="http://example.com/c">'
            '<inputData id="x" name="x"><variable name="x" typeRef="number"/></inputData>'
            '<decision id="a" name="a"><variable name="a"/>'
            '<informationRequirement><requiredInput href="#x"/></informationRequirement>'
            f'{extra_requirement}'
            '<literalExpression><text>x + 1</text></literalExpression></decision>'
            '<decision id="b" name="b"><variable name="b"/>'
            '<informationRequirement><requiredDecision href="#a"/></informationRequirement>'
            '<literalExpression><text>a * 2</text></literalExpression></decision>'
            '<decision id="c" name="c"><variable name="c"/>'
            '<literalExpression><text>"unrelated"</text></literalExpression></decision>'
            "</definitions>")


def test_graph_is_a_networkx_digraph_and_evaluation_runs_only_ancestors(write_model):
    model = dmnlaw.load(write_model(chain()))
    assert model.graph.number_of_nodes() == 4
    result = model.evaluate({"x": 1}, decisions=["b"])
    assert dict(result) == {"a": 2, "b": 4}
    assert [t.decision for t in result.trace] == ["a", "b"]


def test_a_cycle_names_the_nodes(write_model):
    xml = chain('<informationRequirement><requiredDecision href="#b"/></informationRequirement>')
    with pytest.raises(ModelError) as info:
        dmnlaw.load(write_model(xml))
    assert "cycle" in str(info.value) and "a" in str(info.value) and "b" in str(info.value)
    assert info.value.line is not None


def test_a_dangling_reference_names_the_element_and_line(write_model):
    xml = chain('<informationRequirement><requiredInput href="#nowhere"/></informationRequirement>')
    with pytest.raises(ModelError) as info:
        dmnlaw.load(write_model(xml))
    assert "#nowhere" in str(info.value) and info.value.line == 1


def test_a_feel_error_has_file_line_element_and_column(write_model):
    xml = chain().replace("x + 1", "x +* 1")
    with pytest.raises(ModelError) as info:
        dmnlaw.load(write_model(xml))
    e = info.value
    assert e.file.endswith("model.dmn") and e.element == "a" and e.column == 4
