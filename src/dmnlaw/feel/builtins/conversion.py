"""``string(from)`` and ``number(from, grouping separator, decimal separator)`` (DMN 1.5 Table 72).

The temporal conversions (``date()``, ``duration()``...) live with the temporal values;
``range(from)`` lives with the range functions.
"""
from __future__ import annotations

import decimal
import re
from decimal import Decimal
from typing import Any

from ..values import CONTEXT, InvalidArgument, to_feel_text
from . import builtin
from .numbers import clean, describe_decimal_error


@builtin("string", "from")
def string(value: Any) -> str | None:
    """``value`` as text: strings unchanged, null stays null, anything else as FEEL prints it.

    Numbers come out in plain notation (``1E+3`` → ``"1000"``), temporal values in their
    literal form, lists and contexts in FEEL syntax with their strings quoted.
    """
    if value is None:
        return None
    if type(value) is str:
        return value
    try:
        return to_feel_text(value)
    except RecursionError:
        raise InvalidArgument("string(): the value is nested too deeply to print") from None


# DMN 1.5 grammar rule 35 (numeric literal), ASCII digits only.
_NUMERIC_LITERAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

_GROUPING = (" ", ",", ".")
_DECIMAL = (".", ",")


def parse_number(fname: str, text: str) -> Decimal:
    """A numeric literal (grammar rule 35) as a FEEL number, rounded to 34 digits.

    Raises InvalidArgument when the text is not such a literal or is out of range.
    """
    if not _NUMERIC_LITERAL.fullmatch(text):
        raise InvalidArgument(f"{fname}(): {text!r} is not a number")
    try:
        return clean(CONTEXT.create_decimal(text))
    except decimal.DecimalException as exc:
        raise InvalidArgument(f"{fname}(): {text!r}: {describe_decimal_error(exc)}") from None


@builtin("number", "from:string", "grouping separator:string?", "decimal separator:string?")
def number(text: str, grouping: str | None, decimal_sep: str | None) -> Decimal:
    """``text`` as a number, after removing ``grouping`` separators and reading ``decimal``
    as the decimal point.

    Separators may be null; grouping is one of space, comma, period; decimal is period or
    comma, and not the grouping separator. Raises InvalidArgument for other separators or
    for text that is not then a numeric literal.
    """
    if grouping is not None and grouping not in _GROUPING:
        raise InvalidArgument(
            f"number(): the grouping separator {grouping!r} is not a space, comma or period")
    if decimal_sep is not None and decimal_sep not in _DECIMAL:
        raise InvalidArgument(
            f"number(): the decimal separator {decimal_sep!r} is not a period or comma")
    if grouping is not None and grouping == decimal_sep:
        raise InvalidArgument("number(): the grouping and decimal separators are the same")
    if grouping is not None:
        text = text.replace(grouping, "")
    if decimal_sep is not None:
        text = text.replace(decimal_sep, ".")
    return parse_number("number", text)


@builtin("number", "from:string")
def number_plain(text: str) -> Decimal:
    """``text`` (a FEEL numeric literal such as ``"-1.5e3"``) as a number.

    Not in DMN 1.5's table, but its single-argument form is common and unambiguous.
    Raises InvalidArgument when the text is not a numeric literal.
    """
    return parse_number("number", text)
