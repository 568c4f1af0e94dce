"""Devices enrolled in a real registry, bundles sealed for it, and a dump of its database to compare."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from intake_app.bundles import VersionInput, seal_bundle
from intake_app.bundles.model import RegistryRecipient
from intake_app.protocol.keys import DeviceKey
from intake_app.protocol.requests import EnrolmentRequest
from intake_app.registry import Registry, approve_device, request_enrolment, revoke_device
from tests.bundles.helpers import Device

#: When the enrolment requests made here were signed.
AT = datetime(2026, 11, 24, 4, 0, tzinfo=UTC)
DEVICE_NAME = "Khorgos BCP laptop 2"
LOCATION = "KZ-ZHT-KHORGOS"


def device_key(device_id: str, public_key: bytes, name: str = DEVICE_NAME, location: str = LOCATION) -> DeviceKey:
    """A device's public key as ``intake device export-key`` gives it."""
    return DeviceKey(device_id, public_key, name, location, "7KQM4R")


def device_key_of(device: Device, name: str = DEVICE_NAME, location: str = LOCATION) -> DeviceKey:
    return device_key(device.device_id, device.public.public_bytes_raw(), name, location)


def new_device_key(name: str = DEVICE_NAME, location: str = LOCATION) -> DeviceKey:
    """The public key of a new device, drawn now."""
    return device_key_of(Device(), name, location)


def request_for(key: DeviceKey) -> EnrolmentRequest:
    return EnrolmentRequest.from_device_key(key, at=AT)


def enrol(registry: Registry, device_id: str, public_key: bytes, status: str = "approved") -> None:
    """Bring a device to ``status`` (pending, approved or revoked) at the registry."""
    request_enrolment(registry, request_for(device_key(device_id, public_key)), operator="amina")
    if status in ("approved",):
        approve_device(registry, device_id, operator="amina")
    if status == "revoked":
        revoke_device(registry, device_id, operator="amina", reason="laptop stolen")


def enrol_device(registry: Registry, device: Device, status: str = "approved") -> None:
    enrol(registry, device.device_id, device.public.public_bytes_raw(), status)


def recipient(registry: Registry) -> RegistryRecipient:
    return registry.bundle_key().recipient(registry.registry_id)


def seal_for(registry: Registry, device: Device, versions: list[VersionInput], **kwargs: object) -> bytes:
    out = io.BytesIO()
    seal_bundle(out, versions, device=device.signer, registry=recipient(registry), **kwargs)  # type: ignore[arg-type]
    return out.getvalue()


def dump(registry: Registry, *, with_audit: bool = True) -> list[str]:
    """Every row of every table (optionally without the audit log and its head)."""
    conn = registry.conn
    lines = [repr(row) for row in conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")]
    for (table,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall():
        if not with_audit and table == "audit_log":
            continue
        for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall():
            if with_audit or "audit_head" not in str(row[0]):
                lines.append(f"{table} {row!r}")
    return lines
