"""A record whose evaluation runs past --timeout becomes an error line; the rest are answered."""
from __future__ import annotations

import json

import pytest
from batch_support import run_cli

SLOW_WHEN_POSITIVE = (
    '<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" '
    'namespace="http://x"><inputData id="x" name="x"><variable name="x" typeRef="number"/>'
    '</inputData><decision id="a" name="a"><informationRequirement><requiredInput href="#x"/>'
    "</informationRequirement><literalExpression><text>if x &gt; 0 then "
    "sum(for i in 1..100000 return count(for j in 1..100000 return 1)) else 0</text></literalExpression>"
    "</decision></definitions>")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_record_past_the_time_limit_is_an_error_line(tmp_path, jobs):
    (tmp_path / "m.dmn").write_text(SLOW_WHEN_POSITIVE)
    records = [{"facts": {"x": x}} for x in (0, 1, 0, 0)]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    proc = run_cli("batch", "in.jsonl", "-o", "out.jsonl", "--model", "m.dmn", "--doctrine",
                   "judicial", "--jobs", jobs, "--timeout", "1", cwd=tmp_path)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert [x["line"] for x in lines] == [1, 2, 3, 4]
    assert "took longer than 1 s" in lines[1]["error"]
    assert all(lines[k]["decisions"]["a"] == 0 for k in (0, 2, 3))


def test_a_title_or_reference_that_is_not_text_is_an_error_line(tmp_path):
    records = [{"title": 1.5, "facts": {}}, {"reference": ["x"], "facts": {}}, {"facts": {}}]
    (tmp_path / "in.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    proc = run_cli("batch", "in.jsonl", "-o", "out.jsonl", "--doctrine", "judicial", cwd=tmp_path)
    lines = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert proc.returncode == 1
    assert "'title' must be text" in lines[0]["error"] and "'reference' must be text" in lines[1]["error"]
    assert "decisions" in lines[2]
