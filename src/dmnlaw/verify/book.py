"""The model book: the whole legal model laid out for review the way a lawyer reads a statute.

First the decision requirements graph, then every input (its label and the values it
takes), then every decision in graph order with its table: the Chinese label, what the
hit policy means, the knowledge sources it rests on, each rule as a row with its
conditions, its conclusion, its reasoning (理由) and its citations (依据), and what
``dmnlaw check`` says about the table. The HTML is one self-contained file (CSS and the
SVG inline); the PDF is that HTML through the memo's renderer.

Templates are ``book/*.j2`` in the memo's template folder (package data, so a replaced
template folder brings its own book too).
"""
from __future__ import annotations

import datetime as _dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from .. import model as m
from ..errors import DmnlawError, TemplateError
from . import citations
from .check import _tables, check
from .findings import Finding

HIT_POLICY_TEXT = {
    "zh": {"UNIQUE": "唯一（U）：至多一条规则适用", "FIRST": "首条（F）：自上而下，第一条适用的规则决定",
           "PRIORITY": "优先（P）：适用规则中输出优先级最高者决定", "ANY": "任一（A）：适用规则的结论必须一致",
           "COLLECT": "汇总（C）：收集所有适用规则的结论", "RULE ORDER": "规则顺序（R）：按规则顺序列出所有结论",
           "OUTPUT ORDER": "输出顺序（O）：按输出优先级列出所有结论"},
    "en": {"UNIQUE": "Unique (U): at most one rule applies", "FIRST": "First (F): read top to bottom, the first rule that applies decides",
           "PRIORITY": "Priority (P): of the rules that apply, the output of highest priority decides",
           "ANY": "Any (A): the rules that apply must agree", "COLLECT": "Collect (C): all applying rules' outputs",
           "RULE ORDER": "Rule order (R): all outputs in rule order", "OUTPUT ORDER": "Output order (O): all outputs by priority"},
}

WORDS = {
    "zh": {"title": "决策模型手册", "graph": "决策需求图", "inputs": "案件事实（输入数据）",
           "decisions": "决策表", "hit_policy": "命中策略", "sources": "法律渊源", "rule": "规则",
           "conditions": "条件", "conclusion": "结论", "reason": "理由", "basis": "依据",
           "values": "取值", "any": "任意", "check": "校验结果", "no_findings": "未发现问题",
           "model": "模型指纹", "files": "模型文件", "generated": "生成日期",
           "signoff": "审核签署", "reviewer": "审核人", "date": "日期", "name": "名称",
           "label": "标签", "type": "类型", "question": "问题", "default": "默认结论",
           "contents": "目录", "no_table": "（此决策不是决策表）"},
    "en": {"title": "Decision model book", "graph": "Decision requirements graph", "inputs": "Case facts (input data)",
           "decisions": "Decision tables", "hit_policy": "Hit policy", "sources": "Sources of law", "rule": "Rule",
           "conditions": "Conditions", "conclusion": "Conclusion", "reason": "Reasoning", "basis": "Citations",
           "values": "Values", "any": "any", "check": "Check", "no_findings": "No findings",
           "model": "Model fingerprint", "files": "Model files", "generated": "Generated",
           "signoff": "Review and sign-off", "reviewer": "Reviewer", "date": "Date", "name": "Name",
           "label": "Label", "type": "Type", "question": "Question", "default": "Default",
           "contents": "Contents", "no_table": "(this decision is not a decision table)"},
}


@dataclass
class BookTable:
    """One decision table prepared for the page."""

    name: str
    label: str
    hit_policy: str
    hit_policy_text: str
    description: str | None
    sources: list[str]
    inputs: list[dict[str, Any]]
    outputs: list[dict[str, Any]]
    annotations: list[str]
    rules: list[dict[str, Any]]
    findings: list[Finding] = field(default_factory=list)
    line: int | None = None
    file: str = ""


def book_data(model: Any, lang: str = "zh") -> dict[str, Any]:
    """Everything the book template shows, as plain data (also used by tests).

    ``model`` is a loaded :class:`dmnlaw.api.Model`.
    """
    from ..dmn.drg import evaluation_order
    from ..memo.graph import draw

    files: list[m.Definitions] = model.files
    report = check([d.file for d in files])
    by_table: dict[str, list[Finding]] = {}
    for f in report.findings:
        if f.table:
            by_table.setdefault(f.table, []).append(f)
    g = model.graph
    order = [k for k in evaluation_order(g, list(model.compiled.decisions))]
    position = {k: i for i, k in enumerate(order)}
    labels = {data["node"].element.id: data["node"].label for _, data in g.nodes(data=True)}
    tables: list[tuple[int, BookTable]] = []
    for defs in files:
        for owner, table, name in _tables(defs):
            key = f"{defs.namespace}#{owner.id or owner.name}"
            tables.append((position.get(key, len(position)),
                           _book_table(owner, table, name, labels, lang, by_table.get(name, []))))
    tables.sort(key=lambda t: t[0])
    inputs = []
    for defs in files:
        for el in defs.input_data:
            inputs.append({"name": el.name, "label": el.label or el.name,
                           "type": el.variable.type_ref if el.variable else None,
                           "values": model.allowed_values(el.name) if el.name in model.inputs else None,
                           "description": el.description})
    return {
        "lang": lang, "w": WORDS[lang], "graph": draw(model, "svg", lang=lang),
        "inputs": inputs, "tables": [t for _, t in tables], "sha256": model.sha256,
        "files": [Path(d.file).name for d in files], "date": _dt.date.today().isoformat(),
        "errors": len(report.errors), "warnings": len(report.warnings),
    }


def _book_table(owner: Any, table: m.DecisionTable, name: str, labels: dict[str | None, str],
                lang: str, findings: list[Finding]) -> BookTable:
    notes_at = {a: k for k, a in enumerate(table.annotations)}
    # The reasoning in the book's language where the table gives it, else the Chinese.
    chinese, english = notes_at.get(citations.REASON), notes_at.get(citations.REASON_EN)
    basis = notes_at.get(citations.BASIS)
    others = [k for k in range(len(table.annotations)) if k not in (chinese, english, basis)]
    rules = []
    for r in table.rules:
        notes = r.annotation_entries
        rules.append({
            "number": r.number, "id": r.id,
            "inputs": [e.text.strip() if e.text.strip() not in ("", "-") else "" for e in r.input_entries],
            "outputs": [e.text.strip() for e in r.output_entries],
            "reason": _note(notes, english if lang == "en" else None) or _note(notes, chinese),
            "basis": citations.split(notes[basis]) if basis is not None and basis < len(notes) else [],
            "others": [notes[k] if k < len(notes) else "" for k in others],
            "description": r.description,
        })
    sources = [labels.get(req.href.partition("#")[2], req.href)
               for req in getattr(owner, "authority_requirements", ())]
    return BookTable(
        name=name, label=owner.label or owner.name, hit_policy=table.hit_policy + (
            f" {table.aggregation}" if table.aggregation else ""),
        hit_policy_text=HIT_POLICY_TEXT[lang][table.hit_policy],
        description=owner.description or table.description, sources=sources,
        inputs=[{"label": c.label or c.expression.text, "expression": c.expression.text,
                 "values": c.input_values} for c in table.inputs],
        outputs=[{"label": o.label or o.name or table.output_label or owner.name, "name": o.name,
                  "values": o.output_values, "default": o.default_output_entry} for o in table.outputs],
        annotations=[table.annotations[k] for k in others], rules=rules, findings=findings,
        line=table.source.line, file=Path(table.source.file).name)


def _note(notes: list[str], k: int | None) -> str:
    return notes[k].strip() if k is not None and k < len(notes) else ""


@functools.cache
def _environment(folder: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(folder), autoescape=True,
                              undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def render_book(model: Any, fmt: str = "html", lang: str = "zh") -> bytes:
    """The model book of ``model`` as HTML or PDF bytes.

    Raises TemplateError when the book template fails, DmnlawError when PDF is asked for
    and the PDF renderer is not installed.
    """
    from ..memo.render import template_dir

    folder = template_dir() / "book"
    try:
        html = _environment(str(folder)).get_template("book.html.j2").render(**book_data(model, lang))
    except jinja2.TemplateError as e:
        raise TemplateError(f"the model book template failed: {e}", file=str(folder)) from None
    if fmt == "html":
        return html.encode("utf-8")
    try:
        from ..memo.pdf import html_to_pdf
    except ImportError as e:
        raise DmnlawError(f"PDF output needs the memo's PDF renderer ({e})") from None
    return html_to_pdf(html)
