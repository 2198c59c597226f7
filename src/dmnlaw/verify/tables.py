"""Decision-table verification: overlaps judged by the hit policy, gaps, masked and
unreachable rules, values outside the allowed ones, FEEL errors in cells.

The method is that of Calvanese, Dumas, Laurson, Maggi, Montali, Teinemaa, "Semantics
and Analysis of DMN Decision Tables" (BPM 2016; extended 2018), and of KIE's DMN
validation: each rule is a box in the product of the columns' domains
(:mod:`.domains` turns each entry into a bitmask of atoms), so

* two rules *overlap* where their boxes intersect in every column — an error under
  UNIQUE, and under ANY when the outputs differ; rules that all overlap in one common
  input are reported once, as a group;
* a *gap* is an input combination in no box, found by a sweep over the columns that
  splits each column into the classes of atoms the active rules agree on, then merged
  into maximal boxes; null is a value of every column, so a table that says nothing for
  a missing fact has a gap. Only single-hit tables without a default output are
  checked for gaps (a COLLECT table that matches nothing returns its empty result);
* under FIRST a rule whose box the earlier rules cover, and under PRIORITY one that
  rules with outputs of higher priority cover, is *masked*: it is never the answer;
* a rule with an entry that matches no value *can never match*.

An entry that cannot be reasoned about is opaque: it may match nothing (for overlaps
and for masking others) and anything (for gaps and for being masked), so it never makes
a defect appear that is not there.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import networkx as nx

from .. import model as m
from ..errors import DmnlawError
from ..feel import nodes as fn
from ..feel.parser import NameIndex, parse_expression, parse_unary_tests
from . import domains as d
from .columns import ColumnType
from .findings import Finding, from_error, rule_list

SINGLE_HIT = ("UNIQUE", "ANY", "PRIORITY", "FIRST")

# Nodes the gap sweep may visit in one table before it gives up with a warning (the legal
# model's tables need a few hundred), the same for proving one rule masked, and the most
# gaps reported per table (each is one maximal box; more say the table needs rethinking).
SWEEP_LIMIT = 20_000
MASK_LIMIT = 2_000
MAX_GAPS = 20

Box = tuple[int, ...]  # one atom mask per column


@dataclass(frozen=True, slots=True)
class _Rule:
    rule: m.Rule
    lo: Box
    hi: Box
    outputs: tuple[Any, ...] | None  # constant output values, None when not all constant
    output_texts: tuple[str, ...]


class _Parse:
    """Parses a table's FEEL texts, turning syntax errors into findings."""

    def __init__(self, names: NameIndex, table: str) -> None:
        self.names = names
        self.table = table
        self.findings: list[Finding] = []

    def tests(self, text: str | None, source: m.Source, line: int | None, what: str) -> fn.UnaryTests | None:
        if text is None:
            return None
        try:
            return parse_unary_tests(text, self.names)
        except DmnlawError as e:
            self._error(e, source, line, what)
            return None

    def expression(self, text: str, source: m.Source, line: int | None, what: str) -> fn.Node | None:
        if not text.strip():
            return None
        try:
            return parse_expression(text, self.names)
        except DmnlawError as e:
            self._error(e, source, line, what)
            return None

    def _error(self, e: DmnlawError, source: m.Source, line: int | None, what: str) -> None:
        e.file, e.line, e.element = source.file, line or source.line, None
        f = from_error(e, "feel")
        self.findings.append(Finding("error", "feel", f"table '{self.table}', {what}: {f.message}",
                                     f.file, f.line, table=self.table))


def analyse(table: m.DecisionTable, name: str, inputs: list[ColumnType],
            outputs: list[ColumnType], names: NameIndex | None = None) -> list[Finding]:
    """Verify one decision table.

    ``name`` names the table in messages; ``inputs``/``outputs`` are the columns' types and
    allowed values (:mod:`.columns`); ``names`` the multi-word names in scope for parsing.
    Returns the findings, in the order: FEEL errors, values outside the allowed ones,
    unreachable rules, overlaps or masked rules, gaps.
    """
    names = names or NameIndex()
    where = f"table '{name}'"
    p = _Parse(names, name)
    findings: list[Finding] = []
    allowed = [p.tests(t.allowed, t.allowed_source or table.source, None,
                       f"allowed values of input {k + 1}") for k, t in enumerate(inputs)]
    for k, clause in enumerate(table.inputs):
        p.expression(clause.expression.text, clause.expression.source, clause.expression.text_line,
                     f"input {k + 1} expression")
    cells = [[p.tests(e.text, e.source, e.text_line, f"rule {r.number}, input {k + 1}")
              for k, e in enumerate(r.input_entries)] for r in table.rules]
    out_allowed = [p.tests(t.allowed, t.allowed_source or table.source, None,
                           f"allowed values of output {k + 1}") for k, t in enumerate(outputs)]
    out_cells = [[p.expression(e.text, e.source, e.text_line, f"rule {r.number}, output {k + 1}")
                  for k, e in enumerate(r.output_entries)] for r in table.rules]
    defaults = [p.expression(o.default_output_entry or "", o.source, None, f"default of output {k + 1}")
                for k, o in enumerate(table.outputs)]
    findings += p.findings
    for r in table.rules:
        if len(r.input_entries) != len(table.inputs) or len(r.output_entries) != len(table.outputs):
            findings.append(Finding(
                "error", "model", f"{where}, rule {r.number} has {len(r.input_entries)} input and "
                f"{len(r.output_entries)} output entries, but the table has {len(table.inputs)} "
                f"inputs and {len(table.outputs)} outputs", r.source.file, r.source.line,
                table=name, rules=(r.number,)))
            return findings

    columns = [d.build_column(_column_name(c, k), t.kind, a, [row[k] for row in cells])
               for k, (c, t, a) in enumerate(zip(table.inputs, inputs, allowed))]
    size = len(table.rules) * max((len(col.atoms) for col in columns), default=1)
    if size > _ANALYSIS_LIMIT:
        # Each rule's entries are tested against every value the column distinguishes, and
        # rules against each other: a table this large would take minutes.
        findings.append(Finding(
            "warning", "incomplete",
            f"{where} is too large to verify ({len(table.rules)} rules over "
            f"{max(len(col.atoms) for col in columns)} distinct values in one column): "
            "overlaps, masked rules and gaps are not checked", table.source.file,
            table.source.line, table=name))
        return findings
    rules: list[_Rule] = []
    for r, row, outs in zip(table.rules, cells, out_cells):
        sets = [d.entry_sets(col, tests) for col, tests in zip(columns, row)]
        for col, entry, s in zip(columns, r.input_entries, sets):
            if s.outside:
                findings.append(Finding(
                    "error", "input-value",
                    f"{where}, rule {r.number}: input '{col.name}' entry {entry.text.strip()} "
                    f"is not among its allowed values ({_allowed_text(col, inputs[columns.index(col)])})",
                    entry.source.file, entry.text_line or r.source.line, table=name, rules=(r.number,)))
        consts = [d.constant(o) if o is not None else None for o in outs]
        rules.append(_Rule(r, tuple(s.lo for s in sets), tuple(s.hi for s in sets),
                           tuple(c for c in consts) if all(consts) else None,  # type: ignore[misc]
                           tuple(e.text.strip() for e in r.output_entries)))
        for k, (col, s) in enumerate(zip(columns, sets)):
            if not s.hi and not s.outside:
                entry = r.input_entries[k]
                findings.append(Finding(
                    "warning", "unreachable",
                    f"{where}, rule {r.number} can never match: input '{col.name}' entry "
                    f"{entry.text.strip()} matches no value", entry.source.file,
                    entry.text_line or r.source.line, table=name, rules=(r.number,)))
                break

    findings += _output_values(table, name, outputs, out_allowed, out_cells, defaults)
    live = [r for r in rules if all(r.hi)]
    policy = table.hit_policy
    if policy == "UNIQUE":
        findings += _overlaps(live, columns, name, any_policy=False)
    elif policy == "ANY":
        findings += _overlaps(live, columns, name, any_policy=True)
    elif policy == "FIRST":
        findings += _masked(live, columns, name, lambda r, q: q.rule.number < r.rule.number,
                            "under FIRST they match every input it matches")
    elif policy == "PRIORITY":
        rank = _priority(table, out_allowed)
        if rank is not None:
            findings += _masked(live, columns, name,
                                lambda r, q: None not in (rank(q), rank(r)) and rank(q) < rank(r),
                                "their outputs have higher priority wherever it matches")
    has_default = any((o.default_output_entry or "").strip() for o in table.outputs)
    if policy in SINGLE_HIT and not has_default:
        findings += _gaps(table, rules, columns, name)
    return findings


# Most characters of one column's tests a message shows.
_SHOWN_TESTS = 160
# Most rules × distinct column values analyse() verifies (about ten seconds of work).
_ANALYSIS_LIMIT = 250_000


def _column_name(clause: m.InputClause, k: int) -> str:
    text = " ".join(clause.expression.text.split())
    return text or clause.label or f"input {k + 1}"


def _allowed_text(col: d.Column, t: ColumnType) -> str:
    if t.allowed:
        return " ".join(t.allowed.split())
    return f"a {col.kind}"


# --- outputs ---------------------------------------------------------------------------------

def _output_values(table: m.DecisionTable, name: str, outputs: list[ColumnType],
                   allowed: list[fn.UnaryTests | None], cells: list[list[fn.Node | None]],
                   defaults: list[fn.Node | None]) -> Iterator[Finding]:
    """Errors for constant output entries and defaults that the output values do not admit."""
    for k, (clause, tests) in enumerate(zip(table.outputs, allowed)):
        if tests is None:
            continue
        label = clause.name or clause.label or f"output {k + 1}"
        allowed_text = " ".join((outputs[k].allowed or "").split())
        for r, row in zip(table.rules, cells):
            node = row[k] if k < len(row) else None
            value = d.constant(node) if node is not None else None
            if value is not None and d.admits(tests, value) is False:
                e = r.output_entries[k]
                yield Finding("error", "output-value",
                              f"table '{name}', rule {r.number}: output '{label}' value "
                              f"{e.text.strip()} is not among its output values ({allowed_text})",
                              e.source.file, e.text_line or r.source.line, table=name,
                              rules=(r.number,))
        node = defaults[k]
        value = d.constant(node) if node is not None else None
        if value is not None and d.admits(tests, value) is False:
            yield Finding("error", "output-value",
                          f"table '{name}': default output '{label}' value "
                          f"{(clause.default_output_entry or '').strip()} is not among its "
                          f"output values ({allowed_text})", clause.source.file,
                          clause.source.line, table=name)


def _priority(table: m.DecisionTable, allowed: list[fn.UnaryTests | None]):
    """A function rule → priority tuple (lower is higher priority), from the order of the
    output values lists; None when some output has no list of constants."""
    orders: list[list[Any]] = []
    for tests in allowed:
        if tests is None or tests.negated or tests.any:
            return None
        values = []
        for t in tests.tests:
            c = d.constant(t.value) if isinstance(t, fn.UnaryExpr) else None
            if c is None:
                return None
            values.append(c)
        orders.append(values)

    def rank(r: _Rule) -> tuple[int, ...] | None:
        if r.outputs is None or any(v not in o for o, v in zip(orders, r.outputs)):
            return None  # an output not in the list: its priority is not known
        return tuple(o.index(v) for o, v in zip(orders, r.outputs))

    return rank


# --- overlaps and masking ---------------------------------------------------------------------

def _meet(boxes: list[Box]) -> Box:
    out = list(boxes[0])
    for b in boxes[1:]:
        out = [x & y for x, y in zip(out, b)]
    return tuple(out)


def _example(columns: list[d.Column], box: Box) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """(shown example: constrained columns only, full example, region) for a box.

    The example prefers a non-null value in each column, so it reads like a real case.
    """
    shown: dict[str, str] = {}
    full: dict[str, Any] = {}
    region: dict[str, str] = {}
    for col, mask in zip(columns, box):
        mask &= col.domain
        atom = _pick(col, mask)
        key = d.example_key(col, atom)
        full[col.name] = d.python_key(col.kind, key) if col.kind != "unknown" or key is None else None
        if mask != col.domain:
            shown[col.name] = d.show_atom_example(col, atom)
            region[col.name] = d.describe(col, mask)
    return shown, full, region


def _pick(col: d.Column, mask: int) -> d.Atom:
    """The atom of ``mask`` to take an example from: a value before null, and for strings a
    stretch with a readable example before one without."""
    atoms = [a for i, a in enumerate(col.atoms) if mask >> i & 1]
    for atom in atoms:
        if atom.shape == "point" or (atom.shape == "between" and d.readable_example(col, atom)):
            return atom
    return atoms[0]


def _condition(column: str, tests: str) -> str:
    """``clicks < 50000``, ``service is "caching", "storage"``: a column and its tests
    (a long list of tests cut short: the finding's region has them all)."""
    if len(tests) > _SHOWN_TESTS:
        cut = tests.rfind(", ", 0, _SHOWN_TESTS)
        tests = tests[:cut if cut > 0 else _SHOWN_TESTS] + ", …" + (")" if tests.endswith(")") else "")
    if tests[:1] in "<>=!":
        return f"{column} {tests}"
    return f"{column} is {tests}"


def _show(example: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in example.items()) + "}"


def _overlaps(rules: list[_Rule], columns: list[d.Column], name: str,
              any_policy: bool) -> list[Finding]:
    """Errors for groups of rules that match a common input (with different outputs under ANY)."""
    g = nx.Graph()
    for i, r in enumerate(rules):
        for q in rules[i + 1:]:
            if all(x & y for x, y in zip(r.lo, q.lo)):
                if any_policy and not _outputs_differ(r, q):
                    continue
                g.add_edge(r.rule.number, q.rule.number)
    by_number = {r.rule.number: r for r in rules}
    groups: list[list[int]] = []
    for clique in nx.find_cliques(g):
        clique = sorted(clique)
        if all(_meet([by_number[n].lo for n in clique])):
            groups.append(clique)
        else:
            # No input matches them all (the columns are not intervals): report pairs.
            groups += [[a, b] for a in clique for b in clique if a < b and g.has_edge(a, b)]
    seen: set[tuple[int, ...]] = set()
    findings = []
    for group in sorted(groups):
        if tuple(group) in seen:
            continue
        seen.add(tuple(group))
        box = _meet([by_number[n].lo for n in group])
        shown, full, region = _example(columns, box)
        first = by_number[group[0]].rule
        on = _show(shown) if shown else "every input"
        differ = " with different outputs" if any_policy else ""
        findings.append(Finding(
            "error", "overlap", f"table '{name}', {rule_list(group)} overlap on {on}{differ}",
            first.source.file, first.source.line, table=name, rules=tuple(group),
            example=full, region=region))
    return findings


def _outputs_differ(r: _Rule, q: _Rule) -> bool:
    if r.output_texts == q.output_texts:
        return False
    if r.outputs is None or q.outputs is None:
        return False  # not known to differ: no error on a guess
    return r.outputs != q.outputs


def _masked(rules: list[_Rule], columns: list[d.Column], name: str, before, why: str) -> list[Finding]:
    """Warnings for rules that the rules ``before`` them (a predicate) cover entirely."""
    findings = []
    for r in rules:
        earlier = [q for q in rules if q is not r and before(r, q)
                   and all(x & y for x, y in zip(r.hi, q.lo))]
        if not earlier:
            continue
        gaps, complete = _uncovered(r.hi, [q.lo for q in earlier], MASK_LIMIT, stop_at_first=True)
        if complete and not gaps:
            numbers = [q.rule.number for q in earlier]
            findings.append(Finding(
                "warning", "masked",
                f"table '{name}', rule {r.rule.number} is masked by {rule_list(numbers)}: {why}",
                r.rule.source.file, r.rule.source.line, table=name,
                rules=(r.rule.number, *numbers)))
    return findings


# --- gaps -------------------------------------------------------------------------------------

def _gaps(table: m.DecisionTable, rules: list[_Rule], columns: list[d.Column], name: str) -> list[Finding]:
    domain = tuple(c.domain for c in columns)
    boxes = [r.hi for r in rules if all(r.hi)]
    gaps, complete = _uncovered(domain, boxes, SWEEP_LIMIT)
    findings = []
    reported = _maximal(gaps, boxes, domain)
    for box in reported:
        shown, full, region = _example(columns, box)
        if region:
            when = " and ".join(_condition(k, v) for k, v in region.items())
            text = f"table '{name}': no rule matches when {when}, e.g. {_show(shown)}"
        else:
            text = f"table '{name}': no rule matches any input"
        findings.append(Finding("error", "gap", text, table.source.file, table.source.line,
                                table=name, example=full, region=region))
    covered = all(any(all(x & ~y == 0 for x, y in zip(g, b)) for b in reported) for g in gaps)
    if not covered:
        findings.append(Finding(
            "error", "gap", f"table '{name}': more input combinations that no rule matches than "
            f"the {MAX_GAPS} gaps shown", table.source.file, table.source.line, table=name))
    if not complete:
        findings.append(Finding(
            "warning", "incomplete", f"table '{name}': too many input combinations to look for "
            f"gaps completely", table.source.file, table.source.line, table=name))
    return findings


def _uncovered(region: Box, boxes: list[Box], limit: int,
               stop_at_first: bool = False) -> tuple[list[Box], bool]:
    """The parts of ``region`` that no box covers, as disjoint boxes; and whether the sweep
    finished within ``limit`` steps (or, with ``stop_at_first``, found one part and stopped).

    Column by column, the atoms of the region are grouped by the set of boxes that contain
    them; each group is followed with only those boxes, and a branch ends when no box is
    left (an uncovered box) or a box covers the rest of the region.
    """
    n = len(region)
    out: list[Box] = []
    steps = 0

    def sweep(col: int, prefix: tuple[int, ...], active: list[Box]) -> bool:
        nonlocal steps
        steps += 1
        if steps > limit:
            return False
        if not active:
            out.append(prefix + region[col:])
            return not stop_at_first
        if col == n or any(all(b[c] & region[c] == region[c] for c in range(col, n)) for b in active):
            return True
        groups: dict[tuple[int, ...], int] = {}
        mask = region[col]
        while mask:
            bit = mask & -mask
            mask ^= bit
            key = tuple(i for i, b in enumerate(active) if b[col] & bit)
            groups[key] = groups.get(key, 0) | bit
        for key, atoms in groups.items():
            if not sweep(col + 1, prefix + (atoms,), [active[i] for i in key]):
                return False
        return True

    if any(not m for m in region):
        return [], True
    complete = sweep(0, (), list(boxes)) or (stop_at_first and bool(out))
    return out, complete


def _maximal(gaps: list[Box], rules: list[Box], domain: Box) -> list[Box]:
    """Grow each uncovered box column by column, atom by atom, while no rule meets it; keep
    the boxes no other contains. The result covers every gap with boxes as large as they
    can be (they may overlap), so each is reported in its most general form."""
    def clear(box: list[int]) -> bool:
        return all(any(not (x & y) for x, y in zip(box, r)) for r in rules)

    grown: list[Box] = []
    for gap in gaps:
        if len(grown) >= MAX_GAPS:
            break
        if any(all(x & ~y == 0 for x, y in zip(gap, g)) for g in grown):
            continue  # already inside a reported gap
        box = list(gap)
        for c, dom in enumerate(domain):
            if box[c] == dom:
                continue
            trial = box.copy()
            trial[c] = dom
            if clear(trial):
                box = trial
                continue
            missing = dom & ~box[c]
            while missing:
                bit = missing & -missing
                missing ^= bit
                trial = box.copy()
                trial[c] |= bit
                if clear(trial):
                    box = trial
        grown.append(tuple(box))
    unique = list(dict.fromkeys(grown))
    return [b for b in unique
            if not any(o != b and all(x & ~y == 0 for x, y in zip(b, o)) for o in unique)]
