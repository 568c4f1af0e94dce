"""Putting files into a record's attachment fields (drafts only): ``--attach FIELD=FILE`` and the like.

Each file's content goes into the store through :mod:`intake_app.records.attachment_store`;
the field then holds the attachment's id.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from collections.abc import Sequence

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.records.attachment_store import DEFAULT_ACCEPT, DEFAULT_MAX_BYTES, store_attachment
from intake_app.session import Session
from intake_app.database.connection import Connection

if TYPE_CHECKING:
    from intake_app.forms import Form

#: (field id, file path) pairs, as given by ``--attach FIELD=FILE``.
FileList = Sequence[tuple[str, Path]]


def attach_files(session: Session, conn: Connection, form: Form, data: dict[str, Any],
                 files: FileList) -> dict[str, Any]:
    """Store each file and put its reference into ``data`` (returns a new dict)."""
    data = dict(data)
    for field_id, path in files:
        field = _attachment_field(form, field_id)
        options = field.options
        try:
            with open(path, "rb") as source:
                info = store_attachment(session, source, filename=path.name, conn=conn,
                                        accept=tuple(options.get("accept") or DEFAULT_ACCEPT),
                                        max_bytes=int(options.get("max_bytes") or DEFAULT_MAX_BYTES))
        except OSError as exc:
            raise UserError(_("Cannot read “{path}”: {reason}.").format(path=path, reason=exc.strerror)) from None
        if options.get("multiple"):
            current = data.get(field_id) or []
            data[field_id] = [*current, info.id] if info.id not in current else current
        else:
            data[field_id] = info.id
    return data


def _attachment_field(form: Form, field_id: str) -> Any:
    try:
        field = form.field(field_id)
    except (KeyError, LookupError):
        field = None
    if field is None or field.type != "attachment":
        raise UserError(_("The form “{form}” has no attachment field “{field}”.").format(form=form.id, field=field_id))
    return field
