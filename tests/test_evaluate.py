"""Evaluation: results, the trace, and which missing facts leave a conclusion open."""
from __future__ import annotations

from xml.sax.saxutils import escape

import dmnlaw

NS = "https://www.omg.org/spec/DMN/20230324/MODEL/"


def three_valued_and() -> str:
    """ok = a AND b, read three-valued by a FIRST table (false decides; unknown leaves open)."""
    rules = [
        (["false", "-"], "false"), (["-", "false"], "false"),
        (["null", "-"], "null"), (["-", "null"], "null"),
        (["true", "true"], "true"),
    ]
    body = "".join(
        "<rule>" + "".join(f"<inputEntry><text>{escape(c)}</text></inputEntry>" for c in ins)
        + f"<outputEntry><text>{out}</text></outputEntry></rule>" for ins, out in rules)
    inputs = "".join(f'<inputData id="{n}" name="{n}"><variable name="{n}" typeRef="boolean"/></inputData>'
                     for n in ("a", "b", "unused"))
    return (f'<definitions xmlns="{NS}" id="m" name="m" namespace="http://example.com/e">{inputs}'
            '<decision id="ok" name="ok"><variable name="ok" typeRef="boolean"/>'
            '<informationRequirement><requiredInput href="#a"/></informationRequirement>'
            '<informationRequirement><requiredInput href="#b"/></informationRequirement>'
            '<decisionTable hitPolicy="FIRST">'
            '<input><inputExpression><text>a</text></inputExpression></input>'
            '<input><inputExpression><text>b</text></inputExpression></input>'
            f'<output name="ok"/>{body}</decisionTable></decision>'
            '<decision id="out" name="out"><variable name="out" typeRef="string"/>'
            '<informationRequirement><requiredDecision href="#ok"/></informationRequirement>'
            '<literalExpression><text>if ok then "yes" else if ok = false then "no" else "undetermined"'
            "</text></literalExpression></decision></definitions>")


def test_a_definitely_failing_element_decides_despite_unknowns(tmp_path):
    p = tmp_path / "m.dmn"
    p.write_text(three_valued_and(), encoding="utf-8")
    model = dmnlaw.load(p)
    result = model.evaluate({"a": False})
    assert result["ok"] is False and result["out"] == "no"
    assert result.missing_facts == []


def test_missing_facts_follow_the_rule_that_left_the_conclusion_open(tmp_path):
    p = tmp_path / "m.dmn"
    p.write_text(three_valued_and(), encoding="utf-8")
    model = dmnlaw.load(p)
    result = model.evaluate({"a": True})
    assert result["ok"] is None and result["out"] == "undetermined"
    # `b` is blamed; `unused` is missing too, but nothing undetermined reads it.
    assert result.missing_facts == ["b"]
    trace = {t.decision: t for t in result.trace}
    assert trace["ok"].selected == [4] and trace["ok"].matched == [4]


def test_trace_false_skips_the_trace_but_not_the_answers(tmp_path):
    p = tmp_path / "m.dmn"
    p.write_text(three_valued_and(), encoding="utf-8")
    model = dmnlaw.load(p)
    result = model.evaluate({"a": True, "b": True, "unused": False}, trace=False)
    assert dict(result) == {"ok": True, "out": "yes"} and result.trace == []
