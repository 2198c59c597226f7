"""graph.draw: one function, three formats, the deciding path marked, text always escaped."""
from __future__ import annotations

import re
import textwrap

import pytest
from lxml import etree

from dmnlaw.api import load
from dmnlaw.memo import graph
from dmnlaw.memo.graph import draw, text_width, wrap

SVG = "{http://www.w3.org/2000/svg}"
PATH_COLOUR = graph.PATH


def svg_tree(text: str) -> etree._Element:
    return etree.fromstring(text.encode("utf-8"))


def test_svg_is_standalone_and_names_every_element(mini):
    root = svg_tree(draw(mini, "svg"))
    assert root.tag == SVG + "svg"
    assert root.get("viewBox") and root.get("width") and root.get("height")
    text = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    for name in ("时间效力", "主体资格", "义务范围", "第286条之一责任", "量刑幅度", "服务类型", "《刑法》第286条之一"):
        assert name in text
    # nothing to run and nothing to fetch
    assert not list(root.iter(SVG + "script"))
    assert not [a for el in root.iter() for a in el.attrib if a.endswith("href")]


def test_english_labels(mini):
    text = draw(mini, "svg", lang="en")
    assert "Temporal scope" in text and "时间效力" not in text


def test_the_deciding_path_is_marked(mini):
    on_path = {"temporal_scope", "conduct_date"}
    root = svg_tree(draw(mini, "svg", on_path))
    marked = {g.findtext(SVG + "text") for g in root.iter(SVG + "g")
              if g[0].get("stroke") == PATH_COLOUR}
    assert marked == {"时间效力", "行为日期"}
    red_edges = [p for p in root.iter(SVG + "path") if p.get("stroke") == PATH_COLOUR and p.get("fill") == "none"]
    assert len(red_edges) == 1          # conduct_date → temporal_scope, nothing else


def test_graph_keys_work_as_well_as_names(mini):
    key = mini.decisions["temporal_scope"]
    assert draw(mini, "svg", {key}) == draw(mini, "svg", {"temporal_scope"})


def test_notes_appear_under_decisions(mini):
    text = draw(mini, "svg", notes={"liability_286_1": "构成犯罪"})
    assert "构成犯罪" in text


def test_kinds_leave_out_facts(mini):
    text = draw(mini, "svg", kinds=("decision",))
    assert "服务类型" not in text and "时间效力" in text
    assert "服务类型" not in draw(mini, "mermaid", kinds=("decision",))


def test_layout_columns_follow_requirements_and_boxes_do_not_overlap(legal):
    lay = graph._layout(legal, "zh", frozenset(graph.KINDS), True)
    boxes = {k: b for k, b in lay.boxes.items() if not b.dummy}
    for u, v, kind, chain in lay.edges:
        assert boxes[u].layer < boxes[v].layer, (u, v)
        assert len(chain) == boxes[v].layer - boxes[u].layer - 1
    by_layer: dict[int, list] = {}
    for b in boxes.values():
        by_layer.setdefault(b.layer, []).append(b)
    for column in by_layer.values():
        column.sort(key=lambda b: b.y)
        for a, b in zip(column, column[1:]):
            assert a.y + a.h / 2 <= b.y - b.h / 2 + 0.01, (a.key, b.key)
    for b in boxes.values():
        assert 0 <= b.x and b.x + b.w <= lay.width and 0 <= b.y - b.h / 2 and b.y + b.h / 2 <= lay.height


def test_dot(mini):
    text = draw(mini, "dot", {"temporal_scope", "conduct_date"})
    assert text.startswith("digraph drg {") and text.rstrip().endswith("}")
    assert text.count(" -> ") == mini.graph.number_of_edges()
    assert 'label="时间效力"' in text
    assert re.search(r'label="时间效力".*penwidth=2\.4', text)
    assert "style=dashed, arrowhead=dot" in text        # authority requirements


def test_mermaid(mini):
    text = draw(mini, "mermaid", {"temporal_scope", "conduct_date"}, notes={"temporal_scope": "适用"})
    assert text.startswith("flowchart LR\n")
    assert '["时间效力<br/><small>适用</small>"]' in text
    assert "classDef path" in text and re.search(r"class n\d+,n\d+ path;", text)
    assert "linkStyle" in text


HOSTILE = textwrap.dedent('''\
    <?xml version="1.0" encoding="UTF-8"?>
    <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="h" name="h" namespace="urn:h">
      <inputData id="i" name="x" label="a &quot;quoted&quot; &lt;b&gt;fact&lt;/b&gt; #1 `tick`"><variable name="x" typeRef="string"/></inputData>
      <decision id="d" name="y" label="&lt;script&gt;alert(1)&lt;/script&gt;">
        <variable name="y" typeRef="string"/>
        <informationRequirement><requiredInput href="#i"/></informationRequirement>
        <literalExpression><text>x</text></literalExpression>
      </decision>
    </definitions>
    ''')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "h.dmn"
    path.write_text(HOSTILE, encoding="utf-8")
    return load(path)


def test_labels_are_escaped_in_every_format(hostile):
    svg = draw(hostile, "svg", {"y"}, notes={"y": "<b>&"})
    root = svg_tree(svg)                               # still well-formed XML
    assert "<script>" not in svg and not list(root.iter(SVG + "script"))
    assert "&lt;script&gt;" in svg and "&lt;b&gt;&amp;" in svg
    dot = draw(hostile, "dot")
    assert 'label="a \\"quoted\\" <b>fact</b> #1 `tick`"' in dot
    mermaid = draw(hostile, "mermaid")
    assert "<script>" not in mermaid and "`" not in mermaid
    assert "#quot;quoted#quot;" in mermaid and "#lt;script#gt;" in mermaid


def test_unknown_format(mini):
    with pytest.raises(ValueError, match="svg, dot, mermaid"):
        draw(mini, "png")


def test_text_measure_and_wrap():
    assert text_width("网络") == 2 * graph.FONT_SIZE
    assert text_width("a") < text_width("网") < text_width("abc")
    lines = wrap("第286条之一的责任与第287条之二的责任以及定罪", width=60)
    assert all(text_width(ln) <= 60 for ln in lines) and 1 < len(lines) <= graph.MAX_LINES
    assert lines[-1].endswith("…")
    # Latin text breaks at spaces and after underscores, never inside a word
    lines = wrap("liability_286_1 of the provider", width=80)
    assert "".join(lines).replace(" ", "") == "liability_286_1oftheprovider"
    assert all(text_width(ln) <= 80 for ln in lines) and "provider" in lines[-1]


def test_the_legal_model_draws_every_decision(legal):
    text = draw(legal, "svg", kinds=("decision",))
    for name in legal.decisions:
        label = legal.node(name).element.label
        assert graph.wrap(label)[0] in text
