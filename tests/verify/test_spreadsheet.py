"""The spreadsheet round trip: export → import → export gives the same tables, edits come
back into the XML in place, bad cells are reported by sheet and cell."""
from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from dmnlaw.api import load
from dmnlaw.cli import main
from dmnlaw.verify.spreadsheet import FIRST_COL, FIRST_RULE, HEAD, export_tables

TCK = Path(__file__).resolve().parents[3] / "shared" / "tck"
FIXTURES = Path(__file__).parent / "fixtures"


def tck_folders():
    if not TCK.is_dir():
        return []
    return sorted(p for p in TCK.glob("*/*") if p.is_dir()
                  and any("decisionTable" in f.read_text(errors="replace") for f in p.glob("*.dmn")))


def roundtrip(folder: Path, tmp: Path) -> None:
    work = tmp / "model"
    shutil.copytree(folder, work, ignore=shutil.ignore_patterns("*.xml"))
    before = export_tables(str(work))
    runner = CliRunner()
    r = runner.invoke(main, ["export", str(work), "-o", str(tmp / "t.xlsx")])
    assert r.exit_code == 0, r.output
    # Touch every table so each one is rewritten, then put it back: the XML must come back.
    wb = openpyxl.load_workbook(tmp / "t.xlsx")
    for ws in wb.worksheets:
        ws.cell(row=FIRST_RULE, column=3).value = "edited"
    wb.save(tmp / "edited.xlsx")
    assert runner.invoke(main, ["import", str(tmp / "edited.xlsx"), "--into", str(work)]).exit_code == 0
    r = runner.invoke(main, ["import", str(tmp / "t.xlsx"), "--into", str(work)])
    assert r.exit_code == 0, r.output
    assert export_tables(str(work)) == before


@pytest.mark.parametrize("folder", tck_folders(), ids=lambda p: p.name)
def test_tck_roundtrip(folder, tmp_path):
    roundtrip(folder, tmp_path)


def test_bundled_model_roundtrip_evaluates_the_same(tmp_path):
    from dmnlaw.api import bundled_model_path

    source = bundled_model_path()
    if not any(source.glob("*.dmn")):
        pytest.skip("the bundled model is not written yet")
    roundtrip(source, tmp_path)
    cases = Path(__file__).resolve().parents[2] / "cases"
    original, imported = load(source), load(tmp_path / "model")
    from dmnlaw.cases import case_files, evaluate_case, read_case

    for path in case_files(str(cases)):
        case = read_case(path)
        for doctrine in ("judicial", "restrictive"):
            a = evaluate_case(original, case, doctrine)
            b = evaluate_case(imported, case, doctrine)
            assert dict(a) == dict(b), (path, doctrine)
            assert a.missing_facts == b.missing_facts


def test_edit_comes_back_in_place(tmp_path):
    shutil.copy(FIXTURES / "gap.dmn", tmp_path / "gap.dmn")
    original = (tmp_path / "gap.dmn").read_text()
    runner = CliRunner()
    assert runner.invoke(main, ["export", str(tmp_path / "gap.dmn"), "-o", str(tmp_path / "t.xlsx")]).exit_code == 0
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    ws = wb.worksheets[0]
    # Fill the gap: a new rule for caching below 50,000 clicks, typed the way Excel users do.
    r = ws.max_row + 1
    ws.cell(row=r, column=FIRST_COL).value = '"caching"'
    ws.cell(row=r, column=FIRST_COL + 1).value = "< 50000"
    ws.cell(row=r, column=FIRST_COL + 2).value = '"none"'
    wb.save(tmp_path / "t.xlsx")
    result = runner.invoke(main, ["import", str(tmp_path / "t.xlsx"), "--into", str(tmp_path / "gap.dmn")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "gap.dmn").read_text()
    assert text.startswith(original[:original.index("<decisionTable")])  # untouched before
    assert text.endswith(original[original.index("</decisionTable>"):])  # and after
    assert "&lt; 50000" in text
    r = runner.invoke(main, ["check", str(tmp_path / "gap.dmn")])
    assert r.exit_code == 0, r.output


def test_bad_cells_are_reported_by_reference(tmp_path):
    shutil.copy(FIXTURES / "gap.dmn", tmp_path / "gap.dmn")
    before = (tmp_path / "gap.dmn").read_bytes()
    runner = CliRunner()
    runner.invoke(main, ["export", str(tmp_path / "gap.dmn"), "-o", str(tmp_path / "t.xlsx")])
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    ws = wb.worksheets[0]
    ws["B7"] = "SOMETIMES"                                   # hit policy
    ws.cell(row=FIRST_RULE + 1, column=FIRST_COL + 1).value = ">= ("  # FEEL error
    ws.cell(row=HEAD, column=FIRST_COL).value = "inptu"
    wb.save(tmp_path / "t.xlsx")
    r = runner.invoke(main, ["import", str(tmp_path / "t.xlsx"), "--into", str(tmp_path / "gap.dmn")])
    assert r.exit_code == 2
    assert "t.xlsx:liability!B7: error:" in r.output
    assert f"t.xlsx:liability!E{FIRST_RULE + 1}: error: input entry" in r.output
    assert f"t.xlsx:liability!D{HEAD}: error:" in r.output
    assert (tmp_path / "gap.dmn").read_bytes() == before


def test_wrong_target(tmp_path):
    runner = CliRunner()
    runner.invoke(main, ["export", str(FIXTURES / "gap.dmn"), "-o", str(tmp_path / "t.xlsx")])
    shutil.copy(FIXTURES / "cycle.dmn", tmp_path / "cycle.dmn")
    r = runner.invoke(main, ["import", str(tmp_path / "t.xlsx"), "--into", str(tmp_path / "cycle.dmn")])
    assert r.exit_code == 2 and "belongs to 'gap.dmn'" in r.output


def test_a_hostile_workbook_is_refused_before_openpyxl_reads_it(tmp_path, monkeypatch):
    import zipfile

    from dmnlaw.verify import spreadsheet

    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED", 1024 * 1024)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:  # 2 MB of spaces, zipped small
        z.writestr("xl/worksheets/sheet1.xml", "<a>" + " " * (2 * 1024 * 1024) + "</a>")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["import", str(bomb), "--into", str(out)])
    assert result.exit_code == 2 and "more than the 1 MB limit" in result.output
    (tmp_path / "notes.xlsx").write_text("not a zip")
    result = CliRunner().invoke(main, ["import", str(tmp_path / "notes.xlsx"), "--into", str(out)])
    assert result.exit_code == 2 and "not a spreadsheet" in result.output
    assert not out.exists()


def test_openpyxl_parses_workbooks_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
