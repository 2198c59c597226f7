"""Parse FEEL text (DMN 1.5 §10.3.1) into the AST of :mod:`dmnlaw.feel.nodes`.

A recursive-descent parser with one function per precedence level. Names with spaces or
operator characters (``Monthly Salary``, ``date and time``, ``Loan-to-value``) are matched
against the names in scope, longest first, as DMN 1.5 §10.3.1.2 prescribes; a run of
plain words that matches no known name is read as one name too, since two adjacent names
are otherwise a syntax error.
"""
from __future__ import annotations

import functools
import re
from decimal import Decimal
from typing import Iterable

from . import nodes as n
from .lexer import NAME_CHAR_RE, NAME_RE, Token, syntax_error, tokenize

_COMPARE_OPS = ("=", "!=", "<", "<=", ">", ">=")

MAX_HEIGHT = 64
"""Deepest AST accepted: the compiled Python nests ≤ 3 brackets per level, Python ≤ 200."""

MAX_EXPONENT, MIN_EXPONENT = 6144, -6176
"""Decimal128's largest and smallest (subnormal) adjusted exponents (values.CONTEXT)."""


def _slots(cls: type) -> tuple[str, ...]:
    """Every slot of a node class, its bases' included (the AST's children and fields)."""
    cached = _SLOTS.get(cls)
    if cached is None:
        cached = _SLOTS[cls] = tuple(s for c in cls.__mro__ for s in getattr(c, "__slots__", ()))
    return cached


_SLOTS: dict[type, tuple[str, ...]] = {}

# Built-in names that contain spaces or keywords, so the parser knows them without a scope.
BUILTIN_NAMES = (
    "date and time", "years and months duration", "days and time duration",
    "string length", "upper case", "lower case", "substring before", "substring after",
    "starts with", "ends with", "list contains", "insert before", "index of",
    "distinct values", "get value", "get entries", "context put", "context merge",
    "string join", "list replace", "round up", "round down", "round half up",
    "round half down", "day of year", "day of week", "month of year", "week of year",
    "overlaps before", "overlaps after", "met by", "finished by", "started by",
    "time offset", "instance of",
)


class NameIndex:
    """The names a parser may match, indexed by their first word for a quick lookup."""

    def __init__(self, names: Iterable[str] = ()) -> None:
        self._by_first: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
        self.add_all(BUILTIN_NAMES)
        self.add_all(names)

    def add_all(self, names: Iterable[str]) -> None:
        for name in names:
            self.add(name)

    def add(self, name: str) -> None:
        m = NAME_RE.match(name)
        if not m or m.end() == len(name):
            return  # single-word names need no index: the lexer already reads them whole
        entries = self._by_first.setdefault(m.group(), [])
        if any(known == name for known, _ in entries):
            return
        entries.append((name, _name_pattern(name)))
        entries.sort(key=lambda e: -len(e[0]))

    def candidates(self, first_word: str) -> list[tuple[str, re.Pattern[str]]]:
        return self._by_first.get(first_word, [])

    def copy(self) -> "NameIndex":
        other = NameIndex.__new__(NameIndex)
        other._by_first = {k: list(v) for k, v in self._by_first.items()}
        return other


@functools.lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    """A regex matching ``name`` in FEEL text, with any amount of space where it has space
    and optional space around operator characters."""
    parts = re.findall(r"\s+|[^\s]", name)
    out: list[str] = []
    prev_word = False
    for p in parts:
        if p.isspace():
            out.append(r"\s+")
            prev_word = False
            continue
        is_word = bool(NAME_CHAR_RE.match(p))
        if out and out[-1] != r"\s+" and (not is_word or not prev_word):
            out.append(r"\s*")
        out.append(re.escape(p))
        prev_word = is_word
    return re.compile("".join(out))


class Parser:
    """Parses one FEEL text; use :func:`parse_expression` or :func:`parse_unary_tests`."""

    def __init__(self, text: str, names: NameIndex | Iterable[str] | None = None) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        if isinstance(names, NameIndex):
            self.names = names.copy()
        else:
            self.names = NameIndex(names or ())
        self.depth = 0
        self.in_endpoint = False

    # --- token helpers --------------------------------------------------------------------

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def at(self, value: str, kind: str | None = None) -> bool:
        t = self.tokens[self.i]
        return t.value == value and (kind is None or t.kind == kind) and t.kind != "string"

    def at_kw(self, word: str) -> bool:
        t = self.tokens[self.i]
        return t.kind == "keyword" and t.value == word

    def advance(self) -> Token:
        t = self.tokens[self.i]
        if t.kind != "eof":
            self.i += 1
        return t

    def expect(self, value: str) -> Token:
        if not self.at(value):
            self.fail(f"expected '{value}'")
        return self.advance()

    def expect_kw(self, word: str) -> Token:
        if not self.at_kw(word):
            self.fail(f"expected '{word}'")
        return self.advance()

    def fail(self, message: str, tok: Token | None = None):
        t = tok or self.tok
        found = "end of text" if t.kind == "eof" else f"'{self.text[t.start:t.end]}'"
        raise syntax_error(self.text, t.start, f"{message}, found {found}")

    def skip_to(self, offset: int) -> None:
        while self.tokens[self.i].kind != "eof" and self.tokens[self.i].start < offset:
            self.i += 1

    def enter(self) -> None:
        self.depth += 1
        if self.depth > 64:  # ~12 Python frames per level: stay far from the recursion limit
            raise syntax_error(self.text, self.tok.start, "expression nested too deeply")

    # --- entry points ---------------------------------------------------------------------

    def parse_expression_text(self) -> n.Node:
        node = self.expression()
        if self.tok.kind != "eof":
            self.fail("unexpected text after the expression")
        self.check_height(node)
        return node

    def parse_unary_tests_text(self) -> n.UnaryTests:
        node = self.unary_tests()
        if self.tok.kind != "eof":
            self.fail("unexpected text after the unary tests")
        self.check_height(node)
        return node

    def check_height(self, root: n.Node) -> None:
        """Refuse an AST deeper than MAX_HEIGHT levels (with the column where it gets too deep).

        Bracket nesting is bounded while parsing; this also bounds long operator chains
        (``a + b + ... `` is a left-deep tree), which the compiler turns into nested Python
        calls that Python's own parser and recursion limit cannot take beyond ~100 levels.
        """
        if 2 * len(self.tokens) + 4 <= MAX_HEIGHT:
            # Every level of the tree uses a token of its own, but for the UnaryTests /
            # UnaryExpr wrappers: a short text cannot be too deep (most table cells).
            return
        stack: list[tuple[object, int]] = [(root, 1)]
        while stack:
            node, depth = stack.pop()
            if isinstance(node, n.Node):
                if depth > MAX_HEIGHT:
                    raise syntax_error(self.text, node.pos, "expression nested too deeply")
                stack.extend((getattr(node, slot), depth + 1) for slot in _slots(type(node))
                             if slot != "pos")
            elif isinstance(node, (list, tuple)):
                stack.extend((x, depth) for x in node)
            elif isinstance(node, dict):
                stack.extend((x, depth) for x in node.values())

    # --- expressions ----------------------------------------------------------------------

    def expression(self) -> n.Node:
        self.enter()
        try:
            return self.disjunction()
        finally:
            self.depth -= 1

    def disjunction(self) -> n.Node:
        left = self.conjunction()
        while self.at_kw("or"):
            pos = self.advance().start
            left = n.Or(pos, left, self.conjunction())
        return left

    def conjunction(self) -> n.Node:
        left = self.comparison()
        while self.at_kw("and"):
            pos = self.advance().start
            left = n.And(pos, left, self.comparison())
        return left

    def comparison(self) -> n.Node:
        left = self.additive()
        while True:
            t = self.tok
            if t.kind == "punct" and t.value in _COMPARE_OPS:
                self.advance()
                left = n.Compare(t.start, t.value, left, self.additive())
            elif self.at_kw("between"):
                self.advance()
                low = self.additive()
                self.expect_kw("and")
                left = n.Between(t.start, left, low, self.additive())
            elif self.at_kw("in"):
                self.advance()
                left = n.In(t.start, left, self.in_tests())
            elif self.at_kw("instance"):
                self.advance()
                self.expect_kw("of")
                left = n.InstanceOf(t.start, left, self.type_())
            else:
                return left

    def in_tests(self) -> n.UnaryTests:
        """The right side of ``in``: one positive unary test, or a parenthesised list of them."""
        pos = self.tok.start
        if self.at("(") and not self._paren_is_range():
            self.advance()
            tests = [self.positive_unary_test()]
            while self.at(","):
                self.advance()
                tests.append(self.positive_unary_test())
            self.expect(")")
            return n.UnaryTests(pos, tests)
        return n.UnaryTests(pos, [self.positive_unary_test()])

    def additive(self) -> n.Node:
        left = self.multiplicative()
        while self.tok.kind == "punct" and self.tok.value in ("+", "-"):
            t = self.advance()
            left = n.Arith(t.start, t.value, left, self.multiplicative())
        return left

    def multiplicative(self) -> n.Node:
        left = self.power()
        while self.tok.kind == "punct" and self.tok.value in ("*", "/"):
            t = self.advance()
            left = n.Arith(t.start, t.value, left, self.power())
        return left

    def power(self) -> n.Node:
        left = self.unary()
        while self.at("**", "punct"):
            t = self.advance()
            left = n.Arith(t.start, "**", left, self.unary())
        return left

    def unary(self) -> n.Node:
        if self.at("-", "punct"):
            t = self.advance()
            self.enter()
            try:
                operand = self.unary()
            finally:
                self.depth -= 1
            if isinstance(operand, n.Literal) and type(operand.value) is Decimal:
                return n.Literal(t.start, -operand.value)
            return n.Negate(t.start, operand)
        return self.postfix(self.primary())

    def postfix(self, node: n.Node) -> n.Node:
        while True:
            t = self.tok
            if t.kind == "punct" and t.value == ".":
                self.advance()
                node = n.Path(t.start, node, self.member_name())
            elif t.kind == "punct" and t.value == "[" and not self.in_endpoint:
                self.advance()
                cond = self.expression()
                self.expect("]")
                node = n.Filter(t.start, node, cond)
            elif t.kind == "punct" and t.value == "(":
                node = self.call(node)
            else:
                return node

    def call(self, fn: n.Node) -> n.Call:
        pos = self.expect("(").start
        if self.at(")"):
            self.advance()
            return n.Call(pos, fn, [])
        # Named arguments: `name: value`, detected by a name followed by ':'.
        if self._at_named_argument():
            named: dict[str, n.Node] = {}
            while True:
                name = self.plain_name(stop=(":",))
                self.expect(":")
                named[name] = self.expression()
                if not self.at(","):
                    break
                self.advance()
            self.expect(")")
            return n.Call(pos, fn, [], named)
        args = [self.expression()]
        while self.at(","):
            self.advance()
            args.append(self.expression())
        self.expect(")")
        return n.Call(pos, fn, args)

    def _at_named_argument(self) -> bool:
        j = self.i
        while self.tokens[j].kind in ("name", "keyword") or (
                self.tokens[j].kind == "punct" and self.tokens[j].value in ("-", "+", "*", "/", ".", "'")):
            j += 1
        return j > self.i and self.tokens[j].value == ":" and self.tokens[j].kind == "punct"

    # --- primaries ------------------------------------------------------------------------

    def primary(self) -> n.Node:
        t = self.tok
        k = t.kind
        if k == "number":
            self.advance()
            value = Decimal(t.value)
            if value and not (MIN_EXPONENT <= value.adjusted() <= MAX_EXPONENT):
                # FEEL numbers are decimal128: 1e999999 is not one (and would only overflow).
                raise syntax_error(self.text, t.start, "number outside the range of FEEL numbers "
                                   f"(exponent beyond ±{MAX_EXPONENT})")
            return n.Literal(t.start, value)
        if k == "string":
            self.advance()
            return n.Literal(t.start, t.value)
        if k == "keyword":
            v = t.value
            if v in ("true", "false"):
                self.advance()
                return n.Literal(t.start, v == "true")
            if v == "null":
                self.advance()
                return n.Literal(t.start, None)
            if v == "if":
                return self.if_()
            if v == "for":
                return self.for_()
            if v in ("some", "every"):
                return self.quantified()
            if v == "function":
                return self.function_def()
            self.fail("expected an expression")
        if k == "name":
            if t.value == "?":
                self.advance()
                return n.InputValue(t.start)
            return n.Name(t.start, self.name())
        if k == "punct":
            v = t.value
            if v == "(":
                if self._paren_is_range():
                    return self.range_()
                self.advance()
                inner = self.expression()
                self.expect(")")
                return inner
            if v == "[":
                return self.list_or_range()
            if v == "]":
                return self.range_()
            if v == "{":
                return self.context()
            if v == "@":
                self.advance()
                s = self.tok
                if s.kind != "string":
                    self.fail("expected a string after '@'")
                self.advance()
                return n.AtLiteral(t.start, s.value)
            if v in ("=", "!="):
                # `(= 10)`, `(!= 10)`: unary tests as values.
                self.advance()
                return n.Call(t.start, n.Name(t.start, "_unary test"),
                              [n.Literal(t.start, v), self.range_endpoint()])
            if v in ("<", "<=", ">", ">="):
                # `< 10` as a value is the range (unbounded..10) (DMN 1.5 §10.3.2.7).
                self.advance()
                end = self.range_endpoint()
                if v in ("<", "<="):
                    return n.RangeExpr(t.start, None, end, False, v == "<=")
                return n.RangeExpr(t.start, end, None, v == ">=", False)
        self.fail("expected an expression")

    def name(self) -> str:
        """Read a (possibly multi-word) name at the current token."""
        t = self.tok
        for full, pattern in self.names.candidates(t.value):
            m = pattern.match(self.text, t.start)
            if not m:
                continue
            end = m.end()
            if end < len(self.text) and NAME_CHAR_RE.match(self.text[end]) and NAME_CHAR_RE.match(self.text[end - 1]):
                continue
            j = self.i
            while self.tokens[j].kind != "eof" and self.tokens[j].end <= end:
                j += 1
            if self.tokens[j].start < end:
                continue  # the name would end inside a token
            self.i = j
            return full
        return self.plain_name()

    def plain_name(self, stop: tuple[str, ...] = ()) -> str:
        """A run of name words (not keywords), joined by single spaces."""
        t = self.tok
        if t.kind != "name":
            self.fail("expected a name")
        words = [self.advance().value]
        while self.tok.kind == "name" and self.tok.value not in stop:
            words.append(self.advance().value)
        return " ".join(words)

    def member_name(self) -> str:
        """A name after '.': a known name, or a run of words (keywords allowed after the first)."""
        t = self.tok
        if t.kind not in ("name", "keyword"):
            self.fail("expected a name after '.'")
        if t.kind == "name":
            return self.name()
        self.advance()
        return t.value

    def _paren_is_range(self) -> bool:
        """At '(' or ']': is this an interval like (1..10] rather than a parenthesised expression?"""
        depth = 0
        j = self.i
        toks = self.tokens
        while toks[j].kind != "eof":
            v = toks[j].value if toks[j].kind == "punct" else None
            if v in ("(", "[", "{"):
                depth += 1
            elif v in (")", "]", "}"):
                depth -= 1
                if depth <= 0 and j > self.i:
                    return False
            elif v == ".." and depth == 1:
                return True
            elif v == "," and depth == 1:
                return False
            j += 1
        return False

    def list_or_range(self) -> n.Node:
        if self._paren_is_range():
            return self.range_()
        pos = self.expect("[").start
        items: list[n.Node] = []
        if not self.at("]"):
            items.append(self.list_item())
            while self.at(","):
                self.advance()
                items.append(self.list_item())
        self.expect("]")
        return n.ListExpr(pos, items)

    def list_item(self) -> n.Node:
        return self.expression()

    def range_(self) -> n.RangeExpr:
        t = self.advance()
        start_inc = t.value == "["
        start = self.range_endpoint()
        self.expect("..")
        end = self.range_endpoint()
        c = self.tok
        if not (c.kind == "punct" and c.value in ("]", ")", "[")):
            self.fail("expected ']', ')' or '[' to close the interval")
        self.advance()
        return n.RangeExpr(t.start, start, end, start_inc, c.value == "]")

    def range_endpoint(self) -> n.Node:
        # An endpoint is a simple value: parse at additive level so ".." is not consumed,
        # and without filters, so the "[" of "[1..10[" closes the interval.
        saved, self.in_endpoint = self.in_endpoint, True
        try:
            return self.additive()
        finally:
            self.in_endpoint = saved

    def context(self) -> n.ContextExpr:
        pos = self.expect("{").start
        entries: list[tuple[str, n.Node]] = []
        saved = self.names
        self.names = saved.copy()
        try:
            if not self.at("}"):
                while True:
                    key = self.context_key()
                    self.expect(":")
                    entries.append((key, self.expression()))
                    self.names.add(key)
                    if not self.at(","):
                        break
                    self.advance()
            self.expect("}")
        finally:
            self.names = saved
        return n.ContextExpr(pos, entries)

    def context_key(self) -> str:
        t = self.tok
        if t.kind == "string":
            self.advance()
            return t.value
        if t.kind not in ("name", "keyword"):
            self.fail("expected a context key")
        # A key is everything up to the ':' (names may hold spaces and symbols).
        start = t.start
        while not (self.tok.kind == "punct" and self.tok.value == ":") and self.tok.kind != "eof":
            self.advance()
        return " ".join(self.text[start:self.tok.start].split())

    def if_(self) -> n.If:
        pos = self.expect_kw("if").start
        cond = self.expression()
        self.expect_kw("then")
        then = self.expression()
        self.expect_kw("else")
        return n.If(pos, cond, then, self.expression())

    def iterations(self) -> list[n.Iteration]:
        its: list[n.Iteration] = []
        while True:
            t = self.tok
            if t.kind != "name":
                self.fail("expected a variable name")
            name = self.plain_name()
            self.expect_kw("in")
            domain = self.expression()
            end = None
            if self.at(".."):
                self.advance()
                end = self.expression()
            its.append(n.Iteration(t.start, name, domain, end))
            self.names.add(name)
            if not self.at(","):
                return its
            self.advance()

    def for_(self) -> n.For:
        pos = self.expect_kw("for").start
        saved = self.names
        self.names = saved.copy()
        self.names.add("partial")
        try:
            its = self.iterations()
            self.expect_kw("return")
            return n.For(pos, its, self.expression())
        finally:
            self.names = saved

    def quantified(self) -> n.Quantified:
        t = self.advance()
        saved = self.names
        self.names = saved.copy()
        try:
            its = self.iterations()
            self.expect_kw("satisfies")
            return n.Quantified(t.start, t.value, its, self.expression())
        finally:
            self.names = saved

    def function_def(self) -> n.FunctionDef:
        pos = self.expect_kw("function").start
        self.expect("(")
        params: list[tuple[str, n.TypeNode | None]] = []
        saved = self.names
        self.names = saved.copy()
        try:
            if not self.at(")"):
                while True:
                    name = self.plain_name(stop=())
                    typ = None
                    if self.at(":"):
                        self.advance()
                        typ = self.type_()
                    params.append((name, typ))
                    self.names.add(name)
                    if not self.at(","):
                        break
                    self.advance()
            self.expect(")")
            external = False
            if self.at_kw("external"):
                self.advance()
                external = True
            return n.FunctionDef(pos, params, self.expression(), external)
        finally:
            self.names = saved

    # --- types ----------------------------------------------------------------------------

    def type_(self) -> n.TypeNode:
        t = self.tok
        if t.kind not in ("name", "keyword"):
            self.fail("expected a type")
        if t.value == "function" and self.peek().value == "<":
            self.advance()
            self.expect("<")
            params: list[n.TypeNode] = []
            if not self.at(">"):
                params.append(self.type_())
                while self.at(","):
                    self.advance()
                    params.append(self.type_())
            self.expect(">")
            self.expect("-")
            self.expect(">")
            return n.TypeNode(t.start, "function", params, result=self.type_())
        if t.kind == "keyword" and t.value not in ("function",):
            if t.value == "null":
                self.advance()
                return n.TypeNode(t.start, "Null")
            self.fail("expected a type")
        name = self.qualified_type_name()
        if name in ("list", "range") and self.at("<"):
            self.advance()
            inner = self.type_()
            self.expect(">")
            return n.TypeNode(t.start, name, [inner])
        if name == "context" and self.at("<"):
            self.advance()
            fields: list[tuple[str, n.TypeNode]] = []
            if not self.at(">"):
                while True:
                    key = self.plain_name(stop=(":",))
                    self.expect(":")
                    fields.append((key, self.type_()))
                    if not self.at(","):
                        break
                    self.advance()
            self.expect(">")
            return n.TypeNode(t.start, "context", fields=fields)
        return n.TypeNode(t.start, name)

    def qualified_type_name(self) -> str:
        t = self.tok
        if t.kind == "keyword":
            self.advance()
            return t.value
        parts = [self.name()]
        while self.at(".") and self.peek().kind == "name":
            self.advance()
            parts.append(self.name())
        return ".".join(parts)

    # --- unary tests ----------------------------------------------------------------------

    def unary_tests(self) -> n.UnaryTests:
        t = self.tok
        if t.kind == "punct" and t.value == "-" and self.peek().kind == "eof":
            self.advance()
            return n.UnaryTests(t.start, [], any=True)
        if t.kind == "eof":
            # An empty input entry means "any", as most modelers write it.
            return n.UnaryTests(t.start, [], any=True)
        if t.kind == "name" and t.value == "not" and self.peek().value == "(":
            # `not(...)` is a negated test list only if it spans the whole text.
            save = self.i
            self.advance()
            self.advance()
            try:
                tests = [self.positive_unary_test()]
                while self.at(","):
                    self.advance()
                    tests.append(self.positive_unary_test())
                self.expect(")")
                if self.tok.kind == "eof":
                    return n.UnaryTests(t.start, tests, negated=True)
            except Exception:
                pass
            self.i = save
        tests = [self.positive_unary_test()]
        while self.at(","):
            self.advance()
            tests.append(self.positive_unary_test())
        return n.UnaryTests(t.start, tests)

    def positive_unary_test(self) -> n.Node:
        t = self.tok
        if t.kind == "punct" and t.value in ("<", "<=", ">", ">=", "=", "!="):
            self.advance()
            return n.UnaryCompare(t.start, t.value, self.additive())
        before = self.i
        expr = self.expression()
        uses_input = any(tok.kind == "name" and tok.value == "?"
                         for tok in self.tokens[before:self.i])
        return n.UnaryExpr(t.start, expr, uses_input)


def parse_expression(text: str, names: NameIndex | Iterable[str] | None = None) -> n.Node:
    """Parse a FEEL expression; ``names`` are the (multi-word) names in scope.

    Returns the AST root. Raises :class:`~dmnlaw.errors.FeelSyntaxError` with the column.
    """
    return Parser(text, names).parse_expression_text()


def parse_unary_tests(text: str, names: NameIndex | Iterable[str] | None = None) -> n.UnaryTests:
    """Parse FEEL unary tests (a decision table input entry, an allowed-values list).

    Returns a :class:`~dmnlaw.feel.nodes.UnaryTests`. Raises FeelSyntaxError.
    """
    return Parser(text, names).parse_unary_tests_text()
