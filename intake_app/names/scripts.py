"""Which writing system a character or a name is in.

Uses Unicode character names instead of a script database so the module has
no dependency beyond the standard library; names are stable across Unicode
versions for the scripts applicants actually write.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from typing import Final

# Prefix of the Unicode character name -> ISO 15924 code; the first match
# wins. "ARABIC" also covers the Arabic presentation forms.
_NAME_PREFIXES: Final[tuple[tuple[str, str], ...]] = (
    ("LATIN", "Latn"),
    ("CYRILLIC", "Cyrl"),
    ("ARABIC", "Arab"),
    ("CJK UNIFIED IDEOGRAPH", "Hani"),
    ("CJK COMPATIBILITY IDEOGRAPH", "Hani"),
    ("GREEK", "Grek"),
    ("GEORGIAN", "Geor"),
    ("ARMENIAN", "Armn"),
    ("HEBREW", "Hebr"),
    ("DEVANAGARI", "Deva"),
    ("BENGALI", "Beng"),
    ("GURMUKHI", "Guru"),
    ("GUJARATI", "Gujr"),
    ("ORIYA", "Orya"),
    ("TAMIL", "Taml"),
    ("TELUGU", "Telu"),
    ("KANNADA", "Knda"),
    ("MALAYALAM", "Mlym"),
    ("SINHALA", "Sinh"),
    ("THAI", "Thai"),
    ("LAO", "Laoo"),
    ("TIBETAN", "Tibt"),
    ("MYANMAR", "Mymr"),
    ("KHMER", "Khmr"),
    ("ETHIOPIC", "Ethi"),
    ("HANGUL", "Hang"),
    ("HIRAGANA", "Hira"),
    ("KATAKANA", "Kana"),
    ("MONGOLIAN", "Mong"),
    ("SYRIAC", "Syrc"),
    ("THAANA", "Thaa"),
)

COMMON: Final[str] = "Zyyy"  # no letters at all (digits, punctuation, empty)
UNKNOWN: Final[str] = "Zzzz"  # letters, but of a script not listed above


def char_script(ch: str) -> str:
    """ISO 15924 code of one character, or ``Zzzz`` if it is not recognised."""
    name = unicodedata.name(ch, "")
    for prefix, code in _NAME_PREFIXES:
        if name.startswith(prefix):
            return code
    return UNKNOWN


def detect_script(text: str) -> str:
    """Dominant script of ``text`` by majority of its letters.

    Ties go to the script seen first, so the answer is deterministic. Letters
    of unrecognised scripts only win when nothing else is present.
    """
    votes: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    for index, ch in enumerate(text):
        if not unicodedata.category(ch).startswith("L"):
            continue
        code = char_script(ch)
        votes[code] += 1
        first_seen.setdefault(code, index)
    if not votes:
        return COMMON
    known = {code: n for code, n in votes.items() if code != UNKNOWN} or dict(votes)
    return max(known, key=lambda code: (known[code], -first_seen[code]))
