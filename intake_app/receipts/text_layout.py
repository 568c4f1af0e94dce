"""Multilingual text on a reportlab canvas: wrapped, in bidi order, shaped by HarfBuzz, and real text.

reportlab alone draws characters one by one in the order they are stored,
which leaves Arabic-script names (Uyghur, Dari, Pashto) unjoined and
backwards. Here each paragraph is split into lines (at spaces; Chinese also
between characters), each line into directional runs (:mod:`.bidi`) of one
font (:func:`.fonts.assign_fonts`), each run is shaped by HarfBuzz in its
direction (which also puts an RTL run's glyphs in visual order and mirrors
brackets), and the runs are placed left to right in visual order. Glyphs go
out through reportlab's own shaped-text path (``ShapedStr``), so reportlab
still subsets and embeds the fonts; :class:`.fonts.ShapingFont` writes the
ToUnicode entries that make the PDF's text extractable, in logical order.

Bold is synthetic (the glyph outline is also stroked): the shipped fonts are
variable, and reportlab can embed only their default (regular) instance.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import uharfbuzz
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr

from intake_app.receipts import bidi, fonts
from intake_app.receipts.fonts import MissingFont, ShapingFont, missing_fonts, register_fonts

__all__ = ["Line", "MissingFont", "Paragraph", "TextStyle", "clear_caches", "draw_paragraph", "layout_paragraph",
           "missing_fonts", "register_fonts", "text_width"]

#: Languages written right to left (BCP 47 / gettext primary subtags); Dari is ``fa_AF`` or ``prs``.
RTL_LANGUAGES = frozenset({"ar", "ckb", "dv", "fa", "he", "prs", "ps", "sd", "ug", "ur", "yi"})
#: Stroke width of synthetic bold, as a fraction of the font size; Latin, Cyrillic and Chinese are spaced out
#: by the same amount so that letters keep apart (Arabic is not: it would break the joins).
BOLD_STROKE = 0.035
_ALIGNMENTS = ("start", "end", "center", "left", "right")
_NO_BREAK_BEFORE = frozenset("、。，．：；？！）］｝」』】〉》〕〗〙〛ー々…・,.:;?!)]}")
_NO_BREAK_AFTER = frozenset("（［｛「『【〈《〔〖〘〚([{")


@dataclass(frozen=True)
class TextStyle:
    """Size in points; ``leading`` (baseline to baseline) defaults to 1.3 × size."""

    size: float
    bold: bool = False
    leading: float | None = None

    @property
    def line_height(self) -> float:
        return self.leading if self.leading is not None else 1.3 * self.size


@dataclass(frozen=True)
class _Run:
    """One shaped run: glyph codes of one font in visual order, with HarfBuzz positions (1/1000 em)."""

    font: str
    codes: str
    data: tuple[ShapeData, ...]
    advance: float
    text: str
    rtl: bool


@dataclass(frozen=True)
class Line:
    """One laid-out line: its text in logical order, its width, and its runs in visual order with x offsets."""

    text: str
    width: float
    runs: tuple[tuple[float, _Run], ...]


def _is_rtl_language(lang: str | None) -> bool | None:
    if not lang:
        return None
    parts = lang.replace("-", "_").lower().split("_")
    if any(part in ("arab", "hebr", "thaa", "syrc") for part in parts[1:]):
        return True
    if any(part in ("latn", "cyrl", "hans", "hant") for part in parts[1:]):
        return False
    return parts[0] in RTL_LANGUAGES


def _hb_language(lang: str | None) -> str | None:
    return lang.replace("_", "-").split("-")[0].lower() if lang else None


def _tracking(font_name: str, style: TextStyle) -> float:
    return BOLD_STROKE * 1000 if style.bold and font_name != fonts.ARABIC else 0.0


def _harfbuzz(font: ShapingFont, text: str, rtl: bool, language: str | None) -> uharfbuzz.Buffer:
    buffer = uharfbuzz.Buffer()
    buffer.add_str(text)
    buffer.direction = "rtl" if rtl else "ltr"
    if language:
        buffer.language = language
    buffer.guess_segment_properties()
    uharfbuzz.shape(font.hb_font, buffer, None)
    return buffer


@lru_cache(maxsize=16384)
def _advance(font: ShapingFont, text: str, rtl: bool, language: str | None, tracking: float) -> float:
    """Width of shaped ``text`` in 1/1000 em: measuring words for wrapping needs no more than this."""
    advances = [position.x_advance for position in _harfbuzz(font, text, rtl, language).glyph_positions]
    return sum(advances) * 1000 / font.units_per_em + tracking * sum(1 for a in advances if a > 0)


@lru_cache(maxsize=4096)
def _shape(font: ShapingFont, text: str, rtl: bool, language: str | None, tracking: float) -> _Run:
    """Shape ``text`` with one font in one direction, for drawing (cached: receipts repeat labels and words)."""
    buffer = _harfbuzz(font, text, rtl, language)
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = sorted({info.cluster for info in infos}) + [len(text)]
    ends = dict(zip(starts, starts[1:], strict=False))
    # Per cluster, the glyph that carries its text is the widest one; the others (dots and marks that the font
    # draws as glyphs of their own) read as nothing. Extractors skip those, where a zero-width glyph carrying
    # the letter would make pdftotext split the word.
    carrier: dict[int, int] = {}
    for i, (info, position) in enumerate(zip(infos, positions, strict=True)):
        best = carrier.get(info.cluster)
        if best is None or position.x_advance > positions[best].x_advance:
            carrier[info.cluster] = i
    scale = 1000 / font.units_per_em
    codes, data, advance = [], [], 0.0
    for i, (info, position) in enumerate(zip(infos, positions, strict=True)):
        cluster_text = text[info.cluster:ends[info.cluster]]
        if info.codepoint == 0 and not all(unicodedata.category(c) == "Cf" for c in cluster_text):
            raise MissingFont(fonts.suggested_font(cluster_text[0]))  # never draw an empty box
        code = font.code(info.codepoint, cluster_text if carrier[info.cluster] == i else "")
        x_advance = position.x_advance * scale + (tracking if position.x_advance > 0 else 0.0)
        codes.append(code)
        data.append(ShapeData(info.cluster, x_advance, position.y_advance * scale, position.x_offset * scale,
                              position.y_offset * scale, font.face.charWidths[ord(code)]))
        advance += x_advance
    return _Run(font.fontName, "".join(codes), tuple(data), advance, text, rtl)


@lru_cache(maxsize=2048)
def _analyse(text: str, base: int, _generation: int) -> tuple[list[int], tuple[ShapingFont, ...]]:
    """Bidi levels and fonts of a paragraph's characters: the same at every size, so cached."""
    return bidi.resolve_levels(text, base), tuple(fonts.assign_fonts(text))


class _HardLine:
    """A paragraph without line breaks: its characters' bidi levels and fonts, and shaped pieces of it."""

    def __init__(self, text: str, base: int, style: TextStyle, language: str | None) -> None:
        self.text, self.base, self.style, self.language = text, base, style, language
        self.levels, self.fonts = _analyse(text, base, fonts.generation())

    def pieces(self, start: int, end: int, levels: list[int]) -> list[tuple[int, ShapingFont, str]]:
        """``text[start:end]`` cut where the level or the font changes, in logical order."""
        result = []
        i = start
        while i < end:
            j = i + 1
            while j < end and levels[j] == levels[i] and self.fonts[j] is self.fonts[i]:
                j += 1
            result.append((levels[i], self.fonts[i], self.text[i:j]))
            i = j
        return result

    def width(self, start: int, end: int) -> float:
        total = sum(_advance(font, text, level % 2 == 1, self.language, _tracking(font.fontName, self.style))
                    for level, font, text in self.pieces(start, end, self.levels))
        return total * self.style.size / 1000

    def line(self, start: int, end: int) -> Line:
        levels = bidi.line_levels(self.text[:end], self.levels[:end], self.base)
        runs = [(level, _shape(font, text, level % 2 == 1, self.language, _tracking(font.fontName, self.style)))
                for level, font, text in self.pieces(start, end, levels)]
        placed, x = [], 0.0
        for index in bidi.visual_order([level for level, _run in runs]):
            run = runs[index][1]
            placed.append((x, run))
            x += run.advance * self.style.size / 1000
        return Line(self.text[start:end], x, tuple(placed))


def _break_before(text: str, i: int) -> bool:
    """May a line end between ``text[i - 1]`` and ``text[i]``? After spaces and hyphens; around Chinese."""
    before, after = text[i - 1], text[i]
    if after == " " or unicodedata.category(after)[0] == "M" or unicodedata.category(after) == "Cf":
        return False
    if before == " ":
        return True
    if before in "-\u2010" and i >= 2 and text[i - 2].isalpha() and after.isalpha():
        return True
    if _is_ideographic(before) or _is_ideographic(after):
        return after not in _NO_BREAK_BEFORE and before not in _NO_BREAK_AFTER
    return False


def _is_ideographic(char: str) -> bool:
    number = ord(char)
    return (0x2E80 <= number <= 0x30FF or 0x3400 <= number <= 0x9FFF or 0xF900 <= number <= 0xFAFF
            or 0xFF00 <= number <= 0xFF60 or 0x20000 <= number <= 0x3FFFF)


def _wrap(hard: _HardLine, width: float) -> list[tuple[int, int]]:
    """Greedy line filling: (start, end) of each line, trailing spaces left out."""
    text = hard.text
    cuts = [i for i in range(1, len(text)) if _break_before(text, i)] + [len(text)]
    lines: list[tuple[int, int]] = []
    start, end, used = 0, 0, 0.0  # the current line so far: text[start:end], ``used`` points wide
    previous = 0
    for cut in cuts:
        content = len(text[previous:cut].rstrip(" ")) + previous
        gap = hard.width(end, previous) if end > start else 0.0
        word = hard.width(previous, content)
        if end > start and used + gap + word > width:
            lines.append((start, end))
            start, used, gap = previous, 0.0, 0.0
        while word > width and content - previous > 1:  # a word longer than the line: cut it where it fits
            split = _fitting_prefix(hard, previous, content, width)
            lines.append((previous, split))
            previous = start = split
            word = hard.width(previous, content)
        used += gap + word
        end = content
        previous = cut
    if end > start or not lines:
        lines.append((start, end))
    return lines


def _fitting_prefix(hard: _HardLine, start: int, end: int, width: float) -> int:
    """The longest prefix of ``text[start:end]`` (at least one character, not before a mark) that fits."""
    split = start + 1
    for i in range(start + 2, end):
        category = unicodedata.category(hard.text[i])
        if category[0] == "M" or category == "Cf":
            continue
        if hard.width(start, i) > width:
            break
        split = i
    while split < end and unicodedata.category(hard.text[split])[0] == "M":
        split += 1
    return split


@dataclass(frozen=True)
class Paragraph:
    """A laid-out paragraph; draw it with :meth:`draw`, its top edge at ``y_top``."""

    lines: tuple[Line, ...]
    width: float
    style: TextStyle
    rtl: bool
    align: str

    @property
    def height(self) -> float:
        return len(self.lines) * self.style.line_height

    def offset(self, line: Line) -> float:
        """How far right of the paragraph's left edge ``line`` starts, by the alignment."""
        align = {"start": "right" if self.rtl else "left", "end": "left" if self.rtl else "right"}.get(
            self.align, self.align)
        free = self.width - line.width
        return free if align == "right" else free / 2 if align == "center" else 0.0

    def draw(self, canvas: Any, x: float, y_top: float) -> None:
        """Draw on a bottom-up canvas in its fill colour; the first baseline is about one size below ``y_top``."""
        size, leading = self.style.size, self.style.line_height
        text = canvas.beginText()
        canvas.saveState()
        if self.style.bold:
            text.setTextRenderMode(2)  # fill and stroke: synthetic bold
            canvas.setLineWidth(BOLD_STROKE * size)
            canvas.setLineJoin(1)
            canvas.setStrokeColor(getattr(canvas, "_fillColorObj", (0, 0, 0)))
        first_baseline = y_top - (leading - size) / 2 - 0.85 * size
        for number, line in enumerate(self.lines):
            baseline = first_baseline - number * leading
            left = x + self.offset(line)
            for offset, run in line.runs:
                text.setFont(run.font, size, leading)
                text.setTextOrigin(left + offset, baseline)
                text.textOut(ShapedStr(run.codes, shapeData=list(run.data)))
        canvas.drawText(text)
        canvas.restoreState()


def _paragraph_level(text: str, lang: str | None) -> int:
    explicit = _is_rtl_language(lang)
    if explicit is not None:
        return int(explicit)
    return bidi.first_strong_level(text) or 0


def _clean(text: str) -> str:
    """NFC (HarfBuzz and the fonts' cmaps work best with composed letters); tabs become spaces, other controls go."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\t", " "))
    return "".join(c for c in text if c == "\n" or unicodedata.category(c) != "Cc")


def layout_paragraph(text: str, width: float, style: TextStyle, *, lang: str | None = None,
                     align: str = "start") -> Paragraph:
    """Lay ``text`` out in lines of at most ``width`` points; "start" is the right edge for RTL paragraphs.

    The direction comes from ``lang`` when given (ug, fa, fa_AF, prs, ps, ar… are right to left), otherwise
    from the first letter. Raises :class:`MissingFont` before anything is drawn if a character cannot be.
    """
    if align not in _ALIGNMENTS:
        raise ValueError(f"align must be one of {_ALIGNMENTS}, not {align!r}")
    register_fonts()
    return _layout(text, width, style, lang, align, fonts.generation())


@lru_cache(maxsize=1024)
def _layout(text: str, width: float, style: TextStyle, lang: str | None, align: str, _generation: int) -> Paragraph:
    """Cached: a receipt lays its texts out again for each copy and each trial scale."""
    text = _clean(text)
    base = _paragraph_level(text, lang)
    lines: list[Line] = []
    for part in text.split("\n"):
        hard = _HardLine(part, base, style, _hb_language(lang))
        lines.extend(hard.line(start, end) for start, end in _wrap(hard, width))
    return Paragraph(tuple(lines), width, style, base == 1, align)


def draw_paragraph(canvas: Any, text: str, x: float, y_top: float, width: float, style: TextStyle, *,
                   lang: str | None = None, align: str = "start") -> float:
    """Lay out and draw ``text``; returns the height used."""
    paragraph = layout_paragraph(text, width, style, lang=lang, align=align)
    paragraph.draw(canvas, x, y_top)
    return paragraph.height


def clear_caches() -> None:
    """Forget cached layouts and shaped words: they hold applicants' names (call it when the app locks)."""
    _layout.cache_clear()
    _analyse.cache_clear()
    _advance.cache_clear()
    _shape.cache_clear()


def text_width(text: str, style: TextStyle) -> float:
    """Width in points of ``text`` on one line (no wrapping)."""
    register_fonts()
    text = _clean(text).replace("\n", " ")
    hard = _HardLine(text, bidi.first_strong_level(text) or 0, style, None)
    return hard.width(0, len(text))
