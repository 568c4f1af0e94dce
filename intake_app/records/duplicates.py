"""Is this applicant already registered on this device? Checked before submitting.

A person who applied yesterday at this post may apply again today (lost
receipt, new family member, a different officer). Registering twice is not
forbidden, but the officer should see the earlier application first. A
possible duplicate is a submitted record of the same form whose applicant
name has the same cross-script key (Абдуллаев Рустам = Rustam Abdullayev)
and whose birth year is the same. Found through the search index: an FTS5
probe on the name tokens intersected with the birth-year terms, so it stays
fast with 100,000 records.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from intake_app.names.search_key import name_key, name_tokens

if TYPE_CHECKING:
    from intake_app.forms import Form
    from intake_app.records.queries import RecordSummary
    from intake_app.session import Session

#: Statuses of records that were registered (drafts and void records are not duplicates).
REGISTERED = ("submitted", "amended", "queued", "acknowledged")
LIMIT = 20


def possible_duplicates(session: Session, form: Form, data: dict[str, Any], *,
                        exclude: str | None = None) -> list[RecordSummary]:
    """Registered records of ``form`` with the same applicant name key and birth year as ``data``."""
    from intake_app.records.queries import list_summaries_by_seq

    keys = {key for key in (name_key(name) for name in form.summary_names(data)) if key}
    year = _birth_year(form, data)
    if not keys or year is None:
        return []
    seqs: list[int] = []
    for name in form.summary_names(data):
        tokens = name_tokens(name)
        if not tokens:
            continue
        match = " AND ".join(f'"{token}"' for token in tokens)
        rows = session.conn.execute(
            "SELECT r.seq FROM search_names f JOIN records r ON r.seq = f.rowid"
            " WHERE search_names MATCH ? AND r.form_id = ? AND r.status IN (?, ?, ?, ?) AND r.id != ?"
            " AND r.seq IN (SELECT record_seq FROM search_terms WHERE kind = 'birth_year' AND term = ?)"
            " ORDER BY r.seq DESC LIMIT ?",
            (match, form.id, *REGISTERED, exclude or "", year, LIMIT)).fetchall()
        seqs.extend(row[0] for row in rows if row[0] not in seqs)
    found = list_summaries_by_seq(session, seqs)
    return [summary for summary in found
            if keys & {name_key(name) for name in (summary.name_original, summary.name_latin) if name}]


def _birth_year(form: Form, data: dict[str, Any]) -> str | None:
    for field in form.level(None).data_fields:
        if field.search == "birth_date":
            value = data.get(field.id)
            if isinstance(value, str) and len(value) >= 4 and value[:4].isdigit():
                return value[:4]
    return None
