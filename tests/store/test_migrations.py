"""Each migration upgrades a store made at the schema version before it, keeping its data."""

from __future__ import annotations

import pytest

from intake_app.errors import UserError
from intake_app.protocol.keys import fingerprint
from intake_app.database import keyslots
from intake_app.database.connection import open_database, transaction
from intake_app.database.migrations import schema_version
from intake_app.store.migrations import CURRENT_VERSION, MIGRATIONS, m0006_retention, migrate

VERSIONS = [version for version, _ in MIGRATIONS]


def _seed_v1(conn) -> None:
    """Data as schema 1 stored it: a form version and a submitted record."""
    from tests.records.sample import asylum_form

    form = asylum_form()
    with transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES ('store_id', 's'), ('device_id', 'd'),"
                     " ('device_code', 'ABCDEF'), ('receipt_seq', '1')")
        conn.execute("INSERT INTO form_versions VALUES (?, ?, ?, ?, '2026-01-01')",
                     (form.id, form.version, form.sha256, form.source))
        conn.execute("INSERT INTO records (id, form_id, receipt_no, status, created_at, created_by, updated_at)"
                     " VALUES ('r1', ?, 'ABCDEF-00001-X', 'submitted', 't', 'u', 't')", (form.id,))
        conn.execute("INSERT INTO record_versions (record_id, version, kind, state, form_id, form_version, data,"
                     " created_at, created_by, updated_at) VALUES ('r1', 1, 'original', 'draft', ?, ?, ?,"
                     " 't', 'u', 't')", (form.id, form.version, '{"name_original": "Абдуллаев Рустам"}'))


@pytest.mark.parametrize("target", VERSIONS[1:])
def test_upgrade_from_previous_version(tmp_path, target):
    key = keyslots.new_database_key()
    conn = open_database(tmp_path / "store.db", key, create=True)
    migrate(conn, target=target - 1)
    assert schema_version(conn) == target - 1
    if target - 1 >= 1:
        _seed_v1(conn)
    applied = migrate(conn, target=target)
    assert applied == [target]
    assert conn.execute("SELECT count(*) FROM records").fetchone()[0] == 1
    if target == 2:
        # The new search index was filled from the records already there.
        hits = conn.execute("SELECT rowid FROM search_names WHERE search_names MATCH 'abdul*'").fetchall()
        assert hits == [(1,)]
    conn.close()


def test_store_from_newer_version_is_refused(tmp_path):
    conn = open_database(tmp_path / "store.db", keyslots.new_database_key(), create=True)
    migrate(conn)
    conn.execute(f"PRAGMA user_version = {CURRENT_VERSION + 1}")
    with pytest.raises(UserError, match="newer version"):
        migrate(conn)


def test_submitted_versions_and_audit_log_are_protected_by_the_schema(officer):
    from intake_app.database.connection import IntegrityError

    with pytest.raises(IntegrityError, match="append-only"):
        officer.conn.execute("DELETE FROM audit_log")


def test_m0004_gives_a_store_made_at_version_3_its_signing_key(tmp_path):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    from intake_app import audit
    from intake_app.store.opening import load_device
    from intake_app.store import device_key
    from intake_app.database.connection import IntegrityError

    conn = open_database(tmp_path / "store.db", keyslots.new_database_key(), create=True)
    migrate(conn, target=3)
    _seed_v1(conn)
    with transaction(conn):  # a version submitted at schema 3, before devices signed
        conn.execute("UPDATE record_versions SET state = 'submitted', submitted_at = 't', submitted_by = 'u',"
                     " content_hash = 'sha256:00' WHERE record_id = 'r1'")
    assert migrate(conn, target=4) == [4]
    public = device_key.public_key(conn)
    assert public is not None and load_device(conn).public_key == public
    Ed25519PublicKey.from_public_bytes(public).verify(device_key.sign(conn, b"payload"), b"payload")
    created = audit.entries(conn)[-1]
    assert (created.action, created.actor, created.target) == ("device.key.create", "system", "d")
    assert created.details["fingerprint"] == fingerprint(public)
    # The old version stays as it was (unsigned); a version frozen from now on must be signed.
    assert conn.execute("SELECT device_signature FROM record_versions").fetchone()[0] is None
    with transaction(conn):
        conn.execute("INSERT INTO record_versions (record_id, version, kind, state, form_id, form_version, data,"
                     " created_at, created_by, updated_at) SELECT record_id, 2, 'amendment', 'draft', form_id,"
                     " form_version, data, 't', 'u', 't' FROM record_versions WHERE version = 1")
    with pytest.raises(IntegrityError, match="device signature"):
        conn.execute("UPDATE record_versions SET state = 'submitted' WHERE version = 2")
    conn.execute("UPDATE record_versions SET state = 'submitted', device_signature = ? WHERE version = 2",
                 (device_key.sign(conn, b"claim"),))
    assert migrate(conn, target=4) == []  # run once: the key is never replaced
    assert device_key.public_key(conn) == public
    conn.close()


def test_a_new_store_gets_its_key_from_create_store_not_twice(store, admin):
    from intake_app import audit

    assert admin.conn.execute("SELECT count(*) FROM device_signing_key").fetchone()[0] == 1
    assert [e.actor for e in audit.entries(admin.conn) if e.action == "device.key.create"] == ["admin"]


SCHEMA_6_TRIGGER = m0006_retention.SCHEMA[m0006_retention.SCHEMA.index("CREATE TRIGGER"):]


def _as_schema_6(conn) -> None:
    """Undo schemas 8 and 7 on a current store: no prefill columns, no document column, the trigger of schema 6."""
    conn.execute("ALTER TABLE users DROP COLUMN service_number")
    conn.execute("ALTER TABLE records DROP COLUMN prefill")
    conn.execute("DROP TRIGGER record_versions_immutable")
    conn.execute("ALTER TABLE record_versions DROP COLUMN document")
    conn.execute(SCHEMA_6_TRIGGER)
    conn.execute("PRAGMA user_version = 6")


def test_m0007_keeps_the_bytes_signed_before_it_and_refuses_rows_that_no_longer_match(officer, tmp_path):
    """Versions frozen before schema 7 get the exact bytes that were hashed and signed, or none at all."""
    from intake_app.database.connection import IntegrityError
    from intake_app.records import lifecycle
    from intake_app.sync.outbox import version_input
    from tests.sync.helpers import submit_application

    first = submit_application(officer, tmp_path, seed=1)
    changed = submit_application(officer, tmp_path, name="Karimov Aziz", seed=2)
    lifecycle.void(officer, first, "registered twice")
    conn = officer.conn
    signed = dict(((r, v), bytes(d)) for r, v, d in conn.execute(
        "SELECT record_id, version, document FROM record_versions WHERE state = 'submitted'"))
    assert len(signed) == 3
    _as_schema_6(conn)
    conn.execute("DROP TRIGGER record_versions_immutable")  # rows changed under a version (a bug or tampering)
    conn.execute("UPDATE record_versions SET submitted_by = 'someone else' WHERE record_id = ?", (changed,))
    conn.execute(SCHEMA_6_TRIGGER)

    assert migrate(conn) == [7, 8]
    kept = dict(((r, v), d) for r, v, d in conn.execute(
        "SELECT record_id, version, document FROM record_versions WHERE state = 'submitted'"))
    assert kept[(first, 1)] == signed[(first, 1)] and kept[(first, 2)] == signed[(first, 2)]
    assert kept[(changed, 1)] is None  # rebuilt bytes no longer hash to what was signed: none kept
    assert version_input(conn, first, 2, officer.device.device_id).document == signed[(first, 2)]
    with pytest.raises(UserError, match="cannot be sent"):
        version_input(conn, changed, 1, officer.device.device_id)
    with pytest.raises(IntegrityError, match="immutable"):
        conn.execute("UPDATE record_versions SET document = X'00' WHERE record_id = ? AND version = 1", (first,))


def test_m0008_gives_existing_accounts_an_empty_service_number_and_drafts_no_prefill(tmp_path):
    conn = open_database(tmp_path / "store.db", keyslots.new_database_key(), create=True)
    migrate(conn, target=7)
    _seed_v1(conn)
    with transaction(conn):
        conn.execute("INSERT INTO users (username, role, display_name, created_at) VALUES ('o', 'officer', 'A', 't')")
    assert migrate(conn) == [8]
    assert conn.execute("SELECT service_number FROM users").fetchall() == [("",)]
    assert conn.execute("SELECT prefill FROM records").fetchall() == [(None,)]
    conn.close()
