"""PDF memos: WeasyPrint lays out the same HTML the browser gets, with the Noto CJK fonts.

WeasyPrint embeds the glyphs it uses (subset through HarfBuzz when ``libharfbuzz-subset0``
is installed — about ten times faster on CJK fonts than its fontTools fallback). The font
configuration (fontconfig's view of the installed fonts) is built once per process, and
the page never fetches anything: every URL it might name is refused, so a memo cannot reach
the network or the file system whatever a case file contains.
"""
from __future__ import annotations

import logging
import threading
from typing import Any

from ..errors import DmnlawError

_lock = threading.Lock()
_fonts: Any = None

# WeasyPrint reports CSS it ignores as warnings; the templates are tested to produce none, and
# a user's stderr should carry only dmnlaw's own one-line messages.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


def _font_config() -> Any:
    global _fonts
    with _lock:
        if _fonts is None:
            from weasyprint.text.fonts import FontConfiguration

            _fonts = FontConfiguration()
        return _fonts


def _no_fetch(url: str, *args: Any, **kwargs: Any) -> Any:
    # The memo is self-contained; anything it would fetch is a mistake or an attack.
    raise ValueError(f"the memo does not load external resources ({url[:80]})")


def _fetcher() -> Any:
    """A URL fetcher that fetches nothing, in the form this WeasyPrint takes."""
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # WeasyPrint before 66 takes a plain function
        return _no_fetch

    class NoFetch(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            return _no_fetch(url)

    return NoFetch()


def html_to_pdf(html: str) -> bytes:
    """``html`` (a self-contained page) as PDF bytes.

    Raises DmnlawError when WeasyPrint or its system libraries (Pango) are missing.
    """
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as e:
        raise DmnlawError(f"PDF memos need WeasyPrint and Pango (run `make setup`): {e}") from None
    pdf = HTML(string=html, url_fetcher=_fetcher(), base_url=None).write_pdf(font_config=_font_config())
    assert pdf is not None  # write_pdf returns bytes when no target is given
    return pdf
