"""Evaluation: results, the trace, and which missing facts leave a conclusion open."""
from __future__ import annotations

from xml.sax.saxutils import escape

import dmnlaw
from strategies import sample_facts

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


def test_missing_facts_are_there_without_the_trace_too():
    model = dmnlaw.load()
    for facts in sample_facts(model, 60, seed=11):
        for doctrine in ("judicial", "restrictive"):
            given = {**facts, "doctrine": doctrine}
            untraced = model.evaluate(given, trace=False)
            traced = model.evaluate(given)
            assert untraced.missing_facts == traced.missing_facts and untraced.trace == []
    some = ["liability_286_1"]
    assert model.evaluate({}, some, trace=False).missing_facts == model.evaluate({}, some).missing_facts != []


# --- the raw trace record: missing facts from the hits they need -----------------------------

def legal_results(n: int = 120) -> list:
    model = dmnlaw.load(cache=False)
    return [model.evaluate({**facts, "doctrine": doctrine})
            for facts in sample_facts(model, n, seed=4) for doctrine in ("judicial", "restrictive")]


def test_share_hits_are_the_shares_hits_one_key_at_a_time() -> None:
    from dmnlaw.evaluate import _Shares

    for result in legal_results(20):
        record = result._record
        keys = [*record.plan.bounded, *record.plan.keys, "no such key"]
        alone = {k: record.share_hits(k) for k in keys}  # before shares() is built
        shares = record.shares()
        for k in keys:
            if k in shares:
                assert alone[k] == shares[k][0] and record.share_hits(k) == shares[k][0]
            else:
                assert alone[k] is None and record.share_hits(k) is None
        lazy = _Shares(record)
        eager = {k: h for k, (h, _) in shares.items() if k in record.plan.model.decisions}
        for k in keys:
            assert lazy.get(k, []) == eager.get(k, [])


def test_missing_facts_from_the_record_are_those_of_every_share() -> None:
    from dmnlaw.explain import missing_facts

    seen_some = False
    for result in legal_results():
        record = result._record
        got = record.missing_facts()
        hits = {k: h for k, (h, _) in record.shares().items() if k in record.plan.model.decisions}
        assert got == missing_facts(record.plan.model, record.node_values(), hits,
                                    record.plan.conclusions)
        assert result.missing_facts == got
        seen_some = seen_some or bool(got)
    assert seen_some


def test_tested_columns_are_kept_per_table_and_selection(tmp_path) -> None:
    from dmnlaw.explain import _columns_tested, _tested_columns

    p = tmp_path / "m.dmn"
    p.write_text(three_valued_and(), encoding="utf-8")
    model = dmnlaw.load(p, cache=False)
    result = model.evaluate({"a": True})
    [hit] = [h for t in result.trace for h in t.hits]
    assert _tested_columns(hit) == [1] == _columns_tested(hit.table, (4,))  # rule 4: "-", null
    assert _columns_tested(hit.table, (1,)) == [0] and _columns_tested(hit.table, ()) == [0, 1]
    assert _tested_columns(hit) is _tested_columns(hit)
