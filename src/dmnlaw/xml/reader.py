"""DMN XML (1.1–1.5) → :mod:`dmnlaw.model`.

The reader maps elements onto the model and checks only what the model's shape needs:
the root, required names and references, the expression tags and enumerated attributes.
It does not resolve references, imports or types and does not parse FEEL; those need the
whole set of files and are the graph builder's and the FEEL compiler's work.

Ignored, because they do not change what a model computes: ``extensionElements``,
DMNDI diagrams, artifacts (text annotations, associations, groups), element
collections, business context elements, and elements or attributes in any
non-DMN namespace. An element in the file's DMN namespace that the reader does not
know is an error, so a typo in a hand-written file is not silently dropped.
"""
from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import NoReturn

from lxml import etree

from .. import model as m
from ..errors import ModelError
from .safe import parse_xml

PathArg = str | os.PathLike[str]

# Children that any DMN element may have and that the model keeps elsewhere or drops.
_COMMON = frozenset({"description", "extensionElements"})

# Definitions' children outside the executable model.
_IGNORED_IN_DEFINITIONS = frozenset({
    "elementCollection", "textAnnotation", "association", "group",
    "performanceIndicator", "organizationUnit",
})

# Elements whose name leads an error message about anything inside them.
_NAMED_SCOPES = frozenset({
    "decision", "inputData", "businessKnowledgeModel", "decisionService", "knowledgeSource",
    "itemDefinition", "itemComponent", "import",
})

# Decision children about the business context, not the logic.
_IGNORED_IN_DECISION = frozenset({
    "supportedObjective", "impactedPerformanceIndicator", "decisionMaker",
    "decisionOwner", "usingProcess", "usingTask",
})


def read_definitions(path: PathArg) -> m.Definitions:
    """Read one DMN file and return its :class:`~dmnlaw.model.Definitions`.

    Raises :class:`ModelError` naming file and line for a file that
    :func:`~dmnlaw.xml.safe.parse_xml` refuses, a root that is not a DMN 1.1–1.5
    ``definitions``, or an element the model cannot hold (unknown expression tag,
    missing name or href, invalid enumerated attribute, duplicate id...).
    """
    file = os.fspath(path)
    return _FileReader(file).definitions(parse_xml(file).getroot())


def read_files(paths: PathArg | Iterable[PathArg]) -> list[m.Definitions]:
    """Read DMN files and folders; return one Definitions per file.

    A folder contributes every ``*.dmn`` file below it, sorted by relative path; files
    come in the order given, each once. Raises :class:`ModelError` for a path that does
    not exist, a folder without ``.dmn`` files, or any file :func:`read_definitions`
    refuses.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    seen: set[Path] = set()
    result: list[m.Definitions] = []
    for file in _expand(paths):
        key = Path(file).resolve()
        if key not in seen:
            seen.add(key)
            result.append(read_definitions(file))
    return result


def _expand(paths: Iterable[PathArg]) -> Iterator[str]:
    for path in paths:
        folder = Path(path)
        if not folder.is_dir():
            # parse_xml reports a missing or unreadable file with its own message.
            yield os.fspath(path)
            continue
        found = sorted(dmn_files(folder), key=lambda p: p.relative_to(folder).as_posix())
        if not found:
            raise ModelError("the folder contains no .dmn files", file=os.fspath(path))
        for p in found:
            yield os.fspath(p)


# Most entries (files and folders) looked at below a model folder: a model is a handful of
# files, and a folder such as / or /proc would otherwise be walked for minutes.
_MAX_ENTRIES = 20_000


def dmn_files(folder: Path) -> list[Path]:
    """The ``*.dmn`` regular files below ``folder``, symbolic links to folders not followed.
    Raises ModelError when the folder holds more than _MAX_ENTRIES entries."""
    found: list[Path] = []
    seen = 0
    for root, dirs, files in os.walk(folder, followlinks=False):
        seen += len(dirs) + len(files)
        if seen > _MAX_ENTRIES:
            raise ModelError(f"the folder holds more than {_MAX_ENTRIES:,} files and folders; "
                             "name the model's files, or a folder that holds only the model",
                             file=os.fspath(folder))
        for name in files:
            if name.endswith(".dmn") and os.path.isfile(os.path.join(root, name)):
                found.append(Path(root) / name)
    return found


class _FileReader:
    """Reads one file's tree; holds what every element needs (file, namespace, id map)."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.ns = ""
        self.elements: dict[str, object] = {}
        self.id_lines: dict[str, int | None] = {}
        self._expression_readers: dict[str, Callable[[etree._Element], m.Expression]] = {
            "literalExpression": self.literal_expression,
            "decisionTable": self.decision_table,
            "context": self.context,
            "invocation": self.invocation,
            "functionDefinition": self.function_definition,
            "list": self.boxed_list,
            "relation": self.relation,
            "conditional": self.conditional,
            "filter": self.boxed_filter,
            "for": self.for_,
            "every": self.every,
            "some": self.some,
        }

    # --- helpers -------------------------------------------------------------------

    def fail(self, el: etree._Element, message: str) -> NoReturn:
        raise ModelError(message, file=self.file, line=el.sourceline,
                         element=self.scope_name(el))

    @staticmethod
    def scope_name(el: etree._Element) -> str | None:
        """The name of the DRG element or type el is in, to lead its error messages."""
        for node in itertools.chain([el], el.iterancestors()):
            if etree.QName(node).localname in _NAMED_SCOPES and node.get("name"):
                return node.get("name")
        return None

    def source(self, el: etree._Element) -> m.Source:
        return m.Source(self.file, el.sourceline)

    def tag(self, el: etree._Element) -> str | None:
        """The element's local name when it is in this file's DMN namespace, else None."""
        qname = etree.QName(el)
        if qname.namespace == self.ns:
            return qname.localname
        if qname.namespace in m.DMN_NAMESPACES:
            self.fail(el, f"element <{qname.localname}> is in the DMN "
                          f"{m.DMN_NAMESPACES[qname.namespace]} namespace {qname.namespace}, "
                          f"but this file is DMN {m.DMN_NAMESPACES[self.ns]} ({self.ns})")
        return None

    def children(self, el: etree._Element) -> Iterator[tuple[str, etree._Element]]:
        """(local name, element) of the DMN children, skipping the common ones."""
        for child in el.iterchildren(tag=etree.Element):
            name = self.tag(child)
            if name is not None and name not in _COMMON:
                yield name, child

    def child(self, el: etree._Element, name: str) -> etree._Element | None:
        for tag, child in self.children(el):
            if tag == name:
                return child
        return None

    def unexpected(self, el: etree._Element, parent: etree._Element) -> NoReturn:
        self.fail(el, f"unexpected element <{etree.QName(el).localname}> "
                      f"in <{etree.QName(parent).localname}>")

    @staticmethod
    def named(el: etree._Element) -> str:
        name = el.get("name") or el.get("id")
        return f" '{name}'" if name else ""

    @staticmethod
    def text(el: etree._Element | None) -> str | None:
        """All character data inside the element, exactly as written."""
        if el is None:
            return None
        return "".join(el.itertext())

    def description(self, el: etree._Element) -> str | None:
        for child in el.iterchildren(tag=etree.Element):
            if self.tag(child) == "description":
                return self.text(child)
        return None

    def required(self, el: etree._Element, attribute: str) -> str:
        value = el.get(attribute)
        if value is None or not value.strip():
            self.fail(el, f"<{etree.QName(el).localname}>{self.named(el)} "
                          f"has no {attribute} attribute")
        return value

    def register(self, obj: object | None, el: etree._Element) -> None:
        """Map el's id to obj (None: an id the model keeps no object for); refuse duplicates."""
        ident = el.get("id")
        if ident is None:
            return
        if ident in self.id_lines:
            self.fail(el, f"the id '{ident}' is used twice "
                          f"(first at line {self.id_lines[ident]})")
        self.id_lines[ident] = el.sourceline
        if obj is not None:
            self.elements[ident] = obj

    def common(self, el: etree._Element) -> dict[str, object]:
        """Keyword arguments for the fields every Element has."""
        return {"source": self.source(el), "id": el.get("id"), "label": el.get("label"),
                "description": self.description(el)}

    # --- definitions ---------------------------------------------------------------

    def definitions(self, root: etree._Element) -> m.Definitions:
        qname = etree.QName(root)
        if qname.namespace not in m.DMN_NAMESPACES:
            where = f"namespace {qname.namespace}" if qname.namespace else "no namespace"
            raise ModelError(
                f"the root element <{qname.localname}> is in {where}, not a DMN 1.1–1.5 "
                f"model namespace", file=self.file, line=root.sourceline)
        if qname.localname != "definitions":
            raise ModelError(
                f"the root element is <{qname.localname}>, but a DMN file's root must be "
                f"<definitions>", file=self.file, line=root.sourceline)
        self.ns = qname.namespace
        version = m.DMN_NAMESPACES[self.ns]

        imports: list[m.Import] = []
        items: list[m.ItemDefinition] = []
        drg: list[m.DRGElementType] = []
        drg_readers: dict[str, Callable[[etree._Element], m.DRGElementType]] = {
            "decision": self.decision,
            "inputData": self.input_data,
            "businessKnowledgeModel": self.bkm,
            "decisionService": self.decision_service,
            "knowledgeSource": self.knowledge_source,
        }
        for tag, child in self.children(root):
            if tag == "import":
                imports.append(self.import_(child))
            elif tag == "itemDefinition":
                items.append(self.item_definition(child))
            elif tag in drg_readers:
                drg.append(drg_readers[tag](child))
            elif tag not in _IGNORED_IN_DEFINITIONS:
                self.unexpected(child, root)

        feel = m.FEEL_URIS[version]
        return m.Definitions(
            **self.common(root),
            name=self.required(root, "name"),
            namespace=self.required(root, "namespace"),
            file=self.file,
            dmn_version=version,
            dmn_namespace=self.ns,
            expression_language=root.get("expressionLanguage") or feel,
            type_language=root.get("typeLanguage") or feel,
            imports=tuple(imports),
            item_definitions=tuple(items),
            drg_elements=tuple(drg),
            decisions=tuple(e for e in drg if isinstance(e, m.Decision)),
            input_data=tuple(e for e in drg if isinstance(e, m.InputData)),
            bkms=tuple(e for e in drg if isinstance(e, m.BusinessKnowledgeModel)),
            decision_services=tuple(e for e in drg if isinstance(e, m.DecisionService)),
            knowledge_sources=tuple(e for e in drg if isinstance(e, m.KnowledgeSource)),
            elements=self.elements,
            nsmap=dict(root.nsmap),
        )

    def import_(self, el: etree._Element) -> m.Import:
        obj = m.Import(
            **self.common(el),
            # DMN 1.1 imports have no name; 1.2+ require one (the graph builder checks).
            name=el.get("name"),
            namespace=self.required(el, "namespace"),
            import_type=self.required(el, "importType"),
            location_uri=el.get("locationURI"),
        )
        self.register(obj, el)
        return obj

    # --- types -----------------------------------------------------------------------

    def item_definition(self, el: etree._Element) -> m.ItemDefinition:
        type_ref = allowed = constraint = None
        components: list[m.ItemDefinition] = []
        function_item = None
        for tag, child in self.children(el):
            if tag == "typeRef":
                type_ref = (self.text(child) or "").strip() or None
            elif tag == "allowedValues":
                allowed = self.unary_tests_text(child)
            elif tag == "typeConstraint":
                constraint = self.unary_tests_text(child)
            elif tag == "itemComponent":
                components.append(self.item_definition(child))
            elif tag == "functionItem":
                function_item = self.function_item(child)
            else:
                self.unexpected(child, el)
        obj = m.ItemDefinition(
            **self.common(el),
            name=self.required(el, "name"),
            type_ref=type_ref,
            type_language=el.get("typeLanguage"),
            allowed_values=allowed,
            type_constraint=constraint,
            is_collection=self.boolean(el, "isCollection", False),
            components=tuple(components),
            function_item=function_item,
        )
        self.register(obj, el)
        return obj

    def function_item(self, el: etree._Element) -> m.FunctionItem:
        parameters = []
        for tag, child in self.children(el):
            if tag != "parameters":
                self.unexpected(child, el)
            parameters.append(self.information_item(child))
        obj = m.FunctionItem(**self.common(el), parameters=tuple(parameters),
                             output_type_ref=el.get("outputTypeRef"))
        self.register(obj, el)
        return obj

    def boolean(self, el: etree._Element, attribute: str, default: bool) -> bool:
        value = el.get(attribute)
        if value is None:
            return default
        value = value.strip()
        if value in ("true", "1"):
            return True
        if value in ("false", "0"):
            return False
        self.fail(el, f"{attribute}=\"{value}\" is not a boolean (true or false)")

    def information_item(self, el: etree._Element) -> m.InformationItem:
        for _tag, child in self.children(el):
            self.unexpected(child, el)
        obj = m.InformationItem(**self.common(el), name=self.required(el, "name"),
                                type_ref=el.get("typeRef"))
        self.register(obj, el)
        return obj

    # --- DRG elements --------------------------------------------------------------

    def drg_common(self, el: etree._Element) -> dict[str, object]:
        return {**self.common(el), "name": self.required(el, "name")}

    def decision(self, el: etree._Element) -> m.Decision:
        fields: dict[str, object] = {}
        info: list[m.InformationRequirement] = []
        knowledge: list[m.KnowledgeRequirement] = []
        authority: list[m.AuthorityRequirement] = []
        for tag, child in self.children(el):
            if tag == "question":
                fields["question"] = self.text(child)
            elif tag == "allowedAnswers":
                fields["allowed_answers"] = self.text(child)
            elif tag == "variable":
                fields["variable"] = self.information_item(child)
            elif tag == "informationRequirement":
                info.append(self.information_requirement(child))
            elif tag == "knowledgeRequirement":
                knowledge.append(self.knowledge_requirement(child))
            elif tag == "authorityRequirement":
                authority.append(self.authority_requirement(child))
            elif tag not in _IGNORED_IN_DECISION:
                if "expression" in fields:
                    self.fail(child, f"the decision has more than one expression "
                                     f"(a second one, <{tag}>, is here)")
                fields["expression"] = self.expression(child)
        obj = m.Decision(**self.drg_common(el), **fields,  # type: ignore[arg-type]
                         information_requirements=tuple(info),
                         knowledge_requirements=tuple(knowledge),
                         authority_requirements=tuple(authority))
        self.register(obj, el)
        return obj

    def input_data(self, el: etree._Element) -> m.InputData:
        variable = None
        for tag, child in self.children(el):
            if tag != "variable":
                self.unexpected(child, el)
            variable = self.information_item(child)
        obj = m.InputData(**self.drg_common(el), variable=variable)
        self.register(obj, el)
        return obj

    def bkm(self, el: etree._Element) -> m.BusinessKnowledgeModel:
        variable = logic = None
        knowledge: list[m.KnowledgeRequirement] = []
        authority: list[m.AuthorityRequirement] = []
        for tag, child in self.children(el):
            if tag == "variable":
                variable = self.information_item(child)
            elif tag == "encapsulatedLogic":
                logic = self.function_definition(child)
                self.register(logic, child)
            elif tag == "knowledgeRequirement":
                knowledge.append(self.knowledge_requirement(child))
            elif tag == "authorityRequirement":
                authority.append(self.authority_requirement(child))
            else:
                self.unexpected(child, el)
        obj = m.BusinessKnowledgeModel(
            **self.drg_common(el), variable=variable, encapsulated_logic=logic,
            knowledge_requirements=tuple(knowledge), authority_requirements=tuple(authority))
        self.register(obj, el)
        return obj

    def decision_service(self, el: etree._Element) -> m.DecisionService:
        variable = None
        refs: dict[str, list[m.ElementRef]] = {
            "outputDecision": [], "encapsulatedDecision": [], "inputDecision": [],
            "inputData": []}
        for tag, child in self.children(el):
            if tag == "variable":
                variable = self.information_item(child)
            elif tag in refs:
                refs[tag].append(self.element_ref(child))
            else:
                self.unexpected(child, el)
        obj = m.DecisionService(
            **self.drg_common(el), variable=variable,
            output_decisions=tuple(refs["outputDecision"]),
            encapsulated_decisions=tuple(refs["encapsulatedDecision"]),
            input_decisions=tuple(refs["inputDecision"]),
            input_data=tuple(refs["inputData"]))
        self.register(obj, el)
        return obj

    def knowledge_source(self, el: etree._Element) -> m.KnowledgeSource:
        kind = owner = None
        authority: list[m.AuthorityRequirement] = []
        for tag, child in self.children(el):
            if tag == "authorityRequirement":
                authority.append(self.authority_requirement(child))
            elif tag == "type":
                kind = (self.text(child) or "").strip() or None
            elif tag == "owner":
                owner = self.element_ref(child)
            else:
                self.unexpected(child, el)
        obj = m.KnowledgeSource(**self.drg_common(el), type=kind,
                                location_uri=el.get("locationURI"), owner=owner,
                                authority_requirements=tuple(authority))
        self.register(obj, el)
        return obj

    # --- requirements --------------------------------------------------------------

    def element_ref(self, el: etree._Element) -> m.ElementRef:
        return m.ElementRef(href=self.required(el, "href"), source=self.source(el))

    def requirement_target(self, el: etree._Element,
                           kinds: dict[str, str]) -> tuple[str, str]:
        """(kind, href) of a requirement's single required* child."""
        found: tuple[str, str] | None = None
        for tag, child in self.children(el):
            if tag not in kinds or found is not None:
                self.unexpected(child, el)
            found = (kinds[tag], self.required(child, "href"))
        if found is None:
            expected = " or ".join(f"<{t}>" for t in kinds)
            self.fail(el, f"<{etree.QName(el).localname}> has no {expected}")
        return found

    def information_requirement(self, el: etree._Element) -> m.InformationRequirement:
        kind, href = self.requirement_target(
            el, {"requiredDecision": "decision", "requiredInput": "input"})
        obj = m.InformationRequirement(**self.common(el), kind=kind, href=href)  # type: ignore[arg-type]
        self.register(obj, el)
        return obj

    def knowledge_requirement(self, el: etree._Element) -> m.KnowledgeRequirement:
        _kind, href = self.requirement_target(el, {"requiredKnowledge": "knowledge"})
        obj = m.KnowledgeRequirement(**self.common(el), href=href)
        self.register(obj, el)
        return obj

    def authority_requirement(self, el: etree._Element) -> m.AuthorityRequirement:
        kind, href = self.requirement_target(
            el, {"requiredDecision": "decision", "requiredInput": "input",
                 "requiredAuthority": "knowledge_source"})
        obj = m.AuthorityRequirement(**self.common(el), kind=kind, href=href)  # type: ignore[arg-type]
        self.register(obj, el)
        return obj

    # --- expressions -----------------------------------------------------------------

    def expression(self, el: etree._Element) -> m.Expression:
        """The expression an element is; ModelError naming the tag when it is none."""
        tag = etree.QName(el).localname
        reader = self._expression_readers.get(tag)
        if reader is None:
            self.fail(el, f"<{tag}> is not a DMN expression element (expected one of "
                          f"{', '.join(self._expression_readers)})")
        obj = reader(el)
        self.register(obj, el)
        return obj

    def expression_common(self, el: etree._Element) -> dict[str, object]:
        return {**self.common(el), "type_ref": el.get("typeRef")}

    def single_expression(self, el: etree._Element, *, skip: Iterable[str] = ()
                          ) -> m.Expression | None:
        """The one expression among el's children (other than ``skip``), or None."""
        found = None
        skip = set(skip)
        for tag, child in self.children(el):
            if tag in skip:
                continue
            if found is not None:
                self.fail(child, f"<{etree.QName(el).localname}> has more than one "
                                 f"expression (a second one, <{tag}>, is here)")
            found = self.expression(child)
        return found

    def literal_expression(self, el: etree._Element) -> m.LiteralExpression:
        text_el = imported = None
        for tag, child in self.children(el):
            if tag == "text":
                text_el = child
            elif tag == "importedValues":
                imported = self.imported_values(child)
            else:
                self.unexpected(child, el)
        return m.LiteralExpression(
            **self.expression_common(el),
            text=self.text(text_el) or "",
            text_line=text_el.sourceline if text_el is not None else None,
            expression_language=el.get("expressionLanguage"),
            imported_values=imported,
        )

    def imported_values(self, el: etree._Element) -> m.ImportedValues:
        imported = self.child(el, "importedElement")
        if imported is None:
            self.fail(el, "<importedValues> has no <importedElement>")
        self.register(None, el)
        return m.ImportedValues(
            namespace=self.required(el, "namespace"),
            import_type=self.required(el, "importType"),
            imported_element=(self.text(imported) or "").strip(),
            source=self.source(el),
            name=el.get("name"),
            location_uri=el.get("locationURI"),
            expression_language=el.get("expressionLanguage"),
        )

    def unary_tests(self, el: etree._Element, *, keep: bool = True) -> m.UnaryTests:
        text_el = None
        for tag, child in self.children(el):
            if tag != "text":
                self.unexpected(child, el)
            text_el = child
        obj = m.UnaryTests(
            **self.common(el),
            text=self.text(text_el) or "",
            text_line=text_el.sourceline if text_el is not None else None,
            expression_language=el.get("expressionLanguage"),
        )
        self.register(obj if keep else None, el)
        return obj

    def unary_tests_text(self, el: etree._Element) -> str:
        """The text of allowed/input/output values, which the model keeps as text only."""
        return self.unary_tests(el, keep=False).text

    def decision_table(self, el: etree._Element) -> m.DecisionTable:
        hit_policy = (el.get("hitPolicy") or "UNIQUE").strip()
        if hit_policy not in m.HIT_POLICIES:
            self.fail(el, f"hitPolicy=\"{hit_policy}\" is not a DMN hit policy (expected one "
                          f"of {', '.join(m.HIT_POLICIES)})")
        aggregation = el.get("aggregation")
        if aggregation is not None:
            aggregation = aggregation.strip()
            if aggregation not in m.AGGREGATIONS:
                self.fail(el, f"aggregation=\"{aggregation}\" is not a DMN aggregation "
                              f"(expected one of {', '.join(m.AGGREGATIONS)})")
        inputs: list[m.InputClause] = []
        outputs: list[m.OutputClause] = []
        annotations: list[str] = []
        rules: list[m.Rule] = []
        for tag, child in self.children(el):
            if tag == "input":
                inputs.append(self.input_clause(child))
            elif tag == "output":
                outputs.append(self.output_clause(child))
            elif tag == "annotation":
                annotations.append(child.get("name") or "")
            elif tag == "rule":
                rules.append(self.rule(child, len(rules) + 1))
                self.entries_match(child, rules[-1], len(inputs), len(outputs))
            else:
                self.unexpected(child, el)
        return m.DecisionTable(
            **self.expression_common(el),
            hit_policy=hit_policy,  # type: ignore[arg-type]
            aggregation=aggregation,  # type: ignore[arg-type]
            preferred_orientation=el.get("preferredOrientation") or "Rule-as-Row",
            output_label=el.get("outputLabel"),
            inputs=tuple(inputs), outputs=tuple(outputs),
            annotations=tuple(annotations), rules=tuple(rules),
        )

    def input_clause(self, el: etree._Element) -> m.InputClause:
        expression = values = None
        for tag, child in self.children(el):
            if tag == "inputExpression":
                expression = self.literal_expression(child)
                self.register(expression, child)
            elif tag == "inputValues":
                values = self.unary_tests_text(child)
            else:
                self.unexpected(child, el)
        if expression is None:
            self.fail(el, "decision table <input> has no <inputExpression>")
        obj = m.InputClause(**self.common(el), expression=expression, input_values=values)
        self.register(obj, el)
        return obj

    def output_clause(self, el: etree._Element) -> m.OutputClause:
        values = default = None
        for tag, child in self.children(el):
            if tag == "outputValues":
                values = self.unary_tests_text(child)
            elif tag == "defaultOutputEntry":
                default = self.literal_expression(child).text
                self.register(None, child)
            else:
                self.unexpected(child, el)
        obj = m.OutputClause(**self.common(el), name=el.get("name"),
                             type_ref=el.get("typeRef"), output_values=values,
                             default_output_entry=default)
        self.register(obj, el)
        return obj

    def rule(self, el: etree._Element, number: int) -> m.Rule:
        inputs: list[m.UnaryTests] = []
        outputs: list[m.LiteralExpression] = []
        annotations: list[str] = []
        for tag, child in self.children(el):
            if tag == "inputEntry":
                inputs.append(self.unary_tests(child))
            elif tag == "outputEntry":
                entry = self.literal_expression(child)
                self.register(entry, child)
                outputs.append(entry)
            elif tag == "annotationEntry":
                annotations.append(self.text(self.child(child, "text")) or "")
            else:
                self.unexpected(child, el)
        obj = m.Rule(**self.common(el), number=number, input_entries=tuple(inputs),
                     output_entries=tuple(outputs), annotation_entries=tuple(annotations))
        self.register(obj, el)
        return obj

    def entries_match(self, el: etree._Element, rule: m.Rule, inputs: int, outputs: int) -> None:
        """A rule has one input entry per input and one output entry per output (DMN 8.2:
        the schema puts the rules after the clauses, so all of them have been read)."""
        for kind, got, want in (("input", len(rule.input_entries), inputs),
                                ("output", len(rule.output_entries), outputs)):
            if got != want:
                table = el.getparent().get("id")
                name = f"decision table '{table}'" if table else "the decision table"
                self.fail(el, f"rule {rule.number} of {name} has {_count(got, kind + ' entry')} "
                              f"but the table has {_count(want, kind)}: every rule gives one "
                              f"<{kind}Entry> per <{kind}>")

    def context(self, el: etree._Element) -> m.Context:
        entries = []
        for tag, child in self.children(el):
            if tag != "contextEntry":
                self.unexpected(child, el)
            entries.append(self.context_entry(child))
        return m.Context(**self.expression_common(el), entries=tuple(entries))

    def context_entry(self, el: etree._Element) -> m.ContextEntry:
        variable_el = self.child(el, "variable")
        variable = self.information_item(variable_el) if variable_el is not None else None
        expression = self.single_expression(el, skip=("variable",))
        if expression is None:
            name = f" '{variable.name}'" if variable else ""
            self.fail(el, f"context entry{name} has no expression")
        obj = m.ContextEntry(**self.common(el), variable=variable, expression=expression)
        self.register(obj, el)
        return obj

    def invocation(self, el: etree._Element) -> m.Invocation:
        called = None
        bindings = []
        for tag, child in self.children(el):
            if tag == "binding":
                bindings.append(self.binding(child))
            elif called is None and not bindings:
                called = self.expression(child)
            else:
                self.unexpected(child, el)
        return m.Invocation(**self.expression_common(el), called_function=called,
                            bindings=tuple(bindings))

    def binding(self, el: etree._Element) -> m.Binding:
        parameter_el = self.child(el, "parameter")
        if parameter_el is None:
            self.fail(el, "invocation <binding> has no <parameter>")
        return m.Binding(parameter=self.information_item(parameter_el),
                         expression=self.single_expression(el, skip=("parameter",)),
                         source=self.source(el))

    def function_definition(self, el: etree._Element) -> m.FunctionDefinition:
        kind = (el.get("kind") or "FEEL").strip()
        if kind not in m.FUNCTION_KINDS:
            self.fail(el, f"kind=\"{kind}\" is not a DMN function kind (expected one of "
                          f"{', '.join(m.FUNCTION_KINDS)})")
        parameters = [self.information_item(child) for tag, child in self.children(el)
                      if tag == "formalParameter"]
        return m.FunctionDefinition(
            **self.expression_common(el), kind=kind,  # type: ignore[arg-type]
            formal_parameters=tuple(parameters),
            body=self.single_expression(el, skip=("formalParameter",)))

    def boxed_list(self, el: etree._Element) -> m.List:
        return m.List(**self.expression_common(el),
                      items=tuple(self.expression(child) for _tag, child in self.children(el)))

    def relation(self, el: etree._Element) -> m.Relation:
        columns: list[m.InformationItem] = []
        rows: list[tuple[m.Expression, ...]] = []
        for tag, child in self.children(el):
            if tag == "column":
                columns.append(self.information_item(child))
            elif tag == "row":
                self.register(None, child)
                rows.append(tuple(self.expression(cell) for _t, cell in self.children(child)))
            else:
                self.unexpected(child, el)
        return m.Relation(**self.expression_common(el), columns=tuple(columns),
                          rows=tuple(rows))

    def child_expressions(self, el: etree._Element, *names: str) -> list[m.ChildExpression]:
        """The ChildExpression slots ``names`` of a DMN 1.4+ boxed expression, in order."""
        slots: dict[str, etree._Element] = {}
        for tag, child in self.children(el):
            if tag not in names or tag in slots:
                self.unexpected(child, el)
            slots[tag] = child
        result = []
        for name in names:
            slot = slots.get(name)
            if slot is None:
                self.fail(el, f"<{etree.QName(el).localname}> has no <{name}>")
            expression = self.single_expression(slot)
            if expression is None:
                self.fail(slot, f"<{name}> of <{etree.QName(el).localname}> has no expression")
            obj = m.ChildExpression(expression=expression, source=self.source(slot),
                                    id=slot.get("id"), type_ref=slot.get("typeRef"))
            self.register(obj, slot)
            result.append(obj)
        return result

    def conditional(self, el: etree._Element) -> m.Conditional:
        if_, then, else_ = self.child_expressions(el, "if", "then", "else")
        return m.Conditional(**self.expression_common(el), if_=if_, then=then, else_=else_)

    def boxed_filter(self, el: etree._Element) -> m.Filter:
        in_, match = self.child_expressions(el, "in", "match")
        return m.Filter(**self.expression_common(el), in_=in_, match=match)

    def iterator_variable(self, el: etree._Element) -> str:
        return self.required(el, "iteratorVariable")

    def for_(self, el: etree._Element) -> m.For:
        in_, return_ = self.child_expressions(el, "in", "return")
        return m.For(**self.expression_common(el), iterator_variable=self.iterator_variable(el),
                     in_=in_, return_=return_)

    def every(self, el: etree._Element) -> m.Every:
        in_, satisfies = self.child_expressions(el, "in", "satisfies")
        return m.Every(**self.expression_common(el),
                       iterator_variable=self.iterator_variable(el),
                       in_=in_, satisfies=satisfies)

    def some(self, el: etree._Element) -> m.Some:
        in_, satisfies = self.child_expressions(el, "in", "satisfies")
        return m.Some(**self.expression_common(el),
                      iterator_variable=self.iterator_variable(el),
                      in_=in_, satisfies=satisfies)


def _count(n: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{n} {noun if n == 1 else plural}"
