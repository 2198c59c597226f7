"""PDF memos: WeasyPrint lays out the same HTML the browser gets, with the Noto CJK fonts.

WeasyPrint embeds the glyphs it uses (subset through HarfBuzz when ``libharfbuzz-subset0``
is installed — about ten times faster on CJK fonts than its fontTools fallback). The font
configuration (fontconfig's view of the installed fonts) and the faces cut for memos
(:mod:`.fonts`) are made once per process, and the page never fetches anything: every URL
it might name is refused, except the cut faces' own, so a memo cannot reach the network or
the file system whatever a case file contains.
"""
from __future__ import annotations

import atexit
import logging
import shutil
import threading
from typing import Any

from ..errors import DmnlawError
from . import fonts

_lock = threading.Lock()
_fonts: Any = None
_sheets: list[Any] | None = None
_parsed: dict[str, Any] = {}     # stylesheet text → WeasyPrint CSS, parsed once

# WeasyPrint reports CSS it ignores as warnings; the templates are tested to produce none, and
# a user's stderr should carry only dmnlaw's own one-line messages.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _font_config() -> Any:
    global _fonts
    with _lock:
        if _fonts is None:
            from weasyprint.text.fonts import FontConfiguration

            _fonts = FontConfiguration()
            atexit.register(_drop_fonts)
        return _fonts


def _drop_fonts() -> None:
    # The configuration removes the temporary folder its @font-face files were written to
    # when it is deleted; at interpreter exit that is too late (its module is half torn down
    # and it prints a traceback) or never (a cache still holds it), so the folder goes here.
    global _fonts, _sheets
    with _lock:
        folder = getattr(_fonts, "_folder", None)
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
            _fonts._folder = None
        _fonts = _sheets = None
        _parsed.clear()


def _stylesheets() -> list[Any]:
    """The @font-face rules of the cut faces, parsed once (WeasyPrint registers the faces
    with fontconfig as it parses them)."""
    global _sheets
    config = _font_config()
    with _lock:
        if _sheets is None:
            from weasyprint import CSS

            rules = fonts.font_face_css()
            _sheets = [CSS(string=rules, font_config=config, url_fetcher=_fetcher())] if rules else []
        return _sheets


def _fetch(url: str) -> bytes:
    # The memo is self-contained; anything it would fetch but the memo's own faces is a
    # mistake or an attack.
    face = fonts.font_faces().get(url)
    if face is None:
        raise ValueError(f"the memo does not load external resources ({url[:80]})")
    return face


def _fetcher() -> Any:
    """A URL fetcher that fetches the cut faces and nothing else, in the form this
    WeasyPrint takes."""
    try:
        from weasyprint.urls import URLFetcher, URLFetcherResponse
    except ImportError:  # WeasyPrint before 66 takes a plain function returning a dict
        return lambda url, *args, **kwargs: {"string": _fetch(url), "mime_type": "font/otf"}

    class OwnFacesOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return URLFetcherResponse(url, body=_fetch(url))

    return OwnFacesOnly()


def _parsed_css(css: str) -> Any:
    found = _parsed.get(css)
    if found is None:
        from weasyprint import CSS

        found = CSS(string=css, font_config=_font_config(), url_fetcher=_fetcher())
        with _lock:
            if len(_parsed) >= 8:   # a template folder being edited: keep the last few
                _parsed.pop(next(iter(_parsed)))
            _parsed[css] = found
    return found


def html_to_pdf(html: str, css: str | None = None) -> bytes:
    """``html`` (a self-contained page, or one styled by ``css``) as PDF bytes. ``css`` is
    parsed the first time it is seen and reused after: it is most of a memo page's source.

    Raises DmnlawError when WeasyPrint or its system libraries (Pango) are missing.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as e:
        raise DmnlawError(f"PDF memos need WeasyPrint and Pango (run `make setup`): {e}") from None
    config = _font_config()
    sheets = _stylesheets() + ([_parsed_css(css)] if css else [])
    doc = HTML(string=html, url_fetcher=_fetcher(), base_url=None)
    pdf = doc.write_pdf(font_config=config, stylesheets=sheets)
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
