"""The audit chain detects edited, deleted, inserted and reordered entries, and says which."""

from __future__ import annotations

import pytest

from intake_app import audit
from intake_app.database.connection import transaction


@pytest.fixture
def log(admin):
    with transaction(admin.conn) as conn:
        for n in range(6):
            audit.append(conn, "admin", "test.event", f"target-{n}", {"n": n})
    admin.conn.execute("DROP TRIGGER audit_log_no_update")  # an insider with the key can do this
    admin.conn.execute("DROP TRIGGER audit_log_no_delete")
    return admin.conn


def _seq_of(conn, n: int) -> int:
    return conn.execute("SELECT seq FROM audit_log WHERE target = ?", (f"target-{n}",)).fetchone()[0]


def test_intact_log_verifies(log):
    count, problems = audit.verify(log)
    assert problems == [] and count >= 8


def test_edited_entry_is_named(log):
    seq = _seq_of(log, 2)
    log.execute("UPDATE audit_log SET details = '{\"n\": 99}' WHERE seq = ?", (seq,))
    _, problems = audit.verify(log)
    assert [(p.kind, p.seq) for p in problems] == [("altered", seq)]


def test_deleted_entry_is_named(log):
    seq = _seq_of(log, 3)
    log.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))
    _, problems = audit.verify(log)
    assert [p.kind for p in problems] == ["deleted"]
    assert f"#{seq}" in problems[0].message


def test_inserted_entry_is_detected(log):
    first, second = _seq_of(log, 1), _seq_of(log, 2)
    # Make room and insert a well-formed entry, chained to its predecessor.
    rows = log.execute("SELECT seq FROM audit_log WHERE seq >= ? ORDER BY seq DESC", (second,)).fetchall()
    for (seq,) in rows:
        log.execute("UPDATE audit_log SET seq = seq + 1 WHERE seq = ?", (seq,))
    prev = log.execute("SELECT entry_hash FROM audit_log WHERE seq = ?", (first,)).fetchone()[0]
    forged = audit.chain.entry_hash(at="2026-01-01T00:00:00+00:00", actor="admin", action="record.void",
                                    target="x", details={}, prev_hash=prev)
    log.execute("INSERT INTO audit_log VALUES (?, '2026-01-01T00:00:00+00:00', 'admin', 'record.void', 'x', '{}',"
                " ?, ?)", (second, prev, forged))
    _, problems = audit.verify(log)
    kinds = {p.kind for p in problems}
    assert "inserted" in kinds
    assert any(p.seq == second + 1 for p in problems)


def test_reordered_entries_are_detected(log):
    a, b = _seq_of(log, 2), _seq_of(log, 3)
    log.execute("UPDATE audit_log SET seq = -1 WHERE seq = ?", (a,))
    log.execute("UPDATE audit_log SET seq = ? WHERE seq = ?", (a, b))
    log.execute("UPDATE audit_log SET seq = ? WHERE seq = -1", (b,))
    _, problems = audit.verify(log)
    assert "reordered" in {p.kind for p in problems}
    assert any(p.seq == a for p in problems)


def test_truncated_tail_is_detected(log):
    last = log.execute("SELECT max(seq) FROM audit_log").fetchone()[0]
    log.execute("DELETE FROM audit_log WHERE seq = ?", (last,))
    _, problems = audit.verify(log)
    assert [p.kind for p in problems] == ["truncated"]
