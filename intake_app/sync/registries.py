"""The registries this device is enrolled with, kept in the encrypted store (schema 5).

Enrolment takes a registry's enrolment file (checked by
``intake_app.protocol.enrolment.read_enrolment_file``) after an
administrator has confirmed its fingerprint with the registry's operator by
phone, stores it with the destination the registry serves, and queues every
submitted version of the forms going there. The device's own enrolment
request (its public key, signed by it) is then sent by the sync client, and
again by every sync until the registry has approved it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from intake_app import audit
from intake_app.bundles import RegistryRecipient
from intake_app.clock import iso
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.enrolment import Enrolment
from intake_app.protocol.keys import DeviceKey
from intake_app.protocol.requests import signed_request
from intake_app.roles import Permission
from intake_app.session import Session
from intake_app.store import device_key
from intake_app.database.connection import Connection, transaction
from intake_app.records import outbox_queue
from intake_app.records.destinations import DESTINATIONS

STATUSES = ("unsent", "pending", "approved", "refused", "revoked")
_COLUMNS = ("registry_id, name, url, hpke_suite, encryption_public_key, encryption_key_id, signing_public_key,"
            " fingerprint, destination, enrolled_at, enrolled_by, enrolment_status, status_at")


@dataclass(frozen=True)
class EnrolledRegistry:
    registry_id: str
    name: str
    url: str
    hpke_suite: str
    encryption_public_key: bytes = field(repr=False)
    encryption_key_id: str
    signing_public_key: bytes = field(repr=False)
    fingerprint: str
    destination: str
    enrolled_at: str
    enrolled_by: str
    enrolment_status: str
    status_at: str | None = None

    @property
    def recipient(self) -> RegistryRecipient:
        """What bundles for this registry are sealed to."""
        return RegistryRecipient(self.registry_id, self.hpke_suite, self.encryption_public_key,
                                 self.encryption_key_id)

    def to_json(self) -> dict[str, Any]:
        return {"registry_id": self.registry_id, "name": self.name, "url": self.url, "hpke_suite": self.hpke_suite,
                "encryption_key_id": self.encryption_key_id, "fingerprint": self.fingerprint,
                "destination": self.destination, "enrolled_at": self.enrolled_at, "enrolled_by": self.enrolled_by,
                "enrolment_status": self.enrolment_status, "status_at": self.status_at}


def check_destination(destination: str) -> str:
    if destination not in DESTINATIONS:
        raise UserError(_("Unknown destination “{name}” (known: {known}).").format(
            name=destination, known=", ".join(DESTINATIONS)))
    return destination


def enroll(session: Session, enrolment: Enrolment, destination: str) -> EnrolledRegistry:
    """Store the (already confirmed) registry and queue the submitted versions going to it."""
    session.require(Permission.MANAGE_DEVICE)
    check_destination(destination)
    now = iso(session.clock())
    with transaction(session.conn) as conn:
        if get_registry(conn, enrolment.registry_id) is not None:
            raise UserError(_("This device is already enrolled with the registry {id}.").format(
                id=enrolment.registry_id))
        recipient = enrolment.recipient
        conn.execute(f"INSERT INTO sync_registries ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'unsent',"
                     " NULL)", (enrolment.registry_id, enrolment.name, enrolment.url, enrolment.hpke_suite,
                                enrolment.encryption_public_key, recipient.key_id, enrolment.signing_public_key,
                                enrolment.fingerprint, destination, now, session.user.username))
        queued = outbox_queue.queue_existing(conn, enrolment.registry_id, destination, now)
        audit.append(conn, session.user.username, "sync.registry.enroll", enrolment.registry_id,
                     {"fingerprint": enrolment.fingerprint, "destination": destination, "queued": queued})
        registry = get_registry(conn, enrolment.registry_id)
    assert registry is not None
    return registry


def get_registry(conn: Connection, registry_id: str) -> EnrolledRegistry | None:
    row = conn.execute(f"SELECT {_COLUMNS} FROM sync_registries WHERE registry_id = ?", (registry_id,)).fetchone()
    return None if row is None else _registry(row)


def list_registries(conn: Connection) -> list[EnrolledRegistry]:
    return [_registry(row) for row in conn.execute(f"SELECT {_COLUMNS} FROM sync_registries ORDER BY enrolled_at")]


def find_registry(conn: Connection, text: str) -> EnrolledRegistry:
    """The registry named by its id, a unique prefix of it, or its exact name."""
    found = [r for r in list_registries(conn) if r.registry_id.startswith(text.lower()) or r.name == text]
    if len(found) != 1:
        raise UserError(_("No single enrolled registry matches “{text}”.").format(text=text))
    return found[0]


def set_enrolment_status(session: Session, registry_id: str, status: str) -> None:
    """Record what the registry said about this device's enrolment (audited when it changes)."""
    if status not in STATUSES:
        return
    with transaction(session.conn) as conn:
        old = conn.execute("SELECT enrolment_status FROM sync_registries WHERE registry_id = ?",
                           (registry_id,)).fetchone()
        if old is None or old[0] == status:
            return
        conn.execute("UPDATE sync_registries SET enrolment_status = ?, status_at = ? WHERE registry_id = ?",
                     (status, iso(session.clock()), registry_id))
        audit.append(conn, session.user.username, "sync.registry.status", registry_id,
                     {"from": old[0], "to": status})


def enrolment_request(session: Session) -> dict[str, Any]:
    """The body of ``POST /v1/enrolments``: this device's key file content, signed by the device key."""
    return signed_request(DeviceKey.of(session.device), lambda payload: device_key.sign(session.conn, payload))


def _registry(row: Any) -> EnrolledRegistry:
    values = list(row)
    values[4], values[6] = bytes(values[4]), bytes(values[6])
    return EnrolledRegistry(*values)
