"""memo.cells: a decision table's input cell as paper's appendix reads it."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dmnlaw.memo.cells import in_words, top_level_items
from dmnlaw.memo.render import words


def codes(v):
    return {"network_access": "网络接入", "none": "无", True: "是", False: "否", None: "未提供"}.get(v, str(v))


@pytest.fixture(scope="module")
def zh():
    return words("zh")


@pytest.mark.parametrize("cell, said", [
    ('"network_access", "none"', "网络接入、无"),
    ("true, null", "是、未提供"),
    ('>= date("2015-11-01")', "≥ 2015年11月1日"),
    ('@"2019-10-01"', "2019年10月1日"),
    ("< 2000", "< 2,000"),
    ("!= 3", "≠ 3"),
    ("< -3", "< -3"),
    ("[1..5]", "1至5"),
    ("(1..5]", "> 1且≤ 5"),
    ('not("none", null)', "除无、未提供以外"),
    # forms with no words of their own stay FEEL
    ("> x + 1", "> x + 1"),
    ('date("2019-02-30")', 'date("2019-02-30")'),
    ("count(?) > 1", "count(?) > 1"),
    ("-", "-"),
])
def test_a_cell_in_words(zh, cell, said):
    assert in_words(cell, codes, zh) == said


def test_english(zh):
    en = words("en")
    assert in_words('>= date("2015-11-01")', codes, en) == "≥ 1 November 2015"
    assert in_words('not("none")', codes, en) == "anything but 无"
    assert in_words("[1..5]", codes, en) == "1 to 5"


def test_items_are_split_at_top_level_commas_only():
    assert top_level_items('"a, b", [1..2], not("x", "y"), f(1, 2)') == ['"a, b"', "[1..2]", 'not("x", "y")', "f(1, 2)"]
    assert top_level_items('"say \\"a, b\\""') == ['"say \\"a, b\\""']


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_text_reads_as_something(zh, text):
    """A modeller's cell is never lost: whatever it holds, words or the FEEL as written."""
    said = in_words(text, codes, zh)
    assert isinstance(said, str)
    if not top_level_items(text):
        assert said == text
