"""What the memo knows about the legal model beyond its tables (LAW.md, DESIGN §2).

The decision tables decide the case; the memo only needs to know which decisions are the
conclusions it reports, where the prior laws put each duty (for the compliance checklist and
the administrative fallback), and which seed paper stands behind each reading. Citations stay
in the forms LAW.md prescribes, in Chinese in both languages: they are what a reader looks up.
Everything here degrades gracefully: a model without these decisions still gets a memo.
"""
from __future__ import annotations

import datetime as _dt
import re

from ..verify import citations as _columns

# The decisions that state liability under each article (DESIGN §2 "Decisions").
OFFENCES: tuple[str, ...] = ("liability_286_1", "liability_287_2")
CONVICTION = "conviction"
SENTENCE = "sentence_range"
SUBJECT = "subject_qualification"
# The fact naming the crime helped (an accomplice's charge, LAW.md §6 conviction).
HELPED_CRIME = "helped_crime"
DUTY_SCOPE = "duty_scope"

# The elements in the order a lawyer reads them (DESIGN §2 "Decisions"); a memo walks the
# graph in this order wherever the requirements allow, intermediate decisions just before
# the element they feed.
ELEMENT_ORDER: tuple[str, ...] = (
    "temporal_scope", "subject_qualification", "duty_scope", "order_refusal",
    "serious_circumstance_286_1", "subjective_state", "help_boundary", "serious_circumstance_287_2",
    "liability_286_1", "liability_287_2", "conviction", "sentence_range")

# Decision values that answer "no" to the question a conclusion asks.
NEGATIVE: frozenset[str] = frozenset({"none", "not_applicable", "administrative", "neutral"})
# Decision values that mean a criminal charge (liability_* and conviction.charge).
CRIMINAL: frozenset[str] = frozenset({"criminal", "art_286_1", "art_287_2", "accomplice", "other_offence"})

# The offence each article creates (LAW.md §1), named in short answers when a model has no
# `conviction` decision to name the charge.
OFFENCE_NAMES = {"liability_286_1": "拒不履行信息网络安全管理义务罪",
                 "liability_287_2": "帮助信息网络犯罪活动罪"}

# LAW.md §3: the provisions that impose each duty (what the checklist cites) ...
DUTY_PROVISIONS: dict[str, tuple[str, ...]] = {
    "security_measures": ("《网络安全法》第21条",),
    "log_retention": ("《网络安全法》第21条第(三)项",),
    "real_name_verification": ("《网络安全法》第24条", "《反恐怖主义法》第21条"),
    "technical_assistance": ("《网络安全法》第28条", "《反恐怖主义法》第18条"),
    "user_info_protection": ("《网络安全法》第40条", "《网络安全法》第41条", "《网络安全法》第42条"),
    "illegal_info_handling": ("《网络安全法》第47条", "《反恐怖主义法》第19条", "《电子商务法》第29条"),
    "content_review": ("《电子商务法》第29条", "002_72687a30ef485adf.txt"),
}
# ... and the article of 《网络安全法》 (2016 text) that fines its breach when no crime is made out.
ADMIN_PENALTY: dict[str, str] = {
    "security_measures": "《网络安全法》第59条",
    "log_retention": "《网络安全法》第59条",
    "real_name_verification": "《网络安全法》第61条",
    "user_info_protection": "《网络安全法》第64条",
    "illegal_info_handling": "《网络安全法》第68条",
    "technical_assistance": "《网络安全法》第69条",
    "content_review": "《网络安全法》第68条",
}
# Before this day the administrative regulations then in force apply instead (LAW.md §3).
CYBERSECURITY_LAW_IN_FORCE = _dt.date(2017, 6, 1)

# Seed papers are cited by file name (DESIGN §2), e.g. 001_da790155adbb6e11.txt.
SEED_RE = re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b")
# The paper each reading rests on when the deciding rules cite none (LAW.md §4): the
# restrictive reading is 陈洪兵's (seed 001); the judicial one is the courts' and 《解释》's.
DOCTRINE_SEEDS: dict[str, tuple[str, ...]] = {"judicial": (), "restrictive": ("001_da790155adbb6e11.txt",)}
DOCTRINE_AUTHORITY: dict[str, tuple[str, ...]] = {"judicial": ("法释〔2019〕15号",), "restrictive": ()}

# Citations are separated by the full-width semicolon (DESIGN §2); accept the ASCII one too.
CITATION_SPLIT = re.compile(r"[；;]")

# The reasoning column of a rule in each memo language (DESIGN §2 names 理由; a model may add
# an English one, which English memos print and Chinese memos leave out), as dmnlaw check
# knows the columns.
REASONING: dict[str, str] = {"zh": _columns.REASON, "en": _columns.REASON_EN}
BASIS = _columns.BASIS

# LAW.md's abbreviations, for citing the provisions in English.
LAW_NAMES_EN: dict[str, str] = {
    "刑法": "Criminal Law",
    "修正案(九)": "Criminal Law Amendment (IX)",
    "修正案（九）": "Criminal Law Amendment (IX)",
    "解释": "Interpretation",
    "网络安全法": "Cybersecurity Law",
    "电子商务法": "E-Commerce Law",
    "反恐怖主义法": "Anti-Terrorism Law",
    "计算机信息网络国际联网管理暂行规定":
        "Interim Provisions on the Administration of International Networking of Computer Information Networks",
}
_NUMERALS = "一二三四五六七八九十"
_CITATION = re.compile(
    r"(?:《(?P<law>[^》]+)》|法释〔(?P<year>\d{4})〕(?P<no>\d+)号)\s*"
    r"(?:第(?P<art>\d+)条(?:之(?P<sub>[一二三四五六七八九十]+))?)?"
    r"(?:第(?P<para>\d+)款)?"
    r"(?:第[(（](?P<item>[一二三四五六七八九十]+)[)）]项)?")


def _numeral(text: str) -> int:
    """一 … 九十九 as a number (the 之N of an article, the (N) of an item)."""
    if "十" not in text:
        return _NUMERALS.index(text) + 1
    tens, _, ones = text.partition("十")
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (_NUMERALS.index(ones) + 1 if ones else 0)


def citation_in_english(text: str) -> str:
    """A citation written as LAW.md prescribes, in English: 《刑法》第286条之一第1款第(四)项 is
    "Criminal Law Art. 286-1 para. 1 item (4)", 法释〔2019〕15号 第3条 is "Interpretation
    [2019] No. 15 Art. 3". A law LAW.md does not name keeps its Chinese title; text
    in any other form is returned as written."""
    m = _CITATION.fullmatch(text.strip())
    if m is None:
        return text
    if m["law"] is not None:
        name = LAW_NAMES_EN.get(m["law"], f"《{m['law']}》")
    else:
        name = f"Interpretation [{m['year']}] No. {m['no']}"
    words = [name]
    if m["art"]:
        words.append(f"Art. {m['art']}" + (f"-{_numeral(m['sub'])}" if m["sub"] else ""))
    if m["para"]:
        words.append(f"para. {m['para']}")
    if m["item"]:
        words.append(f"item ({_numeral(m['item'])})")
    return " ".join(words)
