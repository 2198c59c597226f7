"""Memos over facts drawn from the legal model's own input types (tests/strategies.py): every
set of facts the model accepts makes a memo, in each language and text format, that states a
conclusion and carries the case's text only as text."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from dmnlaw.cases import Case
from dmnlaw.errors import DmnlawError
from dmnlaw.memo.render import render
from memo_support import HAS_LEGAL_MODEL, runs
from strategies import facts_for

pytestmark = pytest.mark.skipif(not HAS_LEGAL_MODEL, reason="decisions/ holds no model yet")

TITLES = st.sampled_from(["胡某案", "<script>alert(1)</script>", "{{ 7*7 }}{% raw %}", "a & b \u2028 c", "案" * 200])


def test_any_facts_the_model_accepts_make_a_memo(legal: Any) -> None:
    made = []

    @settings(max_examples=40, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(facts=facts_for(legal, odd=False), title=TITLES)
    def check(facts: dict[str, Any], title: str) -> None:
        case = Case("case.json", title, {k: v for k, v in facts.items() if k != "doctrine"})
        try:
            the_runs = runs(legal, case)
        except DmnlawError:
            reject()   # facts the model refuses never reach a memo (the run says why, exit 2)
        for lang in ("zh", "en"):
            page = render(legal, case, the_runs, "html", lang).decode("utf-8")
            assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
            assert "<script>" not in page and "49" not in page.split("<title>")[1][:40]
            md = render(legal, case, the_runs, "md", lang).decode("utf-8")
            assert md.startswith("# ") and "<script>" not in md
        made.append(case)

    check()
    assert len(made) >= 30   # the facts drawn are mostly ones the model accepts
