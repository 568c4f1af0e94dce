"""The one translation pipeline: gettext catalogs in ``translations/``.

Source strings are English. ``_()`` translates into the current interface
language (set once by the CLI or switched at run time by the UI);
``gettext_for(lang)`` gives a specific language, e.g. for a receipt printed in
the applicant's language while the interface stays in Kazakh. ``N_()`` only
marks a string for extraction, for texts defined at import time and
translated when shown.
"""

from __future__ import annotations

import gettext as _gettext
import os
from functools import cache

from intake_app import paths

DOMAIN = "intake"
SOURCE_LANGUAGE = "en"
#: Interface languages with complete catalogs.
INTERFACE_LANGUAGES: tuple[str, ...] = ("kk", "ru", "en")
#: The interface languages with catalogs (and Qt's own qtbase translations): all but the source language.
TRANSLATED_LANGUAGES: tuple[str, ...] = tuple(lang for lang in INTERFACE_LANGUAGES if lang != SOURCE_LANGUAGE)
ENV_LANGUAGE = "INTAKE_LANG"

_current = SOURCE_LANGUAGE


@cache
def gettext_for(lang: str) -> _gettext.NullTranslations:
    """Translations for ``lang``; falls back to the English source strings."""
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(
        DOMAIN, localedir=str(paths.translations_dir()), languages=[lang], fallback=True
    )


def set_language(lang: str) -> None:
    """Switch the interface language for everything that calls ``_()`` afterwards."""
    global _current
    _current = normalize_language(lang)


def current_language() -> str:
    return _current


def normalize_language(lang: str | None) -> str:
    """Map a locale name (``ru_RU.UTF-8``, ``kk-KZ``) to one of the interface languages."""
    if not lang:
        return SOURCE_LANGUAGE
    base = lang.replace("-", "_").split(".")[0].split("_")[0].lower()
    return base if base in INTERFACE_LANGUAGES else SOURCE_LANGUAGE


def language_from_environment() -> str:
    """``$INTAKE_LANG``, else the POSIX locale variables, else English."""
    for var in (ENV_LANGUAGE, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value and value not in ("C", "POSIX"):
            return normalize_language(value)
    return SOURCE_LANGUAGE


def _(message: str) -> str:
    return gettext_for(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext_for(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it now."""
    return message


def translate(message: str, lang: str | None = None) -> str:
    """``message`` in ``lang`` (default: the interface language)."""
    return gettext_for(lang or _current).gettext(message)
