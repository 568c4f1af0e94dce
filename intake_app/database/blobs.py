"""Large values (scans, sealed bundles) kept as numbered rows ``(key, idx, data)`` of at most 1 MiB each.

SQLite reads and writes a value whole, in memory; split into rows, a value
of any size is written and read back piece by piece, and never leaves the
encrypted database. Used by the device store (attachments, sealed bundles)
and by the registry (received attachments).
"""

from __future__ import annotations

from collections.abc import Iterator

from intake_app.database.connection import Connection

ROW_BYTES = 1024 * 1024
#: The tables of rows, with their key column: the only tables this module touches (never named by input).
TABLES = {"attachment_chunks": "attachment_id", "sync_bundle_chunks": "bundle_id",
          "received_attachment_chunks": "attachment_id"}


def read_rows(conn: Connection, table: str, key: str) -> Iterator[bytes]:
    """The value stored under ``key``, row by row (a fresh iterator each call; one row in memory at a time)."""
    column = TABLES[table]
    count = conn.execute(f"SELECT count(*) FROM {table} WHERE {column} = ?", (key,)).fetchone()[0]
    for index in range(count):
        row = conn.execute(f"SELECT data FROM {table} WHERE {column} = ? AND idx = ?", (key, index)).fetchone()
        yield bytes(row[0])


class RowWriter:
    """A write-only file object that stores what it is given under ``key``, in rows of :data:`ROW_BYTES`.

    Runs inside the caller's transaction; :meth:`close` writes the last row
    (an empty value still gets its one, empty, row).
    """

    def __init__(self, conn: Connection, table: str, key: str) -> None:
        self._insert = f"INSERT INTO {table} ({TABLES[table]}, idx, data) VALUES (?, ?, ?)"
        self._conn, self._key = conn, key
        self._buffer = bytearray()
        self._index = 0

    def write(self, data: bytes | memoryview) -> int:
        self._buffer += data
        while len(self._buffer) >= ROW_BYTES:
            self._put(bytes(self._buffer[:ROW_BYTES]))
            del self._buffer[:ROW_BYTES]
        return len(data)

    def close(self) -> None:
        if self._buffer or self._index == 0:
            self._put(bytes(self._buffer))
            self._buffer.clear()

    def _put(self, data: bytes) -> None:
        self._conn.execute(self._insert, (self._key, self._index, data))
        self._index += 1
