"""Receipt pages as pixels, for the preview on screen and for printing through the system dialog.

PDFium (pypdfium2) renders the very bytes that are saved or printed, so the
preview cannot differ from the document. Everything stays in memory.
"""

from __future__ import annotations

from dataclasses import dataclass

POINTS_PER_INCH = 72.0


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    rgb: bytes  # rows of width * 3 bytes, top to bottom


def render_pages(pdf: bytes, dpi: float) -> list[PageImage]:
    """Every page of ``pdf`` at ``dpi`` dots per inch, white background."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            bitmap = page.render(scale=dpi / POINTS_PER_INCH)
            image = bitmap.to_pil().convert("RGB")
            pages.append(PageImage(image.width, image.height, image.tobytes()))
            page.close()
        return pages
    finally:
        document.close()
