"""Creating and unlocking a device's store.

Layout of the data dir (nothing in it is readable without a passphrase,
except user names and counters of failed attempts):

* ``store.db`` (+ ``-wal``/``-shm``): the SQLCipher database, AES-256, keyed
  with a random 256-bit key;
* ``keyslots.json``: that key wrapped once per user (see ``keyslots``);
* ``unlock-failures.json``: failed attempts, until the next unlock logs them.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from intake_app import audit
from intake_app.clock import Clock, iso, utc_now
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.roles import Role
from intake_app.session import DeviceInfo, Session, User, load_device, load_user
from intake_app.store import keyslots
from intake_app.store.connection import Connection, DatabaseError, damaged_store_error, open_database, transaction
from intake_app.store.migrations import migrate
from intake_app.store.slot_file import SlotFile
from intake_app.store.throttle import Throttle

DB_NAME = "store.db"
SLOTS_NAME = "keyslots.json"
FAILURES_NAME = "unlock-failures.json"
MIN_PASSPHRASE_LENGTH = 10


class WrongPassphraseError(UserError):
    """Wrong passphrase; ``delay`` is the wait (seconds) now imposed before the next try."""

    def __init__(self, message: str, delay: int) -> None:
        super().__init__(message)
        self.delay = delay


class UnlockDelayed(UserError):
    """Too many failures: the user must wait ``seconds`` before trying again."""

    def __init__(self, message: str, seconds: int) -> None:
        super().__init__(message)
        self.seconds = seconds


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise UserError(_("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH))


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise UserError(_("A user name may contain letters, digits, “.”, “_” and “-” (at most 64)."))
    return name


@dataclass
class Store:
    """A store directory. Cheap to construct; touches disk only when asked."""

    directory: Path

    @property
    def db_path(self) -> Path:
        return self.directory / DB_NAME

    @property
    def slots_path(self) -> Path:
        return self.directory / SLOTS_NAME

    @property
    def throttle(self) -> Throttle:
        return Throttle(self.directory / FAILURES_NAME)

    def exists(self) -> bool:
        return self.slots_path.is_file() or self.db_path.is_file()

    def usernames(self) -> list[str]:
        """Users that can unlock this store (for the unlock screen)."""
        return sorted(SlotFile.load(self.slots_path).slots)

    # -- creation -------------------------------------------------------

    def create(self, *, admin_username: str, admin_passphrase: str, admin_display_name: str = "",
               device_name: str = "", location_code: str = "", clock: Clock = utc_now,
               kdf: keyslots.KdfParams | None = None) -> Session:
        """Create the store and its first administrator; returns an unlocked session."""
        if self.exists():
            raise UserError(_("A store already exists in {path}.").format(path=self.directory))
        username = check_username(admin_username)
        check_passphrase_strength(admin_passphrase)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        store_id = str(uuid.uuid4())
        db_key = keyslots.new_database_key()
        slot = keyslots.seal(db_key, store_id=store_id, username=username, passphrase=admin_passphrase, kdf=kdf)
        conn = open_database(self.db_path, db_key, create=True)
        try:
            os.chmod(self.db_path, 0o600)  # SQLite gives -wal and -shm the same mode
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
                # The slot file is written last inside the transaction: if it
                # fails, the database stays empty and creation can be retried.
                SlotFile(store_id, {username: slot}).save(self.slots_path)
        except BaseException:
            conn.close()
            if not self.slots_path.exists():
                for suffix in ("", "-wal", "-shm"):
                    Path(str(self.db_path) + suffix).unlink(missing_ok=True)
            raise
        admin = load_user(conn, username)
        assert admin is not None  # inserted above, in the same transaction
        return Session(self, conn, db_key, admin, load_device(conn), clock)

    # -- unlocking ------------------------------------------------------

    def unlock(self, username: str, passphrase: str, *, clock: Clock = utc_now) -> Session:
        """Open the store as ``username``. Failures are delayed and audited."""
        slots = SlotFile.load(self.slots_path)
        throttle = self.throttle
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
        conn = open_database(self.db_path, db_key)
        try:
            self._check_readable(conn)
            migrate(conn)
            self._check_store_id(conn, slots.store_id)
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
        return Session(self, conn, db_key, user, load_device(conn), clock)

    def _check_readable(self, conn: Connection) -> None:
        """Read every page once (cheap next to Argon2id for a field device's store).

        A damaged page then fails here, at unlock, with a clear message, rather
        than in the middle of some later operation.
        """
        try:
            problems = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            if problems:
                raise DatabaseError("integrity")
        except DatabaseError:
            raise damaged_store_error(self.directory) from None

    @staticmethod
    def _check_store_id(conn: Connection, store_id: str) -> None:
        row = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
        if row is None or row[0] != store_id:
            raise UserError(_("The key slots do not belong to this database."))


def _device_code() -> str:
    """Six Crockford base-32 characters (30 random bits) that start this device's receipt numbers."""
    from intake_app.records.receipt_numbers import random_device_code

    return random_device_code()


def default_store(data_dir: str | os.PathLike[str] | None = None) -> Store:
    from intake_app import paths

    return Store(paths.data_dir(data_dir))


__all__ = ["Store", "DeviceInfo", "Session", "User", "UnlockDelayed", "WrongPassphraseError",
           "default_store", "check_passphrase_strength", "check_username"]
