"""`dmnlaw batch` with malformed records of every kind mixed in: one error line per bad
record naming its line, the summary counting them, every good record answered, output in
input order with several processes — and a worker's answer line, written straight to text
(dmnlaw.runjson), is the JSON of the run dicts it replaces."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from batch_support import run_cli

import dmnlaw
from dmnlaw.batch import Job, Worker
from dmnlaw.cases import evaluate_case, run_json
from dmnlaw.records import read_records, record_case
from strategies import sample_facts

# (kind, the record's bytes, what its error line must say)
BAD = [
    ("not JSON", b"{broken", "not valid JSON"),
    ("not JSON, cut short", b'{"facts": {"actor_kind": "unit"', "not valid JSON"),
    ("not an object", b"[1, 2]", "a case must be a JSON object"),
    ("a number", b"42", "a case must be a JSON object"),
    ("no facts", b'{"title": "x"}', "needs a 'facts' object"),
    ("facts not an object", b'{"facts": [1]}', "needs a 'facts' object"),
    ("unknown fact", b'{"facts": {"bogus": 1}}', "unknown fact 'bogus'"),
    ("doctrine as a fact", b'{"facts": {"doctrine": "judicial"}}', "--doctrine"),
    ("value not allowed", b'{"facts": {"actor_kind": "robot"}}', "fact 'actor_kind': 'robot' is not one of"),
    ("wrong type: text for a number", b'{"facts": {"orders_refused_2y": "two"}}',
     "fact 'orders_refused_2y'"),
    ("wrong type: a number for a boolean", b'{"facts": {"able_to_comply": 1}}', "fact 'able_to_comply'"),
    ("wrong type: a list for a string", b'{"facts": {"actor_kind": ["unit"]}}', "fact 'actor_kind'"),
    ("no such date", b'{"facts": {"conduct_date": "2016-02-30"}}', "fact 'conduct_date'"),
    ("number too large", b'{"facts": {"orders_refused_2y": 1e999999}}', "fact 'orders_refused_2y'"),
    ("NaN", b'{"facts": {"orders_refused_2y": NaN}}', "not valid JSON"),
    ("bad expected", b'{"facts": {}, "expected": {"lenient": {}}}', "'expected'"),
    ("not UTF-8", b'{"facts": {"actor_kind": "\xff"}}', "not UTF-8"),
    ("half a character", b'{"facts": {"helped_crime": "\\udc80x"}}', "'helped_crime' holds a \\u escape of half"),
]


def good_record(r: random.Random) -> bytes:
    facts = {"conduct_date": f"20{r.randint(10, 19)}-0{r.randint(1, 9)}-15",
             "orders_refused_2y": r.randint(0, 3),
             "actor_kind": r.choice(["unit", "individual", "unit_manager"]),
             "able_to_comply": r.choice([True, False, None])}
    return json.dumps({"facts": {k: v for k, v in facts.items() if r.random() < 0.8}}).encode()


def mixed_input(path: Path, records: int = 300, seed: int = 3) -> dict[int, tuple[str, str] | None]:
    """Good records with every bad kind mixed in (each twice, at random places) and a few
    blank lines (not records). Returns, by line, None or the bad record's (kind, message)."""
    r = random.Random(seed)
    bad_at = dict(zip(r.sample(range(records), 2 * len(BAD)), BAD + BAD))
    expected: dict[int, tuple[str, str] | None] = {}
    lines: list[bytes] = []
    for k in range(records):
        if k % 50 == 49:
            lines.append(b"   ")
        if k in bad_at:
            kind, raw, says = bad_at[k]
            lines.append(raw)
            expected[len(lines)] = (kind, says)
        else:
            lines.append(good_record(r))
            expected[len(lines)] = None
    path.write_bytes(b"\n".join(lines) + b"\n")
    return expected


def test_every_bad_record_is_one_error_line_at_its_line_in_input_order(tmp_path, mini_law):
    expected = mixed_input(tmp_path / "in.jsonl")
    bad = {line: v for line, v in expected.items() if v is not None}
    outputs = {}
    for jobs in ("2", "1"):
        out = tmp_path / f"out{jobs}.jsonl"
        proc = run_cli("batch", "in.jsonl", "-o", out.name, "--model", str(mini_law), "--jobs", jobs,
                       cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        outputs[jobs] = out.read_bytes()
        err = proc.stderr.strip().splitlines()
        assert err[-1].startswith(f"{len(expected)} records: {len(expected) - len(bad)} answered, "
                                  f"{len(bad)} errors, ")
        first = sorted(bad)[:5]
        assert [e.split(": error: ")[0] for e in err[:5]] == [f"in.jsonl:{n}" for n in first]
        assert err[5] == f"… and {len(bad) - 5} more error lines in {out.name}"
    assert outputs["1"] == outputs["2"]

    lines = [json.loads(x) for x in outputs["2"].decode("utf-8").splitlines()]
    assert [o["line"] for o in lines] == sorted(expected), "one line per record, in input order"
    for o in lines:
        want = expected[o["line"]]
        if want is None:
            assert list(o) == ["line", "runs"], o
            assert [r["doctrine"] for r in o["runs"]] == ["judicial", "restrictive"]
            assert o["runs"][0]["title"] == f"in.jsonl, line {o['line']}"
        else:
            kind, says = want
            assert list(o) == ["line", "error"] and says in o["error"], (kind, o)
    assert {v[0] for v in bad.values()} == {k for k, _, _ in BAD}


def test_a_worker_line_is_the_json_of_the_run_dicts(tmp_path, mini_law):
    """The text a worker writes equals json.dumps of {"line", "runs"/run JSON} as built
    from run_json — for one doctrine and both, for the mini model and the legal one."""
    for model_path in (str(mini_law), None):
        model = dmnlaw.load(model_path) if model_path else dmnlaw.load()
        src = tmp_path / "in.jsonl"
        if model_path:
            mixed_input(src, 60)
        else:
            src.write_text("\n".join(json.dumps({"title": f"案 {k}", "reference": "ref",
                                                 "facts": facts}, ensure_ascii=False)
                                     for k, facts in enumerate(sample_facts(model, 40, seed=9))) + "\n",
                           encoding="utf-8")
        records = list(read_records(src, "jsonl"))
        for doctrines in (("judicial", "restrictive"), ("restrictive",)):
            worker = Worker(Job(str(src), model_path, doctrines), model)
            for record in records:
                answer = worker.answer(record)
                if not answer.ok:
                    continue
                case = record_case(record, str(src), model, None)
                runs = [run_json(model, case, d, evaluate_case(model, case, d)) for d in doctrines]
                data = ({"line": record.line, **runs[0]} if len(runs) == 1
                        else {"line": record.line, "runs": runs})
                assert answer.text == json.dumps(data, ensure_ascii=False, separators=(",", ":"))


@pytest.mark.parametrize("kind,raw,says", BAD, ids=[k for k, _, _ in BAD])
def test_each_kind_alone(tmp_path, mini_law, kind, raw, says):
    (tmp_path / "in.jsonl").write_bytes(raw + b"\n" + json.dumps({"facts": {}}).encode() + b"\n")
    worker = Worker(Job(str(tmp_path / "in.jsonl"), str(mini_law), ("judicial",)), dmnlaw.load(mini_law))
    bad, good = (worker.answer(r) for r in read_records(tmp_path / "in.jsonl", "jsonl"))
    assert not bad.ok and bad.line == 1 and says in bad.error
    assert json.loads(bad.text) == {"line": 1, "error": bad.error}
    assert good.ok and json.loads(good.text)["line"] == 2


def test_an_unpaired_surrogate_is_an_error_record_and_never_stops_the_batch(tmp_path, mini_law):
    """JSON may escape half a surrogate pair ("\\ud800"), which no UTF-8 can hold: such a
    record is an error naming where, written with the line's non-ASCII escaped."""
    lines = [json.dumps({"title": "半\ud800", "facts": {"actor_kind": "unit"}}, ensure_ascii=True),
             json.dumps({"facts": {"\udfff": 1}}, ensure_ascii=True),
             json.dumps({"title": "好", "facts": {}}, ensure_ascii=False)]
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    for jobs in ("1", "2"):
        proc = run_cli("batch", "in.jsonl", "-o", "out.jsonl", "--model", str(mini_law), "--jobs", jobs,
                       cwd=tmp_path)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith("3 records: 1 answered, 2 errors")
        raw = (tmp_path / "out.jsonl").read_bytes().decode("utf-8").splitlines()
        first, second, third = (json.loads(x) for x in raw)
        assert first["line"] == 1 and "'title' holds a \\u escape of half a character" in first["error"]
        assert second["line"] == 2 and "a key in 'facts'" in second["error"]
        assert third["runs"][0]["title"] == "好" and "好" in raw[2]  # other lines as ever
