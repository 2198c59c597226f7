"""The ``dmnlaw`` command line: a click group over the API.

Every error a user can cause arrives here as a :class:`~dmnlaw.errors.DmnlawError` and
leaves as one line, ``file:line: error: message``, with exit code 2 — never a traceback.
Exit 1 means findings (failed tests, table defects); 0 means all is well.
"""
from __future__ import annotations

import functools
import json
import sys
from typing import Any, Callable

import click

from .errors import DmnlawError


def _user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a DmnlawError (and an interrupted run) into one line on stderr and exit 2."""

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

    return wrapper


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="dmnlaw")
def main() -> None:
    """Run law as DMN decision tables: the engine, the legal model, the memo."""


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@_user_errors
def tck(directory: str, as_json: bool) -> None:
    """Run every DMN TCK test folder under DIRECTORY."""
    from .tck import run_tck, show

    report = run_tck(directory)
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
