"""The ``dmnlaw`` command line: a click group over the API.

Every error a user can cause arrives here as a :class:`~dmnlaw.errors.DmnlawError` and
leaves as one line, ``file:line: error: message``, with exit code 2 — never a traceback.
Exit 1 means findings (failed tests, table defects); 0 means all is well.
"""
from __future__ import annotations

import functools
import os
import json
import sys
from typing import Any, Callable

import click

from .errors import DmnlawError


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a DmnlawError (and an interrupted run) into one line on stderr and exit 2.

    What is not a DmnlawError is a model beyond what Python can work through (a chain of
    thousands of requirements exhausts its recursion limit) or a bug in dmnlaw: it too is
    one line and exit 2; ``DMNLAW_DEBUG=1`` shows the traceback instead.
    """

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DmnlawError as e:
            click.echo(str(e), err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("dmnlaw: interrupted", err=True)
            sys.exit(130)
        except RecursionError:
            if os.environ.get("DMNLAW_DEBUG"):
                raise
            click.echo("dmnlaw: error: the model nests too deeply to work through "
                       "(Python's recursion limit)", err=True)
            sys.exit(2)
        except Exception as e:  # noqa: BLE001 - never a traceback for a user
            if os.environ.get("DMNLAW_DEBUG"):
                raise
            click.echo(f"dmnlaw: internal error: {type(e).__name__}: {' '.join(str(e).split())[:200]} "
                       "(a bug in dmnlaw; DMNLAW_DEBUG=1 shows where)", err=True)
            sys.exit(2)

    return wrapper


# Commands defined in other modules, imported only when used, so `dmnlaw run` does not pay
# for the checker, the spreadsheet code or the batch runner.
LAZY_COMMANDS = {
    "check": "dmnlaw.verify.cli:check",
    "graph": "dmnlaw.verify.cli:graph",
    "book": "dmnlaw.verify.cli:book",
    "export": "dmnlaw.verify.cli:export_tables",
    "import": "dmnlaw.verify.cli:import_tables",
    "batch": "dmnlaw.batch:batch",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module when the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in LAZY_COMMANDS:
            import importlib

            module, _, attr = LAZY_COMMANDS[name].partition(":")
            try:
                return getattr(importlib.import_module(module), attr)
            except (ImportError, AttributeError):
                return None
        return super().get_command(ctx, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dmnlaw")
def main() -> None:
    """Run law as DMN decision tables: the engine, the legal model, the memo."""


def timeout_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``--timeout SECONDS``: the time limit of one evaluation (see dmnlaw.deadline)."""
    from .deadline import DEFAULT_SECONDS

    return click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_SECONDS,
                        show_default=True, metavar="SECONDS",
                        help="Stop an evaluation that runs longer than this (0: no limit).")(fn)


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@timeout_option
@user_errors
def tck(directory: str, as_json: bool, timeout: float) -> None:
    """Run every DMN TCK test folder under DIRECTORY."""
    from .tck import run_tck, show

    report = run_tck(directory, timeout)
    if as_json:
        click.echo(json.dumps({"passed": report.passed, "failed": report.failed,
                               "failures": [f.as_dict() for f in report.failures]},
                              ensure_ascii=False, indent=2))
    else:
        for f in report.failures:
            detail = f.message or f"expected {show(f.expected)}, got {show(f.actual)}"
            click.echo(f"FAIL {f.folder} {f.test_file} #{f.case_id} {f.node}: {detail}")
    click.echo(f"{report.passed} passed, {report.failed} failed")
    sys.exit(1 if report.failed else 0)


def load_model(path: str | None):
    from .api import load

    return load(path) if path else load()


@main.command()
@click.argument("case_file", type=click.Path(dir_okay=False))
@click.option("--model", "model_path", type=click.Path(), help="DMN file or folder (default: the bundled model).")
@click.option("--doctrine", type=click.Choice(["judicial", "restrictive", "both"]), default="both",
              show_default=True, help="The reading of the law (LAW.md §4).")
@click.option("--format", "fmt", type=click.Choice(["json", "md", "html", "pdf"]),
              help="Output format (default: from -o's suffix, else Markdown).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (atomically).")
@timeout_option
@user_errors
def run(case_file: str, model_path: str | None, doctrine: str, fmt: str | None, lang: str,
        output: str | None, timeout: float) -> None:
    """Evaluate CASE_FILE and write the result (the memo, or the run JSON)."""
    from .cases import doctrines, evaluate_case, read_case, run_json
    from .deadline import time_limit
    from .errors import DmnlawError
    from .output import write_atomic

    if fmt is None:
        suffix = os.path.splitext(output or "")[1].lower().lstrip(".")
        fmt = {"json": "json", "md": "md", "html": "html", "htm": "html", "pdf": "pdf"}.get(suffix, "md")
    if fmt == "pdf" and not output:
        raise DmnlawError("a PDF memo needs -o FILE.pdf")
    case = read_case(case_file)
    model = load_model(model_path)
    runs = []
    for d in doctrines(doctrine):
        with time_limit(timeout, f"evaluating the case ({d})", file=case_file):
            result = evaluate_case(model, case, d)
            # The memo reads the Result itself; the run JSON is the json format's.
            runs.append((d, result, run_json(model, case, d, result) if fmt == "json" else None))
    if fmt == "json":
        data = runs[0][2] if len(runs) == 1 else {"runs": [r[2] for r in runs]}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        payload: bytes = text.encode("utf-8")
    else:
        from .memo.render import render

        payload = render(model, case, runs, fmt, lang)
    if output:
        write_atomic(output, payload)
    else:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()


@main.command("test")
@click.argument("target", required=False, default="cases", type=click.Path())
@click.option("--model", "model_path", type=click.Path(), help="DMN file or folder (default: the bundled model).")
@timeout_option
@user_errors
def test_cmd(target: str, model_path: str | None, timeout: float) -> None:
    """Run case files with `expected` blocks and compare them with the model."""
    from .cases import case_files, compare, evaluate_case, read_case
    from .deadline import time_limit

    model = load_model(model_path)
    passed = failed = 0
    for path in case_files(target):
        case = read_case(path)
        for doctrine in case.expected:
            with time_limit(timeout, f"evaluating the case ({doctrine})", file=str(path)):
                result = evaluate_case(model, case, doctrine)
                problems = compare(case, doctrine, result)
            if problems:
                failed += 1
                click.echo(f"FAIL {path} [{doctrine}] {case.title}")
                for p in problems:
                    rule = f" ({p.rule})" if p.rule else ""
                    click.echo(f"  {p.decision}: expected {json.dumps(p.expected, ensure_ascii=False)}, "
                               f"got {json.dumps(p.actual, ensure_ascii=False)}{rule}")
            else:
                passed += 1
    click.echo(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
