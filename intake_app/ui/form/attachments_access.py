"""Attachment storage as the form widgets see it: import, read bytes, read info.

Widgets never open the store themselves: they call these with the session
``run_store_task`` hands to their background work. Content goes straight from
the file (or from bytes in memory) into the encrypted store: nothing is ever
written to a temporary file.
"""

from __future__ import annotations

import io
from pathlib import Path

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.records import attachment_store as store_attachments
from intake_app.records.attachment_store import DEFAULT_ACCEPT, DEFAULT_MAX_BYTES, AttachmentInfo
from intake_app.session import Session


class AttachmentAccess:
    """Thin wrapper over :mod:`intake_app.records.attachment_store` for the form widgets.

    Every call names the session it runs on: the work's own fork handed over
    by ``run_store_task`` (attachments are read and written off the GUI thread,
    and a connection must not be shared between threads).
    """

    def import_path(self, session: Session, path: Path, *, accept: tuple[str, ...] = DEFAULT_ACCEPT,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> AttachmentInfo:
        """Copy the file at ``path`` into the store (streamed, never through a temporary copy)."""
        path = Path(path)
        try:
            source = open(path, "rb")
        except OSError as exc:
            raise UserError(_("Cannot read “{path}”: {reason}.").format(path=path.name, reason=exc.strerror)) from None
        with source:
            return store_attachments.import_attachment(session, source, filename=path.name,
                                                       accept=accept or DEFAULT_ACCEPT,
                                                       max_bytes=max_bytes or DEFAULT_MAX_BYTES)

    def import_bytes(self, session: Session, content: bytes, filename: str, *,
                     accept: tuple[str, ...] = DEFAULT_ACCEPT, max_bytes: int = DEFAULT_MAX_BYTES) -> AttachmentInfo:
        """Store ``content`` held in memory (for example a rotated copy of a scan)."""
        return store_attachments.import_attachment(session, io.BytesIO(content), filename=filename,
                                                   accept=accept or DEFAULT_ACCEPT,
                                                   max_bytes=max_bytes or DEFAULT_MAX_BYTES)

    def read_bytes(self, session: Session, attachment_id: str) -> bytes:
        return store_attachments.read_bytes(session.conn, attachment_id)

    def info(self, session: Session, attachment_id: str) -> AttachmentInfo:
        return store_attachments.attachment_info(session.conn, attachment_id)
