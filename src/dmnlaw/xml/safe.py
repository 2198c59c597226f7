"""Safe XML parsing: a DMN file either parses into a plain lxml tree or gives one ModelError.

A DMN file may come from anyone (a colleague's modeler, a download), so parsing refuses
what a model never needs and an attacker always does: DTDs and entity declarations
(external entities read local files, nested entities exhaust memory), network access,
huge inputs and deep nesting. No entity is ever expanded: a DOCTYPE is found by a first
pass that stops at the DOCTYPE itself, before its internal subset is read.
"""
from __future__ import annotations

import os
import re
from typing import NoReturn

from lxml import etree

from ..errors import ModelError
from ..files import read_limited

MAX_BYTES = 20 * 1024 * 1024
"""Largest file parse_xml reads; DMN models are kilobytes, the biggest TCK model 160 kB."""

MAX_DEPTH = 200
"""Deepest element nesting accepted; below libxml2's own limit (256 without huge_tree),
so that every too-deep file gets the same message."""

_LIBXML_LOCATION = re.compile(r",? line \d+, column \d+\s*$")


def parse_xml(path: str | os.PathLike[str]) -> etree._ElementTree:
    """Parse the XML file at ``path`` safely and return its lxml tree.

    Comments and processing instructions are dropped; ``sourceline`` is kept on every
    element. Raises :class:`ModelError` (with ``file``, and ``line`` when known) when
    the file is missing, unreadable, not a regular file, empty, larger than
    :data:`MAX_BYTES`, not well-formed, has a DOCTYPE (any DTD or entity declaration),
    or nests elements deeper than :data:`MAX_DEPTH`.
    """
    file = os.fspath(path)
    data = _read_bytes(file)
    _refuse_doctype(data, file)
    tree = _parse(data, file)
    _check_depth(tree, file)
    return tree


def _read_bytes(file: str) -> bytes:
    data = read_limited(file, MAX_BYTES, ModelError, "DMN file")
    if not data.strip():
        raise ModelError("the file is empty", file=file, line=1)
    return data


def _safe_parser(**extra: object) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        **extra,
    )


class _DoctypeFound(Exception):
    pass


class _RootReached(Exception):
    pass


class _DoctypeSniffer:
    """Parser target that stops at the DOCTYPE, or at the root element when there is none.

    libxml2 reports the DOCTYPE before it reads the internal subset, so raising here
    stops the parse before any entity declaration is looked at.
    """

    def doctype(self, *_args: object) -> None:
        raise _DoctypeFound

    def start(self, *_args: object) -> None:
        raise _RootReached

    def close(self) -> None:
        return None


def _refuse_doctype(data: bytes, file: str) -> None:
    try:
        etree.fromstring(data, _safe_parser(target=_DoctypeSniffer()))
    except _RootReached:
        return
    except _DoctypeFound:
        raise ModelError(
            "the file has a DOCTYPE declaration, which DMN files must not have "
            "(DTDs and entities are refused because they can read local files or exhaust memory)",
            file=file,
            line=_doctype_line(data),
        ) from None
    except etree.XMLSyntaxError as exc:
        _syntax_error(exc, file)
    # A document without any element ends without reaching a root: the main parse
    # reports it.


def _doctype_line(data: bytes) -> int:
    # Good for ASCII-compatible encodings; other encodings get line 1, where the
    # prolog begins.
    at = data.find(b"<!DOCTYPE")
    return data.count(b"\n", 0, at) + 1 if at >= 0 else 1


def _parse(data: bytes, file: str) -> etree._ElementTree:
    parser = _safe_parser(remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser, base_url=file)
    except etree.XMLSyntaxError as exc:
        _syntax_error(exc, file)
    except (ValueError, LookupError) as exc:
        # e.g. an encoding lxml has no codec for
        raise ModelError(f"the file cannot be parsed as XML ({exc})", file=file, line=1) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        # Unreachable after _refuse_doctype; kept so this function is safe on its own.
        raise ModelError("the file has a DOCTYPE declaration, which DMN files must not have",
                         file=file, line=1)
    return tree


def _syntax_error(exc: etree.XMLSyntaxError, file: str) -> NoReturn:
    message = _LIBXML_LOCATION.sub("", exc.msg or str(exc)).strip()
    line = exc.lineno or None
    column = exc.position[1] if exc.position and exc.position[1] else None
    if "Excessive depth" in message:
        raise ModelError(_depth_message(), file=file, line=line) from None
    raise ModelError(f"the file is not well-formed XML: {message}",
                     file=file, line=line, column=column) from None


def _depth_message() -> str:
    return f"elements are nested more than {MAX_DEPTH} levels deep"


def _check_depth(tree: etree._ElementTree, file: str) -> None:
    depth = 0
    for event, element in etree.iterwalk(tree.getroot(), events=("start", "end")):
        if event == "start":
            depth += 1
            if depth > MAX_DEPTH:
                raise ModelError(_depth_message(), file=file, line=element.sourceline)
        else:
            depth -= 1
