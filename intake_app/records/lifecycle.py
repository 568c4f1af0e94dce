"""Record lifecycle: draft → submitted → (amended | void); later states come from sync.

A draft is editable and saved as often as the UI likes. Submission freezes a
version: it is validated against its form, gets the device's next receipt
number (first submission only), a submission time and a content hash, and is
never written again (the schema's triggers enforce it). A correction is a new
version that amends the previous one; voiding is a version too, with a
reason. Nothing submitted is ever deleted.

A correction can be written over several sittings: ``save_amendment`` keeps
it as a draft version (kind ``amendment``, state ``draft``) that lists, search
and receipts ignore until ``amend`` submits it; ``discard_amendment`` drops
an unwanted one (it was never submitted, so nothing that left the device or
was given to an applicant is lost).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from intake_app import audit
from intake_app.clock import iso
from intake_app.database.connection import Connection, transaction
from intake_app.errors import NotFound, UserError, ValidationFailed
from intake_app.i18n import _, current_language
from intake_app.protocol.receipt_numbers import format_receipt_number
from intake_app.protocol.receipt_token import ReceiptClaim, signing_payload
from intake_app.canonical import canonical_json, sha256_hex
from intake_app.protocol.version_document import version_document
from intake_app.records import form_versions, outbox_queue, prefill
from intake_app.records.attachment_fields import FileList, attach_files
from intake_app.records.attachment_store import attachment_info
from intake_app.records.labels import status_label
from intake_app.records.reading import resolve_record_id
from intake_app.records.search_index import index_record
from intake_app.roles import Permission
from intake_app.session import Session
from intake_app.store import device_key

if TYPE_CHECKING:
    from intake_app.forms import Form, ValidationResult


def validate(session: Session, form: Form, data: Any) -> ValidationResult:
    return form.validate(_require_object(data), today=session.today())


def _require_object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise UserError(_("The record data must be a JSON object of field values."))
    return data


def raise_if_invalid(form: Form, result: ValidationResult, lang: str | None = None) -> None:
    if not result.ok:
        lang = lang or current_language()
        details = [f"{issue.path}: {issue.message(lang)}" for issue in result.issues]
        raise ValidationFailed(_("The record has {n} problem(s); nothing was saved.").format(n=len(details)),
                               details=details)


def create_draft(session: Session, form_id: str, data: dict[str, Any], *, strict: bool = True,
                 files: FileList = (), prefilled: Mapping[str, Any] | None = None) -> str:
    """Save a new draft; returns its record id.

    ``strict`` refuses data that would not pass submission (the CLI default);
    the UI saves incomplete drafts with ``strict=False``. ``prefilled``: the
    answers the record was started with by path (``records.prefill``), kept so
    that saves and the submission note which of them the officer changed.
    """
    session.require(Permission.CAPTURE_RECORDS)
    session.require_form_access(form_id)
    form = session.forms.get(form_id)
    record_id = str(uuid.uuid4())
    now = iso(session.clock())
    user = session.user.username
    with transaction(session.conn) as conn:
        data = attach_files(session, conn, form, _require_object(data), files)
        stored = _checked_data(session, form, data, strict)
        form_versions.remember(conn, form, now)
        conn.execute("INSERT INTO records (id, form_id, status, created_at, created_by, updated_at)"
                     " VALUES (?, ?, 'draft', ?, ?, ?)", (record_id, form.id, now, user, now))
        conn.execute("INSERT INTO record_versions (record_id, version, kind, state, form_id, form_version, data,"
                     " created_at, created_by, updated_at) VALUES (?, 1, 'original', 'draft', ?, ?, ?, ?, ?, ?)",
                     (record_id, form.id, form.version, _dump(stored), now, user, now))
        index_record(conn, record_id, form, stored)
        prefill.remember(conn, record_id, prefilled or {})
        noted = {"prefilled": list(dict.fromkeys(form.field(path).id for path in prefilled))} if prefilled else {}
        audit.append(conn, user, "record.create", record_id, {"form": form.id, "form_version": form.version,
                                                             **noted, **prefill.audit_details(conn, record_id,
                                                                                               form, stored)})
    return record_id


def update_draft(session: Session, record_id: str, data: dict[str, Any] | None, *, strict: bool = True,
                 files: FileList = ()) -> None:
    """Replace the draft's data (``None``: keep it) and attach ``files`` (drafts only)."""
    with transaction(session.conn) as conn:
        row, version, form, saved = _open_draft(session, conn, record_id, "edit")
        record_id = row["id"]
        data = saved if data is None else _require_object(data)
        stored = _checked_data(session, form, attach_files(session, conn, form, data, files), strict)
        now = iso(session.clock())
        conn.execute("UPDATE record_versions SET data = ?, updated_at = ? WHERE record_id = ? AND version = ?",
                     (_dump(stored), now, record_id, version))
        conn.execute("UPDATE records SET updated_at = ? WHERE id = ?", (now, record_id))
        index_record(conn, record_id, form, stored)
        audit.append(conn, session.user.username, "record.edit", record_id,
                     {"version": version, **prefill.audit_details(conn, record_id, form, stored)})


def submit(session: Session, record_id: str) -> str:
    """Validate and freeze the draft; returns the receipt number."""
    with transaction(session.conn) as conn:
        row, version, form, saved = _open_draft(session, conn, record_id, "submit")
        record_id = row["id"]
        result = validate(session, form, saved)
        raise_if_invalid(form, result)
        receipt_no = row["receipt_no"] or _next_receipt_number(session, conn)
        _freeze(session, conn, record_id, version, form, result.normalized, receipt_no,
                kind="original", reason=None, previous=None)
        conn.execute("UPDATE records SET status = 'submitted', receipt_no = ?, updated_at = ? WHERE id = ?",
                     (receipt_no, iso(session.clock()), record_id))
        outbox_queue.refresh_status(conn, (record_id,))
        index_record(conn, record_id, form, result.normalized, receipt_no=receipt_no)
        audit.append(conn, session.user.username, "record.submit", record_id,
                     {"version": version, "receipt_no": receipt_no,
                      **prefill.audit_details(conn, record_id, form, result.normalized)})
        prefill.forget(conn, record_id)
    return receipt_no


def save_amendment(session: Session, record_id: str, data: dict[str, Any] | None, reason: str = "", *,
                   files: FileList = ()) -> int:
    """Keep a correction in progress (incomplete data allowed); returns its draft version number.

    The first call starts the correction from ``data``; later calls replace it.
    ``data=None`` keeps the saved data (e.g. to add ``files`` or a reason).
    """
    with transaction(session.conn) as conn:
        row, form, last = _amendable(session, conn, record_id)
        record_id = row["id"]
        pending = _pending_amendment(conn, record_id)
        saved = json.loads(pending[1]) if pending is not None else _version_data(conn, record_id, last["version"])
        data = saved if data is None else _require_object(data)
        stored = _checked_data(session, form, attach_files(session, conn, form, data, files), strict=False)
        now = iso(session.clock())
        reason = (reason or "").strip()
        if pending is None:
            form_versions.remember(conn, form, now)
            version = last["version"] + 1
            conn.execute("INSERT INTO record_versions (record_id, version, kind, state, form_id, form_version,"
                         " data, reason, created_at, created_by, updated_at) VALUES (?, ?, 'amendment', 'draft',"
                         " ?, ?, ?, ?, ?, ?, ?)", (record_id, version, form.id, form.version, _dump(stored),
                                                   reason, now, session.user.username, now))
            audit.append(conn, session.user.username, "record.amend.start", record_id, {"version": version})
        else:
            version = pending[0]
            conn.execute("UPDATE record_versions SET data = ?, reason = ?, form_id = ?, form_version = ?,"
                         " updated_at = ? WHERE record_id = ? AND version = ?",
                         (_dump(stored), reason, form.id, form.version, now, record_id, version))
            audit.append(conn, session.user.username, "record.amend.edit", record_id, {"version": version})
    return int(version)


def discard_amendment(session: Session, record_id: str) -> None:
    """Drop the correction in progress (it was never submitted); the record stays as submitted."""
    with transaction(session.conn) as conn:
        row, _form, _last = _amendable(session, conn, record_id)
        pending = _pending_amendment(conn, row["id"])
        if pending is None:
            raise UserError(_("Record {id} has no correction in progress.").format(id=_short(row["id"])))
        conn.execute("DELETE FROM record_versions WHERE record_id = ? AND version = ? AND state = 'draft'",
                     (row["id"], pending[0]))
        audit.append(conn, session.user.username, "record.amend.discard", row["id"], {"version": pending[0]})


def amend(session: Session, record_id: str, data: dict[str, Any], reason: str, *, files: FileList = ()) -> int:
    """Submit a corrected version (the correction in progress, if any, becomes it); returns its number."""
    reason = _require_reason(reason)
    with transaction(session.conn) as conn:
        row, form, last = _amendable(session, conn, record_id)
        record_id = row["id"]
        result = validate(session, form, attach_files(session, conn, form, _require_object(data), files))
        raise_if_invalid(form, result)
        now = iso(session.clock())
        form_versions.remember(conn, form, now)
        pending = _pending_amendment(conn, record_id)
        if pending is None:
            version = last["version"] + 1
            conn.execute("INSERT INTO record_versions (record_id, version, kind, state, form_id, form_version,"
                         " data, reason, created_at, created_by, updated_at) VALUES (?, ?, 'amendment', 'draft',"
                         " ?, ?, ?, ?, ?, ?, ?)", (record_id, version, form.id, form.version,
                                                   _dump(result.normalized), reason, now,
                                                   session.user.username, now))
        else:
            version = pending[0]
            conn.execute("UPDATE record_versions SET reason = ?, form_id = ?, form_version = ? WHERE record_id = ?"
                         " AND version = ?", (reason, form.id, form.version, record_id, version))
        _freeze(session, conn, record_id, version, form, result.normalized, row["receipt_no"],
                kind="amendment", reason=reason, previous=last["content_hash"])
        conn.execute("UPDATE records SET status = 'amended', updated_at = ? WHERE id = ?", (now, record_id))
        outbox_queue.refresh_status(conn, (record_id,))
        index_record(conn, record_id, form, result.normalized, receipt_no=row["receipt_no"])
        audit.append(conn, session.user.username, "record.amend", record_id, {"version": version})
    return int(version)


def void(session: Session, record_id: str, reason: str) -> int:
    """Mark the record void (drafts too); returns the void version's number."""
    reason = _require_reason(reason)
    with transaction(session.conn) as conn:
        row = _record_row(session, conn, record_id)
        record_id = row["id"]
        require_action(row["status"], "void", record_id)
        pending = _pending_amendment(conn, record_id)
        if pending is not None:  # a correction of a record being voided has nothing left to correct
            conn.execute("DELETE FROM record_versions WHERE record_id = ? AND version = ? AND state = 'draft'",
                         (record_id, pending[0]))
            audit.append(conn, session.user.username, "record.amend.discard", record_id, {"version": pending[0]})
        last = conn.execute("SELECT version, form_id, form_version FROM record_versions WHERE record_id = ?"
                            " ORDER BY version DESC LIMIT 1", (record_id,)).fetchone()
        previous = _last_submitted_or_none(conn, record_id)
        form = form_versions.load(conn, last[1], last[2])
        version = last[0] + 1
        now = iso(session.clock())
        conn.execute("INSERT INTO record_versions (record_id, version, kind, state, form_id, form_version, data,"
                     " reason, created_at, created_by, updated_at) VALUES (?, ?, 'void', 'draft', ?, ?, '{}', ?,"
                     " ?, ?, ?)", (record_id, version, form.id, form.version, reason, now,
                                   session.user.username, now))
        _freeze(session, conn, record_id, version, form, {}, row["receipt_no"], kind="void", reason=reason,
                previous=previous["content_hash"] if previous else None)
        conn.execute("UPDATE records SET status = 'void', updated_at = ? WHERE id = ?", (now, record_id))
        prefill.forget(conn, record_id)
        audit.append(conn, session.user.username, "record.void", record_id, {"version": version})
    return version


# -- internals -------------------------------------------------------------

def _checked_data(session: Session, form: Form, data: Any, strict: bool) -> dict[str, Any]:
    result = validate(session, form, data)
    if strict:
        raise_if_invalid(form, result)
        return result.normalized
    return data


def _freeze(session: Session, conn: Connection, record_id: str, version: int, form: Form,
            data: dict[str, Any], receipt_no: str | None, *, kind: str, reason: str | None,
            previous: str | None) -> None:
    """Compute the content hash, sign it, and mark the version submitted (immutable from now on).

    The signature is the device's over ``signing_payload`` of the version's
    receipt claim; a void of a never-submitted draft has no receipt number
    and is signed with the receipt fields zero (see docs/receipt-token.md).
    """
    refs = form.attachment_refs(data) if data else []
    attachments = [{"id": info.id, "size": info.size, "mime": info.mime}
                   for info in (attachment_info(conn, ref) for ref in sorted(set(refs)))]
    submitted_at = iso(session.clock())
    document = version_document(
        record_id=record_id, version=version, kind=kind, form_id=form.id, form_version=form.version,
        form_sha256=form.sha256, data=data, attachments=attachments, receipt_no=receipt_no,
        device_id=session.device.device_id, submitted_at=submitted_at, submitted_by=session.user.username,
        reason=reason, previous_hash=previous)
    document_bytes = canonical_json(document)  # kept: sealing sends these very bytes (sync.outbox)
    digest = "sha256:" + sha256_hex(document_bytes)
    # The device signs what a receipt token states, in the same UPDATE that freezes the version.
    claim = ReceiptClaim(receipt_no, digest, submitted_at, session.device.device_id)
    signature = device_key.sign(conn, signing_payload(claim))
    conn.execute("UPDATE record_versions SET state = 'submitted', data = ?, document = ?, submitted_at = ?,"
                 " submitted_by = ?, content_hash = ?, device_signature = ?, updated_at = ?"
                 " WHERE record_id = ? AND version = ?",
                 (_dump(data), document_bytes, submitted_at, session.user.username, digest, signature,
                  submitted_at, record_id, version))
    outbox_queue.queue_version(conn, record_id, version, form, submitted_at)  # to every registry of its destinations


def _open_draft(session: Session, conn: Connection, record_ref: str,
                action: str) -> tuple[dict[str, Any], int, Form, dict[str, Any]]:
    """The record row, its draft version number, that version's form and its saved data."""
    row = _record_row(session, conn, record_ref)
    require_action(row["status"], action, row["id"])
    draft = conn.execute("SELECT version, form_id, form_version, data FROM record_versions"
                         " WHERE record_id = ? AND state = 'draft' AND kind = 'original'", (row["id"],)).fetchone()
    if draft is None:  # a draft row without its draft version: refused as for a submitted record
        require_action("submitted", action, row["id"])
    return row, draft[0], form_versions.load(conn, draft[1], draft[2]), json.loads(draft[3])


def _amendable(session: Session, conn: Connection, record_ref: str) -> tuple[dict[str, Any], Form, dict[str, Any]]:
    """The record row, the form a correction uses (the current one) and the last submitted version."""
    row = _record_row(session, conn, record_ref)
    require_action(row["status"], "amend", row["id"])
    last = _last_submitted(conn, row["id"])
    form = session.forms.get(last["form_id"])
    session.require_form_access(form.id)
    return row, form, last


def _version_data(conn: Connection, record_id: str, version: int) -> dict[str, Any]:
    row = conn.execute("SELECT data FROM record_versions WHERE record_id = ? AND version = ?",
                       (record_id, version)).fetchone()
    return dict(json.loads(row[0])) if row is not None else {}


def _pending_amendment(conn: Connection, record_id: str) -> tuple[int, str] | None:
    """``(version, data)`` of the correction in progress, if there is one."""
    row = conn.execute("SELECT version, data FROM record_versions WHERE record_id = ? AND kind = 'amendment'"
                       " AND state = 'draft'", (record_id,)).fetchone()
    return (int(row[0]), str(row[1])) if row is not None else None


def _next_receipt_number(session: Session, conn: Connection) -> str:
    seq = int(conn.execute("SELECT value FROM meta WHERE key = 'receipt_seq'").fetchone()[0]) + 1
    conn.execute("UPDATE meta SET value = ? WHERE key = 'receipt_seq'", (str(seq),))
    return format_receipt_number(session.device.device_code, seq)


def _record_row(session: Session, conn: Connection, record_id: str) -> dict[str, Any]:
    record_id = resolve_record_id(session, record_id, conn=conn)
    row = conn.execute("SELECT id, form_id, status, receipt_no FROM records WHERE id = ?", (record_id,)).fetchone()
    if row is None:
        raise NotFound(_("No record {id}.").format(id=_short(record_id)))
    return {"id": row[0], "form_id": row[1], "status": row[2], "receipt_no": row[3]}


def _last_submitted_or_none(conn: Connection, record_id: str) -> dict[str, Any] | None:
    row = conn.execute("SELECT version, form_id, form_version, content_hash FROM record_versions"
                       " WHERE record_id = ? AND state = 'submitted' AND kind != 'void'"
                       " ORDER BY version DESC LIMIT 1", (record_id,)).fetchone()
    if row is None:
        return None
    return {"version": row[0], "form_id": row[1], "form_version": row[2], "content_hash": row[3]}


def _last_submitted(conn: Connection, record_id: str) -> dict[str, Any]:
    last = _last_submitted_or_none(conn, record_id)
    if last is None:
        raise UserError(_("Record {id} has no submitted version.").format(id=_short(record_id)))
    return last


def allowed_actions(status: str) -> frozenset[str]:
    """What may be done to a record in ``status``: the one home of this rule.

    The services here check it (``require_action``), the record view offers its buttons from it,
    and the capture page and the command line go through the services.
    """
    if status == "draft":
        return frozenset({"edit", "submit", "void"})
    if status in ("void", "purged"):
        return frozenset()
    return frozenset({"amend", "void", "receipt"})


def require_action(status: str, action: str, record_id: str) -> None:
    """Refuse ``action`` on a record in ``status`` with the reason a person can act on."""
    if action in allowed_actions(status):
        return
    short = _short(record_id)
    if status == "purged":
        raise UserError(_("Record {id} was purged from this device after the registries acknowledged it: it can "
                          "no longer be amended or voided here.").format(id=short))
    if status == "void" and action == "void":
        raise UserError(_("Record {id} is already void.").format(id=short))
    if status == "void" and action in ("edit", "submit"):
        raise UserError(_("Record {id} is void: it can no longer be edited or submitted.").format(id=short))
    if action == "edit":
        raise UserError(_("Record {id} has been submitted and cannot be edited: amend it instead.").format(id=short))
    if action == "submit":
        raise UserError(_("Record {id} has already been submitted.").format(id=short))
    raise UserError(_("Only a submitted record can be amended (this one is {status}).").format(
        status=status_label(status)))


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise UserError(_("Give a reason."))
    return reason


def _dump(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def _short(record_id: str) -> str:
    return record_id[:8]
