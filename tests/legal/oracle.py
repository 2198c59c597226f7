"""An independent implementation of LAW.md §6, used as a test oracle for the DMN model.

It is written from the text of §6, not from the tables in ``decisions/``, and deliberately in a
different style: every decision is an ordinary *two-valued* Python function of complete facts,
transcribed rule by rule from §6.  Unknown facts are then handled in one place, generically:

* a fact missing from the case (absent or ``None``) may take any value of its domain;
* a decision (or a member of a context decision) is decided when every completion of the missing
  facts gives it the same value, and undetermined otherwise — ``"undetermined"`` for strings,
  ``None`` for booleans.  This is §6 "Reading unknowns": a condition that definitely fails decides
  (false and unknown is false), and a later decision that reads an undetermined value is decided
  where every value it could take leads to the same outcome;
* ``missing_facts`` lists, in the order of DESIGN's input table, each missing fact that is
  *essential* for one of ``liability_286_1``, ``liability_287_2`` or ``conviction``: two completions
  that differ only in that fact give that conclusion different values.

Completions are enumerated lazily (a missing fact is branched on only when a rule consults it), over
representative values: one value per class of values that §6 treats alike, and ``0`` and a very
large number for quantities (every rule is monotone in each quantity, so these two extremes reach
every outcome a quantity can produce).
"""
from __future__ import annotations

import datetime as _dt
from fractions import Fraction
from typing import Any, Callable

UNDETERMINED = "undetermined"

DECISIONS = [
    "temporal_scope", "subject_qualification", "duty_scope", "order_refusal",
    "serious_circumstance_286_1", "subjective_state", "help_boundary", "serious_circumstance_287_2",
    "liability_286_1", "liability_287_2", "conviction", "sentence_range",
]
CONTEXT_MEMBERS = {
    "subject_qualification": ["provider_category", "provider_role", "qualified", "liable_as"],
    "duty_scope": ["duty_established", "monitoring_standard"],
    "order_refusal": ["order_valid", "refusal_established"],
    "subjective_state": ["mens_rea_286_1", "knowledge_287_2"],
    "conviction": ["charge", "charge_name"],
}
BOOLEAN_MEMBERS = {"qualified", "duty_established", "order_valid", "refusal_established"}
BOOLEAN_DECISIONS = {"serious_circumstance_287_2"}

# ---------------------------------------------------------------- the contract's facts and values
ENUMS: dict[str, list[str]] = {
    "actor_kind": ["unit", "individual", "unit_manager"],
    "service": [
        "network_access", "domain_resolution", "computing", "storage", "transmission", "caching",
        "information_publishing", "search_engine", "linking", "instant_messaging", "online_payment",
        "online_booking", "online_shopping", "online_gaming", "live_streaming", "website_building",
        "security_protection", "advertising", "app_store",
        "e_government", "telecommunications", "energy", "transport", "water_conservancy", "finance",
        "education", "healthcare", "none"],
    "content_role": ["none", "paid_ranking", "embedded_link", "own_content"],
    "info_category": ["national_or_public_security", "obscene", "fraud", "gambling", "infringing",
                      "other_illegal", "none"],
    "duty_breached": ["security_measures", "log_retention", "real_name_verification", "technical_assistance",
                      "user_info_protection", "illegal_info_handling", "content_review", "none"],
    "duty_source": ["law", "administrative_regulation", "departmental_rule", "policy_document", "none"],
    "order_issuer": ["cyberspace_administration", "telecom_authority", "public_security", "other_regulator",
                     "private_party", "none"],
    "order_form": ["written", "oral", "none"],
    "response_to_order": ["complied", "partially_complied", "refused", "none"],
    "evidence_loss": ["none", "grave_crime_case", "five_years_plus_case", "repeated",
                      "proceedings_seriously_affected", "other"],
    "other_serious_circumstance": ["none", "logs_or_real_name_mostly_missing", "service_mainly_for_crime",
                                   "used_for_attacks", "used_for_grave_crime", "public_network_damaged", "other"],
    "knowledge_of_illegal_info": ["actual", "should_have_known", "none"],
    "mistake": ["none", "fact", "law"],
    "help_type": ["internet_access", "server_hosting", "network_storage", "communication_transmission",
                  "advertising", "payment_settlement", "other_technical_support", "none"],
    "knew_of_crime": ["specific", "general", "none"],
    "helped_crime_status": ["established", "unverifiable", "not_established"],
}
BOOLEANS = [
    "order_lawful_and_specific", "able_to_comply", "leak_grave_harm", "after_regulator_notice", "after_report",
    "abnormal_price_or_method", "tool_for_crime", "evasion_measures", "helps_evade_investigation",
    "counter_evidence", "conspired", "violates_industry_rules", "dedicated_to_crime", "deep_participation",
    "prior_penalty_2y", "helped_crime_grave_consequences", "helped_crime_especially_grave", "other_offence_heavier",
]
NUMBERS = [
    "orders_refused_2y", "illegal_videos", "illegal_items", "recipient_accounts", "group_members", "followers",
    "clicks", "leaked_sensitive_records", "leaked_safety_records", "leaked_other_records",
    "helped_objects", "settlement_amount", "ad_funding", "illegal_gains",
]
FREE_TEXT = ["helped_crime", "other_offence"]

# DESIGN's input table, in order (doctrine is set by --doctrine, not a case fact)
FACT_ORDER = [
    "conduct_date", "actor_kind", "service", "content_role", "info_category", "duty_breached", "duty_source",
    "order_issuer", "order_form", "order_lawful_and_specific", "response_to_order", "able_to_comply",
    "orders_refused_2y", "illegal_videos", "illegal_items", "recipient_accounts", "group_members", "followers",
    "clicks", "leaked_sensitive_records", "leaked_safety_records", "leaked_other_records", "leak_grave_harm",
    "evidence_loss", "other_serious_circumstance", "knowledge_of_illegal_info", "mistake", "help_type",
    "knew_of_crime", "after_regulator_notice", "after_report", "abnormal_price_or_method", "tool_for_crime",
    "evasion_measures", "helps_evade_investigation", "counter_evidence", "conspired", "violates_industry_rules",
    "dedicated_to_crime", "deep_participation", "helped_objects", "settlement_amount", "ad_funding",
    "illegal_gains", "prior_penalty_2y", "helped_crime_grave_consequences", "helped_crime_especially_grave",
    "helped_crime_status", "helped_crime", "other_offence", "other_offence_heavier",
]

BIG = 10 ** 12
# Representative values: one per class of values that §6 treats alike (for the completions only).
REPRESENTATIVES: dict[str, list[Any]] = {
    "conduct_date": [_dt.date(2015, 10, 31), _dt.date(2016, 6, 30), _dt.date(2018, 6, 30)],
    "actor_kind": ["unit", "individual", "unit_manager"],
    # access/technical, access/public, intermediate/technical, intermediate/application,
    # intermediate/public, platform, e-commerce platform, none
    "service": ["network_access", "telecommunications", "storage", "search_engine", "finance",
                "information_publishing", "online_shopping", "none"],
    "content_role": ["none", "paid_ranking", "embedded_link", "own_content"],
    "info_category": ["national_or_public_security", "obscene"],
    "duty_breached": ENUMS["duty_breached"],
    "duty_source": ["law", "departmental_rule"],
    "order_issuer": ["public_security", "private_party"],
    "order_form": ["written", "oral"],
    "response_to_order": ["refused", "complied"],
    "evidence_loss": ["none", "grave_crime_case", "repeated"],
    "other_serious_circumstance": ["none", "used_for_attacks", "other"],
    "knowledge_of_illegal_info": ["none"],
    "mistake": ["none", "fact"],
    "help_type": ["internet_access", "none"],
    "knew_of_crime": ["specific", "general", "none"],
    "helped_crime_status": ["established", "unverifiable", "not_established"],
    "helped_crime": ["诈骗罪", "盗窃罪"],
    "other_offence": ["none", "开设赌场罪"],
}
for _b in BOOLEANS:
    REPRESENTATIVES[_b] = [True, False]
for _n in NUMBERS:
    REPRESENTATIVES[_n] = [0, BIG]

# ---------------------------------------------------------------- classes of values named in §6
TECHNICAL = {"network_access", "domain_resolution", "computing", "storage", "transmission", "caching"}
APPLICATION = {"information_publishing", "search_engine", "linking", "instant_messaging", "online_payment",
               "online_booking", "online_shopping", "online_gaming", "live_streaming", "website_building",
               "security_protection", "advertising", "app_store"}
PUBLIC = {"e_government", "telecommunications", "energy", "transport", "water_conservancy", "finance",
          "education", "healthcare"}
ACCESS = {"network_access", "domain_resolution", "telecommunications"}
INTERMEDIATE = {"transmission", "caching", "storage", "computing", "search_engine", "linking", "website_building",
                "security_protection"} | (PUBLIC - {"telecommunications"})
BASE_DUTIES = {"security_measures", "log_retention", "real_name_verification", "technical_assistance",
               "user_info_protection"}
REGULATORS = {"cyberspace_administration", "telecom_authority", "public_security", "other_regulator"}
PRESUMPTION_FACTS = ["after_regulator_notice", "after_report", "abnormal_price_or_method", "tool_for_crime",
                     "evasion_measures", "helps_evade_investigation"]
CYBERSECURITY_LAW_IN_FORCE = _dt.date(2017, 6, 1)
AMENDMENT_IX_IN_FORCE = _dt.date(2015, 11, 1)


class _Missing(Exception):
    def __init__(self, name: str):
        super().__init__(name)
        self.name = name


Get = Callable[[str], Any]


# ================================================================ §6, two-valued, rule by rule
def temporal_scope(g: Get, doctrine: str) -> str:
    return "not_applicable" if g("conduct_date") < AMENDMENT_IX_IN_FORCE else "applicable"


def provider_category(g: Get, doctrine: str) -> str:
    s = g("service")
    if s in TECHNICAL:
        return "technical"
    if s in APPLICATION:
        return "application"
    if s in PUBLIC:
        return "public_service"
    return "none"


def provider_role(g: Get, doctrine: str) -> str:
    s = g("service")
    if s == "none":
        return "none"
    cr = g("content_role")
    if cr == "own_content":
        return "content"
    if cr == "embedded_link" and doctrine == "restrictive":
        return "content"
    if s in ACCESS:
        return "access"
    if s in INTERMEDIATE:
        return "intermediate"
    return "platform"


def qualified(g: Get, doctrine: str) -> bool:
    if doctrine == "judicial":
        return provider_category(g, doctrine) != "none"
    return provider_role(g, doctrine) not in ("none", "content")


def liable_as(g: Get, doctrine: str) -> str:
    return {"unit": "unit", "individual": "individual", "unit_manager": "responsible_person"}[g("actor_kind")]


def _duties_of_role(g: Get, doctrine: str) -> set[str]:
    role = provider_role(g, doctrine)
    if role in ("access", "intermediate"):
        return BASE_DUTIES | {"illegal_info_handling"}
    if role == "platform":
        if doctrine == "judicial" and g("service") != "online_shopping":
            return BASE_DUTIES | {"illegal_info_handling", "content_review"}
        return BASE_DUTIES | {"illegal_info_handling"}
    if role == "content":
        return set(BASE_DUTIES) if doctrine == "judicial" else set()
    return set()


def duty_established(g: Get, doctrine: str) -> bool:
    return g("duty_source") in ("law", "administrative_regulation") and g("duty_breached") in _duties_of_role(g, doctrine)


def monitoring_standard(g: Get, doctrine: str) -> str:
    role = provider_role(g, doctrine)
    if role in ("access", "intermediate"):
        return "notice_and_remove"
    if role == "platform":
        if doctrine == "judicial":
            return "notice_and_remove" if g("service") == "online_shopping" else "pre_and_post_review"
        return "notice_and_remove"
    if role == "content":
        return "own_content"
    return "none"


def order_valid(g: Get, doctrine: str) -> bool:
    return (g("order_issuer") in REGULATORS and g("order_form") == "written"
            and bool(g("order_lawful_and_specific")))


def refusal_established(g: Get, doctrine: str) -> bool:
    return (order_valid(g, doctrine) and g("response_to_order") in ("refused", "partially_complied", "none")
            and bool(g("able_to_comply")))


def _mass_dissemination(g: Get) -> bool:
    return (g("illegal_videos") >= 200 or g("illegal_items") >= 2000
            or Fraction(g("illegal_videos")) / 200 + Fraction(g("illegal_items")) / 2000 >= 1
            or g("recipient_accounts") >= 2000 or g("group_members") >= 3000 or g("followers") >= 30000
            or g("clicks") >= 50000)


def _user_info_leak(g: Get) -> bool:
    s, f, o = g("leaked_sensitive_records"), g("leaked_safety_records"), g("leaked_other_records")
    return (s >= 500 or f >= 5000 or o >= 50000
            or Fraction(s) / 500 + Fraction(f) / 5000 + Fraction(o) / 50000 >= 1
            or bool(g("leak_grave_harm")))


def _evidence_loss(g: Get) -> bool:
    return g("evidence_loss") != "none"


def _other_serious(g: Get) -> bool:
    return g("other_serious_circumstance") != "none" or g("orders_refused_2y") >= 3


def serious_circumstance_286_1(g: Get, doctrine: str) -> str:
    if _mass_dissemination(g):
        return "mass_dissemination"
    if _user_info_leak(g):
        return "user_info_leak"
    if _evidence_loss(g):
        return "evidence_loss"
    if _other_serious(g):
        return "other_serious"
    return "none"


def mens_rea_286_1(g: Get, doctrine: str) -> str:
    return "none" if g("mistake") == "fact" else "intent"


def knowledge_287_2(g: Get, doctrine: str) -> str:
    if g("knew_of_crime") in ("specific", "general"):
        return "actual"
    if any(g(p) for p in PRESUMPTION_FACTS) and not g("counter_evidence"):
        return "presumed"
    return "none"


def help_boundary(g: Get, doctrine: str) -> str:
    if knowledge_287_2(g, doctrine) == "none" or g("help_type") == "none":
        return "none"
    if doctrine == "judicial":
        if g("conspired") or g("deep_participation") or (g("knew_of_crime") == "specific" and g("dedicated_to_crime")):
            return "accomplice"
        return "art_287_2"
    if g("conspired") or g("deep_participation"):
        return "accomplice"
    if (not g("violates_industry_rules") and not g("dedicated_to_crime") and not g("tool_for_crime")
            and not g("deep_participation") and g("content_role") != "paid_ranking"):
        return "neutral"
    if g("knew_of_crime") == "specific":
        return "accomplice"
    return "art_287_2"


def serious_circumstance_287_2(g: Get, doctrine: str) -> bool:
    if g("helped_crime_status") == "unverifiable":
        return (g("settlement_amount") >= 1_000_000 or g("ad_funding") >= 250_000 or g("illegal_gains") >= 50_000
                or bool(g("helped_crime_especially_grave")))
    return (g("helped_objects") >= 3 or g("settlement_amount") >= 200_000 or g("ad_funding") >= 50_000
            or g("illegal_gains") >= 10_000 or bool(g("prior_penalty_2y"))
            or bool(g("helped_crime_grave_consequences")))


def liability_286_1(g: Get, doctrine: str) -> str:
    if (temporal_scope(g, doctrine) == "not_applicable" or not qualified(g, doctrine)
            or not duty_established(g, doctrine) or not refusal_established(g, doctrine)):
        return "none"
    if mens_rea_286_1(g, doctrine) == "intent":
        if doctrine == "judicial":
            grave = (_mass_dissemination(g) or _user_info_leak(g) or _evidence_loss(g) or _other_serious(g))
        else:
            grave = (_user_info_leak(g)
                     or g("evidence_loss") in ("grave_crime_case", "five_years_plus_case")
                     or g("other_serious_circumstance") in ("used_for_attacks", "used_for_grave_crime",
                                                            "public_network_damaged")
                     or (g("info_category") == "national_or_public_security"
                         and (_mass_dissemination(g) or _user_info_leak(g) or _evidence_loss(g)
                              or _other_serious(g))))
        if grave:
            return "criminal"
    return "administrative"


def liability_287_2(g: Get, doctrine: str) -> str:
    if (temporal_scope(g, doctrine) == "not_applicable" or help_boundary(g, doctrine) in ("none", "neutral")
            or g("helped_crime_status") == "not_established" or not serious_circumstance_287_2(g, doctrine)):
        return "none"
    return "criminal"


def charge(g: Get, doctrine: str) -> str:
    if help_boundary(g, doctrine) == "accomplice" and g("helped_crime_status") == "established":
        return "accomplice"
    l287 = liability_287_2(g, doctrine)
    l286 = liability_286_1(g, doctrine)
    if g("other_offence") != "none" and (g("other_offence_heavier") or (l286 != "criminal" and l287 != "criminal")):
        return "other_offence"
    if l287 == "criminal":
        return "art_287_2"
    if l286 == "criminal":
        return "art_286_1"
    return "none"


def charge_name(g: Get, doctrine: str) -> str | None:
    c = charge(g, doctrine)
    return {
        "art_286_1": lambda: "拒不履行信息网络安全管理义务罪",
        "art_287_2": lambda: "帮助信息网络犯罪活动罪",
        "accomplice": lambda: g("helped_crime") + "（共犯）",
        "other_offence": lambda: g("other_offence"),
        "none": lambda: None,
    }[c]()


def conviction(g: Get, doctrine: str) -> tuple:
    return (charge(g, doctrine), charge_name(g, doctrine))


_ADMIN_ARTICLE = {
    "security_measures": "59", "log_retention": "59", "real_name_verification": "61",
    "user_info_protection": "64", "illegal_info_handling": "68", "content_review": "68",
    "technical_assistance": "69",
}


def sentence_range(g: Get, doctrine: str) -> tuple | str:
    """§6: tests need not compare the wording, so this returns what the wording depends on."""
    c = charge(g, doctrine)
    if c in ("art_286_1", "art_287_2"):
        return (c, "unit" if liable_as(g, doctrine) == "unit" else "person")
    if c == "accomplice":
        return (c, g("helped_crime"))
    if c == "other_offence":
        return (c, g("other_offence"))
    if liability_286_1(g, doctrine) == "administrative":
        if g("conduct_date") < CYBERSECURITY_LAW_IN_FORCE:
            return ("administrative", "before the Cybersecurity Law")
        return ("administrative", _ADMIN_ARTICLE[g("duty_breached")])
    return "none"


# What is computed for each decision (or context member), and how an undetermined value reads.
_FUNCTIONS: dict[tuple[str, str | None], Callable[[Get, str], Any]] = {
    ("temporal_scope", None): temporal_scope,
    ("subject_qualification", "provider_category"): provider_category,
    ("subject_qualification", "provider_role"): provider_role,
    ("subject_qualification", "qualified"): qualified,
    ("subject_qualification", "liable_as"): liable_as,
    ("duty_scope", "duty_established"): duty_established,
    ("duty_scope", "monitoring_standard"): monitoring_standard,
    ("order_refusal", "order_valid"): order_valid,
    ("order_refusal", "refusal_established"): refusal_established,
    ("serious_circumstance_286_1", None): serious_circumstance_286_1,
    ("subjective_state", "mens_rea_286_1"): mens_rea_286_1,
    ("subjective_state", "knowledge_287_2"): knowledge_287_2,
    ("help_boundary", None): help_boundary,
    ("serious_circumstance_287_2", None): serious_circumstance_287_2,
    ("liability_286_1", None): liability_286_1,
    ("liability_287_2", None): liability_287_2,
    ("conviction", "charge"): charge,
    ("conviction", "charge_name"): charge_name,
    ("sentence_range", None): sentence_range,
}
ROOTS = {"liability_286_1": liability_286_1, "liability_287_2": liability_287_2, "conviction": conviction}


# ================================================================ unknown facts
def normalize(facts: dict[str, Any]) -> dict[str, Any]:
    """Facts as the rules read them: dates parsed, ``None`` meaning missing."""
    out = {}
    for k, v in facts.items():
        if v is None or k == "doctrine":
            continue
        if k == "conduct_date" and isinstance(v, str):
            v = _dt.date.fromisoformat(v)
        out[k] = v
    return out


def _getter(facts: dict[str, Any], extra: dict[str, Any]) -> Get:
    def g(name: str) -> Any:
        if name in extra:
            return extra[name]
        if name in facts:
            return facts[name]
        raise _Missing(name)
    return g


def leaves(fn: Callable[[Get, str], Any], facts: dict[str, Any], doctrine: str,
           fixed: dict[str, Any] | None = None, stop_at_two: bool = False) -> list[tuple[dict, Any]]:
    """Every (assignment of the missing facts that ``fn`` consulted, value) over the completions."""
    out: list[tuple[dict, Any]] = []
    stack = [dict(fixed or {})]
    seen_values: set = set()
    while stack:
        extra = stack.pop()
        try:
            value = fn(_getter(facts, extra), doctrine)
        except _Missing as m:
            for v in REPRESENTATIVES[m.name]:
                stack.append({**extra, m.name: v})
            continue
        out.append((extra, value))
        seen_values.add(value)
        if stop_at_two and len(seen_values) > 1:
            break
    return out


def possible_values(fn, facts, doctrine) -> set:
    return {v for _, v in leaves(fn, facts, doctrine, stop_at_two=True)}


def _read(values: set, boolean: bool) -> Any:
    if len(values) == 1:
        return next(iter(values))
    return None if boolean else UNDETERMINED


def essential_facts(fn, facts: dict[str, Any], doctrine: str) -> set[str]:
    """Missing facts f such that two completions differing only in f give ``fn`` different values."""
    result: set[str] = set()
    tree = leaves(fn, facts, doctrine)
    if len({v for _, v in tree}) < 2:
        return result
    for assignment, value in tree:
        for name, current in assignment.items():
            if name in result:
                continue
            for other in REPRESENTATIVES[name]:
                if other == current:
                    continue
                changed = {**assignment, name: other}
                if any(v != value for _, v in leaves(fn, facts, doctrine, fixed=changed, stop_at_two=True)):
                    result.add(name)
                    break
    return result


def evaluate(facts: dict[str, Any], doctrine: str | None = None) -> dict[str, Any]:
    """All twelve decisions and ``missing_facts`` for a fact set (missing facts absent or None)."""
    doctrine = doctrine or facts.get("doctrine") or "judicial"
    f = normalize(facts)
    result: dict[str, Any] = {}
    for (decision, member), fn in _FUNCTIONS.items():
        boolean = member in BOOLEAN_MEMBERS or decision in BOOLEAN_DECISIONS
        value = _read(possible_values(fn, f, doctrine), boolean)
        if member is None:
            result[decision] = value
        else:
            result.setdefault(decision, {})[member] = value
    missing: set[str] = set()
    for name, fn in ROOTS.items():
        value = result[name]
        undetermined = (value == UNDETERMINED) if name != "conviction" else (UNDETERMINED in value.values())
        if undetermined:
            missing |= essential_facts(fn, f, doctrine)
    result["missing_facts"] = [n for n in FACT_ORDER if n in missing]
    return result


def essential_facts_brute_force(fn, facts: dict[str, Any], doctrine: str) -> set[str]:
    """The definition itself, by full enumeration over the representatives (for few missing facts)."""
    import itertools
    f = normalize(facts)
    missing = [n for n in FACT_ORDER if n not in f]
    result = set()
    for combo in itertools.product(*(REPRESENTATIVES[n] for n in missing)):
        base = dict(zip(missing, combo))
        value = fn(_getter(f, base), doctrine)
        for name in missing:
            if name in result:
                continue
            for other in REPRESENTATIVES[name]:
                if other != base[name] and fn(_getter(f, {**base, name: other}), doctrine) != value:
                    result.add(name)
                    break
    return result
