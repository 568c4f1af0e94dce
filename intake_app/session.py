"""An unlocked store as seen by one signed-in user.

Every service function (records, users, search, audit) takes a ``Session``
as its first argument; the CLI and the desktop UI both create one by
unlocking the store and pass it along. There is no global state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from intake_app import paths
from intake_app.clock import Clock, local_now, local_today, time_zone
from intake_app.errors import AccessDenied
from intake_app.i18n import _
from intake_app.protocol.keys import fingerprint
from intake_app.roles import ROLE_PERMISSIONS, Permission, Role, require
from intake_app.settings import Settings
from intake_app.database.connection import Connection, open_database

if TYPE_CHECKING:
    from intake_app.forms import Form, FormRegistry
    from intake_app.store.store import Store


@dataclass(frozen=True)
class User:
    username: str
    role: Role
    display_name: str
    #: The number of the official's service ID card ("" if not set): prefilled as the receiving officer's.
    service_number: str = ""


@dataclass(frozen=True)
class DeviceInfo:
    store_id: str
    device_id: str
    device_code: str
    name: str
    location_code: str
    #: The raw 32-byte Ed25519 public key of the device's signing key (the private key stays in the store).
    public_key: bytes = field(default=b"", repr=False)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the public key in groups of hex digits, for comparing keys by eye or aloud."""
        return fingerprint(self.public_key)


@dataclass
class Session:
    store: Store
    conn: Connection
    db_key: bytes = field(repr=False)
    user: User
    device: DeviceInfo
    clock: Clock
    forms_dir: Path | None = None
    _forms: FormRegistry | None = field(default=None, repr=False)
    _zone: tzinfo | None = field(default=None, repr=False)

    @property
    def role(self) -> Role:
        return self.user.role

    def require(self, permission: Permission) -> None:
        require(self.user.role, permission)

    def may(self, permission: Permission) -> bool:
        """Whether this user's role has ``permission`` (what screens offer; the services still ``require`` it)."""
        return permission in ROLE_PERMISSIONS[self.user.role]

    @property
    def forms(self) -> FormRegistry:
        """The form definitions shipped with the app (loaded on first use)."""
        if self._forms is None:
            from intake_app.forms import FormRegistry  # YAML and the form schema load on first use

            self._forms = FormRegistry.from_dir(paths.forms_dir(self.forms_dir))
        return self._forms

    @property
    def zone(self) -> tzinfo:
        """The device's time zone (``device.time_zone`` in the settings beside the store; read at unlock)."""
        if self._zone is None:
            self._zone = time_zone(Settings.in_dir(self.store.directory).get("device.time_zone"))
        return self._zone

    def now(self) -> datetime:
        """Now in the device's zone: what a form's "now" fills in, whatever zone the laptop is set to."""
        return local_now(self.clock, self.zone)

    def today(self) -> date:
        """Today in the device's zone: what ``today()`` means in a form's conditions and constraints."""
        return local_today(self.clock, self.zone)

    def usable_forms(self) -> list[Form]:
        """Forms this user's role may capture and see."""
        return [f for f in self.forms.forms() if self.user.role.value in f.roles]

    def require_form_access(self, form_id: str) -> None:
        form = self.forms.get(form_id)
        if self.user.role.value not in form.roles or not self.may(Permission.CAPTURE_RECORDS):
            raise AccessDenied(_("Your role cannot use the form “{form}”.").format(form=form_id))

    def fork(self) -> Session:
        """The same user on a new connection, for work on another thread.

        A connection must not be shared between threads that write: one
        thread's statements would land inside the other's transaction. The
        desktop app forks on the GUI thread, before the work starts
        (``ui.tasks.run_store_task``); forking a closed session is a bug and
        raises ``StoreKeyMissing``, never a "damaged store" error.
        """
        conn = open_database(self.store.db_path, self.db_key)
        return Session(self.store, conn, self.db_key, self.user, self.device, self.clock, self.forms_dir,
                       self._forms)

    def close(self) -> None:
        self.conn.close()
        self.db_key = b""

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

