"""The memo's words in each language: one gettext catalogue per language, loaded once.

The catalogues are ``locale/<lang>/LC_MESSAGES/memo.po`` in the template folder (so they
ship with the templates as package data and a replaced template folder brings its own).
They are read with Babel and compiled in memory to the ``.mo`` form :mod:`gettext` reads —
no build step, and the ``.po`` stays the one file translators edit.

Message ids are English. Besides the interface strings (no context) the catalogues hold, by
``msgctxt``:

``value``
    display names of the model's enumerated values (``network_access`` → 网络接入);
``element``
    English names of facts and decisions (the Chinese ones are the model's labels);
``member``
    names of context members (``provider_role`` → 服务提供者角色);
``question``
    a missing fact put as a question to go and answer.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import threading
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal
from babel.support import Translations

from ..errors import TemplateError
from ..feel import temporal

LANGS = ("zh", "en")
# Babel locales for dates and numbers (Simplified Chinese as used in the PRC).
_LOCALES = {"zh": "zh_Hans_CN", "en": "en_GB"}   # dates as the catalogue writes them: 1 June 2017
UNDETERMINED = "undetermined"

_lock = threading.Lock()
_loaded: dict[tuple[str, str], Translations] = {}


def translations(lang: str, template_dir: Path) -> Translations:
    """The compiled catalogue for ``lang`` from ``template_dir``, read once per process.

    Raises TemplateError (with the file and line) for a missing or malformed catalogue, and
    ValueError for a language that has none.
    """
    if lang not in LANGS:
        raise ValueError(f"no memo catalogue for language {lang!r}; choose one of {LANGS}")
    key = (str(template_dir), lang)
    with _lock:
        cached = _loaded.get(key)
        if cached is None:
            cached = _loaded[key] = _compile(template_dir / "locale" / lang / "LC_MESSAGES" / "memo.po",
                                             lang)
    return cached


def _compile(po: Path, lang: str) -> Translations:
    try:
        with po.open("rb") as f:
            catalog = read_po(f, locale=_LOCALES[lang], abort_invalid=True)
    except OSError as e:
        raise TemplateError(f"cannot read the memo catalogue: {e.strerror or e}", file=str(po)) from None
    except PoFileError as e:
        # Babel counts lines from 0 and says so in its message; report the 1-based line.
        line = getattr(e, "lineno", None)
        detail = re.sub(r" on \d+$", "", str(e))
        raise TemplateError(f"the memo catalogue is malformed: {detail}", file=str(po),
                            line=line + 1 if isinstance(line, int) else None) from None
    buf = io.BytesIO()
    write_mo(buf, catalog)
    buf.seek(0)
    return Translations(buf, domain="memo")


class Words:
    """Display text for one language: interface strings, values, element names, numbers, dates.

    Every method returns a plain ``str``; escaping is the templates' business.
    """

    def __init__(self, lang: str, trans: Translations) -> None:
        self.lang = lang
        self.locale = _LOCALES[lang]
        self._t = trans

    # -- catalogue look-ups --------------------------------------------------------------

    def gettext(self, message: str) -> str:
        """An interface string."""
        return self._t.gettext(message)

    def lookup(self, context: str, message: str) -> str | None:
        """The translation of ``message`` in ``context``, or None when the catalogue has none."""
        # gettext's pgettext() hands back the msgid both for "not found" and for "translated
        # as itself"; its compiled table (keyed "context\x04msgid", untranslated entries left
        # out) tells the two apart.
        return self._t._catalog.get(f"{context}\x04{message}")  # noqa: SLF001

    def value_label(self, code: str, of: str | None = None) -> str:
        """The display name of an enumerated value; the code itself when the catalogue has none.

        ``of`` names the fact, decision or member the value belongs to: ``none`` is 无 for a
        service but 不承担责任 for a liability, so ``liability_286_1=none`` is looked up first.
        """
        if of:
            specific = self.lookup("value", f"{of}={code}")
            if specific:
                return specific
        return self.lookup("value", code) or code

    def element(self, name: str, label: str | None) -> str:
        """A fact's or decision's name: the model's (Chinese) label in Chinese, English in English."""
        if self.lang == "zh":
            return label or name
        return self.lookup("element", name) or _humane(name)

    def member(self, name: str, label: str | None = None) -> str:
        """A context member's display name: in Chinese the model's ``label`` for it when it
        has one, else the catalogue's name, else the name itself."""
        if self.lang == "zh" and label:
            return label
        return self.lookup("member", name) or _humane(name)

    def question(self, name: str) -> str | None:
        """A missing fact put as a question, or None when the catalogue has none for it."""
        return self.lookup("question", name)

    # -- values ---------------------------------------------------------------------------

    def number(self, v: Decimal | int | float) -> str:
        """A number with the language's grouping (200,000; 1.5) and every digit it has (a
        fact of 0.0004 yuan is not 0); one too large to group reads as FEEL writes it (1E+120)."""
        try:
            with localcontext() as ctx:
                ctx.prec = 100   # FEEL numbers have 34 digits; grouping needs room for the exponent
                return format_decimal(v, locale=self.locale, decimal_quantization=False)
        except (ArithmeticError, ValueError):
            return str(v)

    def date(self, v: _dt.date) -> str:
        """A date in the language's long form (2016年6月30日 / June 30, 2016)."""
        return format_date(v, "long", locale=self.locale)

    def value(self, v: Any, of: str | None = None) -> str:
        """Any FEEL value as display text: labels for codes (of the element ``of``), 是/否,
        grouped numbers, long dates; a context as its members."""
        if v is None:
            return self.gettext("unknown")
        if v is True:
            return self.gettext("yes")
        if v is False:
            return self.gettext("no")
        if isinstance(v, str):
            return self.value_label(v, of)
        if isinstance(v, (Decimal, int, float)):
            return self.number(v)
        if isinstance(v, temporal.Date) and 1 <= v.year <= 9999:
            return self.date(_dt.date(v.year, v.month, v.day))
        if isinstance(v, dict):
            colon, sep = self.gettext(": "), self.gettext("; ")
            return sep.join(f"{self.member(k)}{colon}{self.value(x, k)}" for k, x in v.items())
        if isinstance(v, (list, tuple)):
            return self.gettext(", ").join(self.value(x, of) for x in v)
        if temporal.type_name(v):
            return temporal.to_iso(v)
        return str(v)


def _humane(name: str) -> str:
    """A FEEL name as words: ``some_new_fact`` → ``Some new fact``."""
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]
