"""Validation of DMN files against the OMG XML Schema of their DMN version.

The schemas (DMN 1.2–1.5 with their DMNDI, DI and DC schemas) ship with the package under
``dmnlaw/data/schemas`` with the OMG/TCK notices; DMN 1.1 has no schema there, so a 1.1
file is reported as not schema-checked. Schemas are loaded once per process, from the
package's own files only (their imports are relative file names).
"""
from __future__ import annotations

import functools
import re
from importlib import resources
from pathlib import Path

from lxml import etree

from .. import model as m
from .findings import Finding

SCHEMA_FILES = {"1.2": "DMN12.xsd", "1.3": "DMN13.xsd", "1.4": "DMN14.xsd", "1.5": "DMN15.xsd"}

# Errors reported per file at most: a file that is wrong everywhere says so soon enough.
MAX_ERRORS = 50


def schema_dir() -> Path:
    """The folder of the shipped XSDs."""
    return Path(str(resources.files("dmnlaw") / "data" / "schemas"))


@functools.cache
def schema_for(version: str) -> etree.XMLSchema | None:
    """The compiled XML Schema of DMN ``version`` (``"1.2"`` … ``"1.5"``), or None for 1.1."""
    name = SCHEMA_FILES.get(version)
    if name is None:
        return None
    # The XSDs import each other by relative path; nothing is fetched from the network.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    doc = etree.parse(str(schema_dir() / name), parser)
    return etree.XMLSchema(doc)


def validate(tree: etree._ElementTree, file: str) -> list[Finding]:
    """Validate a parsed DMN file; return one finding per schema violation (with its line).

    A root outside the DMN 1.2–1.5 namespaces gives no findings here (the reader reports
    it); a DMN 1.1 file gives one warning that it was not schema-checked.
    """
    ns = etree.QName(tree.getroot()).namespace
    version = m.DMN_NAMESPACES.get(ns or "")
    if version is None:
        return []
    schema = schema_for(version)
    if schema is None:
        return [Finding("warning", "schema", f"DMN {version} file: not checked against a schema "
                        f"(dmnlaw ships the OMG schemas of DMN 1.2–1.5)", file, 1)]
    if schema.validate(tree):
        return []
    findings = []
    for err in list(schema.error_log)[:MAX_ERRORS]:
        findings.append(Finding("error", "schema", f"schema (DMN {version}): {_short(err.message)}",
                                file, err.line or None))
    return findings


def _short(message: str) -> str:
    """libxml2's message without the namespace URIs in braces, which lawyers need not read."""
    return re.sub(r"\{(?:https?|urn):[^}]*\}", "", message)
