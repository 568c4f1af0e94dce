"""Answering a search: every part of the query must match (AND).

A query is split into words. A receipt number matches exactly; a four-digit
year between 1900 and 2100 matches a birth year; a word with digits matches a
document number; anything else is a name word, folded to its cross-script
token and matched as a prefix (so “Abdul” finds Abdullaev, and the Uyghur
ئابدۇللا finds Абдуллаев). Only records the user's role may see are returned.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intake_app.names.search_key import query_tokens
from intake_app.records.queries import RecordView, visible_form_ids
from intake_app.records.receipt_numbers import InvalidReceiptNumber, normalize_receipt_number
from intake_app.search.index import normalize_document_number
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
    from intake_app.records.queries import list_records_by_seq

    return list_records_by_seq(session, search_seqs(session, text, limit=limit))


def search_seqs(session: Session, text: str, *, limit: int = 100) -> list[int]:
    """Record numbers matching every part of ``text``, newest first (no record is read).

    The query is driven by the most selective index: the FTS5 table when the
    query has a name (whose rowids are record numbers, so "newest first" is a
    reverse walk of the index, with no sort of all matches), else the exact
    term index. Visibility and the other criteria are checked per candidate.
    """
    parsed = parse_query(text)
    visible = sorted(visible_form_ids(session))
    if parsed.empty or not visible:
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
