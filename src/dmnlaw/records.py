"""Batch input (DESIGN §1, ``dmnlaw batch``): the records of a JSONL or CSV file, and their facts.

Reading is split so the expensive half runs in the batch workers: :func:`read_records`
only cuts the file into records (one JSONL line, one CSV row) with the line where each
starts; :func:`record_case` decodes one record into a :class:`~dmnlaw.cases.Case`,
converting CSV cells by the types of the model's input data. A problem with one record
is a CaseError for that record alone; only an unusable file (missing, or a CSV header
naming an unknown fact) is an error for the whole file.
"""
from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator

from .cases import Case, case_from_data, decode_json
from .errors import CaseError

CSV_EXTRA_COLUMNS = ("title", "reference")
"""CSV columns that are not facts."""

TRUE_WORDS = frozenset({"true", "是"})
FALSE_WORDS = frozenset({"false", "否"})


@dataclass(frozen=True, slots=True)
class Record:
    """One input record: ``line`` where it starts (1-based), and its raw content.

    ``content`` is the JSONL line's text, or the CSV row's cells. ``bad_text`` is set
    when the bytes were not UTF-8 (the record is then an error, the rest goes on).
    """

    line: int
    content: str | list[str]
    bad_text: bool = False


def input_format(path: str | os.PathLike[str]) -> str:
    """"csv" or "jsonl", from the file's suffix (anything but .csv is read as JSONL)."""
    return "csv" if Path(path).suffix.lower() == ".csv" else "jsonl"


def count_lines(path: str | os.PathLike[str]) -> int:
    """The number of lines in the file (for a progress bar). Raises CaseError if unreadable."""
    n = 0
    last = b"\n"
    try:
        with open(path, "rb") as f:
            while block := f.read(1 << 20):
                n += block.count(b"\n")
                last = block[-1:]
    except OSError as e:
        raise CaseError(f"cannot read the input: {e.strerror or e}", file=str(path)) from None
    return n + (last != b"\n")


def read_header(path: str | os.PathLike[str], model: Any) -> list[str]:
    """The header of a CSV file, checked against the model's input data.

    Returns the column names. Raises CaseError (line 1) for an unreadable or empty file,
    an empty, duplicate or unknown column name, or a ``doctrine`` column.
    """
    file = str(path)
    try:
        with open(file, encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
            header = next(csv.reader(f), None)
    except OSError as e:
        raise CaseError(f"cannot read the input: {e.strerror or e}", file=file) from None
    except csv.Error as e:
        raise CaseError(f"the CSV header cannot be read: {e}", file=file, line=1) from None
    if not header:
        raise CaseError("the CSV file has no header line naming the facts", file=file, line=1)
    header = [h.strip() for h in header]
    for k, name in enumerate(header):
        if not name:
            raise CaseError(f"column {k + 1} of the header has no name", file=file, line=1)
        if _has_surrogates(name):
            raise CaseError("the CSV header is not UTF-8 text", file=file, line=1)
        if header.index(name) != k:
            raise CaseError(f"the header names column '{name}' twice", file=file, line=1)
        if name == "doctrine":
            raise CaseError("'doctrine' is not a fact: choose it with --doctrine "
                            "judicial|restrictive|both", file=file, line=1)
        if name not in CSV_EXTRA_COLUMNS and name not in model.inputs:
            raise CaseError(f"unknown fact '{name}' in the header; the model's facts are: "
                            + ", ".join(model.inputs), file=file, line=1)
    return header


def read_records(path: str | os.PathLike[str], fmt: str) -> Iterator[Record]:
    """Cut the file into records, lazily. Blank lines are not records.

    Raises CaseError when the file cannot be read. A CSV file's header (line 1) is
    skipped: read it with :func:`read_header`.
    """
    file = str(path)
    try:
        if fmt == "csv":
            yield from _csv_records(file)
        else:
            yield from _jsonl_records(file)
    except OSError as e:
        raise CaseError(f"cannot read the input: {e.strerror or e}", file=file) from None


def _jsonl_records(file: str) -> Iterator[Record]:
    with open(file, "rb") as f:
        for n, raw in enumerate(f, 1):
            if n == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                yield Record(n, raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield Record(n, "", bad_text=True)


def _csv_records(file: str) -> Iterator[Record]:
    # surrogateescape keeps a row with bad bytes readable, so only that row is an error.
    with open(file, encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
        reader = csv.reader(f)
        end = 0
        header_seen = False
        while True:
            start = end + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                end = reader.line_num
                yield Record(start, f"the CSV row cannot be read: {e}", bad_text=True)
                continue
            end = reader.line_num
            if not header_seen:
                header_seen = True  # read_header checked it
                continue
            if not any(c.strip() for c in row):
                continue
            yield Record(start, row, bad_text=any(_has_surrogates(c) for c in row))


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def record_case(record: Record, source: str, model: Any, header: list[str] | None) -> Case:
    """The case a record describes: a JSONL object, or a CSV row under ``header``.

    The case's ``path`` is ``source`` and a record without a title gets
    ``"<file name>, line N"``. Raises CaseError naming the fact for what the case files
    of DESIGN §2 refuse, plus CSV cells that do not convert to their fact's type.
    """
    if record.bad_text:
        detail = record.content if isinstance(record.content, str) and record.content else ""
        raise CaseError(detail or "the record is not UTF-8 text", file=source, line=record.line)
    if isinstance(record.content, str):
        data = decode_json(record.content, source, record.line)
    else:
        assert header is not None
        data = csv_data(record.content, header, model)
    case = case_from_data(data, source, record.line)
    if not (isinstance(data, dict) and data.get("title")):
        case.title = f"{_file_name(source)}, line {record.line}"
    return case


@lru_cache(maxsize=16)
def _file_name(source: str) -> str:
    return Path(source).name


def csv_data(cells: list[str], header: list[str], model: Any) -> dict[str, Any]:
    """A CSV row as a case object: ``facts`` by the header, converted by the facts' types.

    An empty cell is a missing fact. Raises CaseError for a row whose cell count differs
    from the header's, or a cell that is not a value of its fact's type.
    """
    if len(cells) != len(header):
        raise CaseError(f"the row has {len(cells)} cells, the header {len(header)} columns")
    data: dict[str, Any] = {}
    facts: dict[str, Any] = {}
    for name, cell in zip(header, cells):
        cell = cell.strip()
        if not cell:
            continue
        if name in CSV_EXTRA_COLUMNS:
            data[name] = cell
        else:
            facts[name] = convert_cell(name, cell, model.input_kind(name))
    data["facts"] = facts
    return data


def convert_cell(name: str, cell: str, kind: str | None) -> Any:
    """A CSV cell as the Python value for a fact of FEEL type ``kind``.

    Numbers become Decimal, booleans come from true/false/是/否 (any case); dates and
    other types stay text for the model to parse. Raises CaseError naming the fact.
    """
    if kind == "number":
        try:
            value = Decimal(cell)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            raise CaseError(f"fact '{name}': {cell[:40]!r} is not a number", element=name)
        return value
    if kind == "boolean":
        word = cell.lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CaseError(f"fact '{name}': {cell[:40]!r} is not a boolean (true/false/是/否)",
                        element=name)
    return cell
