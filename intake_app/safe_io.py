"""Crash-safe file replacement (write, fsync, rename, fsync the directory).

Used for the few plain files the store keeps beside the database (key slots,
failed-unlock counters), and for files people ask for (key and enrolment
files, receipts, exports): ``write_file`` / ``read_file`` say in one line,
for the user, why a file could not be written or read.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from intake_app.errors import UserError
from intake_app.i18n import _


def atomic_write_bytes(path: Path, data: bytes, *, mode: int = 0o600) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves either the old or the new file."""
    atomic_write(path, lambda handle: handle.write(data), mode=mode)


def atomic_write(path: Path, write: Callable[[BinaryIO], object], *, mode: int = 0o600) -> None:
    """Replace ``path`` with what ``write`` writes to the open file (streamed: large files too).

    A crash leaves either the old or the new file; on any error the partial
    file is removed.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (no-op where directories can't be opened)."""
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_file(path: Path, data: bytes | Callable[[BinaryIO], object], *, mode: int = 0o600) -> None:
    """``atomic_write`` of ``data`` (bytes, or a function writing to the open file), with a failure reported as
    a :class:`UserError` naming the file."""
    try:
        atomic_write(Path(path), data if callable(data) else lambda handle: handle.write(data), mode=mode)
    except OSError as exc:
        raise UserError(_("Cannot write “{path}”: {reason}.").format(path=path, reason=exc.strerror)) from None


def write_public_json(path: Path, document: Any) -> None:
    """A JSON file meant to be handed to others (nothing secret in it): readable by all, sorted, indented."""
    data = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    write_file(path, data.encode("utf-8"), mode=0o644)


def read_file(path: Path) -> bytes:
    """The bytes of ``path``, or a :class:`UserError` naming the file and the reason."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise UserError(_("Cannot read “{path}”: {reason}.").format(path=path, reason=exc.strerror)) from None
