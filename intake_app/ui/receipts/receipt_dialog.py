"""``ReceiptDialog``: the receipt of a submitted record, previewed, printed or saved as PDF.

The officer picks the applicant's language and the official ones; the PDF is
made by the same service as ``intake receipt save`` (off the GUI thread),
shown as rendered pages, and then printed through the system print dialog or
saved where the officer chooses. It exists only in memory until then: no
temporary file ever holds it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFileDialog, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.receipts.language import language_label
from intake_app.receipts.raster import PageImage, render_pages
from intake_app.receipts.service import OFFICIAL_LANGUAGES, check_languages, make_receipt, note_receipt_output
from intake_app.receipts.texts import RECEIPT_LANGUAGES
from intake_app.safe_io import atomic_write_bytes
from intake_app.session import Session
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from intake_app.ui.form.common import wrapped_label
from intake_app.ui.receipts.printing import paint_pages, qimage
from intake_app.ui.tasks import Progress, TaskHandle, run_store_task, run_task

PREVIEW_DPI = 96
PRINT_DPI_MAX = 300


class ReceiptDialog(QDialog):
    """Preview, print and save the receipt of one record (``ready`` pages once the PDF is made)."""

    def __init__(self, ctx: UiContext, record_id: str, receipt_no: str, applicant_language: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.record_id, self.receipt_no = ctx, record_id, receipt_no
        self.pdf: bytes | None = None
        self.pdf_langs: tuple[str, ...] = ()
        self.task: TaskHandle[tuple[bytes, list[PageImage]]] | None = None
        self.print_task: TaskHandle[list[PageImage]] | None = None
        self.resize(900, 700)
        layout = QVBoxLayout(self)
        choose = QHBoxLayout()
        self.language_caption = QLabel(self)
        self.applicant_combo = QComboBox(self)
        self.applicant_combo.addItem("—", None)
        lang = ctx.language
        for code in RECEIPT_LANGUAGES:
            if code not in OFFICIAL_LANGUAGES:
                self.applicant_combo.addItem(language_label(code, lang), code)
        index = self.applicant_combo.findData(applicant_language)
        self.applicant_combo.setCurrentIndex(max(index, 0))
        self.language_caption.setBuddy(self.applicant_combo)
        self.official = {code: QCheckBox(language_label(code, lang), self) for code in (*OFFICIAL_LANGUAGES, "en")}
        for code, box in self.official.items():
            box.setChecked(code in OFFICIAL_LANGUAGES or code == applicant_language)
        choose.addWidget(self.language_caption)
        choose.addWidget(self.applicant_combo)
        for box in self.official.values():
            choose.addWidget(box)
        choose.addStretch(1)
        layout.addLayout(choose)
        self.status = wrapped_label()
        layout.addWidget(self.status)
        self.pages = QWidget(self)
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.pages)
        layout.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        self.print_button, self.save_button, self.close_button = QPushButton(self), QPushButton(self), \
            QPushButton(self)
        buttons.addStretch(1)
        for button in (self.print_button, self.save_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.print_button.clicked.connect(self.print_receipt)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.reject)
        self.applicant_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        for box in self.official.values():
            box.toggled.connect(lambda _on: self.refresh())
        ctx.session_locked.connect(self.reject)  # nothing personal stays on screen after a lock
        self.retranslate()
        self.refresh()

    def languages(self) -> tuple[str, ...]:
        chosen = [self.applicant_combo.currentData()] + [code for code, box in self.official.items()
                                                         if box.isChecked()]
        return tuple(code for code in chosen if code)

    def refresh(self) -> None:
        """Make the PDF for the chosen languages and show its pages."""
        self.pdf = None
        self._set_ready(False)
        try:
            langs = check_languages(self.languages())
        except UserError as exc:
            self.status.setText(exc.message)
            return
        self.status.setText(_("Preparing the receipt…"))
        record_id = self.record_id

        def work(own: Session, progress: Progress) -> tuple[bytes, list[PageImage]]:
            pdf, _facts = make_receipt(own, record_id, langs)
            progress.check()
            return pdf, render_pages(pdf, PREVIEW_DPI)

        self.pdf_langs = langs
        self.task = run_store_task(self, self.ctx, work, title=_("Preparing the receipt…"), on_done=self._show,
                                   on_error=self._failed, show_progress=False)

    def _show(self, result: tuple[bytes, list[PageImage]]) -> None:
        self.pdf, pages = result
        while self.pages_layout.count():
            item = self.pages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        for page in pages:
            label = QLabel(self.pages)
            pixmap = QPixmap.fromImage(qimage(page))
            label.setPixmap(pixmap)
            label.setFixedSize(pixmap.size())  # the whole page, scrolled, never squeezed to a strip
            label.setFrameShape(QLabel.Shape.Box)
            self.pages_layout.addWidget(label)
        self.status.setText(_("Check the receipt, then print it or save it as PDF."))
        self._set_ready(True)

    def _failed(self, exc: BaseException) -> None:
        self.status.setText(exc.message if isinstance(exc, UserError) else _("The receipt could not be made."))
        show_error(self, exc)

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def save_pdf(self) -> None:
        """Write the PDF where the officer chooses (only there)."""
        if self.pdf is None:
            return
        name, _selected = QFileDialog.getSaveFileName(self, _("Save the receipt as PDF"),
                                                      f"receipt-{self.receipt_no}.pdf", "PDF (*.pdf)")
        if not name:
            return
        path = Path(name if name.lower().endswith(".pdf") else name + ".pdf")
        try:
            atomic_write_bytes(path, self.pdf)
        except OSError as exc:
            show_error(self, UserError(_("The receipt could not be saved to {path}: {reason}").format(
                path=path, reason=exc.strerror or exc)))
            return
        note_receipt_output(self.ctx.session, self.record_id, "saved", self.pdf_langs)
        self.status.setText(_("Saved to {path}.").format(path=path))

    def print_receipt(self) -> None:
        """The system print dialog, then both copies at the printer's resolution."""
        if self.pdf is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(f"receipt-{self.receipt_no}")
        dialog = QPrintDialog(printer, self)
        dialog.accepted.connect(lambda: self._print_to(printer))
        dialog.finished.connect(dialog.deleteLater)
        self.print_dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.show()  # not exec(): no nested event loop (see ui/errors.py)

    def _print_to(self, printer: QPrinter) -> None:
        pdf = self.pdf
        if pdf is None:
            return
        dpi = min(printer.resolution(), PRINT_DPI_MAX)

        def work(_progress: Progress) -> list[PageImage]:
            return render_pages(pdf, dpi)

        def paint(pages: list[PageImage]) -> None:
            if not paint_pages(printer, pages):
                show_error(self, UserError(_("The printer could not be started.")))
                return
            note_receipt_output(self.ctx.session, self.record_id, "printed", self.pdf_langs)
            self.status.setText(_("Sent to the printer."))

        # No store needed, but the pages are personal: a lock abandons the work and nothing is printed.
        self.print_task = run_task(self, work, title=_("Printing…"), on_done=paint,
                                   on_error=lambda exc: show_error(self, exc), locked_by=self.ctx)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Receipt {receipt}").format(receipt=self.receipt_no))
        self.language_caption.setText(_("Applicant's &language:"))
        self.print_button.setText(_("&Print…"))
        self.save_button.setText(_("&Save as PDF…"))
        self.close_button.setText(_("Close"))
