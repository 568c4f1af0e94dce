"""The fonts receipt text is drawn with, and which font draws which character.

Two fonts come with the package, from PyPI, so a fresh machine (or a
PyInstaller bundle) needs nothing else: Noto Sans (``fontpkg-noto-sans``:
Latin, Cyrillic and Greek, including every Kazakh, Kyrgyz, Tajik, Uzbek and
Turkmen letter) and Noto Sans Arabic (``fontpkg-noto-sans-arabic``: Uyghur,
Dari and Pashto letters), both SIL OFL 1.1. They are variable fonts;
reportlab embeds their default instance (Regular, normal width). Chinese
needs a font of the machine (:mod:`~intake_app.receipts.system_fonts`),
looked for only when Chinese text is drawn. A character that no font covers
raises :class:`MissingFont` instead of printing an empty box.

:class:`ShapingFont` draws HarfBuzz glyph ids with reportlab: contextual
forms and ligatures have no character of their own, so each glyph gets a
private code whose ToUnicode entry is the text the glyph stands for. That
keeps the PDF's text real: copying or extracting it gives the letters as
typed, not presentation forms or private-use characters.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import fontpkg_noto_sans
import fontpkg_noto_sans_arabic
import uharfbuzz
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont

from intake_app.errors import UserError
from intake_app.receipts import system_fonts, texts

SANS = "IntakeNotoSans"
ARABIC = "IntakeNotoSansArabic"
CJK = "IntakeChinese"
SANS_FILE = Path(fontpkg_noto_sans.ROOT) / "files" / "NotoSans[wdth,wght].ttf"
ARABIC_FILE = Path(fontpkg_noto_sans_arabic.ROOT) / "files" / "NotoSansArabic[wdth,wght].ttf"
#: Characters a font must have to count as a Chinese font.
_CJK_PROBE = "中国人名字姓"


class MissingFont(UserError):
    """Text needs a font that this machine does not have; ``font`` names one that would do."""

    def __init__(self, font: str) -> None:
        self.font = font
        super().__init__(_missing_message(font))

    @property
    def font_name(self) -> str:
        return self.font


def _missing_message(font: str) -> str:
    # Imported late: the receipt catalogs (Babel) are needed only when a font is missing.
    from intake_app.i18n import current_language
    from intake_app.receipts.language import receipt_gettext

    return receipt_gettext(current_language()).gettext(texts.MISSING_FONT).format(font=font)


class ShapingFont(TTFont):  # type: ignore[misc]  # reportlab is untyped
    """A TrueType font drawn by HarfBuzz glyph id, whose ToUnicode map gives back the text of each glyph."""

    def __init__(self, name: str, path: Path, subfont_index: int = 0) -> None:
        super().__init__(name, str(path), subfontIndex=subfont_index, shapable=True)
        face = self.face
        #: The font's own cmap, before private codes are added to reportlab's copy.
        self.cmap: dict[int, int] = dict(face.charToGlyph)
        self.hb_font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(face._ttf_data), subfont_index))
        self.units_per_em: int = face.unitsPerEm
        self._codes: dict[tuple[int, str], str] = {}
        self._texts: dict[int, str] = {}
        self._next_private = 0xE000
        self._lock = threading.Lock()

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap

    def code(self, glyph: int, text: str) -> str:
        """The character reportlab embeds to draw ``glyph``; text extraction reads it as ``text``."""
        if len(text) == 1:
            if self.cmap.get(ord(text)) == glyph:
                return text
            if unicodedata.mirrored(text):  # HarfBuzz drew the mirror image (RTL): name that, as other producers do
                for number in self.face.glyphToChar.get(glyph, ()):
                    if number in self.cmap:
                        return chr(number)
        key = (glyph, text)
        code = self._codes.get(key)
        if code is None:
            with self._lock:
                code = self._codes.get(key) or self._new_code(glyph, text)
        return code

    def _new_code(self, glyph: int, text: str) -> str:
        face = self.face
        while self._next_private in face.charToGlyph:  # reportlab's own shaping allocates here too
            self._next_private += 1
            if self._next_private == 0xF900:
                self._next_private = 0xF0000
        number = self._next_private
        face.charToGlyph[number] = glyph
        face.glyphToChar.setdefault(glyph, []).append(number)
        face.charWidths[number] = face._pdfScale(face.hmetrics[min(glyph, len(face.hmetrics) - 1)][0])
        self._texts[number] = text
        self._codes[(glyph, text)] = code = chr(number)
        return code

    def addObjects(self, doc: Any) -> None:
        """Embed the subsets as reportlab does, then give private codes their text in the ToUnicode maps."""
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if not any(number in self._texts for number in subset):
                continue
            name = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + name]
            stream.content = _to_unicode_cmap(name, [self._texts.get(number, chr(number)) for number in subset])


def _to_unicode_cmap(name: str, texts_: list[str]) -> str:
    """A ToUnicode CMap (PDF 1.7, 9.10.3) mapping code i to ``texts_[i]``; an empty text maps to nothing."""
    entries = [f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>" for i, text in enumerate(texts_)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
        f"/CMapName /{name} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(texts_) - 1:02X}>", "endcodespacerange",
        f"{len(entries)} beginbfchar", *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


_registry: dict[str, ShapingFont | None] = {}
_registry_lock = threading.Lock()
_generation = 0


def register_fonts() -> None:
    """Load and register the shipped fonts (once; later calls return at once)."""
    if SANS in _registry:
        return
    with _registry_lock:
        if SANS not in _registry:
            for name, path in ((ARABIC, ARABIC_FILE), (SANS, SANS_FILE)):
                font = ShapingFont(name, path)
                pdfmetrics.registerFont(font)
                _registry[name] = font


def font(name: str) -> ShapingFont | None:
    """A registered font by name; the Chinese font is looked for the first time it is asked for."""
    register_fonts()
    if name == CJK and CJK not in _registry:
        with _registry_lock:
            if CJK not in _registry:
                _registry[CJK] = _load_cjk()
    return _registry.get(name)


def forget_cjk_font() -> None:
    """Look for a Chinese font again next time (one may have been installed since)."""
    global _generation
    with _registry_lock:
        _registry.pop(CJK, None)
        _generation += 1


def generation() -> int:
    """Changes whenever the set of fonts may have changed: part of the key of cached layouts."""
    return _generation


def _load_cjk() -> ShapingFont | None:
    for path, index in system_fonts.cjk_candidates():
        try:
            candidate = ShapingFont(CJK, path, index)
        except (TTFError, OSError, ValueError, IndexError):  # CFF outlines, unreadable or broken files
            continue
        if all(candidate.covers(char) for char in _CJK_PROBE):
            pdfmetrics.registerFont(candidate)
            return candidate
    return None


# Which font draws which character ---------------------------------------------------------------

_IGNORABLE, _MARK, _ARABIC, _CJK, _LETTER, _COMMON = range(6)
_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x0870, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))
_CJK_RANGES = ((0x1100, 0x11FF), (0x2E80, 0x2FDF), (0x3000, 0x9FFF), (0xA960, 0xA97F), (0xAC00, 0xD7FF),
               (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0x20000, 0x3FFFF))
_CHAINS = {_ARABIC: (ARABIC, SANS, CJK), _CJK: (CJK, SANS, ARABIC)}
_DEFAULT_CHAIN = (SANS, ARABIC, CJK)
#: Words after a script's name in Unicode character names ("TIFINAGH LETTER YA").
_NAME_STOPS = {"LETTER", "CAPITAL", "SMALL", "SYLLABLE", "SYLLABICS", "CHARACTER", "DIGIT", "NUMBER", "SIGN",
               "VOWEL", "CONSONANT", "MARK", "PUNCTUATION", "SYMBOL", "LIGATURE", "IDEOGRAPH", "FRACTION"}


@lru_cache(maxsize=8192)
def _kind(char: str) -> int:
    number = ord(char)
    category = unicodedata.category(char)
    if category == "Cf" or 0xFE00 <= number <= 0xFE0F or number == 0x034F:
        return _IGNORABLE
    if category[0] == "M":
        return _MARK
    if any(low <= number <= high for low, high in _ARABIC_RANGES):
        return _ARABIC
    if any(low <= number <= high for low, high in _CJK_RANGES):
        return _CJK
    return _LETTER if category[0] == "L" else _COMMON


def suggested_font(char: str) -> str:
    """The font to name when nothing covers ``char``: a Noto font for its script where one can tell."""
    if _kind(char) == _CJK:
        return system_fonts.cjk_font_hint()
    words = unicodedata.name(char, "").split()
    if not words:
        return f"U+{ord(char):04X}"
    if unicodedata.category(char).startswith("S"):
        return "Noto Emoji" if ord(char) >= 0x1F000 else "Noto Sans Symbols"
    script = []
    for word in words[:3]:
        if word in _NAME_STOPS:
            break
        script.append(word.title())
    return "Noto Sans " + " ".join(script or words[:1])


def _first(char: str, chain: tuple[str, ...]) -> ShapingFont | None:
    for name in chain:
        candidate = font(name)
        if candidate is not None and candidate.covers(char):
            return candidate
    return None


def assign_fonts(text: str, on_missing: Callable[[str], None] | None = None) -> list[ShapingFont]:
    """The font for each character of ``text``: by script, and for spaces, digits and marks the font around them.

    A character no font covers raises :class:`MissingFont`, or is passed to ``on_missing`` (and drawn in
    Noto Sans) when that is given.
    """
    register_fonts()
    sans = font(SANS)
    assert sans is not None
    kinds = [_kind(char) for char in text]
    chosen: list[ShapingFont | None] = [None] * len(text)

    def fallback(char: str) -> ShapingFont:
        if on_missing is None:
            raise MissingFont(suggested_font(char))
        on_missing(char)
        return sans

    for i, char in enumerate(text):  # characters of a script of their own
        if kinds[i] in (_ARABIC, _CJK, _LETTER):
            chosen[i] = _first(char, _CHAINS.get(kinds[i], _DEFAULT_CHAIN)) or fallback(char)
    following: list[ShapingFont | None] = [None] * (len(text) + 1)
    for i in range(len(text) - 1, -1, -1):
        following[i] = chosen[i] or following[i + 1]
    previous: ShapingFont | None = None
    for i, char in enumerate(text):  # the rest takes the font around it if that has it
        current = chosen[i]
        if current is None:
            if kinds[i] == _IGNORABLE:  # HarfBuzz hides them, whatever the font
                current = previous or following[i + 1] or sans
            elif kinds[i] == _MARK:  # a mark goes with its letter
                current = previous if previous is not None and previous.covers(char) else None
            else:
                current = next((f for f in (previous, following[i + 1]) if f is not None and f.covers(char)), None)
            current = chosen[i] = current or _first(char, _DEFAULT_CHAIN) or fallback(char)
        previous = current
    return [f or sans for f in chosen]


def missing_fonts(text: str) -> list[str]:
    """Names of the fonts ``text`` needs that this machine lacks (empty when it can all be drawn)."""
    names: set[str] = set()
    assign_fonts(text, lambda char: names.add(suggested_font(char)))
    return sorted(names)
