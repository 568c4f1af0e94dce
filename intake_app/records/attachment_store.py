"""Attachments (scans and photos of written applications), kept only in the store.

Content is read in 1 MiB chunks straight into the encrypted database: no
temporary copy is ever written, and memory stays bounded whatever the size.
An attachment is named by the SHA-256 of its content, so adding the same scan
twice stores it once. Putting an attachment into a record's field is
:mod:`intake_app.records.attachment_fields`.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO
from collections.abc import Iterator

from intake_app import audit
from intake_app.clock import iso
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.database.blobs import ROW_BYTES, read_rows
from intake_app.database.connection import Connection, transaction

CHUNK_SIZE = ROW_BYTES
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
DEFAULT_ACCEPT = ("image/jpeg", "image/png", "application/pdf")

#: Recognised by content, never by the file name (a renamed file is not trusted).
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"%PDF-", "application/pdf"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    mime: str
    size: int
    filename: str


def sniff_mime(head: bytes) -> str | None:
    for magic, mime in _MAGIC:
        if head.startswith(magic):
            return mime
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def store_attachment(session: Session, source: BinaryIO, *, filename: str,
                     accept: tuple[str, ...] = DEFAULT_ACCEPT, max_bytes: int = DEFAULT_MAX_BYTES,
                     conn: Connection | None = None) -> AttachmentInfo:
    """Copy ``source`` into the store (inside the caller's transaction)."""
    conn = conn or session.conn
    head = source.read(CHUNK_SIZE)
    mime = sniff_mime(head)
    if mime is None or mime not in accept:
        raise UserError(_("“{name}” is not an accepted file type (accepted: {types}).").format(
            name=Path(filename).name, types=", ".join(accept)))
    staging = "staging:" + str(uuid.uuid4())
    digest = hashlib.sha256()
    size, index, chunk = 0, 0, head
    conn.execute("INSERT INTO attachments (id, mime, size, filename, created_at, created_by)"
                 " VALUES (?, ?, 0, ?, ?, ?)", (staging, mime, Path(filename).name, iso(session.clock()),
                                               session.user.username))
    while chunk:
        size += len(chunk)
        if size > max_bytes:
            raise UserError(_("“{name}” is larger than the {mib} MiB allowed.").format(
                name=Path(filename).name, mib=max_bytes // (1024 * 1024)))
        digest.update(chunk)
        conn.execute("INSERT INTO attachment_chunks (attachment_id, idx, data) VALUES (?, ?, ?)",
                     (staging, index, chunk))
        index += 1
        chunk = source.read(CHUNK_SIZE)
    if size == 0:
        raise UserError(_("“{name}” is empty.").format(name=Path(filename).name))
    attachment_id = "sha256:" + digest.hexdigest()
    if conn.execute("SELECT 1 FROM attachments WHERE id = ?", (attachment_id,)).fetchone():
        conn.execute("DELETE FROM attachment_chunks WHERE attachment_id = ?", (staging,))
        conn.execute("DELETE FROM attachments WHERE id = ?", (staging,))
    else:
        conn.execute("INSERT INTO attachments (id, mime, size, filename, created_at, created_by)"
                     " SELECT ?, mime, ?, filename, created_at, created_by FROM attachments WHERE id = ?",
                     (attachment_id, size, staging))
        conn.execute("UPDATE attachment_chunks SET attachment_id = ? WHERE attachment_id = ?",
                     (attachment_id, staging))
        conn.execute("DELETE FROM attachments WHERE id = ?", (staging,))
    return attachment_info(conn, attachment_id)


def attachment_info(conn: Connection, attachment_id: str) -> AttachmentInfo:
    row = conn.execute("SELECT id, mime, size, filename FROM attachments WHERE id = ?", (attachment_id,)).fetchone()
    if row is None:
        raise UserError(_("The attachment {id} is not in the store.").format(id=attachment_id[:19]))
    return AttachmentInfo(*row)


def read_chunks(conn: Connection, attachment_id: str) -> Iterator[bytes]:
    """The attachment's content, chunk by chunk (for display or sealing into a bundle)."""
    return read_rows(conn, "attachment_chunks", attachment_id)


def read_bytes(conn: Connection, attachment_id: str) -> bytes:
    return b"".join(read_chunks(conn, attachment_id))


def import_attachment(session: Session, source: BinaryIO, *, filename: str,
                      accept: tuple[str, ...] = DEFAULT_ACCEPT,
                      max_bytes: int = DEFAULT_MAX_BYTES) -> AttachmentInfo:
    """Store a file on its own (the desktop app adds scans before the draft is saved)."""
    with transaction(session.conn) as conn:
        info = store_attachment(session, source, filename=filename, accept=accept, max_bytes=max_bytes, conn=conn)
        audit.append(conn, session.user.username, "attachment.add", info.id, {"size": info.size, "mime": info.mime})
    return info
