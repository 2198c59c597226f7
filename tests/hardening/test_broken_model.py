"""The bundled model broken the way editing breaks it — a line lost or doubled, two lines
swapped, a cell cut short or given junk, an attribute changed, a byte flipped, a file cut
off — must load with one of dmnlaw's own errors or run: evaluating a case, checking the
tables and writing the memo in both languages never raise anything else. A fixed set of
seeded mutations, so a failure names the one that broke it."""
from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import pytest

import dmnlaw
from dmnlaw.cases import evaluate_case, read_case
from dmnlaw.errors import DmnlawError
from dmnlaw.memo.render import render
from dmnlaw.verify.check import check

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "decisions"
CASE = ROOT / "cases" / "hu_mou_vpn_2018.json"
JUNK = ['"', ")", "..", "null", "[1..", "not(", "-", '>= date("x")', "@", "if", "for x in", "{a:",
        "1e99999", ""]
VALUES = ["", "COLLECT", "ANY", "PRIORITY", "RULE ORDER", "number", "#nope", "x y", "date",
          "string", "boolean", "SUM"]
KINDS = ["lose a line", "double a line", "swap lines", "cut a cell", "change an attribute",
         "flip a byte", "cut the file"]


def mutate(folder: Path, r: random.Random) -> str:
    """Break one file of the model in ``folder``; returns what was done."""
    path = r.choice(sorted(folder.glob("*.dmn")))
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    kind = r.choice(KINDS)
    cells = list(re.finditer(r"<text>([^<]*)</text>", text))
    attrs = list(re.finditer(r'(hitPolicy|typeRef|href|name|aggregation|id)="([^"]*)"', text))
    if (kind == "cut a cell" and not cells) or (kind == "change an attribute" and not attrs):
        kind = "lose a line"
    k = r.randrange(len(lines))
    if kind == "lose a line":
        del lines[k]
    elif kind == "double a line":
        lines.insert(k, lines[k])
    elif kind == "swap lines":
        j = r.randrange(len(lines))
        lines[k], lines[j] = lines[j], lines[k]
    elif kind == "cut a cell":
        cell = r.choice(cells)
        old = cell.group(1)
        text = text[:cell.start(1)] + old[:r.randrange(len(old) + 1)] + r.choice(JUNK) + text[cell.end(1):]
        lines = text.split("\n")
    elif kind == "change an attribute":
        attr = r.choice(attrs)
        text = text[:attr.start(2)] + r.choice(VALUES) + text[attr.end(2):]
        lines = text.split("\n")
    else:
        data = bytearray(text.encode())
        if kind == "flip a byte":
            data[r.randrange(len(data))] = r.randrange(256)
        else:
            del data[r.randrange(len(data)):]
        path.write_bytes(bytes(data))
        return f"{path.name}: {kind}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{path.name}: {kind} at line {k + 1}"


@pytest.mark.parametrize("seed", range(40))
def test_a_broken_model_fails_cleanly_or_runs(tmp_path, seed):
    folder = tmp_path / "decisions"
    shutil.copytree(MODEL, folder)
    what = mutate(folder, random.Random(seed))
    try:
        check([str(folder)])      # findings; a file it cannot read at all is a DmnlawError
    except DmnlawError:
        pass
    except Exception as e:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{what}: check: {type(e).__name__}: {e}")
    try:
        model = dmnlaw.load(folder, cache=False)
    except DmnlawError:
        return
    case = read_case(CASE)
    for lang in ("zh", "en"):
        try:
            runs = [(d, evaluate_case(model, case, d), None) for d in ("judicial", "restrictive")]
            render(model, case, runs, "md", lang)
        except DmnlawError:
            pass
        except Exception as e:  # noqa: BLE001 - the point of the test
            pytest.fail(f"{what}: {type(e).__name__}: {e}")
