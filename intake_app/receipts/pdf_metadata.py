"""The receipt token inside a receipt PDF: its document information entry ``/IntakeReceiptToken``.

The receipt writer puts the token there as well as into the printed QR code,
so a receipt received as a file can be checked without scanning anything.
A PDF is untrusted input here: whatever is wrong with it is reported as a
:class:`ReceiptTokenError`, never as a crash.
"""

from __future__ import annotations

import logging
from pathlib import Path

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.receipt_token import ReceiptTokenError

#: The key of the token in the PDF's document information dictionary.
PDF_TOKEN_KEY = "/IntakeReceiptToken"


def token_from_pdf(path: Path) -> str:
    """The token stored in the receipt PDF at ``path``.

    :class:`UserError` if the file cannot be read at all;
    :class:`ReceiptTokenError` if it is not a PDF or carries no token.
    """
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(1024)
    except OSError as exc:
        raise UserError(_("Cannot read “{path}”: {reason}.").format(path=path, reason=exc.strerror)) from None
    if b"%PDF-" not in head:
        raise _not_a_pdf(path)
    from pypdf import PdfReader

    pypdf_log = logging.getLogger("pypdf")
    level = pypdf_log.level
    pypdf_log.setLevel(logging.CRITICAL)  # its warnings about odd files would go to stderr unasked
    try:
        metadata = PdfReader(path).metadata
        value = metadata.get(PDF_TOKEN_KEY) if metadata is not None else None
    except Exception:  # noqa: BLE001 - a damaged or hostile file can break the parser in many ways
        raise _not_a_pdf(path) from None
    finally:
        pypdf_log.setLevel(level)
    if not isinstance(value, str) or not value.strip():
        raise ReceiptTokenError(_("The PDF “{path}” carries no receipt token (no /IntakeReceiptToken entry in "
                                  "its document information).").format(path=path), "no_token")
    return str(value)


def _not_a_pdf(path: Path) -> ReceiptTokenError:
    return ReceiptTokenError(_("“{path}” is not a readable PDF file.").format(path=path), "no_token")
