"""(c) the legal model in evaluations/s, (d) batch throughput, (e) memos/s, (f) cold `dmnlaw run`.

Fact sets are drawn from the model's own declared input types (enumerated values, numbers
at the usual thresholds, booleans, dates, each sometimes missing), so this module needs
no copy of the contract's value lists and follows the model as it changes.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from timing import Row, per_second, rate, wall

import dmnlaw

ROOT = Path(__file__).resolve().parents[1]
DECISIONS = ROOT / "decisions"
FALLBACK = Path(__file__).with_name("models") / "drg.dmn"
DMNLAW = [sys.executable, "-m", "dmnlaw"]
NUMBERS = [0, 1, 2, 3, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 50000, 100000, 1000000]


def legal_model_path() -> Path | None:
    """decisions/ when it holds a model, else None."""
    return DECISIONS if any(DECISIONS.glob("*.dmn")) else None


def fact_sets(model: Any, n: int, seed: int = 11) -> list[dict[str, Any]]:
    """``n`` fact sets for ``model``: each input given (a legal value) or missing, at random."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        facts: dict[str, Any] = {}
        for name in model.input_names:
            if name == "doctrine" or r.random() < 0.25:
                continue
            kind, allowed = model.input_kind(name), model.allowed_values(name)
            if allowed:
                facts[name] = r.choice(allowed)
            elif kind == "boolean":
                facts[name] = r.random() < 0.5
            elif kind == "number":
                facts[name] = max(0, r.choice(NUMBERS) - r.choice([0, 0, 1]))
            elif kind == "date":
                facts[name] = (dt.date(2012, 1, 1) + dt.timedelta(days=r.randint(0, 4000))).isoformat()
            elif kind == "string":
                facts[name] = r.choice(["none", "诈骗罪", "开设赌场罪"])
        out.append(facts)
    return out


def legal_rows() -> list[Row]:
    """Section (c): full-model evaluations per second, with the trace, one core."""
    path = legal_model_path()
    if path is None:
        return [Row("c", "legal model, all decisions, with trace", "n/a", "decisions/ has no model yet")]
    model = dmnlaw.load(path)
    has_doctrine = "doctrine" in model.inputs
    cases = [({**f, "doctrine": d} if has_doctrine else f)
             for f in fact_sets(model, 500) for d in ("judicial", "restrictive")]
    r = rate(lambda facts: model.evaluate(facts), cases, seconds=1.0)
    note = f"target ≥ 20,000/s: {'met' if r >= 20000 else 'NOT met'}"
    rows = [Row("c", f"legal model: {len(model.decisions)} decisions, trace on", per_second(r), note)]

    # The trace is recorded raw and read into TraceEntry objects only when asked for; what
    # `dmnlaw run`, `test` and `batch` pay, reading it and the missing facts every time:
    def read_all(facts: dict[str, Any]) -> Any:
        result = model.evaluate(facts)
        return [t.as_dict() for t in result.trace], result.missing_facts

    t = rate(read_all, cases, seconds=1.0)
    rows.append(Row("c", "legal model: trace and missing facts read too", per_second(t),
                    "Result.trace as dicts + Result.missing_facts, every evaluation"))
    u = rate(lambda facts: model.evaluate(facts, trace=False), cases, seconds=1.0)
    rows.append(Row("c", "legal model: trace off", per_second(u), ""))
    return rows


BATCH_RECORDS = 100_000
"""Records in section (d); DMNLAW_BENCH_BATCH=20000 (or batch_rows(20000)) for a quick run."""
BAD_SHARE = 0.01


def bad_records(model: Any) -> list[tuple[str, bytes, tuple[str, ...]]]:
    """The kinds of malformed record mixed into section (d): (kind, the line's bytes, what
    its error message must contain)."""
    inputs = [n for n in model.input_names if n != "doctrine"]
    enum = next((n for n in inputs if model.allowed_values(n)), None)
    number = next((n for n in inputs if model.input_kind(n) == "number"), None)
    boolean = next((n for n in inputs if model.input_kind(n) == "boolean"), None)
    date = next((n for n in inputs if model.input_kind(n) == "date"), None)

    def facts(name: str, value: Any) -> bytes:
        return json.dumps({"facts": {name: value}}, ensure_ascii=False).encode()

    kinds = [
        ("not JSON", b"{broken", ("not valid JSON",)),
        ("not JSON (cut short)", b'{"facts": {"a": 1', ("not valid JSON",)),
        ("not an object", b"[1, 2]", ("JSON object",)),
        ("no facts", b'{"title": "no facts"}', ("'facts' object",)),
        ("unknown fact", facts("no_such_fact", 1), ("unknown fact 'no_such_fact'",)),
        ("doctrine as a fact", facts("doctrine", "judicial"), ("--doctrine",)),
        ("not UTF-8", b'{"facts": {"a": "\xff"}}', ("UTF-8",)),
    ]
    if enum:
        kinds.append(("value not allowed", facts(enum, "no_such_value"), (f"fact '{enum}'", "allowed values")))
    if number:
        kinds.append(("wrong type (number)", facts(number, "many"), (f"fact '{number}'", "not a")))
    if boolean:
        kinds.append(("wrong type (boolean)", facts(boolean, "yes"), (f"fact '{boolean}'", "not a")))
    if date:
        kinds.append(("not a date", facts(date, "2016-02-30"), (f"fact '{date}'", "not a valid date")))
    return kinds


def write_batch_input(model: Any, path: Path, records: int, seed: int = 5
                      ) -> dict[int, tuple[str, tuple[str, ...]] | None]:
    """Write ``records`` JSONL records, ``BAD_SHARE`` of them malformed (every kind of
    :func:`bad_records` in turn). Returns, by line, None for a good record or the bad
    one's (kind, what its error must contain)."""
    r = random.Random(seed)
    kinds = bad_records(model)
    expected: dict[int, tuple[str, tuple[str, ...]] | None] = {}
    bad = 0
    with open(path, "wb") as f:
        for line, facts in enumerate(fact_sets(model, records), 1):
            if r.random() < BAD_SHARE:
                kind, raw, must = kinds[bad % len(kinds)]
                bad += 1
                f.write(raw + b"\n")
                expected[line] = (kind, must)
            else:
                f.write(json.dumps({"facts": facts}, ensure_ascii=False).encode() + b"\n")
                expected[line] = None
    return expected


ANSWER = re.compile(rb'\{"line":(\d+),"(runs|error)":')


def check_batch_output(path: Path, expected: dict[int, tuple[str, tuple[str, ...]] | None],
                       source: str, sample_every: int = 500) -> tuple[list[str], str]:
    """Check a batch output against the input: one line per record, in input order; every
    good record answered (both doctrines) and every bad one an error line naming its line,
    the message saying what went wrong. Every error line and every ``sample_every``-th
    answer is read as JSON in full; the others by their start and end. Returns (the
    problems found, at most 10; the output's sha256)."""
    problems: list[str] = []
    lines = iter(expected.items())
    digest = hashlib.sha256()
    answered = 0
    keys = ["title", "reference", "doctrine", "decisions", "missing_facts", "trace", "model"]
    with open(path, "rb") as f:
        for raw in f:
            digest.update(raw)
            if len(problems) >= 10:
                continue
            want = next(lines, None)
            m = ANSWER.match(raw)
            if want is None or m is None:
                problems.append(f"unexpected output line: {raw[:60]!r}")
                continue
            line, bad = want
            got = int(m.group(1))
            if got != line:
                problems.append(f"line {got} where line {line} was due (out of order or missing)")
                continue
            if bad is None:
                answered += 1
                if m.group(2) != b"runs" or not raw.endswith(b"}]}\n"):
                    problems.append(f"line {line}: a good record not answered: {raw[:100]!r}")
                elif answered % sample_every == 1:
                    data = json.loads(raw)
                    runs = data["runs"]
                    if [r["doctrine"] for r in runs] != ["judicial", "restrictive"] or \
                            any(list(r) != keys for r in runs) or \
                            runs[0]["title"] != f"{source}, line {line}" or not runs[0]["trace"]:
                        problems.append(f"line {line}: the answer's shape is wrong")
            else:
                kind, must = bad
                data = json.loads(raw)
                if list(data) != ["line", "error"] or not all(w in data["error"] for w in must):
                    problems.append(f"line {line} ({kind}): {data}")
    if len(problems) < 10 and next(lines, None) is not None:
        problems.append("the output ends before the input's last record")
    return problems, digest.hexdigest()


def cpu_pressure() -> float:
    """Seconds some task on this machine has waited for a CPU so far (Linux PSI), or -1.

    Its growth over a run, per second, is the share of the run during which work was
    kept waiting for a core — ours or someone else's: what to read a rate against."""
    try:
        with open("/proc/pressure/cpu", encoding="ascii") as f:
            some = f.readline().split()
        return int(dict(x.split("=") for x in some[1:])["total"]) / 1e6
    except (OSError, ValueError, KeyError, IndexError):
        return -1.0


def batch_rows(records: int | None = None) -> list[Row]:
    """Section (d): `dmnlaw batch` over generated records, 1 % of them malformed (of every
    kind in :func:`bad_records`), with 1 and 2 processes: wall clock including start-up,
    and the output checked (:func:`check_batch_output`)."""
    if records is None:
        records = int(os.environ.get("DMNLAW_BENCH_BATCH", BATCH_RECORDS))
    path = legal_model_path() or FALLBACK
    model = dmnlaw.load(path)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        expected = write_batch_input(model, src, records)
        bad = sum(1 for v in expected.values() if v is not None)
        good = records - bad
        kinds = len({v[0] for v in expected.values() if v is not None})
        rates: dict[int, float] = {}
        digests: dict[int, str] = {}
        for jobs in (1, 2):
            out = Path(tmp) / "out.jsonl"
            load = os.getloadavg()[0]
            waited = cpu_pressure()
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            proc = subprocess.run([*DMNLAW, "batch", str(src), "-o", str(out),
                                   "--model", str(path), "--jobs", str(jobs)],
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - start
            load = max(load, os.getloadavg()[0])
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu = (after.ru_utime + after.ru_stime) - (used.ru_utime + used.ru_stime)
            waited = (cpu_pressure() - waited) / seconds if waited >= 0 else float("nan")
            summary = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
            counts = re.match(r"(\d+) records: (\d+) answered, (\d+) errors", summary)
            if proc.returncode != (1 if bad else 0) or counts is None:
                rows.append(Row("d", f"batch, {jobs} process(es)", "failed", summary[:90]))
                continue
            problems, digests[jobs] = check_batch_output(out, expected, src.name)
            size = out.stat().st_size
            out.unlink()
            if tuple(map(int, counts.groups())) != (records, good, bad):
                problems.insert(0, f"summary says {summary!r}, expected {records} records: "
                                   f"{good} answered, {bad} errors")
            rates[jobs] = records / seconds
            rows.append(Row("d", f"batch, {records:,} records (both doctrines), {jobs} process(es)",
                            per_second(rates[jobs]),
                            f"wall clock incl. start-up, {seconds:.1f} s (CPU {cpu:.0f} s, all "
                            f"processes); {size / 1e9:.1f} GB out; load average up to {load:.1f}"
                            + (f", CPU wait {waited:.0%}" if waited == waited else "")))
            rows.append(Row("d", f"  checked, {jobs} process(es)",
                            "ok" if not problems else "FAILED",
                            f"{good:,} answered = good records, {bad:,} error lines = bad records "
                            f"({kinds} kinds), each at its line, input order"
                            if not problems else "; ".join(problems)[:300]))
        if 1 in rates and 2 in rates:
            same = digests[1] == digests[2]
            rows.append(Row("d", "batch speed-up, 2 processes vs 1", f"{rates[2] / rates[1]:.2f}×",
                            f"{os.cpu_count()} cores here; output with 2 processes "
                            + ("byte-identical to 1" if same else "DIFFERS from 1")
                            + ("" if path != FALLBACK else "; on benchmarks/models/drg.dmn (no legal model yet)")))
    return rows


TYPICAL_CASE = ROOT / "cases" / "hu_mou_vpn_2018.json"   # the README's `dmnlaw run` example


def memo_rows() -> list[Row]:
    """Section (e): memos per second, HTML and PDF, on the legal model, as `dmnlaw run` makes
    them (both doctrines, Chinese): the evaluation of both readings, the run JSON, the memo.

    The typical case is the README's example, cases/hu_mou_vpn_2018.json; the random fact
    sets are 20 drawn from the model's input types. One core; templates, catalogues and fonts
    are loaded by an untimed first memo, as in a long-running process. HTML is the best of
    seven runs of at least 0.3 s each; PDF the best of five memos (on a shared 2-core machine
    a run often loses a tenth to its neighbours; the best run is the least disturbed)."""
    path = legal_model_path()
    if path is None:
        return [Row("e", "memos", "n/a", "decisions/ has no model yet")]
    try:
        from dmnlaw.cases import Case, evaluate_case, read_case
        from dmnlaw.memo.render import render
    except ImportError as e:
        return [Row("e", "memos", "n/a", f"memo renderer not available ({e})")]
    model = dmnlaw.load(path)
    randoms = [Case(f"bench-{k}.json", f"bench {k}", facts) for k, facts in enumerate(fact_sets(model, 20))]

    def memo(case: Any, fmt: str) -> bytes:
        # What `dmnlaw run CASE -o memo.html` does: evaluate both doctrines, render.
        runs = [(d, evaluate_case(model, case, d), None) for d in ("judicial", "restrictive")]
        return render(model, case, runs, fmt, "zh")

    def pages(pdf: bytes) -> str:
        """The page count (poppler's pdfinfo; the page objects sit in compressed streams)."""
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(pdf)
            f.flush()
            try:
                info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True).stdout
            except OSError:
                return "?"
        found = re.search(r"^Pages:\s+(\d+)", info, re.M)
        return found.group(1) if found else "?"

    rows = []
    samples: list[tuple[str, list[Any]]] = []
    if TYPICAL_CASE.exists():
        samples.append((f"cases/{TYPICAL_CASE.name}", [read_case(TYPICAL_CASE)]))
    samples.append(("20 random fact sets", randoms))
    for what, cases in samples:
        try:
            first = memo(cases[0], "html")  # warm up: templates, catalogues
            html = rate(lambda c: memo(c, "html"), cases, seconds=0.3, repeats=7)
            met = "met" if html >= 200 else "NOT met"
            rows.append(Row("e", f"memo, HTML, both doctrines: {what}", per_second(html),
                            f"target >= 200/s: {met}; {len(first) // 1024} KB"))
        except Exception as e:  # noqa: BLE001 - report, do not stop the other benchmarks
            rows.append(Row("e", f"memo, HTML: {what}", "failed", f"{type(e).__name__}: {e}"[:90]))
        try:
            memo(cases[0], "pdf")  # warm up: fonts
            times: list[float] = []
            sizes: list[str] = []
            for case in (cases * 5)[:5]:
                start = time.perf_counter()
                pdf = memo(case, "pdf")
                times.append(time.perf_counter() - start)
                sizes.append(pages(pdf))
            best = 1 / min(times)
            met = "met" if best >= 2 else "NOT met"
            span = "/".join(dict.fromkeys(sizes))
            rows.append(Row("e", f"memo, PDF, both doctrines: {what}", per_second(best),
                            f"target >= 2/s: {met}; {span} pages; best of 5"))
        except Exception as e:  # noqa: BLE001
            rows.append(Row("e", f"memo, PDF: {what}", "failed", f"{type(e).__name__}: {e}"[:90]))
    return rows


def cold_rows() -> list[Row]:
    """Section (f): wall time of a cold `dmnlaw run CASE --format json` (a new process):
    with the compiled model cached (dmnlaw.cache; warmed by one untimed run), without it,
    and with Python's own bytecode cached as an installed package has it (this machine's
    environment may set PYTHONDONTWRITEBYTECODE, so every dmnlaw module is compiled from
    source in every process)."""
    cases = sorted((ROOT / "cases").glob("*.json"))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        if legal_model_path() is not None and cases:
            argv, what = [*DMNLAW, "run", str(cases[0]), "--format", "json"], f"cases/{cases[0].name}"
        else:
            case = Path(tmp) / "case.json"
            case.write_text(json.dumps({"facts": {"category": "A", "channel": "web", "amount": 5,
                                                  "member": True}}), encoding="utf-8")
            argv = [*DMNLAW, "run", str(case), "--model", str(FALLBACK), "--format", "json"]
            what = "drg.dmn (no legal model yet)"
        cache_env = {**os.environ, "DMNLAW_CACHE_DIR": str(Path(tmp) / "cache")}
        cache_env.pop("DMNLAW_CACHE", None)
        bytecode_env = {**cache_env, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pyc")}
        bytecode_env.pop("PYTHONDONTWRITEBYTECODE", None)
        variants = [
            ("compiled model cached", cache_env),
            ("no model cache (DMNLAW_CACHE=0)", {**cache_env, "DMNLAW_CACHE": "0"}),
            ("model and Python bytecode cached", bytecode_env),
        ]
        try:
            python_only, _ = wall([sys.executable, "-c", "pass"], runs=5)
            for label, env in variants:
                subprocess.run(argv, check=True, capture_output=True, env=env)  # warm the caches
                best, median = wall(argv, runs=7, env=env)
                met = "met" if median < 0.3 else "NOT met"
                rows.append(Row("f", f"cold `dmnlaw run --format json`, {label} (median of 7)",
                                f"{median:.3f} s", f"target < 0.3 s: {met}; {what}; bare python {python_only:.3f} s"))
        except subprocess.CalledProcessError as e:
            return [Row("f", "cold `dmnlaw run --format json`", "failed", (e.stderr or b"").decode()[:90])]
    return rows
