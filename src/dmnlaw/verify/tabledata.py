"""Decision tables as plain data, read from and written back into DMN XML in place.

This is the XML half of the spreadsheet round trip (:mod:`.spreadsheet` is the other):
:func:`read_tables` takes every decision table of a file as a :class:`TableData`, exactly
as written (texts untrimmed, absent attributes None); :func:`write_table` changes one
``decisionTable`` element so that it says what a TableData says, and nothing else:
elements are matched by id and reused (keeping attributes and extension elements of other
vocabularies), new ones are indented like their siblings, and everything outside the
decision tables (DMNDI shapes, comments, other elements) is left as it was.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

from .. import model as m
from ..errors import ModelError

KINDS = ("input", "output", "annotation")

# Where a table can sit: the DRG elements with decision logic.
_OWNERS = ("decision", "businessKnowledgeModel")


@dataclass
class Column:
    """One column of a table. ``text`` is an input's expression, an output's or an
    annotation's name; ``values`` the inputValues/outputValues text; ``default`` an
    output's default entry; ``type_ref`` the input expression's or the output's typeRef."""

    kind: str
    text: str | None = None
    label: str | None = None
    type_ref: str | None = None
    values: str | None = None
    default: str | None = None
    id: str | None = None
    description: str | None = None


@dataclass
class Row:
    """One rule: its id and description and one entry text per column, in column order.
    ``source_row`` is the spreadsheet row it was read from (0 when read from XML); it is
    not part of the table, so it takes no part in comparisons."""

    id: str | None
    description: str | None
    entries: list[str]
    source_row: int = field(default=0, compare=False)


@dataclass
class TableData:
    """A decision table and where it lives: ``file`` (as the spreadsheet names it),
    ``owner_id``/``owner_name`` (the decision or BKM), ``index`` (1-based, among the
    tables inside that element in document order)."""

    file: str
    owner_id: str | None
    owner_name: str
    index: int
    table_id: str | None = None
    hit_policy: str | None = None
    aggregation: str | None = None
    output_label: str | None = None
    type_ref: str | None = None
    label: str | None = None
    description: str | None = None
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def dmn_namespace(root: etree._Element) -> str:
    """The DMN namespace of a file's root; ModelError when it is not a DMN definitions."""
    ns = etree.QName(root).namespace or ""
    if ns not in m.DMN_NAMESPACES or etree.QName(root).localname != "definitions":
        raise ModelError("not a DMN file (the root is not a DMN <definitions>)",
                         file=root.getroottree().docinfo.URL, line=root.sourceline)
    return ns


def table_elements(root: etree._Element) -> Iterator[tuple[etree._Element, int, etree._Element]]:
    """(owner element, 1-based index, decisionTable element) for every table in the file."""
    ns = dmn_namespace(root)
    for owner in root:
        if not isinstance(owner.tag, str) or etree.QName(owner).localname not in _OWNERS:
            continue
        if etree.QName(owner).namespace != ns:
            continue
        for k, dt in enumerate(owner.iter(f"{{{ns}}}decisionTable"), start=1):
            yield owner, k, dt


def read_tables(root: etree._Element, file: str) -> list[TableData]:
    """Every decision table in the tree rooted at ``root``, named as being in ``file``."""
    ns = dmn_namespace(root)
    return [read_table(dt, ns, file, owner, k) for owner, k, dt in table_elements(root)]


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _child(el: etree._Element, ns: str, name: str) -> etree._Element | None:
    return el.find(_q(ns, name))


def _text(el: etree._Element | None, ns: str) -> str | None:
    """The ``<text>`` of a literal expression or unary tests, "" when it has none."""
    if el is None:
        return None
    t = el.find(_q(ns, "text"))
    return "".join(t.itertext()) if t is not None else ""


def _description(el: etree._Element, ns: str) -> str | None:
    d = _child(el, ns, "description")
    return "".join(d.itertext()) if d is not None else None


def read_table(dt: etree._Element, ns: str, file: str, owner: etree._Element, index: int) -> TableData:
    """One ``decisionTable`` element as a :class:`TableData`."""
    data = TableData(file=file, owner_id=owner.get("id"), owner_name=owner.get("name") or "",
                     index=index, table_id=dt.get("id"), hit_policy=dt.get("hitPolicy"),
                     aggregation=dt.get("aggregation"), output_label=dt.get("outputLabel"),
                     type_ref=dt.get("typeRef"), label=dt.get("label"),
                     description=_description(dt, ns))
    for el in dt:
        if not isinstance(el.tag, str) or etree.QName(el).namespace != ns:
            continue
        tag = etree.QName(el).localname
        if tag == "input":
            expr = _child(el, ns, "inputExpression")
            data.columns.append(Column(
                "input", _text(expr, ns), el.get("label"),
                expr.get("typeRef") if expr is not None else None,
                _text(_child(el, ns, "inputValues"), ns), None, el.get("id"), _description(el, ns)))
        elif tag == "output":
            data.columns.append(Column(
                "output", el.get("name"), el.get("label"), el.get("typeRef"),
                _text(_child(el, ns, "outputValues"), ns),
                _text(_child(el, ns, "defaultOutputEntry"), ns), el.get("id"), _description(el, ns)))
        elif tag == "annotation":
            data.columns.append(Column("annotation", el.get("name"), None, None, None, None,
                                       el.get("id"), _description(el, ns)))
        elif tag == "rule":
            entries = [_text(e, ns) or "" for e in _entries(el, ns)]
            data.rows.append(Row(el.get("id"), _description(el, ns), entries))
    return data


def _entries(rule: etree._Element, ns: str) -> list[etree._Element]:
    """A rule's entries in column order: inputs, outputs, annotations."""
    by_kind: dict[str, list[etree._Element]] = {"inputEntry": [], "outputEntry": [], "annotationEntry": []}
    for e in rule:
        if isinstance(e.tag, str) and etree.QName(e).namespace == ns:
            by_kind.get(etree.QName(e).localname, []).append(e)
    return by_kind["inputEntry"] + by_kind["outputEntry"] + by_kind["annotationEntry"]


# --- writing --------------------------------------------------------------------------------

_ENTRY_TAG = {"input": "inputEntry", "output": "outputEntry", "annotation": "annotationEntry"}
_COLUMN_TAG = {"input": "input", "output": "output", "annotation": "annotation"}


def write_table(dt: etree._Element, ns: str, data: TableData, ids: set[str]) -> None:
    """Make the ``decisionTable`` element ``dt`` say what ``data`` says.

    ``ids`` holds every id in the file; ids made up for new elements are added to it. The
    hit policy attribute is written only when it differs from what the element means.
    """
    layout = _layout(dt)
    _set(dt, "id", data.table_id)
    current = dt.get("hitPolicy") or "UNIQUE"
    if (data.hit_policy or "UNIQUE") != current:
        dt.set("hitPolicy", data.hit_policy or "UNIQUE")
    for attr, value in (("aggregation", data.aggregation), ("outputLabel", data.output_label),
                        ("typeRef", data.type_ref), ("label", data.label)):
        _set(dt, attr, value)
    _set_description(dt, ns, data.description)

    old_columns = [el for el in dt if _is(el, ns, "input", "output", "annotation")]
    old_by_id = {el.get("id"): el for el in old_columns if el.get("id")}
    old_position = {id(el): k for k, el in enumerate(old_columns)}
    new_columns: list[etree._Element] = []
    used: set[int] = set()
    for k, col in enumerate(data.columns):
        el = old_by_id.get(col.id) if col.id else None
        if el is None and k < len(old_columns) and not old_columns[k].get("id") and \
                etree.QName(old_columns[k]).localname == col.kind:
            el = old_columns[k]  # no ids to match by: same place, same kind
        if el is None or id(el) in used or etree.QName(el).localname != _COLUMN_TAG[col.kind]:
            el = etree.SubElement(dt, _q(ns, _COLUMN_TAG[col.kind]))
        used.add(id(el))
        _write_column(el, ns, col, ids)
        new_columns.append(el)
    # For each new column, the position of its entries in the old rules (None: new column).
    sources = [old_position.get(id(el)) for el in new_columns]

    old_rules = [el for el in dt if _is(el, ns, "rule")]
    rules_by_id = {el.get("id"): el for el in old_rules if el.get("id")}
    new_rules: list[etree._Element] = []
    used = set()
    for k, row in enumerate(data.rows):
        el = rules_by_id.get(row.id) if row.id else None
        if el is None and not row.id and k < len(old_rules) and not old_rules[k].get("id"):
            el = old_rules[k]
        if el is None or id(el) in used:
            el = etree.SubElement(dt, _q(ns, "rule"))
            _set(el, "id", row.id or _new_id(ids, "rule"))
        used.add(id(el))
        _write_rule(el, ns, row, data.columns, sources, ids)
        new_rules.append(el)

    keep = [el for el in dt if not _is(el, ns, "input", "output", "annotation", "rule")]
    _replace_children(dt, keep + new_columns + new_rules, layout)


def _is(el: etree._Element, ns: str, *names: str) -> bool:
    return isinstance(el.tag, str) and etree.QName(el).namespace == ns and \
        etree.QName(el).localname in names


def _set(el: etree._Element, attr: str, value: str | None) -> None:
    if value is None:
        if attr in el.attrib:
            del el.attrib[attr]
    elif el.get(attr) != value:
        el.set(attr, value)


def _set_description(el: etree._Element, ns: str, text: str | None) -> None:
    d = _child(el, ns, "description")
    if text is None:
        if d is not None:
            _remove(d)
        return
    if d is None:
        d = etree.SubElement(el, _q(ns, "description"))
        el.insert(0, d)
        d.tail = el.text
    if "".join(d.itertext()) != text:
        for c in list(d):
            d.remove(c)
        d.text = text


def _set_text(el: etree._Element, ns: str, text: str) -> None:
    """Set the ``<text>`` child of a literal expression or unary tests."""
    t = el.find(_q(ns, "text"))
    if t is None:
        t = etree.SubElement(el, _q(ns, "text"))
    if "".join(t.itertext()) != text:
        for c in list(t):
            t.remove(c)
        t.text = text


def _optional_child(parent: etree._Element, ns: str, name: str, text: str | None,
                    before: tuple[str, ...] = ()) -> etree._Element | None:
    """Ensure ``parent`` has a ``name`` child with ``text`` (None: no such child)."""
    el = _child(parent, ns, name)
    if text is None:
        if el is not None:
            _remove(el)
        return None
    if el is None:
        el = etree.SubElement(parent, _q(ns, name))
        anchor = next((c for c in parent if _is(c, ns, *before)), None)
        if anchor is not None:
            anchor.addprevious(el)
        else:
            parent.append(el)
    _set_text(el, ns, text)
    return el


def _write_column(el: etree._Element, ns: str, col: Column, ids: set[str]) -> None:
    _set(el, "id", col.id or (None if el.get("id") is None and col.kind == "annotation"
                              else el.get("id") or _new_id(ids, col.kind)))
    _set_description(el, ns, col.description)
    if col.kind == "input":
        _set(el, "label", col.label)
        expr = _child(el, ns, "inputExpression")
        if expr is None:
            expr = etree.SubElement(el, _q(ns, "inputExpression"))
        _set(expr, "typeRef", col.type_ref)
        _set_text(expr, ns, col.text or "")
        _optional_child(el, ns, "inputValues", col.values)
    elif col.kind == "output":
        _set(el, "name", col.text)
        _set(el, "label", col.label)
        _set(el, "typeRef", col.type_ref)
        _optional_child(el, ns, "outputValues", col.values, before=("defaultOutputEntry",))
        _optional_child(el, ns, "defaultOutputEntry", col.default)
    else:
        _set(el, "name", col.text)


def _write_rule(rule: etree._Element, ns: str, row: Row, columns: list[Column],
                sources: list[int | None], ids: set[str]) -> None:
    layout = _layout(rule)
    _set_description(rule, ns, row.description)
    old = _entries(rule, ns)
    entries: list[etree._Element] = []
    for k, (col, text) in enumerate(zip(columns, row.entries)):
        src = sources[k]
        el = old[src] if src is not None and src < len(old) else None
        if el is None or etree.QName(el).localname != _ENTRY_TAG[col.kind]:
            el = etree.SubElement(rule, _q(ns, _ENTRY_TAG[col.kind]))
            if col.kind != "annotation":
                el.set("id", _new_id(ids, f"{rule.get('id') or 'rule'}_{k}"))
        _set_text(el, ns, text)
        entries.append(el)
    keep = [el for el in rule if not _is(el, ns, "inputEntry", "outputEntry", "annotationEntry")]
    _replace_children(rule, keep + entries, layout)


def _new_id(ids: set[str], base: str) -> str:
    """An id not yet in the file, made from ``base``."""
    k = 1
    while f"{base}_{k}" in ids:
        k += 1
    ids.add(f"{base}_{k}")
    return f"{base}_{k}"


def _remove(el: etree._Element) -> None:
    """Remove an element, giving its tail's text to the node before it (keeps layout)."""
    parent = el.getparent()
    prev = el.getprevious()
    if prev is not None:
        prev.tail = el.tail if (prev.tail or "").strip() == "" else prev.tail
    elif parent is not None:
        parent.text = el.tail if (parent.text or "").strip() == "" else parent.text
    parent.remove(el)  # type: ignore[union-attr]


def _layout(parent: etree._Element) -> tuple[str | None, str | None]:
    """The whitespace an element's children are indented with, and the one before its
    closing tag (None where the file has none), taken before anything is added."""
    old = list(parent)
    inner = next((c.tail for c in old[:-1] if c.tail and not c.tail.strip()), None)
    if inner is None and parent.text and not parent.text.strip():
        inner = parent.text
    closing = old[-1].tail if old and old[-1].tail and not old[-1].tail.strip() else None
    if closing is None and inner is not None:
        closing = inner[:-2] if inner.endswith("  ") else inner.rstrip(" \t")
    return inner, closing


def _replace_children(parent: etree._Element, children: list[etree._Element],
                      layout: tuple[str | None, str | None]) -> None:
    """Make ``children`` (existing or new) the element's children, in order, keeping the
    file's indentation (``layout``, from :func:`_layout`): each child ends with the inner
    indentation, the last with the closing one; new elements are indented like siblings."""
    inner, closing = layout
    step = "  "
    if inner and closing is not None and inner.startswith(closing) and len(inner) > len(closing):
        step = inner[len(closing):]
    for c in list(parent):
        parent.remove(c)
    if inner is not None and not (parent.text or "").strip():
        parent.text = inner
    for c in children:
        parent.append(c)
        if inner is not None:
            c.tail = inner
            _indent_new(c, inner, step)
    if children and closing is not None:
        children[-1].tail = closing


def _indent_new(el: etree._Element, indent: str, step: str) -> None:
    """Indent a freshly made element's own children one ``step`` deeper than itself."""
    if len(el) == 0 or el.text is not None:
        return
    deeper = indent + step
    el.text = deeper
    for c in el:
        c.tail = deeper
        _indent_new(c, deeper, step)
    el[-1].tail = indent


def collect_ids(root: etree._Element) -> set[str]:
    """Every id attribute in the tree."""
    return {el.get("id") for el in root.iter() if isinstance(el.tag, str) and el.get("id")}


def relative_file(path: str, base: str | None) -> str:
    """A DMN file's name as the spreadsheet records it: relative to the exported folder
    with ``/`` separators, or the file's own name."""
    if base:
        return os.path.relpath(path, base).replace(os.sep, "/")
    return os.path.basename(path)

