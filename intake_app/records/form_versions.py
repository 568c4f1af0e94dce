"""The store keeps, verbatim, every form version a record was captured with.

So a record made with version 1 still displays and validates after version 2
ships; and a form whose content changed without a new version number is
refused rather than silently mixed up with the old one.
"""

from __future__ import annotations

from intake_app.clock import iso
from intake_app.database.connection import Connection
from intake_app.errors import UserError
from intake_app.forms import Form, load_form_source
from intake_app.i18n import _


def remember(conn: Connection, form: Form, now_iso: str) -> None:
    """Store ``form``'s source the first time it is used (inside the caller's transaction)."""
    row = conn.execute("SELECT sha256 FROM form_versions WHERE form_id = ? AND version = ?",
                       (form.id, form.version)).fetchone()
    if row is None:
        conn.execute("INSERT INTO form_versions (form_id, version, sha256, source, first_used_at)"
                     " VALUES (?, ?, ?, ?, ?)", (form.id, form.version, form.sha256, form.source, now_iso))
    elif row[0] != form.sha256:
        raise UserError(_("The form “{form}” version {version} was changed after records were captured with it. "
                          "Give the changed form a new version number.").format(form=form.id, version=form.version))


def load(conn: Connection, form_id: str, version: int) -> Form:
    """The exact form version a record was captured with."""
    row = conn.execute("SELECT sha256 FROM form_versions WHERE form_id = ? AND version = ?",
                       (form_id, version)).fetchone()
    if row is None:
        raise UserError(_("The store has no copy of form “{form}” version {version}.").format(
            form=form_id, version=version))
    cached = _parsed.get(row[0])
    if cached is None:
        source = conn.execute("SELECT source FROM form_versions WHERE form_id = ? AND version = ?",
                              (form_id, version)).fetchone()[0]
        cached = load_form_source(source, f"<store: {form_id} v{version}>")
        if cached.sha256 != row[0]:
            raise UserError(_("The stored copy of form “{form}” version {version} is damaged.").format(
                form=form_id, version=version))
        _parsed[row[0]] = cached
    return cached


#: Parsed forms by the SHA-256 of their source: a stored version never changes,
#: and the same source always parses to the same form.
_parsed: dict[str, Form] = {}


def roles_by_form(conn: Connection) -> dict[str, set[str]]:
    """Roles allowed for each stored form id (union over its versions)."""
    result: dict[str, set[str]] = {}
    for form_id, version in conn.execute("SELECT form_id, version FROM form_versions"):
        result.setdefault(form_id, set()).update(load(conn, form_id, version).roles)
    return result


__all__ = ["remember", "load", "roles_by_form", "iso"]
