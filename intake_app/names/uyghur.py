"""Uyghur Arabic script (Uyghur Ereb Yéziqi) to Uyghur Latin (ULY).

Uyghur is the only Arabic-script language applicants write that has a
standard Latin form, and Uyghur applicants are among those most at risk, so
their names must meet their Latin and Cyrillic spellings. Other Arabic-script
languages (Persian, Dari, Pashto, Arabic) fall back to ``anyascii``.
"""

from __future__ import annotations

import unicodedata

from anyascii import anyascii

from .tables import ULY, ULY_HAMZA, ULY_MARKERS, ULY_SEPARATED, ULY_VOWELS

_ALEF_MAKSURA = "ى"


def is_uyghur_word(word: str) -> bool:
    """Whether an Arabic-script word is written in the Uyghur alphabet.

    Uyghur writes every vowel and has letters Persian and Arabic lack; it
    also opens every vowel-initial word with a hamza seat (ئ). Alef maksura
    (ى) counts only inside a word, because Arabic uses it at word end.
    """
    letters = [ch for ch in word if unicodedata.category(ch).startswith("L")]
    if not letters:
        return False
    if any(ch in ULY_MARKERS for ch in letters):
        return True
    if letters[0] == ULY_HAMZA and len(letters) > 1 and letters[1] in ULY_VOWELS:
        return True
    return _ALEF_MAKSURA in letters[:-1]


def uyghur_to_uly(word: str) -> str:
    """Transliterate one Uyghur word to ULY, in small letters.

    The hamza seat is silent at the start of a word and written ``'`` inside
    it (jem'iyet); letter pairs that would read as a ULY digraph get the
    separator apostrophe (n'g, s'h, z'h, g'h). Harakat and tatweel are
    dropped; letters outside the Uyghur alphabet go through ``anyascii``.
    """
    letters = [
        ch
        for ch in unicodedata.normalize("NFKC", word)
        if unicodedata.category(ch).startswith("L") and ch != "ـ"
    ]
    out: list[str] = []
    for i, ch in enumerate(letters):
        prev = letters[i - 1] if i else ""
        if ch == ULY_HAMZA:
            if i and (out and out[-1] != "'"):
                out.append("'")
            continue
        if (prev, ch) in ULY_SEPARATED:
            out.append("'")
        out.append(ULY.get(ch) or anyascii(ch).lower())
    return "".join(out)
