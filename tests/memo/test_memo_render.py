"""render: HTML and Markdown from the templates — self-contained, escaped, located errors."""
from __future__ import annotations

import re
import shutil

import pytest

from dmnlaw.errors import TemplateError
from dmnlaw.memo import render as R
from memo_support import mini_case, runs


def html_of(model, name, lang="zh", option="both", **kw) -> str:
    case = mini_case(name)
    return R.render(model, case, runs(model, case, option), "html", lang, **kw).decode("utf-8")


def md_of(model, name, lang="zh", option="both", **kw) -> str:
    case = mini_case(name)
    return R.render(model, case, runs(model, case, option), "md", lang, **kw).decode("utf-8")


def test_html_is_one_self_contained_printable_page(mini):
    page = html_of(mini, "platform_refused")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-Hans">' in page
    assert "<script" not in page.lower()
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert not re.search(r"""(src|href)=["']?(https?:|//|file:)""", page)
    assert "@import" not in page and "url(" not in page
    assert "size: A4" in page                                   # printable
    assert 'name="viewport"' in page                            # phones
    assert page.count("<svg") == 1                              # the graph, both readings marked, inline
    for heading in ("问题", "简要结论", "事实", "逐项要件分析", "两种立场的分歧", "结论", "合规清单", "附录"):
        assert f">{heading}</h2>" in page
    # every element, its deciding rule linked to the marked row of the appendix
    assert 'href="#tbl-dt_duty-r4"' in page and 'id="tbl-dt_duty-r4" class="row-selected"' in page


def test_english_html(mini):
    page = html_of(mini, "platform_refused", "en")
    assert '<html lang="en">' in page
    for heading in ("Question", "Short answer", "Where the two readings part", "Compliance checklist"):
        assert f">{heading}</h2>" in page
    assert "服务类型" in page           # the Chinese labels of the facts stay beside the English


def test_markdown(mini):
    text = md_of(mini, "platform_refused")
    assert text.startswith("# 某平台拒不履行信息网络安全管理义务案（测试）\n")
    assert "## 2. 简要结论" in text and "## 5. 两种立场的分歧" in text and "```mermaid\nflowchart LR" in text
    assert "\\_" in text            # names escaped for Markdown
    # every table row has as many cells as its header
    for block in re.findall(r"((?:^\|.*\|\n)+)", text, re.M):
        rows = block.strip("\n").split("\n")
        widths = {len(re.findall(r"(?<!\\)\|", r)) for r in rows}
        assert len(widths) == 1, rows[:3]


HOSTILE_TITLE = "<script>alert(1)</script>{{ 7*7 }}{% raw %}*bold* [x](javascript:alert(1)) | pipe `tick`"


def test_case_text_is_only_ever_text_in_html(mini):
    page = html_of(mini, "hostile")
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;{{ 7*7 }}{% raw %}" in page
    assert "&lt;img src=x onerror=alert(2)&gt;{{ config }}" in page
    assert ">49<" not in page


def test_case_text_is_only_ever_text_in_markdown(mini):
    text = md_of(mini, "hostile")
    title = text.splitlines()[0]
    assert title == ("# \\<script\\>alert(1)\\</script\\>\\{\\{ 7\\*7 \\}\\}\\{% raw %\\}\\*bold\\* "
                     "\\[x\\](javascript:alert(1)) \\| pipe \\`tick\\`")
    assert not re.search(r"(?<!\\)<(script|img)", text)         # every < escaped


def test_markdown_escaping_helpers():
    assert R.md_escape("a*b_c\nd") == "a\\*b\\_c d"
    assert R.md_escape("<b>&") == "\\<b\\>&amp;"
    assert R.md_code("x`y") == "``x`y``"
    assert R.md_cell_code('"a"|"b"') == '`"a"\\|"b"`'
    assert R.md_cell("") == " "


@pytest.fixture
def templates(tmp_path):
    folder = tmp_path / "templates"
    shutil.copytree(R.template_dir(), folder)
    return folder


def test_a_syntax_error_names_the_template_and_line(mini, templates):
    facts = templates / "partials" / "facts.html.j2"
    lines = facts.read_text(encoding="utf-8").splitlines()
    lines[4] = "{% if %}"
    facts.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        html_of(mini, "platform_refused", templates=templates)
    assert e.value.file.endswith("partials/facts.html.j2") and e.value.line == 5
    assert "\n" not in str(e.value)


def test_a_failing_expression_names_the_template_and_line(mini, templates):
    answer = templates / "partials" / "answer.html.j2"
    text = answer.read_text(encoding="utf-8").replace("{{ a.headline }}", "{{ a.no_such_field }}")
    answer.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as e:
        html_of(mini, "platform_refused", templates=templates)
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "no_such_field" in ln)
    assert e.value.file.endswith("partials/answer.html.j2") and e.value.line == line
    assert "no_such_field" in str(e.value)


def test_a_missing_template(mini, templates):
    (templates / "memo.md.j2").unlink()
    with pytest.raises(TemplateError, match="memo.md.j2"):
        md_of(mini, "platform_refused", templates=templates)


def test_the_same_input_gives_the_same_memo(mini, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = html_of(mini, "platform_refused")
    assert html_of(mini, "platform_refused") == first
    assert "2023年11月14日" in first


def test_one_environment_per_process(mini):
    html_of(mini, "platform_refused")
    env = R.environment(R.template_dir(), "html", "zh")
    html_of(mini, "access_administrative")
    assert R.environment(R.template_dir(), "html", "zh") is env


def test_unknown_format_and_language(mini):
    case = mini_case("platform_refused")
    with pytest.raises(ValueError):
        R.render(mini, case, runs(mini, case), "docx", "zh")
    with pytest.raises(ValueError):
        R.render(mini, case, runs(mini, case), "html", "fr")


def analysis_of(page: str) -> str:
    start = page.index('id="analysis"')
    return page[start:page.index('<section class="conclusion"', start)]


def test_the_analysis_states_what_the_readings_share_once(mini):
    page = html_of(mini, "platform_refused")
    analysis = analysis_of(page)
    # temporal_scope: both readings by the same rule, so its reasoning is printed once
    temporal = analysis[analysis.index('id="el-temporal_scope"'):analysis.index('id="el-subject_qualification"')]
    assert temporal.count('href="#tbl-dt_time-r') == 1 and "两种立场相同" in temporal
    assert 'class="badge b-' not in temporal
    # duty_scope: the readings part; each reading's paragraph opens with its badge and its rule
    duty = analysis[analysis.index('id="el-duty_scope"'):analysis.index('id="el-liability_286_1"')]
    assert duty.count('<p class="pt"><span class="badge b-') == 2
    assert duty.index('<p class="pt"><span class="badge b-judicial">') < duty.index('href="#tbl-dt_duty-r4"') \
        < duty.index('<p class="pt"><span class="badge b-restrictive">') < duty.index('href="#tbl-dt_duty-r5"')
    assert "两种立场在此分歧" in duty


def test_one_reading_prints_no_reading_labels(mini):
    analysis = analysis_of(html_of(mini, "platform_refused", option="judicial"))
    assert 'class="badge b-' not in analysis and "两种立场" not in analysis


def test_markdown_states_what_the_readings_share_once(mini):
    text = md_of(mini, "platform_refused")
    temporal = text[text.index("### 时间效力"):text.index("### 主体资格")]
    assert temporal.count("判定规则") == 1 and "两种立场相同" in temporal
    duty = text[text.index("### 义务范围"):text.index("### 第286条之一责任")]
    assert duty.count("判定规则") == 2 and "**司法立场**" in duty and "**限缩立场**" in duty


def test_paper_prints_the_matching_rules_and_the_screen_the_whole_tables(mini):
    case = mini_case("platform_refused")
    from dmnlaw.memo import content

    memo = content.build(mini, case, runs(mini, case), R.words("zh"))
    screen = R.render_template(R.template_dir(), "html", "zh", memo)
    paper = R.render_template(R.template_dir(), "html", "zh", memo, paged=True)
    # on screen: each table's matching rows, then the whole table folded
    assert screen.count("<details>") == len([t for t in memo.tables if len(t.rows) > len(t.marks)])
    assert 'id="tbl-dt_duty-r4" class="row-selected"' in screen
    # on paper: each decided table's deciding rule as a paragraph, no reasoning, no folded tables
    assert "<details>" not in paper and "<table" not in paper[paper.index('id="tables"'):]
    assert paper.count('<p class="mr"') == len(memo.tables)
    rules = paper[paper.index('id="tables"'):]
    assert '<br>第 4 条规则〔司法〕' in rules and 'id="tbl-dt_duty"' in rules
    # paper's links to a rule go to its table (the rules have no anchors of their own there)
    assert 'href="#tbl-dt_duty"' in paper and 'href="#tbl-dt_duty-r' not in paper
    assert "平台负有事前与事后审查义务。" not in rules        # a rule's 理由 stays in the analysis
    # the cells in words, as a lawyer reads them, not the model's codes
    assert "条件 角色：平台服务提供者；违反的义务：内容审核；解释立场：司法立场 → 结果 义务成立：是" in rules
    assert "&#34;platform&#34;" not in rules and "content_review" not in rules
    assert "第 3 条规则〔司法、限缩〕：条件 不限 → 结果 适用" in rules


def test_an_english_memo_names_the_offence_in_english_with_its_chinese_name(legal):
    from memo_support import ROOT

    from dmnlaw.cases import read_case

    case = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    en = R.render(legal, case, runs(legal, case), "md", "en").decode()
    assert ("Liable for the offence of refusing to fulfil information-network security "
            "management duties (拒不履行信息网络安全管理义务罪)") in en
    zh = R.render(legal, case, runs(legal, case), "md", "zh").decode()
    assert "the offence of" not in zh and "拒不履行信息网络安全管理义务罪" in zh


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_the_administrative_fallbacks_sentences_run_on_in_chinese_and_are_spaced_in_english(legal, fmt):
    from memo_support import ROOT

    from dmnlaw.cases import read_case

    case = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    en = R.render(legal, case, runs(legal, case), fmt, "en").decode()
    zh = R.render(legal, case, runs(legal, case), fmt, "zh").decode()
    assert "security management and technical measures. Penalty under Cybersecurity Law Art. 59. Order" in en
    assert "网络安全管理制度与技术措施。依《网络安全法》第59条处罚。责令改正" in zh


def test_template_messages_escape_their_variables_and_read_percent_signs():
    html = R.environment(R.template_dir(), "html", "zh").from_string(
        '{{ _("%(x)s of 100%%", x=v) }}|{{ _("100%%") }}|{{ _("Reference") }}')
    assert html.render(v="<b>") == "&lt;b&gt; of 100%|100%|案号"
    md = R.environment(R.template_dir(), "md", "zh").from_string('{{ _("%(x)s of 100%%", x=v) }}')
    assert md.render(v="*x*") == "\\*x\\* of 100%"


def test_literal_messages_translated_at_compile_time_read_as_at_render_time():
    html = R.environment(R.template_dir(), "html", "en")
    page = html.from_string('{{ _("Reference") }}|{{ _("100%%") }}|{% set t = _("it\'s <b>") %}{{ t }}|'
                            '{{ ["a", "b"] | join(_(", ")) }}|{{ _("%(x)s!", x="<i>") }}')
    # as jinja2.ext.i18n's newstyle gettext gives them: the translation is markup, variables escaped
    assert page.render() == "Reference|100%|it's <b>|a, b|&lt;i&gt;!"
    md = R.environment(R.template_dir(), "md", "zh")
    assert md.from_string('{{ _("a *b*") }}').render() == "a \\*b\\*"
