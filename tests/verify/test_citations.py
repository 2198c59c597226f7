"""The citation rule of the legal model: 依据 cites provisions LAW.md names."""
from __future__ import annotations

import pytest

from dmnlaw.verify.citations import problem, split


@pytest.mark.parametrize("citation", [
    "《刑法》第286条之一第1款第(一)项", "《刑法》第287条之二第2款", "《刑法》第12条",
    "法释〔2019〕15号 第3条第(一)项", "法释〔2019〕15号 第12条第2款", "《解释》第11条",
    "《网络安全法》第47条", "《网络安全法》第40–42条", "《网络安全法》第21条第(三)项",
    "《电子商务法》第29条", "《反恐怖主义法》第19条", "《修正案(九)》第28条",
    "《计算机信息网络国际联网管理暂行规定》", "001_da790155adbb6e11.txt",
    "002_72687a30ef485adf.txt §3.2", "(2018)沪0115刑初2974号",
])
def test_accepted(citation):
    assert problem(citation) is None


@pytest.mark.parametrize("citation,why", [
    ("《民法典》第1条", "does not name"), ("《刑法》", "without an article"),
    ("法释〔2019〕15号", "without an article"), ("009_0000000000000000.txt", "not one of"),
    ("(2099)京01刑终1号", "does not list"), ("see the statute", "not a citation"),
    ("《刑法》第287条之二 and more", "unexpected text"),
])
def test_refused(citation, why):
    assert why in problem(citation)


def test_split():
    assert split("《刑法》第12条；001_da790155adbb6e11.txt; ") == ["《刑法》第12条", "001_da790155adbb6e11.txt"]
