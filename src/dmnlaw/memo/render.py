"""Rendering the memo: content → Jinja template → HTML, Markdown, or (via HTML) PDF.

One Jinja environment per (template folder, output kind, language) is made the first time it
is needed and then reused for the life of the process: templates are compiled once, and the
language's catalogue is installed through the ``jinja2.ext.i18n`` extension.

* HTML autoescapes everything, so case text (a title with ``<script>``, facts with ``{{ }}``)
  is always text. Data never reaches the template *source*, so nothing in a case is ever
  evaluated as a template.
* Markdown has no autoescaping of its own; every ``{{ … }}`` output goes through
  :func:`md_escape` (the environment's ``finalize``), so case text cannot open HTML, links,
  emphasis or break a table row. Text marked safe passes unchanged: the drawn graph, and
  the Markdown template's own macros, whose calls it marks ``| safe`` (their output is
  Markdown made of already escaped parts).

Templates come from the package's ``data/templates`` (``reports/templates`` in the source
tree), or from the folder in ``$DMNLAW_TEMPLATES`` or the ``templates`` argument.
"""
from __future__ import annotations

import contextlib
import gc
import os
import re
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Callable, Sequence

import jinja2
import jinja2.ext
import jinja2.lexer
from markupsafe import Markup

from ..cases import Case
from ..errors import TemplateError
from . import content
from .i18n import LANGS, Words, translations

FORMATS = ("html", "md", "pdf")
TEMPLATES = {"html": "memo.html.j2", "md": "memo.md.j2", "css": "memo.css"}

_lock = threading.Lock()
_envs: dict[tuple[str, str, str], jinja2.Environment] = {}


def template_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The template folder: ``override``, else ``$DMNLAW_TEMPLATES``, else the packaged one."""
    if override is None:
        override = os.environ.get("DMNLAW_TEMPLATES") or None
    if override is not None:
        return Path(override)
    from importlib import resources

    return Path(str(resources.files("dmnlaw") / "data" / "templates"))


def words(lang: str, templates: str | os.PathLike[str] | None = None) -> Words:
    """Display words for ``lang`` from the catalogue in the template folder."""
    folder = template_dir(templates)
    return Words(lang, translations(lang, folder))


def render(model: Any, case: Case, runs: Sequence[content.Run], fmt: str, lang: str = "zh", *,
           templates: str | os.PathLike[str] | None = None) -> bytes:
    """The memo for ``runs`` (``(doctrine, Result, run JSON or None)`` per doctrine) of ``case``.

    ``fmt`` is ``html`` (one self-contained UTF-8 page), ``md`` (UTF-8 Markdown) or ``pdf``.
    Returns the file's bytes. Raises TemplateError (file and line) for a template that does
    not load or render, ValueError for an unknown format or language.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown memo format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if lang not in LANGS:
        raise ValueError(f"unknown memo language {lang!r}; choose one of {', '.join(LANGS)}")
    with paused_gc():
        # The memo's objects are freed as _render returns, before the collector runs again:
        # re-enabled with the memo still alive it scanned all of it.
        return _render(model, case, runs, fmt, lang, template_dir(templates))


def _render(model: Any, case: Case, runs: Sequence[content.Run], fmt: str, lang: str, folder: Path) -> bytes:
    w = Words(lang, translations(lang, folder))
    memo = content.build(model, case, runs, w)
    if fmt == "md":
        return render_template(folder, "md", lang, memo).encode("utf-8")
    if fmt == "html":
        return render_template(folder, "html", lang, memo).encode("utf-8")
    from .pdf import html_to_pdf

    page = render_template(folder, "html", lang, memo, paged=True)
    return html_to_pdf(page, css=render_template(folder, "css", lang, memo))


@contextlib.contextmanager
def paused_gc() -> Any:
    """Pause the cyclic garbage collector for one memo.

    A memo makes tens of thousands of short-lived objects (WeasyPrint about a million); the
    collector, run every 700 allocations, rescanned the growing trees and took an eighth of
    an HTML memo's time and a fifth of a PDF's. The memo's garbage (for a PDF some 180,000
    objects in cycles, ~100 MB) waits for the next collection after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def render_template(folder: Path, kind: str, lang: str, memo: content.Memo, paged: bool = False) -> str:
    """Render the ``kind`` (html, md, or css: the memo's stylesheet) template with ``memo``;
    TemplateError on failure.

    ``paged`` is the HTML for paper (the PDF): the same memo in leaner markup (WeasyPrint
    pays for every box), except that the appendix prints each decided table's deciding rule
    in words (its reasoning is in the analysis), not the tables whole — those run to dozens
    of pages, which the screen folds away — and that the model's value codes beside the
    display values are left to the screen. The paged page carries no stylesheet: the PDF
    step is given it apart (``css``) and parses it once.
    """
    env = environment(folder, "html" if kind == "css" else kind, lang)
    name = TEMPLATES[kind]
    try:
        template = env.get_template(name)
        return template.render(memo=memo, paged=paged)
    except jinja2.TemplateSyntaxError as e:
        raise TemplateError(f"template syntax: {_one_line(e.message or str(e))}",
                            file=e.filename or str(folder / (e.name or name)), line=e.lineno) from None
    except jinja2.TemplateNotFound as e:
        raise TemplateError(f"template not found: {e.name}", file=str(folder)) from None
    except Exception as e:  # noqa: BLE001 - any failure inside a template is the template's
        file, line = _template_frame(e)
        raise TemplateError(f"the template failed: {type(e).__name__}: {_one_line(str(e))}",
                            file=file or str(folder / name), line=line) from None


def environment(folder: Path, kind: str, lang: str) -> jinja2.Environment:
    """The Jinja environment for templates in ``folder``, made once per process."""
    key = (str(folder), kind, lang)
    with _lock:
        env = _envs.get(key)
        if env is None:
            env = _envs[key] = _make_environment(folder, kind, lang)
    return env


def _make_environment(folder: Path, kind: str, lang: str) -> jinja2.Environment:
    html = kind == "html"
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        # HTML: always escape. Markdown: finalize escapes instead (HTML escaping would show
        # &lt; in a Markdown viewer's code spans and still let `*` or `|` through).
        autoescape=html,
        finalize=None if html else md_finalize,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n", _StaticMessages],
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    catalogue = translations(lang, folder)
    env.install_gettext_translations(catalogue, newstyle=True)  # type: ignore[attr-defined]
    # The extension's `_` resolves `gettext` in the context and calls it through two context
    # calls, then formats: some 15 µs a message, a millisecond and a half of every memo.
    # This one does the same with the environment's escaping fixed and each message's
    # translation kept.
    env.globals["_"] = env.globals["gettext"] = _gettext(catalogue, html)
    env.globals["render_once"] = _render_once(env)
    env.filters["code"] = md_code
    env.filters["cell"] = md_cell
    env.filters["cellcode"] = md_cell_code
    env.globals["lang"] = lang
    return env


class _StaticMessages(jinja2.ext.Extension):
    """Translates ``_("a literal message")`` as the template compiles, so the compiled
    template holds the translation as a constant instead of calling gettext on every render
    (some 120 calls a memo; the environment is made per language, so its templates are too).
    Messages with variables are formatted at render time as before."""

    def filter_stream(self, stream: Any) -> Any:
        gettext = self.environment.globals["_"]
        safe = bool(self.environment.autoescape)
        window: list[Any] = []
        for token in stream:
            window.append(token)
            kinds = [t.type for t in window]
            if kinds == ["name"][: len(kinds)] and token.value not in ("_", "gettext"):
                yield from window
                window = []
            elif kinds == ["name", "lparen", "string", "rparen"]:
                line = window[0].lineno
                yield jinja2.lexer.Token(line, jinja2.lexer.TOKEN_STRING, str(gettext(window[2].value)))
                if safe:  # gettext's translation is markup where the environment escapes
                    yield jinja2.lexer.Token(line, jinja2.lexer.TOKEN_PIPE, "|")
                    yield jinja2.lexer.Token(line, jinja2.lexer.TOKEN_NAME, "safe")
                window = []
            elif kinds != ["name", "lparen", "string", "rparen"][: len(kinds)]:
                yield from window
                window = []
        yield from window


def _gettext(catalogue: Any, escape: bool) -> Callable[..., str]:
    """The newstyle ``gettext`` of ``jinja2.ext.i18n`` for one environment: the message
    translated, marked safe when the environment escapes (the variables are escaped as they
    are formatted in), and always %-formatted, so ``%%`` reads ``%`` with or without
    variables."""
    translated: dict[str, str] = {}
    plain: dict[str, str] = {}
    wrap: Callable[[str], str] = Markup if escape else str

    def gettext(message: str, /, **variables: Any) -> str:
        if not variables:
            done = plain.get(message)
            if done is None:
                done = plain[message] = wrap(catalogue.gettext(message)) % {}
            return done
        rv = translated.get(message)
        if rv is None:
            rv = translated[message] = wrap(catalogue.gettext(message))
        return rv % variables

    return gettext


def _render_once(env: jinja2.Environment, size: int = 4096) -> Callable[..., Markup]:
    """A template global: ``render_once(name, key, **vars)`` renders the partial ``name``
    with ``vars`` the first time it sees ``key`` and reuses the result after that; a key of
    None renders it every time.

    The caller promises that equal keys mean equal output: the appendix's decision tables
    are keyed by model fingerprint, table and marked rows, and they are most of a memo.
    Least recently used results are dropped beyond ``size``.
    """
    cache: OrderedDict[Any, Markup] = OrderedDict()
    lock = threading.Lock()

    def render_once(name: str, key: Any, **variables: Any) -> Markup:
        if key is None:
            return Markup(env.get_template(name).render(**variables))
        k = (name, key)
        with lock:
            hit = cache.get(k)
            if hit is not None:
                cache.move_to_end(k)
                return hit
        out = Markup(env.get_template(name).render(**variables))
        with lock:
            cache[k] = out
            if len(cache) > size:
                cache.popitem(last=False)
        return out

    return render_once


# --- Markdown escaping ------------------------------------------------------------------------

# CommonMark lets any ASCII punctuation be backslash-escaped; these are the ones that can
# start markup (emphasis, code, links, HTML, headings, tables, strikethrough).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~!{}])")


def md_escape(value: Any) -> Markup:
    """``value`` as Markdown text that shows literally: specials escaped, line breaks flattened."""
    if isinstance(value, Markup):
        return value
    text = str(value).replace("\r", " ").replace("\n", " ")
    text = text.replace("&", "&amp;")
    return Markup(_MD_SPECIAL.sub(r"\\\1", text))


def md_cell(value: Any) -> Markup:
    """Like :func:`md_escape`, for a table cell (never empty, so the row keeps its columns)."""
    out = md_escape(value)
    return out if out.strip() else Markup(" ")


def md_code(value: Any) -> Markup:
    """``value`` as an inline code span: fenced by more backticks than it contains."""
    text = str(value).replace("\n", " ")
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def md_cell_code(value: Any) -> Markup:
    """A code span inside a table cell: GFM splits cells at every unescaped ``|``, even in code."""
    return Markup(md_code(value).replace("|", "\\|"))


def md_finalize(value: Any) -> Any:
    """Every ``{{ … }}`` in a Markdown template: escaped unless already marked safe."""
    if value is None:
        return ""
    return md_escape(value)


# --- error locations ----------------------------------------------------------------------------

def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in ``exc``'s traceback (Jinja rewrites frames so
    template code shows its own file and line)."""
    file = line = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith(".j2") or name.endswith(".html") or name.endswith(".md"):
            file, line = name, tb.tb_lineno
        tb = tb.tb_next
    return file, line


def _one_line(text: str) -> str:
    return " ".join(text.split())
