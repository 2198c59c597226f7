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


def test_book_gives_the_reasoning_in_its_language(tmp_path):
    model = FIXTURES / "untranslated.dmn"
    for lang, shown, hidden in (("en", "A caching service is an intermediate service.", "缓存服务属于中间服务"),
                                ("zh", "缓存服务属于中间服务", "A caching service is an intermediate service.")):
        out = tmp_path / f"book-{lang}.html"
        r = CliRunner().invoke(main, ["book", "--model", str(model), "--lang", lang, "-o", str(out)])
        assert r.exit_code == 0, r.output
        html = out.read_text()
        assert shown in html and hidden not in html, lang
    # a rule without English reasoning keeps its Chinese in the English book
    assert "其他服务不属于网络服务" in (tmp_path / "book-en.html").read_text()
