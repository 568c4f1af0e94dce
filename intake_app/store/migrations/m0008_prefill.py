"""Schema 8: what a new record is prefilled with: a user's service number, and a draft's prefilled answers.

* ``users.service_number``: the number on the official's service ID card, kept
  with the account (``intake user add/edit --service-number``) so that the
  receiving officer's number is filled in, not retyped, on every application.
  Existing accounts get an empty one; nothing is prefilled from it until it is set.
* ``records.prefill``: for a draft started with prefilled answers, those answers
  by path (JSON), so that every later save and the submission can note in the
  audit log which prefilled fields the officer changed (their ids, never values).
  It holds nothing the draft does not hold, and is emptied when the record is
  submitted or voided (``records.prefill``). Older drafts have none.
"""

from __future__ import annotations

from intake_app.database.connection import Connection


def upgrade(conn: Connection) -> None:
    conn.execute("ALTER TABLE users ADD COLUMN service_number TEXT NOT NULL DEFAULT ''")
    conn.execute("ALTER TABLE records ADD COLUMN prefill TEXT")
