"""PDF memos read back: the text is there in Chinese, the fonts are embedded, page 1 is ink."""
from __future__ import annotations

import logging
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

from dmnlaw.cases import read_case
from dmnlaw.memo import pdf as memo_pdf
from dmnlaw.memo.render import render
from memo_support import CASES, HAS_LEGAL_MODEL, ROOT, mini_case, need_tool, runs


def pdftotext(path: Path) -> str:
    return subprocess.run([need_tool("pdftotext"), str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    out = subprocess.run([need_tool("pdffonts"), str(path)], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    header, rule = lines[0], lines[1]
    # columns are fixed-width, as the dashes under the header show
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    names = [header[a:b + 1].strip() for a, b in spans]
    return [{n: line[a:b + 1].strip() for n, (a, b) in zip(names, spans)} for line in lines[2:]]


def ink_on_first_page(path: Path, tmp: Path) -> float:
    """The share of page 1's pixels that are not white (greyscale, 40 dpi)."""
    prefix = tmp / "page"
    subprocess.run([need_tool("pdftoppm"), "-gray", "-r", "40", "-f", "1", "-l", "1", "-singlefile",
                    str(path), str(prefix)], check=True)
    data = (tmp / "page.pgm").read_bytes()
    magic, width, height, maxval, pixels = re.match(rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S).groups()
    assert magic == b"P5" and int(maxval) == 255
    pixels = pixels[: int(width) * int(height)]
    return sum(1 for p in pixels if p < 200) / len(pixels)


MARGIN_PT = 16 / 25.4 * 72   # memo.css: every page has 16 mm margins left and right


def word_boxes(path: Path) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    """Per page, its width and its words' boxes (x0, y0, x1, y1, word), as pdftotext reads them."""
    # poppler writes the document's title (an emoji's surrogate halves) in the header as
    # bytes that are not UTF-8: only the words are read
    out = subprocess.run([need_tool("pdftotext"), "-bbox", str(path), "-"], check=True,
                         capture_output=True).stdout.decode("utf-8", "replace")
    word = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
    return [(float(page.group(1)), [(float(a), float(b), float(c), float(d), t)
                                    for a, b, c, d, t in re.findall(word, page.group(2))])
            for page in re.finditer(r'<page width="([\d.]+)"[^>]*>(.*?)</page>', out, re.S)]


Pages = list[tuple[float, list[tuple[float, float, float, float, str]]]]


def words_outside_margins(path: Path, pages: Pages | None = None) -> list[str]:
    """The words printed left or right of the page's side margins."""
    return [w for width, words in pages or word_boxes(path) for x0, _, x1, _, w in words
            if x0 < MARGIN_PT - 2 or x1 > width - MARGIN_PT + 2]


def words_printed_over_each_other(path: Path, pages: Pages | None = None) -> list[tuple[str, str]]:
    """Pairs of words on the same line whose boxes overlap (a cell running into the next)."""
    found = []
    for _, words in pages or word_boxes(path):
        words.sort(key=lambda w: w[1])
        for i, (x0, y0, x1, y1, a) in enumerate(words):
            for u0, v0, u1, v1, b in words[i + 1:]:
                if v0 >= y1:
                    break   # sorted by top: no later word reaches this one's line
                same_line = min(y1, v1) - max(y0, v0) > 0.5 * min(y1 - y0, v1 - v0)
                if same_line and min(x1, u1) - max(x0, u0) > 1:
                    found.append((a, b))
    return found


def check_pdf(data: bytes, tmp: Path, expect: list[str]) -> str:
    assert data.startswith(b"%PDF-")
    path = tmp / "memo.pdf"
    path.write_bytes(data)
    text = pdftotext(path)
    for phrase in expect:
        assert phrase in re.sub(r"\s+", "", text), phrase
    fonts = pdffonts(path)
    assert fonts and all(f["emb"] == "yes" for f in fonts), fonts
    # the Noto CJK faces, or the memo's cuts of them (memo.fonts)
    assert any("CJK" in f["name"] or "dmnlaw-" in f["name"] for f in fonts)
    assert ink_on_first_page(path, tmp) > 0.01
    # nothing runs into the margin or off the page (a table's columns once added up to more)
    assert not words_outside_margins(path)
    assert not words_printed_over_each_other(path)
    return text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_fixture_memo(mini, tmp_path, lang):
    case = mini_case("platform_refused")
    data = render(mini, case, runs(mini, case), "pdf", lang)
    # the offence's Chinese name in both languages; the provision as each language cites it
    expect = ["拒不履行信息网络安全管理义务罪"]
    expect += ["《刑法》第286条之一第1款", "构成拒不履行信息网络安全管理义务罪", "两种立场的分歧", "合规清单"] \
        if lang == "zh" else ["CriminalLawArt.286-1para.1", "Liablefor拒不履行信息网络安全管理义务罪",
                              "Wherethetworeadingspart"]
    check_pdf(data, tmp_path, expect)


def test_weasyprint_has_nothing_to_complain_about(mini, caplog):
    case = mini_case("access_administrative")
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        with caplog.at_level(logging.WARNING, logger="weasyprint"):
            render(mini, case, runs(mini, case), "pdf", "zh")
    finally:
        logger.setLevel(level)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []


def test_a_pdf_never_fetches_anything(monkeypatch):
    asked: list[tuple[str, str]] = []
    real = memo_pdf._fetch

    def recording(url):
        try:
            data = real(url)
        except ValueError:
            asked.append((url, "refused"))
            raise
        asked.append((url, "served"))
        return data

    monkeypatch.setattr(memo_pdf, "_fetch", recording)
    data = memo_pdf.html_to_pdf('<html><body><img src="https://example.com/x.png">'
                                '<img src="file:///etc/passwd">文</body></html>')
    assert data.startswith(b"%PDF-")
    # asked, and refused; only the memo's own cut faces are ever served
    assert ("https://example.com/x.png", "refused") in asked and ("file:///etc/passwd", "refused") in asked
    assert all(url.startswith("dmnlaw-font:") for url, how in asked if how == "served")


def representative_cases(model) -> list[Path]:
    """One case per pair of outcomes (judicial, restrictive), so every kind of memo is printed."""
    seen: dict[tuple, Path] = {}
    for path in CASES:
        case = read_case(path)
        key = tuple((r["conviction"]["charge"], r["liability_286_1"]) for _, r, _ in runs(model, case))
        seen.setdefault(key, path)
    return list(seen.values())


@pytest.mark.skipif(not HAS_LEGAL_MODEL, reason="decisions/ holds no model yet")
def test_legal_model_memos(legal, tmp_path):
    """A few printed memos of the legal model in each language; the rest run once in
    test_every_case_prints (opt-in: it takes minutes)."""
    picks = representative_cases(legal)[:3]
    for i, path in enumerate(picks):
        case = read_case(path)
        the_runs = runs(legal, case)
        lang = "en" if i == 1 else "zh"
        data = render(legal, case, the_runs, "pdf", lang)
        conv = the_runs[0][1]["conviction"]
        expect = ["《刑法》第286条之一" if lang == "zh" else "CriminalLawArt.286-1"]
        if conv["charge_name"]:
            expect.append(conv["charge_name"])
        elif lang == "zh":
            expect.append("不构成")
        check_pdf(data, tmp_path, expect)


@pytest.mark.skipif(not HAS_LEGAL_MODEL, reason="decisions/ holds no model yet")
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_every_case_prints(legal, path, tmp_path):
    """Every case, in both languages: a PDF with its fonts embedded, the conclusion in it,
    nothing in the margins and nothing printed over anything else."""
    case = read_case(path)
    the_runs = runs(legal, case)
    charge = the_runs[0][1]["conviction"]["charge_name"]
    for lang in ("zh", "en"):
        data = render(legal, case, the_runs, "pdf", lang)
        assert data.startswith(b"%PDF-"), lang
        pdf = tmp_path / f"memo-{lang}.pdf"
        pdf.write_bytes(data)
        # the font dictionaries sit in compressed object streams: ask poppler
        fonts = pdffonts(pdf)
        assert fonts and all(f["emb"] == "yes" for f in fonts), lang
        pages = word_boxes(pdf)
        if charge and charge != "undetermined":   # the offence's Chinese name, in either language
            assert charge in "".join(w for _, words in pages for *_, w in words), lang
        assert not words_outside_margins(pdf, pages), lang
        assert not words_printed_over_each_other(pdf, pages), lang


def test_a_character_outside_the_cut_faces_still_prints_from_the_full_font(mini, tmp_path):
    from dmnlaw.cases import Case
    from dmnlaw.memo import fonts

    if not fonts.font_faces():
        pytest.skip("no cut faces on this machine")
    base = mini_case("platform_refused")
    case = Case(base.path, "王喆案", dict(base.facts))   # 喆 is not in GB 2312
    data = render(mini, case, runs(mini, case), "pdf", "zh")
    path = tmp_path / "memo.pdf"
    path.write_bytes(data)
    assert "王喆案" in pdftotext(path)
    names = [f["name"] for f in pdffonts(path)]
    assert any("dmnlaw-Serif" in n for n in names) and any("Noto" in n for n in names), names


def test_a_long_title_wraps_and_the_running_head_is_cut_to_a_line(mini, tmp_path):
    from dmnlaw.cases import Case

    base = mini_case("platform_refused")
    title = "案涉网址 https://example.com/" + "abcdefghij" * 40 + " 某平台案"
    case = Case(base.path, title, dict(base.facts))
    path = tmp_path / "memo.pdf"
    path.write_bytes(render(mini, case, runs(mini, case), "pdf", "zh"))
    assert not words_outside_margins(path) and not words_printed_over_each_other(path)
    read = subprocess.run([need_tool("pdftotext"), "-f", "2", "-l", "2", str(path), "-"],
                          check=True, capture_output=True, text=True)
    assert not read.stderr    # poppler finds nothing wrong (an ellipsis drawn by WeasyPrint was)
    head = read.stdout.splitlines()[0]
    assert head.startswith("案涉网址 https://example.com/abcdefghij") and head.endswith("…") and len(head) <= 57


@pytest.mark.skipif(not HAS_LEGAL_MODEL, reason="decisions/ holds no model yet")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_long_unbroken_word_in_the_case_wraps_inside_the_page(legal, tmp_path, lang):
    # A reference or a fact with no place to break (a URL, a hash, a run of letters) broke
    # the line at the margin and printed over the next column.
    from dmnlaw.cases import Case

    base = read_case(ROOT / "cases" / "chen_mou_number_spoofing_2016.json")
    facts = {**base.facts, "helped_crime": "诈骗罪" + "X" * 300}
    case = Case(base.path, base.title, facts, "R" * 400)
    path = tmp_path / "memo.pdf"
    path.write_bytes(render(legal, case, runs(legal, case), "pdf", lang))
    pages = word_boxes(path)
    assert not words_outside_margins(path, pages) and not words_printed_over_each_other(path, pages)


@pytest.mark.parametrize("title", ["\u202e<script>alert(1)</script>", "👩\u200d⚖️🏛️\U0010ffff 某平台案",
                                   "a\x00b\x0bc\x0c\r\n\u2028d"])
def test_a_title_of_odd_characters_prints(mini, tmp_path, title):
    # bidi overrides, emoji sequences, a noncharacter, control characters: printed, or left
    # out where XML cannot hold them, and never over the margins
    from dmnlaw.cases import Case

    base = mini_case("platform_refused")
    case = Case(base.path, title, dict(base.facts))
    path = tmp_path / "memo.pdf"
    path.write_bytes(render(mini, case, runs(mini, case), "pdf", "zh"))
    pages = word_boxes(path)
    assert pages and not words_outside_margins(path, pages) and not words_printed_over_each_other(path, pages)
