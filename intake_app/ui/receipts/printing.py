"""Receipt pages (rendered by PDFium) as Qt images, painted on a printer: one path for the dialog and the self-test."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter

from intake_app.receipts.raster import PageImage


def qimage(page: PageImage) -> QImage:
    """A Qt image that owns its pixels (the page's buffer may go away)."""
    return QImage(page.rgb, page.width, page.height, page.width * 3, QImage.Format.Format_RGB888).copy()


def paint_pages(printer: QPrinter, pages: list[PageImage]) -> bool:
    """Paint each page on its own sheet, scaled to the printable area; False if the printer cannot start."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            target = painter.viewport()
            image = qimage(page).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
            painter.drawImage(0, 0, image)
    finally:
        painter.end()
    return True
