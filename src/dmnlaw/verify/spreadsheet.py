"""Decision tables in a spreadsheet (Excel, WPS, LibreOffice), and back into the DMN files.

One sheet per table. The top of a sheet says which table it is (file, element id, index)
and holds the table's properties; a block of column headers follows (kind, expression or
name, label, type, allowed values, default, id, description), then one row per rule (its
number, id and description, then its entries). Every cell is written as text, so Excel
leaves FEEL such as ``>= 50000`` or ``"caching"`` alone; a number, a boolean or a date a
lawyer types instead is read back as the FEEL for it.

:func:`import_workbook` checks every cell before it writes anything: a sheet that points
to no table, an unknown hit policy, FEEL that does not parse. All problems are reported
together by sheet and cell (``tables.xlsx:duty_scope!D25: error: ...``), and no file is
changed. Files whose tables did not change are not rewritten.
"""
from __future__ import annotations

import datetime as _dt
import io
import os
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from lxml import etree

from .. import model as m
from ..errors import DmnlawError
from ..files import read_limited
from ..feel.parser import NameIndex, parse_expression, parse_unary_tests
from ..output import write_atomic
from ..xml import parse_xml
from .tabledata import (Column, Row, TableData, collect_ids, dmn_namespace, read_tables,
                        relative_file, table_elements, write_table)

MARKER = "dmnlaw decision table"
# Largest workbook read, and the most its zip may unpack to.
MAX_BYTES = 20 * 1024 * 1024
MAX_UNPACKED = 200 * 1024 * 1024
FORMAT = "1"

# Sheet layout: properties in A:B, column headers from row HEAD, rules from row FIRST_RULE;
# table columns start at column D (A: rule number, B: rule id, C: rule description).
PROPERTIES = ("file", "element id", "element", "table", "table id", "hit policy",
              "aggregation", "output label", "type", "label", "description")
HEAD = len(PROPERTIES) + 3            # row of the column kinds
HEADER_ROWS = ("column", "expression / name", "label", "type", "allowed values", "default",
               "id", "description")
FIRST_RULE = HEAD + len(HEADER_ROWS) + 1
FIRST_COL = 4

_HIT_POLICY_SHORT = {"U": "UNIQUE", "F": "FIRST", "P": "PRIORITY", "A": "ANY", "C": "COLLECT",
                     "R": "RULE ORDER", "O": "OUTPUT ORDER"}
_COLLECT = {"C+": "SUM", "C#": "COUNT", "C<": "MIN", "C>": "MAX"}


class SpreadsheetError(DmnlawError):
    """Cells that cannot be imported; ``problems`` are the one-line reports."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problems in the spreadsheet")
        self.problems = problems

    def __str__(self) -> str:
        return "\n".join(self.problems)


# --- export ---------------------------------------------------------------------------------

def model_files(path: str) -> tuple[list[str], str | None]:
    """The .dmn files at ``path`` and the folder their names are relative to (None: a file)."""
    from ..xml.reader import _expand  # the reader's folder expansion, so both agree

    files = list(_expand([path]))
    return files, (path if os.path.isdir(path) else None)


def export_tables(path: str) -> list[TableData]:
    """Every decision table of the .dmn file or folder at ``path``.

    Raises ModelError for a path that is missing, not XML, hostile or not DMN.
    """
    files, base = model_files(path)
    out: list[TableData] = []
    for f in files:
        out += read_tables(parse_xml(f).getroot(), relative_file(f, base))
    return out


def export_workbook(path: str) -> tuple[bytes, int]:
    """The .xlsx bytes with one sheet per table of the model at ``path``, and the count."""
    import openpyxl

    tables = export_tables(path)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    names: set[str] = set()
    for t in tables:
        ws = wb.create_sheet(_sheet_name(t, names))
        _write_sheet(ws, t)
    if not tables:
        wb.create_sheet("no tables")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue(), len(tables)


def _sheet_name(t: TableData, taken: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\) from the element's name."""
    base = re.sub(r"[\[\]:*?/\\]", "_", t.owner_name or t.owner_id or "table").strip("'") or "table"
    if t.index > 1:
        base = f"{base} {t.index}"
    name = base[:31]
    k = 2
    while name.lower() in taken:
        suffix = f"~{k}"
        name = base[:31 - len(suffix)] + suffix
        k += 1
    taken.add(name.lower())
    return name


def _put(ws: Any, row: int, col: int, value: str | None, bold: bool = False) -> None:
    if value is None:
        return
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"  # text, even when it starts with "=" (a FEEL unary test)
    if bold:
        from openpyxl.styles import Font

        cell.font = Font(bold=True)


def _write_sheet(ws: Any, t: TableData) -> None:
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    _put(ws, 1, 1, MARKER, bold=True)
    _put(ws, 1, 2, FORMAT)
    values = (t.file, t.owner_id, t.owner_name, str(t.index), t.table_id, t.hit_policy,
              t.aggregation, t.output_label, t.type_ref, t.label, t.description)
    for k, (key, value) in enumerate(zip(PROPERTIES, values), start=2):
        _put(ws, k, 1, key, bold=True)
        _put(ws, k, 2, value)
    for k, key in enumerate(HEADER_ROWS):
        _put(ws, HEAD + k, 1, key, bold=True)
    fills = {"input": "E8F0FE", "output": "FDF2E9", "annotation": "F4F6F7"}
    for j, col in enumerate(t.columns):
        c = FIRST_COL + j
        for k, value in enumerate((col.kind, col.text, col.label, col.type_ref, col.values,
                                   col.default, col.id, col.description)):
            _put(ws, HEAD + k, c, value, bold=k == 1)
        ws.cell(row=HEAD, column=c).fill = PatternFill("solid", fgColor=fills[col.kind])
        _put(ws, FIRST_RULE - 1, c, col.label or col.text, bold=True)
        width = max(len(col.label or col.text or ""), 12)
        ws.column_dimensions[get_column_letter(c)].width = min(60, width * 2 if col.kind == "annotation" else width + 4)
    _put(ws, FIRST_RULE - 1, 1, "#", bold=True)
    _put(ws, FIRST_RULE - 1, 2, "rule id", bold=True)
    _put(ws, FIRST_RULE - 1, 3, "rule description", bold=True)
    for i, row in enumerate(t.rows):
        r = FIRST_RULE + i
        _put(ws, r, 1, str(i + 1))
        _put(ws, r, 2, row.id)
        _put(ws, r, 3, row.description)
        for j, text in enumerate(row.entries):
            _put(ws, r, FIRST_COL + j, text)
            ws.cell(row=r, column=FIRST_COL + j).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 22
    ws.freeze_panes = ws.cell(row=FIRST_RULE, column=FIRST_COL)


# --- import ---------------------------------------------------------------------------------

@dataclass
class _Sheet:
    """Reads cells of one sheet, collecting problems with their cell references."""

    ws: Any
    book: str
    problems: list[str]

    def ref(self, row: int, col: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{self.book}:{self.ws.title}!{get_column_letter(col)}{row}"

    def problem(self, row: int, col: int, message: str) -> None:
        self.problems.append(f"{self.ref(row, col)}: error: {message}")

    def text(self, row: int, col: int) -> str | None:
        """A cell as text: None when empty; numbers, booleans and dates as FEEL."""
        v = self.ws.cell(row=row, column=col).value
        if v is None:
            return None
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, float):
            return format(Decimal(repr(v)).normalize(), "f") if v == v else str(v)
        if isinstance(v, _dt.datetime):
            if v.time() == _dt.time(0):
                return f'date("{v.date().isoformat()}")'
            return f'date and time("{v.isoformat()}")'
        if isinstance(v, _dt.date):
            return f'date("{v.isoformat()}")'
        if isinstance(v, _dt.time):
            return f'time("{v.isoformat()}")'
        return str(v)


def read_workbook(workbook: str) -> tuple[list[tuple[TableData, "_Sheet"]], list[str]]:
    """The tables of an exported workbook, each with its sheet, and the problems found.

    Sheets without the dmnlaw marker in A1 (a lawyer's notes) are skipped. Raises
    DmnlawError when the file is not a spreadsheet.
    """
    import openpyxl

    data = read_limited(workbook, MAX_BYTES, DmnlawError, "spreadsheet")
    _refuse_zip_bomb(data, workbook)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except Exception as e:  # openpyxl raises many kinds for a file that is not .xlsx
        raise DmnlawError(f"not a spreadsheet openpyxl can read ({type(e).__name__}: {e})",
                          file=workbook) from None
    book = os.path.basename(workbook)
    problems: list[str] = []
    out = []
    for ws in wb.worksheets:
        if ws.cell(row=1, column=1).value != MARKER:
            continue
        sheet = _Sheet(ws, book, problems)
        data = _read_sheet(sheet)
        if data is not None:
            out.append((data, sheet))
    return out, problems


def _refuse_zip_bomb(data: bytes, workbook: str) -> None:
    """An .xlsx is a zip of XML: refuse one that would unpack to more than MAX_UNPACKED
    (openpyxl holds every cell in memory), before openpyxl opens it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            size = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise DmnlawError(f"not a spreadsheet (.xlsx is a zip archive: {e})", file=workbook) from None
    if size > MAX_UNPACKED:
        raise DmnlawError(f"the spreadsheet unpacks to {size:,} bytes, more than the "
                          f"{MAX_UNPACKED // (1024 * 1024)} MB limit", file=workbook)


def _read_sheet(s: _Sheet) -> TableData | None:
    props = {key: s.text(k, 2) for k, key in enumerate(PROPERTIES, start=2)}
    row_of = {key: k for k, key in enumerate(PROPERTIES, start=2)}
    if not props["file"]:
        s.problem(row_of["file"], 2, "the file this table belongs to is empty")
        return None
    try:
        index = int(props["table"] or "1")
    except ValueError:
        s.problem(row_of["table"], 2, f"the table number must be a whole number, not '{props['table']}'")
        return None
    hit, aggregation = _hit_policy(s, props["hit policy"], props["aggregation"], row_of)
    data = TableData(file=props["file"], owner_id=props["element id"],
                     owner_name=props["element"] or "", index=index, table_id=props["table id"],
                     hit_policy=hit, aggregation=aggregation, output_label=props["output label"],
                     type_ref=props["type"], label=props["label"], description=props["description"])
    c = FIRST_COL
    order = {k: i for i, k in enumerate(("input", "output", "annotation"))}
    last = 0
    while True:
        kind = s.text(HEAD, c)
        if kind is None:
            break
        kind = kind.strip().lower()
        if kind not in order:
            s.problem(HEAD, c, f"the column kind must be input, output or annotation, not '{kind}'")
        elif order[kind] < last:
            s.problem(HEAD, c, f"an {kind} column must come before the "
                               f"{('input', 'output', 'annotation')[last]} columns")
        else:
            last = order[kind]
        values = [s.text(HEAD + k, c) for k in range(1, len(HEADER_ROWS))]
        data.columns.append(Column(kind, *values))  # type: ignore[arg-type]
        c += 1
    if not any(col.kind == "output" for col in data.columns):
        s.problem(HEAD, FIRST_COL, "the table has no output column")
    width = len(data.columns)
    r = FIRST_RULE
    blank = 0
    while blank < 50 and r <= s.ws.max_row:
        cells = [s.text(r, FIRST_COL + j) for j in range(width)]
        rid, desc = s.text(r, 2), s.text(r, 3)
        if rid is None and desc is None and all(v is None for v in cells):
            blank += 1  # blank rows are skipped, not rules
        else:
            blank = 0
            # An empty cell is an empty entry: for an input "any value", as modelers write it.
            data.rows.append(Row(rid, desc, [v if v is not None else "" for v in cells], r))
        r += 1
    return data


def _hit_policy(s: _Sheet, text: str | None, aggregation: str | None,
                row_of: dict[str, int]) -> tuple[str | None, str | None]:
    if text is None:
        return None, aggregation
    t = text.strip().upper()
    if t in _COLLECT:
        return "COLLECT", _COLLECT[t]
    t = _HIT_POLICY_SHORT.get(t, t)
    if t not in m.HIT_POLICIES:
        s.problem(row_of["hit policy"], 2, f"'{text}' is not a hit policy (one of "
                                           f"{', '.join(m.HIT_POLICIES)}, or U F P A C R O, C+ C# C< C>)")
    if aggregation is not None and aggregation.strip().upper() not in m.AGGREGATIONS:
        s.problem(row_of["aggregation"], 2, f"'{aggregation}' is not an aggregation (one of "
                                            f"{', '.join(m.AGGREGATIONS)})")
        aggregation = None
    return t, aggregation.strip().upper() if aggregation else None


def _check_feel(data: TableData, s: _Sheet, names: NameIndex) -> None:
    """Report every cell whose FEEL does not parse."""
    def tests(text: str | None, row: int, col: int, what: str) -> None:
        if text is None:
            return
        try:
            parse_unary_tests(text, names)
        except DmnlawError as e:
            s.problem(row, col, f"{what}: {e.message}")

    def expression(text: str | None, row: int, col: int, what: str) -> None:
        if text is None or not text.strip():
            return
        try:
            parse_expression(text, names)
        except DmnlawError as e:
            s.problem(row, col, f"{what}: {e.message}")

    for j, col in enumerate(data.columns):
        c = FIRST_COL + j
        if col.kind == "input":
            expression(col.text, HEAD + 1, c, "input expression")
        elif col.kind == "output" and len([x for x in data.columns if x.kind == "output"]) > 1 and not col.text:
            s.problem(HEAD + 1, c, "a table with several outputs needs a name for each")
        tests(col.values, HEAD + 4, c, "allowed values")
        expression(col.default, HEAD + 5, c, "default output")
        for row in data.rows:
            text = row.entries[j]
            r = row.source_row
            if col.kind == "input":
                tests(text, r, c, "input entry")
            elif col.kind == "output":
                expression(text, r, c, "output entry")
    seen: dict[str, int] = {}
    for row in data.rows:
        r = row.source_row
        if row.id and row.id in seen:
            s.problem(r, 2, f"rule id '{row.id}' is used twice (first in row {seen[row.id]})")
        if row.id:
            seen.setdefault(row.id, r)


def import_workbook(workbook: str, into: str) -> list[str]:
    """Write the tables of ``workbook`` into the DMN file or folder ``into``.

    Returns the files rewritten (those whose tables changed). Raises SpreadsheetError with
    every bad cell, DmnlawError/ModelError for a workbook or model that cannot be read;
    in those cases nothing is written.
    """
    sheets, problems = read_workbook(workbook)
    folder = into if os.path.isdir(into) else None
    files: dict[str, tuple[etree._ElementTree, str, bytes]] = {}
    targets: list[tuple[TableData, _Sheet, etree._Element, str]] = []
    for data, sheet in sheets:
        path = _target_file(data, sheet, into, folder)
        if path is None:
            continue
        if path not in files:
            files[path] = _parse_keeping_layout(path)
        tree, ns, _ = files[path]
        found = [(owner, k, dt) for owner, k, dt in table_elements(tree.getroot())
                 if (owner.get("id") == data.owner_id if data.owner_id else owner.get("name") == data.owner_name)
                 and k == data.index]
        if not found:
            sheet.problem(3 if data.owner_id else 4, 2,
                          f"{data.file} has no decision table number {data.index} in element "
                          f"'{data.owner_id or data.owner_name}'")
            continue
        _check_feel(data, sheet, _names(tree.getroot(), ns))
        targets.append((data, sheet, found[0][2], path))
    keys = [(p, id(dt)) for _, _, dt, p in targets]
    for (data, sheet, _, _), key in zip(targets, keys):
        if keys.count(key) > 1:
            sheet.problem(1, 1, f"another sheet also holds table {data.index} of "
                                f"'{data.owner_id or data.owner_name}' in {data.file}")
    if problems:
        raise SpreadsheetError(problems)
    changed: list[str] = []
    for path, (tree, ns, original) in files.items():
        root = tree.getroot()
        ids = collect_ids(root)
        mine = [(d, dt) for d, _, dt, p in targets if p == path]
        edited = [dt for d, dt in mine if _table_of(dt, ns, d) != d]
        for d, dt in mine:
            if dt in edited:
                write_table(dt, ns, d, ids)
        if edited:
            write_atomic(path, _serialise(tree, original, edited))
            changed.append(path)
    return changed


def _table_of(dt: etree._Element, ns: str, like: TableData) -> TableData:
    """The table as the element says now, with ``like``'s identity, for comparison."""
    from .tabledata import read_table

    owner = next(a for a in dt.iterancestors() if a.getparent() is not None and a.getparent().getparent() is None)
    return read_table(dt, ns, like.file, owner, like.index)


def _target_file(data: TableData, sheet: _Sheet, into: str, folder: str | None) -> str | None:
    if folder is not None:
        path = os.path.normpath(os.path.join(folder, data.file))
        if not _within(path, folder):
            sheet.problem(2, 2, f"the file '{data.file}' is outside the folder {into}")
            return None
        if not os.path.isfile(path):
            sheet.problem(2, 2, f"there is no file '{data.file}' in {into}")
            return None
        return path
    if os.path.basename(data.file) != os.path.basename(into):
        sheet.problem(2, 2, f"this table belongs to '{data.file}', not to {os.path.basename(into)}")
        return None
    return into


def _within(path: str, folder: str) -> bool:
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
        return True
    except ValueError:
        return False


def _parse_keeping_layout(path: str) -> tuple[etree._ElementTree, str, bytes]:
    """Parse a DMN file for rewriting: vetted by parse_xml first (no DTD, no entities, size
    and depth limits), then parsed again keeping comments and processing instructions so
    that they survive the rewrite."""
    parse_xml(path)
    data = Path(path).read_bytes()
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=False, remove_pis=False)
    tree = etree.ElementTree(etree.fromstring(data, parser))
    return tree, dmn_namespace(tree.getroot()), data


_TABLE_START = re.compile(rb"<(?:[\w.\-]+:)?decisionTable\b")
_TABLE_END = re.compile(rb"</(?:[\w.\-]+:)?decisionTable\s*>")


def _table_spans(data: bytes) -> list[tuple[int, int]]:
    """Byte ranges of the ``decisionTable`` elements in serialised XML, in document order."""
    spans = []
    pos = 0
    while (start := _TABLE_START.search(data, pos)) is not None:
        gt = data.find(b">", start.end())
        if gt < 0:
            break
        if data[gt - 1:gt] == b"/":
            spans.append((start.start(), gt + 1))
            pos = gt + 1
            continue
        end = _TABLE_END.search(data, gt)
        if end is None:
            break
        spans.append((start.start(), end.end()))
        pos = end.end()
    return spans


def _serialise(tree: etree._ElementTree, original: bytes, changed: list[etree._Element]) -> bytes:
    """The file with the ``changed`` tables rewritten and every other byte as it was.

    lxml serialises the whole tree (declarations in scope, so no namespace is redeclared);
    the changed tables' text is cut from that and spliced into the original bytes at the
    same tables. Should the tables not be found the same way in both (a comment that looks
    like a table), the whole serialisation is used instead.
    """
    ns = dmn_namespace(tree.getroot())
    tables = list(tree.getroot().iter(f"{{{ns}}}decisionTable"))
    encoding = tree.docinfo.encoding or "UTF-8"
    new = etree.tostring(tree, encoding=encoding, xml_declaration=True)
    old_spans, new_spans = _table_spans(original), _table_spans(new)
    if not (len(old_spans) == len(new_spans) == len(tables)):
        return new
    out = original
    # From the last table to the first, so earlier byte offsets stay valid.
    for k in sorted((tables.index(dt) for dt in changed), reverse=True):
        (a, b), (c, d) = old_spans[k], new_spans[k]
        out = out[:a] + new[c:d] + out[b:]
    return out


def _names(root: etree._Element, ns: str) -> NameIndex:
    """Multi-word names the file's FEEL may use (element, parameter and component names)."""
    names = {el.get("name") for el in root.iter() if isinstance(el.tag, str) and el.get("name")
             and etree.QName(el).localname in ("decision", "inputData", "businessKnowledgeModel",
                                                "decisionService", "itemDefinition", "itemComponent",
                                                "parameter", "formalParameter", "variable", "import")}
    return NameIndex(n for n in names if n)
