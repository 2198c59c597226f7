"""The in-memory DMN model: what a DMN 1.1–1.5 file says, as plain immutable data.

:mod:`dmnlaw.xml.reader` builds it; the FEEL compiler, the graph builder, the
checker and the memo read it. Nothing here evaluates, resolves or validates:

* FEEL text stays text (``LiteralExpression.text``, ``UnaryTests.text``, ...), with
  the line where it was written, for the FEEL compiler to parse.
* References stay as written (``href="#_id"``, ``"other.dmn#_id"``,
  ``"http://ns#_id"``; ``typeRef="myimport.tPerson"``, ``"feel:number"``): the graph
  builder resolves them with :attr:`Definitions.elements`, :attr:`Definitions.imports`
  and :attr:`Definitions.nsmap`, and reports dangling ones with their ``source``.

Every dataclass is frozen and slotted; sequences are tuples. Fields are keyword-only
(``Decision(name=..., source=...)``) because the classes share optional base fields;
only ``Source(file, line)`` is positional.
Equality is by value, except :class:`Definitions`, which is compared by identity.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Mapping, TypeAlias

# DMN namespace URI of the XML → DMN version. Also the `importType` of a DMN import.
DMN_NAMESPACES: Mapping[str, str] = {
    "http://www.omg.org/spec/DMN/20151101/dmn.xsd": "1.1",
    "http://www.omg.org/spec/DMN/20180521/MODEL/": "1.2",
    "https://www.omg.org/spec/DMN/20191111/MODEL/": "1.3",
    "https://www.omg.org/spec/DMN/20211108/MODEL/": "1.4",
    "https://www.omg.org/spec/DMN/20230324/MODEL/": "1.5",
}

# DMN version → the FEEL URI that is the default expression and type language.
FEEL_URIS: Mapping[str, str] = {
    "1.1": "http://www.omg.org/spec/FEEL/20140401",
    "1.2": "http://www.omg.org/spec/DMN/20180521/FEEL/",
    "1.3": "https://www.omg.org/spec/DMN/20191111/FEEL/",
    "1.4": "https://www.omg.org/spec/DMN/20211108/FEEL/",
    "1.5": "https://www.omg.org/spec/DMN/20230324/FEEL/",
}

HIT_POLICIES = ("UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT", "RULE ORDER", "OUTPUT ORDER")
AGGREGATIONS = ("SUM", "COUNT", "MIN", "MAX")
FUNCTION_KINDS = ("FEEL", "Java", "PMML")

HitPolicy: TypeAlias = Literal["UNIQUE", "FIRST", "PRIORITY", "ANY", "COLLECT",
                               "RULE ORDER", "OUTPUT ORDER"]
Aggregation: TypeAlias = Literal["SUM", "COUNT", "MIN", "MAX"]
FunctionKind: TypeAlias = Literal["FEEL", "Java", "PMML"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where something was written: the file as the user named it, and its 1-based line."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


# --- base fields ---------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Element:
    """Fields every DMN element has (tDMNElement); ``label`` is DMN 1.2+."""

    source: Source
    id: str | None = None
    label: str | None = None
    description: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NamedElement(Element):
    """A DMN element with a ``name`` (tNamedElement)."""

    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class InformationItem(NamedElement):
    """A variable, parameter or column: a name and the type reference as written, if any."""

    type_ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ElementRef:
    """A reference to another element (tDMNElementReference), ``href`` exactly as written."""

    href: str
    source: Source


# --- imports and item definitions -------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class Import(Element):
    """An ``import``; ``name`` is None in DMN 1.1, which has no import names."""

    namespace: str
    import_type: str
    name: str | None = None
    location_uri: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionItem(Element):
    """The signature of a function type (DMN 1.3+ ``functionItem``)."""

    parameters: tuple[InformationItem, ...] = ()
    output_type_ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemDefinition(NamedElement):
    """A type: a reference to another type, a structure of components, or a function type.

    ``allowed_values`` and ``type_constraint`` (DMN 1.5) are unary-test texts.
    """

    type_ref: str | None = None
    type_language: str | None = None
    allowed_values: str | None = None
    type_constraint: str | None = None
    is_collection: bool = False
    components: tuple[ItemDefinition, ...] = ()
    function_item: FunctionItem | None = None


# --- expressions -------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class BaseExpression(Element):
    """Fields every expression has (tExpression)."""

    type_ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportedValues:
    """A literal expression's ``importedValues`` (values from a non-DMN import)."""

    namespace: str
    import_type: str
    imported_element: str
    source: Source
    name: str | None = None
    location_uri: str | None = None
    expression_language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LiteralExpression(BaseExpression):
    """Expression text, exactly as written ("" when there is no ``text``).

    ``text_line`` is the line of the ``text`` element, where the FEEL starts;
    ``expression_language`` is None when the definitions' language applies.
    """

    text: str = ""
    text_line: int | None = None
    expression_language: str | None = None
    imported_values: ImportedValues | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class UnaryTests(Element):
    """Unary-test text of a rule's input entry, exactly as written; see LiteralExpression."""

    text: str = ""
    text_line: int | None = None
    expression_language: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InputClause(Element):
    """A decision table input column; ``input_values`` is unary-test text."""

    expression: LiteralExpression
    input_values: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class OutputClause(Element):
    """A decision table output column; ``name`` is required only with several outputs.

    ``output_values`` is unary-test text, ``default_output_entry`` expression text.
    """

    name: str | None = None
    type_ref: str | None = None
    output_values: str | None = None
    default_output_entry: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule(Element):
    """A decision rule; ``number`` is its 1-based position, as modelers show it."""

    number: int
    input_entries: tuple[UnaryTests, ...] = ()
    output_entries: tuple[LiteralExpression, ...] = ()
    annotation_entries: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionTable(BaseExpression):
    """A decision table; ``annotations`` are the rule annotation column names."""

    hit_policy: HitPolicy = "UNIQUE"
    aggregation: Aggregation | None = None
    preferred_orientation: str = "Rule-as-Row"
    output_label: str | None = None
    inputs: tuple[InputClause, ...] = ()
    outputs: tuple[OutputClause, ...] = ()
    annotations: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ContextEntry(Element):
    """A context entry; without ``variable`` it is the context's final result."""

    variable: InformationItem | None
    expression: Expression


@dataclass(frozen=True, slots=True, kw_only=True)
class Context(BaseExpression):
    """A boxed context."""

    entries: tuple[ContextEntry, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Binding:
    """An invocation argument; ``expression`` None binds null."""

    parameter: InformationItem
    expression: Expression | None
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class Invocation(BaseExpression):
    """A boxed invocation; ``called_function`` is usually a literal naming a BKM."""

    called_function: Expression | None = None
    bindings: tuple[Binding, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class FunctionDefinition(BaseExpression):
    """A boxed function (also a BKM's ``encapsulatedLogic``); ``body`` may be absent."""

    kind: FunctionKind = "FEEL"
    formal_parameters: tuple[InformationItem, ...] = ()
    body: Expression | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class List(BaseExpression):
    """A boxed list."""

    items: tuple[Expression, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation(BaseExpression):
    """A boxed relation: each row has one expression per column."""

    columns: tuple[InformationItem, ...] = ()
    rows: tuple[tuple[Expression, ...], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ChildExpression:
    """A slot of a DMN 1.4+ boxed expression (``if``, ``in``, ``return``...).

    ``type_ref`` is set only on an iterator's ``in``.
    """

    expression: Expression
    source: Source
    id: str | None = None
    type_ref: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Conditional(BaseExpression):
    """A boxed ``if``/``then``/``else`` (DMN 1.4+)."""

    if_: ChildExpression
    then: ChildExpression
    else_: ChildExpression


@dataclass(frozen=True, slots=True, kw_only=True)
class Filter(BaseExpression):
    """A boxed filter ``in[match]`` (DMN 1.4+)."""

    in_: ChildExpression
    match: ChildExpression


@dataclass(frozen=True, slots=True, kw_only=True)
class For(BaseExpression):
    """A boxed ``for iterator_variable in in_ return return_`` (DMN 1.4+)."""

    iterator_variable: str
    in_: ChildExpression
    return_: ChildExpression


@dataclass(frozen=True, slots=True, kw_only=True)
class Every(BaseExpression):
    """A boxed ``every iterator_variable in in_ satisfies satisfies`` (DMN 1.4+)."""

    iterator_variable: str
    in_: ChildExpression
    satisfies: ChildExpression


@dataclass(frozen=True, slots=True, kw_only=True)
class Some(BaseExpression):
    """A boxed ``some iterator_variable in in_ satisfies satisfies`` (DMN 1.4+)."""

    iterator_variable: str
    in_: ChildExpression
    satisfies: ChildExpression


Expression: TypeAlias = (
    LiteralExpression | DecisionTable | Context | Invocation | FunctionDefinition | List
    | Relation | Conditional | Filter | For | Every | Some
)


# --- requirements and DRG elements -------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True)
class InformationRequirement(Element):
    """A decision's need for a decision's or input data's value."""

    kind: Literal["decision", "input"]
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeRequirement(Element):
    """A need to invoke a BKM or decision service."""

    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AuthorityRequirement(Element):
    """A link to the decision, input data or knowledge source that governs an element."""

    kind: Literal["decision", "input", "knowledge_source"]
    href: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DRGElement(NamedElement):
    """Fields every DRG element has."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision(DRGElement):
    """A decision; ``expression`` is None for a decision without decision logic."""

    variable: InformationItem | None = None
    question: str | None = None
    allowed_answers: str | None = None
    information_requirements: tuple[InformationRequirement, ...] = ()
    knowledge_requirements: tuple[KnowledgeRequirement, ...] = ()
    authority_requirements: tuple[AuthorityRequirement, ...] = ()
    expression: Expression | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class InputData(DRGElement):
    """An input data element (a fact the caller supplies)."""

    variable: InformationItem | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class BusinessKnowledgeModel(DRGElement):
    """A BKM: a reusable function."""

    variable: InformationItem | None = None
    encapsulated_logic: FunctionDefinition | None = None
    knowledge_requirements: tuple[KnowledgeRequirement, ...] = ()
    authority_requirements: tuple[AuthorityRequirement, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class DecisionService(DRGElement):
    """A decision service: a function over input decisions and input data."""

    variable: InformationItem | None = None
    output_decisions: tuple[ElementRef, ...] = ()
    encapsulated_decisions: tuple[ElementRef, ...] = ()
    input_decisions: tuple[ElementRef, ...] = ()
    input_data: tuple[ElementRef, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class KnowledgeSource(DRGElement):
    """A knowledge source (a law, a policy): documentation, not executed."""

    type: str | None = None
    location_uri: str | None = None
    owner: ElementRef | None = None
    authority_requirements: tuple[AuthorityRequirement, ...] = ()


DRGElementType: TypeAlias = (
    Decision | InputData | BusinessKnowledgeModel | DecisionService | KnowledgeSource
)


# --- the file --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Definitions(NamedElement):
    """One DMN file.

    ``expression_language``/``type_language`` are the effective values (the version's
    FEEL URI when the file does not say). ``drg_elements`` holds every DRG element in
    document order; the per-kind tuples hold the same objects. ``elements`` maps each
    id in the file to the model object that carries it (DRG elements, item definitions,
    expressions, clauses, rules, requirements, variables...). ``nsmap`` is the root's
    prefix → namespace map (the default namespace under the key None).
    """

    namespace: str
    file: str
    dmn_version: str
    dmn_namespace: str
    expression_language: str
    type_language: str
    imports: tuple[Import, ...] = ()
    item_definitions: tuple[ItemDefinition, ...] = ()
    drg_elements: tuple[DRGElementType, ...] = ()
    decisions: tuple[Decision, ...] = ()
    input_data: tuple[InputData, ...] = ()
    bkms: tuple[BusinessKnowledgeModel, ...] = ()
    decision_services: tuple[DecisionService, ...] = ()
    knowledge_sources: tuple[KnowledgeSource, ...] = ()
    elements: Mapping[str, object] = field(default_factory=dict)
    nsmap: Mapping[str | None, str] = field(default_factory=dict)

    # A file is an identity, not a value: two reads of one file are two models.
    __eq__ = object.__eq__
    __hash__ = object.__hash__
