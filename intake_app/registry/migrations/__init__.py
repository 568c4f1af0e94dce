"""The registry database's own schema, forward-only like the store's.

The loop that applies migrations is the one the store uses too
(:func:`intake_app.database.migrations.apply_migrations`): each migration runs in
its own transaction with the bump of ``PRAGMA user_version``, so a crash
mid-upgrade leaves the registry at the previous version, intact. Never edit a
released migration: add a new one.
"""

from __future__ import annotations

from intake_app.database.connection import Connection
from intake_app.database.migrations import Migration, apply_migrations, schema_version
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.registry.migrations import m0001_initial, m0002_received, m0003_staff

#: (version reached, function) in order. The last entry is the current schema.
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, m0001_initial.upgrade),
    (2, m0002_received.upgrade),
    (3, m0003_staff.upgrade),
)
CURRENT_VERSION = MIGRATIONS[-1][0]


def migrate(conn: Connection, *, target: int = CURRENT_VERSION) -> list[int]:
    """Bring the registry's schema up to ``target``; returns the versions applied."""
    current = schema_version(conn)
    if current > CURRENT_VERSION:
        raise UserError(
            _("This registry was written by a newer version of Field Intake (schema {found}; "
              "this version knows up to {known}). Update the application.").format(
                found=current, known=CURRENT_VERSION))
    return apply_migrations(conn, MIGRATIONS, target=target)
