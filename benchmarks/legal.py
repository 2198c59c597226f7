"""(c) the legal model in evaluations/s, (d) batch throughput, (e) memos/s, (f) cold `dmnlaw run`.

Fact sets are drawn from the model's own declared input types (enumerated values, numbers
at the usual thresholds, booleans, dates, each sometimes missing), so this module needs
no copy of the contract's value lists and follows the model as it changes.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
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


def batch_rows(records: int = 20000) -> list[Row]:
    """Section (d): `dmnlaw batch` wall-clock throughput with 1 and 2 processes (1 % bad records)."""
    path = legal_model_path() or FALLBACK
    model = dmnlaw.load(path)
    r = random.Random(5)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in.jsonl"
        with open(src, "w", encoding="utf-8") as f:
            for facts in fact_sets(model, records):
                if r.random() < 0.01:
                    f.write(r.choice(["{broken", '{"facts": {"no_such_fact": 1}}', "[]"]) + "\n")
                else:
                    f.write(json.dumps({"facts": facts}, ensure_ascii=False) + "\n")
        rates = {}
        for jobs in (1, 2):
            start = time.perf_counter()
            proc = subprocess.run([*DMNLAW, "batch", str(src), "-o", str(Path(tmp) / "out.jsonl"),
                                   "--model", str(path), "--jobs", str(jobs)],
                                  capture_output=True, text=True)
            seconds = time.perf_counter() - start
            summary = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
            if proc.returncode not in (0, 1) or not summary.startswith(f"{records} records"):
                rows.append(Row("d", f"batch, {jobs} process(es)", "failed", summary[:90]))
                continue
            rates[jobs] = records / seconds
            answered = re.search(r"(\d+) answered, (\d+) errors", summary)
            rows.append(Row("d", f"batch, {records:,} records (both doctrines), {jobs} process(es)",
                            per_second(rates[jobs]),
                            f"wall clock incl. start-up; {answered.group(1)} answered, "
                            f"{answered.group(2)} errors" if answered else summary))
        if 1 in rates and 2 in rates:
            rows.append(Row("d", "batch speed-up, 2 processes vs 1", f"{rates[2] / rates[1]:.2f}×",
                            f"{os.cpu_count()} cores here" + ("" if path != FALLBACK else
                                                             "; on benchmarks/models/drg.dmn (no legal model yet)")))
    return rows


def memo_rows() -> list[Row]:
    """Section (e): memos per second, HTML and PDF, on the legal model."""
    path = legal_model_path()
    if path is None:
        return [Row("e", "memos", "n/a", "decisions/ has no model yet")]
    try:
        from dmnlaw.cases import Case, evaluate_case, run_json
        from dmnlaw.memo.render import render
    except ImportError as e:
        return [Row("e", "memos", "n/a", f"memo renderer not available ({e})")]
    model = dmnlaw.load(path)
    cases = [Case(f"bench-{k}.json", f"bench {k}", facts) for k, facts in enumerate(fact_sets(model, 20))]

    def memo(case: Case, fmt: str) -> bytes:
        runs = []
        for d in ("judicial", "restrictive"):
            result = evaluate_case(model, case, d)
            runs.append((d, result, run_json(model, case, d, result)))
        return render(model, case, runs, fmt, "zh")

    rows = []
    for fmt, n in (("html", 20), ("pdf", 3)):
        try:
            memo(cases[0], fmt)  # warm up: templates, fonts
            start = time.perf_counter()
            for case in cases[:n]:
                memo(case, fmt)
            rows.append(Row("e", f"memo, {fmt.upper()} (both doctrines)", per_second(n / (time.perf_counter() - start))))
        except Exception as e:  # noqa: BLE001 - report, do not stop the other benchmarks
            rows.append(Row("e", f"memo, {fmt.upper()}", "failed", f"{type(e).__name__}: {e}"[:90]))
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
