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
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from intake_app import paths
from intake_app.clock import Clock, utc_now
from intake_app.errors import UserError
from intake_app.store.slot_file import SlotFile
from intake_app.store.throttle import Throttle

if TYPE_CHECKING:
    from intake_app.session import Session
    from intake_app.database.keyslots import KdfParams

DB_NAME = "store.db"
SLOTS_NAME = "keyslots.json"
FAILURES_NAME = "unlock-failures.json"


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

    # -- creation and unlocking (in ``opening``, loaded only when used) ---

    def create(self, *, admin_username: str, admin_passphrase: str, admin_display_name: str = "",
               device_name: str = "", location_code: str = "", clock: Clock = utc_now,
               kdf: KdfParams | None = None) -> Session:
        """Create the store and its first administrator; returns an unlocked session."""
        from intake_app.store.opening import create_store

        return create_store(self, admin_username=admin_username, admin_passphrase=admin_passphrase,
                            admin_display_name=admin_display_name, device_name=device_name,
                            location_code=location_code, clock=clock, kdf=kdf)

    def unlock(self, username: str, passphrase: str, *, clock: Clock = utc_now) -> Session:
        """Open the store as ``username``. Failures are delayed and audited."""
        from intake_app.store.opening import unlock_store

        return unlock_store(self, username, passphrase, clock=clock)


def default_store(data_dir: str | os.PathLike[str] | None = None) -> Store:
    return Store(paths.data_dir(data_dir))


__all__ = ["Store", "UnlockDelayed", "WrongPassphraseError", "default_store"]
