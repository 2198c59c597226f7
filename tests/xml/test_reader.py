"""read_definitions/read_files: DMN 1.1–1.5 XML into dmnlaw.model, with sources and clear errors."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from dmnlaw import model as m
from dmnlaw.errors import ModelError
from dmnlaw.xml import read_definitions, read_files

FIXTURES = Path(__file__).parent / "fixtures"
TCK = Path(os.environ.get("DMNLAW_TCK", Path(__file__).resolve().parents[3] / "shared" / "tck"))
TCK_FILES = sorted(TCK.glob("compliance-level-[23]/**/*.dmn"))
needs_tck = pytest.mark.skipif(not TCK_FILES, reason=f"no TCK models under {TCK}")

DMN15 = "https://www.omg.org/spec/DMN/20230324/MODEL/"


def fixture(name: str) -> m.Definitions:
    return read_definitions(FIXTURES / name)


def tck(path: str) -> m.Definitions:
    return read_definitions(TCK / path)


def by_name(elements, name):
    return next(e for e in elements if e.name == name)


def write(tmp_path: Path, body: str, *, ns: str = DMN15, name: str = "model.dmn") -> Path:
    path = tmp_path / name
    path.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n'
                    f'<definitions xmlns="{ns}" name="m" namespace="http://example.org/m">\n'
                    f'{body}\n</definitions>\n', encoding="utf-8")
    return path


def refused(path: Path) -> ModelError:
    with pytest.raises(ModelError) as info:
        read_definitions(path)
    assert info.value.file == str(path)
    return info.value


# --- the TCK ---------------------------------------------------------------------------

@needs_tck
@pytest.mark.parametrize("path", TCK_FILES, ids=lambda p: p.name)
def test_every_tck_model_reads(path):
    definitions = read_definitions(path)
    assert definitions.dmn_version == "1.5"
    assert definitions.file == str(path)
    for element in definitions.drg_elements:
        assert element.source.file == str(path) and element.source.line


@needs_tck
def test_read_files_reads_both_levels_in_relative_path_order():
    folders = [TCK / "compliance-level-2", TCK / "compliance-level-3"]
    result = read_files(folders)
    assert len(result) == len(TCK_FILES)
    level2 = [d.file for d in result if "compliance-level-2" in d.file]
    expected = sorted(TCK.glob("compliance-level-2/**/*.dmn"),
                      key=lambda p: p.relative_to(folders[0]).as_posix())
    assert level2 == [str(p) for p in expected]


@needs_tck
def test_tck_simple_unique_table():
    d = tck("compliance-level-2/0004-simpletable-U/0004-simpletable-U.dmn")
    table = d.decisions[0].expression
    assert isinstance(table, m.DecisionTable)
    assert table.hit_policy == "UNIQUE" and table.aggregation is None
    assert [r.number for r in table.rules] == [1, 2, 3, 4]
    assert [i.expression.text for i in table.inputs] == ["Age", "RiskCategory", "isAffordable"]
    assert table.inputs[0].expression.type_ref == "number"
    assert table.inputs[1].input_values == '"High", "Low", "Medium"'
    assert table.outputs[0].output_values == '"Approved", "Declined"'
    assert [e.text for e in table.rules[0].input_entries] == [">=18", '"Medium","Low"', "true"]
    assert table.rules[0].output_entries[0].text == '"Approved"'
    assert table.rules[0].id == "_7f03803d-2636-40ab-8346-7fd7f38ab695"
    assert d.elements[table.rules[0].id] is table.rules[0]
    entry = table.rules[0].input_entries[0]
    assert entry.source.line == 39 and entry.text_line == 40


@needs_tck
def test_tck_collect_aggregation():
    d = tck("compliance-level-2/0115-sum-collect-hitpolicy/0115-sum-collect-hitpolicy.dmn")
    table = d.decisions[0].expression
    assert (table.hit_policy, table.aggregation) == ("COLLECT", "SUM")


@needs_tck
def test_tck_import_and_prefixed_type_ref():
    d = tck("compliance-level-3/0086-import/0086-import.dmn")
    (imp,) = d.imports
    assert imp.name == "myimport"
    assert imp.namespace == "http://www.trisotech.com/definitions/_f27bb64b-6fc7-4e1f-9848-11ba35e0df36"
    assert imp.import_type == DMN15 and imp.location_uri is None
    assert d.input_data[0].variable.type_ref == "myimport.tPerson"
    assert d.nsmap["include1"] == imp.namespace and d.nsmap[None] == DMN15
    (requirement,) = by_name(d.decisions, "A Decision Ctx with DT").knowledge_requirements
    assert requirement.href == imp.namespace + "#_32543811-b499-4608-b784-6c6f294b1c58"


@needs_tck
def test_tck_boxed_conditional():
    d = tck("compliance-level-3/1150-boxed-conditional/1150-boxed-conditional.dmn")
    conditional = d.decisions[0].expression
    assert isinstance(conditional, m.Conditional)
    assert conditional.if_.expression.text == "true"
    assert conditional.then.expression.text == '"then"'
    assert conditional.else_.expression.text == '"else"'


@needs_tck
def test_tck_boxed_filter_for_some_and_list():
    filt = tck("compliance-level-3/1151-boxed-filter/1151-boxed-filter.dmn").decisions[0].expression
    assert isinstance(filt, m.Filter) and filt.match.expression.text
    loop = tck("compliance-level-3/1152-boxed-for/1152-boxed-for.dmn").decisions[0].expression
    assert isinstance(loop, m.For) and loop.iterator_variable == "element"
    assert loop.in_.expression.text == "[1,2,3,4,5]"
    assert loop.return_.expression.text == "element * 2"
    some = tck("compliance-level-3/1153-boxed-some/1153-boxed-some.dmn").decisions[0].expression
    assert isinstance(some, m.Some) and some.satisfies.expression.text == "element >= 3"
    lst = tck("compliance-level-3/1161-boxed-list-expression/1161-boxed-list-expression.dmn")
    boxed = by_name(lst.decisions, "BList").expression
    assert isinstance(boxed, m.List) and boxed.type_ref == "stringList" and boxed.label == "BList"
    assert [i.text for i in boxed.items] == ["string(A)", "string(B)", "C"]


@needs_tck
def test_tck_contexts():
    feel_contexts = tck("compliance-level-3/0057-feel-context/0057-feel-context.dmn")
    assert all(isinstance(x.expression, m.LiteralExpression) for x in feel_contexts.decisions)
    assert any("{" in x.expression.text for x in feel_contexts.decisions)
    d = tck("compliance-level-3/0040-singlenestedcontext/0040-singlenestedcontext.dmn")
    contexts = [x.expression for x in d.decisions if isinstance(x.expression, m.Context)]
    assert contexts
    nested = [e.expression for c in contexts for e in c.entries
              if isinstance(e.expression, m.Context)]
    assert nested, "a context inside a context"


@needs_tck
def test_tck_relation():
    d = tck("compliance-level-3/0014-loan-comparison/0014-loan-comparison.dmn")
    relation = by_name(d.decisions, "Bankrates").expression
    assert [c.name for c in relation.columns] == ["lenderName", "rate", "points", "fee"]
    assert len(relation.rows) == 10 and all(len(row) == 4 for row in relation.rows)
    assert relation.rows[0][0].text == '"Oceans Capital"'


@needs_tck
def test_tck_no_decision_logic_service_and_knowledge_source():
    d = tck("compliance-level-3/0088-no-decision-logic/0088-no-decision-logic.dmn")
    teacher = by_name(d.decisions, "Teacher's Evaluation")
    assert teacher.expression is None
    (authority,) = teacher.authority_requirements
    assert authority.kind == "knowledge_source"
    assert authority.href == "#_2284D6C3-0DAD-4AF0-A758-C40D5A2A0A32"
    (source,) = d.knowledge_sources
    assert source.name == "Teacher's knowledge" and source.location_uri == ""
    (service,) = d.decision_services
    assert [r.href for r in service.output_decisions] == ["#_874E905E-290A-4B2F-ADB9-EDB3CA24CA67"]
    assert [r.href for r in service.input_decisions] == ["#_0C226138-201A-4073-8ED4-F28FA2A1BC64"]
    assert len(service.encapsulated_decisions) == 1 and len(service.input_data) == 2
    grade = by_name(d.item_definitions, "tGrade")
    assert grade.type_ref == "string" and grade.allowed_values == '"A", "B", "C", "D", "E", "F"'
    assert "_E9560012-0F49-44D2-96D8-BA655980F315" not in d.elements, "kept as text only"
    result = by_name(d.decisions, "Graduation result")
    assert [r.kind for r in result.information_requirements] == ["decision", "input", "input",
                                                                 "decision"]


@needs_tck
def test_tck_bkm_and_invocation():
    d = tck("compliance-level-3/0038-dt-on-bkm-explicit-params/"
            "0038-dt-on-bkm-explicit-params.dmn")
    bkm = d.bkms[0]
    assert isinstance(bkm.encapsulated_logic, m.FunctionDefinition)
    assert bkm.encapsulated_logic.formal_parameters
    invocations = [x.expression for x in d.decisions if isinstance(x.expression, m.Invocation)]
    assert invocations and invocations[0].bindings


@needs_tck
def test_tck_function_item_and_java_function():
    d = tck("compliance-level-3/0082-feel-coercion/0082-feel-coercion.dmn")
    assert by_name(d.item_definitions, "tDS_001").function_item.output_type_ref == "string"
    java = tck("compliance-level-3/0076-feel-external-java/0076-feel-external-java.dmn")
    kinds = [e.expression.kind for x in java.decisions if isinstance(x.expression, m.Context)
             for e in x.expression.entries if isinstance(e.expression, m.FunctionDefinition)]
    assert "Java" in kinds


@needs_tck
def test_tck_qualified_local_hrefs_kept_as_written():
    d = tck("compliance-level-3/0091-local-hrefs/0091-local-hrefs.dmn")
    hrefs = [r.href for x in d.decisions for r in x.information_requirements]
    assert "http://www.montera.com.au/spec/DMN/0091-local-hrefs#_decision_001" in hrefs


# --- one fixture per DMN version ------------------------------------------------------

def test_dmn11():
    d = fixture("dmn11_dish.dmn")
    assert (d.dmn_version, d.name, d.namespace, d.id) == ("1.1", "Dish", "http://example.org/dish",
                                                         "dish")
    assert d.expression_language == m.FEEL_URIS["1.1"] == d.type_language
    (imp,) = d.imports
    assert imp.name is None and imp.location_uri == "seasons.dmn"
    season = d.item_definitions[0]
    assert season.type_ref == "feel:string" and season.allowed_values == '"Winter","Summer"'
    dish = d.decisions[0]
    assert dish.variable is None
    assert dish.information_requirements[0].href == "#season"
    table = dish.expression
    assert table.hit_policy == "FIRST"
    assert table.outputs[0].name == "desiredDish" and table.outputs[0].label == "Dish"
    assert table.inputs[0].label == "Season"
    assert table.inputs[0].expression.type_ref == "feel:string"
    assert [r.input_entries[0].text for r in table.rules] == ['"Winter"', "-"]
    assert d.nsmap["feel"] == "http://www.omg.org/spec/FEEL/20140401"
    assert d.drg_elements == (dish, d.input_data[0])


def test_dmn12_boxed_expressions_and_drg():
    d = fixture("dmn12_loans.dmn")
    assert d.dmn_version == "1.2" and d.description == "Boxed expressions of DMN 1.2."
    applicant = by_name(d.item_definitions, "tApplicant")
    assert applicant.label == "Applicant"
    assert [(c.name, c.type_ref, c.is_collection) for c in applicant.components] == [
        ("age", "number", False), ("debts", "lib.tDebt", True)]
    assert d.elements["c_age"] is applicant.components[0]
    assert d.input_data[0].label == "申请人"
    assert d.elements["v_applicant"] is d.input_data[0].variable

    bkm = d.bkms[0]
    logic = bkm.encapsulated_logic
    assert logic.kind == "FEEL" and [p.name for p in logic.formal_parameters] == ["rate", "term"]
    assert logic.body.text == "rate * term"
    assert bkm.knowledge_requirements[0].href == "lib.dmn#b_round"

    payment = d.decisions[0]
    assert payment.question == "What is the monthly payment?"
    assert payment.allowed_answers == "a number"
    assert payment.variable.type_ref == "number"
    assert d.elements["ir_1"] is payment.information_requirements[0]
    assert payment.knowledge_requirements[0].href == "#b_pmt"
    assert payment.authority_requirements[0].kind == "knowledge_source"
    context = payment.expression
    assert isinstance(context, m.Context)
    rate, table, terms, result = context.entries
    assert rate.variable.name == "rate" and rate.expression.text == "0.05"
    assert d.elements["le_rate"] is rate.expression
    assert [c.name for c in table.expression.columns] == ["term", "factor"]
    assert [[cell.text for cell in row] for row in table.expression.rows] == [["12", "1"],
                                                                           ["24", "2"]]
    assert [i.text for i in terms.expression.items] == ["12", "24"]
    assert result.variable is None
    invocation = result.expression
    assert invocation.type_ref == "number" and invocation.called_function.text == "PMT"
    assert [b.parameter.name for b in invocation.bindings] == ["rate", "term"]
    assert invocation.bindings[0].expression.text == "rate"
    assert invocation.bindings[1].expression is None

    service = d.decision_services[0]
    assert service.output_decisions[0].href == "#d_payment"
    assert service.input_data[0].source.line == service.source.line + 3
    source = d.knowledge_sources[0]
    assert (source.type, source.location_uri) == ("policy", "http://example.org/policy.pdf")
    assert source.owner.href == "#bank" and source.authority_requirements[0].kind == "input"
    assert "note" not in d.elements and "shape" not in d.elements


def test_dmn13_function_item_java_and_cjk_names():
    d = fixture("dmn13_functions.dmn")
    assert d.dmn_version == "1.3" and d.name == "函数" and d.namespace == "http://example.org/函数"
    adder = d.item_definitions[0].function_item
    assert adder.output_type_ref == "number"
    assert [(p.name, p.type_ref) for p in adder.parameters] == [("a", "number"), ("b", "number")]
    java = by_name(d.decisions, "最大 值")
    assert java.variable.name == "最大 值"
    function = java.expression
    assert function.kind == "Java" and isinstance(function.body, m.Context)
    assert [e.variable.name for e in function.body.entries] == ["class", "method signature"]
    assert by_name(d.decisions, "No logic").expression is None


def test_dmn14_boxed_iterators():
    d = fixture("dmn14_boxed.dmn")
    assert d.dmn_version == "1.4"
    cond, filt, loop, every, some = (x.expression for x in d.decisions)
    assert isinstance(cond, m.Conditional) and cond.if_.expression.text == "x > 1"
    assert cond.if_.id == "if1" and d.elements["if1"] is cond.if_
    assert isinstance(filt, m.Filter) and filt.match.expression.text == "item > 1"
    assert isinstance(loop, m.For) and loop.in_.type_ref == "number"
    assert loop.return_.expression.text == "n * 2"
    assert isinstance(every, m.Every) and every.iterator_variable == "n"
    assert every.satisfies.expression.text == "n > 0"
    assert isinstance(some, m.Some) and some.satisfies.expression.text == "n > 1"


def test_dmn15_labels_annotations_defaults_and_cjk():
    d = fixture("dmn15_liability.dmn")
    assert d.dmn_version == "1.5" and d.name == "刑法 第286条之一"
    date = d.item_definitions[0]
    assert (date.label, date.type_ref, date.type_constraint) == (
        "行为日期", "date", '>= date("1997-10-01")')
    assert date.type_language == m.FEEL_URIS["1.5"]
    inp = d.input_data[0]
    assert inp.label == "行为日期" and inp.description == "当行为最后一次发生的日期"
    scope = d.decisions[0]
    assert scope.label == "时间效力"
    table = scope.expression
    assert (table.hit_policy, table.aggregation, table.output_label) == ("COLLECT", "COUNT",
                                                                         "时间效力")
    assert table.annotations == ("理由", "依据")
    assert table.inputs[0].input_values == '>= date("1997-10-01")'
    scope_out, flag_out = table.outputs
    assert scope_out.name == "scope" and scope_out.default_output_entry == '"undetermined"'
    assert scope_out.output_values == '"applicable","not_applicable","undetermined"'
    assert flag_out.default_output_entry is None and flag_out.type_ref == "boolean"
    r1, r2 = table.rules
    assert r1.description == "Before the amendment."
    assert r1.annotation_entries == ("刑法修正案（九）施行前", "《刑法》第12条")
    assert r2.annotation_entries == ("施行后", "")
    assert r1.input_entries[0].text == '\n            < date("2015-11-01")\n          '
    assert r1.input_entries[0].text_line == r1.input_entries[0].source.line + 1
    assert r2.input_entries[0].text == '>= date("2015-11-01")', "CDATA is text"
    assert [e.text for e in r2.output_entries] == ['"applicable"', "true"]
    assert r2.number == 2 and r2.id == "r2"


def test_sources_name_file_and_line():
    d = fixture("dmn15_liability.dmn")
    scope = d.decisions[0]
    assert scope.source == m.Source(str(FIXTURES / "dmn15_liability.dmn"), 15)
    assert str(scope.source).endswith("dmn15_liability.dmn:15")
    assert scope.information_requirements[0].source.line == 17
    assert scope.expression.source.line == 18


def test_model_is_immutable():
    d = fixture("dmn14_boxed.dmn")
    with pytest.raises(AttributeError):
        d.decisions[0].name = "other"  # type: ignore[misc]


def test_equal_reads_give_equal_expressions_but_distinct_definitions():
    a, b = fixture("dmn14_boxed.dmn"), fixture("dmn14_boxed.dmn")
    assert a.decisions == b.decisions
    assert a != b and len({a, b}) == 2


# --- read_files ------------------------------------------------------------------------

def test_read_files_folder_sorted_by_relative_path_and_deduplicated(tmp_path):
    (tmp_path / "b").mkdir()
    write(tmp_path / "b", "", name="z.dmn")
    write(tmp_path, "", name="a.dmn")
    write(tmp_path, "", name="c.dmn")
    (tmp_path / "notes.txt").write_text("not a model")
    files = [d.file for d in read_files(tmp_path)]
    assert files == [str(tmp_path / "a.dmn"), str(tmp_path / "b" / "z.dmn"),
                     str(tmp_path / "c.dmn")]
    again = read_files([tmp_path / "c.dmn", tmp_path])
    assert [Path(d.file).name for d in again] == ["c.dmn", "a.dmn", "z.dmn"]


def test_read_files_empty_folder(tmp_path):
    with pytest.raises(ModelError, match="no .dmn files"):
        read_files(tmp_path)


def test_read_files_missing_path(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        read_files([tmp_path / "missing.dmn"])


# --- errors ------------------------------------------------------------------------------

@pytest.mark.parametrize("ns, version", sorted(m.DMN_NAMESPACES.items()))
def test_every_namespace_is_known(tmp_path, ns, version):
    d = read_definitions(write(tmp_path, '<decision name="x"/>', ns=ns))
    assert d.dmn_version == version and d.dmn_namespace == ns


def test_unknown_root_namespace(tmp_path):
    error = refused(write(tmp_path, "", ns="http://www.omg.org/spec/DMN/20130901/dmn.xsd"))
    assert "http://www.omg.org/spec/DMN/20130901/dmn.xsd" in error.message
    assert error.line == 2


def test_root_without_namespace(tmp_path):
    path = tmp_path / "m.dmn"
    path.write_text("<definitions name='m' namespace='x'/>")
    assert "no namespace" in refused(path).message


def test_root_not_definitions(tmp_path):
    path = tmp_path / "m.dmn"
    path.write_text(f'<decision xmlns="{DMN15}" name="x"/>')
    assert "<decision>" in refused(path).message


def test_unknown_expression_tag(tmp_path):
    path = write(tmp_path, '<decision name="x">\n  <literalExpresion><text>1</text>'
                           '</literalExpresion>\n</decision>')
    error = refused(path)
    assert "<literalExpresion>" in error.message and error.line == 4


def test_unknown_element_in_definitions(tmp_path):
    error = refused(write(tmp_path, '<decison name="x"/>'))
    assert "<decison>" in error.message and error.line == 3


def test_two_expressions_in_a_decision(tmp_path):
    path = write(tmp_path, '<decision name="x">\n'
                           '<literalExpression><text>1</text></literalExpression>\n'
                           '<literalExpression><text>2</text></literalExpression>\n</decision>')
    error = refused(path)
    assert "more than one expression" in error.message and error.line == 5


def test_missing_name(tmp_path):
    error = refused(write(tmp_path, '<inputData id="i1"/>'))
    assert "name" in error.message and "i1" in error.message


def test_missing_href(tmp_path):
    path = write(tmp_path, '<decision name="x"><informationRequirement>'
                           '<requiredInput/></informationRequirement></decision>')
    assert "href" in refused(path).message


def test_requirement_without_target(tmp_path):
    path = write(tmp_path, '<decision name="x"><informationRequirement/></decision>')
    assert "requiredDecision" in refused(path).message


def test_bad_hit_policy(tmp_path):
    path = write(tmp_path, '<decision name="x"><decisionTable hitPolicy="U">'
                           '<output/></decisionTable></decision>')
    error = refused(path)
    assert 'hitPolicy="U"' in error.message and "UNIQUE" in error.message


@pytest.mark.parametrize("entries, says", [
    ('<inputEntry><text>1</text></inputEntry>', "rule 2 of decision table 't' has 1 input entry but the table has 2 inputs"),
    ('<inputEntry><text>1</text></inputEntry><inputEntry><text>2</text></inputEntry>'
     '<inputEntry><text>3</text></inputEntry><outputEntry><text>"a"</text></outputEntry>',
     "has 3 input entries but the table has 2 inputs"),
    ('<inputEntry><text>1</text></inputEntry><inputEntry><text>2</text></inputEntry>',
     "rule 2 of decision table 't' has 0 output entries but the table has 1 output"),
])
def test_a_rule_with_an_entry_too_many_or_too_few(tmp_path, entries, says):
    # A rule that lost a cell (or gained one) in an editor: one line at the rule, not a
    # table that cannot be compiled.
    rule = '<rule>\n<inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>' \
        '<outputEntry><text>"b"</text></outputEntry></rule>'
    path = write(tmp_path, '<decision name="x"><decisionTable id="t">'
                           '<input><inputExpression><text>p</text></inputExpression></input>'
                           '<input><inputExpression><text>q</text></inputExpression></input>'
                           f'<output/>{rule}\n<rule>{entries}</rule></decisionTable></decision>')
    error = refused(path)
    assert says in error.message and error.line == 5   # the second rule's line


def test_bad_aggregation(tmp_path):
    path = write(tmp_path, '<decision name="x"><decisionTable hitPolicy="COLLECT" '
                           'aggregation="AVG"><output/></decisionTable></decision>')
    assert "AVG" in refused(path).message


def test_bad_function_kind(tmp_path):
    path = write(tmp_path, '<decision name="x"><functionDefinition kind="Python"/></decision>')
    assert "Python" in refused(path).message


def test_bad_boolean(tmp_path):
    path = write(tmp_path, '<itemDefinition name="t" isCollection="yes"/>')
    assert "isCollection" in refused(path).message


def test_duplicate_id(tmp_path):
    path = write(tmp_path, '<inputData id="a" name="x"/>\n<inputData id="a" name="y"/>')
    error = refused(path)
    assert "'a'" in error.message and "line 3" in error.message and error.line == 4


def test_mixed_dmn_namespaces(tmp_path):
    path = write(tmp_path, '<decision xmlns="http://www.omg.org/spec/DMN/20180521/MODEL/" '
                           'name="x"/>')
    assert "DMN 1.2" in refused(path).message


def test_context_entry_without_expression(tmp_path):
    path = write(tmp_path, '<decision name="x"><context><contextEntry><variable name="a"/>'
                           '</contextEntry></context></decision>')
    assert "context entry 'a' has no expression" in refused(path).message


def test_conditional_missing_branch(tmp_path):
    path = write(tmp_path, '<decision name="x"><conditional>'
                           '<if><literalExpression><text>true</text></literalExpression></if>'
                           '<then><literalExpression><text>1</text></literalExpression></then>'
                           '</conditional></decision>')
    assert "<else>" in refused(path).message


def test_input_clause_without_expression(tmp_path):
    path = write(tmp_path, '<decision name="x"><decisionTable><input/><output/>'
                           '</decisionTable></decision>')
    assert "inputExpression" in refused(path).message


def test_foreign_elements_and_extensions_are_ignored(tmp_path):
    path = write(tmp_path, '<extensionElements><whatever/></extensionElements>\n'
                           '<x:vendor xmlns:x="http://vendor"/>\n'
                           '<decision name="x"><x:note xmlns:x="http://vendor"/>'
                           '<literalExpression><text>1</text></literalExpression></decision>')
    d = read_definitions(path)
    assert d.decisions[0].expression.text == "1"


def test_errors_print_as_one_located_line(tmp_path):
    path = write(tmp_path, '<decision name="x"><bogus/></decision>')
    with pytest.raises(ModelError) as info:
        read_definitions(path)
    assert str(info.value).startswith(f"{path}:3: error: ")
