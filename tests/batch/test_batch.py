"""`dmnlaw batch` as a user runs it: answers in input order, bad records reported and skipped,
the same answers with one process or several, atomic output, a bar only on a terminal."""
from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from batch_support import run_cli

GOOD = {"conduct_date": "2016-06-30", "actor_kind": "unit", "orders_refused_2y": 2,
        "able_to_comply": True}


def write_jsonl(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def read_out(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_jsonl_answers_every_good_record_and_reports_every_bad_one(tmp_path, mini_law):
    lines = [
        json.dumps({"title": "好", "reference": "(2018)沪0115刑初2974号", "facts": GOOD}),
        "not json",
        json.dumps({"facts": {"conduct_date": "2014-01-01"}}),
        "",                                                    # blank: not a record
        json.dumps({"facts": {"actor_kind": "robot"}}),
        json.dumps({"facts": {"conduct_date": "2016-02-30"}}),
        json.dumps({"facts": {"bogus": 1}}),
        "[1, 2]",
        json.dumps({"facts": {"doctrine": "judicial"}}),
        '{"facts": {"orders_refused_2y": 1e999999}}',
    ]
    src = write_jsonl(tmp_path / "in.jsonl", lines)
    with open(src, "ab") as f:
        f.write(b'{"facts": {"actor_kind": "\xff"}}\n')
    proc = run_cli("batch", "in.jsonl", "-o", "out.jsonl", "--model", str(mini_law), cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    out = read_out(tmp_path / "out.jsonl")
    assert [o["line"] for o in out] == [1, 2, 3, 5, 6, 7, 8, 9, 10, 11]
    first = out[0]
    assert [r["doctrine"] for r in first["runs"]] == ["judicial", "restrictive"]
    assert first["runs"][0]["title"] == "好" and first["runs"][0]["reference"] == "(2018)沪0115刑初2974号"
    assert first["runs"][0]["decisions"] == {"temporal_scope": "applicable", "liability": "criminal"}
    assert first["runs"][1]["decisions"]["liability"] == "criminal"
    assert len(first["runs"][0]["model"]["sha256"]) == 64 and first["runs"][0]["trace"]
    assert out[2]["runs"][0]["decisions"]["liability"] == "none"
    assert out[2]["runs"][0]["title"] == "in.jsonl, line 3"
    errors = {o["line"]: o["error"] for o in out if "error" in o}
    assert "not valid JSON" in errors[2]
    assert "'actor_kind'" in errors[5] and "unit, individual, unit_manager" in errors[5]
    assert "'conduct_date'" in errors[6]
    assert "unknown fact 'bogus'" in errors[7]
    assert "JSON object" in errors[8]
    assert "--doctrine" in errors[9]
    assert "'orders_refused_2y'" in errors[10]
    assert "UTF-8" in errors[11]
    summary = proc.stderr.strip().splitlines()
    assert summary[-1].startswith("10 records: 2 answered, 8 errors, ") and summary[-1].endswith(" cases/s")
    assert summary[0].startswith("in.jsonl:2: error: not valid JSON")
    assert "evaluating" not in proc.stderr, "no progress bar when stderr is not a terminal"


def test_one_doctrine_gives_the_run_json_itself(tmp_path, mini_law):
    write_jsonl(tmp_path / "in.jsonl", [json.dumps({"facts": GOOD})])
    proc = run_cli("batch", "in.jsonl", "-o", "out.jsonl", "--model", str(mini_law),
                   "--doctrine", "restrictive", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    (only,) = read_out(tmp_path / "out.jsonl")
    assert only["line"] == 1 and only["doctrine"] == "restrictive"
    assert set(only) >= {"title", "decisions", "missing_facts", "trace", "model"}


def test_csv_cells_are_converted_by_the_facts_types(tmp_path, mini_law):
    (tmp_path / "in.csv").write_text(
        "title,conduct_date,actor_kind,orders_refused_2y,able_to_comply\n"
        "甲,2016-06-30,unit,2,是\n"
        "乙,2016-06-30,individual,0.5,FALSE\n"
        "丙,,unit,,\n"
        "丁,2016-06-30,unit,two,true\n"
        "戊,2016-06-30,unit,1,maybe\n"
        '"多行\n标题",2014-01-01,robot,1,true\n'
        "己,2016-06-30,unit\n",
        encoding="utf-8")
    proc = run_cli("batch", "in.csv", "-o", "out.jsonl", "--model", str(mini_law),
                   "--doctrine", "judicial", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    out = read_out(tmp_path / "out.jsonl")
    assert [o["line"] for o in out] == [2, 3, 4, 5, 6, 7, 9]
    assert out[0]["title"] == "甲" and out[0]["decisions"]["liability"] == "criminal"
    assert out[0]["trace"][1]["inputs"]["able_to_comply"] is True
    assert out[1]["decisions"]["liability"] == "none"  # able_to_comply false
    assert out[1]["trace"][1]["inputs"]["orders_refused_2y"] == 0.5
    assert out[2]["decisions"] == {"temporal_scope": "undetermined", "liability": "undetermined"}
    assert "orders_refused_2y" in out[3]["error"] and "not a number" in out[3]["error"]
    assert "able_to_comply" in out[4]["error"] and "是" in out[4]["error"]
    assert "'actor_kind'" in out[5]["error"]
    assert "3 cells" in out[6]["error"]


def test_csv_header_with_an_unknown_fact_is_unusable(tmp_path, mini_law):
    (tmp_path / "in.csv").write_text("conduct_date,colour\n2016-01-01,red\n", encoding="utf-8")
    proc = run_cli("batch", "in.csv", "-o", "out.jsonl", "--model", str(mini_law), cwd=tmp_path)
    assert proc.returncode == 2
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("in.csv:1: error: unknown fact 'colour'")
    assert not (tmp_path / "out.jsonl").exists()


def many_records(n: int) -> list[str]:
    lines = []
    for i in range(n):
        if i % 97 == 13:
            lines.append("{broken")
            continue
        facts = {"conduct_date": f"20{10 + i % 10}-0{1 + i % 9}-15", "orders_refused_2y": i % 4,
                 "actor_kind": ["unit", "individual", "unit_manager"][i % 3],
                 "able_to_comply": [True, False, None][i % 3]}
        lines.append(json.dumps({"facts": facts}))
    return lines


def test_several_processes_give_the_same_answers_in_the_same_order(tmp_path, mini_law):
    write_jsonl(tmp_path / "in.jsonl", many_records(600))
    outs = []
    for jobs in ("1", "3"):
        out = tmp_path / f"out{jobs}.jsonl"
        proc = run_cli("batch", "in.jsonl", "-o", str(out), "--model", str(mini_law), "--jobs", jobs,
                       cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith("600 records: 593 answered, 7 errors")
        outs.append(out.read_text(encoding="utf-8"))
    assert outs[0] == outs[1]
    assert [o["line"] for o in map(json.loads, outs[0].splitlines())] == list(range(1, 601))


def test_a_model_that_does_not_load_leaves_the_old_output(tmp_path):
    (tmp_path / "bad.dmn").write_text("<definitions", encoding="utf-8")
    write_jsonl(tmp_path / "in.jsonl", [json.dumps({"facts": {}})])
    (tmp_path / "out.jsonl").write_text("old\n", encoding="utf-8")
    proc = run_cli("batch", "in.jsonl", "-o", "out.jsonl", "--model", "bad.dmn", cwd=tmp_path)
    assert proc.returncode == 2 and len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith("bad.dmn:")
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "old\n"
    proc = run_cli("batch", "missing.jsonl", "-o", "out.jsonl", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.startswith("missing.jsonl: error:")


def test_ctrl_c_stops_cleanly_without_an_output_file(tmp_path, mini_law):
    write_jsonl(tmp_path / "in.jsonl", many_records(100_000))
    proc = subprocess.Popen([sys.executable, "-m", "dmnlaw", "batch", "in.jsonl", "-o", "out.jsonl",
                             "--model", str(mini_law), "--jobs", "2"], cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err.strip().splitlines() == ["dmnlaw: interrupted; out.jsonl was not written"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"], "no output, no temp file"


def test_progress_bar_on_a_terminal_only(tmp_path, mini_law):
    write_jsonl(tmp_path / "in.jsonl", many_records(50))
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "dmnlaw", "batch", "in.jsonl", "-o", "out.jsonl",
                               "--model", str(mini_law)], cwd=tmp_path, stdout=subprocess.PIPE,
                              stderr=slave, timeout=60)
        os.close(slave)
        shown = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(master)
    assert proc.returncode == 1
    assert b"evaluating" in shown and b"50 records" in shown


def test_memos_need_the_renderer(tmp_path, mini_law):
    pytest.importorskip("dmnlaw.memo.render")
    write_jsonl(tmp_path / "in.jsonl", [json.dumps({"facts": GOOD}), "{broken"])
    proc = run_cli("batch", "in.jsonl", "-o", "out.jsonl", "--model", str(mini_law),
                   "--memos", "memos", "--memo-format", "md", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert sorted(p.name for p in (tmp_path / "memos").iterdir()) == ["line-000001.md"]
