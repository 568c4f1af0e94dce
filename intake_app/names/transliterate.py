"""Names in any script to Latin letters, for display and for search keys.

Passports romanise Cyrillic with ICAO Doc 9303, so that is the default: a
name typed from a passport then matches the Cyrillic record. Kazakh officials
may also want the 2021 Kazakh Latin alphabet. Uyghur in Arabic script goes to
Uyghur Latin (ULY); every other script falls back to ``anyascii`` so that a
search key always exists. Text is handled character by character, so mixed
Latin and Cyrillic is fine and Latin is left as it is.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from anyascii import anyascii

from .scripts import UNKNOWN, char_script
from .tables import ICAO_CYRILLIC, KK_LATIN_2021, NATIONAL_CYRILLIC
from .uyghur import is_uyghur_word, uyghur_to_uly

ICAO: Final[str] = "icao"
KK_LATIN: Final[str] = "kk_latin_2021"
SYSTEMS: Final[frozenset[str]] = frozenset({ICAO, KK_LATIN})

_TATWEEL: Final[str] = "ـ"


def to_latin(text: str, system: str = ICAO) -> str:
    """Transliterate ``text`` to Latin script.

    ``system`` chooses how Cyrillic is written: ``"icao"`` (ICAO 9303 plus the
    national-practice letters in :data:`tables.NATIONAL_CYRILLIC`) or
    ``"kk_latin_2021"`` (the 2021 Kazakh Latin alphabet; Cyrillic letters it
    lacks fall back to the ICAO values). Capital letters keep their role:
    ``Щукин`` gives ``Shchukin``, ``ЩУКИН`` gives ``SHCHUKIN``.
    """
    if system not in SYSTEMS:
        raise ValueError(f"unknown transliteration system {system!r}; use one of {sorted(SYSTEMS)}")
    text = unicodedata.normalize("NFC", text)
    out: list[str] = []
    i, n = 0, len(text)
    previous_han = False
    while i < n:
        ch = text[i]
        script = char_script(ch)
        if script == "Hani":
            # One syllable per character; spaces between them so that
            # 张伟 gives "Zhang Wei", as a passport writes it.
            if previous_han:
                out.append(" ")
            out.append(anyascii(ch))
            previous_han = True
            i += 1
            continue
        previous_han = False
        if script == "Arab" and _is_word_char(ch):
            j = i
            while j < n and char_script(text[j]) == "Arab" and _is_word_char(text[j]):
                j += 1
            out.append(_arabic_word(text[i:j]))
            i = j
            continue
        if script == "Cyrl" and unicodedata.category(ch).startswith("L"):
            out.append(_cyrillic_letter(text, i, system))
        elif _keep_as_is(ch, script):
            out.append(ch)
        else:
            out.append(anyascii(ch))
        i += 1
    return "".join(out)


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LM" or ch == _TATWEEL


def _keep_as_is(ch: str, script: str) -> bool:
    """Latin, ASCII, and script-neutral marks and punctuation stay unchanged."""
    if ch.isascii() or script == "Latn":
        return True
    if script != UNKNOWN:
        return False
    return unicodedata.category(ch)[0] in "MPSZ" or unicodedata.name(ch, "").startswith(
        "MODIFIER LETTER"
    )


def _arabic_word(word: str) -> str:
    word = unicodedata.normalize("NFKC", word)
    latin = uyghur_to_uly(word) if is_uyghur_word(word) else anyascii(word).lower()
    return latin[:1].upper() + latin[1:]


def _lookup(ch: str, system: str) -> tuple[str, str] | None:
    """(Title-case, small) Latin for a Cyrillic letter, or None if unknown.

    Tables are keyed by capitals; rare small letters whose capital is a
    common letter (e.g. U+1C86 tall hard sign, capital Ъ) map like it.
    """
    for cap in (ch.upper(), ch, ch.lower().upper()):
        if len(cap) != 1:
            continue
        if system == KK_LATIN and cap in KK_LATIN_2021:
            return KK_LATIN_2021[cap]
        value = ICAO_CYRILLIC.get(cap)
        if value is None:
            value = NATIONAL_CYRILLIC.get(cap)
        if value is not None:
            return value.capitalize(), value.lower()
    return None


def _cyrillic_letter(text: str, i: int, system: str) -> str:
    ch = text[i]
    found = _lookup(ch, system)
    if found is None:
        return anyascii(ch)
    title, small = found
    if not ch.isupper():
        return small
    if len(title) <= 1 or not _in_capitals(text, i):
        return title
    return title[0] + title[1:].upper()


def _neighbour_letter(text: str, i: int, step: int) -> str:
    """Nearest character from ``i`` in direction ``step``, skipping marks."""
    j = i + step
    while 0 <= j < len(text) and unicodedata.category(text[j]).startswith("M"):
        j += step
    return text[j] if 0 <= j < len(text) else ""


def _in_capitals(text: str, i: int) -> bool:
    """Whether the capital at ``i`` belongs to an all-capitals word.

    Decided by the next letter, or by the previous one at the end of a
    word, so ЩУКИН gives SHCHUKIN but Щукин and a lone Щ give Shch.
    """
    following = _neighbour_letter(text, i, +1)
    if following.isalpha():
        return following.isupper()
    preceding = _neighbour_letter(text, i, -1)
    return preceding.isalpha() and preceding.isupper()
