"""Creating and unlocking a store; wrong passphrases; damaged files."""

from __future__ import annotations

import json

import pytest

from intake_app import audit
from intake_app.errors import UserError
from intake_app.store.store import Store, UnlockDelayed, WrongPassphraseError
from tests.conftest import ADMIN_PW, OFFICER_PW, FakeClock


def test_store_files_are_encrypted(store):
    header = store.db_path.read_bytes()[:16]
    assert header != b"SQLite format 3\x00"
    assert store.usernames() == ["admin", "monitor", "officer"]


def test_wal_mode_and_schema_version(admin):
    from intake_app.store.migrations import CURRENT_VERSION

    assert admin.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert admin.conn.execute("PRAGMA user_version").fetchone()[0] == CURRENT_VERSION


def test_cannot_create_twice(store):
    with pytest.raises(UserError, match="already exists"):
        store.create(admin_username="x", admin_passphrase="another long one")


def test_short_passphrase_refused(data_dir):
    with pytest.raises(UserError, match="at least"):
        Store(data_dir).create(admin_username="admin", admin_passphrase="short")
    assert not Store(data_dir).exists()


def test_wrong_passphrase_is_delayed_more_each_time_and_audited(store):
    clock = FakeClock()
    delays = []
    for _attempt in range(5):
        with pytest.raises(WrongPassphraseError) as info:
            store.unlock("officer", "not the passphrase", clock=clock)
        assert "Wrong passphrase" in str(info.value)
        delays.append(info.value.delay)
        # An immediate retry, even with the right passphrase, is refused while the delay runs.
        if info.value.delay:
            with pytest.raises(UnlockDelayed) as wait:
                store.unlock("officer", OFFICER_PW, clock=clock)
            assert wait.value.seconds == info.value.delay
        clock.advance(info.value.delay)
    assert delays == [0, 0, 2, 4, 8]
    with store.unlock("officer", OFFICER_PW, clock=clock) as session:
        log = audit.entries(session.conn)
    failed = [e for e in log if e.action == "login.failed"]
    assert [e.details["attempt"] for e in failed] == [1, 2, 3, 4, 5]
    assert all(e.actor == "officer" for e in failed)
    assert log[-1].action == "login"
    # The counter starts again after a success.
    with pytest.raises(WrongPassphraseError) as info:
        store.unlock("officer", "still wrong", clock=clock)
    assert info.value.delay == 0


def test_unknown_user_is_a_clear_error(store):
    with pytest.raises(WrongPassphraseError, match="no user “nobody”"):
        store.unlock("nobody", ADMIN_PW)


def test_damaged_database_gives_clear_error_and_changes_nothing(store):
    data = bytearray(store.db_path.read_bytes())
    data[5000:5100] = b"\x00" * 100
    store.db_path.write_bytes(bytes(data))
    before = store.db_path.read_bytes()
    with pytest.raises(UserError, match="damaged"):
        store.unlock("admin", ADMIN_PW)
    assert store.db_path.read_bytes() == before


def test_damaged_slot_file(store):
    store.slots_path.write_text("{not json")
    with pytest.raises(UserError, match="key slot file"):
        store.unlock("admin", ADMIN_PW)


def test_missing_slot_file_is_not_mistaken_for_no_store(store):
    store.slots_path.unlink()
    with pytest.raises(UserError, match="key slot file .* is missing"):
        store.unlock("admin", ADMIN_PW)
    with pytest.raises(UserError, match="already exists"):
        store.create(admin_username="admin", admin_passphrase=ADMIN_PW)


def test_missing_store(tmp_path):
    with pytest.raises(UserError, match="No store"):
        Store(tmp_path / "nothing").unlock("admin", ADMIN_PW)


def test_slot_file_holds_no_key_material_in_clear(store, admin):
    text = store.slots_path.read_text()
    assert admin.db_key.hex() not in text
    raw = json.loads(text)
    assert {s["username"] for s in raw["slots"]} == {"admin", "officer", "monitor"}
