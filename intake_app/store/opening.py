"""Creating and unlocking a store: the key slots, SQLCipher, migrations and the audit log.

Kept apart from :mod:`intake_app.store.store` so that the unlock window can
list users and show itself without loading cryptography, SQLCipher and the
audit chain; they load when the user actually creates or unlocks a store.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from intake_app import audit
from intake_app.clock import Clock, iso
from intake_app.credentials import check_passphrase_strength, check_username
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.receipt_numbers import random_device_code
from intake_app.roles import Role
from intake_app.session import DeviceInfo, Session, User
from intake_app.database import keyslots
from intake_app.store import device_key
from intake_app.database.connection import Connection, DatabaseError, damaged_store_error, open_database, transaction
from intake_app.store.migrations import migrate
from intake_app.store.slot_file import SlotFile
from intake_app.store.store import UnlockDelayed, WrongPassphraseError

if TYPE_CHECKING:
    from intake_app.store.store import Store


def create_store(store: Store, *, admin_username: str, admin_passphrase: str, admin_display_name: str,
                 device_name: str, location_code: str, clock: Clock,
                 kdf: keyslots.KdfParams | None) -> Session:
    """Create the store and its first administrator; returns an unlocked session."""
    if store.exists():
        raise UserError(_("A store already exists in {path}.").format(path=store.directory))
    username = check_username(admin_username)
    check_passphrase_strength(admin_passphrase)
    store.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    store_id = str(uuid.uuid4())
    db_key = keyslots.new_database_key()
    slot = keyslots.seal(db_key, store_id=store_id, username=username, passphrase=admin_passphrase, kdf=kdf)
    conn = open_database(store.db_path, db_key, create=True)
    try:
        os.chmod(store.db_path, 0o600)  # SQLite gives -wal and -shm the same mode
        migrate(conn)
        now = clock()
        device_id = str(uuid.uuid4())
        with transaction(conn):
            meta = {"store_id": store_id, "device_id": device_id, "device_code": _device_code(),
                    "device_name": device_name.strip(), "location_code": location_code.strip(),
                    "created_at": iso(now), "receipt_seq": "0"}
            conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
            conn.execute("INSERT INTO users (username, role, display_name, created_at) VALUES (?, ?, ?, ?)",
                         (username, Role.ADMIN.value, admin_display_name.strip(), iso(now)))
            audit.append(conn, username, "store.create", store_id,
                         {"device_id": device_id, "admin": username}, at=now)
            device_key.create(conn, device_id, actor=username, at=now)
            # The slot file is written last inside the transaction: if it
            # fails, the database stays empty and creation can be retried.
            SlotFile(store_id, {username: slot}).save(store.slots_path)
    except BaseException:
        conn.close()
        if not store.slots_path.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(str(store.db_path) + suffix).unlink(missing_ok=True)
        raise
    admin = load_user(conn, username)
    assert admin is not None  # inserted above, in the same transaction
    return Session(store, conn, db_key, admin, load_device(conn), clock)


def unlock_store(store: Store, username: str, passphrase: str, *, clock: Clock) -> Session:
    """Open the store as ``username``. Failures are delayed and audited."""
    slots = SlotFile.load(store.slots_path)
    throttle = store.throttle
    now = clock()
    wait = throttle.wait_remaining(username, now)
    if wait:
        raise UnlockDelayed(_("Too many failed attempts for “{user}”. Wait {seconds} s and try again.").format(
            user=username, seconds=wait), wait)
    slot = slots.slots.get(username)
    if slot is None:
        delay = throttle.record_failure(username, "unknown_user", now)
        raise WrongPassphraseError(_("There is no user “{user}” on this device.").format(user=username), delay)
    try:
        db_key = keyslots.open_slot(slot, store_id=slots.store_id, passphrase=passphrase)
    except keyslots.WrongPassphrase:
        delay = throttle.record_failure(username, "wrong_passphrase", now)
        message = _("Wrong passphrase for “{user}”.").format(user=username)
        if delay:
            message += " " + _("Wait {seconds} s before the next attempt.").format(seconds=delay)
        raise WrongPassphraseError(message, delay) from None
    conn = open_database(store.db_path, db_key)
    try:
        _check_readable(store, conn)
        migrate(conn)
        _check_store_id(conn, slots.store_id)
        user = load_user(conn, username)
        if user is None:
            raise UserError(_("The account “{user}” has been removed.").format(user=username))
        pending = throttle.pending_audit()
        with transaction(conn):
            for failure in pending:
                audit.append(conn, failure["username"], "login.failed", None,
                             {"reason": failure["reason"], "attempt": failure["failures"],
                              "failed_at": failure["at"]})
            audit.append(conn, username, "login", None, {}, at=clock())
        throttle.record_success(username, len(pending))
    except BaseException:
        conn.close()
        raise
    return Session(store, conn, db_key, user, load_device(conn), clock)

def load_user(conn: Connection, username: str) -> User | None:
    """The user ``username`` of this store (``None`` if there is none, or it was removed)."""
    row = conn.execute("SELECT username, role, display_name, service_number FROM users"
                       " WHERE username = ? AND removed_at IS NULL", (username,)).fetchone()
    return None if row is None else User(row[0], Role(row[1]), row[2], row[3])


def load_device(conn: Connection) -> DeviceInfo:
    """This store's device: its ids, receipt code, name, location code and public key."""
    meta = dict(conn.execute("SELECT key, value FROM meta"))
    return DeviceInfo(meta["store_id"], meta["device_id"], meta["device_code"],
                      meta.get("device_name", ""), meta.get("location_code", ""), device_key.public_key(conn) or b"")


def _check_readable(store: Store, conn: Connection) -> None:
    """Read every page once (cheap next to Argon2id for a field device's store).

    A damaged page then fails here, at unlock, with a clear message, rather
    than in the middle of some later operation.
    """
    try:
        problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        if problems:
            raise DatabaseError("integrity")
    except DatabaseError:
        raise damaged_store_error(store.directory) from None

def _check_store_id(conn: Connection, store_id: str) -> None:
    row = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
    if row is None or row[0] != store_id:
        raise UserError(_("The key slots do not belong to this database."))


def _device_code() -> str:
    """Six Crockford base-32 characters (30 random bits) that start this device's receipt numbers."""
    return random_device_code()
