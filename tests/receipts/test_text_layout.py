"""Multilingual text on receipts: shaped, in bidi order, real text, and never an empty box.

The PDFs are real (reportlab into tmp_path) and read back with pypdf and, where
installed, poppler's pdftotext and pdftoppm. Extracted text is compared as
typed: the ToUnicode maps give letters, not presentation forms; pdftotext adds
bidi controls around right-to-left text, which are removed before comparing.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from intake_app.errors import UserError
from intake_app.receipts import bidi, fonts, system_fonts
from intake_app.receipts.text_layout import (
    MissingFont, TextStyle, draw_paragraph, layout_paragraph, missing_fonts, register_fonts, text_width)

pypdf = pytest.importorskip("pypdf")

NAMES = {
    "kk": "Әбдіқадыров Нұрлан",
    "ru": "Абдуллаев Рустам",
    "tg": "Ҷамшед Қурбонов Ӯғлӣ",
    "uz": "Oʻtkir Gʻulomov",
    "ky": "Үсөн Ңурбек",
    "tk": "Aýgül Çaryýewa",
    "ug": "ئابدۇللا ئەھمەت",
    "fa_AF": "عبدالله رحیمی",
    "ps": "ښځه ګټه ډېر",
}
BIDI_CONTROLS = {"LRE", "RLE", "PDF", "LRO", "RLO", "LRI", "RLI", "FSI", "PDI"}
DARI_PARAGRAPH = ("درخواست پناهندگی شما ثبت شد. این رسید ثابت می‌کند که شما به‌طور داوطلبانه درخواست داده‌اید، "
                  "در تاریخ ۱۴۰۳/۰۹/۰۳ ساعت 10:30 در Khorgos. آن را نگه دارید و به هر مأموری که بخواهد نشان دهید.")


def _pdf(path: Path, items: list[tuple[str, str | None]], width: float = 400) -> Path:
    canvas = Canvas(str(path))
    y = 800.0
    for text, lang in items:
        y -= draw_paragraph(canvas, text, 60, y, width, TextStyle(14), lang=lang) + 6
    canvas.save()
    return path


def _plain(text: str) -> str:
    """Without the bidi controls pdftotext adds (a Persian zero-width non-joiner is text and stays)."""
    return "".join(c for c in text if unicodedata.bidirectional(c) not in BIDI_CONTROLS)


def _lines(text: str) -> list[str]:
    return [_plain(line).strip() for line in text.splitlines()]


@pytest.fixture
def no_chinese_font(monkeypatch: pytest.MonkeyPatch):
    """A machine without any Chinese font."""
    monkeypatch.setattr(system_fonts, "cjk_candidates", lambda: [])
    fonts.forget_cjk_font()
    yield
    fonts.forget_cjk_font()


def test_names_in_every_script_read_back_as_typed_with_pypdf(tmp_path):
    path = _pdf(tmp_path / "names.pdf", [(name, lang) for lang, name in NAMES.items()])
    text = pypdf.PdfReader(path).pages[0].extract_text()
    lines = _lines(text)
    for name in NAMES.values():
        assert name in lines
    # Neither private-use characters nor presentation forms: letters as typed.
    assert not any(0xE000 <= ord(c) <= 0xF8FF or 0xFB50 <= ord(c) <= 0xFEFF for c in text)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_names_read_back_as_typed_with_pdftotext(tmp_path):
    path = _pdf(tmp_path / "names.pdf", [(name, lang) for lang, name in NAMES.items()])
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True)
    lines = _lines(out.stdout)
    for name in NAMES.values():
        assert name in lines


def test_marks_joiners_and_brackets_survive_extraction(tmp_path):
    items = [("مُحَمَّد", "ar"), ("بررسی می‌شود", "fa_AF"), ("عبدالله رحیمی (1990)", "fa_AF")]
    lines = _lines(pypdf.PdfReader(_pdf(tmp_path / "marks.pdf", items)).pages[0].extract_text())
    assert "مُحَمَّد" in lines
    assert "بررسی می\u200cشود" in lines  # the zero-width non-joiner of Persian stays in the text
    assert "(1990) عبدالله رحیمی" in lines  # pypdf puts the left-to-right number first; brackets not swapped


def _glyph_x(paragraph, line=0):
    """(x, cluster text) of each glyph of a line, from left to right."""
    result = []
    for x, run in paragraph.lines[line].runs:
        for data in run.data:
            result.append((x + data.x_offset / 1000 * paragraph.style.size, run))
            x += data.x_advance / 1000 * paragraph.style.size
    return result


def test_right_to_left_words_run_from_the_right():
    paragraph = layout_paragraph("عبدالله رحیمی", 400, TextStyle(12), lang="fa_AF")
    (x, run), = paragraph.lines[0].runs
    assert run.rtl and run.text == "عبدالله رحیمی"
    clusters = [data.cluster for data in run.data]
    assert clusters == sorted(clusters, reverse=True)  # visual order: the first letter is drawn last, on the right
    space = run.text.index(" ")
    first_word = [i for i, data in enumerate(run.data) if data.cluster < space]
    second_word = [i for i, data in enumerate(run.data) if data.cluster > space]
    assert min(first_word) > max(second_word)


def test_numbers_and_latin_inside_right_to_left_text_stay_left_to_right():
    paragraph = layout_paragraph("عبدالله 1990 Kabul", 400, TextStyle(12), lang="fa_AF")
    runs = [run for _x, run in paragraph.lines[0].runs]
    assert [run.text.strip() for run in runs] == ["Kabul", "", "1990", "عبدالله"]
    assert [run.rtl for run in runs] == [False, True, False, True]
    digits = next(run for run in runs if run.text == "1990")
    assert [data.cluster for data in digits.data] == [0, 1, 2, 3]
    offsets = [x for x, _run in paragraph.lines[0].runs]
    assert offsets == sorted(offsets)


def test_arabic_name_in_a_left_to_right_paragraph_keeps_its_brackets_and_number():
    paragraph = layout_paragraph("Name: عبدالله (12) end", 400, TextStyle(12))
    assert not paragraph.rtl
    runs = [run for _x, run in paragraph.lines[0].runs]
    # Visual order: the bracketed number left of the name, inside the right-to-left part (rule N0).
    assert [run.text for run in runs] == ["Name: ", ")", "12", "عبدالله (", " ", "end"]
    assert [run.rtl for run in runs] == [False, True, False, True, False, False]


def test_arabic_letters_are_joined_not_isolated():
    arabic = fonts.font(fonts.ARABIC)
    assert arabic is not None
    for text, lang in [(NAMES["ug"], "ug"), (NAMES["fa_AF"], "fa_AF"), (NAMES["ps"], "ps"), ("لا", "fa_AF")]:
        paragraph = layout_paragraph(text, 400, TextStyle(12), lang=lang)
        shaped = [arabic.face.charToGlyph[ord(c)] for _x, run in paragraph.lines[0].runs for c in run.codes]
        isolated = [arabic.cmap[ord(c)] for c in reversed(text)]
        assert shaped != isolated
        assert 0 not in shaped


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_shaped_text_looks_different_from_isolated_letters(tmp_path):
    """Pixels: the shaped name differs from reportlab's unshaped drawing of the same letters."""
    from PIL import Image, ImageChops

    register_fonts()
    text = NAMES["fa_AF"]
    shaped = Canvas(str(tmp_path / "shaped.pdf"), pagesize=(300, 60))
    draw_paragraph(shaped, text, 10, 50, 280, TextStyle(24), lang="fa_AF", align="left")
    shaped.save()
    plain = Canvas(str(tmp_path / "plain.pdf"), pagesize=(300, 60))
    plain.setFont(fonts.ARABIC, 24)
    plain.drawString(10, 20, text[::-1])  # isolated forms, in visual order
    plain.save()
    images = []
    for name in ("shaped", "plain"):
        subprocess.run(["pdftoppm", "-r", "100", "-png", "-singlefile", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True)
        images.append(Image.open(tmp_path / f"{name}.png").convert("L"))
    ink = sum(1 for value in images[0].get_flattened_data() if value < 128)
    assert ink > 200  # the text was drawn
    assert ImageChops.difference(*images).getbbox() is not None


def test_every_receipt_script_but_chinese_has_a_shipped_font(no_chinese_font):
    for name in NAMES.values():
        assert missing_fonts(name) == []
    assert missing_fonts("«Иә» — №12, 10:30 ‹Yes›") == []


def test_a_script_no_font_covers_raises_missing_font(no_chinese_font):
    tifinagh = "ⵜⴰⵎⴰⵣⵉⵖⵜ"
    with pytest.raises(MissingFont) as raised:
        layout_paragraph(f"Name: {tifinagh}", 300, TextStyle(10))
    assert raised.value.font == raised.value.font_name == "Noto Sans Tifinagh"
    assert isinstance(raised.value, UserError) and "Noto Sans Tifinagh" in str(raised.value)
    assert missing_fonts(f"{tifinagh} Абай") == ["Noto Sans Tifinagh"]
    with pytest.raises(MissingFont):
        text_width(tifinagh, TextStyle(10))


def test_chinese_without_a_chinese_font_raises_missing_font(no_chinese_font):
    with pytest.raises(MissingFont) as raised:
        layout_paragraph("王小明", 300, TextStyle(10), lang="zh")
    assert raised.value.font == system_fonts.cjk_font_hint()
    assert missing_fonts("Wang 王小明") == [system_fonts.cjk_font_hint()]


def test_fonts_reportlab_cannot_embed_are_passed_over(tmp_path, monkeypatch):
    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"OTTO" + bytes(200))  # CFF-flavoured OpenType header, like Noto Sans CJK
    candidates = [(broken, 0), (tmp_path / "absent.ttc", 3)]
    cff = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
    if cff.is_file():
        candidates.append((cff, 2))
    monkeypatch.setattr(system_fonts, "cjk_candidates", lambda: candidates)
    fonts.forget_cjk_font()
    try:
        assert fonts.font(fonts.CJK) is None
    finally:
        fonts.forget_cjk_font()


def _chinese_font_or_skip() -> None:
    fonts.forget_cjk_font()
    if fonts.font(fonts.CJK) is None:
        pytest.skip("no TrueType Chinese font on this machine")


def test_chinese_wraps_between_characters_and_reads_back(tmp_path):
    _chinese_font_or_skip()
    text = "申请人姓名：买买提·艾力，出生于1990年。"
    paragraph = layout_paragraph(text, 80, TextStyle(10), lang="zh")
    assert len(paragraph.lines) > 1
    assert all(line.width <= 80 for line in paragraph.lines)
    assert "".join(line.text for line in paragraph.lines) == text
    assert not any(line.text.startswith(("，", "。")) for line in paragraph.lines)
    path = _pdf(tmp_path / "zh.pdf", [("王小明", "zh"), (NAMES["kk"], "kk")])
    assert "王小明" in _lines(pypdf.PdfReader(path).pages[0].extract_text())


def test_lines_fit_the_width_and_keep_every_word():
    text = "Өтінішіңіз тіркелді. Бұл түбіртек сіздің өз еркіңізбен өтініш бергеніңізді растайды."
    paragraph = layout_paragraph(text, 150, TextStyle(10))
    assert len(paragraph.lines) > 2
    assert all(0 < line.width <= 150 for line in paragraph.lines)
    assert " ".join(line.text for line in paragraph.lines) == text
    assert paragraph.height == pytest.approx(len(paragraph.lines) * 13)


def test_a_word_longer_than_the_line_is_cut():
    paragraph = layout_paragraph("Ы" * 60, 100, TextStyle(10))
    assert len(paragraph.lines) > 1
    assert all(line.width <= 100 for line in paragraph.lines)
    assert "".join(line.text for line in paragraph.lines) == "Ы" * 60


def test_start_is_right_for_right_to_left_paragraphs():
    width = 300
    rtl = layout_paragraph(NAMES["ug"], width, TextStyle(10), lang="ug")
    ltr = layout_paragraph(NAMES["kk"], width, TextStyle(10), lang="kk")
    assert rtl.offset(rtl.lines[0]) == pytest.approx(width - rtl.lines[0].width)
    assert ltr.offset(ltr.lines[0]) == 0
    end = layout_paragraph(NAMES["ug"], width, TextStyle(10), lang="ug", align="end")
    assert end.offset(end.lines[0]) == 0
    center = layout_paragraph(NAMES["kk"], width, TextStyle(10), align="center")
    assert center.offset(center.lines[0]) == pytest.approx((width - center.lines[0].width) / 2)
    with pytest.raises(ValueError):
        layout_paragraph("x", width, TextStyle(10), align="justify")


@pytest.mark.parametrize(("lang", "text", "rtl"), [
    ("ug", "Abdulla", True), ("fa", "x", True), ("fa_AF", "x", True), ("prs", "x", True), ("ps", "x", True),
    ("ar", "x", True), ("ru", NAMES["fa_AF"], False), ("uz_Latn", "x", False), (None, NAMES["ps"], True),
    (None, "12 " + NAMES["kk"], False), (None, "", False),
])
def test_paragraph_direction(lang, text, rtl):
    assert layout_paragraph(text, 200, TextStyle(10), lang=lang).rtl is rtl


def test_empty_and_multi_line_text():
    style = TextStyle(10, leading=14)
    assert layout_paragraph("", 100, style).height == 14
    assert [line.text for line in layout_paragraph("Аты\n\nТегі", 100, style).lines] == ["Аты", "", "Тегі"]


def test_text_width_and_bold():
    regular = text_width(NAMES["ru"], TextStyle(10))
    assert regular == pytest.approx(layout_paragraph(NAMES["ru"], 1000, TextStyle(10)).lines[0].width)
    assert text_width(NAMES["ru"], TextStyle(10, bold=True)) > regular
    assert text_width(NAMES["ru"], TextStyle(20)) == pytest.approx(2 * regular)


def test_bold_is_stroked_in_the_fill_colour(tmp_path):
    canvas = Canvas(str(tmp_path / "bold.pdf"), pageCompression=0)
    canvas.setFillColorRGB(0.5, 0, 0)
    draw_paragraph(canvas, NAMES["kk"], 50, 700, 300, TextStyle(12, bold=True))
    canvas.save()
    content = pypdf.PdfReader(tmp_path / "bold.pdf").pages[0].get_contents().get_data().decode("latin-1")
    assert "2 Tr" in content and ".5 0 0 RG" in content


def test_register_fonts_is_idempotent():
    register_fonts()
    first = fonts.font(fonts.SANS)
    register_fonts()
    assert fonts.font(fonts.SANS) is first


def _visual(text: str, base: int) -> str:
    levels = bidi.line_levels(text, bidi.resolve_levels(text, base), base)
    return "".join(text[i] for i in bidi.visual_order(levels))


def test_bidi_levels_match_python_bidi():
    python_bidi = pytest.importorskip("bidi")
    alphabet = list("abc ABC عبد ښځ 123٤٥ +-$%.,:/()[]{}«»!") + ["\u064e", " ", "#", "\u06f1"]
    rng = random.Random(9)
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        for base in (0, 1):
            assert _visual(text, base) == python_bidi.get_display(text, base_dir="LR"[base]), (text, base)


def test_bidi_examples():
    assert bidi.first_strong_level("12 " + NAMES["ug"]) == 1
    assert bidi.first_strong_level("12 - ") is None
    assert _visual("abc 12-345", 0) == "abc 12-345"
    assert _visual("شماره 12-345", 1) == "345-12 هرامش"  # W2: numbers after Arabic letters are Arabic numbers
    assert bidi.resolve_levels("ب\u200cی", 1) == [1, 1, 1]  # a joiner control keeps its neighbour's level
