"""Every case in cases/ renders in every format and both languages (PDF: see test_memo_pdf)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from dmnlaw.cases import read_case
from dmnlaw.cli import main
from dmnlaw.memo.render import render
from memo_support import CASES, HAS_LEGAL_MODEL, runs

pytestmark = pytest.mark.skipif(not HAS_LEGAL_MODEL or not CASES, reason="no legal model or cases yet")


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_case_renders(legal, path):
    case = read_case(path)
    both = runs(legal, case)
    for lang in ("zh", "en"):
        page = render(legal, case, both, "html", lang).decode("utf-8")
        assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
        assert "<script" not in page
        md = render(legal, case, both, "md", lang).decode("utf-8")
        assert md.startswith("# ")
        charge = both[0][1]["conviction"]["charge_name"]
        if charge:
            assert charge in page and charge in md
    data = json.loads(json.dumps({"runs": [r[2] for r in both]}, ensure_ascii=False))
    assert [r["doctrine"] for r in data["runs"]] == ["judicial", "restrictive"]


@pytest.mark.parametrize("path", CASES[:3], ids=[p.stem for p in CASES[:3]])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_json_through_the_command(path, lang):
    result = CliRunner().invoke(main, ["run", str(path), "--format", "json", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.stdout)["runs"][0]) >= {"title", "doctrine", "decisions", "missing_facts",
                                                         "trace", "model"}


def test_a_fact_far_out_of_range_still_makes_a_memo(legal):
    """1e100 illegal videos: every number on the way (facts, counts weighed, the appendix)
    prints; it used to stop the memo with an internal error."""
    from dmnlaw.cases import Case
    from memo_support import ROOT

    base = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    case = Case(base.path, base.title, {**base.facts, "illegal_videos": 1e100})
    both = runs(legal, case)
    for fmt in ("html", "md"):
        assert "1E+100" in render(legal, case, both, fmt, "zh").decode("utf-8")
