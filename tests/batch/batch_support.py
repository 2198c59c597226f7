"""Helpers for the batch tests: the small model shaped like the legal one, and the CLI."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path


MINI_LAW = Path(__file__).with_name("mini_law.dmn")


def run_cli(*args: str, cwd: Path, timeout: float = 120, **kw) -> subprocess.CompletedProcess[str]:
    """``dmnlaw ARGS`` in a fresh interpreter, as a user types it (stderr piped: no bar)."""
    return subprocess.run([sys.executable, "-m", "dmnlaw", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL, **kw)
