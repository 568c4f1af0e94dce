"""Opening the SQLCipher database with a raw key, and explicit transactions.

Autocommit mode plus ``BEGIN IMMEDIATE`` blocks: a write either happens whole
or not at all, and two processes (CLI and app) never interleave half-writes.
WAL with ``synchronous=FULL`` makes every commit durable before we report it,
so a record the user saw as saved survives a power cut.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from collections.abc import Iterator

from typing import TYPE_CHECKING

import sqlcipher3

from intake_app.errors import UserError
from intake_app.i18n import _

if TYPE_CHECKING:
    # sqlcipher3 is pysqlite built against SQLCipher: the same DB-API surface
    # as the standard library's sqlite3, whose type stubs describe it.
    from sqlite3 import Connection, DatabaseError, IntegrityError
else:
    from sqlcipher3.dbapi2 import Connection, DatabaseError, IntegrityError

__all__ = ["Connection", "DatabaseError", "IntegrityError", "StoreKeyMissing", "damaged_store_error", "open_database",
           "transaction"]


class StoreKeyMissing(RuntimeError):
    """A store was opened without its key: a bug in the caller, never a damaged store.

    The usual cause is a session used after it was closed (a lock blanks the
    key). SQLCipher would read such a file as garbage, and the user would be
    told to restore a healthy store from a backup; this error names the bug
    instead, and is reported as one.
    """


def open_database(path: Path, key: bytes, *, create: bool = False) -> Connection:
    """Open (or create) the encrypted database at ``path`` keyed with ``key``.

    Raises :class:`UserError` if the file is missing, damaged or not ours, and
    :class:`StoreKeyMissing` (a bug, not the user's problem) if ``key`` is empty.
    """
    if not key:
        raise StoreKeyMissing("open_database called without a key (a closed session?)")
    if not create and not path.is_file():
        raise UserError(_("The store database is missing: {path}").format(path=path))
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=10.0)
    try:
        # SQLCipher would print its own diagnostics to stderr; we report one clear line instead.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        # Temporary tables, sorts and indices stay in memory: SQLCipher does
        # not encrypt temp files written by some builds, so none are made.
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA busy_timeout = 10000")
    except DatabaseError as exc:
        conn.close()
        raise damaged_store_error(path.parent) from exc
    return conn


def damaged_store_error(directory: Path) -> UserError:
    return UserError(_("The store at {path} cannot be read: it is damaged or is not a Field Intake store. "
                       "Restore it from a backup.").format(path=directory))


@contextlib.contextmanager
def transaction(conn: Connection) -> Iterator[Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``; rolls back on any exception."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
