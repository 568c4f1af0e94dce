"""Attachment storage as the form widgets see it: import, read bytes, read info.

Widgets never open the store themselves. Calls made off the GUI thread (from
``run_task`` work) get their own forked session, because a connection must not
be shared between threads that write; calls on the GUI thread use
``ctx.session`` directly. Content goes straight from the file (or from bytes in
memory) into the encrypted store: nothing is ever written to a temporary file.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QThread

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.records import attachments as store_attachments
from intake_app.records.attachments import DEFAULT_ACCEPT, DEFAULT_MAX_BYTES, AttachmentInfo
from intake_app.session import Session
from intake_app.ui.context import UiContext

T = TypeVar("T")


def on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() is app.thread()


class AttachmentAccess:
    """Thin, thread-aware wrapper over :mod:`intake_app.records.attachments` for one ``UiContext``."""

    def __init__(self, ctx: UiContext) -> None:
        self.ctx = ctx

    @contextmanager
    def _session(self) -> Iterator[Session]:
        if on_gui_thread():
            yield self.ctx.session
            return
        with self.ctx.session.forked() as own:
            yield own

    def _call(self, work: Callable[[Session], T]) -> T:
        with self._session() as session:
            return work(session)

    def import_path(self, path: Path, *, accept: tuple[str, ...] = DEFAULT_ACCEPT,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> AttachmentInfo:
        """Copy the file at ``path`` into the store (streamed, never through a temporary copy)."""
        path = Path(path)
        try:
            source = open(path, "rb")
        except OSError as exc:
            raise UserError(_("Cannot read “{path}”: {reason}.").format(path=path.name, reason=exc.strerror)) from None
        with source:
            return self._call(lambda session: store_attachments.import_attachment(
                session, source, filename=path.name, accept=accept or DEFAULT_ACCEPT,
                max_bytes=max_bytes or DEFAULT_MAX_BYTES))

    def import_bytes(self, content: bytes, filename: str, *, accept: tuple[str, ...] = DEFAULT_ACCEPT,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> AttachmentInfo:
        """Store ``content`` held in memory (for example a rotated copy of a scan)."""
        return self._call(lambda session: store_attachments.import_attachment(
            session, io.BytesIO(content), filename=filename, accept=accept or DEFAULT_ACCEPT,
            max_bytes=max_bytes or DEFAULT_MAX_BYTES))

    def read_bytes(self, attachment_id: str) -> bytes:
        return self._call(lambda session: store_attachments.read_bytes(session.conn, attachment_id))

    def info(self, attachment_id: str) -> AttachmentInfo:
        return self._call(lambda session: store_attachments.attachment_info(session.conn, attachment_id))
