"""The CJK faces cut for PDF memos (dmnlaw.memo.fonts)."""
from __future__ import annotations

import io

import pytest

from dmnlaw.memo import fonts

fontTools = pytest.importorskip("fontTools.ttLib")
pytest.importorskip("uharfbuzz")


@pytest.fixture()
def fresh(tmp_path, monkeypatch):
    """No faces made yet in this process, and an empty cache folder."""
    monkeypatch.setenv("DMNLAW_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(fonts, "_faces", None)
    return tmp_path


def test_the_charset_holds_gb2312_latin_and_the_symbols_memos_print():
    points = set(fonts.charset())
    for ch in "拒不履行信息网络安全管理义务罪帮助犯罪陈洪兵〔〕《》（）：；、“”—…→⚠·≥ABCxyz019%":
        assert ord(ch) in points, ch
    assert ord("喆") not in points          # outside GB 2312: printed from the full font


def test_each_face_is_cut_once_and_then_read_from_the_cache(fresh):
    faces = fonts.font_faces()
    if not faces:
        pytest.skip("the Noto CJK fonts are not installed")
    assert set(faces) <= {fonts.face_url(f, w) for f, w, _ in fonts.FACES}
    for data in faces.values():
        face = fontTools.TTFont(io.BytesIO(data))
        cmap = face.getBestCmap()
        assert ord("罪") in cmap and ord("A") in cmap and ord("喆") not in cmap
        assert len(data) < 8_000_000
    kept = sorted((fresh / "fonts").glob("*.otf"))
    assert len(kept) == len(faces)
    # a new process reads the cut faces back instead of cutting again
    fonts._faces = None
    calls = []
    real_cut = fonts._cut
    fonts._cut = lambda *a: calls.append(a) or real_cut(*a)
    try:
        assert fonts.font_faces() == faces
    finally:
        fonts._cut = real_cut
    assert calls == []


def test_css_declares_the_faces_under_their_own_names(fresh):
    css = fonts.font_face_css()
    if not fonts.font_faces():
        assert css == ""
        return
    assert '@font-face { font-family: "dmnlaw Serif"; font-weight: normal; src: url("dmnlaw-font:serif-normal"); }' in css


def test_without_fonts_or_subsetter_the_memo_falls_back_to_system_fonts(fresh, monkeypatch):
    monkeypatch.setattr(fonts, "_system_face", lambda pattern: None)
    assert fonts.font_faces() == {} and fonts.font_face_css() == ""


def test_an_unwritable_cache_costs_the_cut_but_is_no_error(fresh, monkeypatch):
    blocked = fresh / "blocked"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("DMNLAW_CACHE_DIR", str(blocked))
    faces = fonts.font_faces()
    if faces:
        assert all(len(d) > 100_000 for d in faces.values())
    assert not any(p.suffix == ".tmp" for p in fresh.rglob("*"))
