"""Case files (DESIGN §2): reading and checking them, running them, comparing expectations.

A case file is JSON: ``title``, optional ``reference``, ``facts`` (input data by name) and
optional ``expected``, keyed by doctrine. ``doctrine`` is never a fact: the command line
sets it. Everything wrong with a case file is a :class:`~dmnlaw.errors.CaseError` naming
the file and the fact.
"""
from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .errors import CaseError
from .evaluate import Result
from .feel import temporal
from .feel.values import Range, to_feel_text
from .files import read_limited

# Largest case file read (a case is a few kilobytes of facts; batch inputs are read by
# records, line by line).
MAX_CASE_BYTES = 20 * 1024 * 1024

DOCTRINES = ("judicial", "restrictive")


@dataclass
class Case:
    path: str
    title: str
    facts: dict[str, Any]
    reference: str | None = None
    expected: dict[str, dict[str, Any]] = field(default_factory=dict)


def read_case(path: str | os.PathLike[str]) -> Case:
    """Read and shape-check a case file. Raises CaseError naming the file."""
    path = str(path)
    raw = read_limited(path, MAX_CASE_BYTES, CaseError, "case file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise CaseError(f"the case file is not UTF-8 text (byte {e.start})", file=path) from None
    return case_from_data(decode_json(text, path), path)


def decode_json(text: str, path: str, line: int | None = None) -> Any:
    """Decode the JSON of a case (numbers with a fraction as Decimal).

    ``line`` is where ``text`` starts in the file (a JSONL record). Raises CaseError for
    invalid JSON, NaN/Infinity (not JSON), nesting too deep to read, or a number too
    long to convert.
    """
    try:
        data = json.loads(text, parse_float=Decimal, parse_constant=_not_json)
    except json.JSONDecodeError as e:
        where = e.lineno if line is None else line + e.lineno - 1
        raise CaseError(f"not valid JSON: {e.msg} (column {e.colno})", file=path,
                        line=where) from None
    except RecursionError:
        raise CaseError("the JSON is nested too deeply", file=path, line=line) from None
    except ValueError as e:
        # int() refuses numbers of more than 4300 digits (its message then tells a Python
        # programmer how to lift the limit); _not_json refuses NaN/Infinity.
        message = str(e)
        if "integer string conversion" in message:
            message = "a number written with more than 4,300 digits (use an exponent: 1E+5000)"
        raise CaseError(f"not valid JSON: {message}", file=path, line=line) from None
    if _HALF_ESCAPE.search(text):
        where = _half_character(data)
        if where is not None:
            # JSON lets a \u escape name half of a character; no UTF-8 text can hold it, so
            # the memo and the run JSON could not be written.
            raise CaseError(f"not valid text: {where} holds a \\u escape of half a character "
                            f"(an unpaired surrogate)", file=path, line=line) from None
    return data


_HALF_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _half_character(data: Any, where: str = "the case") -> str | None:
    """Where in ``data`` a string (or key) holds an unpaired surrogate, or None."""
    if isinstance(data, str):
        return where if _SURROGATE.search(data) else None
    if isinstance(data, dict):
        for k, v in data.items():
            found = _half_character(k, f"a key in {where}") or _half_character(v, f"'{k}'")
            if found:
                return found
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found = _half_character(v, f"{where}[{i}]")
            if found:
                return found
    return None


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def case_from_data(data: Any, path: str, line: int | None = None) -> Case:
    """Build a Case from decoded JSON; raises CaseError for a wrong shape."""
    if not isinstance(data, dict):
        raise CaseError("a case must be a JSON object with 'facts'", file=path, line=line)
    facts = data.get("facts")
    if not isinstance(facts, dict):
        raise CaseError("a case needs a 'facts' object", file=path, line=line)
    if "doctrine" in facts:
        raise CaseError("'doctrine' is not a fact: choose it with --doctrine judicial|restrictive|both",
                        file=path, line=line, element="doctrine")
    expected = data.get("expected") or {}
    if not isinstance(expected, dict) or any(k not in DOCTRINES or not isinstance(v, dict)
                                             for k, v in expected.items()):
        raise CaseError("'expected' must map 'judicial' and/or 'restrictive' to decision values",
                        file=path, line=line)
    for key in ("title", "reference"):
        if data.get(key) is not None and not isinstance(data[key], str):
            raise CaseError(f"'{key}' must be text (a JSON string)", file=path, line=line,
                            element=key)
    title = data.get("title") or Path(path).stem
    return Case(path, title, facts, data.get("reference"), expected)


def doctrines(option: str) -> list[str]:
    return list(DOCTRINES) if option == "both" else [option]


def evaluate_case(model: Any, case: Case, doctrine: str, trace: bool = True) -> Result:
    """Evaluate a case under one doctrine; raises CaseError naming the file and the fact."""
    facts = dict(case.facts)
    if "doctrine" in model.inputs:
        facts["doctrine"] = doctrine
    try:
        return model.evaluate(facts, trace=trace)
    except CaseError as e:
        raise e.located(file=case.path)


def run_json(model: Any, case: Case, doctrine: str, result: Result) -> dict[str, Any]:
    """The contract's run JSON for one doctrine (DESIGN §2)."""
    return {
        "title": case.title,
        "reference": case.reference,
        "doctrine": doctrine,
        "decisions": {k: jsonable(v) for k, v in result.items()},
        "missing_facts": result.missing_facts,
        "trace": [jsonable(t.as_dict()) for t in result.trace],
        "model": {"sha256": model.sha256},
    }


def jsonable(v: Any) -> Any:
    """FEEL values as JSON values: integers without a fraction, dates as ISO strings."""
    t = type(v)
    if v is None or t is str or t is bool or t is int:
        return v
    if t is Decimal:
        # Exact integers while they fit the 34 digits FEEL keeps (never int() of 1E+6144:
        # thousands of digits that json cannot write); a float beyond; text if even that
        # overflows, since JSON has no infinity.
        if v.is_finite() and v.adjusted() < 34 and v == v.to_integral_value():
            return int(v)
        f = float(v)
        return f if math.isfinite(f) else to_feel_text(v)
    if t is list or t is tuple:
        return [jsonable(x) for x in v]
    if t is dict:
        return {str(k): jsonable(x) for k, x in v.items()}
    if t is Range:
        return to_feel_text(v)
    if temporal.type_name(v):
        return temporal.to_iso(v)
    return to_feel_text(v)


def lookup(result: Result, dotted: str) -> Any:
    """``subject_qualification.qualified`` reaches into a context; KeyError if absent."""
    head, *rest = dotted.split(".")
    value = result[head]
    for part in rest:
        if not isinstance(value, dict) or part not in value:
            raise KeyError(dotted)
        value = value[part]
    return value


@dataclass
class Mismatch:
    decision: str
    expected: Any
    actual: Any
    rule: str = ""


def compare(case: Case, doctrine: str, result: Result) -> list[Mismatch]:
    """Differences between a case's expectations for ``doctrine`` and the result."""
    out: list[Mismatch] = []
    for name, want in case.expected.get(doctrine, {}).items():
        if name == "missing_facts":
            got: Any = result.missing_facts
        else:
            try:
                got = jsonable(lookup(result, name))
            except KeyError:
                out.append(Mismatch(name, want, "(no such decision)"))
                continue
        if not _same(want, got):
            out.append(Mismatch(name, want, got, _rule(result, name.split(".")[0])))
    return out


def _same(want: Any, got: Any) -> bool:
    if isinstance(want, (int, float, Decimal)) and not isinstance(want, bool) and \
            isinstance(got, (int, float)) and not isinstance(got, bool):
        return Decimal(str(want)) == Decimal(str(got))
    if isinstance(want, list) and isinstance(got, list):
        return len(want) == len(got) and all(_same(a, b) for a, b in zip(want, got))
    if isinstance(want, dict) and isinstance(got, dict):
        return want.keys() == got.keys() and all(_same(want[k], got[k]) for k in want)
    return want == got


def _rule(result: Result, decision: str) -> str:
    for t in result.trace:
        if t.decision == decision and t.table:
            if t.selected:
                return f"table '{t.table}' rule {', '.join(map(str, t.selected))}"
            return f"table '{t.table}': no rule selected"
    return ""


def case_files(target: str | os.PathLike[str]) -> list[Path]:
    """Case files at ``target``: the file itself, or every *.json under a folder, sorted."""
    p = Path(target)
    if p.is_file():
        return [p]
    if not p.exists():
        raise CaseError("no such file or folder", file=str(p))
    return sorted(p.rglob("*.json"))
