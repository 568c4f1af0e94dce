"""Decoding scans in memory: thumbnails, rotated copies, PDF page counts.

Everything works on bytes read from the encrypted store (``QImageReader`` over
a ``QBuffer``), never on a temporary file. These functions use only ``QImage``
and may run on a worker thread.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QTransform

from intake_app.records.attachment_store import AttachmentInfo

THUMB_SIZE = 96
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@dataclass(frozen=True)
class Preview:
    """What a tile shows for one attachment: its info and a thumbnail or a PDF page count."""

    info: AttachmentInfo
    thumbnail: QImage | None
    pages: int | None = None


def is_image(mime: str) -> bool:
    return mime in ("image/jpeg", "image/png")


def decode_image(content: bytes, fit: QSize | None = None) -> QImage:
    """The image as it should be seen (EXIF orientation applied), optionally decoded at a smaller size."""
    data = QByteArray(content)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer)
    reader.setAutoTransform(True)
    if fit is not None:
        size = reader.size()
        if size.isValid() and (size.width() > fit.width() or size.height() > fit.height()):
            reader.setScaledSize(size.scaled(fit, Qt.AspectRatioMode.KeepAspectRatio))
    image = reader.read()
    buffer.close()
    return image


def pdf_page_count(content: bytes) -> int | None:
    """A best-effort page count (PySide6-Essentials has no QtPdf to render pages)."""
    count = len(_PDF_PAGE.findall(content))
    return count or None


def preview(info: AttachmentInfo, content: bytes) -> Preview:
    if is_image(info.mime):
        image = decode_image(content, QSize(THUMB_SIZE * 2, THUMB_SIZE * 2))
        if not image.isNull():
            image = image.scaled(THUMB_SIZE, THUMB_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                 Qt.TransformationMode.SmoothTransformation)
            return Preview(info, image)
        return Preview(info, None)
    if info.mime == "application/pdf":
        return Preview(info, None, pdf_page_count(content))
    return Preview(info, None)


def rotated_copy(content: bytes, mime: str, degrees: int = 90) -> bytes:
    """The image turned clockwise by ``degrees``, encoded as PNG (or JPEG for a JPEG scan)."""
    image = decode_image(content)
    if image.isNull():
        raise ValueError("not a decodable image")
    turned = image.transformed(QTransform().rotate(degrees))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if mime == "image/jpeg":
        turned.save(buffer, "JPEG", 92)  # type: ignore[call-overload]  # str works at run time
    else:
        turned.save(buffer, "PNG")  # type: ignore[call-overload]
    buffer.close()
    return bytes(data.data())


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KiB"
    return f"{size / (1024 * 1024):.1f} MiB"
