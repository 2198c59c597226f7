"""Split FEEL text into tokens, each with its offset in the text.

Names are the one hard part of FEEL lexing: ``Monthly Salary``, ``date and time`` and
``Loan-to-value`` are single names, but whether they are depends on what is in scope.
The lexer therefore only emits name *parts*; the parser joins them, using the names it
knows (see :mod:`dmnlaw.feel.parser`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import FeelSyntaxError

KEYWORDS = frozenset({
    "true", "false", "null", "and", "or", "if", "then", "else", "for", "in", "return",
    "some", "every", "satisfies", "between", "instance", "of", "function", "external",
})

# DMN 1.5 grammar rules 27-30 (name start/part characters), as Unicode ranges.
_NAME_START = (
    "?A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF"
    "\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
    "\U00010000-\U000EFFFF"
)
_NAME_PART = _NAME_START + "0-9\u00B7\u0300-\u036F\u203F-\u2040"

NAME_RE = re.compile(f"[{_NAME_START}][{_NAME_PART}]*")
NAME_CHAR_RE = re.compile(f"[{_NAME_PART}]")
_NUMBER_RE = re.compile(r"(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?")
_SPACE_RE = re.compile(r"(?:[\s\u00A0\uFEFF]+|//[^\n]*|/\*.*?\*/)+", re.S)
_PUNCT = ("..", "**", "<=", ">=", "!=", "(", ")", "[", "]", "{", "}", ",", ".", ":",
          "+", "-", "*", "/", "=", "<", ">", "@", "'")


@dataclass(frozen=True, slots=True)
class Token:
    """One token: ``kind`` is 'name', 'keyword', 'number', 'string', 'punct' or 'eof'."""

    kind: str
    value: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text``, ending with an 'eof' token.

    Raises :class:`FeelSyntaxError` (with the 1-based column) on a character that can
    start no token or an unterminated string or comment.
    """
    tokens: list[Token] = []
    pos, n = 0, len(text)
    while True:
        m = _SPACE_RE.match(text, pos)
        if m:
            pos = m.end()
        if pos >= n:
            tokens.append(Token("eof", "", n, n))
            return tokens
        if text.startswith("/*", pos):
            raise syntax_error(text, pos, "unterminated comment")
        c = text[pos]
        if c == '"':
            end, value = _read_string(text, pos)
            tokens.append(Token("string", value, pos, end))
            pos = end
            continue
        m = _NUMBER_RE.match(text, pos)
        if m and (c.isdigit() or (c == "." and pos + 1 < n and text[pos + 1].isdigit()
                                  and not _after_dot_is_path(tokens))):
            # "1..2" is a range: the number must not swallow the first dot of "..".
            end = m.end()
            if text.startswith("..", end - 1) and "." in m.group() and m.group().endswith("."):
                end -= 1
            tokens.append(Token("number", text[pos:end], pos, end))
            pos = end
            continue
        m = NAME_RE.match(text, pos)
        if m:
            word = m.group()
            kind = "keyword" if word in KEYWORDS else "name"
            tokens.append(Token(kind, word, pos, m.end()))
            pos = m.end()
            continue
        for p in _PUNCT:
            if text.startswith(p, pos):
                tokens.append(Token("punct", p, pos, pos + len(p)))
                pos += len(p)
                break
        else:
            raise syntax_error(text, pos, f"unexpected character {c!r}")


def _after_dot_is_path(tokens: list[Token]) -> bool:
    return bool(tokens) and tokens[-1].kind == "punct" and tokens[-1].value == "."


_ESCAPES = {'"': '"', "'": "'", "\\": "\\", "n": "\n", "r": "\r", "t": "\t",
            "b": "\b", "f": "\f"}


def _read_string(text: str, start: int) -> tuple[int, str]:
    """Read a string literal starting at the opening quote; return (end offset, value)."""
    out: list[str] = []
    i, n = start + 1, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            return i + 1, "".join(out)
        if c == "\\" and i + 1 < n:
            e = text[i + 1]
            if e in _ESCAPES:
                out.append(_ESCAPES[e])
                i += 2
                continue
            if e == "u" and re.match(r"[0-9a-fA-F]{4}", text[i + 2:i + 6]):
                code = int(text[i + 2:i + 6], 16)
                i += 6
                # Join a UTF-16 surrogate pair written as two \u escapes.
                if 0xD800 <= code <= 0xDBFF and text.startswith("\\u", i) and \
                        re.match(r"[dD][c-fC-F][0-9a-fA-F]{2}", text[i + 2:i + 6]):
                    low = int(text[i + 2:i + 6], 16)
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                out.append(chr(code))
                continue
            if e == "U" and re.match(r"[0-9a-fA-F]{6}", text[i + 2:i + 8]):
                out.append(chr(int(text[i + 2:i + 8], 16)))
                i += 8
                continue
            out.append(c)
            i += 1
            continue
        out.append(c)
        i += 1
    raise syntax_error(text, start, "unterminated string")


def syntax_error(text: str, offset: int, message: str) -> FeelSyntaxError:
    """A FeelSyntaxError for ``offset`` in ``text``, with a 1-based column (and line, if multi-line)."""
    line = text.count("\n", 0, offset)
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    snippet = text.strip().replace("\n", " ")
    if len(snippet) > 80:
        snippet = snippet[:77] + "..."
    where = f"column {col}" if line == 0 else f"line {line + 1}, column {col}"
    err = FeelSyntaxError(f"FEEL syntax error at {where}: {message} in `{snippet}`")
    err.column = col
    return err
