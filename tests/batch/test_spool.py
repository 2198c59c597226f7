"""Worker processes leave each chunk's lines in a file next to the output, which the parent
copies in (inside the kernel where it can) and deletes: the same bytes as one process,
nothing left behind, and the copy falling back to reading and writing where the kernel
cannot copy."""
from __future__ import annotations

import errno
import io
import json
import os
from pathlib import Path

import pytest

import dmnlaw
from dmnlaw import batch
from dmnlaw.batch import Job, _copy_spooled, run_batch
from dmnlaw.errors import DmnlawError


def records(path: Path, n: int = 150) -> Path:
    lines = []
    for i in range(n):
        if i % 41 == 7:
            lines.append("{broken")
        else:
            lines.append(json.dumps({"facts": {"actor_kind": ["unit", "individual"][i % 2],
                                               "orders_refused_2y": i % 4,
                                               "conduct_date": f"201{i % 10}-03-01"}}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(job: Job, model, jobs: int, spool_in: str | None) -> tuple[bytes, batch.Summary]:
    out = io.BytesIO()
    if spool_in is None:
        summary = run_batch(job, model, out, jobs, 32)
        return out.getvalue(), summary
    # A real file: what the kernel copies into.
    path = Path(spool_in) / "out.bin"
    with open(path, "wb") as f:
        summary = run_batch(job, model, f, jobs, 32, spool_in=spool_in)
    data = path.read_bytes()
    path.unlink()
    return data, summary


def test_spooled_lines_are_the_lines_of_one_process_and_leave_nothing(tmp_path, mini_law,
                                                                      monkeypatch):
    src = records(tmp_path / "in.jsonl")
    model = dmnlaw.load(mini_law)
    job = Job(str(src), str(mini_law), ("judicial", "restrictive"))
    want, one = run(job, model, 1, None)
    spool_in = tmp_path / "out"
    spool_in.mkdir()
    copied = []

    def copy(path: str, size: int, out) -> None:
        assert Path(path).parent.parent == spool_in and Path(path).stat().st_size == size
        copied.append(Path(path).name)
        _copy_spooled(path, size, out)

    monkeypatch.setattr(batch, "_copy_spooled", copy)
    got, two = run(job, model, 2, str(spool_in))
    assert copied == [f"{line}.part" for line in range(1, 151, 32)]
    assert got == want and (two.answered, two.errors) == (one.answered, one.errors) == (146, 4)
    assert list(spool_in.iterdir()) == [], "the spool folder and its files are gone"
    piped, _ = run(job, model, 2, None)
    assert piped == want


def test_a_spool_folder_that_cannot_be_made_means_the_pipe(tmp_path, mini_law):
    src = records(tmp_path / "in.jsonl", 80)
    model = dmnlaw.load(mini_law)
    job = Job(str(src), str(mini_law), ("judicial",))
    want, _ = run(job, model, 1, None)
    out = io.BytesIO()
    run_batch(job, model, out, 2, 32, spool_in=str(tmp_path / "missing" / "folder"))
    assert out.getvalue() == want


@pytest.mark.parametrize("failure", ["no call", "cross-device", "none"])
def test_the_copy_falls_back_to_reading_and_writing(tmp_path, monkeypatch, failure):
    part = tmp_path / "1.part"
    data = os.urandom(3 << 20) + b"end\n"
    part.write_bytes(data)
    if failure == "no call":
        monkeypatch.delattr(os, "copy_file_range", raising=False)
    elif failure == "cross-device":
        def refuse(*args):
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        monkeypatch.setattr(os, "copy_file_range", refuse, raising=False)
    with open(tmp_path / "out", "wb") as out:
        out.write(b"before\n")
        _copy_spooled(str(part), len(data), out)
        out.write(b"after\n")
    assert (tmp_path / "out").read_bytes() == b"before\n" + data + b"after\n"
    assert not part.exists()


def test_a_copy_that_fails_is_a_user_error_and_removes_the_file(tmp_path, monkeypatch):
    part = tmp_path / "1.part"
    part.write_bytes(b"x" * 100)

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "copy_file_range", full, raising=False)
    with open(tmp_path / "out", "wb") as out, pytest.raises(DmnlawError, match="No space left"):
        _copy_spooled(str(part), 100, out)
    assert not part.exists()
    part.write_bytes(b"x" * 10)
    monkeypatch.undo()
    with open(tmp_path / "out", "wb") as out, pytest.raises(DmnlawError, match="cut short"):
        _copy_spooled(str(part), 100, out)
