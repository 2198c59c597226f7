"""The project rule for the legal model: every rule cites what it rests on (依据), in the
forms LAW.md names.

A citation column holds citations separated by ``；``. Each one is a provision of a law
that LAW.md names — ``《刑法》第286条之一第1款第(一)项``, ``法释〔2019〕15号 第3条第(一)项``
(also written ``《解释》第3条``), ``《网络安全法》第40–42条``, ``《电子商务法》第29条``,
``《反恐怖主义法》第19条``, ``《修正案(九)》第28条``, ``《计算机信息网络国际联网管理暂行规定》`` —
or a seed paper by its file name (``001_da790155adbb6e11.txt``, optionally with a section,
``002_72687a30ef485adf.txt §3.2``), or a judgment LAW.md §5 lists by its reference.

The rule applies to a model that follows the convention: once any table has a ``依据``
column, every table must have the ``理由`` and ``依据`` columns and every rule a valid
citation. A model may also give each rule its reasoning in English, in a ``Reasoning``
column (what English memos print); once any table has one, a table or rule without it is a
warning: the English memo would fall back to the Chinese text there.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Iterator

from .. import model as m
from .findings import Finding

REASON, BASIS = "理由", "依据"
REASON_EN = "Reasoning"

# The laws of LAW.md (§1–§3) by the name a citation writes in 《》, and whether a citation
# of it must name an article.
LAWS: dict[str, bool] = {
    "刑法": True,
    "修正案(九)": False,
    "刑法修正案(九)": False,
    "解释": True,
    "网络安全法": True,
    "电子商务法": True,
    "反恐怖主义法": True,
    "计算机信息网络国际联网管理暂行规定": False,
}
JUDICIAL_INTERPRETATION = "法释〔2019〕15号"

# The seed papers (shared/seeds), which LAW.md cites by file name.
SEEDS = frozenset({
    "000_4c1840e597727e3d.txt", "001_da790155adbb6e11.txt", "002_72687a30ef485adf.txt",
    "003_795a910fde5591d5.txt", "004_0294eb02f452cc85.txt",
})

# The judgments of LAW.md §5, by reference.
JUDGMENTS = frozenset({
    "(2015)海刑初字第512号", "(2016)京01刑终592号", "(2016)桂0126刑初149号",
    "(2017)豫0611刑初340号", "(2016)苏0412刑初1196号", "(2016)浙0604刑初1032号",
    "(2017)浙07刑终800号", "(2017)浙0782刑初1563号", "(2016)粤0306刑初350号",
    "(2016)粤03刑终1884号", "(2020)云0103刑初1206号", "(2018)沪0115刑初2974号",
    "(2018)赣0102刑初585号",
})

_N = r"(?:\d+|[一二三四五六七八九十百零〇]+)"
_DASH = r"\s*(?:–|—|-|~|～|至)\s*"
_ARTICLE = (rf"第\s*{_N}(?:{_DASH}{_N})?\s*条(?:之[一二三四五六七八九十]+)?"
            rf"(?:\s*第\s*{_N}\s*款)?"
            rf"(?:\s*第?\s*[(（]{_N}[)）](?:(?:{_DASH}|、)?[(（]{_N}[)）])*\s*项?)?")
# Several provisions of one law: 第40条、第41条 / 第40条和第41条.
_ARTICLES = rf"{_ARTICLE}(?:\s*(?:、|，|,|和|及)\s*{_ARTICLE})*"
_LAW = re.compile(rf"《(?P<law>[^《》]+)》\s*(?P<articles>{_ARTICLES})?(?P<rest>.*)", re.S)
_INTERPRETATION = re.compile(rf"法释[〔\[(（]2019[〕\])）]\s*15\s*号\s*(?P<articles>{_ARTICLES})?(?P<rest>.*)", re.S)
_SEED = re.compile(r"(?P<seed>\d{3}_[0-9a-f]{16}\.txt)(?P<rest>.*)", re.S)
_JUDGMENT = re.compile(r"[(（](?P<year>\d{4})[)）](?P<body>\S+?号)(?P<rest>.*)", re.S)
# What may follow a citation: a section of a seed, or a short note in parentheses.
_TAIL = re.compile(r"\s*(?:§\s*[\w.]+)?\s*(?:[(（][^()（）]*[)）])?\s*")


def split(text: str) -> list[str]:
    """The citations in a ``依据`` cell (separated by ``；`` or ``;``), stripped, none empty."""
    return [c.strip() for c in re.split(r"[；;]", text or "") if c.strip()]


def problem(citation: str) -> str | None:
    """Why ``citation`` is not a citation LAW.md recognises, or None when it is."""
    c = citation.strip()
    if match := _INTERPRETATION.fullmatch(c):
        if not match["articles"]:
            return "cites 法释〔2019〕15号 without an article (write 法释〔2019〕15号 第3条第(一)项)"
        return _tail(match["rest"])
    if match := _LAW.fullmatch(c):
        law = match["law"].strip()
        if law not in LAWS:
            known = "、".join(f"《{n}》" for n in LAWS)
            return f"cites 《{law}》, which LAW.md does not name (it names {known}, 法释〔2019〕15号)"
        if LAWS[law] and not match["articles"]:
            return f"cites 《{law}》 without an article (write e.g. 《{law}》第N条第N款第(N)项)"
        return _tail(match["rest"])
    if match := _SEED.fullmatch(c):
        if match["seed"] not in SEEDS:
            return f"cites the seed {match['seed']}, which is not one of {', '.join(sorted(SEEDS))}"
        return _tail(match["rest"])
    if match := _JUDGMENT.fullmatch(c):
        ref = f"({match['year']}){match['body']}"
        if ref not in JUDGMENTS:
            return f"cites the judgment {ref}, which LAW.md §5 does not list"
        return _tail(match["rest"])
    return ("is not a citation in a form LAW.md names (《刑法》第286条之一第1款第(一)项, "
            "法释〔2019〕15号 第3条第(一)项, 《网络安全法》第47条, a seed file name such as "
            "001_da790155adbb6e11.txt)")


def _tail(rest: str) -> str | None:
    if _TAIL.fullmatch(rest or ""):
        return None
    return f"has unexpected text after the provision: '{rest.strip()}'"


@dataclass(frozen=True, slots=True)
class TableRef:
    """A decision table with the name to report it by."""

    table: m.DecisionTable
    name: str


def follows_convention(tables: Iterable[TableRef]) -> bool:
    """Whether the model uses citation columns (any table has a ``依据`` annotation)."""
    return any(BASIS in t.table.annotations for t in tables)


def check_tables(tables: Iterable[TableRef]) -> Iterator[Finding]:
    """Findings for tables without 理由/依据 columns and for rules whose 依据 is missing or
    cites something LAW.md does not name."""
    for ref in tables:
        t, name = ref.table, ref.name
        missing = [c for c in (REASON, BASIS) if c not in t.annotations]
        if missing:
            yield Finding("error", "citation",
                          f"table '{name}' has no {' and '.join(missing)} annotation column "
                          f"(every rule gives its reasoning 理由 and its citations 依据)",
                          t.source.file, t.source.line, table=name)
        if BASIS not in t.annotations:
            continue
        k = t.annotations.index(BASIS)
        for rule in t.rules:
            text = rule.annotation_entries[k] if k < len(rule.annotation_entries) else ""
            cites = split(text)
            if not cites:
                yield Finding("error", "citation", f"table '{name}', rule {rule.number} cites "
                              f"nothing in {BASIS}", rule.source.file, rule.source.line,
                              table=name, rules=(rule.number,))
            for c in cites:
                why = problem(c)
                if why:
                    yield Finding("error", "citation",
                                  f"table '{name}', rule {rule.number}: {BASIS} '{c}' {why}",
                                  rule.source.file, rule.source.line, table=name,
                                  rules=(rule.number,))


def check_translations(tables: Iterable[TableRef]) -> Iterator[Finding]:
    """Warnings for tables and rules without English reasoning, in a model that gives it
    (any table has a ``Reasoning`` column); nothing for a model that does not."""
    refs = list(tables)
    if not any(REASON_EN in r.table.annotations for r in refs):
        return
    for ref in refs:
        t, name = ref.table, ref.name
        if REASON_EN not in t.annotations:
            yield Finding("warning", "citation",
                          f"table '{name}' has no {REASON_EN} column, where other tables give "
                          f"their rules' reasoning in English (English memos print 理由 for it)",
                          t.source.file, t.source.line, table=name)
            continue
        k = t.annotations.index(REASON_EN)
        for rule in t.rules:
            text = rule.annotation_entries[k] if k < len(rule.annotation_entries) else ""
            if not text.strip():
                yield Finding("warning", "citation",
                              f"table '{name}', rule {rule.number} has no English reasoning in "
                              f"{REASON_EN} (English memos print its 理由)",
                              rule.source.file, rule.source.line, table=name, rules=(rule.number,))
