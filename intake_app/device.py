"""Changing the device's name and location code: administrators only, every change audited.

Receipts and records say *where* an application was made, which is legally
decisive, so every change is written to the audit log. The values are
checked by :mod:`intake_app.protocol.device_identity` (the registry checks
enrolment requests with the same rules). The CLI and the desktop UI both
call :func:`update_device`.
"""

from __future__ import annotations

import dataclasses

from intake_app import audit
from intake_app.protocol.device_identity import check_device_name, check_location_code
from intake_app.roles import Permission
from intake_app.session import DeviceInfo, Session
from intake_app.database.connection import transaction


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
