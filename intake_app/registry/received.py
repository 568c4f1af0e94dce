"""Reading what the registry received: record versions, their documents and attachments, for staff.

Everything here reads the encrypted database; nothing is written. The
exports (:func:`export_json`, :func:`export_csv`) hold applicants' personal
data: the caller writes them only where the operator asked (mode 0600).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any

from intake_app.errors import NotFound
from intake_app.i18n import _
from intake_app.protocol.receipt_numbers import looks_like_receipt_number, normalize_receipt_number
from intake_app.registry.registry import Registry
from intake_app.database.blobs import read_rows

_COLUMNS = ("record_id, version, kind, form_id, form_version, content_hash, receipt_no, submitted_at, device_id,"
            " received_at, bundle_id")
CSV_COLUMNS = tuple(name.strip() for name in _COLUMNS.split(","))
#: A spreadsheet would run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ReceivedVersion:
    record_id: str
    version: int
    kind: str
    form_id: str
    form_version: int
    content_hash: str
    receipt_no: str | None
    submitted_at: str
    device_id: str
    received_at: str
    bundle_id: str
    document: str = ""

    def summary(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CSV_COLUMNS}

    def to_json(self) -> dict[str, Any]:
        return {**self.summary(), "document": json.loads(self.document) if self.document else None}

    def data(self) -> dict[str, Any]:
        value = json.loads(self.document).get("data", {}) if self.document else {}
        return value if isinstance(value, dict) else {}


def list_versions(registry: Registry, *, with_documents: bool = False) -> list[ReceivedVersion]:
    """Every version received, oldest first."""
    extra = ", document" if with_documents else ""
    rows = registry.conn.execute(f"SELECT {_COLUMNS}{extra} FROM received_versions"
                                 " ORDER BY received_at, record_id, version").fetchall()
    return [ReceivedVersion(*row) for row in rows]


def get_record(registry: Registry, record_ref: str) -> list[ReceivedVersion]:
    """The versions of one record, by its id or its receipt number as the applicant reads it out (typed loosely:
    any case, with or without dashes, O for 0); :class:`NotFound` if none was received."""
    record_id = record_ref.strip().lower()
    if looks_like_receipt_number(record_ref):
        found = registry.conn.execute("SELECT record_id FROM received_versions WHERE receipt_no = ? LIMIT 1",
                                      (normalize_receipt_number(record_ref),)).fetchone()
        record_id = found[0] if found is not None else record_id
    rows = registry.conn.execute(f"SELECT {_COLUMNS}, document FROM received_versions WHERE record_id = ?"
                                 " ORDER BY version", (record_id,)).fetchall()
    if not rows:
        raise NotFound(_("The registry has received no record {id}.").format(id=record_ref.strip()))
    return [ReceivedVersion(*row) for row in rows]


def attachment_ids(registry: Registry, record_id: str, version: int) -> list[str]:
    rows = registry.conn.execute("SELECT attachment_id FROM received_version_attachments WHERE record_id = ? AND"
                                 " version = ? ORDER BY attachment_id", (record_id, version)).fetchall()
    return [row[0] for row in rows]


def read_attachment(registry: Registry, attachment_id: str) -> bytes:
    return b"".join(read_rows(registry.conn, "received_attachment_chunks", attachment_id))


def export_json(versions: list[ReceivedVersion]) -> bytes:
    return (json.dumps([v.to_json() for v in versions], ensure_ascii=False, indent=2, sort_keys=True)
            + "\n").encode("utf-8")


def export_csv(versions: list[ReceivedVersion]) -> bytes:
    """One row per version: its metadata, then one column per form field (values that are not text as JSON)."""
    fields = sorted({name for v in versions for name in v.data()})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([*CSV_COLUMNS, *fields])
    for v in versions:
        data = v.data()
        row = [v.summary()[name] for name in CSV_COLUMNS] + [data.get(name) for name in fields]
        writer.writerow([_cell(value) for value in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM makes spreadsheets read UTF-8


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "'" + text if text.startswith(_FORMULA_START) else text
