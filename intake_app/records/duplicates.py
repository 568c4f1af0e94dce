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

from intake_app.errors import UserError
from intake_app.i18n import current_language, ngettext
from intake_app.names.search_key import name_key, name_tokens
from intake_app.records import form_versions
from intake_app.records.reading import RecordSummary, get_record, list_summaries_by_seq
from intake_app.session import Session

if TYPE_CHECKING:
    from intake_app.forms import Form

#: Statuses of records that were registered (drafts and void records are not duplicates).
REGISTERED = ("submitted", "amended", "queued", "acknowledged")
LIMIT = 20


def possible_duplicates(session: Session, form: Form, data: dict[str, Any], *,
                        exclude: str | None = None) -> list[RecordSummary]:
    """Registered records of ``form`` with the same applicant name key and birth year as ``data``."""
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


class PossibleDuplicates(UserError):
    """Submitting was stopped: registered records may be the same person (``details`` lists them)."""


def check_before_submitting(session: Session, record_ref: str) -> None:
    """Refuse to submit a draft whose applicant may already be registered, naming the earlier records.

    The desktop shows the same records in its confirmation and submits when the officer confirms; the
    command line stops here unless it is told ``--despite-duplicates``. Amendments are not checked.
    """
    view = get_record(session, record_ref)
    draft = view.versions[-1] if view.versions else None
    if draft is None or draft.state != "draft" or draft.kind != "original":
        return
    form = form_versions.load(session.conn, draft.form_id, draft.form_version)
    found = possible_duplicates(session, form, draft.data, exclude=view.id)
    if found:
        lang = current_language()
        raise PossibleDuplicates(
            ngettext("Not submitted: {n} registered application may be from the same person. Check it; if this "
                     "is another application, submit again with --despite-duplicates.",
                     "Not submitted: {n} registered applications may be from the same person. Check them; if "
                     "this is another application, submit again with --despite-duplicates.", len(found))
            .format(n=len(found)),
            details=[_describe(summary, lang) for summary in found])


def _describe(summary: RecordSummary, lang: str) -> str:
    names = " / ".join(name for name in (summary.name_original, summary.name_latin) if name)
    return "  ".join(part for part in (summary.record.receipt_no or summary.id[:8], names, summary.date[:10],
                                       summary.place_text(lang)) if part)
