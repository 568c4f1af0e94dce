"""What a person would see wrong in a window's texts: a clipped label, a standard button left in English.

``open_as_on_screen`` shows a window at the size Qt gives it on a 1366×768
screen (the test platform's own screen has another size); ``text_problems``
then lists, in words, every visible label whose text does not fit, every
standard button whose text is not the one our catalogs give for the language,
and every symbol on a button or label that no installed font can draw.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from PySide6.QtCore import QLibraryInfo, QLocale, QSize, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import (QAbstractButton, QAbstractScrollArea, QApplication, QDialogButtonBox, QLabel,
                               QWidget, QWizard)

from intake_app.i18n import INTERFACE_LANGUAGES, SOURCE_LANGUAGE, translate

SCREEN = QSize(1366, 768)

_SB = QDialogButtonBox.StandardButton
#: Qt's own English texts of the standard buttons (QPlatformTheme), the msgids of our translations.
STANDARD_BUTTON_TEXTS: dict[QDialogButtonBox.StandardButton, str] = {
    _SB.Ok: "OK", _SB.Save: "Save", _SB.SaveAll: "Save All", _SB.Open: "Open", _SB.Yes: "&Yes",
    _SB.YesToAll: "Yes to &All", _SB.No: "&No", _SB.NoToAll: "N&o to All", _SB.Abort: "Abort", _SB.Retry: "Retry",
    _SB.Ignore: "Ignore", _SB.Close: "Close", _SB.Cancel: "Cancel", _SB.Discard: "Discard", _SB.Help: "Help",
    _SB.Apply: "Apply", _SB.Reset: "Reset", _SB.RestoreDefaults: "Restore Defaults"}
_WB = QWizard.WizardButton
WIZARD_BUTTON_TEXTS: dict[QWizard.WizardButton, str] = {
    _WB.BackButton: "< &Back", _WB.NextButton: "&Next >", _WB.CommitButton: "Commit", _WB.FinishButton: "&Finish",
    _WB.CancelButton: "Cancel", _WB.HelpButton: "&Help"}


def open_as_on_screen(window: QWidget, screen: QSize = SCREEN) -> None:
    """Show ``window`` as Qt first sizes a new window (``QWidget::adjustSize``) on a screen of ``screen``.

    Its size hint (its height for that width, if it has one), at most two thirds of the screen,
    at least its minimum size. Resized first, so Qt keeps this size on show.
    """
    window.ensurePolished()
    layout = window.layout()
    if layout is not None:
        layout.activate()
    size = window.sizeHint()
    if layout is not None and layout.hasHeightForWidth():
        size.setHeight(layout.totalHeightForWidth(size.width()))
    size = size.boundedTo(QSize(screen.width() * 2 // 3, screen.height() * 2 // 3))
    size = size.expandedTo(window.minimumSizeHint()).expandedTo(window.minimumSize())
    window.resize(size)
    window.show()
    settle()


def settle() -> None:
    """Let layouts and queued updates run, as the event loop does between a person's actions."""
    for _round in range(3):
        QApplication.processEvents()


def _cut_by_parents(label: QWidget, window: QWidget) -> bool:
    """Whether a parent shows less of ``label`` than the label's own size (a scroll area scrolls: not cut)."""
    shown = label.rect()
    widget = label
    while widget is not window:
        parent = widget.parentWidget()
        if parent is None:
            break
        area = parent.parentWidget()
        if isinstance(area, QAbstractScrollArea) and parent is area.viewport():
            break
        shown = shown.translated(widget.pos()) & parent.rect()
        widget = parent
    return shown.width() < label.width() or shown.height() < label.height()


def _describe(label: QLabel) -> str:
    text = " ".join(label.text().split())
    return f"{type(label).__name__} {text[:70]!r}"


def clipped_labels(window: QWidget) -> list[str]:
    """Visible labels whose text is cut: wider than the label (one line), or taller than it (wrapped).

    A label also counts as cut when a parent shows less of it than its size, unless the
    parent scrolls (a frame too small for what it holds, a wizard's header).
    """
    problems = []
    for label in window.findChildren(QLabel):
        if not label.isVisibleTo(window) or not label.text().strip() or not label.pixmap().isNull():
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height():
                problems.append(f"{_describe(label)}: needs {needed}px of height, has {label.height()}px")
                continue
        else:
            needed = label.sizeHint().width()
            if needed > label.width():
                problems.append(f"{_describe(label)}: needs {needed}px of width, has {label.width()}px")
                continue
        if _cut_by_parents(label, window):
            problems.append(f"{_describe(label)}: cut off by the frame around it")
    return problems


@cache
def _qt_own(lang: str) -> QTranslator:
    """Qt's own translations (qtbase) for ``lang``, read apart from what the application installed."""
    translator = QTranslator()
    translator.load(QLocale(lang), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    return translator


def _problem(context: str, english: str, text: str, lang: str) -> str | None:
    """Why a standard button reading ``text`` is wrong in ``lang`` (None when it is right).

    Wrong: Qt's default (in English, or in Qt's own translation, e.g. its Kazakh "OK" is the
    Cyrillic look-alike "ОК") where our catalogs give the word, or no word in our catalogs at
    all. A text the screen set itself (OK named "Add") is the screen's own, from our catalogs.
    """
    wanted = translate(english, lang)
    if text == wanted and (lang == SOURCE_LANGUAGE or wanted != english):
        return None
    defaults = {english} | {_qt_own(other).translate(context, english) or english for other in INTERFACE_LANGUAGES} \
        | {translate(english, other) for other in INTERFACE_LANGUAGES}
    if text not in defaults:
        return None
    if lang != SOURCE_LANGUAGE and wanted == english:
        return f"button {text!r}: no {lang} translation of {english!r} in our catalogs"
    return f"button {text!r} should read {wanted!r} ({english!r})"


def untranslated_buttons(window: QWidget, lang: str) -> list[str]:
    """Visible standard buttons (button boxes, message boxes, a wizard's) not in our catalogs' words."""
    shown: list[tuple[str, str, str]] = []
    for box in window.findChildren(QDialogButtonBox):
        for button in box.buttons():
            english = STANDARD_BUTTON_TEXTS.get(box.standardButton(button))
            if english is not None and button.isVisibleTo(window):
                shown.append(("QPlatformTheme", english, button.text()))
    if isinstance(window, QWizard):
        for which, english in WIZARD_BUTTON_TEXTS.items():
            button = window.button(which)
            if button is not None and button.isVisibleTo(window):
                shown.append(("QWizard", english, button.text()))
    return [problem for context, english, text in shown
            if (problem := _problem(context, english, text, lang)) is not None]


def _drawn(text: str, font: QFont) -> QImage:
    image = QImage(48, 48, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.setPen(QColor("black"))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return image


@cache
def _no_font_has(char: str, font_key: str) -> bool:
    """Whether ``char`` comes out as the empty box Qt draws where no installed font has a glyph."""
    font = QFont()
    font.fromString(font_key)
    return _drawn(char, font) == _drawn(NO_GLYPH, font)


#: A private-use code point no font draws: what a missing glyph looks like.
NO_GLYPH = "\U0010fffd"


def missing_glyphs(window: QWidget) -> list[str]:
    """Visible buttons and labels showing a symbol (an emoji, an arrow …) that no installed font can draw,
    and buttons showing nothing at all (no text, no icon)."""
    problems = []
    for widget in window.findChildren(QAbstractButton) + window.findChildren(QLabel):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton) and not widget.text() and widget.icon().isNull():
            problems.append(f"{type(widget).__name__} {widget.toolTip()[:40]!r}: shows nothing")
            continue
        symbols = sorted({char for char in widget.text() if unicodedata.category(char).startswith("S")
                          and not char.isascii()})
        missing = [char for char in symbols if _no_font_has(char, widget.font().toString())]
        if missing:
            problems.append(f"{type(widget).__name__} {widget.text()[:40]!r}: no font draws "
                            + ", ".join(f"U+{ord(char):04X}" for char in missing))
    return problems


def text_problems(window: QWidget, lang: str) -> list[str]:
    """Everything a person would see wrong in ``window``'s texts now (empty when all is well)."""
    settle()
    return clipped_labels(window) + untranslated_buttons(window, lang) + missing_glyphs(window)
