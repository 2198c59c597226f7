"""Reading DMN XML safely into :mod:`dmnlaw.model`.

``parse_xml`` (:mod:`.safe`) turns a file into an lxml tree or one ModelError;
``read_definitions``/``read_files`` (:mod:`.reader`) turn trees into the model.
"""
from __future__ import annotations

from .reader import read_definitions, read_files
from .safe import MAX_BYTES, MAX_DEPTH, parse_xml

__all__ = ["read_definitions", "read_files", "parse_xml", "MAX_BYTES", "MAX_DEPTH"]
