"""Reading records: one record with its versions, lists, and id resolution.

Every read is filtered by role: a user sees only records of forms their role
may use (officers: border applications; monitors: visit reports; admins:
none), and a record outside that set is reported as not found.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from intake_app.errors import NotFound
from intake_app.i18n import _
from intake_app.records import form_versions
from intake_app.records.receipt_numbers import InvalidReceiptNumber, normalize_receipt_number
from intake_app.session import Session
from intake_app.store.connection import Connection

if TYPE_CHECKING:
    from intake_app.forms import Form

STATUSES = ("draft", "submitted", "queued", "acknowledged", "amended", "void")


@dataclass(frozen=True)
class VersionView:
    version: int
    kind: str
    state: str
    form_id: str
    form_version: int
    data: dict[str, Any]
    reason: str | None
    created_at: str
    created_by: str
    submitted_at: str | None
    submitted_by: str | None
    content_hash: str | None


@dataclass(frozen=True)
class RecordView:
    id: str
    form_id: str
    status: str
    receipt_no: str | None
    created_at: str
    created_by: str
    updated_at: str
    names: list[str] = field(default_factory=list)
    versions: list[VersionView] = field(default_factory=list)

    @property
    def current(self) -> VersionView | None:
        """The latest version that carries data (a void version carries none)."""
        for version in reversed(self.versions):
            if version.kind != "void":
                return version
        return None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "form": self.form_id, "status": self.status, "receipt_no": self.receipt_no,
                "created_at": self.created_at, "created_by": self.created_by, "updated_at": self.updated_at,
                "names": self.names, "versions": [vars(v) for v in self.versions]}


def visible_form_ids(session: Session, conn: Connection | None = None) -> set[str]:
    """Form ids whose records this user's role may see."""
    role = session.user.role.value
    ids = {f.id for f in session.forms.forms() if role in f.roles}
    for form_id, roles in form_versions.roles_by_form(conn or session.conn).items():
        if role in roles:
            ids.add(form_id)
    return ids


def resolve_record_id(session: Session, text: str, *, conn: Connection | None = None) -> str:
    """A record id from a full id, a unique id prefix (≥ 6 characters) or a receipt number."""
    conn = conn or session.conn
    text = text.strip()
    rows: list[tuple[str, str]] = []
    try:
        receipt = normalize_receipt_number(text)
        rows = conn.execute("SELECT id, form_id FROM records WHERE receipt_no = ?", (receipt,)).fetchall()
    except InvalidReceiptNumber:
        pass
    if not rows and len(text) >= 6:
        pattern = text.lower().replace("%", "").replace("_", "") + "%"
        rows = conn.execute("SELECT id, form_id FROM records WHERE id LIKE ? LIMIT 2", (pattern,)).fetchall()
    visible = visible_form_ids(session, conn)
    rows = [r for r in rows if r[1] in visible]
    if len(rows) != 1:
        if len(rows) > 1:
            raise NotFound(_("“{text}” matches more than one record: give more characters.").format(text=text))
        raise NotFound(_("No record “{text}”.").format(text=text))
    return rows[0][0]


def get_record(session: Session, record_ref: str) -> RecordView:
    conn = session.conn
    record_id = resolve_record_id(session, record_ref)
    row = conn.execute("SELECT id, form_id, status, receipt_no, created_at, created_by, updated_at FROM records"
                       " WHERE id = ?", (record_id,)).fetchone()
    versions = [
        VersionView(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8], r[9], r[10], r[11])
        for r in conn.execute(
            "SELECT version, kind, state, form_id, form_version, data, reason, created_at, created_by,"
            " submitted_at, submitted_by, content_hash FROM record_versions WHERE record_id = ? ORDER BY version",
            (record_id,))]
    current = _view(row, [], versions).current
    return _view(row, _names(conn, current) if current else [], versions)


_SUMMARY_SQL = (
    "SELECT r.id, r.form_id, r.status, r.receipt_no, r.created_at, r.created_by, r.updated_at,"
    " v.form_version, v.data, r.seq FROM records r JOIN record_versions v ON v.record_id = r.id"
    " AND v.version = (SELECT max(version) FROM record_versions WHERE record_id = r.id AND kind != 'void')")


def list_records(session: Session, *, status: str | None = None, form_id: str | None = None,
                 limit: int = 200, offset: int = 0) -> list[RecordView]:
    """Newest first, filtered by the user's visibility, status and form."""
    if status is not None and status not in STATUSES:
        raise NotFound(_("Unknown status “{status}”.").format(status=status))
    visible = sorted(visible_form_ids(session))
    if form_id is not None:
        visible = [f for f in visible if f == form_id]
    if not visible:
        return []
    sql = _SUMMARY_SQL + f" WHERE r.form_id IN ({','.join('?' * len(visible))})"
    params: list[Any] = list(visible)
    if status:
        sql += " AND r.status = ?"
        params.append(status)
    sql += " ORDER BY r.updated_at DESC, r.seq DESC LIMIT ? OFFSET ?"
    params += [int(limit), int(offset)]
    forms: dict[tuple[str, int], Form] = {}
    return [_summary(session.conn, row, forms) for row in session.conn.execute(sql, params).fetchall()]


def list_records_by_seq(session: Session, seqs: list[int]) -> list[RecordView]:
    """Summaries of the given records, in the given order (callers have checked visibility)."""
    if not seqs:
        return []
    rows = session.conn.execute(_SUMMARY_SQL + f" WHERE r.seq IN ({','.join('?' * len(seqs))})", seqs).fetchall()
    by_seq = {row[9]: row for row in rows}
    forms: dict[tuple[str, int], Form] = {}
    return [_summary(session.conn, by_seq[seq], forms) for seq in seqs if seq in by_seq]


def _summary(conn: Connection, row: tuple[Any, ...], forms: dict[tuple[str, int], Form]) -> RecordView:
    key = (row[1], row[7])
    form = forms.get(key)
    if form is None:
        form = forms[key] = form_versions.load(conn, *key)
    return _view(row, form.summary_names(json.loads(row[8])), [])


def _view(row: tuple[Any, ...], names: list[str], versions: list[VersionView]) -> RecordView:
    """A view from the first seven columns: id, form, status, receipt, created at/by, updated at."""
    return RecordView(id=row[0], form_id=row[1], status=row[2], receipt_no=row[3], created_at=row[4],
                      created_by=row[5], updated_at=row[6], names=names, versions=versions)


def _names(conn: Connection, version: VersionView) -> list[str]:
    form = form_versions.load(conn, version.form_id, version.form_version)
    return form.summary_names(version.data)
