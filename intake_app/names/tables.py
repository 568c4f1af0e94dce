"""Transliteration tables, kept as plain data so they can be reviewed against
their sources line by line (see ``docs/transliteration.md``).

Keys are single characters. Cyrillic tables are keyed by the *capital* letter;
the transliterator derives the small letter and the casing itself.
"""

from __future__ import annotations

from typing import Final

# ICAO Doc 9303 (8th ed. 2021), Part 3, section 6 "Transliteration of
# Cyrillic characters" (unchanged since the 7th ed., 2015; Russia's passports
# use it since 2013). Values are the MRZ/VIZ spelling in capitals.
ICAO_CYRILLIC: Final[dict[str, str]] = {
    # Russian alphabet
    "А": "A", "Б": "B", "В": "V", "Г": "G", "Д": "D", "Е": "E", "Ё": "E",
    "Ж": "ZH", "З": "Z", "И": "I", "Й": "I", "К": "K", "Л": "L", "М": "M",
    "Н": "N", "О": "O", "П": "P", "Р": "R", "С": "S", "Т": "T", "У": "U",
    "Ф": "F", "Х": "KH", "Ц": "TS", "Ч": "CH", "Ш": "SH", "Щ": "SHCH",
    "Ъ": "IE", "Ы": "Y", "Ь": "", "Э": "E", "Ю": "IU", "Я": "IA",
    # Other Slavic letters in the same ICAO table
    "Ґ": "G", "Ђ": "D", "Ѓ": "G", "Є": "IE", "Ѕ": "DZ", "І": "I", "Ї": "I",
    "Ј": "J", "Љ": "LJ", "Њ": "NJ", "Ћ": "C", "Ќ": "K", "Ў": "U", "Џ": "DZ",
    # Historic letters (Ѣ Ѳ Ѵ not yet checked against the ICAO PDF, see doc)
    "Ѣ": "IE", "Ѳ": "F", "Ѵ": "Y", "Ѫ": "U",
}

# Letters of Kazakh, Kyrgyz, Tajik, Uzbek (and a few Tatar/Bashkir) Cyrillic
# that the ICAO table lacks. Chosen to follow national passport practice:
# Latin capitals A-Z only, one plain letter per Cyrillic letter, so that a
# name typed from a passport's MRZ meets the Cyrillic original.
NATIONAL_CYRILLIC: Final[dict[str, str]] = {
    "Ә": "A",  # Kazakh
    "Ғ": "G",  # Kazakh, Tajik, Uzbek (Uzbek Latin writes G')
    "Қ": "K",  # Kazakh, Tajik, Uzbek (Uzbek/Kazakh Latin write Q)
    "Ң": "N",  # Kazakh, Kyrgyz
    "Ө": "O",  # Kazakh, Kyrgyz
    "Ұ": "U",  # Kazakh
    "Ү": "U",  # Kazakh, Kyrgyz
    "Һ": "H",  # Kazakh, Bashkir, Tatar
    "Ҳ": "H",  # Tajik, Uzbek
    "Ҷ": "J",  # Tajik (= Russian-form Дж)
    "Ӣ": "I",  # Tajik
    "Ӯ": "U",  # Tajik
    "Җ": "ZH",  # Tatar (= Ж)
    "Ҙ": "Z",  # Bashkir
    "Ҫ": "S",  # Bashkir, Chuvash
    "Ҡ": "K",  # Bashkir
    "Ҥ": "N",  # Altai, Yakut (= Ң)
    "Ӊ": "N",  # Khanty (= Ң)
    "Ӈ": "N",  # Nenets, Even (= Ң)
    "Ӧ": "O",  # Altai, Komi
    "Ӱ": "U",  # Altai, Khakas
}

# 2021 Kazakh Latin alphabet (31 letters, presented by the National
# Commission on 28 January 2021). Values are (capital, small) because the
# alphabet uses Turkish-style İ/i and I/ı, which str.upper/str.lower get wrong.
KK_LATIN_2021: Final[dict[str, tuple[str, str]]] = {
    "А": ("A", "a"), "Ә": ("Ä", "ä"), "Б": ("B", "b"), "В": ("V", "v"),
    "Г": ("G", "g"), "Ғ": ("Ğ", "ğ"), "Д": ("D", "d"), "Е": ("E", "e"),
    "Ж": ("J", "j"), "З": ("Z", "z"), "И": ("İ", "i"), "Й": ("İ", "i"),
    "К": ("K", "k"), "Қ": ("Q", "q"), "Л": ("L", "l"), "М": ("M", "m"),
    "Н": ("N", "n"), "Ң": ("Ñ", "ñ"), "О": ("O", "o"), "Ө": ("Ö", "ö"),
    "П": ("P", "p"), "Р": ("R", "r"), "С": ("S", "s"), "Т": ("T", "t"),
    "У": ("U", "u"), "Ұ": ("Ū", "ū"), "Ү": ("Ü", "ü"), "Ф": ("F", "f"),
    "Х": ("H", "h"), "Һ": ("H", "h"), "Ш": ("Ş", "ş"), "Ы": ("Y", "y"),
    "І": ("I", "ı"),
    # Letters with no 2021 Latin letter (Russian loans); our documented
    # choice, built from the 31 letters (plus Ç, see the doc).
    "Ё": ("İo", "io"), "Ц": ("Ts", "ts"), "Ч": ("Ç", "ç"), "Щ": ("Ş", "ş"),
    "Ъ": ("", ""), "Ь": ("", ""), "Э": ("E", "e"), "Ю": ("İu", "iu"),
    "Я": ("İa", "ia"),
}

# Uyghur Arabic script (UEY) to Uyghur Latin script (ULY), small letters.
ULY: Final[dict[str, str]] = {
    "ا": "a", "ە": "e", "ب": "b", "پ": "p", "ت": "t", "ج": "j", "چ": "ch",
    "خ": "x", "د": "d", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh",
    "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "گ": "g", "ڭ": "ng", "ل": "l",
    "م": "m", "ن": "n", "ھ": "h", "و": "o", "ۇ": "u", "ۆ": "ö", "ۈ": "ü",
    "ۋ": "w", "ې": "é", "ى": "i", "ي": "y",
    # Look-alikes that non-Uyghur keyboards produce inside Uyghur words.
    "ه": "e",  # Arabic heh typed for ە
    "ی": "y",  # Persian yeh
    "ک": "k",  # Persian keheh
}

ULY_HAMZA: Final[str] = "ئ"
ULY_VOWELS: Final[frozenset[str]] = frozenset("ا ە ې ى و ۇ ۆ ۈ".split())

# Letters whose presence marks an Arabic-script word as Uyghur rather than
# Persian, Dari, Pashto or Arabic.
ULY_MARKERS: Final[frozenset[str]] = frozenset("ە ې ۇ ۆ ۈ ۋ ڭ ھ".split())

# Letter pairs ULY separates with an apostrophe so they are not read as one
# digraph (n'g is not ng = ڭ, s'h is not sh = ش, ...).
ULY_SEPARATED: Final[frozenset[tuple[str, str]]] = frozenset(
    {("ن", "گ"), ("ن", "غ"), ("س", "ھ"), ("ز", "ھ"), ("گ", "ھ")}
)
