"""Drawing the decision requirements graph as SVG, Graphviz DOT or Mermaid.

:func:`draw` is the one entry point; the memo's appendix and ``dmnlaw graph`` both call it.
SVG is laid out here (no Graphviz binary needed), left to right in the Sugiyama manner:

1. layers — every element one column right of the last thing it requires; facts and
   knowledge sources sit just left of their first user, so their edges stay short;
2. dummy points break edges that span several columns, so no edge crosses a box;
3. the order inside each column is improved by barycentre sweeps, keeping the order with
   the fewest crossings;
4. vertical positions are the least-squares fit to the neighbours' positions that keeps the
   boxes apart (isotonic regression), a few sweeps back and forth.

The layout depends only on the model, the language and the kinds of element drawn, so it is
computed once and kept (weakly) with the model; highlighting and notes only change how it is
painted, and recent paintings are kept too.
"""
from __future__ import annotations

import html
import math
import threading
import weakref
from collections import OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

FORMATS: tuple[str, ...] = ("svg", "dot", "mermaid")
KINDS: tuple[str, ...] = ("decision", "input", "bkm", "service", "knowledge_source")

# Typography and spacing, in SVG user units (CSS px).
# Unquoted names: WeasyPrint's SVG text reads a plain comma list (with quotes it fell back
# to fontconfig's default CJK face, the Japanese one).
FONT = "Noto Sans CJK SC, Source Han Sans SC, PingFang SC, Microsoft YaHei, sans-serif"
FONT_SIZE = 12.0
LINE = 15.0
NOTE_SIZE = 10.5
PAD_X, PAD_Y = 9.0, 7.0
MAX_TEXT = 128.0            # a label wraps beyond this width
MIN_BOX = 72.0
MIN_NOTE_BOX = 112.0        # a decision box wide enough for a short value under its name
MAX_LINES = 3
GAP_X, GAP_Y = 46.0, 12.0   # between columns / between boxes of a column
MARGIN = 8.0
SWEEPS = 12

# Paint: the deciding path is dark red and heavier, so it survives black-and-white printing.
INK, MUTED, PATH = "#1f2933", "#7b8794", "#9b1c1c"
FILL = {"decision": "#ffffff", "input": "#f3f6f9", "bkm": "#f5f3ff",
        "service": "#ffffff", "knowledge_source": "#fffbeb"}
PATH_FILL = "#fdecec"

_lock = threading.Lock()
_layouts: "weakref.WeakKeyDictionary[Any, dict[tuple[str, frozenset[str], bool], _Layout]]" = \
    weakref.WeakKeyDictionary()
_label_cache: "weakref.WeakKeyDictionary[Any, dict[str, dict[str, str]]]" = weakref.WeakKeyDictionary()


def draw(model: Any, fmt: str = "svg", highlight: Collection[str] | None = None, lang: str = "zh",
         *, notes: Mapping[str, str] | None = None, kinds: Collection[str] | None = None,
         font: str = FONT) -> str:
    """Draw ``model``'s decision requirements graph.

    ``fmt`` is ``svg`` (a standalone ``<svg>`` element, fonts named, no scripts or external
    references), ``dot`` (Graphviz) or ``mermaid`` (a ``flowchart LR``). ``highlight`` names
    the elements on the path that decided a case (element names or graph keys); they and the
    edges between them are marked. ``lang`` chooses the labels: ``zh`` the model's labels,
    ``en`` English names from the memo catalogue. ``notes`` adds a short second text to
    elements by name (the memo puts each decision's value there). ``kinds`` limits the
    drawing to those element kinds (of ``KINDS``; all by default) — the memo draws the
    decisions alone, since fifty facts and a dozen sources make the graph unreadable on a
    page. ``font`` is the SVG's font-family list. Returns the drawing as text; raises
    ValueError for an unknown format or language.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown graph format {fmt!r}; choose one of {', '.join(FORMATS)}")
    shown = frozenset(KINDS if kinds is None else kinds)
    hl = _resolve(model.graph, highlight or ())
    notes = dict(notes or {})
    if fmt == "svg":
        return _svg_cached(model, lang, shown, frozenset(hl), tuple(sorted(notes.items())), font)
    nodes = _visible_nodes(model.graph, shown)
    labels = _labels(model, lang)
    if fmt == "dot":
        return _dot(model.graph, nodes, labels, hl, notes)
    return _mermaid(model.graph, nodes, labels, hl, notes)


# --- shared ----------------------------------------------------------------------------

def _resolve(g: nx.DiGraph, names: Collection[str]) -> set[str]:
    """Graph keys for element names or keys."""
    wanted = set(names)
    return {k for k, d in g.nodes(data=True) if k in wanted or d["node"].name in wanted}


def _visible_nodes(g: nx.DiGraph, kinds: frozenset[str]) -> list[str]:
    return [k for k, d in g.nodes(data=True) if d["node"].kind in kinds]


def _words(lang: str) -> Any:
    # Imported here: render imports graph, and the catalogue lives with the templates.
    from .render import words

    return words(lang)


def _labels(model: Any, lang: str) -> dict[str, str]:
    """Every element's label in ``lang`` by graph key, worked out once per model."""
    with _lock:
        per_model = _label_cache.setdefault(model, {})
        found = per_model.get(lang)
    if found is None:
        w = _words(lang)
        found = {k: w.element(d["node"].name, d["node"].element.label) for k, d in model.graph.nodes(data=True)}
        with _lock:
            per_model[lang] = found
    return found


def _edges(g: nx.DiGraph, nodes: Collection[str]) -> list[tuple[str, str, str]]:
    keep = set(nodes)
    return [(u, v, k or "information") for u, v, k in g.edges(data="kind") if u in keep and v in keep]


# --- SVG layout ---------------------------------------------------------------------------

def text_width(s: str, size: float = FONT_SIZE) -> float:
    """Estimated advance width of ``s``: CJK and full-width forms one em, the rest about half."""
    w = 0.0
    for ch in s:
        o = ord(ch)
        if o >= 0x2E80 or 0xFF00 <= o <= 0xFFEF or ch in "·…—“”‘’":
            w += 1.0
        elif ch in "il.,:;|'!()[] ":
            w += 0.32
        elif ch.isupper() or ch in "mwMW@%":
            w += 0.72
        else:
            w += 0.56
    return w * size


def wrap(s: str, width: float = MAX_TEXT, size: float = FONT_SIZE, max_lines: int = MAX_LINES) -> list[str]:
    """Break ``s`` into lines no wider than ``width``: between CJK characters anywhere, Latin
    text at spaces and underscores; the last line ends with … when text is left over."""
    tokens: list[str] = []
    word = ""
    for ch in s:
        if ord(ch) >= 0x2E80:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(ch)
        elif ch in " _":
            tokens.append(word + ch)
            word = ""
        else:
            word += ch
    if word:
        tokens.append(word)
    lines: list[str] = []
    cur = ""
    for tok in tokens:
        if cur and text_width(cur + tok.rstrip(), size) > width:
            lines.append(cur.rstrip())
            cur = tok.lstrip()
        else:
            cur += tok
    if cur.strip():
        lines.append(cur.rstrip())
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = ellipsize(lines[-1] + "…", width, size)
    return [ln if text_width(ln, size) <= width else ellipsize(ln, width, size) for ln in lines]


def ellipsize(s: str, width: float, size: float) -> str:
    """``s`` cut to ``width`` with a trailing … when it is too wide."""
    if text_width(s, size) <= width:
        return s
    while s and text_width(s + "…", size) > width:
        s = s[:-1]
    return s + "…"


@dataclass
class _Box:
    key: str
    kind: str
    lines: list[str]
    w: float
    h: float
    layer: int = 0
    y: float = 0.0           # centre
    x: float = 0.0           # left edge
    dummy: bool = False


@dataclass
class _Layout:
    boxes: dict[str, _Box]
    # (source key, target key, kind, dummy keys in between)
    edges: list[tuple[str, str, str, list[str]]]
    width: float
    height: float
    note_line: bool
    columns: list[tuple[float, float]] = field(default_factory=list)  # (left, right) per layer


def _layout(model: Any, lang: str, kinds: frozenset[str], note_line: bool) -> _Layout:
    key = (lang, kinds, note_line)
    with _lock:
        lay = _layouts.setdefault(model, {}).get(key)
    if lay is None:
        # Computed outside the lock (it takes the lock itself for the labels); two threads
        # may both compute it once, with the same result.
        lay = _compute_layout(model, lang, kinds, note_line)
        with _lock:
            _layouts[model][key] = lay
    return lay


def _compute_layout(model: Any, lang: str, kinds: frozenset[str], note_line: bool) -> _Layout:
    g = model.graph
    labels = _labels(model, lang)
    nodes = _visible_nodes(g, kinds)
    edges = _edges(g, nodes)
    boxes: dict[str, _Box] = {}
    for k in nodes:
        node = g.nodes[k]["node"]
        lines = wrap(labels[k]) or [""]
        w = max(MIN_BOX, max(text_width(ln) for ln in lines) + 2 * PAD_X)
        h = len(lines) * LINE + 2 * PAD_Y
        if note_line and node.kind == "decision":
            h += LINE - 2
            w = max(w, MIN_NOTE_BOX)
        if node.kind == "knowledge_source":
            h += 6  # the wavy bottom edge
        boxes[k] = _Box(k, node.kind, lines, w, h)

    layer = _layers(nodes, edges)
    for k, b in boxes.items():
        b.layer = layer[k]
    n_layers = max(layer.values(), default=0) + 1

    # Dummy points on long edges.
    routed: list[tuple[str, str, str, list[str]]] = []
    for i, (u, v, kind) in enumerate(edges):
        chain: list[str] = []
        lu, lv = layer[u], layer[v]
        step = 1 if lv > lu else -1
        for lay in range(lu + step, lv, step):
            d = f"\0dummy{i}:{lay}"
            boxes[d] = _Box(d, "dummy", [], 0.0, 4.0, lay, dummy=True)
            chain.append(d)
        routed.append((u, v, kind, chain))

    columns: list[list[str]] = [[] for _ in range(n_layers)]
    for k, b in boxes.items():  # document order, then dummies in edge order
        columns[b.layer].append(k)
    up: dict[str, list[str]] = {k: [] for k in boxes}
    down: dict[str, list[str]] = {k: [] for k in boxes}
    for u, v, _, chain in routed:
        path = [u, *chain, v]
        for a, b in zip(path, path[1:]):
            if boxes[a].layer < boxes[b].layer:
                down[a].append(b)
                up[b].append(a)
            elif boxes[a].layer > boxes[b].layer:
                down[b].append(a)
                up[a].append(b)
    columns = _order(columns, up, down)
    _place(columns, boxes, up, down)

    # x: columns as wide as their widest box.
    x = MARGIN
    spans = []
    for col in columns:
        width = max((boxes[k].w for k in col), default=0.0)
        for k in col:
            boxes[k].x = x + (width - boxes[k].w) / 2
        spans.append((x, x + width))
        x += width + GAP_X
    top = min((b.y - b.h / 2 for b in boxes.values()), default=0.0)
    for b in boxes.values():
        b.y += MARGIN - top
    height = max((b.y + b.h / 2 for b in boxes.values()), default=0.0) + MARGIN
    return _Layout(boxes, routed, x - GAP_X + MARGIN, height, note_line, spans)


def _layers(nodes: list[str], edges: list[tuple[str, str, str]]) -> dict[str, int]:
    """Column per node: longest path from the sources; sources moved next to their users."""
    dag = nx.DiGraph()
    dag.add_nodes_from(nodes)
    dag.add_edges_from((u, v) for u, v, _ in edges)
    if not nx.is_directed_acyclic_graph(dag):
        # Authority requirements are not checked for cycles by the engine; lay out without them.
        dag.remove_edges_from([(u, v) for u, v, k in edges if k == "authority"])
        if not nx.is_directed_acyclic_graph(dag):
            dag.remove_edges_from(list(nx.find_cycle(dag)))
    position = {k: i for i, k in enumerate(nodes)}
    layer: dict[str, int] = {}
    for k in nx.lexicographical_topological_sort(dag, key=lambda n: position[n]):
        layer[k] = max((layer[p] + 1 for p in dag.predecessors(k)), default=0)
    for k in nodes:
        succ = list(dag.successors(k))
        if dag.in_degree(k) == 0 and succ:
            layer[k] = max(0, min(layer[s] for s in succ) - 1)
    return layer


def _crossings(upper: list[str], lower: list[str], down: dict[str, list[str]]) -> int:
    pos = {k: i for i, k in enumerate(lower)}
    pairs = [(i, pos[v]) for i, u in enumerate(upper) for v in down[u] if v in pos]
    return sum(1 for a in range(len(pairs)) for b in range(a + 1, len(pairs))
               if (pairs[a][0] - pairs[b][0]) * (pairs[a][1] - pairs[b][1]) < 0)


def _order(columns: list[list[str]], up: dict[str, list[str]], down: dict[str, list[str]]) -> list[list[str]]:
    def total(cols: list[list[str]]) -> int:
        return sum(_crossings(a, b, down) for a, b in zip(cols, cols[1:]))

    best = [list(c) for c in columns]
    best_score = total(best)
    cols = [list(c) for c in columns]
    for sweep in range(SWEEPS):
        forward = sweep % 2 == 0
        rng = range(1, len(cols)) if forward else range(len(cols) - 2, -1, -1)
        for i in rng:
            ref = cols[i - 1] if forward else cols[i + 1]
            pos = {k: j for j, k in enumerate(ref)}
            nbrs = up if forward else down

            def bary(item: tuple[int, str]) -> tuple[float, int]:
                j, k = item
                ps = [pos[n] for n in nbrs[k] if n in pos]
                return (sum(ps) / len(ps) if ps else float(j), j)

            cols[i] = [k for _, k in sorted(enumerate(cols[i]), key=bary)]
        score = total(cols)
        if score < best_score:
            best, best_score = [list(c) for c in cols], score
        if best_score == 0:
            break
    return best


def _isotonic(target: list[float], weight: list[float]) -> list[float]:
    """The non-decreasing sequence closest to ``target`` in weighted least squares (PAVA)."""
    blocks: list[list[float]] = []  # [mean, weight, count]
    for t, w in zip(target, weight):
        blocks.append([t, w, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            m2, w2, c2 = blocks.pop()
            m1, w1, c1 = blocks.pop()
            blocks.append([(m1 * w1 + m2 * w2) / (w1 + w2), w1 + w2, c1 + c2])
    out: list[float] = []
    for m, _, c in blocks:
        out.extend([m] * int(c))
    return out


def _place(columns: list[list[str]], boxes: dict[str, _Box], up: dict[str, list[str]],
           down: dict[str, list[str]]) -> None:
    """Vertical centres: stacked first, then pulled toward the neighbours, keeping the order."""
    for col in columns:
        y = 0.0
        for k in col:
            boxes[k].y = y + boxes[k].h / 2
            y += boxes[k].h + GAP_Y
        shift = y / 2
        for k in col:
            boxes[k].y -= shift
    for sweep in range(8):
        seq = list(enumerate(columns))
        for i, col in (seq if sweep % 2 == 0 else reversed(seq)):
            if not col:
                continue
            offsets = [0.0]
            for a, b in zip(col, col[1:]):
                offsets.append(offsets[-1] + (boxes[a].h + boxes[b].h) / 2 + GAP_Y)
            targets, weights = [], []
            for k, off in zip(col, offsets):
                nb = up[k] + down[k]
                want = sum(boxes[n].y for n in nb) / len(nb) if nb else boxes[k].y
                targets.append(want - off)
                # Dummies bend easily; real boxes hold their ground a little more.
                weights.append(0.5 if boxes[k].dummy else 1.0 + 0.1 * len(nb))
            fitted = _isotonic(targets, weights)
            for k, q, off in zip(col, fitted, offsets):
                boxes[k].y = q + off


_drawn: "weakref.WeakKeyDictionary[Any, OrderedDict[tuple[Any, ...], str]]" = weakref.WeakKeyDictionary()
_DRAWN_MAX = 64


def _svg_cached(model: Any, lang: str, kinds: frozenset[str], hl: frozenset[str],
                notes: tuple[tuple[str, str], ...], font: str) -> str:
    """The SVG for these arguments, drawn once: memos of like cases mark like paths."""
    key = (lang, kinds, hl, notes, font)
    with _lock:
        per_model = _drawn.setdefault(model, OrderedDict())
        svg = per_model.get(key)
        if svg is not None:
            per_model.move_to_end(key)
            return svg
    svg = _svg(_layout(model, lang, kinds, bool(notes)), model.graph, set(hl), dict(notes), lang, font)
    with _lock:
        per_model[key] = svg
        if len(per_model) > _DRAWN_MAX:
            per_model.popitem(last=False)
    return svg


# --- SVG painting ----------------------------------------------------------------------------

def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _svg(lay: _Layout, g: nx.DiGraph, hl: set[str], notes: dict[str, str], lang: str, font: str) -> str:
    boxes = lay.boxes
    marking = bool(hl)
    out: list[str] = []
    title = "决策需求图" if lang == "zh" else "Decision requirements graph"
    w, h = math.ceil(lay.width), math.ceil(lay.height)
    out.append(f'<svg xmlns="http://www.w3.org/2000/svg" class="drg" viewBox="0 0 {w} {h}" '
               f'width="{w}" height="{h}" role="img" aria-label="{_esc(title)}" '
               f'font-family="{_esc(font)}" font-size="{FONT_SIZE:g}">')
    out.append(f"<title>{_esc(title)}</title>")

    # Ports: the edges into a box arrive spread over its left side in the order of their
    # sources, those out of it leave from its right side, so arrowheads do not pile up.
    ins: dict[str, list[int]] = {}
    outs: dict[str, list[int]] = {}
    for i, (u, v, _, chain) in enumerate(lay.edges):
        outs.setdefault(u, []).append(i)
        ins.setdefault(v, []).append(i)

    def first_y(i: int, end: str) -> float:
        u, v, _, chain = lay.edges[i]
        path = [u, *chain, v]
        return boxes[path[-2] if end == "in" else path[1]].y

    port: dict[tuple[int, str], float] = {}
    for table, end in ((ins, "in"), (outs, "out")):
        for k, idx in table.items():
            idx.sort(key=lambda i: first_y(i, end))
            b = boxes[k]
            span = min(b.h - 2 * PAD_Y, 6.0 * (len(idx) - 1))
            for j, i in enumerate(idx):
                port[(i, end)] = b.y + (-span / 2 + span * j / (len(idx) - 1) if len(idx) > 1 else 0.0)

    def on_path(u: str, v: str) -> bool:
        return u in hl and v in hl

    order = sorted(range(len(lay.edges)), key=lambda i: on_path(lay.edges[i][0], lay.edges[i][1]))
    for i in order:
        u, v, kind, chain = lay.edges[i]
        out.append(_edge_svg(lay, i, u, v, kind, chain, port, on_path(u, v), marking))
    for k, b in boxes.items():
        if not b.dummy:
            out.append(_node_svg(b, notes.get(g.nodes[k]["node"].name), lay.note_line,
                                 k in hl, marking))
    out.append("</svg>")
    return "\n".join(out)


def _edge_svg(lay: _Layout, i: int, u: str, v: str, kind: str, chain: list[str],
              port: dict[tuple[int, str], float], hot: bool, marking: bool) -> str:
    boxes = lay.boxes
    bu, bv = boxes[u], boxes[v]
    forward = bu.layer <= bv.layer
    pts: list[tuple[float, float]] = [((bu.x + bu.w) if forward else bu.x, port[(i, "out")])]
    for d in chain:
        left, right = lay.columns[boxes[d].layer]
        y = boxes[d].y
        pts += [(left, y), (right, y)] if forward else [(right, y), (left, y)]
    end = (bv.x if forward else bv.x + bv.w, port[(i, "in")])
    tip = 7.0 if kind != "authority" else 4.0
    sign = 1 if forward else -1
    pts.append((end[0] - sign * tip, end[1]))
    d = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if abs(y1 - y0) < 0.5:
            d.append(f"L{x1:.1f},{y1:.1f}")
        else:
            mx = (x1 - x0) / 2
            d.append(f"C{x0 + mx:.1f},{y0:.1f} {x1 - mx:.1f},{y1:.1f} {x1:.1f},{y1:.1f}")
    color = PATH if hot else (MUTED if marking else INK)
    width = 2.2 if hot else 1.0
    dash = ' stroke-dasharray="5 3"' if kind in ("knowledge", "authority") else ""
    parts = [f'<path d="{" ".join(d)}" fill="none" stroke="{color}" stroke-width="{width}"{dash}/>']
    ex, ey = end
    if kind == "authority":
        parts.append(f'<circle cx="{ex - sign * tip:.1f}" cy="{ey:.1f}" r="{tip:.1f}" fill="{color}"/>')
    else:
        bx = ex - sign * tip * 1.4
        parts.append(f'<polygon points="{ex:.1f},{ey:.1f} {bx:.1f},{ey - 4:.1f} {bx:.1f},{ey + 4:.1f}" '
                     f'fill="{color}"/>')
    return "".join(parts)


def _node_svg(b: _Box, note: str | None, note_line: bool, hot: bool, marking: bool) -> str:
    stroke = PATH if hot else (MUTED if marking else INK)
    sw = 2.4 if hot else 1.0
    fill = PATH_FILL if hot else FILL.get(b.kind, "#ffffff")
    x0, y0, w, h = b.x, b.y - b.h / 2, b.w, b.h
    common = f'fill="{fill}" stroke="{stroke}" stroke-width="{sw}"'
    if b.kind == "input":
        shape = f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{min(h / 2, 14):.1f}" {common}/>'
    elif b.kind == "bkm":
        c = 8.0
        pts = [(x0 + c, y0), (x0 + w, y0), (x0 + w, y0 + h - c), (x0 + w - c, y0 + h), (x0, y0 + h), (x0, y0 + c)]
        shape = f'<polygon points="{" ".join(f"{x:.1f},{y:.1f}" for x, y in pts)}" {common}/>'
    elif b.kind == "knowledge_source":
        yb = y0 + h - 5
        shape = (f'<path d="M{x0:.1f},{y0:.1f} H{x0 + w:.1f} V{yb:.1f} '
                 f'C{x0 + w * 0.75:.1f},{yb - 8:.1f} {x0 + w * 0.25:.1f},{yb + 8:.1f} {x0:.1f},{yb:.1f} Z" {common}/>')
    elif b.kind == "service":
        shape = f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" rx="9" {common}/>'
    else:
        shape = f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{w:.1f}" height="{h:.1f}" {common}/>'
    text_color = INK if (hot or not marking) else "#3e4c59"
    cx = x0 + w / 2
    n = len(b.lines) + (1 if note_line and b.kind == "decision" else 0)
    top = b.y - n * LINE / 2 + LINE * 0.72
    if b.kind == "knowledge_source":
        top -= 3
    weight = ' font-weight="bold"' if hot else ""
    texts = [f'<text x="{cx:.1f}" y="{top + j * LINE:.1f}" text-anchor="middle" fill="{text_color}"{weight}>'
             f"{_esc(line)}</text>" for j, line in enumerate(b.lines)]
    if note and note_line and b.kind == "decision":
        shown = ellipsize(note, w - 2 * PAD_X, NOTE_SIZE)
        texts.append(f'<text x="{cx:.1f}" y="{top + len(b.lines) * LINE:.1f}" text-anchor="middle" '
                     f'font-size="{NOTE_SIZE:g}" fill="{PATH if hot else MUTED}">{_esc(shown)}</text>')
    return f'<g class="drg-{b.kind}">{shape}{"".join(texts)}</g>'


# --- DOT -----------------------------------------------------------------------------------------

_DOT_SHAPES = {"decision": 'shape=box, style="filled"', "input": 'shape=box, style="rounded,filled"',
               "bkm": 'shape=octagon, style="filled"', "service": 'shape=box, style="rounded,dashed,filled"',
               "knowledge_source": 'shape=note, style="filled"'}


def _dot_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _dot(g: nx.DiGraph, nodes: list[str], labels: dict[str, str], hl: set[str],
         notes: dict[str, str]) -> str:
    ids = {k: f"n{i}" for i, k in enumerate(nodes)}
    font = "Noto Sans CJK SC"
    lines = ["digraph drg {",
             f'  graph [rankdir=LR, fontname={_dot_str(font)}, nodesep=0.25, ranksep=0.6];',
             f'  node [fontname={_dot_str(font)}, fontsize=11, color={_dot_str(INK)}];',
             f'  edge [color={_dot_str(INK)}];']
    for k in nodes:
        node = g.nodes[k]["node"]
        label = labels[k]
        note = notes.get(node.name)
        if note:
            label += "\n" + note
        attrs = [f"label={_dot_str(label)}", _DOT_SHAPES.get(node.kind, "shape=box"),
                 f"fillcolor={_dot_str(PATH_FILL if k in hl else FILL.get(node.kind, '#ffffff'))}",
                 f"tooltip={_dot_str(node.name)}"]
        if k in hl:
            attrs += [f"color={_dot_str(PATH)}", "penwidth=2.4"]
        lines.append(f"  {ids[k]} [{', '.join(attrs)}];")
    for u, v, kind in _edges(g, nodes):
        attrs = []
        if kind in ("knowledge", "authority"):
            attrs.append("style=dashed")
        if kind == "authority":
            attrs.append("arrowhead=dot")
        if u in hl and v in hl:
            attrs += [f"color={_dot_str(PATH)}", "penwidth=2.2"]
        lines.append(f"  {ids[u]} -> {ids[v]}" + (f" [{', '.join(attrs)}]" if attrs else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- Mermaid ----------------------------------------------------------------------------------------

_MERMAID_SHAPES = {"decision": ('["', '"]'), "input": ('(["', '"])'), "bkm": ('{{"', '"}}'),
                   "service": ('[["', '"]]'), "knowledge_source": ('>"', '"]')}
_MERMAID_ESCAPES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "#": "#35;", "`": "#96;"}


def _mermaid_text(s: str) -> str:
    # Mermaid reads labels as HTML and #entity; codes: escape both, so a label stays text.
    return "".join(_MERMAID_ESCAPES.get(ch, ch) for ch in s.replace("\n", " "))


def _mermaid(g: nx.DiGraph, nodes: list[str], labels: dict[str, str], hl: set[str],
             notes: dict[str, str]) -> str:
    ids = {k: f"n{i}" for i, k in enumerate(nodes)}
    lines = ["flowchart LR"]
    for k in nodes:
        node = g.nodes[k]["node"]
        text = _mermaid_text(labels[k])
        note = notes.get(node.name)
        if note:
            text += "<br/><small>" + _mermaid_text(note) + "</small>"
        a, b = _MERMAID_SHAPES.get(node.kind, ('["', '"]'))
        lines.append(f"  {ids[k]}{a}{text}{b}")
    hot_links = []
    for i, (u, v, kind) in enumerate(_edges(g, nodes)):
        arrow = {"knowledge": "-.->", "authority": "-.-o"}.get(kind, "-->")
        lines.append(f"  {ids[u]} {arrow} {ids[v]}")
        if u in hl and v in hl:
            hot_links.append(str(i))
    if hl:
        lines.append(f"  classDef path fill:{PATH_FILL},stroke:{PATH},stroke-width:3px,font-weight:bold;")
        lines.append("  class " + ",".join(ids[k] for k in nodes if k in hl) + " path;")
    if hot_links:
        lines.append(f"  linkStyle {','.join(hot_links)} stroke:{PATH},stroke-width:3px;")
    return "\n".join(lines) + "\n"

