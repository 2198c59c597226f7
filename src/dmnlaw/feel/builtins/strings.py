"""String built-ins (DMN 1.5 §10.3.4.3, Table 74), with XPath regular expressions.

Strings are Python ``str``: sequences of Unicode code points, so lengths and positions
count code points as DMN requires (not UTF-16 units).

``matches``, ``replace`` and ``split`` take XML Schema / XPath 2.0 regular expressions
(XQuery 1.0 and XPath 2.0 Functions and Operators §7.6) with the flags ``s m i x q``. They are
translated to the third-party ``regex`` module's syntax (for ``\\p{IsBlock}`` and character
class subtraction), and every match runs with a time limit, so a pattern with catastrophic
backtracking gives null and a warning rather than a hung evaluation.
"""
from __future__ import annotations

import functools
from decimal import Decimal
from typing import Any, Callable

import regex

from ..values import InvalidArgument, type_name
from . import builtin
from .lists import span

# Seconds one regular expression operation may take.
REGEX_TIMEOUT = 1.0

# ---------------------------------------------------------------------------------------------
# Plain string functions


@builtin("substring", "string:string", "start position:number", "length:number=")
def substring(s: str, start: Decimal, length: Decimal | None = None) -> str:
    """``length`` code points (or all the rest) from ``start position`` (1 first, -1 last).

    Raises InvalidArgument for a start position that is zero or beyond the string, or a
    length outside [1..code points left] (DMN 1.5 Table 74 footnote 1).
    """
    begin, end = span("substring", start, length, len(s))
    return s[begin:end]


@builtin("string length", "string:string")
def string_length(s: str) -> Decimal:
    """The number of code points."""
    return Decimal(len(s))


@builtin("upper case", "string:string")
def upper_case(s: str) -> str:
    """The string with Unicode upper-case mappings applied."""
    return s.upper()


@builtin("lower case", "string:string")
def lower_case(s: str) -> str:
    """The string with Unicode lower-case mappings applied."""
    return s.lower()


@builtin("substring before", "string:string", "match:string")
def substring_before(s: str, match: str) -> str:
    """The text before the first occurrence of ``match``; empty when there is none."""
    i = s.find(match)
    return s[:i] if i >= 0 else ""


@builtin("substring after", "string:string", "match:string")
def substring_after(s: str, match: str) -> str:
    """The text after the first occurrence of ``match``; empty when there is none."""
    i = s.find(match)
    return s[i + len(match):] if i >= 0 else ""


@builtin("contains", "string:string", "match:string")
def contains(s: str, match: str) -> bool:
    """Whether ``match`` occurs in the string."""
    return match in s


@builtin("starts with", "string:string", "match:string")
def starts_with(s: str, match: str) -> bool:
    """Whether the string begins with ``match``."""
    return s.startswith(match)


@builtin("ends with", "string:string", "match:string")
def ends_with(s: str, match: str) -> bool:
    """Whether the string ends with ``match``."""
    return s.endswith(match)


@builtin("string join", "list:list", "delimiter:string?=")
def string_join(lst: list[Any], delimiter: str | None = None) -> str:
    """The strings of the list joined by ``delimiter`` (none when null); null items skipped.

    Raises InvalidArgument for an item that is neither a string nor null.
    """
    for x in lst:
        if x is not None and type(x) is not str:
            raise InvalidArgument(f"string join(): expects strings, got {type_name(x)}")
    return (delimiter or "").join(x for x in lst if x is not None)


# ---------------------------------------------------------------------------------------------
# Regular expression functions


@builtin("matches", "input:string", "pattern:string", "flags:string?=")
def matches(text: str, pattern: str, flags: str | None = None) -> bool:
    """Whether the pattern matches somewhere in ``input``.

    Raises InvalidArgument for an invalid pattern or flag, or a match that takes too long.
    """
    compiled = compile_xpath("matches", pattern, flags or "")
    found = _run("matches", pattern, lambda: compiled.search(text, timeout=REGEX_TIMEOUT))
    return found is not None


@builtin("replace", "input:string", "pattern:string", "replacement:string", "flags:string?=")
def replace(text: str, pattern: str, replacement: str, flags: str | None = None) -> str:
    """``input`` with every non-overlapping match replaced; ``$N`` in the replacement is the
    Nth captured group (``$0`` the whole match), ``\\$`` and ``\\\\`` are literal.

    Raises InvalidArgument for an invalid pattern, flag or replacement, a pattern that
    matches the empty string (XPath error FORX0003), or a match that takes too long.
    """
    flags = flags or ""
    compiled = compile_xpath("replace", pattern, flags)
    _refuse_empty_match("replace", pattern, compiled)
    if "q" in flags:
        parts: list[str | int] = [replacement]
    else:
        parts = _replacement(replacement, compiled.groups)

    def substitute(m: Any) -> str:
        return "".join(p if type(p) is str else (m.group(p) or "") for p in parts)

    return _run("replace", pattern,
                lambda: compiled.sub(substitute, text, timeout=REGEX_TIMEOUT))


@builtin("split", "string:string", "delimiter:string")
def split(s: str, delimiter: str) -> list[str]:
    """The pieces of the string between matches of the ``delimiter`` pattern.

    Like XPath ``fn:tokenize``: an empty string gives an empty list, and captured groups
    are not included. Raises InvalidArgument for an invalid pattern, one that matches the
    empty string, or a match that takes too long.
    """
    compiled = compile_xpath("split", delimiter, "")
    _refuse_empty_match("split", delimiter, compiled)
    if not s:
        return []

    def pieces() -> list[str]:
        out, last = [], 0
        for m in compiled.finditer(s, timeout=REGEX_TIMEOUT):
            out.append(s[last:m.start()])
            last = m.end()
        out.append(s[last:])
        return out

    return _run("split", delimiter, pieces)


def _run(fname: str, pattern: str, operation: Callable[[], Any]) -> Any:
    try:
        return operation()
    except TimeoutError:
        raise InvalidArgument(
            f"{fname}(): the regular expression {pattern!r} took too long") from None


def _refuse_empty_match(fname: str, pattern: str, compiled: Any) -> None:
    if _run(fname, pattern, lambda: compiled.search("", timeout=REGEX_TIMEOUT)) is not None:
        raise InvalidArgument(
            f"{fname}(): the regular expression {pattern!r} matches the empty string")


def _replacement(text: str, groups: int) -> list[str | int]:
    """Split an XPath replacement string into literal text and group numbers.

    ``$`` takes all the digits that follow; while that number is above the group count and
    has more than one digit, its last digit is literal text instead (F&O §7.6.3). A
    single-digit reference to a group that does not exist is the empty string.
    """
    parts: list[str | int] = []
    literal: list[str] = []
    i = 0
    while i < len(text):
        c = text[i]
        if c == "\\":
            if i + 1 < len(text) and text[i + 1] in "\\$":
                literal.append(text[i + 1])
                i += 2
                continue
            raise InvalidArgument(
                f"replace(): in the replacement {text!r}, '\\' must be followed by '\\' or '$'")
        if c == "$":
            j = i + 1
            while j < len(text) and "0" <= text[j] <= "9":
                j += 1
            digits = text[i + 1:j]
            if not digits:
                raise InvalidArgument(
                    f"replace(): in the replacement {text!r}, '$' must be followed by a digit")
            while len(digits) > 1 and int(digits) > groups:
                digits = digits[:-1]
            if literal:
                parts.append("".join(literal))
                literal = []
            if int(digits) <= groups:
                parts.append(int(digits))
            i += 1 + len(digits)
            continue
        literal.append(c)
        i += 1
    if literal:
        parts.append("".join(literal))
    return parts


# ---------------------------------------------------------------------------------------------
# XPath regular expressions → the `regex` module

_FLAGS = frozenset("smixq")

# XSD single-character escapes (\n \r \t and escaped metacharacters), XPath adding \$.
_SINGLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t"} | {c: c for c in "\\|.-^?*+{}()[]$"}

# XSD multi-character escapes, as sets that work inside and outside a `regex` V1 class.
# \s is only these four characters; \w is everything but punctuation, separators and
# "other" characters (so "_" is not a word character and "+" is).
_NAME_START = ("\\:A-Z_a-z\\xC0-\\xD6\\xD8-\\xF6\\xF8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF"
               "\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF"
               "\\uFDF0-\\uFFFD\\U00010000-\\U000EFFFF")
_NAME_CHAR = _NAME_START + "\\-.0-9\\xB7\\u0300-\\u036F\\u203F-\\u2040"
_MULTI_ESCAPES = {
    "s": "[ \\t\\n\\r]", "S": "[^ \\t\\n\\r]",
    "d": "\\p{Nd}", "D": "\\P{Nd}",
    "w": "[^\\p{P}\\p{Z}\\p{C}]", "W": "[\\p{P}\\p{Z}\\p{C}]",
    "i": f"[{_NAME_START}]", "I": f"[^{_NAME_START}]",
    "c": f"[{_NAME_CHAR}]", "C": f"[^{_NAME_CHAR}]",
}

_CATEGORIES = frozenset(
    "L Lu Ll Lt Lm Lo M Mn Mc Me N Nd Nl No P Pc Pd Ps Pe Pi Pf Po "
    "Z Zs Zl Zp S Sm Sc Sk So C Cc Cf Co Cn".split())

_WHITESPACE = "\t\n\r "


class _PatternError(Exception):
    """The pattern is not a valid XPath regular expression (the message says why)."""


def compile_xpath(fname: str, pattern: str, flags: str) -> Any:
    """Compile an XPath regular expression with XPath flags.

    Returns a compiled ``regex`` pattern; raises InvalidArgument naming the pattern when it
    or the flags are invalid.
    """
    bad = set(flags) - _FLAGS
    if bad:
        raise InvalidArgument(
            f"{fname}(): unknown regular expression flag(s) {''.join(sorted(bad))!r} "
            "(allowed: s, m, i, x, q)")
    try:
        return _compile(pattern, "".join(sorted(set(flags))))
    except _PatternError as exc:
        raise InvalidArgument(
            f"{fname}(): invalid regular expression {pattern!r}: {exc}") from None


@functools.lru_cache(maxsize=256)
def _compile(pattern: str, flags: str) -> Any:
    options = regex.V1
    if "i" in flags:
        options |= regex.IGNORECASE
    if "q" in flags:
        source = "".join(_literal(c) for c in pattern)
    else:
        if "x" in flags:
            pattern = _strip_whitespace(pattern)
        if "s" in flags:
            options |= regex.DOTALL
        if "m" in flags:
            options |= regex.MULTILINE
        source = _Translator(pattern, dotall="s" in flags, multiline="m" in flags).translate()
    # V1 folds case fully ("ß" would match "SS"); XPath maps single characters, so (?-f).
    try:
        return regex.compile("(?-f)" + source, options)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise _PatternError(str(exc)) from None


def _literal(c: str) -> str:
    """``c`` as a `regex` atom matching itself, inside or outside a V1 set."""
    if c.isascii() and not c.isalnum():
        if c == "\n":
            return "\\n"
        if c == "\r":
            return "\\r"
        if c == "\t":
            return "\\t"
        return "\\" + c
    return c


def _strip_whitespace(pattern: str) -> str:
    """The pattern without the whitespace the x flag ignores: all of it, except inside
    character class expressions (F&O 3.1 §5.6.1.1), even between a backslash and the
    character it escapes."""
    out: list[str] = []
    depth = 0
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(c)
            i += 1
            if depth == 0:
                while i < len(pattern) and pattern[i] in _WHITESPACE:
                    i += 1
            if i < len(pattern):
                out.append(pattern[i])
                i += 1
            continue
        if c == "[":
            depth += 1
        elif c == "]" and depth:
            depth -= 1
        elif c in _WHITESPACE and depth == 0:
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


class _Translator:
    """Translates one XPath regular expression (already stripped for the x flag).

    Checks what XPath forbids and the `regex` module would accept (possessive quantifiers,
    ``(?`` groups, unescaped ``{ } ]``, back-references to groups not yet closed) and maps
    the constructs whose meaning differs (``.``, ``$``, ``\\s``, ``\\w``, class subtraction).
    """

    def __init__(self, pattern: str, dotall: bool, multiline: bool) -> None:
        self.p = pattern
        self.i = 0
        self.dotall = dotall
        self.multiline = multiline
        self.opened = 0  # capturing groups opened so far
        self.closed: set[int] = set()
        self.stack: list[int | None] = []  # group number, None for (?:...)

    def peek(self, ahead: int = 0) -> str | None:
        j = self.i + ahead
        return self.p[j] if j < len(self.p) else None

    def translate(self) -> str:
        out: list[str] = []
        can_repeat = False  # whether the last thing emitted is an atom a quantifier may follow
        while self.i < len(self.p):
            c = self.p[self.i]
            if c in "?*+{":
                if not can_repeat:
                    raise _PatternError(f"quantifier {c!r} at {self.i} follows nothing")
                out.append(self.quantifier())
                can_repeat = False
                continue
            self.i += 1
            can_repeat = True
            if c == "\\":
                out.append(self.escape(in_class=False))
            elif c == "[":
                out.append(self.char_class())
            elif c == "(":
                if self.peek() == "?":
                    if self.peek(1) != ":":
                        raise _PatternError(f"'(?' at {self.i - 1} is not allowed")
                    self.i += 2
                    self.stack.append(None)
                    out.append("(?:")
                else:
                    self.opened += 1
                    self.stack.append(self.opened)
                    out.append("(")
                can_repeat = False
            elif c == ")":
                if not self.stack:
                    raise _PatternError(f"unbalanced ')' at {self.i - 1}")
                group = self.stack.pop()
                if group is not None:
                    self.closed.add(group)
                out.append(")")
            elif c == "|":
                out.append("|")
                can_repeat = False
            elif c == ".":
                out.append("." if self.dotall else "[^\\n\\r]")
            elif c == "^":
                out.append("^")
                can_repeat = False
            elif c == "$":
                # Without the m flag XPath's $ matches only at the very end of the input.
                out.append("$" if self.multiline else "\\Z")
                can_repeat = False
            elif c in "]}":
                raise _PatternError(f"unescaped {c!r} at {self.i - 1}")
            else:
                out.append(_literal(c))
        if self.stack:
            raise _PatternError("unbalanced '('")
        return "".join(out)

    def quantifier(self) -> str:
        c = self.p[self.i]
        self.i += 1
        if c == "{":
            end = self.p.find("}", self.i)
            if end < 0:
                raise _PatternError(f"unterminated quantifier at {self.i - 1}")
            body = self.p[self.i:end]
            low, comma, high = body.partition(",")
            if not low.isdigit() or not low.isascii() or (
                    high and (not high.isdigit() or not high.isascii())):
                raise _PatternError(f"invalid quantifier {{{body}}}")
            if high and int(high) < int(low):
                raise _PatternError(f"invalid quantifier {{{body}}}")
            self.i = end + 1
            text = "{" + body + "}"
        else:
            text = c
        if self.peek() == "?":  # reluctant
            self.i += 1
            text += "?"
        nxt = self.peek()
        if nxt is not None and nxt in "?*+{":
            raise _PatternError(f"quantifier at {self.i} follows a quantifier")
        return text

    def escape(self, in_class: bool) -> str:
        """The translation of the escape whose backslash was just consumed."""
        c = self.peek()
        if c is None:
            raise _PatternError("the pattern ends with '\\'")
        self.i += 1
        if c in _SINGLE_ESCAPES:
            return _literal(_SINGLE_ESCAPES[c])
        if c in _MULTI_ESCAPES:
            return _MULTI_ESCAPES[c]
        if c in "pP":
            return self.property(negated=c == "P")
        if "1" <= c <= "9" and not in_class:
            return self.back_reference(c)
        raise _PatternError(f"invalid escape '\\{c}' at {self.i - 2}")

    def property(self, negated: bool) -> str:
        if self.peek() != "{":
            raise _PatternError(f"'\\p' at {self.i - 2} must be followed by '{{'")
        end = self.p.find("}", self.i)
        if end < 0:
            raise _PatternError(f"unterminated '\\p{{' at {self.i - 2}")
        name = self.p[self.i + 1:end]
        self.i = end + 1
        if name.startswith("Is") and len(name) > 2:
            if not all(ch.isascii() and (ch.isalnum() or ch == "-") for ch in name[2:]):
                raise _PatternError(f"invalid block name {name!r}")
            prop = f"Block={name[2:]}"
        elif name in _CATEGORIES:
            prop = name
        else:
            raise _PatternError(f"unknown character property {name!r}")
        return ("\\P{" if negated else "\\p{") + prop + "}"

    def back_reference(self, first: str) -> str:
        # \N takes further digits only while the number stays within the groups opened
        # so far (XPath F&O §7.6.1); the group must already be closed.
        number = int(first)
        while (d := self.peek()) is not None and "0" <= d <= "9" \
                and number * 10 + int(d) <= self.opened:
            number = number * 10 + int(d)
            self.i += 1
        if number not in self.closed:
            raise _PatternError(f"back-reference \\{number} to a group that is not closed")
        return f"(?:\\{number})"

    def char_class(self) -> str:
        """Translate a class expression whose '[' was just consumed, through its ']'."""
        start = self.i - 1
        negated = self.peek() == "^"
        if negated:
            self.i += 1
        items: list[str] = []
        subtract: str | None = None
        while True:
            c = self.peek()
            if c is None:
                raise _PatternError(f"unterminated character class at {start}")
            if c == "]":
                self.i += 1
                break
            if c == "-":
                nxt = self.peek(1)
                if nxt == "[" and items:
                    self.i += 2
                    subtract = self.char_class()
                    if self.peek() != "]":
                        raise _PatternError(
                            f"a class subtraction must end its class, at {self.i}")
                    self.i += 1
                    break
                if nxt == "]" or not items:
                    # '-' stands for itself only first or last in a group (XSD F.1).
                    self.i += 1
                    items.append("\\-")
                    continue
                raise _PatternError(f"'-' at {self.i} must be escaped")
            if c == "[":
                raise _PatternError(f"unescaped '[' at {self.i} in a character class")
            low, single = self.class_atom()
            if single is not None and self.peek() == "-" and self.peek(1) not in ("]", "[", None):
                self.i += 1
                high_text, high = self.class_atom()
                if high is None:
                    raise _PatternError(f"invalid range end at {self.i}")
                if ord(high) < ord(single):
                    raise _PatternError(f"range {single!r}-{high!r} is out of order")
                items.append(f"{low}-{high_text}")
            else:
                items.append(low)
        if not items:
            raise _PatternError(f"empty character class at {start}")
        body = "[" + ("^" if negated else "") + "".join(items) + "]"
        return f"[{body}--{subtract}]" if subtract is not None else body

    def class_atom(self) -> tuple[str, str | None]:
        """One class member: its translation, and the character it stands for (None for a
        multi-character escape or property, which cannot end a range)."""
        c = self.p[self.i]
        self.i += 1
        if c != "\\":
            return _literal(c), c
        nxt = self.peek()
        if nxt is not None and nxt in _SINGLE_ESCAPES:
            self.i += 1
            ch = _SINGLE_ESCAPES[nxt]
            return _literal(ch), ch
        return self.escape(in_class=True), None
