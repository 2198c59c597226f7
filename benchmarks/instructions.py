"""Instructions one memo takes, counted by valgrind's callgrind: the same count on every run
whatever else the machine is doing, where rates on a shared 2-core machine move by ±20 %.
For deciding whether a change to a template or to the content makes a memo cheaper.

    .venv/bin/python benchmarks/instructions.py                 # typical case, html and pdf
    .venv/bin/python benchmarks/instructions.py CASE.json pdf

Needs valgrind, gcc and valgrind's headers (Debian: valgrind). The memo is rendered once to
warm every cache, as in a long-running process, then once more with the count on; the count
starts and stops through callgrind's client requests, from a two-line C shim compiled here.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPICAL_CASE = ROOT / "cases" / "hu_mou_vpn_2018.json"

SHIM = r"""
#include <valgrind/callgrind.h>
void count_start(void) { CALLGRIND_ZERO_STATS; CALLGRIND_START_INSTRUMENTATION; }
void count_stop(void) { CALLGRIND_STOP_INSTRUMENTATION; CALLGRIND_DUMP_STATS_AT("memo"); }
"""


def measured(case_path: str, fmt: str, shim: str) -> None:
    """Inside valgrind: render the memo twice, counting the second."""
    import ctypes

    import dmnlaw
    from dmnlaw.cases import evaluate_case, read_case
    from dmnlaw.memo.render import render

    count = ctypes.CDLL(shim)
    model = dmnlaw.load(ROOT / "decisions")
    case = read_case(Path(case_path))

    def memo() -> bytes:
        runs = [(d, evaluate_case(model, case, d), None) for d in ("judicial", "restrictive")]
        return render(model, case, runs, fmt, "zh")

    memo()
    count.count_start()
    memo()
    count.count_stop()


def count(case_path: str, fmt: str, folder: Path, shim: Path) -> int:
    out = folder / f"callgrind.{fmt}"
    subprocess.run(["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out}",
                    sys.executable, __file__, "--inside", case_path, fmt, str(shim)],
                   check=True, capture_output=True)
    totals = [int(line.split()[1]) for f in folder.glob(f"callgrind.{fmt}*")
              for line in f.read_text().splitlines() if line.startswith("totals:")]
    return max(totals)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--inside"]:
        measured(*argv[1:4])
        return 0
    missing = [t for t in ("valgrind", "gcc") if shutil.which(t) is None]
    if missing or not Path("/usr/include/valgrind/callgrind.h").exists():
        print(f"needs valgrind, gcc and valgrind's headers; missing: {', '.join(missing) or 'callgrind.h'}")
        return 2
    case_path = argv[0] if argv else str(TYPICAL_CASE)
    formats = argv[1:] or ["html", "pdf"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "shim.c").write_text(SHIM)
        subprocess.run(["gcc", "-O2", "-shared", "-fPIC", "-o", str(folder / "shim.so"), str(folder / "shim.c")],
                       check=True)
        for fmt in formats:
            n = count(case_path, fmt, folder, folder / "shim.so")
            print(f"{os.path.basename(case_path)} {fmt}: {n / 1e6:,.1f} M instructions")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
