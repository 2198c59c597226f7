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

# The decisions that state liability under each article (DESIGN §2 "Decisions").
OFFENCES: tuple[str, ...] = ("liability_286_1", "liability_287_2")
CONVICTION = "conviction"
SENTENCE = "sentence_range"
SUBJECT = "subject_qualification"
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
