"""Records submitted in the test store, and outbox reads."""

from __future__ import annotations

from intake_app.records import lifecycle
from tests.records.sample import application, write_scan


def submit_application(officer, tmp_path, name: str = "Abdullaev Rustam", seed: int = 0) -> str:
    scan = write_scan(tmp_path / f"in{seed}", seed=seed)
    record_id = lifecycle.create_draft(officer, "asylum_application", application(name_latin=name),
                                       files=[("application_scan", scan)])
    lifecycle.submit(officer, record_id)
    return record_id


def outbox_rows(session) -> list[tuple[str, int, str, str | None]]:
    return [tuple(row) for row in session.conn.execute(
        "SELECT record_id, version, state, bundle_id FROM sync_outbox ORDER BY record_id, version")]


def status(session, record_id: str) -> str:
    return session.conn.execute("SELECT status FROM records WHERE id = ?", (record_id,)).fetchone()[0]
