"""The store's forward-only schema migrations, numbered; ``PRAGMA user_version`` is the schema version.

Each migration runs in its own transaction together with the version bump
(:func:`intake_app.database.migrations.apply_migrations`), so a crash
mid-upgrade leaves the store at the previous version, intact. Never edit a
released migration: add a new one.
"""

from __future__ import annotations

from intake_app.database.connection import Connection
from intake_app.database.migrations import Migration, apply_migrations, schema_version
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.store.migrations import (m0001_initial, m0002_search_index, m0003_list_indexes,
                                         m0004_device_signing_key, m0005_sync, m0006_retention,
                                         m0007_version_documents, m0008_prefill)

#: (version reached, function) in order. The last entry is the current schema.
MIGRATIONS: tuple[tuple[int, Migration], ...] = (
    (1, m0001_initial.upgrade),
    (2, m0002_search_index.upgrade),
    (3, m0003_list_indexes.upgrade),
    (4, m0004_device_signing_key.upgrade),
    (5, m0005_sync.upgrade),
    (6, m0006_retention.upgrade),
    (7, m0007_version_documents.upgrade),
    (8, m0008_prefill.upgrade),
)
CURRENT_VERSION = MIGRATIONS[-1][0]


def migrate(conn: Connection, *, target: int = CURRENT_VERSION) -> list[int]:
    """Bring the schema up to ``target``; returns the versions applied."""
    current = schema_version(conn)
    if current > CURRENT_VERSION:
        raise UserError(
            _("This store was written by a newer version of Field Intake (schema {found}; "
              "this version knows up to {known}). Update the application.").format(
                found=current, known=CURRENT_VERSION))
    return apply_migrations(conn, MIGRATIONS, target=target)
