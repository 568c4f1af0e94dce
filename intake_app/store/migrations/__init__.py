"""Forward-only schema migrations, numbered; ``PRAGMA user_version`` is the schema version.

Each migration runs in its own transaction together with the version bump,
so a crash mid-upgrade leaves the store at the previous version, intact.
Never edit a released migration: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.store.connection import Connection, transaction
from intake_app.store.migrations import (m0001_initial, m0002_search_index, m0003_list_indexes,
                                         m0004_device_signing_key, m0005_sync, m0006_retention)

Migration = Callable[[Connection], None]

#: (version reached, function) in order. The last entry is the current schema.
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, m0001_initial.upgrade),
    (2, m0002_search_index.upgrade),
    (3, m0003_list_indexes.upgrade),
    (4, m0004_device_signing_key.upgrade),
    (5, m0005_sync.upgrade),
    (6, m0006_retention.upgrade),
)
CURRENT_VERSION = MIGRATIONS[-1][0]


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: Connection, *, target: int = CURRENT_VERSION) -> list[int]:
    """Bring the schema up to ``target``; returns the versions applied."""
    current = schema_version(conn)
    if current > CURRENT_VERSION:
        raise UserError(
            _("This store was written by a newer version of Field Intake (schema {found}; "
              "this version knows up to {known}). Update the application.").format(
                found=current, known=CURRENT_VERSION))
    return apply_migrations(conn, MIGRATIONS, target=target)


def apply_migrations(conn: Connection, migrations: Sequence[tuple[int, Migration]], *, target: int) -> list[int]:
    """Run the ``migrations`` (version reached, function) above the schema version, up to ``target``.

    Also used by databases with a schema of their own (the registry's).
    """
    current = schema_version(conn)
    applied: list[int] = []
    for version, upgrade in migrations:
        if current < version <= target:
            with transaction(conn):
                upgrade(conn)
                conn.execute(f"PRAGMA user_version = {int(version)}")
            applied.append(version)
    return applied
