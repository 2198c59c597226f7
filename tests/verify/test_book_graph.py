"""`dmnlaw graph` (the memo's drawer) and the model book."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from dmnlaw.cli import main

FIXTURES = Path(__file__).parent / "fixtures"


def test_graph_formats():
    runner = CliRunner()
    for fmt, marker in (("mermaid", "flowchart"), ("dot", "digraph"), ("svg", "<svg")):
        r = runner.invoke(main, ["graph", "--model", str(FIXTURES / "gap.dmn"), "--format", fmt])
        assert r.exit_code == 0, r.output
        assert marker in r.output and "liability" in r.output


def test_book_html(tmp_path):
    out = tmp_path / "book.html"
    r = CliRunner().invoke(main, ["book", "--model", str(FIXTURES / "gap.dmn"), "-o", str(out)])
    assert r.exit_code == 0, r.output
    html = out.read_text()
    assert "决策模型手册" in html and "<svg" in html and "&gt;= 50000" in html
    assert "no rule matches" in html  # the check's findings for the table
    assert "<script" not in html and "http://" not in html.split("<svg", 1)[0]
