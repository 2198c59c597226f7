"""What the memo says (DESIGN §3), worked out from the runs before any template sees it.

:func:`build` turns a model, a case and its runs (one per doctrine) into a :class:`Memo`:
plain dataclasses of display text in the memo's language, in the order of the sections.
The templates (HTML and Markdown alike) only lay it out, so both formats say the same thing
and no legal reasoning hides in a template. Nothing here escapes text: every string from a
case or a model is plain text, and the templates escape it; only the drawn graph (built
here from escaped parts) is passed on as markup.
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import threading
import weakref
from dataclasses import dataclass, field, replace as _replace
import functools
from functools import cached_property, lru_cache
from typing import Any, Callable, Sequence

import networkx as nx
from markupsafe import Markup

from .. import model as m
from ..cases import Case
from ..evaluate import Result, TraceEntry
from . import cells
from . import checklist as duties_check
from . import graph as drg
from . import law, trace
from .i18n import UNDETERMINED, Words

# (doctrine, result, run JSON or None), as the CLI passes them; the memo reads the first two.
Run = tuple[str, Result, "dict[str, Any] | None"]

_CONCLUDING = {*law.OFFENCES, law.CONVICTION}   # values of these get a liable/not-liable tone
_TONES = {"criminal": "adverse", "administrative": "plain", "none": "clear", "undetermined": "open"}
_NOTE_MAX = 24                                   # characters of a value under a node of the graph
# The figure draws decisions only: the facts have their own section, and with every fact and
# source drawn the graph no longer fits a page.
_FIGURE_KINDS = ("decision", "bkm", "service")
# The figure names the face the PDF cuts for it (memo.fonts) first; a browser skips it.
_FIGURE_FONT = "dmnlaw Sans, " + drg.FONT


# --- the memo's parts -----------------------------------------------------------------------

@dataclass
class Shown:
    """A value as the reader sees it; ``code`` is the model's value when the text differs."""

    text: str
    code: str | None = None
    tone: str = "plain"     # adverse (liable), clear (not liable), open (undetermined), duty, plain


@dataclass
class Citation:
    """One citation of a rule's 依据; ``title`` names a seed paper cited by file name, and
    ``note`` is that title as printed after it, bracketed in the memo's language."""

    text: str
    seed: bool = False
    title: str | None = None
    note: str | None = None
    # How the text cites it: a seed paper by its number (文献 001), listed in full once in
    # the memo's references; anything else as written.
    short: str = ""


@dataclass
class RuleRef:
    """The rule that decided an element: table, 1-based number, its 理由 and 依据.

    ``label`` names it in the memo's language ("决策表 T 第 n 条规则")."""

    table: str
    number: int
    rule_id: str
    anchor: str
    reason: str | None
    citations: list[Citation]
    extra: list[tuple[str, str]] = field(default_factory=list)   # other annotation columns
    label: str = ""
    table_anchor: str = ""       # the table's own anchor (paper's appendix has no rows)


@dataclass
class Used:
    """A table column the decision read: its label, value, and the elements it comes from."""

    label: str
    value: Shown
    decisive: bool                                  # tested by the deciding rule itself
    sources: list[tuple[str, str | None]] = field(default_factory=list)  # (label, anchor of a decision)
    # "label: value" in the memo's language, and the decisions among the sources (label,
    # anchor): what the analysis prints of it, put together once.
    text: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Part:
    """What one decision table decided: the whole element, or one member of a context."""

    member: str | None          # the member's display name (None: the element itself)
    value: Shown
    table: str                  # the table's id in the model
    hit_policy: str
    rules: list[RuleRef]
    used: list[Used]            # the columns that decided (see Used.decisive)
    no_rule: bool               # no rule matched: the table's default (or null) stands
    decisive: list[Used] = field(init=False, repr=False, compare=False)
    earlier: list[Used] = field(init=False, repr=False, compare=False)
    # The two lists as the analysis prints them, put together once by the builder:
    # "label: value (→element it comes from); …".
    relied: str = field(default="", repr=False, compare=False)
    ruled_out: str = field(default="", repr=False, compare=False)
    # What the part was made from (table, rules, values; see _Builder.part) when it is kept
    # from memo to memo, so a renderer may keep its markup as long; None for a part made
    # for one memo only.
    key: tuple[Any, ...] | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.decisive = [u for u in self.used if u.decisive]
        self.earlier = [u for u in self.used if not u.decisive]


@dataclass
class PartRow:
    """One part of an element as the analysis prints it: once when every reading decides it
    alike (same value, same rule, same facts relied on), else side by side, one per reading
    (``None`` where a reading did not run that table)."""

    alike: bool
    sides: list[tuple["Doctrine | None", Part | None]]


@dataclass
class Reading:
    """One element under one doctrine: its value, and the tables that decided it."""

    doctrine: str
    value: Shown
    members: list[tuple[str, Shown]]
    parts: list[Part]
    warnings: list[str]
    on_path: bool


@dataclass
class Element:
    """One decision of the model, in graph order, with its reading under each doctrine."""

    name: str
    label: str
    anchor: str
    readings: list[Reading]
    same: bool                  # every doctrine gives the same value by the same rule
    differs: bool               # the doctrines give different values
    first_divergence: bool = False
    notes: list[str] = field(default_factory=list)
    # How the analysis prints it: the element's result (once, or per reading), then its
    # parts, those the readings agree on once and the others side by side.
    # ``result_kind``: "value" (a plain value), "members" (a context one table decided
    # whole), or "" (each member is a part and says its own value).
    result_kind: str = ""
    results: list[tuple["Doctrine | None", Shown, list[tuple[str, Shown]]]] = field(default_factory=list)
    rows: list[PartRow] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    on_path: bool = False

    # Some parts alike, some not: the alike ones are then labelled as such.
    mixed: bool = False


@dataclass
class Doctrine:
    """A reading of the law (LAW.md §4): its code, names long and short, and what it rests on."""

    code: str
    label: str
    short: str
    basis: str


@dataclass
class Answer:
    """The short answer under one reading: a headline, the range, each liability."""

    doctrine: Doctrine
    headline: str
    tone: str
    sentence: str | None
    details: list[tuple[str, Shown]]


@dataclass
class Fact:
    """A fact as given; ``model_label`` is the model's (Chinese) label, shown beside English."""

    name: str
    label: str
    model_label: str
    value: Shown


@dataclass
class MissingFact:
    """A fact the conclusions wait for, put as a question, with the readings that need it."""

    name: str
    label: str
    question: str
    options: list[str]
    doctrines: list[str]


@dataclass
class Failed:
    """A column the deciding rule of a negative conclusion tested, and why it came out so."""

    label: str
    value: Shown
    anchor: str | None
    reason: str | None


@dataclass
class WhyNot:
    """Why an offence is not (or not yet) made out under one reading."""

    doctrine: Doctrine
    label: str
    anchor: str
    value: Shown
    rule: RuleRef | None
    failed: list[Failed]
    missing: list[str]
    doctrines: list[Doctrine] = field(default_factory=list)   # every reading it holds for


@dataclass
class Side:
    """One reading at the element where the readings part."""

    doctrine: Doctrine
    value: Shown
    parts: list[Part]           # the tables whose outcome differs between the readings
    seeds: list[Citation]
    authorities: list[str]


@dataclass
class Divergence:
    """Where the two readings part: the first element they decide differently, and after."""

    label: str
    anchor: str
    sides: list[Side]
    others: list[tuple[str, str]]
    outcome_differs: bool


@dataclass
class AdminFallback:
    """The administrative penalty for the duty breached (LAW.md §3) when no crime is made out."""

    duty: Shown
    provision: str | None
    fine: str | None
    before_csl: bool


@dataclass
class Conclusion:
    """The conclusion under one reading: charge, range or penalty, and notes on concurrence."""

    doctrine: Doctrine
    headline: str
    tone: str
    sentence: str | None
    admin: AdminFallback | None
    notes: list[str]
    # The model's own words for the range or penalty, where the memo prints a translation:
    # the statute's text, quoted under it.
    original: str | None = None


@dataclass
class ChecklistItem:
    """A duty of the checklist: what it requires, where, and whether each reading imposes it."""

    code: str
    label: str
    requirement: str | None
    provisions: list[Citation]
    penalty: str | None
    fine: str | None
    marks: list[Shown]
    breached: bool


@dataclass
class Checklist:
    """The compliance checklist: the provider's role and monitoring standard per reading."""

    roles: list[Shown]
    standards: list[Shown]
    items: list[ChecklistItem]
    not_provider: list[bool]


class Figure:
    """The decision graph with one reading's deciding path marked; drawn when a template
    first asks for it (HTML wants the SVG, Markdown the Mermaid text)."""

    def __init__(self, model: Any, doctrines: list[Doctrine], path: frozenset[str],
                 notes: dict[str, str], lang: str) -> None:
        self.doctrines = doctrines
        self._args = (model, path, notes, lang)

    def _draw(self, fmt: str) -> Markup:
        model, path, notes, lang = self._args
        # drawn from escaped parts, so it is markup
        return Markup(drg.draw(model, fmt, path, lang, notes=notes, kinds=_FIGURE_KINDS, font=_FIGURE_FONT))

    @cached_property
    def svg(self) -> Markup:
        return self._draw("svg")

    @cached_property
    def mermaid(self) -> Markup:
        return self._draw("mermaid")


@dataclass
class Column:
    """A column of a decision table as the appendix heads it."""

    kind: str            # input | output | annotation
    header: str
    detail: str | None   # the input expression / output name under the header


@dataclass(frozen=True)
class Row:
    """A rule of a table as written (the same for every memo on the model)."""

    number: int
    anchor: str
    cells: tuple[str, ...]


@dataclass
class TableView:
    """A decision table of the appendix with the rules that matched under each reading."""

    name: str
    label: str
    anchor: str
    element_anchor: str
    hit_policy: str
    columns: list[Column]
    rows: tuple[Row, ...]
    # Row number → (doctrine, "selected" | "matched") for the rules that matched.
    marks: dict[int, list[tuple[Doctrine, str]]]
    # Identifies what the table shows (model, table, marked rows): equal keys, equal output,
    # so the renderer may draw it once and reuse it.
    cache_key: tuple[Any, ...] = ()

    @property
    def matched_rows(self) -> list[Row]:
        """The rows that matched under some reading, in table order."""
        return [r for r in self.rows if r.number in self.marks]

    # What paper prints of the table: each rule that decided under some reading, as (row,
    # the conditions it tests as (column, cell), its outputs as (column, cell)), the cells'
    # codes, 是/否 and nulls in words. Rules that matched but lost to one of these under the
    # hit policy, and the tables whole, stay in the HTML memo; the deciding rules' reasoning
    # is in the analysis.
    # (Worked out when paper asks for it: the screen shows the tables whole.)
    brief: Any = field(default=None, repr=False, compare=False)

    @cached_property
    def brief_rows(self) -> list[tuple[Row, list[tuple[str, str]], list[tuple[str, str]]]]:
        return self.brief() if self.brief is not None else []


@dataclass
class Memo:
    lang: str
    title: str
    reference: str | None
    date: str
    sha256: str
    model_names: list[str]
    version: str
    doctrines: list[Doctrine]
    question: str
    question_detail: str
    answers: list[Answer]
    facts: list[Fact]
    missing: list[MissingFact]
    unstated: list[str]
    elements: list[Element]
    why_not: list[WhyNot]
    divergence: Divergence | None
    conclusions: list[Conclusion]
    checklist: Checklist | None
    figures: list[Figure]
    tables: list[TableView]
    warnings: list[str]
    references: list[Citation] = field(default_factory=list)

    @property
    def both(self) -> bool:
        return len(self.doctrines) > 1


# --- building ------------------------------------------------------------------------------

def build(model: Any, case: Case, runs: Sequence[Run], words: Words) -> Memo:
    """The memo's content for ``runs`` of ``case`` on ``model``, in ``words``' language.

    Raises ValueError when ``runs`` is empty.
    """
    if not runs:
        raise ValueError("a memo needs at least one run")
    b = _Builder(model, case, runs, words)
    return b.memo()


class _Builder:
    def __init__(self, model: Any, case: Case, runs: Sequence[Run], words: Words) -> None:
        self.model = model
        self.case = case
        self.w = words
        self.runs = list(runs)
        self.results: list[Result] = [r[1] for r in runs]
        self.docs = [self._doctrine(r[0]) for r in runs]
        self.entries: list[dict[str, TraceEntry]] = [
            {e.key: e for e in res.trace if e.key} for res in self.results]
        self.keys = graph_order(model, [e.key for e in self.results[0].trace
                                        if e.key in model.compiled.decisions])
        self.runs_by_key = [trace.table_runs(model, res) for res in self.results]
        starts = list(model.conclusions) + [model.decisions[n] for n in (*law.OFFENCES, law.CONVICTION)
                                            if n in model.decisions]
        self.paths = [trace.deciding_path(model, tr, starts) for tr in self.runs_by_key]
        self.ks_titles = _knowledge_titles(model)
        # What depends on the model and the language only, worked out once and kept.
        self.c = _memo_cache(model, words)
        self._member_labels = self.c.member_labels
        self.colon = words.gettext(": ")
        self.semi = words.gettext("; ")
        self.source_note = words.gettext(" (→%(element)s)")

    # -- top -----------------------------------------------------------------------------------

    def memo(self) -> Memo:
        elements = [self.element(k) for k in self.keys]
        divergence = self.divergence(elements)
        checklist = self.checklist()
        return Memo(
            lang=self.w.lang, title=self.case.title, reference=self.case.reference,
            date=self.w.date(_memo_date()), sha256=self.model.sha256,
            model_names=[(f.label if self.w.lang == "zh" and f.label else f.name) for f in self.model.files],
            version=_version(),
            doctrines=self.docs, question=self.question(),
            question_detail=self.w.gettext("If so, for which offence and within which statutory "
                                           "range; if not, which element fails, and which facts "
                                           "are still to be established?"),
            answers=[self.answer(i) for i in range(len(self.runs))],
            facts=self.facts(), missing=self.missing(), unstated=self.unstated(),
            elements=elements, why_not=self.why_not(), divergence=divergence,
            conclusions=[self.conclusion(i) for i in range(len(self.runs))],
            checklist=checklist, figures=self.figures(), tables=self.tables(),
            warnings=[f"{d.short}: {w}" for d, res in zip(self.docs, self.results) for w in res.warnings],
            references=self.references(elements, divergence, checklist),
        )

    def _doctrine(self, code: str) -> Doctrine:
        w = self.w
        names = {"judicial": (w.gettext("Judicial reading"), w.gettext("judicial"),
                              w.gettext("the statute and 《解释》 as the courts apply them")),
                 "restrictive": (w.gettext("Restrictive reading"), w.gettext("restrictive"),
                                 w.gettext("the narrowing reading of 陈洪兵 (seed 001)"))}
        label, short, basis = names.get(code, (code, code, ""))
        return Doctrine(code, label, short, basis)

    # -- values ----------------------------------------------------------------------------------

    def shown(self, v: Any, of: str | None = None, conclusion: bool = False, fact: bool = False) -> Shown:
        """``v`` for display; ``of`` names what it is a value of (for labels such as
        ``liability_286_1=none``); ``conclusion`` gives liable/not-liable values their tone.
        A null is a fact "not given" (``fact``) or an element still undetermined."""
        try:
            key = (type(v), v, of, conclusion, fact)
            found = self.c.shown.get(key)
        except TypeError:  # a context or a list: kept by its members' values, where they hash
            try:
                items = v.items() if isinstance(v, dict) else enumerate(v)
                key = (type(v), *[(k, type(x), x) for k, x in items], of, conclusion, fact)
                found = self.c.shown.get(key)
            except (TypeError, AttributeError):
                return self._shown(v, of, conclusion, fact)
        if found is None:
            found = self.c.shown[key] = self._shown(v, of, conclusion, fact)
        return found

    def _shown(self, v: Any, of: str | None, conclusion: bool, fact: bool) -> Shown:
        # What a null of this element means, where the catalogue says (a charge name is null
        # when there is no charge); else a fact not given, a decision undetermined.
        said = self.w.lookup("value", f"{of}=null") if v is None and of else None
        if v is None:
            text = said or (self.w.gettext("not given") if fact else self.w.value_label(UNDETERMINED, of))
        else:
            text = self.w.value(v, of)
        # The model's own code beside its words (`network_access`), not a translated sentence.
        code = v if isinstance(v, str) and text != v and _CODE.fullmatch(v) else None
        if v == UNDETERMINED or (v is None and not said):
            tone = "open"
        elif conclusion and isinstance(v, str) and v in law.CRIMINAL:
            tone = "adverse"
        elif conclusion and (v is False or (isinstance(v, str) and v in law.NEGATIVE)):
            tone = "clear"
        else:
            tone = "plain"
        return Shown(text, code, tone)

    def members(self, key: str, v: Any) -> list[tuple[str, Shown]]:
        if not isinstance(v, dict):
            return []
        return [(self.member_label(key, k), self.shown(x, k, conclusion=k == "charge")) for k, x in v.items()]

    def member_label(self, key: str, member: str) -> str:
        """A context member's name: the model's label for it in Chinese, else the catalogue's."""
        found = self._member_labels.get((key, member))
        if found is None:
            found = self._member_labels[(key, member)] = self.w.member(
                member, trace.member_labels(self.model, key).get(member))
        return found

    def label_of(self, key: str) -> str:
        found = self.c.labels.get(key)
        if found is None:
            node = self.model.graph.nodes[key]["node"]
            found = self.c.labels[key] = self.w.element(node.name, node.element.label)
        return found

    def citations(self, text: str | None) -> list[Citation]:
        out = []
        for part in law.CITATION_SPLIT.split(text or ""):
            part = part.strip()
            if not part:
                continue
            m = law.SEED_RE.search(part)
            title = None
            if m:
                title = self.ks_titles.get(m.group(0)) or self.w.lookup("seed", m.group(0))
            note = self.w.gettext("(%(text)s)") % {"text": title} if title else None
            if m:
                short = part.replace(m.group(0), self.w.gettext("seed %(number)s") % {"number": m.group(0)[:3]})
            else:
                short = self.cite(part)
            out.append(Citation(part, bool(m), title, note, short))
        return out

    def cite(self, text: str) -> str:
        """A provision as the memo's language cites it (Chinese as LAW.md writes it)."""
        return text if self.w.lang == "zh" else law.citation_in_english(text)

    def references(self, elements: list[Element], divergence: Divergence | None,
                   checklist: Checklist | None) -> list[Citation]:
        """The seed papers the memo cites, each once, by number: the text cites them short."""
        found: dict[str, Citation] = {}
        for el in elements:
            for r in el.readings:
                for p in r.parts:
                    for rule in p.rules:
                        found.update((c.text, c) for c in rule.citations if c.seed)
        for side in divergence.sides if divergence else ():
            found.update((c.text, c) for c in side.seeds if c.seed)
        for item in checklist.items if checklist else ():
            found.update((c.text, c) for c in item.provisions if c.seed)
        return [found[k] for k in sorted(found)]

    # -- the question and the short answer ---------------------------------------------------

    def question(self) -> str:
        facts = self.case.facts
        actor, service = facts.get("actor_kind"), facts.get("service")
        if isinstance(actor, str) and isinstance(service, str) and service != "none":
            subject = self.w.gettext("%(actor)s, providing %(service)s,") % {
                "actor": self.w.value_label(actor, "actor_kind"), "service": self.w.value_label(service, "service")}
        elif isinstance(actor, str):
            subject = self.w.value_label(actor, "actor_kind")
        else:
            subject = self.w.gettext("the actor")
        return self.w.gettext("Is %(subject)s criminally liable under Article 286-1 of the Criminal "
                              "Law (refusing to fulfil information network security management "
                              "duties) or Article 287-2 (helping information network criminal "
                              "activities)?") % {"subject": subject}

    def status(self, i: int) -> tuple[str, str]:
        """(status, headline): status is criminal, administrative, none or undetermined."""
        values = self.results[i]
        conv = values.get(law.CONVICTION)
        l286 = values.get("liability_286_1")
        if isinstance(conv, dict) and "charge" in conv:
            charge = conv.get("charge")
            if charge is None or charge == UNDETERMINED:
                return "undetermined", self.w.gettext("Not yet determined: the answer turns on facts still missing")
            crime = self.case.facts.get(law.HELPED_CRIME)
            if charge == "accomplice" and isinstance(crime, str) and crime.strip():
                return "criminal", self.w.gettext("Liable as an accomplice in %(crime)s") % {"crime": crime}
            if charge != "none":
                # The model names the charge in Chinese; a catalogue may name it in its language.
                name = (self.w.lookup("value", f"charge_name={charge}") or conv.get("charge_name")
                        or self.w.value_label(charge))
                return "criminal", self.w.gettext("Liable for %(charge)s") % {"charge": name}
            # No charge yet, but an offence still open: "no crime" would overstate it.
            if any(values.get(n, "") is None or values.get(n) == UNDETERMINED for n in law.OFFENCES):
                return "undetermined", self.w.gettext("Not yet determined: the answer turns on facts still missing")
        else:
            # A model without a conviction decision: the liabilities say it.
            offences = [(n, values.get(n)) for n in law.OFFENCES if n in values]
            for n, v in offences:
                if v == "criminal":
                    return "criminal", self.w.gettext("Liable for %(charge)s") % {
                        "charge": law.OFFENCE_NAMES[n]}
            if any(v is None or v == UNDETERMINED for _, v in offences):
                return "undetermined", self.w.gettext(
                    "Not yet determined: the answer turns on facts still missing")
        if l286 == "administrative":
            return "administrative", self.w.gettext(
                "No crime; the refusal carries administrative liability")
        return "none", self.w.gettext("No criminal liability under Articles 286-1 and 287-2")

    def sentence(self, i: int) -> str | None:
        v = self.results[i].get(law.SENTENCE)
        if not (isinstance(v, str) and v not in ("none", UNDETERMINED) and v.strip()):
            return None
        text = self.w.value_label(v, law.SENTENCE)   # the model's words, or the catalogue's
        if text == v and self.w.lang != "zh" and _CJK.search(v):
            # Words the catalogue cannot hold (a range built from the helped crime's name):
            # the deciding rule's reasoning says it in the memo's language.
            key = self.model.decisions.get(law.SENTENCE)
            for run in self.runs_by_key[i].get(key, []) if key else []:
                reason = self.rule_ref(run, run.selected[0]).reason if run.selected else None
                if reason and not _CJK.search(reason):
                    return reason
        return text

    def answer(self, i: int) -> Answer:
        status, headline = self.status(i)
        values = self.results[i]
        details = [(self.label_of(self.model.decisions[n]), self.shown(values[n], n, conclusion=True))
                   for n in law.OFFENCES if n in values]
        return Answer(self.docs[i], headline, _TONES[status], self.sentence(i), details)

    # -- facts ----------------------------------------------------------------------------------------

    def _given(self) -> dict[str, Any]:
        return {k: v for k, v in self.case.facts.items() if v is not None}

    def facts(self) -> list[Fact]:
        given = self._given()
        values = self.model.check_facts(given)
        out = []
        for name in self.model.inputs:
            if name in values:
                node = self.model.node(name)
                out.append(Fact(name, self.w.element(name, node.element.label),
                                node.element.label or name, self.shown(values[name], name)))
        return out

    def missing(self) -> list[MissingFact]:
        needed: dict[str, list[str]] = {}
        for d, res in zip(self.docs, self.results):
            for name in res.missing_facts:
                needed.setdefault(name, []).append(d.short)
        out = []
        for name in self.model.inputs:
            if name not in needed:
                continue
            node = self.model.node(name)
            label = self.w.element(name, node.element.label)
            question = self.w.question(name) or self.w.gettext("To establish: %(fact)s.") % {"fact": label}
            options = [self.w.value_label(v, name) for v in (self.model.allowed_values(name) or [])]
            out.append(MissingFact(name, label, question, options, needed[name]))
        return out

    def unstated(self) -> list[str]:
        given = self._given()
        missing = {n for res in self.results for n in res.missing_facts}
        return [self.w.element(n, self.model.node(n).element.label) for n in self.model.inputs
                if n not in given and n not in missing and n != "doctrine"]

    # -- the analysis ------------------------------------------------------------------------------------

    def element(self, key: str) -> Element:
        dec = self.model.compiled.decisions[key]
        readings = [self.reading(i, key) for i in range(len(self.runs))]
        vals = [res.get(dec.name) for res in self.results]
        differs = any(v != vals[0] for v in vals[1:])

        def rules(r: Reading) -> list[list[int]]:
            return [[x.number for x in p.rules] for p in r.parts]

        same = not differs and all(rules(r) == rules(readings[0]) for r in readings)
        el = Element(dec.name, self.label_of(key), anchor_for(dec.name), readings, same, differs)
        first = readings[0]
        el.on_path = any(r.on_path for r in readings)
        if not first.members:
            el.result_kind = "value"
        elif not any(p.member for r in readings for p in r.parts):
            el.result_kind = "members"
        if differs:
            el.results = [(d, r.value, r.members) for d, r in zip(self.docs, readings)]
        else:
            el.results = [(None, first.value, first.members)]
        el.rows = _rows(self.docs, readings, self.listed)
        alike = [r.alike for r in el.rows]
        el.mixed = any(alike) and not all(alike)
        el.warnings = _merged_warnings(self.docs, readings)
        if dec.name == "subjective_state":
            known = self.case.facts.get("knowledge_of_illegal_info")
            if known is not None:
                el.notes.append(self.w.gettext("Knowledge of the illegal information: %(value)s "
                                               "(reported for the record; no rule turns on it).")
                                % {"value": self.w.value(known, "knowledge_of_illegal_info")})
        return el

    def reading(self, i: int, key: str) -> Reading:
        dec = self.model.compiled.decisions[key]
        value = self.results[i].get(dec.name)
        entry = self.entries[i].get(key)
        parts = [self.part(i, key, run, value) for run in self.runs_by_key[i].get(key, [])]
        if not parts and entry is not None:
            # Logic without tables (a literal expression): show what it read.
            used = []
            for name, v in entry.inputs.items():
                ref = self.model.decisions.get(name) or self.model.inputs.get(name)
                label = self.label_of(ref) if ref else name
                anchor = anchor_for(name) if name in self.model.decisions else None
                used.append(self.used(label, self.shown(v, name), True, [(label, anchor)]))
            parts = [self.listed(Part(None, self.shown(value, dec.name), "", "", [], used, False))]
        return Reading(self.docs[i].code, self.shown(value, dec.name, conclusion=dec.name in _CONCLUDING),
                       self.members(key, value), parts, list(entry.warnings) if entry else [],
                       key in self.paths[i])

    def part(self, i: int, key: str, run: trace.TableRun, value: Any) -> Part:
        """One table's decision: the member it computes, its rule, the columns it relied on.

        A part is a function of the table, its selected rules, the values in its columns and
        the value it gave, so a part made for an earlier memo (or the other reading) is reused:
        most tables of most cases decide as they did for the last one."""
        top = run.member.split(".")[0] if run.member else None
        member_value = value.get(top) if top and isinstance(value, dict) else value
        # Names, not object ids, so that the key means the same in any process holding the
        # model (templates keep markup by it); types too: True, 1 and 1.0 are equal keys but
        # read 是, 1 and 1.0.
        cache_key = (key, run.table_id, run.member, tuple(run.selected), type(member_value), member_value,
                     *[(type(v), v) for v in run.column_values])
        try:
            found = self.c.parts.get(cache_key)
        except TypeError:   # a list or a context among the values: not kept
            return self._part(key, run, top, member_value)
        if found is None:
            found = self.c.parts[cache_key] = self._part(key, run, top, member_value)
            found.key = cache_key
        return found

    def _part(self, key: str, run: trace.TableRun, top: str | None, member_value: Any) -> Part:
        of = top or self.model.compiled.decisions[key].name
        decisive = set(run.columns(own=True))
        info = self.columns_of(run)
        values = run.column_values
        used: list[Used] = []
        for j in run.columns(own=False):
            label, value_of, facts, sources = info[j]
            v = values[j] if j < len(values) else None
            used.append(self.used(label, self.shown(v, value_of, fact=facts), j in decisive, sources))
        return self.listed(Part(self.member_label(key, top) if top else None,
                                self.shown(member_value, of, conclusion=of in _CONCLUDING or top == "charge"),
                                run.table_id, run.dt.hit_policy,
                                [self.rule_ref(run, n) for n in run.selected], used, not run.selected))

    def listed(self, part: Part) -> Part:
        """``part`` with its facts relied on and ruled out put into words."""
        semi = self.semi
        part.relied = semi.join(u.text + "".join(self.source_note % {"element": lb} for lb, _ in u.links)
                                for u in part.decisive)
        part.ruled_out = semi.join(u.text for u in part.earlier)
        return part

    def used(self, label: str, value: Shown, decisive: bool, sources: list[tuple[str, str | None]]) -> Used:
        return Used(label, value, decisive, sources, f"{label}{self.colon}{value.text}",
                    [(lb, anchor) for lb, anchor in sources if anchor])

    def columns_of(self, run: trace.TableRun) -> list[tuple[str, str | None, bool, list[tuple[str, str | None]]]]:
        """Per input column of ``run``'s table: its label, what its values are values of,
        whether it reads facts only, and the elements it reads (once per table)."""
        found = self.c.columns.get(id(run.dt))
        if found is None:
            found = self.c.columns[id(run.dt)] = [
                (self.column_label(clause), _value_of(clause), self.reads_facts(run, j),
                 self.sources(run.reads[j] if j < len(run.reads) else []))
                for j, clause in enumerate(run.dt.inputs)]
        return found

    def reads_facts(self, run: trace.TableRun, j: int) -> bool:
        """Whether column ``j`` reads only input data (so a null there is a fact not given)."""
        refs = run.reads[j] if j < len(run.reads) else []
        return bool(refs) and all(k in self.model.compiled.inputs for k, _ in refs)

    def rule_ref(self, run: trace.TableRun, number: int) -> RuleRef:
        key = (id(run.dt), number)
        found = self.c.rules.get(key)
        if found is None:
            found = self.c.rules[key] = self._rule_ref(run, number)
        return found

    def _rule_ref(self, run: trace.TableRun, number: int) -> RuleRef:
        rule = run.dt.rules[number - 1]
        notes = dict(zip(run.dt.annotations, rule.annotation_entries))
        # The reasoning in the memo's language where the model gives it, else the Chinese
        # every rule carries; the other languages' columns are not printed.
        reasons = {lang: (notes.pop(col, None) or "").strip() for lang, col in law.REASONING.items()}
        reason = reasons.get(self.w.lang) or reasons["zh"] or None
        cites = self.citations(notes.pop(law.BASIS, None))
        extra = [(k, v) for k, v in notes.items() if v and v.strip()]
        label = self.w.gettext("table %(table)s, rule %(number)s") % {"table": run.table_id, "number": number}
        return RuleRef(run.table_id, number, rule.id or str(number), row_anchor(run.table_id, number),
                       reason, cites, extra, label, table_anchor(run.table_id))

    def column_label(self, clause: Any) -> str:
        """A column's name: the modeller's label in Chinese; in English the element (and
        member) its expression names."""
        return self.column_words(clause.label, clause.expression.text.strip())

    def column_words(self, label: str | None, expr: str) -> str:
        """The name of the input column ``expr`` labelled ``label`` (see column_label)."""
        if self.w.lang == "zh" and label:
            return label
        ref = self._named(expr)
        if ref is not None:
            key, member = ref
            label = self.label_of(key)
            return f"{label} · {self.member_label(key, member)}" if member else label
        if self.w.lang != "zh" and re.fullmatch(r"[A-Za-z_]\w*", expr):
            # A member of the same context (a sibling the table reads): its name in the catalogue.
            found = self.w.lookup("member", expr)
            if found:
                return found
        if self.w.lang != "zh" and label:
            # A column that computes its value (a weighted sum, say): its label translated.
            found = self.w.lookup("column", label)
            if found:
                return found
        return label or expr

    def _named(self, expr: str) -> tuple[str, str | None] | None:
        """The element (and member) a plain dotted-name expression names, import prefix or not."""
        if not re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", expr):
            return None
        parts = expr.split(".")
        for start in (0, 1):
            if start < len(parts):
                name = parts[start]
                key = self.model.decisions.get(name) or self.model.inputs.get(name)
                if key:
                    rest = parts[start + 1:]
                    return key, rest[0] if rest else None
        return None

    def sources(self, refs: list[trace.Ref]) -> list[tuple[str, str | None]]:
        out = []
        for key, _member in refs:
            node = self.model.graph.nodes[key]["node"]
            anchor = anchor_for(node.name) if node.kind == "decision" else None
            out.append((self.label_of(key), anchor))
        return out

    # -- why not --------------------------------------------------------------------------------------

    def why_not(self) -> list[WhyNot]:
        names = [n for n in law.OFFENCES if n in self.model.decisions] or \
                [self.model.graph.nodes[k]["node"].name for k in self.model.conclusions]
        out = []
        for i, res in enumerate(self.results):
            for name in names:
                v = res.get(name)
                undetermined = v is None or v == UNDETERMINED
                if not (undetermined or v is False or v in law.NEGATIVE):
                    continue
                key = self.model.decisions[name]
                runs = self.runs_by_key[i].get(key, [])
                rule = None
                failed: list[Failed] = []
                top = next((r for r in runs if r.member is None), None)
                if top is not None and top.selected:
                    rule = self.rule_ref(top, top.selected[0])
                    tested = top.columns(own=True)
                    # The conditions met (a 是) are not what fails: name the others, unless
                    # the rule tests nothing else.
                    lacking = [j for j in tested
                               if not (j < len(top.column_values) and top.column_values[j] is True)]
                    for j in lacking or tested:
                        failed.append(self.failed(i, top, j))
                missing = [self.w.element(n, self.model.node(n).element.label)
                           for n in res.missing_facts] if undetermined else []
                why = WhyNot(self.docs[i], self.label_of(key), anchor_for(name),
                             self.shown(v, name, conclusion=True), rule, failed, missing, [self.docs[i]])
                # The readings often fail an offence alike: say it once, for both.
                twin = next((w for w in out if _why_sig(w) == _why_sig(why)), None)
                if twin is not None:
                    twin.doctrines.append(self.docs[i])
                else:
                    out.append(why)
        return out

    def failed(self, i: int, run: trace.TableRun, j: int) -> Failed:
        """A tested column of a deciding rule, with the reason its own source gives."""
        clause = run.dt.inputs[j]
        v = run.column_values[j] if j < len(run.column_values) else None
        reason, anchor = None, None
        for key, member in run.reads[j]:
            sub = self.runs_by_key[i].get(key)
            if sub is None:
                continue
            name = self.model.compiled.decisions[key].name
            anchor = anchor_for(name)
            # The member's own table, or the decision's table when one table gives all members.
            deciding = next((r for r in sub if member and r.member == member), None) or \
                next((r for r in sub if r.member is None), None)
            if deciding is not None and deciding.selected:
                reason = self.rule_ref(deciding, deciding.selected[0]).reason
            break
        return Failed(self.column_label(clause), self.shown(v, _value_of(clause), fact=self.reads_facts(run, j)),
                      anchor, reason)

    # -- where the readings part ----------------------------------------------------------------------

    def divergence(self, elements: list[Element]) -> Divergence | None:
        """Where the readings part: the first element in graph order whose values differ,
        the parts of it that differ, and the scholarship each reading's rules cite."""
        if len(self.runs) < 2:
            return None
        differing = [e for e in elements if e.differs]
        if not differing:
            return None
        first = differing[0]
        first.first_divergence = True
        parted = _differing_parts(first.readings)
        sides = []
        for i, reading in enumerate(first.readings):
            parts = parted[i]
            seeds = [c for p in parts for r in p.rules for c in r.citations if c.seed]
            if not seeds:
                seeds = [c for e in differing for p in _differing_parts(e.readings)[i]
                         for r in p.rules for c in r.citations if c.seed]
            if not seeds:
                seeds = self.citations("；".join(law.DOCTRINE_SEEDS.get(reading.doctrine, ())))
            unique = list({c.text: c for c in seeds}.values())
            sides.append(Side(self.docs[i], reading.value, parts, unique,
                              [self.cite(a) for a in law.DOCTRINE_AUTHORITY.get(reading.doctrine, ())]))
        outcome = [self.status(i)[0] for i in range(len(self.runs))]
        return Divergence(first.label, first.anchor, sides,
                          [(e.label, e.anchor) for e in differing[1:]],
                          any(o != outcome[0] for o in outcome[1:]))

    # -- the conclusion ---------------------------------------------------------------------------------

    def conclusion(self, i: int) -> Conclusion:
        status, headline = self.status(i)
        values = self.results[i]
        notes: list[str] = []
        conv = values.get(law.CONVICTION)
        charge = conv.get("charge") if isinstance(conv, dict) else None
        l286, l287 = values.get("liability_286_1"), values.get("liability_287_2")
        if charge == "art_287_2" and l286 == "criminal":
            notes.append(self.w.gettext("Article 286-1 is also made out by the same conduct; Article "
                                        "287-2, the heavier provision, prevails (Art. 286-1 para. 3, "
                                        "Art. 287-2 para. 3)."))
        elif charge == "accomplice" and l287 == "criminal":
            notes.append(self.w.gettext("The help is also an offence under Article 287-2; the two concur "
                                        "and the heavier provision, that of the helped crime, prevails "
                                        "(Art. 287-2 para. 3)."))
        elif charge == "other_offence" and "criminal" in (l286, l287):
            notes.append(self.w.gettext("The other offence prevails as the heavier provision (Art. 286-1 "
                                        "para. 3, Art. 287-2 para. 3)."))
        admin = self.admin() if l286 == "administrative" else None
        if status == "none" and any(v in law.NEGATIVE or v is False for v in (l286, l287)):
            notes.append(self.w.gettext("See “Why not” above for the element that fails."))
        sentence = self.sentence(i)
        v = self.results[i].get(law.SENTENCE)
        original = v if sentence and sentence != v else None
        return Conclusion(self.docs[i], headline, _TONES[status], sentence, admin, notes, original)

    def admin(self) -> AdminFallback:
        """The administrative penalty for the duty breached (LAW.md §3), when no crime is made out."""
        duty = self.case.facts.get("duty_breached")
        code = duty if isinstance(duty, str) else None
        try:
            day = _dt.date.fromisoformat(str(self.case.facts.get("conduct_date")))
            before = day < law.CYBERSECURITY_LAW_IN_FORCE
        except ValueError:  # no date, or not an ISO date: nothing to say about the law in force
            before = False
        penalty = law.ADMIN_PENALTY.get(code or "")
        return AdminFallback(self.shown(duty, "duty_breached", fact=True), penalty and self.cite(penalty),
                             self.w.lookup("fine", code) if code else None, before)

    # -- the compliance checklist --------------------------------------------------------------------

    def checklist(self) -> Checklist | None:
        if not duties_check.available(self.model):
            return None
        checks = [duties_check.carried_duties(self.model, self.case.facts, d.code) for d in self.docs]
        breached = self.case.facts.get("duty_breached")
        items = []
        for n, code in enumerate(duties_check.duties(self.model)):
            marks = []
            for per in checks:
                c = per[n].carried if n < len(per) else None
                marks.append(Shown(self.w.gettext("carries") if c else
                                   (self.w.gettext("not its duty") if c is False else self.w.gettext("depends")),
                                   None, "duty" if c else ("plain" if c is False else "open")))
            items.append(ChecklistItem(
                code, self.w.value_label(code, "duty_breached"), self.w.lookup("duty", code),
                self.citations("；".join(law.DUTY_PROVISIONS.get(code, ()))),
                self.cite(law.ADMIN_PENALTY[code]) if code in law.ADMIN_PENALTY else None,
                self.w.lookup("fine", code),
                marks, code == breached))
        roles, standards, not_provider = [], [], []
        for res in self.results:
            subject = res.get(law.SUBJECT)
            scope = res.get(law.DUTY_SCOPE)
            role = subject.get("provider_role") if isinstance(subject, dict) else None
            roles.append(self.shown(role, "provider_role"))
            standards.append(self.shown(scope.get("monitoring_standard") if isinstance(scope, dict) else None,
                                        "monitoring_standard"))
            not_provider.append(role == "none")
        return Checklist(roles, standards, items, not_provider)

    # -- the appendix ------------------------------------------------------------------------------------

    def figures(self) -> list[Figure]:
        """The decision graph, drawn once for all readings, as the analysis marks elements:
        the path that decided the case under any reading marked, each decision's value under
        it (both values, named, where the readings differ)."""
        names = [self.model.compiled.decisions[k].name for k in self.keys]
        path = frozenset().union(*self.paths)
        notes = {}
        for n in names:
            per = [self.note(res.get(n), n) for res in self.results]
            if all(x == per[0] for x in per[1:]):
                notes[n] = per[0]
            else:
                notes[n] = _short(" · ".join(f"{d.short} {x}" for d, x in zip(self.docs, per)))
        return [Figure(self.model, list(self.docs), path, notes, self.w.lang)]

    def note(self, v: Any, of: str) -> str:
        """A decision's value, short enough to print under its name in the graph."""
        if isinstance(v, dict):
            # A long row of 是/否 says nothing; the first two members say what the element is.
            text = " · ".join(self.shown(x, k).text for k, x in list(v.items())[:2])
        else:
            text = self.shown(v, of).text
        return _short(text)

    def tables(self) -> list[TableView]:
        """Every table that ran (under any reading), in graph order, with its rows marked."""
        out = []
        for key in self.keys:
            # Per reading, its run of each table (by the table's identity).
            mine = [{id(r.dt): r for r in per.get(key, [])} for per in self.runs_by_key]
            ran: dict[int, trace.TableRun] = {}
            for per in mine:
                for dt_id, run in per.items():
                    ran.setdefault(dt_id, run)
            for dt_id, run in ran.items():
                columns, rows = self.table_rows(run)
                hits: dict[int, list[tuple[Doctrine, str]]] = {}
                for d, per in zip(self.docs, mine):
                    r = per.get(dt_id)
                    if r is None:
                        continue
                    for n in r.matched:
                        hits.setdefault(n, []).append((d, "selected" if n in r.selected else "matched"))
                label = self.label_of(key)
                if run.member:
                    label += " · " + self.member_label(key, run.member.split(".")[0])
                hp = run.dt.hit_policy + (f" {run.dt.aggregation}" if run.dt.aggregation else "")
                marks = tuple((n, d.code, kind) for n, hs in sorted(hits.items()) for d, kind in hs)
                cols = self.c.table_columns.get((dt_id, key))
                if cols is None:
                    cols = self.c.table_columns[(dt_id, key)] = [self._column(c, key) for c in columns]
                view = TableView(run.table_id, label, table_anchor(run.table_id),
                                 anchor_for(self.model.compiled.decisions[key].name), hp,
                                 cols, rows, hits,
                                 (self.model.sha256, run.table_id, tuple(d.code for d in self.docs),
                                  marks))
                view.brief = functools.partial(self.brief_rows, view, run, key)
                out.append(view)
        return out

    def table_rows(self, run: trace.TableRun) -> tuple[list[Column], tuple[Row, ...]]:
        """``run``'s table as the appendix prints it: every column, but of the reasoning
        columns only the one in the memo's language when the table has it."""
        found = self.c.table_rows.get(id(run.dt))
        if found is None:
            columns, rows = _table_rows(self.model, run.dt, run.table_id)
            reasons = {c.header for c in columns if c.kind == "annotation"} & set(law.REASONING.values())
            own = law.REASONING.get(self.w.lang)
            keep = list(range(len(columns)))
            if own in reasons and len(reasons) > 1:
                # the memo's reasoning column where the table's first one stands
                at = [j for j, c in enumerate(columns) if c.kind == "annotation" and c.header in reasons]
                mine = next(j for j in at if columns[j].header == own)
                keep = [mine if j == at[0] else j for j in keep if j not in at or j == at[0]]
            if len(keep) < len(columns):
                columns = [columns[j] for j in keep]
                rows = tuple(_replace(r, cells=tuple(r.cells[j] for j in keep)) for r in rows)
            found = self.c.table_rows[id(run.dt)] = (columns, rows)
        return found

    def brief_rows(self, view: TableView, run: trace.TableRun,
                   key: str) -> list[tuple[Row, list[tuple[str, str]], list[tuple[str, str]]]]:
        """The rules of ``view`` that decided under some reading, their cells in words."""
        inputs = len(run.dt.inputs)
        outputs = len(run.dt.outputs)
        info = self.columns_of(run)
        decision = self.model.compiled.decisions[key].name
        member = run.member.split(".")[-1] if run.member else None
        out = []
        for r in view.rows:
            if not any(k == "selected" for _, k in view.marks.get(r.number, ())):
                continue
            conds = [(view.columns[j].header, self.brief_cell(cell, info[j][1], info[j][2]))
                     for j, cell in enumerate(r.cells[:inputs]) if cell not in ("", "-")]
            outs = [(view.columns[inputs + j].header,
                     self.brief_cell(cell, run.dt.outputs[j].name or member or decision, False))
                    for j, cell in enumerate(r.cells[inputs:inputs + outputs])]
            out.append((r, conds, outs))
        return out

    def brief_cell(self, cell: str, of: str | None, fact: bool) -> str:
        """A rule's cell in words (memo.cells): 网络接入、域名解析 for "network_access",
        "domain_resolution", ≥ 2015年11月1日 for >= date("2015-11-01"); ``of`` names what the
        column's values are values of, ``fact`` whether a null there is a fact not given."""
        k = (cell, of, fact)
        found = self.c.cells.get(k)
        if found is None:
            found = self.c.cells[k] = cells.in_words(
                cell, lambda v: self.shown(v, of, fact=fact and v is None).text, self.w)
        return found

    def _column(self, c: Column, key: str) -> Column:
        """A table column headed in the memo's language, the model's own name under it."""
        if c.kind == "input":
            expr = c.detail or c.header
            return Column(c.kind, self.column_words(c.header if c.header != expr else None, expr), c.detail)
        if c.kind == "output":
            name = c.header
            own = self.model.compiled.decisions[key].name
            header = self.label_of(key) if name in ("", own) else self.member_label(key, name)
            return Column(c.kind, header, name if name and name != header else None)
        # The annotation columns every rule carries (DESIGN §2), named in the memo's words.
        named = {law.REASONING["zh"]: self.w.gettext("Reasoning"), law.BASIS: self.w.gettext("Authority"),
                 law.REASONING["en"]: self.w.gettext("Reasoning")}
        return Column(c.kind, named.get(c.header, c.header), None)



_CODE = re.compile(r"[A-Za-z0-9_.-]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def _short(text: str) -> str:
    return text if len(text) <= _NOTE_MAX else text[:_NOTE_MAX - 1] + "…"


def _why_sig(w: WhyNot) -> Any:
    return (w.label, w.value.text, w.rule.label if w.rule else None,
            [(f.label, f.value.text, f.reason) for f in w.failed], w.missing)


def _part_sig(p: Part) -> Any:
    """What makes two readings' parts one: the value, the rule, the facts it relied on."""
    return (p.member, p.value.text, p.value.code, p.table, [r.number for r in p.rules], p.no_rule,
            [(u.label, u.value.text) for u in p.decisive])


def _rows(docs: list[Doctrine], readings: list[Reading], listed: Any) -> list[PartRow]:
    """The parts of an element as printed: each part the readings decide alike once, the
    others side by side. Parts are matched by member and table."""
    if len(readings) == 1:
        return [PartRow(True, [(None, p)]) for p in readings[0].parts]
    keyed: list[dict[tuple[Any, ...], Part]] = []
    for r in readings:
        seen: dict[tuple[Any, ...], int] = {}
        found: dict[tuple[Any, ...], Part] = {}
        for p in r.parts:
            k = (p.member, p.table)
            n = seen[k] = seen.get(k, -1) + 1
            found[(*k, n)] = p
        keyed.append(found)
    rows = []
    for k in dict.fromkeys(k for found in keyed for k in found):
        parts = [found.get(k) for found in keyed]
        first = parts[0]
        if first is not None and all(p is first or (p is not None and _part_sig(p) == _part_sig(first))
                                     for p in parts[1:]):
            rows.append(PartRow(True, [(None, _common(parts, listed))]))  # type: ignore[arg-type]
        else:
            rows.append(PartRow(False, list(zip(docs, parts))))
    return rows


def _common(parts: list[Part], listed: Any) -> Part:
    """A part every reading decides alike, keeping of the facts that ruled out the rules
    above only those that are the same under every reading (the reading itself is one);
    ``listed`` puts a new part's facts into words."""
    first = parts[0]
    if not first.earlier:
        return first
    keep = {(u.label, u.value.text) for u in first.earlier}
    for p in parts[1:]:
        keep &= {(u.label, u.value.text) for u in p.earlier}
    if len(keep) == len(first.earlier):
        return first
    used = [u for u in first.used if u.decisive or (u.label, u.value.text) in keep]
    return listed(Part(first.member, first.value, first.table, first.hit_policy, first.rules, used, first.no_rule))


def _merged_warnings(docs: list[Doctrine], readings: list[Reading]) -> list[str]:
    """The readings' warnings: once when every reading has it, else named by reading."""
    if len(readings) == 1:
        return list(readings[0].warnings)
    out: list[str] = []
    for d, r in zip(docs, readings):
        for w in r.warnings:
            if all(w in o.warnings for o in readings):
                if w not in out:
                    out.append(w)
            else:
                out.append(f"{d.short}: {w}")
    return out


def _differing_parts(readings: list[Reading]) -> list[list[Part]]:
    """Per reading, the parts (members) whose values differ between the readings; failing
    those, the parts decided by different rules."""
    by_member = [{p.member: p for p in r.parts} for r in readings]
    members = list(dict.fromkeys(m for table in by_member for m in table))

    def differs(member: str | None, sig: Callable[[Part | None], Any]) -> bool:
        sigs = [sig(t.get(member)) for t in by_member]
        return any(x != sigs[0] for x in sigs[1:])

    def value(p: Part | None) -> Any:
        return p.value.text if p else None

    def rule(p: Part | None) -> Any:
        return (p.value.text, [r.number for r in p.rules]) if p else None

    chosen = [m for m in members if differs(m, value)] or [m for m in members if differs(m, rule)]
    return [[t[m] for m in chosen if m in t] for t in by_member]


def _value_of(clause: Any) -> str | None:
    """What a column's values are values of: the last name of a (dotted) name expression."""
    expr = clause.expression.text.strip()
    if re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", expr):
        return expr.rsplit(".", 1)[-1]
    return None


def graph_order(model: Any, keys: list[str]) -> list[str]:
    """``keys`` (decisions) in an order of the graph a lawyer can follow: every element after
    what it requires, the elements of DESIGN §2 in their order, and each intermediate decision
    just before the first of them it feeds. Ties keep the evaluation order. (Worked out once
    per model and set of keys.)"""
    with _lock:
        per_model = _orders.setdefault(model, {})
        found = per_model.get(tuple(keys))
    if found is None:
        found = _graph_order(model, keys)
        with _lock:
            per_model[tuple(keys)] = found
    return list(found)


def _graph_order(model: Any, keys: list[str]) -> list[str]:
    g = model.graph.subgraph(keys)
    position = {k: i for i, k in enumerate(keys)}
    known = {model.decisions[n]: i for i, n in enumerate(law.ELEMENT_ORDER) if n in model.decisions}
    rank: dict[str, float] = {}
    for k in reversed(list(nx.topological_sort(g))):
        feeds = [rank[s] for s in g.successors(k)]
        rank[k] = known.get(k, min(feeds, default=len(known)) - 0.5)
    return list(nx.lexicographical_topological_sort(g, key=lambda k: (rank[k], position[k])))


_NOT_IN_ID = re.compile(r"[^A-Za-z0-9_-]")


@lru_cache(maxsize=4096)   # a memo asks for the same few dozen ids again and again
def anchor_for(name: str) -> str:
    """The HTML id of an element's analysis block."""
    return "el-" + _NOT_IN_ID.sub("-", name)


@lru_cache(maxsize=4096)
def table_anchor(name: str) -> str:
    return "tbl-" + _NOT_IN_ID.sub("-", name)


def row_anchor(name: str, number: int) -> str:
    return f"{table_anchor(name)}-r{number}"


# --- per-model parts, computed once ----------------------------------------------------------

_static: "weakref.WeakKeyDictionary[Any, dict[int, tuple[list[Column], tuple[Row, ...]]]]" = \
    weakref.WeakKeyDictionary()
_titles: "weakref.WeakKeyDictionary[Any, dict[str, str]]" = weakref.WeakKeyDictionary()
_orders: "weakref.WeakKeyDictionary[Any, dict[tuple[str, ...], list[str]]]" = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _table_rows(model: Any, dt: m.DecisionTable, table_id: str) -> tuple[list[Column], tuple[Row, ...]]:
    """A table's columns and rules as written (they depend on the model only, so they are
    worked out once per model)."""
    with _lock:
        per_model = _static.setdefault(model, {})
        found = per_model.get(id(dt))
    if found is not None:
        return found
    cols = [Column("input", c.label or c.expression.text.strip(), c.expression.text.strip())
            for c in dt.inputs]
    cols += [Column("output", o.name or "", None) for o in dt.outputs]
    cols += [Column("annotation", a, None) for a in dt.annotations]
    notes = len(dt.annotations)   # a rule may leave its last annotation cells out
    rows = tuple(Row(r.number, row_anchor(table_id, r.number),
                     tuple([e.text.strip() or "-" for e in r.input_entries]
                           + [e.text.strip() for e in r.output_entries]
                           + [a.strip() for a in r.annotation_entries[:notes]]
                           + [""] * (notes - len(r.annotation_entries))))
                 for r in dt.rules)
    with _lock:
        per_model[id(dt)] = (cols, rows)
    return cols, rows


@dataclass
class _Cache:
    """Display parts that depend on the model and the language only: a memo's values,
    rules, labels and columns are mostly the same as the last memo's. Entries are never
    changed once made; the memo's dataclasses share them."""

    shown: dict[Any, Shown] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    member_labels: dict[tuple[str, str], str] = field(default_factory=dict)
    rules: dict[tuple[int, int], RuleRef] = field(default_factory=dict)
    columns: dict[int, Any] = field(default_factory=dict)
    table_columns: dict[tuple[int, str], list[Column]] = field(default_factory=dict)
    table_rows: dict[int, tuple[list[Column], tuple[Row, ...]]] = field(default_factory=dict)
    cells: dict[tuple[str, str | None, bool], str] = field(default_factory=dict)
    parts: dict[tuple[Any, ...], Part] = field(default_factory=dict)


_caches: "weakref.WeakKeyDictionary[Any, dict[tuple[str, int], _Cache]]" = weakref.WeakKeyDictionary()
_SHOWN_MAX = 20000


def _memo_cache(model: Any, words: Words) -> _Cache:
    key = (words.lang, id(words._t))  # noqa: SLF001 - the catalogue is loaded once per process
    with _lock:
        per_model = _caches.setdefault(model, {})
        found = per_model.get(key)
        if found is None:
            found = per_model[key] = _Cache()
        elif len(found.shown) > _SHOWN_MAX or len(found.parts) > _SHOWN_MAX:
            found.shown.clear()   # numbers from many cases: start again
            found.parts.clear()
    return found


def _knowledge_titles(model: Any) -> dict[str, str]:
    """Seed file name → the title the model's knowledge source gives it."""
    with _lock:
        found = _titles.get(model)
    if found is not None:
        return found
    out: dict[str, str] = {}
    for d in model.files:
        for ks in d.knowledge_sources:
            for text in (ks.name, ks.location_uri or "", ks.label or ""):
                m = law.SEED_RE.search(text)
                if m and ks.label and ks.label != m.group(0):
                    out.setdefault(m.group(0), ks.label)
    with _lock:
        _titles[model] = out
    return out


def _memo_date() -> _dt.date:
    """Today, or the day of SOURCE_DATE_EPOCH (reproducible builds: same input, same memo)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return _dt.datetime.fromtimestamp(int(epoch), _dt.timezone.utc).date()
    return _dt.date.today()


@lru_cache(maxsize=1)
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dmnlaw")
    except PackageNotFoundError:
        return "dev"
