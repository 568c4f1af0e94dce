"""The receipt as an A4 PDF: the applicant's copy and the file copy, each on its own page.

Each page shows the facts (``facts.ReceiptFacts``) with labels in every
chosen language, a QR code holding the signed token, the applicant's rights
in each language, and signature lines for the officer and the applicant.
Text is drawn by ``text_layout`` (shaped, ordered, real text). If a page
would overflow, every size shrinks by the same factor, so a trilingual
receipt still fits one page per copy. The PDF is returned as bytes: writing
it anywhere is the caller's choice (never a temporary file).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFString
from reportlab.pdfgen.canvas import Canvas

from intake_app import __version__
from intake_app.receipts import texts
from intake_app.receipts.facts import ReceiptFacts, Row
from intake_app.receipts.language import is_draft, receipt_gettext
from intake_app.receipts.text_layout import MissingFont, TextStyle, layout_paragraph, register_fonts

MARGIN = 36.0
GREY = Color(0.33, 0.36, 0.40)
RULE = Color(0.75, 0.77, 0.80)
QR_SIZE = 96.0
QR_FORM = "receipt-qr"
#: The document-information key that carries the token (read by ``intake receipt verify FILE.pdf``).
TOKEN_INFO_KEY = "IntakeReceiptToken"
MIN_SCALE = 0.7


class _ReceiptInfo(PDFInfo):  # type: ignore[misc]  # reportlab is untyped
    """Document information with the receipt token added, so a saved PDF can be verified without scanning."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def format(self, document: object) -> bytes:
        formatted: bytes = super().format(document)
        extra = PDFDictionary({TOKEN_INFO_KEY: PDFString(self.token)}).format(document)
        return formatted.rstrip().removesuffix(b">>") + extra.strip().removeprefix(b"<<")


@dataclass
class _Pen:
    """Where the next line goes on a page, and how much everything is scaled."""

    canvas: Canvas
    scale: float
    y: float
    draw: bool

    def size(self, points: float) -> float:
        return points * self.scale


def render_receipt(facts: ReceiptFacts, langs: tuple[str, ...]) -> bytes:
    """Both copies of the receipt in ``langs`` (first the applicant's language), as PDF bytes."""
    register_fonts()
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True, pageCompression=1)
    info = _ReceiptInfo(facts.token)
    info.title = f"{receipt_gettext('en').gettext(texts.TITLE)} {facts.receipt_no}"
    info.subject = facts.receipt_no
    info.creator = info.producer = f"Field Intake {__version__}"
    info.author = facts.device_name or "Field Intake"
    canvas._doc.info = info  # noqa: SLF001 - reportlab has no public setter for extra info keys
    _qr_form(canvas, facts.token)  # encoded and drawn once, placed on both copies
    for copy_label in (texts.APPLICANT_COPY, texts.FILE_COPY):
        scale = _fitting_scale(facts, langs, copy_label)
        _page(_Pen(canvas, scale, A4[1] - MARGIN, True), facts, langs, copy_label)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _fitting_scale(facts: ReceiptFacts, langs: tuple[str, ...], copy_label: str) -> float:
    """The largest scale (≤ 1) at which one copy fits its page."""
    scale = 1.0
    while scale > MIN_SCALE:
        pen = _Pen(Canvas(io.BytesIO()), scale, A4[1] - MARGIN, False)
        _page(pen, facts, langs, copy_label)
        if pen.y >= MARGIN:
            return scale
        scale -= 0.05
    return MIN_SCALE


def _page(pen: _Pen, facts: ReceiptFacts, langs: tuple[str, ...], copy_label: str) -> None:
    width = A4[0] - 2 * MARGIN
    top = pen.y
    head_width = width - QR_SIZE - 12
    for lang in langs:
        _text(pen, _t(lang, texts.TITLE), MARGIN, head_width, 13, lang, bold=True)
    official = _official(langs)  # lines that join all languages read left to right, as the official one does
    _text(pen, " / ".join(_t(lang, copy_label) for lang in langs), MARGIN, head_width, 9, official, color=GREY)
    pen.y -= pen.size(6)
    _text(pen, " / ".join(_t(lang, texts.RECEIPT_NUMBER) for lang in langs), MARGIN, head_width, 8, official,
          color=GREY)
    _text(pen, facts.receipt_no, MARGIN, head_width, 22, "en", bold=True)
    if pen.draw:
        pen.canvas.saveState()
        pen.canvas.translate(MARGIN + width - QR_SIZE, top - QR_SIZE)
        pen.canvas.doForm(QR_FORM)
        pen.canvas.restoreState()
    pen.y = min(pen.y, top - QR_SIZE) - pen.size(10)

    for row in facts.rows:
        _row(pen, row, langs, width)
    _family_row(pen, facts, langs, width)
    if any(facts.referred_to.values()):
        _row(pen, Row(texts.REFERRED_TO, facts.referred_to), langs, width)
    if facts.voluntary:
        pen.y -= pen.size(4)
        for lang in langs:
            _text(pen, _t(lang, texts.VOLUNTARY), MARGIN, width, 9.5, lang, bold=True)
    pen.y -= pen.size(8)
    _rule(pen, width)
    for lang in langs:
        _rights(pen, lang, width)
    _signatures(pen, langs, width)
    _footer(pen, facts, langs, width)


def _row(pen: _Pen, row: Row, langs: tuple[str, ...], width: float) -> None:
    label_width = width * 0.38
    start = pen.y
    for lang in langs:
        _text(pen, _t(lang, row.label), MARGIN, label_width - 8, 7.5, lang, color=GREY)
    left_end = pen.y
    pen.y = start
    for line in row.value_lines(langs):
        _text(pen, line, MARGIN + label_width, width - label_width, 10.5 if row.emphasis else 9.5, None,
              bold=row.emphasis)
    pen.y = min(pen.y, left_end) - pen.size(3)
    _rule(pen, width)


def _family_row(pen: _Pen, facts: ReceiptFacts, langs: tuple[str, ...], width: float) -> None:
    values: dict[str, str] = {}
    for lang in langs:
        if not facts.family:
            values[lang] = _t(lang, texts.NONE)
            continue
        lines = []
        for member in facts.family:
            names = " / ".join(part for part in (member.name_original, member.name_latin) if part)
            details = ", ".join(part for part in (member.relation.get(lang, ""), member.birth_date) if part)
            lines.append(f"{names} ({details})" if details else names)
        values[lang] = "\n".join(lines)
    _row(pen, Row(texts.FAMILY, values), langs, width)


def _rights(pen: _Pen, lang: str, width: float) -> None:
    pen.y -= pen.size(4)
    _text(pen, _t(lang, texts.RIGHTS_TITLE), MARGIN, width, 10, lang, bold=True)
    for message in (texts.RIGHTS_REGISTERED, texts.RIGHTS_NON_REFOULEMENT, texts.RIGHTS_INTERPRETER_LAWYER,
                    texts.RIGHTS_CONTACT):
        _text(pen, _t(lang, message), MARGIN, width, 8.5, lang)
        pen.y -= pen.size(1.5)
    if is_draft(lang):
        _text(pen, _t(lang, texts.DRAFT_NOTICE), MARGIN, width, 7, lang, color=GREY)


def _signatures(pen: _Pen, langs: tuple[str, ...], width: float) -> None:
    pen.y -= pen.size(30)
    half = (width - 24) / 2
    start = pen.y
    for column, label in enumerate((texts.SIGNATURE_OFFICER, texts.SIGNATURE_APPLICANT)):
        x = MARGIN + column * (half + 24)
        pen.y = start
        if pen.draw:
            pen.canvas.setStrokeColor(black)
            pen.canvas.setLineWidth(0.6)
            pen.canvas.line(x, start, x + half, start)
        pen.y -= pen.size(2)
        for lang in langs:
            _text(pen, _t(lang, label), x, half, 7.5, lang, color=GREY)
    pen.y -= pen.size(6)


def _footer(pen: _Pen, facts: ReceiptFacts, langs: tuple[str, ...], width: float) -> None:
    _text(pen, _t(langs[-1], texts.VERIFY_HINT), MARGIN, width, 7, langs[-1], color=GREY)
    device = facts.device_name + (f" · {facts.device_fingerprint}" if facts.device_fingerprint else "")
    _text(pen, device, MARGIN, width, 7, None, color=GREY)
    _text(pen, facts.token, MARGIN, width, 6, "en", color=GREY)


def _text(pen: _Pen, text: str, x: float, width: float, size: float, lang: str | None, *,
          bold: bool = False, color: Color = black) -> None:
    """Lay out (and draw) ``text`` at the pen; a script no installed font covers is named instead."""
    style = TextStyle(size=pen.size(size), bold=bold)
    for part in text.split("\n"):
        try:
            paragraph = layout_paragraph(part, width, style, lang=lang)
        except MissingFont as exc:
            notice = _t("en", texts.MISSING_FONT).format(font=exc.font)
            paragraph = layout_paragraph(notice, width, TextStyle(size=pen.size(size)), lang="en")
        if pen.draw:
            pen.canvas.setFillColor(color)
            paragraph.draw(pen.canvas, x, pen.y)
        pen.y -= paragraph.height


def _rule(pen: _Pen, width: float) -> None:
    if pen.draw:
        pen.canvas.setStrokeColor(RULE)
        pen.canvas.setLineWidth(0.4)
        pen.canvas.line(MARGIN, pen.y, MARGIN + width, pen.y)
    pen.y -= pen.size(3)


def _qr_form(canvas: Canvas, token: str) -> None:
    """The QR code of ``token`` as a reusable PDF form (XObject) named ``QR_FORM``."""
    widget = QrCodeWidget(token, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0])
    drawing.add(widget)
    canvas.beginForm(QR_FORM, lowerx=0, lowery=0, upperx=QR_SIZE, uppery=QR_SIZE)
    renderPDF.draw(drawing, canvas, 0, 0)
    canvas.endForm()


def _official(langs: tuple[str, ...]) -> str:
    return next((lang for lang in langs if lang in ("kk", "ru")), "en")


def _t(lang: str, message: str) -> str:
    return receipt_gettext(lang).gettext(message)
