"""``dmnlaw batch``: many cases from a JSONL or CSV file, in parallel, answers in input order.

The parent process checks the model and the input file, then cuts the file into chunks of
records (:mod:`dmnlaw.records`) and hands them to worker processes, each holding the
compiled model once (inherited when processes fork, compiled by the pool initializer
otherwise). Workers decode, evaluate and serialise their records (the run JSON written
straight to text, :mod:`dmnlaw.runjson`) and leave each chunk's lines in a file of their
own; the parent copies them in input order (inside the kernel) into a temporary file that
replaces the output only when every record has been written, so Ctrl-C or a failure never
leaves half an output file.

A bad record becomes ``{"line": n, "error": "..."}`` and never stops the rest; the command
exits 1 when any record failed, 2 when the model or the file cannot be used at all.
"""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterable, Iterator

import click

from .cases import DOCTRINES, doctrines, evaluate_case, run_json
from .cli import load_model, timeout_option, user_errors
from .deadline import time_limit
from .errors import DmnlawError
from .output import atomic_file, write_atomic
from .records import Record, count_lines, input_format, read_header, read_records, record_case
from .runjson import run_json_text

MEMO_FORMATS = ("html", "pdf", "md")
MIN_CHUNK, MAX_CHUNK = 32, 200
"""Records per task sent to a worker."""
SHOWN_ERRORS = 5
"""Bad records also listed on stderr (all are in the output file)."""


@dataclass(frozen=True)
class Job:
    """What every worker needs to answer records; picklable, sent once per worker."""

    source: str
    model_path: str | None
    doctrines: tuple[str, ...]
    header: tuple[str, ...] | None = None
    memo_dir: str | None = None
    memo_format: str = "html"
    lang: str = "zh"
    spool_dir: str | None = None
    """Where worker processes leave each chunk's lines for the parent (see _parallel)."""
    timeout: float | None = None
    """The time limit of one record, in seconds (see dmnlaw.deadline)."""


@dataclass
class Answer:
    """One output line: the record's line, whether it was answered, the line's bytes
    (UTF-8, newline included)."""

    line: int
    ok: bool
    data: bytes
    error: str = ""

    @property
    def text(self) -> str:
        """The JSON text of the line."""
        return self.data.decode("utf-8").removesuffix("\n")


@dataclass
class Answers:
    """A chunk's answers as the parent needs them: the output lines already encoded (one
    bytes object crosses the process boundary, not a list of objects), the count answered,
    the errors by line, and the last line reached."""

    data: bytes
    answered: int
    errors: list[tuple[int, str]]
    last_line: int
    spool: str | None = None
    """The file holding ``data`` instead (then empty), ``size`` bytes: see _parallel."""
    size: int = 0

    @classmethod
    def of(cls, answers: list[Answer]) -> "Answers":
        data = b"".join([a.data for a in answers])
        errors = [(a.line, a.error) for a in answers if not a.ok]
        return cls(data, len(answers) - len(errors), errors, answers[-1].line if answers else 0)


def line_bytes(text: str) -> bytes:
    """An output line as UTF-8, with its newline. Text holding an unpaired surrogate (a
    JSON string escape like ``"\\ud800"`` alone, in a title or a fact, or an error
    message quoting one) is no UTF-8: that line is written with its non-ASCII characters
    escaped instead — the same JSON values, never a crash of the whole batch."""
    try:
        return (text + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(json.loads(text), separators=(",", ":")) + "\n").encode("ascii")


class Worker:
    """Answers records with one loaded model (one per process)."""

    def __init__(self, job: Job, model: Any) -> None:
        self.job = job
        self.model = model
        self.header = list(job.header) if job.header is not None else None
        self.render: Callable[..., bytes] | None = None
        if job.memo_dir is not None:
            from .memo.render import render

            self.render = render

    def answer(self, record: Record) -> Answer:
        """The output line for ``record``; every failure becomes an error line."""
        try:
            with time_limit(self.job.timeout, "the record"):
                text = self._answer(record)
            return Answer(record.line, True, line_bytes(text))
        except DmnlawError as e:
            message = e.detail()
        except RecursionError:
            message = "the record is nested too deeply"
        except Exception as e:  # noqa: BLE001 - one record must never stop the others
            message = f"internal error: {type(e).__name__}: {e}"
        text = json.dumps({"line": record.line, "error": message}, ensure_ascii=False,
                          separators=(",", ":"))
        return Answer(record.line, False, line_bytes(text), message)

    def _answer(self, record: Record) -> str:
        case = record_case(record, self.job.source, self.model, self.header)
        if self.render is None:
            # Only the output line: the run JSON written straight to text (dmnlaw.runjson),
            # the same bytes as json.dumps of the dicts below.
            texts = [run_json_text(self.model, case, d, evaluate_case(self.model, case, d))
                     for d in self.job.doctrines]
            if len(texts) == 1:
                return f'{{"line":{record.line},' + texts[0][1:]
            return f'{{"line":{record.line},"runs":[' + ",".join(texts) + "]}"
        runs = []
        for d in self.job.doctrines:
            result = evaluate_case(self.model, case, d)
            runs.append((d, result, run_json(self.model, case, d, result)))
        if len(runs) == 1:
            data = {"line": record.line, **runs[0][2]}
        else:
            data = {"line": record.line, "runs": [r[2] for r in runs]}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if self.render is not None:
            payload = self.render(self.model, case, runs, self.job.memo_format, self.job.lang)
            name = f"line-{record.line:06d}.{self.job.memo_format}"
            write_atomic(os.path.join(self.job.memo_dir or ".", name), payload)
        return text

    def answer_all(self, records: list[Record]) -> Answers:
        return Answers.of([self.answer(r) for r in records])


# --- worker processes ---------------------------------------------------------------------

_WORKER: Worker | None = None


def _init_worker(job: Job) -> None:
    """Pool initializer: leave Ctrl-C to the parent, and have the model once in this process."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if _WORKER is None or _WORKER.job != job:
        # Not inherited through fork (spawn start method): compile it here, once.
        _WORKER = Worker(job, load_model(job.model_path))


def _answer_chunk(records: list[Record]) -> Answers:
    assert _WORKER is not None
    answers = _WORKER.answer_all(records)
    spool = _WORKER.job.spool_dir
    if spool is None or not answers.data:
        return answers
    # The lines go to a file of their own, which the parent copies into the output
    # and deletes (see _parallel), rather than through the pipe back to it.
    path = os.path.join(spool, f"{records[0].line}.part")
    with open(path, "wb") as f:
        f.write(answers.data)
    answers.spool, answers.size, answers.data = path, len(answers.data), b""
    return answers


# --- the run ------------------------------------------------------------------------------

@dataclass
class Summary:
    records: int = 0
    answered: int = 0
    errors: int = 0
    seconds: float = 0.0
    shown: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        return (f"{self.records} records: {self.answered} answered, {self.errors} errors, "
                f"{self.rate:,.0f} cases/s")


def chunked(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def run_batch(job: Job, model: Any, out: BinaryIO, jobs: int, chunk_size: int,
              progress: Callable[[int], None] | None = None, spool_in: str | None = None) -> Summary:
    """Answer every record of ``job.source`` and write the lines to ``out`` in input order.

    ``jobs`` is the number of processes (1: this process). ``progress`` is called with the
    line number reached. ``spool_in``: a folder, best on the output's file system, where
    worker processes may leave their lines for this one (see _parallel); None: they send
    them back through the pipe. Returns the :class:`Summary`. Raises CaseError when the
    input cannot be read, DmnlawError when a worker process dies or the lines cannot be
    written.
    """
    fmt = "csv" if job.header is not None else "jsonl"
    chunks = chunked(read_records(job.source, fmt), chunk_size)
    summary = Summary()
    start = time.perf_counter()

    def take(answers: Answers) -> None:
        if answers.spool is not None:
            _copy_spooled(answers.spool, answers.size, out)
        else:
            out.write(answers.data)
        summary.answered += answers.answered
        summary.errors += len(answers.errors)
        summary.records += answers.answered + len(answers.errors)
        for line, message in answers.errors[:max(0, SHOWN_ERRORS - len(summary.shown))]:
            summary.shown.append(f"{job.source}:{line}: error: {message}")
        if progress is not None:
            progress(answers.last_line)

    if jobs <= 1:
        worker = Worker(job, model)
        for chunk in chunks:
            take(worker.answer_all(chunk))
    else:
        _parallel(job, model, chunks, jobs, take, spool_in)
    summary.seconds = time.perf_counter() - start
    return summary


def _parallel(job: Job, model: Any, chunks: Iterator[list[Record]], jobs: int,
              take: Callable[[Answers], None], spool_in: str | None = None) -> None:
    """Run chunks on ``jobs`` processes, a bounded number in flight, results in order.

    A chunk's lines are some megabytes (the trace of every record): sent back through the
    pipe, this process spends a fifth of what a worker does just receiving and writing
    them. With ``spool_in``, each worker writes its chunk's lines to a file of its own in
    a private folder made there, and this process copies the file into the output inside
    the kernel (os.copy_file_range) and deletes it — before the kernel has written it to
    disk, as a rule. The folder goes when the run ends, however it ends.
    """
    global _WORKER
    spool = None
    if spool_in is not None:
        try:
            spool = tempfile.mkdtemp(prefix=".dmnlaw-batch-", dir=spool_in)
        except OSError:
            spool = None  # then through the pipe
        else:
            job = replace(job, spool_dir=spool)
    # Forked workers inherit this and skip compiling (see _init_worker).
    _WORKER = Worker(job, model)
    pending: deque[Future[Answers]] = deque()
    window = jobs * 4  # enough to keep every worker busy; bounds memory on huge inputs
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker, initargs=(job,))
    try:
        for chunk in chunks:
            pending.append(pool.submit(_answer_chunk, chunk))
            while len(pending) >= window:
                take(_result(pending.popleft()))
        while pending:
            take(_result(pending.popleft()))
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
        _WORKER = None
        if spool is not None:
            shutil.rmtree(spool, ignore_errors=True)


def _copy_spooled(path: str, size: int, out: BinaryIO) -> None:
    """Append the ``size`` bytes of the file ``path`` to ``out``, then delete the file:
    inside the kernel where it can, else through this process."""
    out.flush()
    copied = 0
    try:
        with open(path, "rb") as src:
            try:
                while copied < size:
                    n = os.copy_file_range(src.fileno(), out.fileno(), size - copied)
                    if n == 0:
                        break
                    copied += n
            except (AttributeError, OSError) as e:  # no such call here, or not for these files
                if isinstance(e, OSError) and e.errno not in _NO_COPY_RANGE:
                    raise
                src.seek(copied)
                shutil.copyfileobj(src, out, 1 << 20)
                copied = size
        if copied != size:
            raise DmnlawError(f"a batch worker's temporary file {path} was cut short; no output written")
    except OSError as e:
        raise DmnlawError(f"cannot write the answers: {e.strerror or e}") from None
    finally:
        try:
            os.unlink(path)
        except OSError:
            pass


_NO_COPY_RANGE = {errno.EXDEV, errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.EBADF, errno.EPERM}


def _result(future: Future[Answers]) -> Answers:
    try:
        return future.result()
    except BrokenProcessPool:
        raise DmnlawError("a batch worker process died (out of memory?); no output written") from None
    except OSError as e:  # a worker could not write its lines (see _answer_chunk)
        raise DmnlawError(f"cannot write the batch's temporary files: {e.strerror or e}; "
                          "no output written") from None


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# --- the command --------------------------------------------------------------------------

@click.command()
@click.argument("source", metavar="IN.jsonl|IN.csv", type=click.Path(dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="Write the answers here, one JSON line per record (atomically).")
@click.option("--model", "model_path", type=click.Path(), help="DMN file or folder (default: the bundled model).")
@click.option("--doctrine", type=click.Choice([*DOCTRINES, "both"]), default="both", show_default=True,
              help="The reading of the law (LAW.md §4).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes to use (default: all cores).")
@click.option("--memos", "memo_dir", type=click.Path(file_okay=False),
              help="Also write one memo per record into this folder.")
@click.option("--memo-format", type=click.Choice(MEMO_FORMATS), default="html", show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@timeout_option
@user_errors
def batch(source: str, output: str, model_path: str | None, doctrine: str, jobs: int | None,
          memo_dir: str | None, memo_format: str, lang: str, timeout: float) -> None:
    """Evaluate every case of a JSONL or CSV file; one answer line per record, in order.

    A JSONL record is a case object ({"facts": {...}}, optional title and reference); a
    CSV file has a header of fact names (and optional title, reference), one case per row,
    an empty cell being a missing fact. A bad record gives {"line": n, "error": ...} and
    the exit code 1; the other records are answered all the same.
    """
    if not Path(source).is_file():
        raise DmnlawError("no such input file", file=source)
    model = load_model(model_path)
    fmt = input_format(source)
    header = tuple(read_header(source, model)) if fmt == "csv" else None
    if memo_dir is not None:
        _prepare_memos(memo_dir)
    job = Job(source, model_path, tuple(doctrines(doctrine)), header,
              memo_dir, memo_format, lang, timeout=timeout)
    lines = count_lines(source)
    jobs = jobs or default_jobs()
    # Chunks big enough that a worker's share outweighs the cost of sending it, small
    # enough that every worker gets several; no extra processes for a small input.
    chunk_size = max(MIN_CHUNK, min(MAX_CHUNK, lines // (jobs * 4)))
    jobs = max(1, min(jobs, -(-lines // chunk_size)))

    # Workers leave their lines next to the output, for the kernel to copy (see _parallel).
    spool_in = os.path.dirname(os.path.abspath(output))
    try:
        with atomic_file(output) as out:
            if sys.stderr.isatty():
                with click.progressbar(length=lines, label="evaluating", file=sys.stderr,
                                       show_pos=True) as bar:
                    def progress(line: int) -> None:
                        bar.update(line - bar.pos)

                    summary = run_batch(job, model, out, jobs, chunk_size, progress, spool_in)
            else:
                summary = run_batch(job, model, out, jobs, chunk_size, spool_in=spool_in)
    except KeyboardInterrupt:
        click.echo(f"dmnlaw: interrupted; {output} was not written", err=True)
        sys.exit(130)
    for line in summary.shown:
        click.echo(line, err=True)
    if summary.errors > len(summary.shown):
        click.echo(f"… and {summary.errors - len(summary.shown)} more error lines in {output}",
                   err=True)
    click.echo(summary.line(), err=True)
    sys.exit(1 if summary.errors else 0)


def _prepare_memos(memo_dir: str) -> None:
    """Check the memo renderer is there and the folder can be made; raise DmnlawError if not."""
    try:
        from .memo import render as _  # noqa: F401
    except ImportError:
        raise DmnlawError("--memos needs the memo renderer (dmnlaw.memo), "
                          "which this installation does not have") from None
    try:
        os.makedirs(memo_dir, exist_ok=True)
    except OSError as e:
        raise DmnlawError(f"cannot make the memo folder: {e.strerror or e}", file=memo_dir) from None
