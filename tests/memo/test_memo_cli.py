"""`dmnlaw run` end to end: formats, languages, doctrines, and errors that leave no file."""
from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from dmnlaw.cli import main
from dmnlaw.memo.render import template_dir
from memo_support import MINI_CASES, MINI_MODEL


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(main, ["run", *args, "--model", str(MINI_MODEL)], env=env)


CASE = str(MINI_CASES / "platform_refused.json")


def test_markdown_on_standard_output():
    result = run(CASE)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 某平台拒不履行信息网络安全管理义务案（测试）")


@pytest.mark.parametrize("suffix", ["md", "html", "pdf", "json"])
def test_the_format_follows_the_suffix(tmp_path, suffix):
    out = tmp_path / f"memo.{suffix}"
    result = run(CASE, "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    start = {"md": b"# ", "html": b"<!DOCTYPE html>", "pdf": b"%PDF-", "json": b"{"}[suffix]
    assert data.startswith(start)
    if suffix == "json":
        runs = json.loads(data)["runs"]
        assert [r["doctrine"] for r in runs] == ["judicial", "restrictive"]


def test_english_and_one_doctrine(tmp_path):
    out = tmp_path / "memo.html"
    result = run(CASE, "--lang", "en", "--doctrine", "restrictive", "-o", str(out))
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "Restrictive reading" in page and "Judicial reading" not in page
    assert "Where the two readings part" not in page


def test_pdf_needs_a_file():
    result = run(CASE, "--format", "pdf")
    assert result.exit_code == 2 and "-o" in result.stderr


def test_a_broken_template_is_one_line_exit_2_and_leaves_no_file(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(template_dir(), folder)
    target = folder / "partials" / "conclusion.html.j2"
    lines = target.read_text(encoding="utf-8").splitlines()
    lines[2] = "{% for %}"
    target.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "memo.html"
    out_pdf = tmp_path / "memo.pdf"
    for path in (out, out_pdf):
        result = run(CASE, "-o", str(path), env={"DMNLAW_TEMPLATES": str(folder)})
        assert result.exit_code == 2
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"{target}:3: error: template syntax")
        assert not path.exists()
    assert list(tmp_path.iterdir()) == [folder]               # no temporary file left either


def test_a_hostile_case_renders(tmp_path):
    out = tmp_path / "memo.html"
    result = run(str(MINI_CASES / "hostile.json"), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "&lt;script&gt;" in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("count, shown", [(1e100, "1E+100"), (0.0004, "0.0004"), (1234.5678, "1,234.5678")])
def test_a_number_of_any_size_is_printed_as_it_is(tmp_path, count, shown):
    """A fact far outside the usual range is the case's business: the memo prints it (it used
    to stop with an internal error), and never rounds a small one to 0."""
    case = json.loads((MINI_CASES / "platform_refused.json").read_text(encoding="utf-8"))
    case["facts"]["illegal_items"] = count
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case, ensure_ascii=False), encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 0, result.output
    assert shown in result.stdout
