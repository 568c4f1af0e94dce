"""The languages a receipt is printed in: catalogs, draft status, Babel locales, names.

Receipt texts (:mod:`intake_app.receipts.texts`) have their own gettext domain,
``receipt``, in more languages than the interface. A catalog whose messages a
fluent speaker has not yet reviewed carries the flag ``draft`` on those
messages (``#, draft`` in the ``.po`` file; ``pybabel update`` keeps flags),
and the receipt prints :data:`~intake_app.receipts.texts.DRAFT_NOTICE` next to
that language. Qt-free: the CLI and the tests use it too.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache

from babel import Locale
from babel.messages.pofile import read_po

from intake_app import paths
from intake_app.forms import locale_names
from intake_app.receipts.texts import DOMAIN, RECEIPT_LANGUAGES

SOURCE_LANGUAGE = "en"
#: The flag that marks a message no fluent speaker has reviewed yet.
DRAFT_FLAG = "draft"

#: The CLDR locale for dates, numbers and names in each receipt language, with the script
#: spelled out where CLDR has a language in more than one and the catalog is in one of them
#: (Kazakh: Cyrillic; Uzbek: Latin, the official script; Chinese: simplified). CLDR's ``ug``
#: is the Arabic script and ``ky``/``tg`` Cyrillic, as the catalogs. English is ``en_001``
#: (international English): day before month, not the US ``11/24/26``.
_BABEL_LOCALES = {
    "kk": "kk_Cyrl",
    "ru": "ru",
    "en": "en_001",
    "uz": "uz_Latn",
    "ky": "ky",
    "tg": "tg",
    "ug": "ug",
    "fa_AF": "fa_AF",
    "ps": "ps",
    "zh": "zh_Hans",
    "tk": "tk",
}
#: Languages whose receipt catalog is a regional variant of the same written language:
#: Persian (``fa``, ``fas``, ``pes``) reads the Dari receipt.
_VARIANTS = {"fa": "fa_AF"}


@cache
def receipt_gettext(lang: str) -> _gettext.NullTranslations:
    """Receipt texts in ``lang`` (a member of ``RECEIPT_LANGUAGES``); English source strings as fallback."""
    if lang == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=str(paths.translations_dir()), languages=[lang], fallback=True)


@cache
def is_draft(lang: str) -> bool:
    """Whether any message of ``lang``'s receipt catalog is still a machine-assisted draft.

    English, the source language, never is. A catalog that cannot be read (a build
    that shipped only the compiled ``.mo``) counts as a draft: it has not been shown
    to be reviewed, and the notice then points to the Kazakh or Russian text.
    """
    if lang == SOURCE_LANGUAGE:
        return False
    path = paths.translations_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    try:
        with open(path, "rb") as handle:
            catalog = read_po(handle)
    except OSError:
        return True
    return any(DRAFT_FLAG in message.flags for message in catalog if message.id)


def receipt_language(code: str | None) -> str | None:
    """The receipt language for a language code a record holds, or None if there is no catalog for it.

    Takes ISO 639-1/-2/-3 codes and their CLDR aliases (``uzn`` → ``uz``, ``prs`` → ``fa_AF``,
    ``pbu`` → ``ps``, ``cmn`` → ``zh``) the same way the forms do
    (:mod:`intake_app.forms.locale_names`), and locale tags (``ru-KZ``, ``uz_Cyrl``, ``fa_AF``).
    """
    if not code:
        return None
    tag = code.strip().replace("-", "_")
    if tag in RECEIPT_LANGUAGES:
        return tag
    base = tag.split("_")[0].lower()
    if base not in locale_names.language_codes():
        return None
    resolved = locale_names.language_aliases().get(base, base)
    if resolved in RECEIPT_LANGUAGES:
        return resolved
    resolved = _VARIANTS.get(resolved.split("_")[0], resolved)
    return resolved if resolved in RECEIPT_LANGUAGES else None


@cache
def babel_locale(lang: str) -> Locale:
    """The Babel locale for dates, numbers and country names on a receipt in ``lang``."""
    return Locale.parse(_BABEL_LOCALES.get(lang, lang))


def language_label(lang: str, in_lang: str) -> str:
    """The name of receipt language ``lang`` in receipt language ``in_lang`` ("Dari", "дари")."""
    name = babel_locale(in_lang).languages.get(lang)
    if name:
        return name
    return locale_names.language_name(lang, str(babel_locale(in_lang)))
