"""(a) The compiled engine against hand-written Python, and (b) peer Python DMN engines.

The same samples — fact dicts of Python values as a caller has them (str, int or float,
bool), the shape a case arrives in from JSON — go to every side, and every side must give
the same answers before anything is timed. The hand-written side reads the four facts out
of the dict and runs its ``if``/``elif``; the engine runs through its public API,
``Model.evaluate(facts, decisions=[...], trace=False)``, so validating the facts, the hit
policy and building the Result are all counted.
"""
from __future__ import annotations

import decimal
import random
from pathlib import Path
from typing import Any, Callable

import handwritten
from timing import Row, per_second, rate

import dmnlaw
from dmnlaw.feel.values import CONTEXT, from_python

MODELS = Path(__file__).with_name("models")
INPUTS = ("category", "channel", "amount", "member")

# (label, model file, decision, hand-written function)
CASES: list[tuple[str, str, str, Callable[..., Any]]] = [
    ("FIRST table, 20 rules", "first_table.dmn", "first_rule", handwritten.first_rule),
    ("UNIQUE table, 20 rules", "unique_table.dmn", "unique_rule", handwritten.unique_rule),
    ("DRG: 2 tables + literal", "drg.dmn", "offer", handwritten.offer),
]

# Every boundary of the tables, one below and one above, and values in between.
EDGES = [0, 100, 499, 500, 999, 1000, 2500, 5000, 10000, 20000, 50000, 75000, 100000, 250000]


def samples(n: int = 2000, seed: int = 7) -> list[tuple[str, str, int | float, bool]]:
    """``n`` input tuples: every category/channel/member, amounts at and around the edges."""
    r = random.Random(seed)
    out = []
    for _ in range(n):
        edge = r.choice(EDGES)
        amount: int | float = r.choice([edge, edge - 1, edge + 1, edge + 0.5, r.randint(-50, 300000),
                                        r.uniform(-10, 300000)])
        out.append((r.choice("ABCD"), r.choice(["web", "branch", "phone"]), amount, r.random() < 0.5))
    return out


def engine_rows(data: list[tuple]) -> list[Row]:
    """Section (a): evals/s of the engine and of the hand-written code, and their ratio."""
    rows = []
    for label, file, decision, hand in CASES:
        model = dmnlaw.load(MODELS / file)
        names = [decision]

        def run_engine(f: dict[str, Any], model: Any = model, names: list[str] = names) -> Any:
            return model.evaluate(f, names, trace=False)[names[0]]

        def run_hand(f: dict[str, Any], hand: Callable[..., Any] = hand) -> Any:
            return hand(f["category"], f["channel"], f["amount"], f["member"])

        facts = [dict(zip(INPUTS, s)) for s in data]
        for f in facts:
            got, want = run_engine(f), run_hand(f)
            if got != want:
                raise AssertionError(f"{label}: engine {got!r} != hand-written {want!r} for {f}")
        e, h = rate(run_engine, facts), rate(run_hand, facts)
        rows.append(Row("a", f"{label}: dmnlaw (trace=False)", per_second(e), f"{h / e:.1f}× slower than hand-written"))
        table = model.compiled.decisions[model.decisions[decision]].table
        if table is not None:
            # The table object: how a table runs that a program does not inline (hit
            # policies other than FIRST and UNIQUE, tables inside functions and BKMs).
            # Called with an environment of FEEL values, made before timing.
            envs = [{k: from_python(v) for k, v in f.items()} for f in facts]

            def run_table(env: dict[str, Any], table: Any = table) -> Any:
                return table(env)

            with decimal.localcontext(CONTEXT):
                t = rate(run_table, envs)
            rows.append(Row("a", f"{label}: the table object (not inlined)", per_second(t),
                            f"{h / t:.1f}× slower than hand-written"))
        rows.append(Row("a", f"{label}: hand-written if/elif", per_second(h), "1.0×"))
    return rows


def peer_rows(data: list[tuple], engine_rates: dict[str, float]) -> list[Row]:
    """Section (b): pyDMNrules and SpiffWorkflow on the same models, where they can run them."""
    return _pydmnrules(data, engine_rates) + _spiff()


def _pydmnrules(data: list[tuple], engine_rates: dict[str, float]) -> list[Row]:
    try:
        import pyDMNrules
    except ImportError:
        return [Row("b", "pyDMNrules", "not installed", "pip install -e '.[bench]'")]
    rows = []
    few = data[:200]  # it is slow; 200 samples are plenty for a rate
    for label, file, decision, hand in CASES:
        dmn = pyDMNrules.DMN()
        status = dmn.loadXML(str(MODELS / file))
        if "errors" in status:
            rows.append(Row("b", f"pyDMNrules: {label}", "cannot load", _short(status["errors"])))
            continue

        def run(s: tuple, dmn: Any = dmn, decision: str = decision) -> Any:
            status, out = dmn.decide(dict(zip(INPUTS, s)))
            if status.get("errors"):
                raise RuntimeError(_short(status["errors"]))
            result = out[-1] if isinstance(out, list) else out
            return result["Result"].get(f"{decision}.label", result["Result"].get(decision))

        try:
            wrong = sum(run(s) != hand(*s) for s in few)
        except Exception as e:  # noqa: BLE001 - a peer failing is a result to report
            rows.append(Row("b", f"pyDMNrules: {label}", "cannot run our DMN", _short(str(e))))
            continue
        r = rate(run, few, seconds=0.3, repeats=1)
        ours = engine_rates.get(label)
        note = f"dmnlaw is {ours / r:,.0f}× faster" if ours else ""
        if wrong:
            note += f"; {wrong} of {len(few)} answers differ from the standard's"
        rows.append(Row("b", f"pyDMNrules: {label}", per_second(r), note))
    return rows


def _spiff() -> list[Row]:
    try:
        from SpiffWorkflow.dmn.parser.BpmnDmnParser import BpmnDmnParser
    except ImportError:
        return [Row("b", "SpiffWorkflow", "not installed", "pip install -e '.[bench]'")]
    from types import SimpleNamespace

    from SpiffWorkflow.bpmn.script_engine import PythonScriptEngine

    task = SimpleNamespace(data={"category": "A", "channel": "web", "amount": 1500, "member": True},
                           workflow=SimpleNamespace(script_engine=PythonScriptEngine()))
    try:
        parser = BpmnDmnParser()
        parser.add_dmn_file(str(MODELS / "first_table.dmn"))
        parser.get_engine("d_first_rule", None).result(task)
    except Exception as e:  # noqa: BLE001 - a peer failing is a result to report
        return [Row("b", "SpiffWorkflow: FIRST table", "cannot run our DMN",
                    "it reads cells as Python, not FEEL, and needs ids DMN makes optional: "
                    + _short(f"{type(e).__name__}: {e}"))]
    return [Row("b", "SpiffWorkflow: FIRST table", "ran", "answers not checked")]


def _short(x: Any) -> str:
    text = " ".join(str(x).split())
    return text if len(text) <= 90 else text[:87] + "..."
