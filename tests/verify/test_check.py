"""`dmnlaw check` on deliberately broken models: each defect is found with its table,
rule numbers and example, and the exit codes follow the contract (1 defects, 0 warnings
only, 2 unusable files)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from dmnlaw.cli import main
from dmnlaw.errors import ModelError
from dmnlaw.verify.check import check

FIXTURES = Path(__file__).parent / "fixtures"


def findings(name: str, code: str | None = None):
    report = check([str(FIXTURES / name)])
    return [f for f in report.findings if code is None or f.code == code]


def test_gap_with_example():
    [gap] = findings("gap.dmn")
    assert gap.severity == "error" and gap.code == "gap" and gap.table == "liability"
    assert gap.example == {"service": "caching", "clicks": 49999}
    assert gap.region == {"service": '"caching"', "clicks": "< 50000"}
    assert "{service: \"caching\", clicks: 49999}" in gap.message


def test_overlap_under_unique():
    [overlap] = findings("overlap_unique.dmn")
    assert overlap.code == "overlap" and overlap.severity == "error"
    assert overlap.rules == (3, 7)
    assert overlap.message.startswith("table 'liability', rules 3 and 7 overlap on {service: \"caching\"")
    # The line is the first rule's.
    text = (FIXTURES / "overlap_unique.dmn").read_text().splitlines()
    assert 'id="liability_r3"' in text[overlap.line - 1]


def test_masked_under_priority_and_first():
    [p] = findings("masked_priority.dmn")
    assert (p.code, p.severity, p.rules) == ("masked", "warning", (3, 1))
    [f] = findings("masked_first.dmn")
    assert (f.code, f.severity, f.rules) == ("masked", "warning", (3, 1, 2))


def test_unreachable_rule():
    [u] = findings("unreachable.dmn")
    assert (u.code, u.severity, u.rules) == ("unreachable", "warning", (1,))
    assert "[5..1]" in u.message


def test_values_outside_allowed():
    found = {f.code: f for f in findings("outside_values.dmn")}
    assert found["input-value"].rules == (1,) and '"cachng"' in found["input-value"].message
    assert found["output-value"].rules == (2,) and '"criminall"' in found["output-value"].message
    assert all(f.severity == "error" for f in found.values())


def test_any_overlaps_only_with_different_outputs():
    pairs = {f.rules for f in findings("any_conflict.dmn", "overlap")}
    assert (1, 2) not in pairs and (1, 5) not in pairs  # same output "low"
    assert (2, 3) in pairs and (4, 5) in pairs


def test_feel_error_cycle_dangling():
    [feel] = findings("feel_error.dmn")
    assert feel.code == "feel" and "rule 1, input 2" in feel.message
    [cycle] = findings("cycle.dmn")
    assert cycle.code == "graph" and "cycle" in cycle.message
    [dangling] = findings("dangling.dmn")
    assert dangling.code == "graph" and "missing_input" in dangling.message


@pytest.mark.parametrize("name", ["opaque.dmn", "complete_dates.dmn"])
def test_no_false_findings(name):
    assert findings(name) == []


def test_null_is_part_of_the_domain(tmp_path):
    text = (FIXTURES / "complete_dates.dmn").read_text()
    # Without the rule for a missing date, a missing fact is a gap.
    start = text.index('<rule id="temporal_scope_r3">')
    end = text.index("</rule>", start) + len("</rule>")
    (tmp_path / "m.dmn").write_text(text[:start] + text[end:])
    [gap] = check([str(tmp_path / "m.dmn")]).findings
    assert gap.example == {"conduct_date": None}


def test_cli_exit_codes_and_json(tmp_path):
    runner = CliRunner()
    r = runner.invoke(main, ["check", str(FIXTURES / "gap.dmn")])
    assert r.exit_code == 1
    assert "gap.dmn:" in r.output and ": error: table 'liability'" in r.output
    r = runner.invoke(main, ["check", str(FIXTURES / "masked_first.dmn")])
    assert r.exit_code == 0 and "warning:" in r.output
    r = runner.invoke(main, ["check", "--json", str(FIXTURES / "overlap_unique.dmn")])
    data = json.loads(r.output)
    assert data["errors"] == 1 and data["findings"][0]["rules"] == [3, 7]
    assert runner.invoke(main, ["check", str(tmp_path / "missing.dmn")]).exit_code == 2
    (tmp_path / "not.dmn").write_text("this is not XML")
    assert runner.invoke(main, ["check", str(tmp_path / "not.dmn")]).exit_code == 2
    (tmp_path / "evil.dmn").write_text('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM '
                                       '"file:///etc/passwd">]><definitions>&e;</definitions>')
    r = runner.invoke(main, ["check", str(tmp_path / "evil.dmn")])
    assert r.exit_code == 2 and "DOCTYPE" in r.output


def test_schema_errors_and_dmn11(tmp_path):
    text = (FIXTURES / "gap.dmn").read_text().replace('hitPolicy="UNIQUE"', 'hitPolicy="UNIQUE" bogus="1"')
    (tmp_path / "s.dmn").write_text(text)
    codes = [f.code for f in check([str(tmp_path / "s.dmn")]).findings]
    assert "schema" in codes
    dmn11 = Path(__file__).parents[1] / "xml" / "fixtures" / "dmn11_dish.dmn"
    if dmn11.exists():
        warnings = [f for f in check([str(dmn11)]).findings if f.code == "schema"]
        assert warnings and warnings[0].severity == "warning"


def test_missing_file_raises():
    with pytest.raises(ModelError):
        check([str(FIXTURES / "nope.dmn")])


def _literal_table(n: int, hit_policy: str = "FIRST") -> str:
    """A table of ``n`` rules, one number literal each (x = 0 … n - 1), no default."""
    rules = "".join(f'<rule id="r{i}"><inputEntry><text>{i}</text></inputEntry>'
                    f'<outputEntry><text>"o{i}"</text></outputEntry></rule>' for i in range(n))
    return ('<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" '
            'namespace="http://x"><inputData id="x" name="x"><variable name="x" typeRef="number"/>'
            '</inputData><decision id="t" name="t"><informationRequirement><requiredInput href="#x"/>'
            f'</informationRequirement><decisionTable id="dt" hitPolicy="{hit_policy}"><input id="i">'
            '<inputExpression typeRef="number"><text>x</text></inputExpression></input>'
            f'<output id="o" typeRef="string"/>{rules}</decisionTable></decision></definitions>')


def test_a_long_list_of_values_in_a_message_is_cut_short(tmp_path):
    path = tmp_path / "t.dmn"
    path.write_text(_literal_table(300))
    [gap] = check([str(path)]).findings
    assert gap.code == "gap" and len(gap.message) < 300 and ", …)" in gap.message
    assert gap.region is not None and "299" in gap.region["x"]  # the region keeps every value


def test_a_table_too_large_to_verify_says_so_promptly(tmp_path):
    import time

    path = tmp_path / "t.dmn"
    path.write_text(_literal_table(5000))
    start = time.perf_counter()
    [note] = check([str(path)]).findings
    assert time.perf_counter() - start < 30
    assert (note.severity, note.code, note.table) == ("warning", "incomplete", "t")
    assert "too large to verify (5000 rules" in note.message


def test_english_reasoning_missing_is_a_warning_once_the_model_gives_it():
    found = findings("untranslated.dmn", "citation")
    assert [(f.severity, f.table, f.rules) for f in found] == [
        ("warning", "role", (2,)), ("warning", "duty", ())]
    assert "rule 2 has no English reasoning in Reasoning" in found[0].message
    assert "has no Reasoning column" in found[1].message
    result = CliRunner().invoke(main, ["check", str(FIXTURES / "untranslated.dmn")])
    assert result.exit_code == 0, result.output   # warnings only: the memo falls back to 理由


def test_a_model_without_english_reasoning_is_not_asked_for_it():
    # the gap fixture gives no annotation columns at all: nothing about translations
    assert not [f for f in findings("gap.dmn") if "Reasoning" in f.message]
