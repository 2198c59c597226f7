"""dmnlaw.runjson: the run JSON written straight to text must be, byte for byte,
``json.dumps(run_json(...), ensure_ascii=False, separators=(",", ":"))`` — for the legal
model and the case corpus, TCK and benchmark models (contexts, lists, dates, imports,
several hit policies), models written here for the corners (warnings, overlapping UNIQUE
rules, outputs of mixed types), every kind of value, and results whose trace was already
read, set, or never recorded."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dmnlaw
from dmnlaw import runjson
from dmnlaw.cases import Case, case_files, evaluate_case, jsonable, read_case, run_json
from dmnlaw.evaluate import TraceEntry
from dmnlaw.feel import temporal
from dmnlaw.runjson import run_json_text, value_text
from strategies import facts_for

ROOT = Path(__file__).resolve().parents[1]
TCK = ROOT.parent / "shared" / "tck"
BENCH = ROOT / "benchmarks" / "models"
NS = "https://www.omg.org/spec/DMN/20230324/MODEL/"

BUDGET = settings(max_examples=60, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def dumped(model: Any, case: Case, doctrine: str, result: Any) -> str:
    return json.dumps(run_json(model, case, doctrine, result), ensure_ascii=False,
                      separators=(",", ":"))


def same_text(model: Any, facts: dict[str, Any], doctrine: str = "judicial",
              case: Case | None = None) -> None:
    """The text of a fresh result equals the dumped dicts of another fresh result."""
    case = case or Case("c.json", "标题 \"quoted\"", facts, reference="(2018)沪0115刑初2974号")
    try:
        want = dumped(model, case, doctrine, evaluate_case(model, case, doctrine))
    except Exception as e:  # noqa: BLE001 - then the text must fail the same way
        with pytest.raises(type(e)):
            run_json_text(model, case, doctrine, evaluate_case(model, case, doctrine))
        return
    got = run_json_text(model, case, doctrine, evaluate_case(model, case, doctrine))
    assert got == want


# --- values -------------------------------------------------------------------------------

def feel_values() -> st.SearchStrategy[Any]:
    decimals = st.one_of(
        st.decimals(allow_nan=False, allow_infinity=False),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.sampled_from([Decimal("1E+6144"), Decimal("-1E+400"), Decimal("1E-400"), Decimal("1.0"),
                         Decimal("-0"), Decimal("12345678901234567890123456789012345"),
                         Decimal("1234567890123456789012345678901234"), Decimal("0.1"),
                         Decimal("9.999999999999999999999999999999999E+33")]))
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(), decimals,
        st.floats(), st.dates(), st.datetimes(), st.times(), st.timedeltas(),
        st.sampled_from(["\u2028", "\ud800", "引号\"与\\反斜杠", "\x00\x1f", "%s", "%%"]),
        st.builds(lambda d: temporal.parse_date(d.isoformat()), st.dates()),
        st.sampled_from(["P1Y2M", "P3DT4H5M", "-PT0.5S"]).map(temporal.parse_duration),
        st.datetimes().map(temporal.from_python))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(st.one_of(st.text(max_size=4), st.integers(), st.booleans(), st.none()),
                        inner, max_size=4)), max_leaves=12)


@BUDGET
@given(v=feel_values())
def test_a_value_is_written_as_jsonable_then_json_write_it(v: Any) -> None:
    try:
        want = runjson._dumps(jsonable(v))
    except Exception as e:  # noqa: BLE001
        with pytest.raises(type(e)):
            value_text(v)
        return
    assert value_text(v) == want
    assert value_text(v) == want  # and again, from the kept decimals


def test_equal_decimals_are_written_alike_and_true_is_never_one() -> None:
    assert [value_text(v) for v in (Decimal("1"), Decimal("1.000"), Decimal("1E+0"), 1, True)] == \
        ["1", "1", "1", "1", "true"]
    assert value_text(Decimal("0.50")) == value_text(Decimal("0.5")) == "0.5"
    assert value_text(Decimal("1E+400")) == json.dumps(jsonable(Decimal("1E+400")))
    assert value_text(Decimal("NaN")) == json.dumps(jsonable(Decimal("NaN")))


# --- models -------------------------------------------------------------------------------

def model_folders() -> dict[str, list[Path]]:
    out = {name: [BENCH / f"{name}.dmn"] for name in ("first_table", "unique_table", "drg")}
    for folder in ("compliance-level-2/0004-simpletable-U", "compliance-level-2/0117-multi-any-hitpolicy",
                   "compliance-level-3/0004-lending", "compliance-level-3/0017-tableTests",
                   "compliance-level-3/0020-vacation-days", "compliance-level-3/0086-import",
                   "compliance-level-3/0089-nested-inputdata-imports",
                   "compliance-level-3/0087-chapter-11-example"):
        path = TCK / folder
        if path.is_dir():
            out[path.name] = sorted(path.glob("*.dmn"))
    return out


MODELS = model_folders()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_models_give_the_dumped_run_json(name: str) -> None:
    model = dmnlaw.load(*MODELS[name], cache=False)

    @BUDGET
    @given(facts=facts_for(model))
    def check(facts: dict[str, Any]) -> None:
        same_text(model, facts)

    check()


def test_the_legal_model_gives_the_dumped_run_json() -> None:
    model = dmnlaw.load(cache=False)

    @settings(BUDGET, max_examples=80)
    @given(facts=facts_for(model), doctrine=st.sampled_from(["judicial", "restrictive"]))
    def check(facts: dict[str, Any], doctrine: str) -> None:
        same_text(model, {k: v for k, v in facts.items() if k != "doctrine"}, doctrine)

    check()


def test_every_case_file_gives_the_dumped_run_json() -> None:
    model = dmnlaw.load()
    files = case_files(ROOT / "cases")
    assert files
    for path in files:
        case = read_case(path)
        for doctrine in ("judicial", "restrictive"):
            same_text(model, case.facts, doctrine, case)


def corner_model() -> str:
    """Tables that warn (no rule, two UNIQUE rules, an output outside its values), a
    COLLECT table (hits recorded by the table object), outputs of mixed types (1 and
    true), several outputs, a context with a table inside, and an input that needs
    converting, all in one model."""
    def table(name: str, hit: str, inputs: list[str], rules: list[tuple[list[str], list[str]]],
              outputs: list[str], output_values: str | None = None, agg: str = "") -> str:
        cols = "".join(f"<input><inputExpression><text>{escape(i)}</text></inputExpression></input>"
                       for i in inputs)
        ov = f"<outputValues><text>{escape(output_values)}</text></outputValues>" if output_values else ""
        outs = "".join(f'<output name="{o}">{ov}</output>' for o in outputs)
        body = "".join(f'<rule id="{name}_{k}">'
                       + "".join(f"<inputEntry><text>{escape(c)}</text></inputEntry>" for c in ins)
                       + "".join(f"<outputEntry><text>{escape(o)}</text></outputEntry>" for o in outs_)
                       + f"<annotationEntry><text>rule {k} of {name} «%s»</text></annotationEntry></rule>"
                       for k, (ins, outs_) in enumerate(rules, 1))
        return (f'<decisionTable hitPolicy="{hit}"{agg}>{cols}{outs}'
                f'<annotation name="理由"/>{body}</decisionTable>')

    def decision(name: str, reqs: list[str], body: str, type_ref: str = "") -> str:
        req = "".join(f'<informationRequirement><required{"Input" if r in ("n", "s", "when") else "Decision"} '
                      f'href="#{r}"/></informationRequirement>' for r in reqs)
        var = f'<variable name="{name}"{f" typeRef={chr(34)}{type_ref}{chr(34)}" if type_ref else ""}/>'
        return f'<decision id="{name}" name="{name}" label="标签 {name}">{var}{req}{body}</decision>'

    inputs = ('<inputData id="n" name="n"><variable name="n" typeRef="number"/></inputData>'
              '<inputData id="s" name="s"><variable name="s" typeRef="string"/></inputData>'
              '<inputData id="when" name="when"><variable name="when" typeRef="date"/></inputData>')
    mixed = table("mixed", "UNIQUE", ["n"], [(["< 0"], ["1"]), (["[0..10]"], ["true"]),
                                              (["[5..20]"], ['"five to twenty"']), (["> 100"], ["null"])], ["o"])
    collect = table("collect", "COLLECT", ["s"], [(['"a"'], ['"x"']), (['"a","b"'], ['"y"']), (["-"], ['"z"'])], ["o"])
    several = table("several", "FIRST", ["n", "when"],
                    [(["< 10", '< date("2020-01-01")'], ['"low"', "n * 1.5"]),
                     (["-", "-"], ['"other"', '"out of range"'])], ["label", "value"],
                    output_values=None)
    # The same rule (the same mask) with outputs true and 1, which are equal in Python.
    computed = table("computed", "UNIQUE", ["n"], [(["-"], ["if n > 3 then true else 1"])], ["o"])
    checked = table("checked", "FIRST", ["s"], [(['"a"'], ['"allowed"']), (["-"], ['"not allowed"'])],
                    ["o"], output_values='"allowed"')
    ctx = ('<context><contextEntry><variable name="inner"/>'
           + table("ctx.inner", "FIRST", ["n"], [(["> 3"], ['"big"']), (["-"], ['"small"'])], ["o"])
           + '</contextEntry><contextEntry><variable name="sum"/><literalExpression><text>n + 1</text>'
           '</literalExpression></contextEntry><contextEntry><variable name="list"/><literalExpression>'
           '<text>[n, s, when, {"k": n}]</text></literalExpression></contextEntry></context>')
    return (f'<definitions xmlns="{NS}" id="m" name="m" namespace="http://example.com/c">{inputs}'
            + decision("mixed", ["n"], mixed) + decision("computed", ["n"], computed) + decision("collect", ["s"], collect)
            + decision("several", ["n", "when"], several) + decision("checked", ["s"], checked)
            + decision("ctx", ["n", "s", "when"], ctx)
            + decision("uses", ["mixed", "ctx", "several"],
                       '<literalExpression><text>if mixed = true then ctx.sum else several.value'
                       '</text></literalExpression>', "number")
            + "</definitions>")


@pytest.fixture(scope="module")
def corners(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("corners") / "m.dmn"
    path.write_text(corner_model(), encoding="utf-8")
    return dmnlaw.load(path, cache=False)


CORNER_FACTS = [
    {}, {"n": -3}, {"n": 3, "s": "a", "when": "2019-05-01"}, {"n": 7, "s": "b"}, {"n": 150, "s": "c"},
    {"n": 12, "when": "2021-01-01"}, {"n": Decimal("7.25")}, {"n": 10**40}, {"s": "a"},
    {"n": 5, "s": "引号\"%s"}, {"n": 1.5}, {"n": True}, {"when": "2020-01-01T10:00:00"},
]


@pytest.mark.parametrize("facts", CORNER_FACTS, ids=range(len(CORNER_FACTS)))
def test_corners_give_the_dumped_run_json(corners: Any, facts: dict[str, Any]) -> None:
    same_text(corners, facts)


def test_corners_under_generated_facts(corners: Any) -> None:
    @BUDGET
    @given(facts=facts_for(corners))
    def check(facts: dict[str, Any]) -> None:
        same_text(corners, facts)

    check()


def test_corners_reach_what_they_are_for(corners: Any) -> None:
    """The corner model does warn, select no rule, record Hit objects, mix output types."""
    from dmnlaw.dmn import tables

    texts = []
    hits = []
    for facts in CORNER_FACTS:
        try:
            result = evaluate_case(corners, Case("c.json", "t", facts), "judicial")
        except dmnlaw.DmnlawError:
            continue
        hits += result._record.hits
        texts.append(run_json_text(corners, Case("c.json", "t", facts), "judicial", result))
    assert {type(h) for h in hits} == {tables.Hit, tuple}
    assert any(type(h) is tuple and type(h[2]) is int for h in hits)  # a mask
    joined = "".join(texts)
    assert '"warnings":["' in joined
    assert '"output":1,' in joined and '"output":true,' in joined
    assert '"selected":[]' in joined


# --- results whose trace is not (only) the raw record -----------------------------------------

def test_a_result_whose_trace_was_read_set_or_never_recorded(corners: Any) -> None:
    model = dmnlaw.load(cache=False)
    case = Case("c.json", "t", {"actor_kind": "unit", "conduct_date": "2016-06-30"})
    want = dumped(model, case, "judicial", evaluate_case(model, case, "judicial"))
    read = evaluate_case(model, case, "judicial")
    read.trace, read.missing_facts  # noqa: B018 - built before the text
    assert run_json_text(model, case, "judicial", read) == want
    changed = evaluate_case(model, case, "judicial")
    changed.trace = [TraceEntry("x", "y", {"a": Decimal("1.5")}, {"b": [1, None]})]
    changed.missing_facts = ["a"]
    assert run_json_text(model, case, "judicial", changed) == dumped(model, case, "judicial", changed)
    untraced = evaluate_case(model, case, "judicial", trace=False)
    assert run_json_text(model, case, "judicial", untraced) == dumped(model, case, "judicial", untraced)
    assert '"trace":[]' in run_json_text(model, case, "judicial", untraced)


def test_a_reference_json_cannot_write_fails_as_json_fails() -> None:
    model = dmnlaw.load()
    case = Case("c.json", "t", {}, reference=Decimal("1.5"))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        dumped(model, case, "judicial", evaluate_case(model, case, "judicial"))
    with pytest.raises(TypeError):
        run_json_text(model, case, "judicial", evaluate_case(model, case, "judicial"))


def test_the_slow_exact_entries_and_tiny_caches_write_the_same(corners: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries written from TraceEntry objects (a requirement named like an import prefix,
    see _DecisionText.exact) and caches that keep nothing give the same text."""
    model = dmnlaw.load(cache=False)
    cases = [Case("c.json", "t", facts) for facts in
             ({}, {"actor_kind": "unit", "conduct_date": "2016-06-30", "orders_refused_2y": 2})]
    want = {id(c): dumped(model, c, "restrictive", evaluate_case(model, c, "restrictive")) for c in cases}
    monkeypatch.setattr(runjson, "CACHED_HITS", 0)
    monkeypatch.setattr(runjson, "CACHED_DECIMALS", 0)
    monkeypatch.setattr(runjson, "_PLANS", type(runjson._PLANS)())
    for c in cases:
        assert run_json_text(model, c, "restrictive", evaluate_case(model, c, "restrictive")) == want[id(c)]
    for writer in runjson._PLANS.values():
        assert not writer.hit_texts and not writer.whole_hits
        for step in writer.steps:
            if not isinstance(step, tuple):
                step.exact = False
    for c in cases:
        assert run_json_text(model, c, "restrictive", evaluate_case(model, c, "restrictive")) == want[id(c)]
    # The plan without its shortcuts at all: written from the record's entries.
    for writer in runjson._PLANS.values():
        writer.simple = False
    for c in cases:
        assert run_json_text(model, c, "restrictive", evaluate_case(model, c, "restrictive")) == want[id(c)]


def test_what_is_kept_per_program_lets_the_model_go() -> None:
    import gc
    import weakref

    def run_once() -> list[weakref.ref]:
        model = dmnlaw.load(cache=False)
        case = Case("c.json", "t", {"actor_kind": "unit"})
        result = evaluate_case(model, case, "judicial")
        run_json_text(model, case, "judicial", result)
        assert result._record.plan in runjson._PLANS
        return [weakref.ref(model), weakref.ref(model.compiled), weakref.ref(result._record.plan)]

    refs = run_once()
    gc.collect()
    assert [r() for r in refs] == [None, None, None]
