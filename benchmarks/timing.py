"""Timing helpers shared by the benchmark sections: rates and wall times, best of a few runs."""
from __future__ import annotations

import statistics
import subprocess
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence


def rate(fn: Callable[[Any], Any], samples: Sequence[Any], seconds: float = 0.4,
         repeats: int = 3) -> float:
    """Calls of ``fn`` per second over ``samples`` (cycled), the best of ``repeats`` runs.

    Each run lasts at least ``seconds``; the best run is the one least disturbed by the
    rest of the machine.
    """
    best = 0.0
    for _ in range(repeats):
        calls = 0
        start = time.perf_counter()
        while True:
            for s in samples:
                fn(s)
            calls += len(samples)
            elapsed = time.perf_counter() - start
            if elapsed >= seconds:
                break
        best = max(best, calls / elapsed)
    return best


def wall(argv: list[str], runs: int = 5, **kw: Any) -> tuple[float, float]:
    """(best, median) wall time in seconds of running ``argv`` ``runs`` times.

    Raises CalledProcessError when the command fails (its stderr is in the exception).
    """
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, **kw)
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)


@dataclass
class Row:
    """One line of the results table."""

    section: str
    what: str
    value: str
    note: str = ""


def print_table(rows: list[Row]) -> None:
    """The results as one aligned text table (Markdown-compatible)."""
    header = Row("", "benchmark", "result", "ratio / note")
    widths = [max(len(getattr(r, f)) for r in [header, *rows]) for f in ("section", "what", "value", "note")]

    def line(r: Row) -> str:
        cells = [getattr(r, f).ljust(w) for f, w in zip(("section", "what", "value", "note"), widths)]
        return "| " + " | ".join(cells) + " |"

    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for r in rows:
        print(line(r))


def per_second(x: float) -> str:
    return f"{x:,.0f}/s" if x >= 10 else f"{x:.2f}/s"
