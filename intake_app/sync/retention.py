"""Retention: purge the personal data of records the registries hold, keeping a verifiable stub.

A record is **due** when every one of its submitted versions has at least one
outbox row, every outbox row is ``acknowledged`` (by every registry of its
destinations), the newest acknowledgement (``sync_outbox.acknowledged_at``,
the registry's signed ``received_at``) is more than the form's
``sync: retention_days`` days old (else the device setting
``sync.retention_days``, default 30), and it has
no draft version (a correction in progress, or the draft of a voided draft).

Purging a record, in one transaction: each submitted version keeps its
receipt claim (receipt number, content hash, submission time, device
signature), form id and version, dates and users, and gets ``data = '{}'``,
``reason = NULL`` and ``purged_at`` (schema 6 allows exactly this update,
only for fully acknowledged versions); the record's status becomes
``purged``; its search entries are replaced by its receipt number alone;
attachments that no unpurged version refers to any more are deleted with
their chunks; an audit entry ``record.purge`` gives the versions and the
number of attachments deleted (ids and counts only). The signed
acknowledgements stay in ``sync_bundles.ack``. ``token_for_version`` still
makes (and ``verify_token`` still checks) the receipt token of a purged
record; amending, voiding or printing it again is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from intake_app import audit
from intake_app.clock import iso
from intake_app.errors import UserError
from intake_app.records import form_versions
from intake_app.records.search_index import index_record
from intake_app.roles import Permission
from intake_app.session import Session
from intake_app.settings import Settings
from intake_app.database.connection import Connection, transaction

DEFAULT_RETENTION_DAYS = 30

_DUE_SQL = """
SELECT r.id, r.receipt_no, r.form_id, (SELECT max(o.acknowledged_at) FROM sync_outbox o WHERE o.record_id = r.id)
FROM records r
WHERE r.status IN ('acknowledged', 'void')
  AND NOT EXISTS (SELECT 1 FROM record_versions v WHERE v.record_id = r.id AND v.state = 'draft')
  AND EXISTS (SELECT 1 FROM record_versions v WHERE v.record_id = r.id AND v.state = 'submitted'
              AND v.purged_at IS NULL)
  AND NOT EXISTS (SELECT 1 FROM record_versions v WHERE v.record_id = r.id AND v.state = 'submitted' AND (
      NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.record_id = v.record_id AND o.version = v.version)
      OR EXISTS (SELECT 1 FROM sync_outbox o WHERE o.record_id = v.record_id AND o.version = v.version
                 AND o.state != 'acknowledged')))
ORDER BY r.seq
"""


@dataclass(frozen=True)
class PurgeCandidate:
    record_id: str
    receipt_no: str | None
    form_id: str
    acknowledged_at: str


@dataclass
class PurgeReport:
    dry_run: bool
    records: list[PurgeCandidate] = field(default_factory=list)
    versions: int = 0
    attachments: int = 0  # attachments deleted (with their chunks)


def retention_days(session: Session) -> int:
    """The device setting ``sync.retention_days``."""
    return int(Settings.in_dir(session.store.directory).get("sync.retention_days"))


def form_retention(session: Session) -> Callable[[str], int]:
    """Days to keep a form's records: its ``sync: retention_days``, else the device setting."""
    default = retention_days(session)

    def days(form_id: str) -> int:
        try:
            configured = session.forms.get(form_id).retention_days
        except UserError:
            return default
        return configured if configured is not None else default

    return days


def due_records(conn: Connection, now: datetime, days: int | Callable[[str], int]) -> list[PurgeCandidate]:
    """Records due for purging at ``now`` (see the module docstring), oldest first.

    ``days`` is the retention period, or a function of the form id giving it.
    """
    days_for = days if callable(days) else (lambda _form_id: days)
    due = []
    for record_id, receipt_no, form_id, acknowledged_at in conn.execute(_DUE_SQL):
        cutoff = now - timedelta(days=days_for(form_id))
        if acknowledged_at and datetime.fromisoformat(acknowledged_at) < cutoff:
            due.append(PurgeCandidate(record_id, receipt_no, form_id, acknowledged_at))
    return due


def purge(session: Session, *, dry_run: bool = False, days: int | None = None) -> PurgeReport:
    """Purge every record due (``dry_run``: only list them); one transaction for all."""
    session.require(Permission.SYNC_RECORDS)
    period: int | Callable[[str], int] = days if days is not None else form_retention(session)
    report = PurgeReport(dry_run)
    with transaction(session.conn) as conn:
        now = session.clock()
        report.records = due_records(conn, now, period)
        if dry_run:
            return report
        for candidate in report.records:
            versions, deleted = _purge_record(conn, candidate, iso(now))
            report.versions += len(versions)
            report.attachments += deleted
            audit.append(conn, session.user.username, "record.purge", candidate.record_id,
                         {"versions": versions, "attachments_deleted": deleted})
    return report


def _purge_record(conn: Connection, candidate: PurgeCandidate, at: str) -> tuple[list[int], int]:
    rows = conn.execute("SELECT version, form_id, form_version, data FROM record_versions WHERE record_id = ?"
                        " AND state = 'submitted' AND purged_at IS NULL ORDER BY version",
                        (candidate.record_id,)).fetchall()
    refs: set[str] = set()
    form = None
    for _version, form_id, form_version, data in rows:
        form = form_versions.load(conn, form_id, form_version)
        values = json.loads(data)
        if values:
            refs.update(form.attachment_refs(values))
    conn.execute("UPDATE record_versions SET data = '{}', reason = NULL, document = NULL, purged_at = ?"
                 " WHERE record_id = ?"
                 " AND state = 'submitted' AND purged_at IS NULL", (at, candidate.record_id))
    conn.execute("UPDATE records SET status = 'purged', updated_at = ? WHERE id = ?", (at, candidate.record_id))
    if form is not None:  # names, documents and birth years leave the index; the receipt number stays findable
        index_record(conn, candidate.record_id, form, {}, receipt_no=candidate.receipt_no)
    return [int(row[0]) for row in rows], _delete_unreferenced(conn, refs)


def _delete_unreferenced(conn: Connection, attachment_ids: set[str]) -> int:
    """Delete each attachment no unpurged version's data names (a conservative text match); returns how many."""
    deleted = 0
    for attachment_id in sorted(attachment_ids):
        used = conn.execute("SELECT 1 FROM record_versions WHERE purged_at IS NULL AND instr(data, ?) > 0 LIMIT 1",
                            (attachment_id,)).fetchone()
        if used is not None:
            continue
        conn.execute("DELETE FROM attachment_chunks WHERE attachment_id = ?", (attachment_id,))
        deleted += conn.execute("DELETE FROM attachments WHERE id = ?", (attachment_id,)).rowcount
    return deleted
