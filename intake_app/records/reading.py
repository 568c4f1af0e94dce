"""Reading records: one record with its versions, lists, and id resolution.

Every read is filtered by role: a user sees only records of forms their role
may use (officers: border applications; monitors: visit reports; admins:
none), and a record outside that set is reported as not found.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from intake_app.clock import iso
from intake_app.errors import NotFound
from intake_app.i18n import _
from intake_app.names.scripts import detect_script
from intake_app.records import form_versions
from intake_app.protocol.receipt_numbers import InvalidReceiptNumber, normalize_receipt_number
from intake_app.session import Session
from intake_app.database.connection import Connection

if TYPE_CHECKING:
    from intake_app.forms import ChoiceList, Form

STATUSES = ("draft", "submitted", "queued", "acknowledged", "amended", "void", "purged")


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
    #: The device's Ed25519 signature over the version's receipt claim (``protocol.receipt_token.signing_payload``);
    #: ``None`` for drafts and for versions submitted before the device had a signing key (schema 4).
    device_signature: bytes | None = None
    #: When retention emptied ``data`` (``intake_app.sync.retention``); the receipt claim and signature stay.
    purged_at: str | None = None

    @property
    def is_pending_amendment(self) -> bool:
        return self.kind == "amendment" and self.state == "draft"

    def to_json(self) -> dict[str, Any]:
        values = dict(vars(self))
        signature = self.device_signature
        values["device_signature"] = base64.b64encode(signature).decode("ascii") if signature else None
        return values


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
        """The latest version that carries data (not a void one, nor a correction still in progress)."""
        for version in reversed(self.versions):
            if version.kind != "void" and not version.is_pending_amendment:
                return version
        return None

    @property
    def pending_amendment(self) -> VersionView | None:
        """The correction being written (saved, not yet submitted), if any."""
        last = self.versions[-1] if self.versions else None
        return last if last is not None and last.is_pending_amendment else None

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "form": self.form_id, "status": self.status, "receipt_no": self.receipt_no,
                "created_at": self.created_at, "created_by": self.created_by, "updated_at": self.updated_at,
                "names": self.names, "versions": [v.to_json() for v in self.versions]}


@dataclass(frozen=True)
class RecordSummary:
    """A list row: the record and the few values a person scans a list for.

    ``date`` is the value of the field the form marks ``summary: date`` (the date, or date and
    time with its offset, of the application or the visit), as captured; the registration time
    if the form marks none or it is not answered yet. ``place`` is the stored value of the field
    marked ``summary: place`` ("" if none); ``place_text`` reads it in a language.
    """

    record: RecordView
    form_version: int
    name_original: str = ""
    name_latin: str = ""
    date: str = ""
    place: str = ""
    place_choices: ChoiceList | None = None
    #: ``date`` is the registration time (a stored UTC time), not a value captured on the form.
    date_is_registration: bool = False
    #: Where a queued record's versions are on their way (``"queued"``, ``"sent"``, ``"conflict"``);
    #: otherwise the record's status. What the list shows as the status.
    sync_state: str = ""

    @property
    def shown_status(self) -> str:
        return self.sync_state or self.record.status

    @property
    def id(self) -> str:
        return self.record.id

    def place_text(self, lang: str) -> str:
        """The place as a reader of ``lang`` reads it: a choice's label, a text as written."""
        if self.place and self.place_choices is not None:
            return self.place_choices.label(self.place, lang)
        return self.place


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
        VersionView(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8], r[9], r[10], r[11],
                    None if r[12] is None else bytes(r[12]), r[13])
        for r in conn.execute(
            "SELECT version, kind, state, form_id, form_version, data, reason, created_at, created_by,"
            " submitted_at, submitted_by, content_hash, device_signature, purged_at FROM record_versions"
            " WHERE record_id = ? ORDER BY version",
            (record_id,))]
    current = _view(row, [], versions).current
    return _view(row, _names(conn, current) if current else [], versions)


_SUMMARY_SQL = (
    "SELECT r.id, r.form_id, r.status, r.receipt_no, r.created_at, r.created_by, r.updated_at,"
    " v.form_version, v.data, r.seq FROM records r JOIN record_versions v ON v.record_id = r.id"
    " AND v.version = (SELECT max(version) FROM record_versions WHERE record_id = r.id AND kind != 'void'"
    " AND (state = 'submitted' OR kind = 'original'))")

#: ``order_by`` -> SQL. Every key ends with ``seq`` so pages never overlap or skip rows; each
#: ordering (with and without a status filter) has a matching index (migration 3), so a page is
#: an index walk, never a sort of all records. Receipts sort by length first: the counter part
#: grows past five digits.
ORDERINGS: dict[str, tuple[str, ...]] = {
    "updated_at": ("r.updated_at",),
    "created_at": ("r.created_at",),
    "receipt_no": ("length(r.receipt_no)", "r.receipt_no"),
    "status": ("r.status", "r.updated_at"),
}


def list_records(session: Session, *, status: str | None = None, form_id: str | None = None,
                 date_from: date | datetime | None = None, date_to: date | datetime | None = None,
                 order_by: str = "updated_at", descending: bool = True,
                 limit: int = 200, offset: int = 0) -> list[RecordView]:
    """One page of records the user may see, filtered and ordered (default: last changed first).

    ``date_from`` / ``date_to`` bound the registration time (``created_at``), both inclusive; a
    ``date`` is a whole day in the device's local time zone.
    """
    seqs = _page_seqs(session, status, form_id, date_from, date_to, order_by, descending, limit, offset)
    return list_records_by_seq(session, seqs)


def count_records(session: Session, *, status: str | None = None, form_id: str | None = None,
                  date_from: date | datetime | None = None, date_to: date | datetime | None = None) -> int:
    """How many records ``list_records`` would page through with the same filters."""
    where = _where(session, status, form_id, date_from, date_to)
    if where is None:
        return 0
    sql, params = where
    return int(session.conn.execute("SELECT count(*) FROM records r WHERE " + sql, params).fetchone()[0])


def list_summaries(session: Session, *, status: str | None = None, form_id: str | None = None,
                   date_from: date | datetime | None = None, date_to: date | datetime | None = None,
                   order_by: str = "updated_at", descending: bool = True,
                   limit: int = 200, offset: int = 0) -> list[RecordSummary]:
    """``list_records`` with each row's list values (names, date, place) read through its form."""
    seqs = _page_seqs(session, status, form_id, date_from, date_to, order_by, descending, limit, offset)
    return list_summaries_by_seq(session, seqs)


def summaries_among(session: Session, found: list[int], *, status: str | None = None, form_id: str | None = None,
                    date_from: date | datetime | None = None, date_to: date | datetime | None = None,
                    order_by: str = "updated_at", descending: bool = True) -> list[RecordSummary]:
    """The records numbered ``found`` (e.g. by a search) that pass the list filters, in the list's order."""
    where = _where(session, status, form_id, date_from, date_to)
    if not found or where is None:
        return []
    sql, params = where
    sql += f" AND r.seq IN ({','.join('?' * len(found))}) ORDER BY {_order_sql(order_by, descending)}"
    seqs = [row[0] for row in session.conn.execute("SELECT r.seq FROM records r WHERE " + sql, params + found)]
    return list_summaries_by_seq(session, seqs)


def list_records_by_seq(session: Session, seqs: list[int]) -> list[RecordView]:
    """Summaries of the given records, in the given order (callers have checked visibility)."""
    forms: dict[tuple[str, int], Form] = {}
    return [_summary(session.conn, row, forms) for row in _rows_by_seq(session.conn, seqs)]


def _rows_by_seq(conn: Connection, seqs: list[int]) -> list[tuple[Any, ...]]:
    if not seqs:
        return []
    rows = conn.execute(_SUMMARY_SQL + f" WHERE r.seq IN ({','.join('?' * len(seqs))})", seqs).fetchall()
    by_seq = {row[9]: row for row in rows}
    return [by_seq[seq] for seq in seqs if seq in by_seq]


def _where(session: Session, status: str | None, form_id: str | None, date_from: date | datetime | None,
           date_to: date | datetime | None) -> tuple[str, list[Any]] | None:
    """The WHERE clause for the user's visible forms and the filters; ``None`` if nothing can match."""
    if status is not None and status not in STATUSES:
        raise NotFound(_("Unknown status “{status}”.").format(status=status))
    visible = sorted(visible_form_ids(session))
    if form_id is not None:
        visible = [f for f in visible if f == form_id]
    if not visible:
        return None
    sql = f"r.form_id IN ({','.join('?' * len(visible))})"
    params: list[Any] = list(visible)
    if status:
        sql += " AND r.status = ?"
        params.append(status)
    if date_from is not None:
        sql += " AND r.created_at >= ?"
        params.append(iso(_local_start(session, date_from)))
    if isinstance(date_to, datetime):
        sql += " AND r.created_at <= ?"
        params.append(iso(date_to))
    elif date_to is not None:
        sql += " AND r.created_at < ?"
        params.append(iso(_local_start(session, date_to + timedelta(days=1))))
    return sql, params


def _local_start(session: Session, day: date | datetime) -> datetime:
    """``day`` itself if it is a moment; else the start of that day in the device's zone."""
    if isinstance(day, datetime):
        return day
    return datetime.combine(day, time(), tzinfo=session.zone)


def _order_sql(order_by: str, descending: bool) -> str:
    if order_by not in ORDERINGS:
        raise ValueError(f"order_by must be one of {sorted(ORDERINGS)}")
    direction = " DESC" if descending else " ASC"
    return ", ".join(term + direction for term in (*ORDERINGS[order_by], "r.seq"))


def _page_seqs(session: Session, status: str | None, form_id: str | None, date_from: date | datetime | None,
               date_to: date | datetime | None, order_by: str, descending: bool, limit: int,
               offset: int) -> list[int]:
    """Record numbers of one page: an index-only walk of ``records`` (no record data is read)."""
    order = _order_sql(order_by, descending)
    where = _where(session, status, form_id, date_from, date_to)
    if where is None:
        return []
    sql, params = where
    sql = f"SELECT r.seq FROM records r WHERE {sql} ORDER BY {order} LIMIT ? OFFSET ?"
    return [row[0] for row in session.conn.execute(sql, params + [int(limit), max(int(offset), 0)])]


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


def form_titles(session: Session, lang: str) -> dict[str, str]:
    """Titles in ``lang`` of the forms whose records the user may see (shipped, else stored)."""
    return {form.id: form.title(lang) for form in _visible_forms(session)}


def forms_with_names(session: Session) -> set[str]:
    """Visible forms whose records carry names of their own (a visit report's names are per interview)."""
    return {form.id for form in _visible_forms(session) if _fields_for_list(form).names}


def _visible_forms(session: Session) -> list[Form]:
    shipped = {f.id: f for f in session.forms.forms()}
    stored = dict(session.conn.execute("SELECT form_id, max(version) FROM form_versions GROUP BY form_id"))
    return [shipped.get(form_id) or form_versions.load(session.conn, form_id, stored[form_id])
            for form_id in sorted(visible_form_ids(session))]


# -- list values read through the form ----------------------------------------------------------
#
# Forms mark what a list shows: names with ``search: name``, the event's date and place with
# ``summary: date`` / ``summary: place`` (top-level fields, at most one of each). A form version
# that marks no date lists the registration time; one that marks no place lists none.

@dataclass(frozen=True)
class _ListFields:
    names: tuple[str, ...]
    date: str | None
    place: str | None
    place_choices: ChoiceList | None = None


_list_fields: dict[str, _ListFields] = {}


def _fields_for_list(form: Form) -> _ListFields:
    cached = _list_fields.get(form.sha256)
    if cached is not None:
        return cached
    names = tuple(f.id for f in form.level(None).data_fields if f.search == "name")
    when, place = form.summary_field("date"), form.summary_field("place")
    found = _ListFields(names, when.id if when else None, place.id if place else None,
                        place.choice_list if place is not None and place.type == "choice" else None)
    _list_fields[form.sha256] = found
    return found


def list_summaries_by_seq(session: Session, seqs: list[int]) -> list[RecordSummary]:
    """List rows for record numbers found by an index (search, duplicate check), in that order."""
    conn = session.conn
    forms: dict[tuple[str, int], Form] = {}
    result = []
    for row in _rows_by_seq(conn, seqs):
        view = _summary(conn, row, forms)
        form = forms[(row[1], row[7])]
        data = json.loads(row[8])
        result.append(_list_values(view, row[7], form, data if isinstance(data, dict) else {}))
    return _with_sync_states(conn, result)


def _with_sync_states(conn: Connection, summaries: list[RecordSummary]) -> list[RecordSummary]:
    """Queued records say how far they got: waiting to be sent, sent (not acknowledged yet), or a conflict."""
    queued = [summary.id for summary in summaries if summary.record.status == "queued"]
    if not queued:
        return summaries
    states: dict[str, set[str]] = {}
    for record_id, state in conn.execute(f"SELECT record_id, state FROM sync_outbox WHERE record_id IN"
                                         f" ({','.join('?' * len(queued))})", queued):
        states.setdefault(record_id, set()).add(state)
    return [replace(summary, sync_state=_sync_state(states.get(summary.id, set())))
            if summary.record.status == "queued" else summary for summary in summaries]


def _sync_state(states: set[str]) -> str:
    if "conflict" in states:
        return "conflict"
    return "queued" if "pending" in states or not states else "sent"


def _list_values(view: RecordView, form_version: int, form: Form, data: dict[str, Any]) -> RecordSummary:
    wanted = _fields_for_list(form)
    names = [text for text in (_text(data.get(i)) for i in wanted.names) if text]
    original = names[0] if names else ""
    latin = next((n for n in names[1:] if detect_script(n) == "Latn"), "")
    if not latin and detect_script(original) == "Latn":
        latin = original
    when = _text(data.get(wanted.date)) if wanted.date else ""
    place = _text(data.get(wanted.place)) if wanted.place else ""
    return RecordSummary(view, form_version, original, latin, when or view.created_at, place, wanted.place_choices,
                         date_is_registration=not when)


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
