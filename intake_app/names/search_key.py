"""Cross-script search keys for names, used by search and duplicate checks.

The same applicant may be registered as Абдуллаев, Abdullaev, Abdullayev or
ئابدۇللا. A missed match can mean a duplicate file, or a person whose earlier
application is not found; so the key is deliberately loose. Each name token
is turned into a folded ASCII skeleton:

1. NFKC, and a case-neutral form (upper then lower);
2. :func:`to_latin` with the ICAO system (Uyghur to ULY, rest via anyascii);
3. Latin letters that stand for another system's digraph are spelled out
   (ş -> sh, ž -> zh, ğ -> gh ...), then diacritics are dropped;
4. Uzbek oʻ (= Cyrillic Ў) becomes u; apostrophes, hyphens and invisible
   format characters are removed; everything else that is not a letter or a
   digit separates tokens;
5. each token is folded with :data:`FOLD_RULES` until nothing changes.

Folding to a fixed point makes the key idempotent: applying it to its own
output changes nothing. ``docs/transliteration.md`` explains every rule.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from anyascii import anyascii

from .transliterate import to_latin

# Latin letters that romanisations use for a sound other systems spell with
# two letters; mapped before diacritics are stripped, or ş would become s.
SPELLED_OUT: Final[dict[str, str]] = {
    "ş": "sh", "ș": "sh", "š": "sh",  # Kazakh 2021, Turkish, Czech-style
    "ç": "ch", "č": "ch",
    "ž": "zh",
    "ğ": "gh", "ǧ": "gh",
    "ñ": "n", "ŋ": "n",  # Kazakh 2021 Ñ (some drafts: Ŋ); ng folds to n too
    "ı": "i",  # Kazakh 2021 / Turkish dotless i
    "ə": "a",  # Azerbaijani, and Kazakh Ә typed as Ə
    "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d",
    "ł": "l", "þ": "th", "ħ": "h",
}

# Uzbek Latin oʻ (Cyrillic Ў, ICAO U) with any apostrophe-like character.
_UZBEK_O: Final[re.Pattern[str]] = re.compile("o[ʻʼ'’‘`]")

# Removed inside a name instead of splitting it: apostrophes (Uzbek gʻ, ULY
# n'g, O'Brien), hyphens (Abdul-Aziz) and format characters (ZWNJ, bidi marks).
_JOINERS: Final[frozenset[str]] = frozenset("'ʻʼ’‘`ʹʺʾʿ-\u2010\u2011\u00ad")

_SEPARATOR: Final[re.Pattern[str]] = re.compile("[^a-z0-9]+")

# Ordered (pattern, replacement) pairs applied to one lower-case ASCII token,
# repeated until the token stops changing. Every rule either shortens the
# token or, at equal length, replaces one of j q w x y; so the loop ends.
FOLD_RULES: Final[tuple[tuple[str, str], ...]] = (
    # consonant digraphs and their single-letter spellings
    ("shch", "sh"),  # Щ: ICAO SHCH, Kazakh 2021 Ş, German-style SCH
    ("sch", "sh"),
    ("dzh", "j"),  # Дж: ICAO DZH, Uzbek/Tajik J (Ҷ), French-style DJ
    ("dj", "j"),
    ("zh", "j"),  # Ж: ICAO ZH, Kazakh 2021/Uzbek J, Czech Ž
    ("kh", "h"),  # Х: ICAO KH, Uzbek/ULY X, Kazakh 2021 and Tajik H
    ("x", "h"),
    ("ts", "c"),  # Ц: ICAO TS, Slavic-Latin C
    ("q", "k"),  # Қ/ق: Kazakh 2021, Uzbek, ULY Q; passports K
    ("gh", "g"),  # Ғ/غ: ULY GH, Uzbek Gʻ, Kazakh 2021 Ğ; passports G
    ("ng", "n"),  # Ң/ڭ: ULY NG, Kazakh 2021 Ñ; passports N
    ("w", "v"),  # ۋ: ULY W, Uzbek/Russian V
    ("ou", "u"),  # French-style Youssoupov
    # y / i / j glides and iotated vowels
    ("y", "i"),  # Ы and Й: ICAO Y/I, others Y, Uzbek I
    ("ju", "iu"),  # Ю: ICAO IU, others YU/JU; Kyrgyz Жусуп = Юсуп
    ("ij$", "i"),  # Дмитрий: Dmitrij
    ("([aeou])j$", r"\1i"),  # Андрей: Andrej
    ("io", "e"),  # Ё: ICAO E, others YO/IO/JO after y -> i
    ("ie", "e"),  # Е: ICAO E, others YE; Ъ: ICAO IE
    # letters written twice or once (Abdulla/Abdula, Dmitrii/Dmitri)
    (r"([a-z])\1+", r"\1"),
)

_COMPILED_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern), replacement) for pattern, replacement in FOLD_RULES
)


def fold_token(token: str) -> str:
    """Apply :data:`FOLD_RULES` to one lower-case ASCII token until stable."""
    while True:
        folded = token
        for pattern, replacement in _COMPILED_RULES:
            folded = pattern.sub(replacement, folded)
        if folded == token:
            return folded
        token = folded


def _ascii_lower(text: str) -> str:
    """Latin text to lower-case ASCII, spelling out digraph letters first.

    Joiners are kept for the caller; other non-ASCII punctuation (dashes,
    quotes) becomes a space so it separates tokens like ASCII punctuation.
    """
    text = "".join(SPELLED_OUT.get(ch, ch) for ch in text.lower())
    text = "".join(
        ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.category(ch).startswith("M")
    )
    return "".join(_ascii_char(ch) for ch in text).lower()


def _ascii_char(ch: str) -> str:
    if ch.isascii() or ch in _JOINERS or unicodedata.category(ch) == "Cf":
        return ch
    if unicodedata.category(ch)[0] in "LN":
        return anyascii(ch)
    return " "


# Letters that are silent by design: soft signs here, and every modifier
# letter (category Lm: apostrophes, tatweel). A name made only of them has
# no key.
_SILENT_LETTERS: Final[frozenset[str]] = frozenset("ЬьҌҍ")


def _case_neutral(text: str) -> str:
    return unicodedata.normalize("NFKC", text).upper().lower()


def _fallback_token(text: str) -> list[str]:
    """Code-point token for names no romanisation covers (e.g. rare Han).

    Without it such a name would have no key at all and could never be
    found or matched as a duplicate, not even by its exact spelling.
    """
    letters = [
        ch
        for ch in _case_neutral(text)
        if unicodedata.category(ch) in {"Lu", "Ll", "Lt", "Lo"} and ch not in _SILENT_LETTERS
    ]
    if not letters:
        return []
    return [fold_token("u" + "u".join(f"{ord(ch):x}" for ch in letters))]


def _raw_tokens(text: str) -> list[str]:
    text = _ascii_lower(to_latin(_case_neutral(text)))
    text = _UZBEK_O.sub("u", text)
    text = "".join(
        ch for ch in text if ch not in _JOINERS and unicodedata.category(ch) != "Cf"
    )
    return [token for token in _SEPARATOR.split(text) if token]


def name_tokens(text: str) -> list[str]:
    """Folded ASCII tokens of a name, in their original order.

    Spellings of one name in different scripts and romanisations give the
    same token (Абдуллаев, Abdullaev, Abdullayev -> ``abdulaev``); tokens are
    ``[a-z0-9]+`` and the function is idempotent. A name with letters but
    no romanisation gets one code-point token instead of none.
    """
    tokens = [folded for folded in map(fold_token, _raw_tokens(text)) if folded]
    return tokens or _fallback_token(text)


def name_key(text: str) -> str:
    """Order-insensitive key of a full name for duplicate checks.

    "Abdullaev Rustam" and "Рустам Абдуллаев" give the same key.
    """
    return " ".join(sorted(name_tokens(text)))


def query_tokens(text: str) -> list[str]:
    """Tokens of a search query, folded like names, without repeats.

    A stored token matches when it starts with a query token, so
    ئابدۇللا (``abdula``) finds Абдуллаев (``abdulaev``).
    """
    return list(dict.fromkeys(name_tokens(text)))
