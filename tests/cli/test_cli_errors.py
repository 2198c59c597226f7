"""The CLI as a user runs it: a bad model is one line `file:line: error: ...`, exit 2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

NS = "https://www.omg.org/spec/DMN/20230324/MODEL/"
GOOD = (f'<definitions xmlns="{NS}" id="m" name="m" namespace="http://example.com/m">'
        '<inputData id="x" name="x"><variable name="x" typeRef="number"/></inputData>'
        '<decision id="a" name="a"><variable name="a"/>'
        '<informationRequirement><requiredInput href="#x"/></informationRequirement>'
        "<literalExpression><text>x * 2</text></literalExpression></decision></definitions>")

HOSTILE = {
    "malformed": GOOD[:-20],
    "unknown namespace": GOOD.replace(NS, "http://example.com/not-dmn"),
    "xxe": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
           + GOOD.replace("x * 2", "&e;"),
    "billion laughs": '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
                      '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                      + GOOD.replace("x * 2", "&c;"),
    "dangling href": GOOD.replace('href="#x"', 'href="#y"'),
    "cycle": GOOD.replace('<requiredInput href="#x"/>', '<requiredDecision href="#a"/>'),
    "feel syntax": GOOD.replace("x * 2", "x * (2"),
}


def dmnlaw(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dmnlaw", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_bad_models_give_one_located_line_and_exit_2(tmp_path, kind):
    (tmp_path / "m.dmn").write_text(HOSTILE[kind], encoding="utf-8")
    (tmp_path / "case.json").write_text(json.dumps({"facts": {"x": 2}}), encoding="utf-8")
    out = tmp_path / "out.json"
    proc = dmnlaw("run", "case.json", "--model", "m.dmn", "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith("m.dmn:") and ": error: " in lines[0]
    assert not out.exists()
    if kind in ("xxe", "billion laughs"):
        assert "root:" not in proc.stdout + proc.stderr


def test_good_model_runs_and_writes_json(tmp_path):
    (tmp_path / "m.dmn").write_text(GOOD, encoding="utf-8")
    (tmp_path / "case.json").write_text(json.dumps({"title": "t", "facts": {"x": 2}}), encoding="utf-8")
    proc = dmnlaw("run", "case.json", "--model", "m.dmn", "--doctrine", "judicial", "-o", "out.json",
                  cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data["decisions"] == {"a": 4}
    assert data["trace"][0]["decision"] == "a" and len(data["model"]["sha256"]) == 64


@pytest.mark.parametrize("facts, needle", [
    ({"y": 1}, "unknown fact 'y'"),
    ({"xx": 1}, "did you mean 'x'?"),
    ({"x": "many"}, "'x'"),
    ({"doctrine": "judicial"}, "--doctrine"),
])
def test_bad_facts_name_the_fact(tmp_path, facts, needle):
    (tmp_path / "m.dmn").write_text(GOOD, encoding="utf-8")
    (tmp_path / "case.json").write_text(json.dumps({"facts": facts}), encoding="utf-8")
    proc = dmnlaw("run", "case.json", "--model", "m.dmn", "--format", "json", cwd=tmp_path)
    assert proc.returncode == 2 and needle in proc.stderr
    assert proc.stderr.startswith("case.json") and len(proc.stderr.strip().splitlines()) == 1


def test_a_chain_of_thousands_of_requirements_is_answered_with_its_missing_fact(tmp_path):
    # Evaluation is straight-line code and missing facts are followed by a work list, so
    # depth is no limit (it used to exhaust Python's recursion limit).
    parts = ['<inputData id="x" name="x"><variable name="x" typeRef="number"/></inputData>',
             '<decision id="d0" name="d0"><informationRequirement><requiredInput href="#x"/>'
             "</informationRequirement><literalExpression><text>x + 1</text></literalExpression></decision>"]
    parts += [f'<decision id="d{i}" name="d{i}"><informationRequirement><requiredDecision href="#d{i - 1}"/>'
              f"</informationRequirement><literalExpression><text>d{i - 1} + 1</text></literalExpression></decision>"
              for i in range(1, 3000)]
    (tmp_path / "chain.dmn").write_text(f'<definitions xmlns="{NS}" id="m" name="m" '
                                        f'namespace="http://example.com/m">{"".join(parts)}</definitions>')
    (tmp_path / "case.json").write_text('{"facts": {}}')
    proc = dmnlaw("run", "case.json", "--model", "chain.dmn", "--format", "json", "--doctrine",
                  "judicial", "-o", "out.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    run = json.loads((tmp_path / "out.json").read_text())
    assert run["decisions"]["d2999"] is None and run["missing_facts"] == ["x"]


def test_an_unexpected_exception_is_one_line_and_exit_2(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from dmnlaw import cases
    from dmnlaw.cli import main

    (tmp_path / "m.dmn").write_text(GOOD)
    (tmp_path / "case.json").write_text('{"facts": {"x": 1}}')
    for exc, needle in ((RecursionError(), "nests too deeply"), (KeyError("boom"), "internal error: KeyError")):
        def fail(*args, exc=exc):
            raise exc
        monkeypatch.setattr(cases, "evaluate_case", fail)
        result = CliRunner().invoke(main, ["run", str(tmp_path / "case.json"), "--model",
                                           str(tmp_path / "m.dmn"), "--format", "json"])
        assert result.exit_code == 2 and needle in result.output
        assert "Traceback" not in result.output
