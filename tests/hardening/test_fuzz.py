"""Fuzzing with hypothesis, on a bounded budget (a few seconds for the whole file).

1. FEEL: expressions generated from a small grammar (well-typed or not, deep or not) and
   token soup. Compiling may only raise dmnlaw's own errors; evaluating never raises: a
   problem is null with a warning.
2. The bundled legal model over the contract's fact values (DESIGN §2): every decision
   gets a legal value, "undetermined" or null — never a crash. Skipped until decisions/
   holds the model.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dmnlaw import feel
from dmnlaw.errors import DmnlawError

BUDGET = settings(max_examples=250, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --- 1. FEEL -------------------------------------------------------------------------------

NAMES = ["x", "s", "l", "d"]
SCOPE = {"x": Decimal(3), "s": "abc", "l": [Decimal(1), Decimal(2), None], "d": dt.date(2020, 2, 29)}

numbers = st.one_of(
    st.integers(-10**6, 10**6).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=4).map(lambda d: str(abs(d))),
    st.sampled_from(["0", "1e3", "1.5E-3", "9" * 40, "0.000001", "1e6144", "1e-6176"]),
)
strings = st.text(alphabet=st.sampled_from(list('ab 中"\\\n.*+?()[]{}|^$')), max_size=8).map(
    lambda t: '"' + t.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"')
temporals = st.sampled_from(['@"2020-02-29"', '@"2020-01-01T10:00:00@Europe/Paris"', '@"P1Y2M"',
                             '@"PT5H"', '@"10:30:00+01:00"', 'date("2019-13-01")',
                             'date and time("2020-01-01T00:00:00")', 'duration("P1D")', '@"bad"'])
atoms = st.one_of(numbers, strings, temporals,
                  st.sampled_from(["true", "false", "null", "x", "s", "l", "d", "unknown_name", "?"]))

BINARY = ["+", "-", "*", "/", "**", "=", "!=", "<", "<=", ">", ">=", "and", "or"]
FUNCTIONS = {  # name: arity
    "abs": 1, "floor": 1, "decimal": 2, "sum": 1, "count": 1, "min": 1, "max": 1, "mean": 1,
    "string length": 1, "substring": 2, "upper case": 1, "contains": 2, "matches": 2,
    "replace": 3, "split": 2, "string join": 2, "number": 1, "string": 1, "date": 1,
    "duration": 1, "years and months duration": 2, "append": 2, "reverse": 1, "sort": 1,
    "distinct values": 1, "flatten": 1, "index of": 2, "sublist": 3, "list contains": 2,
    "get value": 2, "context put": 3, "is": 2, "day of week": 1, "before": 2, "includes": 2,
    "round half up": 2, "modulo": 2, "sqrt": 1, "log": 1, "exp": 1, "odd": 1, "now": 0,
}


def compound(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    lists = st.lists(children, max_size=3)
    return st.one_of(
        st.tuples(children, st.sampled_from(BINARY), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"-({c})"),
        children.map(lambda c: f"not({c})"),
        st.tuples(children, children, children).map(lambda t: f"if {t[0]} then {t[1]} else {t[2]}"),
        lists.map(lambda xs: "[" + ", ".join(xs) + "]"),
        lists.map(lambda xs: "{" + ", ".join(f"k{i}: {x}" for i, x in enumerate(xs)) + "}"),
        st.tuples(children, children).map(lambda t: f"({t[0]})[{t[1]}]"),
        children.map(lambda c: f"({c}).k0"),
        st.tuples(children, children).map(lambda t: f"({t[0]}) in ({t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"({t[0]}) between ({t[1]}) and ({t[2]})"),
        st.tuples(children, st.sampled_from(["number", "string", "list<number>", "date", "Any"])).map(
            lambda t: f"({t[0]}) instance of {t[1]}"),
        st.tuples(st.sampled_from(["[", "("]), children, children, st.sampled_from(["]", ")"])).map(
            lambda t: f"{t[0]}{t[1]}..{t[2]}{t[3]}"),
        st.tuples(children, children).map(lambda t: f"for i in {t[0]} return {t[1]}"),
        st.tuples(st.sampled_from(["some", "every"]), children, children).map(
            lambda t: f"{t[0]} i in {t[1]} satisfies {t[2]}"),
        st.tuples(children, children).map(lambda t: f"(function(a, b) {t[0]})({t[1]}, 1)"),
        st.sampled_from(sorted(FUNCTIONS)).flatmap(
            lambda f: st.lists(children, min_size=FUNCTIONS[f], max_size=FUNCTIONS[f]).map(
                lambda args: f"{f}({', '.join(args)})")),
    )


expressions = st.recursive(atoms, compound, max_leaves=12)
TOKENS = list("x1 .,()[]{}<>=!+-*/\"?:@") + ["and", "or", "if", "then", "else", "for", "in", "return",
                                              "some", "every", "satisfies", "function", "between",
                                              "instance", "of", "null", "..", "not(", "e9999"]


def compile_and_run(text: str) -> None:
    """Compile ``text``; only a DmnlawError may escape; evaluating must not raise at all."""
    try:
        fn = feel.compile_expression(text, NAMES)
    except DmnlawError:
        return
    warnings: list[str] = []
    fn(SCOPE, warnings)  # any exception here fails the test
    assert not any(w.startswith("internal error") for w in warnings), (text, warnings)


@BUDGET
@given(expressions)
def test_generated_expressions_compile_or_fail_cleanly_and_never_raise(text):
    compile_and_run(text)


@BUDGET
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join))
def test_token_soup_is_a_syntax_error_or_a_value(text):
    compile_and_run(text)


@BUDGET
@given(st.lists(expressions, min_size=1, max_size=3).map(", ".join))
def test_generated_unary_tests_never_raise(text):
    try:
        fn = feel.compile_unary_tests(text, NAMES)
    except DmnlawError:
        return
    for value in (None, Decimal(2), "abc", True, [Decimal(1)], dt.date(2020, 1, 1)):
        fn({**SCOPE, "?": value})


# --- 2. The bundled legal model over the contract's values ----------------------------------

DECISIONS = Path(__file__).resolve().parents[2] / "decisions"
U = "undetermined"

# DESIGN §2, input data: fact → the values a case may give.
SERVICES = ["network_access", "domain_resolution", "computing", "storage", "transmission", "caching",
            "information_publishing", "search_engine", "linking", "instant_messaging",
            "online_payment", "online_booking", "online_shopping", "online_gaming", "live_streaming",
            "website_building", "security_protection", "advertising", "app_store", "e_government",
            "telecommunications", "energy", "transport", "water_conservancy", "finance",
            "education", "healthcare", "none"]
ENUMS = {
    "actor_kind": ["unit", "individual", "unit_manager"],
    "service": SERVICES,
    "content_role": ["none", "paid_ranking", "embedded_link", "own_content"],
    "info_category": ["national_or_public_security", "obscene", "fraud", "gambling", "infringing",
                      "other_illegal", "none"],
    "duty_breached": ["security_measures", "log_retention", "real_name_verification",
                      "technical_assistance", "user_info_protection", "illegal_info_handling",
                      "content_review", "none"],
    "duty_source": ["law", "administrative_regulation", "departmental_rule", "policy_document", "none"],
    "order_issuer": ["cyberspace_administration", "telecom_authority", "public_security",
                     "other_regulator", "private_party", "none"],
    "order_form": ["written", "oral", "none"],
    "response_to_order": ["complied", "partially_complied", "refused", "none"],
    "evidence_loss": ["none", "grave_crime_case", "five_years_plus_case", "repeated",
                      "proceedings_seriously_affected", "other"],
    "other_serious_circumstance": ["none", "logs_or_real_name_mostly_missing", "service_mainly_for_crime",
                                   "used_for_attacks", "used_for_grave_crime", "public_network_damaged",
                                   "other"],
    "knowledge_of_illegal_info": ["actual", "should_have_known", "none"],
    "mistake": ["none", "fact", "law"],
    "help_type": ["internet_access", "server_hosting", "network_storage", "communication_transmission",
                  "advertising", "payment_settlement", "other_technical_support", "none"],
    "knew_of_crime": ["specific", "general", "none"],
    "helped_crime_status": ["established", "unverifiable", "not_established"],
    "helped_crime": ["诈骗罪", "开设赌场罪", "侵犯公民个人信息罪"],
    "other_offence": ["none", "开设赌场罪", "诈骗罪"],
}
BOOLEANS = ["order_lawful_and_specific", "able_to_comply", "leak_grave_harm", "after_regulator_notice",
            "after_report", "abnormal_price_or_method", "tool_for_crime", "evasion_measures",
            "helps_evade_investigation", "counter_evidence", "conspired", "violates_industry_rules",
            "dedicated_to_crime", "deep_participation", "prior_penalty_2y",
            "helped_crime_grave_consequences", "helped_crime_especially_grave", "other_offence_heavier"]
NUMBERS = ["orders_refused_2y", "illegal_videos", "illegal_items", "recipient_accounts", "group_members",
           "followers", "clicks", "leaked_sensitive_records", "leaked_safety_records",
           "leaked_other_records", "helped_objects", "settlement_amount", "ad_funding", "illegal_gains"]
# Numbers near the thresholds of 《解释》第3、4、12条, and anything else.
THRESHOLDS = [0, 1, 2, 3, 4, 5, 10, 20, 30, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000,
              100000, 200000, 500000, 1000000, 5000000]
numbers_of_things = st.one_of(st.sampled_from(THRESHOLDS),
                              st.sampled_from(THRESHOLDS).map(lambda n: max(0, n - 1)),
                              st.integers(0, 10**8), st.decimals(0, 10**6, places=2))

# DESIGN §2, decisions: name → legal values (a context: field → legal values); None: any string.
BOOL = {True, False}
CONTRACT = {
    "temporal_scope": {"applicable", "not_applicable"},
    "subject_qualification": {"provider_category": {"technical", "application", "public_service", "none"},
                              "provider_role": {"access", "intermediate", "platform", "content", "none"},
                              "qualified": BOOL,
                              "liable_as": {"unit", "individual", "responsible_person"}},
    "duty_scope": {"duty_established": BOOL,
                   "monitoring_standard": {"notice_and_remove", "pre_and_post_review", "own_content", "none"}},
    "order_refusal": {"order_valid": BOOL, "refusal_established": BOOL},
    "serious_circumstance_286_1": {"mass_dissemination", "user_info_leak", "evidence_loss",
                                   "other_serious", "none"},
    "subjective_state": {"mens_rea_286_1": {"intent", "none"},
                         "knowledge_287_2": {"actual", "presumed", "none"}},
    "help_boundary": {"neutral", "art_287_2", "accomplice", "none"},
    "serious_circumstance_287_2": BOOL,
    "liability_286_1": {"criminal", "administrative", "none"},
    "liability_287_2": {"criminal", "none"},
    "conviction": {"charge": {"art_286_1", "art_287_2", "accomplice", "other_offence", "none"},
                   "charge_name": None},
    "sentence_range": None,
}


def legal(value: object, allowed: object) -> bool:
    if value is None or value == U:
        return True
    if allowed is None:
        return isinstance(value, str)
    if isinstance(allowed, dict):
        return isinstance(value, dict) and all(legal(value.get(k), a) for k, a in allowed.items())
    return value in allowed and (type(value) is bool) == (allowed is BOOL)


@st.composite
def contract_facts(draw: st.DrawFn) -> dict[str, object]:
    facts: dict[str, object] = {}
    maybe = st.booleans()  # a fact is given or missing
    if draw(maybe):
        facts["conduct_date"] = draw(st.dates(dt.date(1997, 10, 1), dt.date(2030, 12, 31))).isoformat()
    for name, values in ENUMS.items():
        if draw(maybe):
            facts[name] = draw(st.sampled_from(values))
    for name in BOOLEANS:
        if draw(maybe):
            facts[name] = draw(st.booleans())
    for name in NUMBERS:
        if draw(maybe):
            facts[name] = draw(numbers_of_things)
    return facts


@pytest.fixture(scope="module")
def legal_model():
    if not any(DECISIONS.glob("*.dmn")):
        pytest.skip("decisions/ has no model yet")
    import dmnlaw

    return dmnlaw.load(DECISIONS)


@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(facts=contract_facts())
def test_every_decision_gets_a_legal_value_for_any_contract_facts(legal_model, facts):
    for doctrine in ("judicial", "restrictive"):
        result = legal_model.evaluate({**facts, "doctrine": doctrine})
        for name, allowed in CONTRACT.items():
            assert name in result, f"the model has no decision {name}"
            assert legal(result[name], allowed), (doctrine, name, result[name], facts)
        crashes = [w for w in result.warnings if "internal error" in w or "recursed" in w]
        assert not crashes, (doctrine, crashes, facts)
        assert set(result.missing_facts) <= set(legal_model.input_names) - set(facts)
