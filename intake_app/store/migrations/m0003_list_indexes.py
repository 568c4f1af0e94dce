"""Schema 3: indexes for the record list (filter by form and status, order by any list column).

Each ordering the list offers, with and without a status filter, gets an
index whose leading columns are the equality filters, then the sort key and
the record number (the tie-break that keeps pages stable); the trailing
columns let a status or registration-date filter be checked in the index
itself. A page of 100,000 records is then an index walk, never a
sort. Receipt numbers are ordered by length first, so the counter part sorts
numerically once it grows past five digits.
"""

from __future__ import annotations

from intake_app.database.connection import Connection

SCHEMA = """
CREATE INDEX records_list_updated ON records (form_id, updated_at, seq, status, created_at);
CREATE INDEX records_list_created ON records (form_id, created_at, seq, status);
CREATE INDEX records_list_receipt ON records (form_id, length(receipt_no), receipt_no, seq, status, created_at);
CREATE INDEX records_list_status_created ON records (form_id, status, created_at);
CREATE INDEX records_list_status_receipt ON records (form_id, status, length(receipt_no), receipt_no);
"""


def upgrade(conn: Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
