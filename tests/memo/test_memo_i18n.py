"""The catalogues: complete for every string the templates and the memo code use, consistent
placeholders, and labels for everything the legal model can say."""
from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dmnlaw.errors import TemplateError
from dmnlaw.feel.temporal import Date
from dmnlaw.memo.i18n import Words, translations
from dmnlaw.memo.render import template_dir

from memo_support import ROOT

TEMPLATES = template_dir()
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def used_messages() -> set[str]:
    """Every message id the templates and src/dmnlaw/memo pass to gettext (Babel's extractor)."""
    found: set[str] = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2)}
    for where, method in ((ROOT / "src" / "dmnlaw" / "memo", "python"),
                          (TEMPLATES, "jinja2.ext:babel_extract")):
        mapping = [("**.py", "python")] if method == "python" else [("**.j2", method)]
        opts = {"**.j2": {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}}
        for _file, _line, msg, _comments, _ctx in extract_from_dir(str(where), mapping, opts, keywords):
            found.add(msg[0] if isinstance(msg, tuple) else msg)
    return found


def catalogue(lang: str):
    with open(TEMPLATES / "locale" / lang / "LC_MESSAGES" / "memo.po", "rb") as f:
        return read_po(f)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_message_used_is_translated(lang):
    cat = catalogue(lang)
    missing = sorted(m for m in used_messages() if not (cat.get(m) and cat.get(m).string))
    assert not missing, f"{lang} catalogue lacks: {missing}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_placeholders_survive_translation(lang):
    for msg in catalogue(lang):
        if not msg.id or not msg.string:
            continue
        ids = msg.id if isinstance(msg.id, tuple) else (msg.id,)
        strings = msg.string if isinstance(msg.string, tuple) else (msg.string,)
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for s in strings:
            assert set(PLACEHOLDER.findall(s)) <= wanted | {"num"}, (msg.id, s)
            # a bare % would break the %-formatting that newstyle gettext applies
            assert "%" not in PLACEHOLDER.sub("", s).replace("%%", ""), (msg.id, s)


def test_words_in_chinese(mini):
    w = Words("zh", translations("zh", TEMPLATES))
    assert w.value_label("network_access") == "网络接入"
    # the element's own reading of a value wins over the general one
    assert w.value_label("none", "liability_286_1") == "不承担责任"
    assert w.value_label("none", "service") == "未提供网络服务"
    assert w.value_label("a_code_nobody_knows") == "a_code_nobody_knows"
    assert w.value(True) == "是" and w.value(False) == "否"
    assert w.value(Decimal("200000")) == "200,000"
    assert w.value(Date(2016, 6, 30)) == "2016年6月30日"
    assert w.element("service", "服务类型") == "服务类型"       # the model's label
    assert w.member("provider_role") == "服务提供者角色"
    assert w.member("objective_elements", "客观与主体要件齐备") == "客观与主体要件齐备"
    assert w.question("conduct_date").endswith("？")


def test_words_in_english():
    w = Words("en", translations("en", TEMPLATES))
    assert w.value_label("network_access") == "network access"
    assert w.element("service", "服务类型") == "Service"       # English name, not the label
    assert w.element("some_new_fact", "新事实") == "Some new fact"
    assert w.date(dt.date(2016, 6, 30)) == "30 June 2016"
    assert w.gettext("Short answer") == "Short answer"


def test_a_broken_catalogue_is_a_template_error_with_its_line(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    po = folder / "locale" / "zh" / "LC_MESSAGES" / "memo.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text + "\nthis is not a keyword\n", encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        translations("zh", folder)
    assert e.value.file == str(po)
    assert e.value.line == text.count("\n") + 2


def test_unknown_language():
    with pytest.raises(ValueError):
        translations("fr", TEMPLATES)


class TestLegalModelVocabulary:
    """Everything the legal model can say has words in both languages."""

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_every_enumerated_value_has_a_label(self, legal, lang):
        w = Words(lang, translations(lang, TEMPLATES))
        missing = [(name, v) for name in legal.inputs for v in legal.allowed_values(name) or []
                   if w.lookup("value", f"{name}={v}") is None and w.lookup("value", v) is None]
        assert not missing

    @pytest.mark.parametrize("lang", ["zh", "en"])
    def test_every_fact_can_be_asked_for(self, legal, lang):
        w = Words(lang, translations(lang, TEMPLATES))
        assert [n for n in legal.inputs if n != "doctrine" and w.question(n) is None] == []

    def test_every_element_has_an_english_name(self, legal):
        w = Words("en", translations("en", TEMPLATES))
        names = [*legal.inputs, *legal.decisions]
        assert [n for n in names if w.lookup("element", n) is None] == []

    def test_every_chinese_label_comes_from_the_model(self, legal):
        for name in [*legal.inputs, *legal.decisions]:
            assert re.search(r"[\u4e00-\u9fff]", legal.node(name).element.label or ""), name


def test_every_column_of_the_legal_model_has_an_english_name(legal):
    # A column names the element it reads, or (when it computes a value) its label is in
    # the catalogue: an English memo shows no column in Chinese only (a citation such as
    # 《解释》 inside an English name is meant).
    from dmnlaw import model as m
    from dmnlaw.cases import Case
    from dmnlaw.memo import content

    run = ("judicial", legal.evaluate({"doctrine": "judicial"}), None)
    builder = content._Builder(legal, Case("c.json", "t", {}), [run],  # noqa: SLF001
                               Words("en", translations("en", TEMPLATES)))
    todo = [d.expression for defs in legal.files for d in defs.decisions]
    chinese = set()
    while todo:
        e = todo.pop()
        if isinstance(e, m.Context):
            todo += [entry.expression for entry in e.entries]
        elif isinstance(e, m.DecisionTable):
            chinese |= {label for label in map(builder.column_label, e.inputs)
                        if not re.search(r"[A-Za-z]", label)}
    assert not chinese, chinese


def test_an_english_memos_tables_head_their_columns_in_english(legal):
    # The appendix heads a table's columns as the analysis names them (content.column_words).
    from dmnlaw.cases import evaluate_case, read_case
    from dmnlaw.memo import content

    case = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    runs = [(d, evaluate_case(legal, case, d), None) for d in ("judicial", "restrictive")]
    memo = content.build(legal, case, runs, Words("en", translations("en", TEMPLATES)))
    heads = {c.header for t in memo.tables for c in t.columns if c.kind == "input"}
    assert heads and not [h for h in heads if not re.search(r"[A-Za-z]", h)]
    brief = [h for t in memo.tables for _, conds, _ in t.brief_rows for h, _ in conds]
    assert brief and not [h for h in brief if not re.search(r"[A-Za-z]", h)]


@pytest.mark.parametrize("v, zh", [
    (Decimal("200000"), "200,000"),
    (Decimal("1.5"), "1.5"),
    (Decimal("0.0004"), "0.0004"),              # not rounded away to 0
    (Decimal("1234.5678"), "1,234.5678"),
    (Decimal("123456789012345678901234567890"), "123,456,789,012,345,678,901,234,567,890"),
    (Decimal("1E+120"), "1E+120"),              # too large to group: as FEEL writes it
    (3, "3"),
])
def test_a_number_reads_with_every_digit_it_has(v, zh):
    from dmnlaw.memo.render import words

    assert words("zh").number(v) == zh
