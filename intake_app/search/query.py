"""Answering a search: every part of the query must match (AND).

A query is split into words. A receipt number matches exactly, also when it
is read out without its zeros and check character ("efwrr8 2"); a four-digit
year between 1900 and 2100 matches a birth year; a word with digits matches a
document number; anything else is a name word, folded to its cross-script
token and matched as a prefix (so “Abdul” finds Abdullaev, and the Uyghur
ئابدۇللا finds Абдуллаев). Only records the user's role may see are returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from intake_app.names.search_key import query_tokens
from intake_app.records.reading import (RecordSummary, RecordView, list_records_by_seq, summaries_among,
                                        visible_form_ids)
from intake_app.protocol.receipt_numbers import (InvalidReceiptNumber, completed_receipt_number,
                                                 normalize_receipt_number)
from intake_app.records.search_index import normalize_document_number
from intake_app.session import Session


@dataclass
class ParsedQuery:
    name_tokens: list[str] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    birth_years: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.name_tokens or self.receipts or self.documents or self.birth_years)


def parse_query(text: str) -> ParsedQuery:
    parsed = ParsedQuery()
    try:
        parsed.receipts.append(normalize_receipt_number(text))
        return parsed
    except InvalidReceiptNumber:
        pass
    for word in text.split():
        if word.isdigit() and len(word) == 4 and 1900 <= int(word) <= 2100:
            parsed.birth_years.append(word)
        elif any(ch.isdigit() for ch in word):
            try:
                parsed.receipts.append(normalize_receipt_number(word))
            except InvalidReceiptNumber:
                number = normalize_document_number(word)
                if number:
                    parsed.documents.append(number)
        else:
            parsed.name_tokens.extend(query_tokens(word))
    return parsed


def search(session: Session, text: str, *, limit: int = 100) -> list[RecordView]:
    """Records matching every part of ``text``, newest first."""
    return list_records_by_seq(session, search_seqs(session, text, limit=limit))


def search_summaries(session: Session, text: str, *, status: str | None = None, form_id: str | None = None,
                     date_from: date | datetime | None = None, date_to: date | datetime | None = None,
                     order_by: str = "updated_at", descending: bool = True,
                     limit: int = 500) -> list[RecordSummary]:
    """The matches of :func:`search` (at most ``limit``) that pass the list filters, in the list's order."""
    return summaries_among(session, search_seqs(session, text, limit=limit), status=status, form_id=form_id,
                           date_from=date_from, date_to=date_to, order_by=order_by, descending=descending)


def search_seqs(session: Session, text: str, *, limit: int = 100) -> list[int]:
    """Record numbers matching every part of ``text``, newest first (no record is read).

    The query is driven by the most selective index: the FTS5 table when the
    query has a name (whose rowids are record numbers, so "newest first" is a
    reverse walk of the index, with no sort of all matches), else the exact
    term index. Visibility and the other criteria are checked per candidate.
    """
    visible = sorted(visible_form_ids(session))
    if not visible:
        return []
    guess = completed_receipt_number(text)
    if guess is not None:  # "efwrr8 2": a receipt number read out without its zeros and check character
        found = _matching(session, ParsedQuery(receipts=[guess]), visible, limit)
        if found:
            return found
    return _matching(session, parse_query(text), visible, limit)


def _matching(session: Session, parsed: ParsedQuery, visible: list[str], limit: int) -> list[int]:
    if parsed.empty:
        return []
    terms = [(kind, term) for kind, values in (("receipt", parsed.receipts), ("document", parsed.documents),
                                               ("birth_year", parsed.birth_years)) for term in values]
    params: list[object] = []
    if parsed.name_tokens:
        sql = "SELECT r.seq FROM search_names f JOIN records r ON r.seq = f.rowid WHERE search_names MATCH ?"
        params.append(" AND ".join(f'"{token}"*' for token in parsed.name_tokens))
        order = "f.rowid DESC"
    else:
        kind, term = terms.pop(0)
        sql = ("SELECT r.seq FROM search_terms t JOIN records r ON r.seq = t.record_seq"
               " WHERE t.kind = ? AND t.term = ?")
        params += [kind, term]
        order = "t.record_seq DESC"
    sql += f" AND r.form_id IN ({','.join('?' * len(visible))})"
    params += visible
    for kind, term in terms:
        sql += " AND r.seq IN (SELECT record_seq FROM search_terms WHERE kind = ? AND term = ?)"
        params += [kind, term]
    sql += f" ORDER BY {order} LIMIT ?"
    params.append(int(limit))
    return list(dict.fromkeys(row[0] for row in session.conn.execute(sql, params)))
