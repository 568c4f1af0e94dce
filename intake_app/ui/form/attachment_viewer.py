"""Full-size view of one attachment, decoded from memory (fit to the window, or actual pixels)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QLabel, QScrollArea, QStyle, QVBoxLayout,
                               QWidget)

from intake_app.i18n import _, ngettext
from intake_app.records.attachment_store import AttachmentInfo
from intake_app.ui.form.attachment_media import decode_image, human_size, is_image, pdf_page_count


class AttachmentViewer(QDialog):
    def __init__(self, info: AttachmentInfo, content: bytes, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(info.filename or "")
        self.resize(1000, 700)
        layout = QVBoxLayout(self)
        self.picture = QLabel(self)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll_area.setWidget(self.picture)
        layout.addWidget(self.scroll_area, 1)
        self.fit = QCheckBox(self)
        self.fit.setChecked(True)
        self.fit.toggled.connect(self._show)
        layout.addWidget(self.fit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.pixmap: QPixmap | None = None
        if is_image(info.mime):
            image = decode_image(content)
            if not image.isNull():
                self.pixmap = QPixmap.fromImage(image)
        self.pages: int | None = None
        if self.pixmap is None:
            self.fit.hide()
            self.pages = pdf_page_count(content) if info.mime == "application/pdf" else None
            self.picture.setTextFormat(Qt.TextFormat.PlainText)
            self.scroll_area.setWidgetResizable(True)
            self.setWindowIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon))
        self.retranslate()
        self._show()

    def retranslate(self) -> None:
        self.fit.setText(_("Fit to window"))
        if self.pixmap is None:
            lines = [self.info.filename, human_size(self.info.size)]
            if self.pages:
                lines.append(ngettext("PDF, {n} page", "PDF, {n} pages", self.pages).format(n=self.pages))
            lines.append(_("This device cannot show a preview of this file."))
            self.picture.setText("\n".join(lines))

    def _show(self) -> None:
        if self.pixmap is None:
            return
        if self.fit.isChecked():
            area = self.scroll_area.viewport().size() - QSize(4, 4)
            shown = self.pixmap.scaled(area, Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation)
            if shown.width() > self.pixmap.width():
                shown = self.pixmap
        else:
            shown = self.pixmap
        self.picture.setPixmap(shown)
        self.picture.resize(shown.size())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show()
