"""memo.law: citing the provisions LAW.md names in English."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from dmnlaw.memo.law import citation_in_english

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef《》〔〕]")
NUMERALS = "一二三四五六七八九十"


@pytest.mark.parametrize("text, english", [
    ("《刑法》第286条之一第1款第(四)项", "Criminal Law Art. 286-1 para. 1 item (4)"),
    ("《刑法》第287条之二第3款", "Criminal Law Art. 287-2 para. 3"),
    ("《刑法》第12条", "Criminal Law Art. 12"),
    ("法释〔2019〕15号 第12条第1款第(三)项", "Interpretation [2019] No. 15 Art. 12 para. 1 item (3)"),
    ("法释〔2019〕15号", "Interpretation [2019] No. 15"),
    ("《解释》第11条", "Interpretation Art. 11"),
    ("《修正案(九)》第28条", "Criminal Law Amendment (IX) Art. 28"),
    ("《网络安全法》第47条", "Cybersecurity Law Art. 47"),
    ("《反恐怖主义法》第19条", "Anti-Terrorism Law Art. 19"),
    ("《计算机信息网络国际联网管理暂行规定》",
     "Interim Provisions on the Administration of International Networking of Computer Information Networks"),
])
def test_provisions_in_english(text, english):
    assert citation_in_english(text) == english


def test_a_law_law_md_does_not_name_keeps_its_title():
    assert citation_in_english("《民法典》第1194条") == "《民法典》 Art. 1194"


@pytest.mark.parametrize("text", ["(2018)沪0115刑初2974号", "002_72687a30ef485adf.txt §3.2",
                                  "《网络安全法》第40条、第41条", "《刑法》第286条之一（兜底）", ""])
def test_other_forms_are_cited_as_written(text):
    assert citation_in_english(text) == text


def _numeral(n: int) -> str:
    tens, ones = divmod(n, 10)
    return (("" if tens == 1 else NUMERALS[tens - 1]) + "十" if tens else "") + (NUMERALS[ones - 1] if ones else "")


@given(law=st.sampled_from(["刑法", "网络安全法", "电子商务法", "反恐怖主义法", "解释"]),
       article=st.integers(1, 999), sub=st.none() | st.integers(1, 99),
       para=st.none() | st.integers(1, 9), item=st.none() | st.integers(1, 99))
def test_every_article_paragraph_and_item_keeps_its_numbers(law, article, sub, para, item):
    text = f"《{law}》第{article}条" + (f"之{_numeral(sub)}" if sub else "") + \
        (f"第{para}款" if para else "") + (f"第({_numeral(item)})项" if item else "")
    english = citation_in_english(text)
    assert not CJK.search(english), english
    assert f"Art. {article}" + (f"-{sub}" if sub else "") in english
    assert (f"para. {para}" in english) == bool(para)
    assert (f"item ({item})" in english) == bool(item)
