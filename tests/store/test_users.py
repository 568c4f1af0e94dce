"""User accounts: roles, passphrase changes, removal, the last administrator."""

from __future__ import annotations

import pytest

from intake_app import audit
from intake_app.errors import AccessDenied, UserError
from intake_app.roles import Role
from intake_app.store.store import WrongPassphraseError
from intake_app.users import service as users
from tests.conftest import ADMIN_PW, OFFICER_PW


def test_adding_users_does_not_reencrypt_database(store, admin):
    before = store.db_path.stat().st_size, admin.conn.execute("PRAGMA user_version").fetchone()
    users.add_user(admin, "second_admin", Role.ADMIN, "second admin passphrase")
    with store.unlock("second_admin", "second admin passphrase") as other:
        assert other.db_key == admin.db_key
    assert [u.username for u in users.list_users(admin)] == ["admin", "monitor", "officer", "second_admin"]
    assert before[1] == admin.conn.execute("PRAGMA user_version").fetchone()


def test_only_admins_manage_users(officer):
    with pytest.raises(AccessDenied):
        users.add_user(officer, "mallory", Role.ADMIN, "mallory passphrase")
    with pytest.raises(AccessDenied):
        users.list_users(officer)
    with pytest.raises(AccessDenied):
        users.change_passphrase(officer, "admin", "taken over passphrase")


def test_last_admin_cannot_be_removed(admin):
    with pytest.raises(UserError, match="last administrator"):
        users.remove_user(admin, "admin")
    users.add_user(admin, "admin2", Role.ADMIN, "second admin passphrase")
    users.remove_user(admin, "admin2")


def test_removed_user_cannot_unlock(store, admin):
    users.remove_user(admin, "officer")
    with pytest.raises(WrongPassphraseError, match="no user"):
        store.unlock("officer", OFFICER_PW)
    actions = [e.action for e in audit.entries(admin.conn)]
    assert "user.remove" in actions


def test_change_own_passphrase_requires_current(store, officer):
    with pytest.raises(UserError, match="current passphrase is wrong"):
        users.change_passphrase(officer, "officer", "brand new passphrase", current_passphrase="guess guess")
    users.change_passphrase(officer, "officer", "brand new passphrase", current_passphrase=OFFICER_PW)
    with pytest.raises(WrongPassphraseError):
        store.unlock("officer", OFFICER_PW)
    store.unlock("officer", "brand new passphrase").close()


def test_admin_resets_passphrase(store, admin):
    users.change_passphrase(admin, "officer", "reset by admin 123")
    store.unlock("officer", "reset by admin 123").close()
    store.unlock("admin", ADMIN_PW).close()


def test_duplicate_and_bad_names(admin):
    with pytest.raises(UserError, match="already exists"):
        users.add_user(admin, "officer", Role.OFFICER, "some passphrase 1")
    with pytest.raises(UserError, match="user name"):
        users.add_user(admin, "bad name!", Role.OFFICER, "some passphrase 1")
