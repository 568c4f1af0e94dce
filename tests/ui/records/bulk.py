"""Many records, fast: rows written straight into the store, shaped as the lifecycle writes them.

One real draft goes through ``lifecycle`` first, so the form version is stored
and the records are readable by every query; the rest are copies with
distinct names, receipt numbers, statuses and times, in one transaction.
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime, timedelta, UTC
from typing import Any

from intake_app.clock import iso
from intake_app.records import lifecycle
from intake_app.protocol.receipt_numbers import format_receipt_number
from intake_app.database.connection import transaction
from tests.records.sample import application

STATUS_CYCLE = ("submitted", "submitted", "draft", "amended", "submitted", "void", "queued", "acknowledged")
START = datetime(2026, 1, 1, 4, 0, tzinfo=UTC)


def bulk_applications(session: Any, count: int, *, start: datetime = START) -> None:
    """``count`` asylum applications (plus the one real draft) visible to ``session``'s officer."""
    lifecycle.create_draft(session, "asylum_application", application(), strict=False)
    form = session.forms.get("asylum_application")
    user = session.user.username
    code = session.device.device_code
    records, versions = [], []
    for n in range(count):
        status = STATUS_CYCLE[n % len(STATUS_CYCLE)]
        record_id = str(uuid.uuid4())
        at = iso(start + timedelta(minutes=n))
        data = application(f"Каримов {n:05d}", f"Karimov {n:05d}")
        receipt = None if status == "draft" else format_receipt_number(code, 1000 + n)
        records.append((record_id, form.id, receipt, status, at, user, at))
        state = "draft" if status == "draft" else "submitted"
        versions.append((record_id, 1, "original", state, form.id, form.version,
                         json.dumps(data, ensure_ascii=False), at, user, at))
    with transaction(session.conn) as conn:
        conn.executemany("INSERT INTO records (id, form_id, receipt_no, status, created_at, created_by,"
                         " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", records)
        conn.executemany("INSERT INTO record_versions (record_id, version, kind, state, form_id, form_version,"
                         " data, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         versions)
