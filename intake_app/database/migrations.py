"""Numbered, forward-only schema migrations: ``PRAGMA user_version`` is the schema version.

Each migration runs in its own transaction together with the version bump,
so a crash mid-upgrade leaves the database at the previous version, intact.
The store (``intake_app.store.migrations``) and the registry
(``intake_app.registry.migrations``) each list their own migrations and run
them with :func:`apply_migrations`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from intake_app.database.connection import Connection, transaction

Migration = Callable[[Connection], None]


def schema_version(conn: Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply_migrations(conn: Connection, migrations: Sequence[tuple[int, Migration]], *, target: int) -> list[int]:
    """Run the ``migrations`` (version reached, function) above the schema version, up to ``target``.

    The store and the registry each give their own.
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
