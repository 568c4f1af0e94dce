"""Schema 2: the search index (FTS5 over cross-script name keys, plus exact terms).

Built from the records already in the store, using the form version each
record was captured with (kept in ``form_versions``).
"""

from __future__ import annotations

from intake_app.database.connection import Connection

SCHEMA = """
CREATE VIRTUAL TABLE search_names USING fts5(
    tokens,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3 4'
);

CREATE TABLE search_terms (
    record_seq INTEGER NOT NULL REFERENCES records (seq),
    kind       TEXT NOT NULL CHECK (kind IN ('receipt', 'document', 'birth_year')),
    term       TEXT NOT NULL
);
CREATE INDEX search_terms_lookup ON search_terms (kind, term);
CREATE INDEX search_terms_record ON search_terms (record_seq);
"""


def upgrade(conn: Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    # Imported here: the index code is current code, the backfill runs once.
    from intake_app.records.search_index import rebuild_index

    rebuild_index(conn)
