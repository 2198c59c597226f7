"""The FEEL abstract syntax tree: plain nodes, each remembering its offset in the text."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Callable


@dataclass(slots=True)
class Node:
    pos: int


# --- literals and names -------------------------------------------------------------------

@dataclass(slots=True)
class Literal(Node):
    """A constant: number (Decimal), string, boolean, null, or a parsed @-literal."""

    value: Any


@dataclass(slots=True)
class AtLiteral(Node):
    """``@"2019-01-01"``: a temporal literal, parsed when compiled."""

    text: str


@dataclass(slots=True)
class Name(Node):
    name: str


@dataclass(slots=True)
class InputValue(Node):
    """``?``: the value under test in a unary test."""


# --- operators ---------------------------------------------------------------------------

@dataclass(slots=True)
class Arith(Node):
    op: str  # + - * / **
    left: Node
    right: Node


@dataclass(slots=True)
class Negate(Node):
    operand: Node


@dataclass(slots=True)
class Compare(Node):
    op: str  # = != < <= > >=
    left: Node
    right: Node


@dataclass(slots=True)
class And(Node):
    left: Node
    right: Node


@dataclass(slots=True)
class Or(Node):
    left: Node
    right: Node


@dataclass(slots=True)
class Between(Node):
    value: Node
    low: Node
    high: Node


@dataclass(slots=True)
class In(Node):
    value: Node
    tests: "UnaryTests"


@dataclass(slots=True)
class InstanceOf(Node):
    value: Node
    type: "TypeNode"


# --- postfix -----------------------------------------------------------------------------

@dataclass(slots=True)
class Path(Node):
    value: Node
    name: str


@dataclass(slots=True)
class Filter(Node):
    value: Node
    condition: Node


@dataclass(slots=True)
class Call(Node):
    function: Node
    args: list[Node]
    named: dict[str, Node] | None = None


# --- structures --------------------------------------------------------------------------

@dataclass(slots=True)
class ListExpr(Node):
    items: list[Node]


@dataclass(slots=True)
class ContextExpr(Node):
    entries: list[tuple[str, Node]]


@dataclass(slots=True)
class RangeExpr(Node):
    start: Node | None
    end: Node | None
    start_included: bool
    end_included: bool


@dataclass(slots=True)
class If(Node):
    condition: Node
    then: Node
    otherwise: Node


@dataclass(slots=True)
class Iteration(Node):
    """``name in domain`` or ``name in start..end`` inside for/some/every."""

    name: str
    domain: Node
    end: Node | None = None


@dataclass(slots=True)
class For(Node):
    iterations: list[Iteration]
    body: Node


@dataclass(slots=True)
class Quantified(Node):
    kind: str  # "some" | "every"
    iterations: list[Iteration]
    condition: Node


@dataclass(slots=True)
class FunctionDef(Node):
    params: list[tuple[str, "TypeNode | None"]]
    body: Node
    external: bool = False


@dataclass(slots=True)
class Embedded(Node):
    """An operand compiled by someone else: a boxed expression inside a FEEL construct.

    ``compile`` takes the compiler's scope at that point and returns Python code, so a
    boxed ``for`` reuses the FEEL ``for`` with its body compiled in the loop's scope.
    """

    compile: Callable[[Any], str]


# --- unary tests -------------------------------------------------------------------------

@dataclass(slots=True)
class UnaryCompare(Node):
    """``< 10``, ``>= x``, ``= x``, ``!= x``: compare the input value with an endpoint."""

    op: str
    value: Node


@dataclass(slots=True)
class UnaryExpr(Node):
    """A positive unary test that is a plain expression (equality, list/range membership,
    or a boolean when it mentions ``?``)."""

    value: Node
    uses_input: bool = False


@dataclass(slots=True)
class UnaryTests(Node):
    """A list of positive tests (any may hold), possibly negated with ``not(...)``.

    ``tests`` empty with ``any`` true is the dash ``-``.
    """

    tests: list[Node] = field(default_factory=list)
    negated: bool = False
    any: bool = False


# --- types -------------------------------------------------------------------------------

@dataclass(slots=True)
class TypeNode(Node):
    """A FEEL type: ``name`` (``number``, ``list``, ``context``, ``function``, ``range``, an
    item definition name…) with parameters for the generic forms."""

    name: str
    params: list["TypeNode"] = field(default_factory=list)
    fields: list[tuple[str, "TypeNode"]] = field(default_factory=list)
    result: "TypeNode | None" = None


NUMBER_ZERO = Decimal(0)
