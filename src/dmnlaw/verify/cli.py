"""The commands for the people who edit the law: ``check``, ``graph``, ``book``, ``export``
and ``import``. :mod:`dmnlaw.cli` imports this module only when one of them is asked for.

Exit codes, as for every dmnlaw command: 0 all is well (warnings allowed), 1 findings,
2 input that cannot be used (a file missing, not XML or hostile; a bad spreadsheet cell).
"""
from __future__ import annotations

import json
import os
import sys

import click

from ..cli import load_model, user_errors
from ..errors import DmnlawError


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--quiet", "-q", is_flag=True, help="Print errors only, not warnings.")
@user_errors
def check(paths: tuple[str, ...], as_json: bool, quiet: bool) -> None:
    """Check DMN files or folders (default: the bundled model): schema, names, types, FEEL,
    the graph, and every decision table (overlaps, gaps, masked and unreachable rules,
    values outside the allowed ones, citations)."""
    from ..api import bundled_model_path
    from .check import check as run_check, relative

    targets = list(paths) or [str(bundled_model_path())]
    report = run_check(targets)
    shown = report.errors if quiet else report.findings
    if as_json:
        data = {"files": report.files, "tables": report.tables,
                "errors": len(report.errors), "warnings": len(report.warnings),
                "findings": [_relative(f.as_dict(), relative) for f in shown]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        for f in shown:
            click.echo(str(_located(f, relative)))
        click.echo(f"checked {_count(report.files, 'file')} and {_count(report.tables, 'table')}: "
                   f"{_count(len(report.errors), 'error')}, {_count(len(report.warnings), 'warning')}",
                   err=True)
    sys.exit(1 if report.errors else 0)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _relative(data: dict, relative) -> dict:
    if data.get("file"):
        data["file"] = relative(data["file"])
    return data


def _located(finding, relative):
    from dataclasses import replace

    return replace(finding, file=relative(finding.file)) if finding.file else finding


@click.command()
@click.option("--model", "model_path", type=click.Path(), help="DMN file or folder (default: the bundled model).")
@click.option("--format", "fmt", type=click.Choice(["svg", "dot", "mermaid"]), default="svg",
              show_default=True)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (atomically).")
@user_errors
def graph(model_path: str | None, fmt: str, lang: str, output: str | None) -> None:
    """Draw the decision requirements graph: inputs, decisions, knowledge sources, labels."""
    from ..memo.graph import draw
    from ..output import write_atomic

    text = draw(load_model(model_path), fmt, lang=lang)
    if not text.endswith("\n"):
        text += "\n"
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@click.command()
@click.option("--model", "model_path", type=click.Path(), help="DMN file or folder (default: the bundled model).")
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]),
              help="Output format (default: from -o's suffix).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The book's file (written atomically).")
@user_errors
def book(model_path: str | None, fmt: str | None, lang: str, output: str) -> None:
    """Write the model book: the graph, then every decision table as a lawyer reviews a
    statute (labels, hit policy, rules, reasoning and citations)."""
    from ..output import write_atomic
    from .book import render_book

    if fmt is None:
        fmt = "pdf" if output.lower().endswith(".pdf") else "html"
    write_atomic(output, render_book(load_model(model_path), fmt, lang))


@click.command("export")
@click.argument("model_path", type=click.Path())
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="The spreadsheet to write (.xlsx).")
@user_errors
def export_tables(model_path: str, output: str) -> None:
    """Write every decision table of MODEL_PATH (a .dmn file or a folder) to a spreadsheet,
    one sheet per table."""
    from ..output import write_atomic
    from .spreadsheet import export_workbook

    data, count = export_workbook(model_path)
    write_atomic(output, data)
    click.echo(f"{count} tables written to {output}", err=True)


@click.command("import")
@click.argument("workbook", type=click.Path(dir_okay=False))
@click.option("--into", "into", type=click.Path(), required=True,
              help="The .dmn file or folder the tables were exported from.")
@user_errors
def import_tables(workbook: str, into: str) -> None:
    """Bring the tables of WORKBOOK back into the DMN files they came from (each file is
    rewritten in place, atomically; only its decision tables change)."""
    from .spreadsheet import import_workbook

    changed = import_workbook(workbook, into)
    for path in changed:
        click.echo(f"updated {os.path.relpath(path)}", err=True)
    if not changed:
        click.echo("no table changed", err=True)


__all__ = ["check", "graph", "book", "export_tables", "import_tables", "DmnlawError"]
