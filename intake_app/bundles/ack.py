"""The registry's signed acknowledgement of a bundle: what it stored, and proof that it said so.

A device marks a record version acknowledged only after checking this
signature against the registry key it enrolled with, so a forged or replayed
"OK" (a captive portal, a man in the middle, a wrong server) cannot make a
device believe an application reached the registry and later purge it.

Format (version 1): a JSON object

``{"format": "intake-ack/1", "registry_id", "bundle_id", "device_id", "received_at",
"accepted": [{"record_id", "version", "content_hash"}, …], "conflicts": [ … same … ],
"signature": base64}``

The signature is Ed25519 by the registry's signing key over
``b"FIELD-INTAKE/BUNDLE-ACK/1\\x00" + canonical_json(the object without "signature")``
(RFC 8785). ``accepted`` lists every version of the bundle that the registry
now holds (stored now or before: a resent bundle gets the same list);
``conflicts`` lists versions it refused because it already holds different
content under the same record id and version.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from intake_app.canonical import canonical_json
from intake_app.errors import UserError
from intake_app.i18n import _

FORMAT = "intake-ack/1"
DOMAIN = b"FIELD-INTAKE/BUNDLE-ACK/1\x00"
SIGNATURE_BYTES = 64


class AckError(UserError):
    """An acknowledgement that must not be trusted; nothing is marked acknowledged."""


@dataclass(frozen=True)
class AckedVersion:
    record_id: str
    version: int
    content_hash: str

    def to_json(self) -> dict[str, Any]:
        return {"record_id": self.record_id, "version": self.version, "content_hash": self.content_hash}


@dataclass(frozen=True)
class Acknowledgement:
    registry_id: str
    bundle_id: str
    device_id: str
    received_at: str  # UTC ISO time, the registry's clock
    accepted: tuple[AckedVersion, ...]
    conflicts: tuple[AckedVersion, ...]
    signature: bytes = b""

    def body(self) -> dict[str, Any]:
        """Everything the signature covers."""
        return {"format": FORMAT, "registry_id": self.registry_id, "bundle_id": self.bundle_id,
                "device_id": self.device_id, "received_at": self.received_at,
                "accepted": [item.to_json() for item in self.accepted],
                "conflicts": [item.to_json() for item in self.conflicts]}

    def signing_payload(self) -> bytes:
        return DOMAIN + canonical_json(self.body())

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": base64.b64encode(self.signature).decode("ascii")}


def sign_ack(unsigned: Acknowledgement, sign: Any) -> Acknowledgement:
    """``unsigned`` with the registry's signature (``sign(payload) -> 64 bytes``, e.g. ``Registry.sign``)."""
    signature = sign(unsigned.signing_payload())
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("an Ed25519 signature has 64 bytes")
    return Acknowledgement(unsigned.registry_id, unsigned.bundle_id, unsigned.device_id, unsigned.received_at,
                           unsigned.accepted, unsigned.conflicts, bytes(signature))


def ack_from_json(document: Any) -> Acknowledgement:
    """Parse strictly; any deviation is an :class:`AckError` saying what is wrong."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise AckError(_("This is not a Field Intake acknowledgement (format {format}).").format(format=FORMAT))
    expected = {"format", "registry_id", "bundle_id", "device_id", "received_at", "accepted", "conflicts",
                "signature"}
    if set(document) != expected:
        raise AckError(_("The acknowledgement is malformed: it has unexpected or missing fields."))
    try:
        texts = [document[key] for key in ("registry_id", "bundle_id", "device_id", "received_at")]
        if not all(isinstance(text, str) and text for text in texts):
            raise ValueError
        signature = base64.b64decode(document["signature"], validate=True)
        if len(signature) != SIGNATURE_BYTES:
            raise ValueError
        accepted = tuple(_version(item) for item in document["accepted"])
        conflicts = tuple(_version(item) for item in document["conflicts"])
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise AckError(_("The acknowledgement is malformed: it has unexpected or missing fields.")) from None
    return Acknowledgement(texts[0], texts[1], texts[2], texts[3], accepted, conflicts, signature)


def verify_ack(ack: Acknowledgement, registry_public_key: bytes, *, registry_id: str, bundle_id: str,
               device_id: str) -> None:
    """Raise :class:`AckError` unless the enrolled registry signed this acknowledgement of this bundle."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if (ack.registry_id, ack.bundle_id, ack.device_id) != (registry_id, bundle_id, device_id):
        raise AckError(_("The acknowledgement is for another registry, bundle or device: it is ignored."))
    try:
        Ed25519PublicKey.from_public_bytes(registry_public_key).verify(ack.signature, ack.signing_payload())
    except (InvalidSignature, ValueError):
        raise AckError(_("The acknowledgement's signature does not match the enrolled registry's key: it was "
                         "altered or did not come from the registry.")) from None


def _version(item: Any) -> AckedVersion:
    if not isinstance(item, dict) or set(item) != {"record_id", "version", "content_hash"}:
        raise ValueError
    record_id, version, content_hash = item["record_id"], item["version"], item["content_hash"]
    if not isinstance(record_id, str) or not isinstance(content_hash, str) or not content_hash.startswith(
            "sha256:") or not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise ValueError
    return AckedVersion(record_id, version, content_hash)
