"""Run every benchmark and print one table of results and ratios, all measured in this run.

    .venv/bin/python benchmarks/run.py        (or: make bench)
    .venv/bin/python benchmarks/run.py a b    (only some sections)

Sections: (a) compiled decision tables and a small DRG against hand-written Python;
(b) peer Python DMN engines on the same models (pip install -e '.[bench]');
(c) the legal model in evaluations/s with the trace; (d) `dmnlaw batch` throughput with
1 and 2 processes; (e) memos/s, HTML and PDF; (f) cold `dmnlaw run --format json`.
A benchmark measures; nothing here passes or fails except the answers check of (a).
"""
from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import engine  # noqa: E402
import legal  # noqa: E402
from timing import Row, print_table  # noqa: E402

SECTIONS = "abcdef"


def main(argv: list[str]) -> int:
    wanted = set("".join(argv)) & set(SECTIONS) or set(SECTIONS)
    rows: list[Row] = []
    data = engine.samples()
    if "a" in wanted or "b" in wanted:
        table_rows = engine.engine_rows(data)
        rows += [r for r in table_rows if "a" in wanted]
        if "b" in wanted:
            ours = {r.what.split(":")[0]: float(r.value.replace(",", "").removesuffix("/s"))
                    for r in table_rows if "dmnlaw" in r.what}
            rows += engine.peer_rows(data, ours)
    for section, fn in (("c", legal.legal_rows), ("d", legal.batch_rows), ("e", legal.memo_rows),
                        ("f", legal.cold_rows)):
        if section in wanted:
            rows += fn()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"dmnlaw benchmarks — Python {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} cores, load average {load:.1f} (other work on the machine skews rates)")
    print_table(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
