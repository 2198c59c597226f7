"""The same model in each DMN namespace, 1.1 to 1.5, evaluates the same."""
from __future__ import annotations

import pytest

import dmnlaw

NAMESPACES = {
    "1.1": "http://www.omg.org/spec/DMN/20151101/dmn.xsd",
    "1.2": "http://www.omg.org/spec/DMN/20180521/MODEL/",
    "1.3": "https://www.omg.org/spec/DMN/20191111/MODEL/",
    "1.4": "https://www.omg.org/spec/DMN/20211108/MODEL/",
    "1.5": "https://www.omg.org/spec/DMN/20230324/MODEL/",
}


@pytest.mark.parametrize("version", sorted(NAMESPACES))
def test_each_dmn_version_runs(write_model, version):
    ns = NAMESPACES[version]
    number = "feel:number" if version == "1.1" else "number"
    xml = (f'<definitions xmlns="{ns}" xmlns:feel="http://www.omg.org/spec/FEEL/20140401" '
           f'id="m" name="m" namespace="http://example.com/v">'
           f'<itemDefinition name="tKind"><typeRef>{"feel:string" if version == "1.1" else "string"}</typeRef>'
           '<allowedValues><text>"a","b"</text></allowedValues></itemDefinition>'
           f'<inputData id="n" name="Amount in 元"><variable name="Amount in 元" typeRef="{number}"/></inputData>'
           '<inputData id="k" name="种类"><variable name="种类" typeRef="tKind"/></inputData>'
           '<decision id="d" name="Result"><variable name="Result"/>'
           '<informationRequirement><requiredInput href="#n"/></informationRequirement>'
           '<informationRequirement><requiredInput href="#k"/></informationRequirement>'
           '<decisionTable hitPolicy="FIRST">'
           '<input><inputExpression><text>Amount in 元</text></inputExpression></input>'
           '<input><inputExpression><text>种类</text></inputExpression></input>'
           '<output name="o"/>'
           '<rule><inputEntry><text>&gt;= 100</text></inputEntry><inputEntry><text>"a"</text></inputEntry>'
           '<outputEntry><text>"big a"</text></outputEntry></rule>'
           '<rule><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>'
           '<outputEntry><text>Amount in 元 * 2</text></outputEntry></rule>'
           "</decisionTable></decision></definitions>")
    model = dmnlaw.load(write_model(xml))
    assert model.evaluate({"Amount in 元": 150, "种类": "a"})["Result"] == "big a"
    assert model.evaluate({"Amount in 元": 150, "种类": "b"})["Result"] == 300
    with pytest.raises(dmnlaw.CaseError, match="allowed values: a, b"):
        model.evaluate({"种类": "c"})
