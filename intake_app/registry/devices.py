"""Devices asking to enrol, and the operator's decisions: approve, reject, revoke.

A request (``intake_app.protocol.requests.EnrolmentRequest``) carries the
device's id, name, location code, Ed25519 public key, the key's fingerprint
and a time. It arrives over the network or as the key file that
``intake device export-key`` writes. It becomes a *pending* device. An
operator compares the fingerprint with the one shown on the device, over a
channel they trust, and then:

* **approves** it: the registry accepts the device's signed bundles;
* **rejects** it: the request is removed, and the device may ask again;
* **revokes** it (approved or pending): for good. A revoked device stays
  revoked. Asking again does not change that, and it cannot be approved again.

A device's key never changes at the registry. A request with another key for a
device that is pending or approved is refused, so a forged request cannot take
over a device's identity, nor replace a request the operator is checking.
Every change is written to the registry's audit log with the operator and
the time, in the same transaction.
"""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass

from intake_app import audit
from intake_app.clock import iso
from intake_app.credentials import check_username
from intake_app.errors import NotFound, UserError
from intake_app.i18n import _
from intake_app.protocol.keys import same_fingerprint
from intake_app.protocol.requests import EnrolmentRequest, check_request
from intake_app.registry.registry import DeviceStatus, Registry
from intake_app.database.connection import transaction

MAX_REASON = 500
_COLUMNS = ("device_id, device_code, device_name, location_code, public_key, fingerprint, status, requested_at,"
            " received_at, received_by, approved_at, approved_by, revoked_at, revoked_by, revoke_reason")
_ORDER = "CASE status WHEN 'pending' THEN 0 WHEN 'approved' THEN 1 ELSE 2 END, received_at, device_id"


class EnrolmentRefused(UserError):
    """A request the registry will not record; ``status`` is the device's status, unchanged."""

    def __init__(self, message: str, status: DeviceStatus) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class EnrolledDevice:
    device_id: str
    device_code: str
    device_name: str
    location_code: str
    public_key: bytes
    fingerprint: str
    status: DeviceStatus
    requested_at: str
    received_at: str
    received_by: str
    approved_at: str | None
    approved_by: str | None
    revoked_at: str | None
    revoked_by: str | None
    revoke_reason: str | None

    def to_json(self) -> dict[str, str | None]:
        values = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "public_key"}
        return {**values, "public_key": base64.b64encode(self.public_key).decode("ascii")}


def request_enrolment(registry: Registry, request: EnrolmentRequest, *,
                      operator: str | None = None) -> EnrolledDevice:
    """Record a device's request as *pending* (audited); returns the device as the registry now holds it.

    ``operator`` is who added the request by hand; without one, the device itself asked. Asking again with
    the same key changes nothing; asking with another key, or after a revocation, raises
    :class:`EnrolmentRefused` and changes nothing.
    """
    request = check_request(request)
    actor = check_username(operator) if operator is not None else "device:" + request.device_id
    with transaction(registry.conn) as conn:
        known = get_device(registry, request.device_id)
        if known is not None:
            _check_repeat(known, request)
            return known
        now = registry.clock()
        conn.execute(f"INSERT INTO devices ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?,"
                     " NULL, NULL, NULL, NULL, NULL)",
                     (request.device_id, request.device_code, request.device_name, request.location_code,
                      request.public_key, request.fingerprint, request.requested_at, iso(now), actor))
        audit.append(conn, actor, "device.request", request.device_id,
                     {"fingerprint": request.fingerprint, "device_name": request.device_name,
                      "location_code": request.location_code, "device_code": request.device_code,
                      "requested_at": request.requested_at}, at=now)
    found = get_device(registry, request.device_id)
    assert found is not None  # inserted above
    return found


def approve_device(registry: Registry, device_id: str, *, operator: str,
                   expected_fingerprint: str | None = None) -> EnrolledDevice:
    """Approve a pending device. With ``expected_fingerprint``, only if the request's key has that fingerprint."""
    operator = check_username(operator)
    with transaction(registry.conn) as conn:
        device = _require(registry, device_id)
        if device.status == "approved":
            raise UserError(_("Device {device} is already approved.").format(device=device.device_id))
        if device.status == "revoked":
            raise UserError(_("Device {device} was revoked on {date} by {operator}; a revoked device cannot be "
                              "approved again.").format(
                device=device.device_id, date=(device.revoked_at or "")[:10], operator=device.revoked_by))
        if expected_fingerprint is not None and not same_fingerprint(expected_fingerprint, device.fingerprint):
            raise UserError(_("The fingerprint you gave does not match the request of device {device} "
                              "({fingerprint}); nothing was approved.").format(
                device=device.device_id, fingerprint=device.fingerprint))
        now = registry.clock()
        conn.execute("UPDATE devices SET status = 'approved', approved_at = ?, approved_by = ? WHERE device_id = ?",
                     (iso(now), operator, device.device_id))
        audit.append(conn, operator, "device.approve", device.device_id, {"fingerprint": device.fingerprint},
                     at=now)
    return _require(registry, device.device_id)


def reject_device(registry: Registry, device_id: str, *, operator: str, reason: str = "") -> EnrolledDevice:
    """Remove a pending request (audited, with its fingerprint); returns what was removed."""
    operator, reason = check_username(operator), check_reason(reason)
    with transaction(registry.conn) as conn:
        device = _require(registry, device_id)
        if device.status == "approved":
            raise UserError(_("Device {device} is approved; to withdraw it, revoke it.").format(
                device=device.device_id))
        if device.status == "revoked":
            raise UserError(_("Device {device} is already revoked.").format(device=device.device_id))
        conn.execute("DELETE FROM devices WHERE device_id = ?", (device.device_id,))
        audit.append(conn, operator, "device.reject", device.device_id,
                     {"fingerprint": device.fingerprint, "device_name": device.device_name,
                      "location_code": device.location_code, "reason": reason}, at=registry.clock())
    return device


def revoke_device(registry: Registry, device_id: str, *, operator: str, reason: str = "") -> EnrolledDevice:
    """Revoke a pending or approved device, for good (audited)."""
    operator, reason = check_username(operator), check_reason(reason)
    with transaction(registry.conn) as conn:
        device = _require(registry, device_id)
        if device.status == "revoked":
            raise UserError(_("Device {device} is already revoked.").format(device=device.device_id))
        now = registry.clock()
        conn.execute("UPDATE devices SET status = 'revoked', revoked_at = ?, revoked_by = ?, revoke_reason = ?"
                     " WHERE device_id = ?", (iso(now), operator, reason, device.device_id))
        audit.append(conn, operator, "device.revoke", device.device_id,
                     {"fingerprint": device.fingerprint, "previous_status": device.status, "reason": reason},
                     at=now)
    return _require(registry, device.device_id)


def get_device(registry: Registry, device_id: str) -> EnrolledDevice | None:
    row = registry.conn.execute(f"SELECT {_COLUMNS} FROM devices WHERE device_id = ?",
                                (device_id.strip().lower(),)).fetchone()
    return None if row is None else _device(row)


def list_devices(registry: Registry, status: DeviceStatus | None = None) -> list[EnrolledDevice]:
    """Devices, pending first, then approved, then revoked; each group in the order their requests came."""
    if status is None:
        rows = registry.conn.execute(f"SELECT {_COLUMNS} FROM devices ORDER BY {_ORDER}").fetchall()
    else:
        rows = registry.conn.execute(f"SELECT {_COLUMNS} FROM devices WHERE status = ? ORDER BY {_ORDER}",
                                     (status,)).fetchall()
    return [_device(row) for row in rows]


def check_reason(reason: str) -> str:
    reason = reason.strip()
    if len(reason) > MAX_REASON or not reason.isprintable():
        raise UserError(_("A reason has at most {n} characters and no control characters.").format(n=MAX_REASON))
    return reason


def _check_repeat(known: EnrolledDevice, request: EnrolmentRequest) -> None:
    """A device asking again: fine with the same key (nothing changes), refused otherwise."""
    if known.status == "revoked":
        raise EnrolmentRefused(_("Device {device} was revoked on {date}; it cannot be enrolled again.").format(
            device=known.device_id, date=(known.revoked_at or "")[:10]), "revoked")
    if hmac.compare_digest(known.public_key, request.public_key):
        return
    if known.status == "approved":
        raise EnrolmentRefused(_("Device {device} is already approved with another key ({fingerprint}); a device's "
                                 "key cannot be replaced, so this request is refused.").format(
            device=known.device_id, fingerprint=known.fingerprint), known.status)
    raise EnrolmentRefused(_("Device {device} already has a pending request with another key ({fingerprint}); this "
                             "request is refused. If the earlier request is not genuine, reject it first.").format(
        device=known.device_id, fingerprint=known.fingerprint), known.status)


def status_label(status: str) -> str:
    labels = {"pending": _("pending"), "approved": _("approved"), "revoked": _("revoked")}
    return labels.get(status, status)


def _require(registry: Registry, device_id: str) -> EnrolledDevice:
    device = get_device(registry, device_id)
    if device is None:
        raise NotFound(_("No device {device} is known to this registry.").format(device=device_id.strip()))
    return device


def _device(row: tuple) -> EnrolledDevice:
    values = list(row)
    values[4] = bytes(values[4])
    return EnrolledDevice(*values)
