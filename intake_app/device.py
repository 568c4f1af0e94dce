"""The device's name and location code: checked once here, changed only by an administrator.

Receipts and records say *where* an application was made, which is legally
decisive, so the location code is kept to a short, plain identifier and
every change is written to the audit log. The CLI and the desktop UI both
call these functions; neither checks the values itself.
"""

from __future__ import annotations

import dataclasses

from intake_app import audit
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.roles import Permission
from intake_app.session import DeviceInfo, Session
from intake_app.store.connection import transaction

MAX_DEVICE_NAME = 80
MAX_LOCATION_CODE = 40
#: Besides letters and digits, a location code may contain these (e.g. ``KZ-ZHT-KHORGOS``).
LOCATION_PUNCTUATION = "-_./"


def check_device_name(name: str, *, required: bool = True) -> str:
    """The trimmed name, or :class:`UserError` saying what to fix."""
    name = name.strip()
    if not name:
        if required:
            raise UserError(_("Give this device a name, e.g. “Khorgos BCP laptop 2”."))
        return name
    if len(name) > MAX_DEVICE_NAME or not name.isprintable():
        raise UserError(_("A device name has at most {n} characters and no control characters.").format(
            n=MAX_DEVICE_NAME))
    return name


def check_location_code(code: str, *, required: bool = True) -> str:
    """The trimmed location code, or :class:`UserError` saying what to fix."""
    code = code.strip()
    if not code:
        if required:
            raise UserError(_("Enter the location code of this post, e.g. “KZ-ZHT-KHORGOS”."))
        return code
    if len(code) > MAX_LOCATION_CODE or not all(c.isalnum() or c in LOCATION_PUNCTUATION for c in code):
        raise UserError(_("A location code may contain letters, digits, “-”, “_”, “.” and “/” (at most {n}).")
                        .format(n=MAX_LOCATION_CODE))
    return code


def update_device(session: Session, *, name: str, location_code: str) -> DeviceInfo:
    """Change the device's name and location code (administrators only, audited).

    Returns the new :class:`DeviceInfo`, also set on ``session.device``.
    Nothing is written when neither value changes.
    """
    session.require(Permission.MANAGE_DEVICE)
    name = check_device_name(name)
    location_code = check_location_code(location_code)
    old = session.device
    fields = (("device_name", old.name, name), ("location_code", old.location_code, location_code))
    changes = {key: (before, after) for key, before, after in fields if before != after}
    if not changes:
        return old
    with transaction(session.conn) as conn:
        conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                         [(key, after) for key, (_before, after) in changes.items()])
        audit.append(conn, session.user.username, "device.update", old.device_id,
                     {key: {"from": before, "to": after} for key, (before, after) in changes.items()},
                     at=session.clock())
    session.device = dataclasses.replace(old, name=name, location_code=location_code)
    return session.device
