"""Hostile and broken input, one test per class (issue 7): each is refused with exactly one
line on stderr naming the file (and line, or the fact), exit code 2, no traceback and no
output file — or, for what a model may legitimately compute (a slow regular expression), a
prompt answer with a warning instead of a hang."""
from __future__ import annotations

import json
import time

from hostile_support import FEEL_LINE, model_xml, run_cli

DOCTYPE_REFUSED = "DOCTYPE"


def test_xxe_reading_a_local_file(ws):
    ws.write("m.dmn", model_xml("&xxe;", '<!DOCTYPE definitions [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'))
    line = ws.refused(ws.run(), "m.dmn:2:", DOCTYPE_REFUSED)
    assert "root:" not in line


def test_billion_laughs(ws):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    ws.write("m.dmn", model_xml("&lol9;", f"<!DOCTYPE lolz [{entities}]>\n"))
    start = time.perf_counter()
    ws.refused(ws.run(), "m.dmn:2:", DOCTYPE_REFUSED)
    assert time.perf_counter() - start < 10


def test_quadratic_blowup(ws):
    ws.write("m.dmn", model_xml("&a;" * 20_000, f'<!DOCTYPE d [<!ENTITY a "{"A" * 50_000}">]>\n'))
    ws.refused(ws.run(), "m.dmn:2:", DOCTYPE_REFUSED)


def test_external_dtd_and_parameter_entities(ws):
    ws.write("m.dmn", model_xml("x", '<!DOCTYPE definitions SYSTEM "http://127.0.0.1:9/evil.dtd" '
                                     '[<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>\n'))
    ws.refused(ws.run(), "m.dmn:2:", DOCTYPE_REFUSED)


def test_a_100_mb_file_is_refused_by_size_without_reading_it(ws):
    good = model_xml()
    head, tail = good.split("</definitions>")
    with open(ws.root / "m.dmn", "w", encoding="utf-8") as f:
        f.write(head + "<description>")
        block = "x" * (1 << 20)
        for _ in range(100):
            f.write(block)
        f.write("</description></definitions>\n")
    start = time.perf_counter()
    ws.refused(ws.run(), "m.dmn:", "MB limit")
    assert time.perf_counter() - start < 10


def test_deep_xml_nesting(ws):
    good = model_xml()
    deep = "<extensionElements>" + "<x:n xmlns:x='urn:x'>" * 50_000 + "</x:n>" * 50_000 + "</extensionElements>"
    ws.write("m.dmn", good.replace('<inputData id="x"', deep + '<inputData id="x"', 1))
    ws.refused(ws.run(), "m.dmn:", "nested")


def test_deep_nesting_in_feel(ws):
    # Brackets nested 10,000 deep, and an operator chain 50,000 long (a left-deep tree):
    # both refused when the model loads, with the decision's line and the column.
    for text in ["(" * 10_000 + "x" + ")" * 10_000, " + ".join(["x"] * 50_000)]:
        ws.write("m.dmn", model_xml(text))
        ws.refused(ws.run(), f"m.dmn:{FEEL_LINE}:", "nested too deeply", "column")


def test_huge_numbers_in_feel(ws):
    for text in ["1e999999", "x * 1" + "0" * 7000, "0." + "0" * 7000 + "1"]:
        ws.write("m.dmn", model_xml(text))
        ws.refused(ws.run(), f"m.dmn:{FEEL_LINE}:", "outside the range of FEEL numbers")


def test_huge_numbers_in_facts(ws):
    ws.write("case.json", '{"facts": {"x": 1e999999}}')
    ws.refused(ws.run(), "case.json:", "'x'", "not a number FEEL can hold")
    ws.write("case.json", '{"facts": {"x": ' + "9" * 5000 + "}}")
    ws.refused(ws.run(), "case.json:", "not valid JSON", "more than 4,300 digits")
    ws.write("case.json", '{"facts": {"x": NaN}}')
    ws.refused(ws.run(), "case.json:", "NaN")


def test_escapes_of_half_a_character(ws):
    # JSON may spell half of a UTF-16 pair; no memo or run JSON can hold it. A whole pair
    # (an emoji) is fine.
    ws.write("case.json", '{"title": "\\ud83d\\ude00 ok", "facts": {"x": 1}}')
    proc = ws.run()
    assert proc.returncode == 0, proc.stderr
    ws.out.unlink()
    for text in ['{"title": "a\\ud800b", "facts": {"x": 1}}', '{"facts": {"x": 1, "\\udfff": 2}}']:
        ws.write("case.json", text)
        ws.refused(ws.run(), "case.json:", "half a character")


def test_pathological_regexes_are_cut_off(ws):
    # Catastrophic backtracking on "aaa…!" (patterns the regex engine cannot optimise
    # away). The built-ins' regex timeout must hold: the answer is null with a warning in
    # the trace, promptly, not a hang.
    subject = '"' + "a" * 40 + '!"'
    text = (f'[matches({subject}, "(a|aa)+$"), replace({subject}, "(a|aa)+$", "x"), '
            f'matches({subject}, "(a|a)*$")]')
    ws.write("m.dmn", model_xml(text))
    start = time.perf_counter()
    proc = ws.run(timeout=30)
    elapsed = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr
    run = json.loads(ws.out.read_text(encoding="utf-8"))
    assert run["decisions"]["a"] == [None, None, None]
    assert sum("took too long" in w for w in run["trace"][0]["warnings"]) == 3
    assert elapsed < 15


def test_case_file_that_is_not_json(ws):
    ws.write("case.json", '{"facts": {"x": 2,\n  oops}\n')
    ws.refused(ws.run(), "case.json:2:", "not valid JSON")
    ws.write("case.json", "[" * 100_000)
    ws.refused(ws.run(), "case.json:", "JSON")


def test_case_file_that_is_not_utf8(ws):
    ws.write("case.json", '{"facts": {"kind": "'.encode() + "单位".encode("gbk") + b'"}}')
    ws.refused(ws.run(), "case.json:", "not UTF-8")


def test_unknown_facts_and_values(ws):
    for facts, needles in [({"y": 1}, ["unknown fact 'y'", "x, kind, day"]),
                           ({"kind": "robot"}, ["'kind'", "unit, individual"]),
                           ({"day": "2016-02-30"}, ["'day'", "date"]),
                           ({"x": "many"}, ["'x'", "not a number"]),
                           ({"doctrine": "judicial"}, ["--doctrine"])]:
        ws.case(facts)
        ws.refused(ws.run(), "case.json:", *needles)


def test_missing_model_path(ws):
    ws.refused(ws.run(model="nowhere/"), "nowhere", "does not exist")
    ws.refused(ws.run(case="missing.json"), "missing.json", "does not exist")


def test_a_model_that_computes_forever_is_stopped_by_the_time_limit(ws):
    # 100,000 loops of 100,000 items each (no one loop is over its limit); no fixed limit catches
    # every such model (a BKM recursing exponentially is another), the time limit does.
    ws.write("m.dmn", model_xml("sum(for i in 1..100000 return count(for j in 1..100000 return 1))"))
    start = time.perf_counter()
    ws.refused(ws.run("--timeout", "1"), "case.json: ", "longer than 1 s", "--timeout")
    assert time.perf_counter() - start < 20


def test_loading_a_model_never_runs_it(ws):
    # Loading (and caching the compiled model) generates code; only evaluating runs it.
    ws.write("m.dmn", model_xml("sum(for i in 1..100000 return count(for j in 1..100000 return 1))"))
    proc = run_cli("check", "m.dmn", cwd=ws.root, timeout=60)
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr


def test_a_case_that_is_not_a_regular_file_or_too_large_is_refused_unread(ws):
    import os

    os.mkfifo(ws.root / "fifo.json")  # opening it would block until someone writes
    ws.refused(ws.run(case="fifo.json", timeout=20), "fifo.json:", "not a regular file")
    ws.refused(ws.run(case="/dev/zero", timeout=20), "/dev/zero:", "not a regular file")
    big = ws.root / "big.json"
    with open(big, "wb") as f:
        f.write(b'{"facts": {"x": "')
        f.seek(21 * 1024 * 1024)
        f.write(b'"}}')
    ws.refused(ws.run(case="big.json"), "big.json:", "MB limit")


def test_a_model_folder_is_walked_only_so_far(ws, monkeypatch):
    import pytest

    import dmnlaw
    from dmnlaw.errors import ModelError
    from dmnlaw.xml import reader

    folder = ws.root / "many"
    (folder / "sub").mkdir(parents=True)
    (folder / "m.dmn").write_text(model_xml())
    for k in range(12):
        (folder / "sub" / f"note{k}.txt").write_text("")
    (folder / "loop").symlink_to(folder)  # a link back up is not followed
    assert [p.name for p in reader.dmn_files(folder)] == ["m.dmn"]
    monkeypatch.setattr(reader, "_MAX_ENTRIES", 10)
    with pytest.raises(ModelError, match="more than 10 files and folders"):
        dmnlaw.load(folder, cache=False)
