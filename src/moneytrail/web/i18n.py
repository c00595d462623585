"""Translations: every text of the pages is catalogued with gettext (Babel) and looked up per request.

Catalogues live in ``moneytrail/web/locale/<lang>/LC_MESSAGES/messages.{po,mo}``; ``messages.pot`` is the
template (``make i18n`` extracts it from the templates and the Python code). A language is offered when its
catalogue exists; English needs none. Right-to-left languages (Arabic) get ``dir="rtl"`` on the page.
"""

from __future__ import annotations

import contextvars
import gettext as _gettext
from functools import cache
from pathlib import Path

from babel import Locale
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT = "en"
_current: contextvars.ContextVar[str] = contextvars.ContextVar("moneytrail_language", default=DEFAULT)


def available() -> list[str]:
    langs = {DEFAULT}
    if LOCALE_DIR.exists():
        langs |= {p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/messages.mo")}
    return sorted(langs)


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    if lang == DEFAULT:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), [lang], domain="messages")


def negotiate(accept_language: str | None, preferred: str | None = None) -> str:
    offered = available()
    if preferred and preferred in offered:
        return preferred
    for part in (accept_language or "").split(","):
        tag = part.split(";")[0].strip().replace("-", "_").split("_")[0].lower()
        if tag in offered:
            return tag
    return DEFAULT


def set_language(lang: str) -> contextvars.Token[str]:
    return _current.set(lang)


def current_language() -> str:
    return _current.get()


def direction(lang: str) -> str:
    try:
        return "rtl" if Locale.parse(lang).text_direction == "rtl" else "ltr"
    except (ValueError, TypeError):
        return "ltr"


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


_ = gettext
