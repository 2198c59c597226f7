"""content.build: what the memo says, section by section (DESIGN §3), before any template."""
from __future__ import annotations

import re

import pytest

from dmnlaw.cases import read_case
from dmnlaw.memo import content
from dmnlaw.memo.render import words
from memo_support import CASES, ROOT, mini_case, runs


def build(model, case, option="both", lang="zh"):
    return content.build(model, case, runs(model, case, option), words(lang))


@pytest.fixture(scope="module")
def platform(mini):
    return build(mini, mini_case("platform_refused"))


def test_header(platform, mini, monkeypatch):
    assert platform.title == "某平台拒不履行信息网络安全管理义务案（测试）"
    assert platform.reference == "(2099)测0101刑初1号"
    assert platform.sha256 == mini.sha256 and len(platform.sha256) == 64
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert build(mini, mini_case("platform_refused")).date == "2023年11月14日"


def test_short_answer_per_doctrine(platform):
    judicial, restrictive = platform.answers
    assert judicial.doctrine.code == "judicial" and judicial.tone == "adverse"
    assert judicial.headline == "构成拒不履行信息网络安全管理义务罪"
    assert "三年以下有期徒刑" in judicial.sentence
    assert restrictive.tone == "clear" and restrictive.sentence is None


def test_facts_given_with_their_labels(platform):
    facts = {f.name: f for f in platform.facts}
    assert "doctrine" not in facts
    assert facts["service"].label == "服务类型"
    assert facts["service"].value.text == "信息发布" and facts["service"].value.code == "information_publishing"
    assert facts["illegal_items"].value.text == "3,000"
    assert facts["conduct_date"].value.text == "2018年3月1日"


def test_elements_in_graph_order(platform, mini):
    names = [e.name for e in platform.elements]
    assert names == ["temporal_scope", "subject_qualification", "duty_scope", "liability_286_1", "sentence_range"]
    for e in platform.elements:
        for reading in e.readings:
            (part,) = reading.parts
            assert part.rules and part.rules[0].reason and part.rules[0].table


def test_a_reading_names_its_rule_reason_citations_and_facts(platform):
    duty = next(e for e in platform.elements if e.name == "duty_scope")
    judicial, restrictive = duty.readings
    rule = judicial.parts[0].rules[0]
    assert (rule.table, rule.number) == ("dt_duty", 4)
    assert rule.reason == "平台负有事前与事后审查义务。"
    assert [c.text for c in rule.citations] == ["《电子商务法》第29条", "002_72687a30ef485adf.txt"]
    assert rule.citations[1].seed and rule.citations[1].title
    decisive = [u.label for u in judicial.parts[0].used if u.decisive]
    assert decisive == ["角色", "违反的义务", "解释立场"]
    assert restrictive.parts[0].rules[0].number == 5
    assert dict(restrictive.members)["义务成立"].text == "否"


def test_where_the_readings_part(platform):
    dv = platform.divergence
    assert dv.label == "义务范围" and dv.outcome_differs
    assert [e.first_divergence for e in platform.elements] == [False, False, True, False, False]
    judicial, restrictive = dv.sides
    assert [c.text for c in judicial.seeds] == ["002_72687a30ef485adf.txt"]
    assert [c.text for c in restrictive.seeds] == ["001_da790155adbb6e11.txt"]
    assert restrictive.seeds[0].title == "陈洪兵《网络服务商的刑事责任边界》"  # the model's knowledge source
    assert [label for label, _ in dv.others] == ["第286条之一责任", "量刑幅度"]


def test_why_not_names_the_failing_element(platform):
    (why,) = platform.why_not
    assert why.doctrine.code == "restrictive" and why.value.text == "不承担责任"
    assert why.rule.number == 3
    (failed,) = why.failed
    assert failed.label == "义务成立" and failed.value.text == "否"
    assert failed.reason == "无一般监控义务，仅负通知—删除义务。"
    assert failed.anchor == "el-duty_scope"


def test_missing_facts_are_put_as_questions(mini):
    memo = build(mini, mini_case("open_facts"))
    assert [a.tone for a in memo.answers] == ["open", "open"]
    (q,) = memo.missing
    assert q.name == "conduct_date" and q.question.endswith("？")
    assert q.doctrines == ["司法", "限缩"]
    assert "违法信息条数" in memo.unstated
    why = memo.why_not[0]
    assert why.value.tone == "open" and why.missing == ["行为日期"]


def test_administrative_fallback(mini):
    memo = build(mini, mini_case("access_administrative"))
    for c in memo.conclusions:
        assert c.tone == "plain" and c.admin is not None
        assert c.admin.provision == "《网络安全法》第59条"
        assert c.admin.fine.startswith("责令改正")
        assert c.admin.before_csl          # 2016-06-30: before the Cybersecurity Law
        assert "第59条" in c.sentence


def test_compliance_checklist(platform):
    cl = platform.checklist
    assert [r.text for r in cl.roles] == ["平台服务提供者", "平台服务提供者"]
    items = {i.code: i for i in cl.items}
    assert [m.text for m in items["content_review"].marks] == ["负有", "不负有"]
    assert items["content_review"].breached and not items["log_retention"].breached
    assert items["log_retention"].provisions[0].text == "《网络安全法》第21条第(三)项"
    assert items["illegal_info_handling"].penalty == "《网络安全法》第68条"


def test_appendix_tables_mark_the_deciding_rows(platform):
    tables = {t.name: t for t in platform.tables}
    assert list(tables) == ["dt_time", "dt_subject", "dt_duty", "dt_liab", "dt_sentence"]
    duty = tables["dt_duty"]
    assert [(d.code, k) for d, k in duty.marks[4]] == [("judicial", "selected")]
    assert ("restrictive", "selected") in [(d.code, k) for d, k in duty.marks[5]]
    assert len(duty.rows) == 8 and duty.rows[3].cells[:2] == ('"platform"', '"content_review"')


def test_one_figure_marks_the_path_of_either_reading_and_names_values_that_differ(platform):
    [figure] = platform.figures
    assert [d.code for d in figure.doctrines] == ["judicial", "restrictive"]
    assert "#9b1c1c" in figure.svg and figure.svg.startswith("<svg")
    assert figure.mermaid.startswith("flowchart LR")
    model, path, notes, _ = figure._args
    on_path = {e.name for e in platform.elements if e.on_path}
    assert {model.graph.nodes[k]["node"].name for k in path} >= on_path   # as the analysis marks them
    duty = next(e for e in platform.elements if e.name == "duty_scope")
    assert duty.differs and notes["duty_scope"].startswith("司法 ") and " · 限缩 " in notes["duty_scope"]


def test_one_doctrine(mini):
    memo = build(mini, mini_case("platform_refused"), "restrictive")
    assert [d.code for d in memo.doctrines] == ["restrictive"] and memo.divergence is None


def test_english(mini):
    memo = build(mini, mini_case("platform_refused"), lang="en")
    assert memo.answers[0].headline.startswith("Liable for")
    facts = {f.name: f for f in memo.facts}
    assert facts["service"].label == "Service" and facts["service"].model_label == "服务类型"
    assert memo.elements[0].label == "Temporal scope"


class TestLegalModel:
    def test_the_answer_follows_the_conviction(self, legal):
        for path in CASES[:40]:
            case = read_case(path)
            memo = build(legal, case)
            for answer, (_, result, _) in zip(memo.answers, runs(legal, case)):
                charge = result["conviction"]["charge"]
                if charge in ("art_286_1", "art_287_2", "accomplice", "other_offence"):
                    assert answer.tone == "adverse" and result["conviction"]["charge_name"] in answer.headline
                elif charge == "undetermined" or "undetermined" in (result.get("liability_286_1"),
                                                                    result.get("liability_287_2")):
                    assert answer.tone == "open"       # no charge yet, but an offence still open
                else:
                    assert answer.tone in ("clear", "plain"), path

    def test_every_context_member_has_its_rule(self, legal):
        case = read_case(CASES[0])
        memo = build(legal, case)
        subject = next(e for e in memo.elements if e.name == "subject_qualification")
        parts = subject.readings[0].parts
        assert [p.member for p in parts] == ["服务类别", "服务角色", "具备主体资格", "责任身份"] or \
            all(p.member for p in parts)
        assert all(p.rules or p.no_rule for p in parts)

    def test_the_deciding_path_reaches_the_facts(self, legal):
        case = read_case(CASES[0])
        memo = build(legal, case)
        on_path = [e.name for e in memo.elements if any(r.on_path for r in e.readings)]
        assert "liability_286_1" in on_path and "conviction" in on_path and "temporal_scope" in on_path


def test_what_the_readings_decide_alike_is_stated_once(platform):
    elements = {e.name: e for e in platform.elements}
    temporal = elements["temporal_scope"]
    assert temporal.same and not temporal.differs
    (row,) = temporal.rows
    assert row.alike and [d for d, _ in row.sides] == [None]          # once, under no reading
    assert temporal.results == [(None, temporal.readings[0].value, [])]
    duty = elements["duty_scope"]
    (row,) = duty.rows
    assert not row.alike
    assert [d.code for d, _ in row.sides] == ["judicial", "restrictive"]
    assert [p.rules[0].number for _, p in row.sides] == [4, 5]
    assert [d.code for d, _, _ in duty.results] == ["judicial", "restrictive"]


def test_one_reading_has_no_sides(mini):
    memo = build(mini, mini_case("platform_refused"), "judicial")
    for e in memo.elements:
        assert all(r.alike and r.sides[0][0] is None for r in e.rows)


def test_a_why_not_both_readings_share_is_given_once(legal):
    memo = build(legal, read_case(ROOT / "cases" / "hu_mou_vpn_2018.json"))
    names = [(w.label, [d.code for d in w.doctrines]) for w in memo.why_not]
    assert ("第287条之二的责任", ["judicial", "restrictive"]) in names      # once, for both
    assert [n for n, _ in names].count("第287条之二的责任") == 1


@pytest.fixture(scope="module")
def hu_mou(legal):
    """The README's example case: the readings part on the elements of Art. 286-1."""
    return build(legal, read_case(ROOT / "cases" / "hu_mou_vpn_2018.json"))


class TestHuMou:
    def test_a_context_shows_alike_members_once_and_the_others_side_by_side(self, hu_mou):
        subject = next(e for e in hu_mou.elements if e.name == "subject_qualification")
        assert not subject.differs and not subject.same and subject.mixed
        alike = [r.sides[0][1].member for r in subject.rows if r.alike]
        split = [r for r in subject.rows if not r.alike]
        assert "服务类别" in alike and "责任身份" in alike
        assert [[p.member for _, p in r.sides] for r in split] == [["具备主体资格", "具备主体资格"]]

    def test_facts_ruled_out_by_the_reading_itself_are_not_shown_as_common(self, hu_mou):
        for e in hu_mou.elements:
            for r in e.rows:
                if r.alike:
                    assert all(u.label != "解释立场" for u in r.sides[0][1].earlier), e.name

    def test_the_analysis_is_about_half_of_printing_every_reading(self, hu_mou):
        shown = sum(len(r.sides) for e in hu_mou.elements for r in e.rows)
        every = sum(len(rd.parts) for e in hu_mou.elements for rd in e.readings)
        assert shown < 0.7 * every


def test_nested_tables_are_read_from_the_trace(legal, monkeypatch):
    """Every table a context decision ran comes from the engine's trace: nothing is evaluated again."""
    from dmnlaw.memo import trace

    case = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    (_, result, _), = runs(legal, case, "judicial")
    key = legal.decisions["subject_qualification"]
    monkeypatch.setattr(legal.compiled.decisions[key], "fn", None, raising=False)  # would fail if called
    tables = trace.table_runs(legal, result)[key]
    assert [t.member for t in tables] == ["provider_category", "provider_role", "qualified", "liable_as"] or \
        all(t.member for t in tables)
    entry = next(e for e in result.trace if e.key == key)
    assert [t.name for t in tables] == [h.table.name for h in entry.hits]


def test_a_rules_cells_read_in_words_and_other_feel_as_written(legal):
    from memo_support import ROOT

    from dmnlaw.cases import read_case

    case = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    memo = build(legal, case)
    rows = {t.name: t.brief_rows for t in memo.tables}
    [(row, conds, outs)] = rows["sq_role_table"]
    assert conds == [("提供的网络服务", "网络接入、域名注册解析、通信")] and outs[0][1] == "接入服务提供者"
    [(row, conds, outs)] = rows["temporal_scope_table"]
    assert conds[0][1] == "≥ 2015年11月1日"                      # a comparison with its sign
    b = _Builder_for(legal, case)
    assert b.brief_cell('"written", null', "order_form", True) == "书面、未提供"
    assert b.brief_cell('true, null', "e286_objective", False) == "是、待定"
    assert b.brief_cell('not("none", null)', "service", True) == "除未提供网络服务、未提供以外"


def _Builder_for(model, case):
    from dmnlaw.cases import evaluate_case
    from dmnlaw.memo import content
    from dmnlaw.memo.render import words

    return content._Builder(model, case, [("judicial", evaluate_case(model, case, "judicial"), None)], words("zh"))


def test_every_part_says_the_facts_it_relied_on(legal):
    """Parts both readings decide alike are merged; the merged part still lists its facts."""
    for path in CASES[:25]:
        memo = build(legal, read_case(path))
        for el in memo.elements:
            for row in el.rows:
                for _, p in row.sides:
                    if p is not None and p.decisive:
                        assert p.relied and p.relied.startswith(p.decisive[0].text), (path, el.name)
                    if p is not None and p.earlier:
                        assert p.ruled_out, (path, el.name)


def test_a_null_reads_as_the_catalogue_says_for_its_element(legal):
    # cv_charge_name_table gives null when there is no charge, "undetermined" when it is open
    b = _Builder_for(legal, read_case(ROOT / "cases" / "hu_mou_vpn_2018.json"))
    assert b.shown(None, "charge_name").text == "无（不构成犯罪）"
    assert b.shown(None, "charge_name").tone == "plain"
    assert b.shown("undetermined", "charge_name").text == "待定"
    assert b.shown(None, "serious_circumstance_287_2").text == "待定"      # no entry: undetermined
    assert b.shown(None, "helped_count", fact=True).text == "未提供"


def test_a_memo_reads_the_same_whatever_memos_came_before(legal):
    """Parts are kept from memo to memo (content._Cache.parts): a memo made after others
    is the memo made first in a fresh process."""
    from dmnlaw.memo.render import render

    picks = CASES[:12]
    content._caches.clear()
    fresh = {}
    for path in picks:
        case = read_case(path)
        fresh[path] = render(legal, case, runs(legal, case), "html", "zh")
        content._caches.clear()
    for path in reversed(picks * 2):
        case = read_case(path)
        assert render(legal, case, runs(legal, case), "html", "zh") == fresh[path], path


def test_a_kept_part_is_told_apart_by_the_types_of_its_values(legal):
    """True and 1 are equal keys in Python; as facts they read 是 and 1."""
    import dataclasses

    case = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    b = _Builder_for(legal, case)
    key, run = next((k, r) for k, per in b.runs_by_key[0].items() for r in per
                    if any(v is True for v in r.column_values))
    value = b.results[0].get(legal.compiled.decisions[key].name)
    as_number = dataclasses.replace(run, column_values=[1 if v is True else v for v in run.column_values])
    yes, one = b.part(0, key, run, value), b.part(0, key, as_number, value)
    assert yes is not one
    assert any(u.value.text == "是" for u in yes.used) and not any(u.value.text == "是" for u in one.used)
    assert b.part(0, key, run, value) is yes   # kept


CJK = re.compile(r"[\u4e00-\u9fff《》〔〕]")


@pytest.fixture(scope="module")
def hu_mou_en_zh(legal):
    case = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    return build(legal, case, lang="en"), build(legal, case, lang="zh")


def _rules(memo):
    return [r for e in memo.elements for rd in e.readings for p in rd.parts for r in p.rules]


class TestEnglishMemoOfTheLegalModel:
    """The legal model gives every rule its reasoning in English too (a Reasoning column):
    an English memo reads in English, its Chinese memo as before."""

    def test_reasoning_and_provisions_in_english(self, hu_mou_en_zh):
        en, _ = hu_mou_en_zh
        assert _rules(en)
        for r in _rules(en):
            assert r.reason and not CJK.search(r.reason), (r.label, r.reason)
            assert not any(k in ("理由", "Reasoning") for k, _ in r.extra)
            for c in r.citations:
                assert c.seed or not CJK.search(c.short), c.short

    def test_the_chinese_memo_keeps_the_chinese_reasoning_and_citations(self, hu_mou_en_zh):
        _, zh = hu_mou_en_zh
        for r in _rules(zh):
            assert CJK.search(r.reason), r.label
            assert not any(k == "Reasoning" for k, _ in r.extra)
        assert any(c.short.startswith("《刑法》") for r in _rules(zh) for c in r.citations)

    def test_the_range_in_english_with_the_statutes_words_under_it(self, hu_mou_en_zh):
        en, zh = hu_mou_en_zh
        judicial = en.conclusions[0]
        assert judicial.sentence.startswith("Fixed-term imprisonment of not more than three years")
        assert judicial.original == zh.conclusions[0].sentence and zh.conclusions[0].original is None
        assert en.answers[0].sentence == judicial.sentence

    def test_a_range_built_from_the_helped_crimes_name_is_said_by_its_rule(self, legal):
        # "以诈骗罪的共犯论处…" has no catalogue entry: the deciding rule's English reasoning
        # stands for it, the model's words quoted under it
        case = read_case(ROOT / "cases" / "accomplice_before_2015_2014.json")
        en, zh = build(legal, case, lang="en"), build(legal, case, lang="zh")
        for c_en, c_zh in zip(en.conclusions, zh.conclusions):
            assert "诈骗罪" in c_zh.sentence and c_en.original == c_zh.sentence
            assert c_en.sentence.startswith("An accomplice is punished") and not CJK.search(c_en.sentence)
        assert [a.headline for a in en.answers] == ["Liable as an accomplice in 诈骗罪"] * 2
        assert [a.headline for a in zh.answers] == ["构成诈骗罪（共犯）"] * 2

    def test_each_table_prints_the_reasoning_column_of_the_memos_language(self, hu_mou_en_zh):
        for memo, heading, chinese in zip(hu_mou_en_zh, ("Reasoning", "理由"), (False, True)):
            for t in memo.tables:
                notes = [j for j, c in enumerate(t.columns) if c.kind == "annotation"]
                assert [t.columns[j].header for j in notes][0] == heading, t.name
                assert len(notes) == 2 and all(len(r.cells) == len(t.columns) for r in t.rows), t.name
                assert all(bool(CJK.search(r.cells[notes[0]])) == chinese for r in t.rows), t.name

    def test_a_model_without_english_reasoning_prints_the_chinese(self, mini):
        memo = build(mini, mini_case("platform_refused"), lang="en")
        reasons = [r.reason for r in _rules(memo) if r.reason]
        assert reasons and all(CJK.search(r) for r in reasons)


def test_a_rule_that_leaves_out_annotation_cells_still_prints(tmp_path):
    # DMN lets a rule give fewer annotation entries than its table has columns (here rule 3
    # of the temporal table keeps only 理由): the memo prints its empty cells as empty.
    import shutil

    from dmnlaw.api import load

    folder = tmp_path / "decisions"
    shutil.copytree(ROOT / "decisions", folder)
    path = folder / "temporal.dmn"
    text = path.read_text(encoding="utf-8")
    rule = text.index('<rule id="ts_r3">')
    end = text.index("</rule>", rule)
    body = text[rule:end]
    kept = body[:body.index("</annotationEntry>") + len("</annotationEntry>")]
    path.write_text(text[:rule] + kept + "\n      " + text[end:], encoding="utf-8")
    model = load(folder, cache=False)
    case = read_case(ROOT / "cases" / "hu_mou_vpn_2018.json")
    for lang in ("zh", "en"):
        memo = build(model, case, lang=lang)
        table = next(t for t in memo.tables if t.name == "temporal_scope_table")
        assert all(len(r.cells) == len(table.columns) for r in table.rows)
        rule3 = next(r for e in memo.elements for rd in e.readings for p in rd.parts for r in p.rules
                     if r.table == "temporal_scope_table")
        assert rule3.number == 3 and CJK.search(rule3.reason) and rule3.citations == []
