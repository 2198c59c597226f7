"""Evaluation programs (dmnlaw.dmn.program) against the plain evaluator they replace.

``reference_evaluate`` is Model.evaluate as it was before programs: check the facts, walk
the decisions with :func:`dmnlaw.evaluate.run`, build the trace and the missing facts on
the spot. Every program — traced or not, strict or not — must give the same values, the
same trace (entries, tables, rules, warnings, column values), the same missing facts and
the same errors, over generated facts for the benchmark tables, some TCK models, models
written here to reach the corners (overlapping UNIQUE rules, input and output values,
defaults, several outputs, negations, number ranges at float boundaries) and the bundled
legal model. The compiled-model cache (dmnlaw.cache) must give back a model that does
the same, and must ignore an entry it cannot trust.
"""
from __future__ import annotations

import os
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dmnlaw
from dmnlaw import cache
from dmnlaw.cases import jsonable
from dmnlaw.dmn.drg import evaluation_order
from dmnlaw.errors import CaseError
from dmnlaw.evaluate import Result, TraceRecord, run
from dmnlaw.explain import missing_facts
from dmnlaw.feel.values import from_python
from strategies import facts_for as shared_facts_for

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "models"
TCK = ROOT.parent / "shared" / "tck"
NS = "https://www.omg.org/spec/DMN/20191111/MODEL/"

BUDGET = settings(max_examples=60, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.function_scoped_fixture])


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test here with its own cache folder (never the user's)."""
    folder = tmp_path_factory.mktemp("cache") / "dmnlaw"
    monkeypatch.setenv("DMNLAW_CACHE_DIR", str(folder))
    monkeypatch.delenv("DMNLAW_CACHE", raising=False)
    return folder


# --- the reference ------------------------------------------------------------------------

def reference_evaluate(model: Any, facts: dict | None = None, decisions: Any = None,
                       trace: bool = True, strict: bool = True) -> Result:
    """Model.evaluate before evaluation programs (kept here verbatim as the yardstick)."""
    facts = {**model.defaults, **(facts or {})} if model.defaults else (facts or {})
    values = model.check_facts(facts) if strict else {k: from_python(v) for k, v in facts.items()}
    targets = tuple(decisions) if decisions is not None else tuple(model.decisions)
    keys = []
    for name in targets:
        if name not in model.decisions:
            raise CaseError(f"the model has no decision '{name}'")
        keys.append(model.decisions[name])
    order = evaluation_order(model.graph, keys)
    node_values, entries = run(model.compiled, order, values, trace, checked=strict)
    out = {}
    for key in order:
        dec = model.compiled.decisions.get(key)
        if dec is not None:
            out[dec.name] = node_values.get(key)
    if trace:
        concl = [k for k in model.conclusions if k in node_values]
        hits = {e.key: e.hits for e in entries if e.key}
        missing = missing_facts(model.compiled, node_values, hits, concl)
    else:   # the missing facts do not depend on whether the trace was asked for
        missing = reference_evaluate(model, facts, decisions, True, strict).missing_facts
    return Result(out, entries, missing)


def outcome(evaluate: Any) -> tuple:
    """Everything a caller can see of one evaluation, comparable with ==."""
    try:
        r = evaluate()
    except CaseError as e:
        return ("error", str(e))
    return ("ok", repr(dict(r)), [repr(t.as_dict()) for t in r.trace], r.missing_facts,
            [(t.decision, t.key, t.table, t.matched, t.selected, t.rule_ids,
              repr(t.column_values), t.warnings) for t in r.trace])


def same_as_reference(model: Any, facts: dict, decisions: Any = None) -> None:
    for strict in (True, False):
        for trace in (True, False):
            got = outcome(lambda: model.evaluate(facts, decisions, trace=trace, strict=strict))
            want = outcome(lambda: reference_evaluate(model, facts, decisions, trace=trace, strict=strict))
            assert got == want, (facts, decisions, trace, strict)


# --- generated facts ----------------------------------------------------------------------

def _numbers_in(model: Any) -> list[Decimal]:
    """Every number written in the model's expressions and cells, to test at and around."""
    found: set[Decimal] = set()
    for d in model.files:
        for text in re.findall(r"<text>(.*?)</text>", Path(d.file).read_text(encoding="utf-8"), re.S):
            found.update(Decimal(n) for n in re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?", text))
    return sorted(found)[:40]


def facts_for(model: Any) -> st.SearchStrategy[dict[str, Any]]:
    """Facts over the model's inputs (tests/strategies.py) with numbers at every literal of its
    tables (as int, float and Decimal, one below and above), and now and then a value of the
    wrong type or an unknown fact."""
    edges = _numbers_in(model) or [Decimal(0)]
    numbers = st.one_of(
        st.sampled_from(edges).flatmap(lambda e: st.sampled_from(
            [int(e) if e == e.to_integral_value() else float(e), float(e), e, e - 1, e + 1,
             float(e) + 0.5, float(e) - 1e-9, e + Decimal("0.001")])),
        st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=64))
    return shared_facts_for(model, numbers=numbers, unknown=True)


def models() -> dict[str, list[Path]]:
    out = {name: [BENCH / f"{name}.dmn"] for name in ("first_table", "unique_table", "drg")}
    for folder in ("compliance-level-2/0004-simpletable-U", "compliance-level-2/0108-first-hitpolicy",
                   "compliance-level-2/0117-multi-any-hitpolicy", "compliance-level-3/0004-lending",
                   "compliance-level-3/0017-tableTests", "compliance-level-3/0020-vacation-days",
                   "compliance-level-3/0087-chapter-11-example"):
        path = TCK / folder
        if path.is_dir():
            out[path.name] = sorted(path.glob("*.dmn"))
    return out


MODELS = models()


@pytest.mark.parametrize("name", sorted(MODELS))
def test_programs_give_what_the_plain_evaluator_gives(name: str) -> None:
    model = dmnlaw.load(*MODELS[name], cache=False)

    @BUDGET
    @given(facts=facts_for(model))
    def check(facts: dict[str, Any]) -> None:
        same_as_reference(model, facts)

    check()


def test_the_legal_model_gives_what_the_plain_evaluator_gives() -> None:
    model = dmnlaw.load(cache=False)

    @settings(BUDGET, max_examples=40)
    @given(facts=facts_for(model), doctrine=st.sampled_from(["judicial", "restrictive"]))
    def check(facts: dict[str, Any], doctrine: str) -> None:
        facts = {**facts, "doctrine": doctrine} if "doctrine" in model.inputs else facts
        same_as_reference(model, facts)

    check()


def test_a_subset_of_decisions_and_unknown_ones() -> None:
    model = dmnlaw.load(BENCH / "drg.dmn", cache=False)
    facts = {"category": "A", "channel": "web", "amount": 60000, "member": False}
    same_as_reference(model, facts, ["risk"])
    same_as_reference(model, facts, ("score", "risk"))
    same_as_reference(model, facts, [])
    same_as_reference(model, facts, ["no such decision"])
    same_as_reference(model, {"category": "Z"}, ["no such decision"])  # the fact's error first


# --- corners, in models written here --------------------------------------------------------

def table_model(hit_policy: str, inputs: list[tuple[str, str, str | None]], rules: list[tuple[list[str], list[str]]],
                outputs: list[tuple[str, str | None, str | None]], out_type: str | None = None) -> str:
    """One decision table ``d`` over input data (name, typeRef, input values)."""
    from xml.sax.saxutils import escape

    data = "".join(f'<inputData id="{n}" name="{n}"><variable name="{n}" typeRef="{t}"/></inputData>'
                   for n, t, _ in inputs)
    reqs = "".join(f'<informationRequirement><requiredInput href="#{n}"/></informationRequirement>'
                   for n, _, _ in inputs)
    ins = "".join(f'<input><inputExpression typeRef="{t}"><text>{n}</text></inputExpression>'
                  + (f"<inputValues><text>{escape(v)}</text></inputValues>" if v else "") + "</input>"
                  for n, t, v in inputs)
    outs = "".join(f'<output name="{n}">' + (f"<outputValues><text>{escape(v)}</text></outputValues>" if v else "")
                   + (f"<defaultOutputEntry><text>{escape(dflt)}</text></defaultOutputEntry>" if dflt else "")
                   + "</output>" for n, v, dflt in outputs)
    body = "".join("<rule>" + "".join(f"<inputEntry><text>{escape(c)}</text></inputEntry>" for c in cells)
                   + "".join(f"<outputEntry><text>{escape(o)}</text></outputEntry>" for o in outs_)
                   + "</rule>" for cells, outs_ in rules)
    var = f'<variable name="d" typeRef="{out_type}"/>' if out_type else ""
    return (f'<definitions xmlns="{NS}" id="m" name="m" namespace="http://example.com/p">{data}'
            f'<decision id="d" name="d">{var}{reqs}<decisionTable hitPolicy="{hit_policy}">'
            f"{ins}{outs}{body}</decisionTable></decision></definitions>")


CORNERS = {
    "unique overlapping": table_model(
        "UNIQUE", [("s", "string", None), ("n", "number", None)],
        [(['"a"', "< 10"], ['"low a"']), (['"a","b"', "[5..20]"], ['"mid"']), (["-", "> 15"], ['"high"']),
         (['not("a")', "-"], ['"not a"']), (["null", "null"], ['"nothing"'])],
        [("o", None, None)], "string"),
    "first with values": table_model(
        "FIRST", [("s", "string", '"a","b","c"'), ("b", "boolean", None), ("n", "number", None)],
        [(['"a"', "true", ">= 0.1"], ['"x"']), (['"b"', "-", "(0.1..1e3]"], ['"y"']),
         (["-", "false", "<= -5, null"], ['"z"']), (['"c"', "-", "-"], ['"w"'])],
        [("o", '"x","y","z"', '"none"')], "string"),
    "several outputs": table_model(
        "UNIQUE", [("s", "string", None), ("when", "date", None)],
        [(['"a"', '< date("2020-01-01")'], ['"old"', "1"]), (['"a"', '>= date("2020-01-01")'], ['"new"', "2"]),
         (['"b"', "-"], ['s + "!"', "3"])],
        [("label", None, None), ("code", None, '0')]),
    "rule order": table_model(
        "RULE ORDER", [("n", "number", None)],
        [(["< 10"], ['"small"']), (["< 100"], ['"medium"']), (["-"], ['"any"'])],
        [("o", None, None)]),
}


@pytest.mark.parametrize("name", sorted(CORNERS))
def test_corners_give_what_the_plain_evaluator_gives(name: str, tmp_path: Path) -> None:
    path = tmp_path / "m.dmn"
    path.write_text(CORNERS[name], encoding="utf-8")
    model = dmnlaw.load(path, cache=False)

    @BUDGET
    @given(facts=facts_for(model))
    def check(facts: dict[str, Any]) -> None:
        same_as_reference(model, facts)

    check()


def test_a_unique_violation_is_still_an_error_result(tmp_path: Path) -> None:
    path = tmp_path / "m.dmn"
    path.write_text(CORNERS["unique overlapping"], encoding="utf-8")
    model = dmnlaw.load(path, cache=False)
    for trace in (True, False):
        result = model.evaluate({"s": "a", "n": 7}, trace=trace)
        assert result["d"] is None
    [entry] = model.evaluate({"s": "a", "n": 7}).trace
    assert entry.matched == [1, 2] and entry.selected == []
    assert entry.warnings == ["table 'd': hit policy UNIQUE violated, rules 1, 2 all match"]
    # One rule matching is selected; rules that cannot overlap are never both matched.
    [entry] = model.evaluate({"s": "a", "n": 3}).trace
    assert entry.output == "low a" and entry.matched == entry.selected == [1]


def test_unusual_values_of_untyped_inputs(tmp_path: Path) -> None:
    """Unchecked facts of an untyped input reach the cells as given: a str subclass, a
    number where strings are tested, a context, a list."""

    class Label(str):
        pass

    xml = table_model("FIRST", [("s", "Any", None), ("n", "Any", None)],
                      [(['"a","b","c"', "-"], ['"abc"']), (['not("a","x")', "> 1"], ['"not a"']),
                       (["-", "[1..5]"], ['"num"']), (["null", "-"], ['"null"'])],
                      [("o", None, None)])
    path = tmp_path / "m.dmn"
    path.write_text(xml.replace(' typeRef="Any"', ""), encoding="utf-8")
    model = dmnlaw.load(path, cache=False)
    for s in (Label("a"), Label("q"), "b", "q", Decimal(2), 3, {"a": 1}, [1], None, True):
        for n in (Decimal(3), 2.5, "a", None):
            for trace in (True, False):
                got = outcome(lambda: model.evaluate({"s": s, "n": n}, trace=trace, strict=False))
                want = outcome(lambda: reference_evaluate(model, {"s": s, "n": n}, trace=trace, strict=False))
                assert got == want, (s, n, trace)


def test_the_trace_is_read_only_when_asked_for() -> None:
    model = dmnlaw.load(BENCH / "drg.dmn", cache=False)
    result = model.evaluate({"category": "A", "channel": "web", "amount": 5, "member": True})
    assert isinstance(result._record, TraceRecord) and getattr(result, "_trace", None) is None  # noqa: SLF001
    assert [t.decision for t in result.trace] == ["risk", "score", "offer"]
    assert result._trace is result.trace  # built once  # noqa: SLF001
    untraced = model.evaluate({"amount": 5}, trace=False)
    assert untraced.trace == [] and dict(untraced)["risk"] == "low"
    assert untraced.missing_facts == model.evaluate({"amount": 5}).missing_facts


# --- the compiled-model cache ---------------------------------------------------------------

def test_a_cached_model_evaluates_as_the_model_it_was_compiled_from(private_cache: Path) -> None:
    fresh = dmnlaw.load(cache=False)
    dmnlaw.load()  # compiles and stores
    assert any(private_cache.glob("*.model"))
    paths = [str(dmnlaw.api.bundled_model_path())]
    assert cache.load_cached(paths) is not None
    cached = dmnlaw.load()
    assert cached.compiled is not fresh.compiled and cached._programs  # noqa: SLF001
    case = {"doctrine": "judicial", "conduct_date": "2018-03-01", "service": "network_access",
            "actor_kind": "unit", "illegal_videos": 250, "helped_crime_status": "unverifiable"}
    for facts in (case, {}, {**case, "doctrine": "restrictive", "illegal_videos": 199.5}):
        for trace in (True, False):
            assert outcome(lambda: cached.evaluate(facts, trace=trace)) == \
                outcome(lambda: reference_evaluate(fresh, facts, trace=trace))
    assert cached.sha256 == fresh.sha256
    assert sorted(cached.graph.nodes) == sorted(fresh.graph.nodes)


def test_an_entry_that_does_not_verify_is_ignored(private_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "m.dmn"
    path.write_text(CORNERS["rule order"], encoding="utf-8")
    dmnlaw.load(path)
    [entry] = private_cache.glob("*.model")
    assert cache.load_cached([str(path)]) is not None
    blob = bytearray(entry.read_bytes())
    blob[-10] ^= 0xFF  # one byte of the payload changed: the signature no longer holds
    entry.write_bytes(bytes(blob))
    assert cache.load_cached([str(path)]) is None
    assert dict(dmnlaw.load(path).evaluate({"n": 5})) == {"d": ["small", "medium", "any"]}


def test_a_changed_file_or_foreign_folder_is_not_used(private_cache: Path, tmp_path: Path) -> None:
    path = tmp_path / "m.dmn"
    path.write_text(CORNERS["rule order"], encoding="utf-8")
    dmnlaw.load(path)
    path.write_text(CORNERS["rule order"].replace('"small"', '"tiny"'), encoding="utf-8")
    assert cache.load_cached([str(path)]) is None
    assert dmnlaw.load(path).evaluate({"n": 5})["d"][0] == "tiny"
    if hasattr(os, "getuid"):
        private_cache.chmod(0o777)  # others could have written it: not trusted
        assert cache.load_cached([str(path)]) is None
        private_cache.chmod(0o700)
    assert cache.load_cached([str(path)]) is not None


def test_the_cache_can_be_switched_off(private_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.dmn"
    path.write_text(CORNERS["rule order"], encoding="utf-8")
    monkeypatch.setenv("DMNLAW_CACHE", "0")
    dmnlaw.load(path)
    assert not list(private_cache.glob("*.model"))


def test_run_json_is_the_same_from_the_cache(private_cache: Path) -> None:
    from dmnlaw.cases import Case, run_json

    case = Case("c.json", "t", {"conduct_date": "2017-06-01", "service": "storage", "illegal_items": 2500})
    fresh = dmnlaw.load(cache=False)
    dmnlaw.load()
    cached = dmnlaw.load()
    for doctrine in ("judicial", "restrictive"):
        facts = {**case.facts, "doctrine": doctrine}
        a = run_json(fresh, case, doctrine, fresh.evaluate(facts))
        b = run_json(cached, case, doctrine, cached.evaluate(facts))
        assert jsonable(a) == jsonable(b)


def test_a_result_is_a_dict_that_pickles_with_its_values_and_missing_facts() -> None:
    import json
    import pickle

    model = dmnlaw.load(ROOT / "decisions")
    result = model.evaluate({"service": "network_access", "actor_kind": "individual"})
    assert isinstance(result, dict) and set(result) == set(model.decisions)
    assert json.loads(json.dumps(result, default=str)).keys() == result.keys()
    back = pickle.loads(pickle.dumps(result))
    assert dict(back) == dict(result) and repr(back).startswith("Result({")
    assert back.trace == []  # the trace refers to the compiled model and stays behind
    assert back.missing_facts == result.missing_facts and result.missing_facts


def test_a_literal_of_constant_outcomes_is_not_coerced_at_run_time(tmp_path: Path) -> None:
    # offer = if ... then "decline" else ...: every outcome is a constant of its type, so the
    # program leaves out the check; a value outside the type still becomes null + warning.
    model = dmnlaw.load(BENCH / "drg.dmn", cache=False)
    for facts in ({"category": "A", "channel": "web", "amount": 5, "member": True},
                  {"category": "D", "channel": "phone", "amount": 90000, "member": False}):
        got = model.evaluate(facts)
        want = reference_evaluate(model, facts, trace=True, strict=True)
        assert dict(got) == dict(want) and got["offer"] in ("decline", "premium", "standard", "basic")


@pytest.mark.parametrize("hit_policy", ["FIRST", "UNIQUE"])
def test_a_table_too_long_to_inline_runs_as_the_table_object(tmp_path: Path, hit_policy: str) -> None:
    # Python's compiler refuses an elif chain of a few thousand branches, and the inlined
    # forms compare rules pairwise: such a table runs as the table object, same answers.
    from dmnlaw.dmn import program

    n = max(program._INLINE_RULES + 1, 5000)  # noqa: SLF001
    rules = "".join(f'<rule id="r{i}"><inputEntry><text>[{i}..{i + 1})</text></inputEntry>'
                    f'<outputEntry><text>"o{i}"</text></outputEntry></rule>' for i in range(n))
    path = tmp_path / "long.dmn"
    path.write_text(
        f'<definitions xmlns="{NS}" id="d" name="d" namespace="http://x">'
        '<inputData id="x" name="x"><variable name="x" typeRef="number"/></inputData>'
        '<decision id="t" name="t"><informationRequirement><requiredInput href="#x"/>'
        f'</informationRequirement><decisionTable id="dt" hitPolicy="{hit_policy}"><input id="i">'
        '<inputExpression typeRef="number"><text>x</text></inputExpression></input>'
        f'<output id="o" typeRef="string"/>{rules}</decisionTable></decision></definitions>')
    model = dmnlaw.load(path, cache=False)
    for x in (0, 1.5, n - 1, n, -1, None):
        for trace in (True, False):
            got = outcome(lambda: model.evaluate({"x": x}, trace=trace))
            want = outcome(lambda: reference_evaluate(model, {"x": x}, trace=trace, strict=True))
            assert got == want, (x, trace)
    assert model.evaluate({"x": n - 1}, trace=False)["t"] == f"o{n - 1}"
