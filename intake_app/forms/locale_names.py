"""Country and language codes and their names, from Babel's CLDR data.

Codes are what records store (``KZ``, ``prs``); names are only for display,
in the reader's language, so a record entered in Russian reads correctly in
Kazakh. Lists are sorted in the order of the reader's alphabet (Kazakh
letters such as Ә or Қ come right after А and К, not after Я).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global

#: CLDR territories that are groupings or placeholders, not countries.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"})
#: ISO 639 special codes (unknown, no linguistic content, multiple, uncoded).
_NOT_LANGUAGES = frozenset({"und", "zxx", "mul", "mis"})
_FALLBACK = "en"
#: The code offered for a language that CLDR names only through a regional variant and that
#: several ISO 639 codes point to: Dari is ``prs`` (``drw`` and ``tnf`` are retired codes for it).
_PREFERRED = {"fa_AF": "prs"}
_ALPHABETS = {
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
}


@cache
def _locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(_FALLBACK)


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes known to CLDR."""
    return frozenset(
        code for code in map(str, _locale(_FALLBACK).territories)
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
    )


@lru_cache(maxsize=1)
def language_aliases() -> dict[str, str]:
    """ISO 639-3 codes that CLDR names only through a regional variant (``prs`` → ``fa_AF``, Dari)."""
    names = _locale(_FALLBACK).languages
    return {
        code: target for code, target in get_global("language_aliases").items()
        if len(code) <= 3 and code.isalpha() and code.islower() and code not in names and target in names
    }


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """ISO 639 codes known to CLDR (two or three letters, no script or region)."""
    plain = {
        code for code in map(str, _locale(_FALLBACK).languages)
        if len(code) in (2, 3) and code.isalpha() and code not in _NOT_LANGUAGES
    }
    return frozenset(plain | set(language_aliases()))


def country_name(code: str, lang: str) -> str:
    """The name of country ``code`` in ``lang``; the code itself if CLDR has no name."""
    code = code.upper()
    return _locale(lang).territories.get(code) or _locale(_FALLBACK).territories.get(code) or code


def language_name(code: str, lang: str) -> str:
    """The name of language ``code`` in ``lang``; the code itself if CLDR has no name."""
    code = code.lower()
    key = language_aliases().get(code, code)
    return _locale(lang).languages.get(key) or _locale(_FALLBACK).languages.get(key) or code


def sort_key(text: str, lang: str) -> tuple[int, ...]:
    """Alphabetical order for ``lang`` (own alphabet for kk/ru, accent-blind otherwise)."""
    alphabet = _ALPHABETS.get(lang)
    folded = text.casefold()
    if alphabet is None:
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        return tuple(ord(ch) for ch in folded)
    return tuple(
        100 + alphabet.index(ch) if ch in alphabet else (1000 + ord(ch) if ch.isalnum() else ord(ch) % 100)
        for ch in folded
    )


@cache
def country_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """``(code, name)`` of every country, sorted by name in ``lang``."""
    pairs = ((code, country_name(code, lang)) for code in country_codes())
    return tuple(sorted(pairs, key=lambda pair: sort_key(pair[1], lang)))


@lru_cache(maxsize=1)
def distinct_language_codes() -> frozenset[str]:
    """One code per language: ``uz`` for Uzbek, not also ``uzn`` and ``uzb``; ``prs`` for Dari.

    ``language_codes`` also accepts the ISO 639-2/-3 aliases (``rus``, ``uzn``, ``pes``, ``drw``)
    because a stored record may hold them; a list to choose from offers each language once, by the
    code CLDR names it with (the ISO 639-1 code where there is one).
    """
    aliases = language_aliases()
    codes = language_codes()
    by_language: dict[str, list[str]] = {}
    for code in codes:
        by_language.setdefault(aliases.get(code, code), []).append(code)
    return frozenset(_offered(key, group, codes) for key, group in by_language.items())


def _offered(key: str, group: list[str], codes: frozenset[str]) -> str:
    """The code of a group of codes for one language (``key`` is what CLDR names it by)."""
    if key in codes:
        return key
    preferred = _PREFERRED.get(key)
    return preferred if preferred is not None and preferred in group else min(group)


@cache
def language_choices(lang: str) -> tuple[tuple[str, str], ...]:
    """``(code, name)`` of every language, once each, sorted by name in ``lang``.

    Alias codes are left out (see ``distinct_language_codes``); ``language_name`` still names them.
    Two languages that would read alike in ``lang`` show their codes.
    """
    pairs = [(code, language_name(code, lang)) for code in distinct_language_codes()]
    counts = Counter(name for _code, name in pairs)
    named = ((code, f"{name} ({code})" if counts[name] > 1 else name) for code, name in pairs)
    return tuple(sorted(named, key=lambda pair: sort_key(pair[1], lang)))
