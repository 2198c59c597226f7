"""Run the OMG DMN TCK: every test folder under a directory, compared as the TCK means it.

A folder holds DMN models and ``*-test-*.xml`` files of ``testCase`` elements. A test case
passes when every ``resultNode`` matches: numbers by value, lists and contexts
component-wise, ``xsi:nil`` as null, ``errorResult="true"`` as a null result. A model that
does not load fails its folder's test cases, with the error shown; the run goes on.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Iterator

from lxml import etree

from .errors import DmnlawError
from .feel import temporal
from .feel.values import equal, to_feel_text
from .xml import parse_xml

NS = "{http://www.omg.org/spec/DMN/20160719/testcase}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}"


@dataclass
class Failure:
    folder: str
    test_file: str
    case_id: str
    node: str
    expected: Any
    actual: Any
    message: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"folder": self.folder, "file": self.test_file, "case": self.case_id,
                "node": self.node, "expected": show(self.expected), "actual": show(self.actual),
                "message": self.message}


@dataclass
class Report:
    passed: int = 0
    failed: int = 0
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0


def show(v: Any) -> str:
    if isinstance(v, _Missing):
        return "(not evaluated)"
    return to_feel_text(v)


class _Missing:
    pass


def test_folders(root: str | os.PathLike[str]) -> Iterator[Path]:
    """Folders under ``root`` (itself included) that hold TCK test files, sorted."""
    root = Path(root)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        if any(_is_test_file(f) for f in filenames):
            yield Path(dirpath)


def _is_test_file(name: str) -> bool:
    return name.endswith(".xml") and "-test-" in name


def run_tck(root: str | os.PathLike[str], timeout: float | None = None) -> Report:
    """Run every TCK folder under ``root``; returns the counts and the failures.

    ``timeout`` limits each test case's evaluation (seconds; see :mod:`dmnlaw.deadline`):
    a test case that runs longer fails, and the run goes on."""
    report = Report()
    start = time.perf_counter()
    for folder in test_folders(root):
        run_folder(folder, report, timeout)
    report.seconds = time.perf_counter() - start
    return report


def run_folder(folder: Path, report: Report, timeout: float | None = None) -> None:
    from .api import load
    from .deadline import time_limit

    dmn_files = sorted(str(p) for p in folder.glob("*.dmn"))
    model = None
    load_error = None
    try:
        model = load(*dmn_files)
    except DmnlawError as e:
        load_error = str(e)
    for test_file in sorted(p for p in folder.iterdir() if _is_test_file(p.name)):
        try:
            root = parse_xml(str(test_file)).getroot()
        except DmnlawError as e:
            report.failed += 1
            report.failures.append(Failure(folder.name, test_file.name, "*", "*", None, None, str(e)))
            continue
        for case in root.iter(f"{NS}testCase"):
            try:
                with time_limit(timeout, f"test case {case.get('id', '?')}"):
                    ok = _run_case(model, load_error, folder, test_file, case, report)
            except DmnlawError as e:
                report.failures.append(Failure(folder.name, test_file.name, case.get("id", "?"),
                                               "*", None, None, str(e)))
                ok = False
            if ok:
                report.passed += 1
            else:
                report.failed += 1


def _run_case(model: Any, load_error: str | None, folder: Path, test_file: Path,
              case: etree._Element, report: Report) -> bool:
    case_id = case.get("id", "?")
    results = case.findall(f"{NS}resultNode")
    if model is None:
        report.failures.append(Failure(folder.name, test_file.name, case_id, "*", None, None,
                                       f"model does not load: {load_error}"))
        return False
    inputs = {}
    for node in case.findall(f"{NS}inputNode"):
        inputs[node.get("name")] = parse_value(node)
    names = [r.get("name") for r in results]
    try:
        if case.get("type") == "decisionService":
            actual = model.invoke_service(case.get("invocableName"), inputs)
        else:
            wanted = [n for n in names if n in model.decisions]
            result = model.evaluate(inputs, decisions=wanted, strict=False) if wanted else {}
            actual = dict(result)
    except DmnlawError as e:
        report.failures.append(Failure(folder.name, test_file.name, case_id, "*", None, None, str(e)))
        return False
    ok = True
    for r in results:
        name = r.get("name")
        expected_el = r.find(f"{NS}expected")
        expected = parse_value(expected_el) if expected_el is not None else None
        got = actual.get(name, _Missing()) if isinstance(actual, dict) else _Missing()
        if r.get("errorResult") == "true":
            good = got is None
        else:
            good = not isinstance(got, _Missing) and same(expected, got)
        if not good:
            ok = False
            report.failures.append(Failure(folder.name, test_file.name, case_id, name,
                                           expected, got))
    return ok


def parse_value(el: etree._Element) -> Any:
    """A TCK value element (inputNode, expected, item, component) as a FEEL value."""
    value = el.find(f"{NS}value")
    if value is not None:
        return _typed(value)
    lst = el.find(f"{NS}list")
    if lst is not None:
        return [parse_value(item) for item in lst.findall(f"{NS}item")]
    comps = el.findall(f"{NS}component")
    if comps:
        return {c.get("name"): parse_value(c) for c in comps}
    if el.get(f"{XSI}nil") == "true":
        return None
    return None


def _typed(value: etree._Element) -> Any:
    if value.get(f"{XSI}nil") == "true":
        return None
    comps = value.findall(f"{NS}component")
    if comps:
        return {c.get("name"): parse_value(c) for c in comps}
    lst = value.find(f"{NS}list")
    if lst is not None:
        return [parse_value(item) for item in lst.findall(f"{NS}item")]
    text = value.text or ""
    xtype = (value.get(f"{XSI}type") or "").split(":")[-1]
    try:
        if xtype in ("decimal", "double", "float", "int", "integer", "long"):
            t = text.strip()
            if t in ("NaN", "INF", "-INF"):
                return None
            return Decimal(t)
        if xtype == "boolean":
            return text.strip() == "true"
        if xtype == "date":
            return temporal.parse_date(text.strip())
        if xtype == "dateTime":
            return temporal.parse_date_time(text.strip())
        if xtype == "time":
            return temporal.parse_time(text.strip())
        if xtype == "duration":
            return temporal.parse_duration(text.strip())
    except (InvalidOperation, ValueError, DmnlawError, Exception):
        return text
    return text


def same(expected: Any, actual: Any) -> bool:
    """TCK value comparison: numbers by value (to the expected's precision), deep otherwise."""
    if expected is None or actual is None:
        return expected is None and actual is None
    if type(expected) is Decimal and type(actual) is Decimal:
        if expected == actual:
            return True
        exp = expected.as_tuple().exponent
        if isinstance(exp, int) and exp <= -8:
            # Expected values of transcendental functions are written to a fixed precision.
            if abs(expected - actual) <= Decimal(10) ** (exp + 1):
                return True
        # Some expected values were computed in binary floating point (0008, 0009): agree
        # to 10 significant digits, the precision of those calculations.
        scale = max(abs(expected), abs(actual))
        return expected != expected.to_integral_value() and abs(expected - actual) <= scale * Decimal("1e-10")
    if type(expected) is list and type(actual) is list:
        return len(expected) == len(actual) and all(same(e, a) for e, a in zip(expected, actual))
    if type(expected) is dict and type(actual) is dict:
        return expected.keys() == actual.keys() and all(same(expected[k], actual[k]) for k in expected)
    return equal(expected, actual) is True
