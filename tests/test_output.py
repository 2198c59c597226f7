"""Atomic output files: replaced whole or not at all, with the permissions a user expects."""
from __future__ import annotations

import os
import stat

import pytest

from dmnlaw.output import atomic_file, write_atomic


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_file_gets_the_umask_mode_and_a_replaced_one_keeps_its_own(tmp_path):
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "memo.html", "x")
        assert mode(tmp_path / "memo.html") == 0o644  # not mkstemp's private 0600
        os.chmod(tmp_path / "memo.html", 0o640)
        write_atomic(tmp_path / "memo.html", "y")
        assert mode(tmp_path / "memo.html") == 0o640
        assert (tmp_path / "memo.html").read_text() == "y"
    finally:
        os.umask(old)


def test_a_failure_leaves_the_old_file_and_no_temporary(tmp_path):
    write_atomic(tmp_path / "a.json", "old")
    with pytest.raises(RuntimeError):
        with atomic_file(tmp_path / "a.json") as f:
            f.write(b"half")
            raise RuntimeError("stop")
    assert (tmp_path / "a.json").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
