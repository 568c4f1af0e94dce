"""Keeping the search index in step with records: the lifecycle writes it in the transaction of each change.

Names go into an FTS5 table as cross-script tokens (``intake_app.names``):
Абдуллаев, Abdullaev and Abdullayev are stored and queried as the same
token, so a lookup is an index probe, never a scan of records. Receipt
numbers, document numbers and birth years go into an indexed exact-term
table. The index lives inside the encrypted database like everything else.
It is read by :mod:`intake_app.search.query` and ``records.duplicates``.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from intake_app.names.search_key import name_tokens
from intake_app.records import form_versions
from intake_app.protocol.receipt_numbers import InvalidReceiptNumber, normalize_receipt_number
from intake_app.database.connection import Connection

if TYPE_CHECKING:
    from intake_app.forms import Form

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")


def normalize_document_number(text: str) -> str:
    """Upper-case letters and digits only: “n 12-34 567” and “N1234567” meet."""
    return _NOT_ALNUM.sub("", text.upper())


def index_record(conn: Connection, record_id: str, form: Form, data: dict[str, Any],
                 receipt_no: str | None = None) -> None:
    """Replace the index entries of one record with those of ``data``."""
    row = conn.execute("SELECT seq, receipt_no FROM records WHERE id = ?", (record_id,)).fetchone()
    seq, receipt_no = row[0], receipt_no or row[1]
    values = form.search_values(data)
    tokens: list[str] = []
    for name in values.names:
        tokens.extend(name_tokens(name))
    conn.execute("DELETE FROM search_names WHERE rowid = ?", (seq,))
    if tokens:
        conn.execute("INSERT INTO search_names (rowid, tokens) VALUES (?, ?)", (seq, " ".join(tokens)))
    terms: set[tuple[str, str]] = set()
    if receipt_no:
        terms.add(("receipt", receipt_no))
    for other in values.receipts:  # e.g. a visit interview naming an asylum receipt
        try:
            terms.add(("receipt", normalize_receipt_number(other)))
        except InvalidReceiptNumber:
            terms.add(("document", normalize_document_number(other)))
    for number in values.documents:
        normalized = normalize_document_number(number)
        if normalized:
            terms.add(("document", normalized))
    for birth_date in values.birth_dates:
        if len(birth_date) >= 4 and birth_date[:4].isdigit():
            terms.add(("birth_year", birth_date[:4]))
    conn.execute("DELETE FROM search_terms WHERE record_seq = ?", (seq,))
    conn.executemany("INSERT INTO search_terms (record_seq, kind, term) VALUES (?, ?, ?)",
                     [(seq, kind, term) for kind, term in sorted(terms)])


def rebuild_index(conn: Connection) -> int:
    """Re-index every record from its latest version with data; returns the count."""
    conn.execute("DELETE FROM search_names")
    conn.execute("DELETE FROM search_terms")
    rows = conn.execute(
        "SELECT r.id, r.receipt_no, v.form_id, v.form_version, v.data FROM records r JOIN record_versions v"
        " ON v.record_id = r.id AND v.version = (SELECT max(version) FROM record_versions"
        " WHERE record_id = r.id AND kind != 'void' AND (state = 'submitted' OR kind = 'original'))").fetchall()
    for record_id, receipt_no, form_id, form_version, data in rows:
        form = form_versions.load(conn, form_id, form_version)
        index_record(conn, record_id, form, json.loads(data), receipt_no)
    return len(rows)
