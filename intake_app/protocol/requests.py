"""A device's enrolment request: what it states, how it is checked, and how it is signed over the network.

An :class:`EnrolmentRequest` is the device's id, name, location code, Ed25519
public key, the key's fingerprint and a time; :func:`check_request` is the
one check of its values, whether it came as a key file or over the network.

The body of ``POST /v1/enrolments`` is the JSON object that
``intake device export-key`` writes (``intake_app.protocol.keys``: exactly
its eight members), with one more member, ``"signature"``: base64 of the
Ed25519 signature, by the device's own key, over::

    b"FIELD-INTAKE/ENROLMENT-REQUEST/1\\x00" + RFC 8785 JSON of the object without "signature"

This proves that the sender holds the private key of the key it asks to
enrol; the domain prefix keeps the signature from being taken for a receipt
claim or a bundle manifest. The device builds the body with
:func:`signed_request`; the registry checks it with :func:`parse_signed_request`.

Every other request names its device in the :data:`DEVICE_HEADER` header.
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from intake_app.canonical import canonical_json
from intake_app.clock import iso
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol import keys
from intake_app.protocol.device_identity import check_device_name, check_location_code
from intake_app.protocol.keys import PUBLIC_KEY_BYTES, DeviceKey, fingerprint, read_key_file, same_fingerprint
from intake_app.protocol.receipt_numbers import ALPHABET, DEVICE_CODE_LENGTH

DOMAIN = b"FIELD-INTAKE/ENROLMENT-REQUEST/1\x00"
#: The header of ``POST /v1/bundles`` and ``GET /v1/acks/…`` that names the device (its id).
DEVICE_HEADER = "X-Intake-Device"
KEY_FIELDS = frozenset({"format", "algorithm", "device_id", "device_code", "name", "location_code", "public_key",
                        "fingerprint"})


@dataclass(frozen=True)
class EnrolmentRequest:
    device_id: str
    device_name: str
    location_code: str
    public_key: bytes
    fingerprint: str
    requested_at: str
    device_code: str = ""

    @classmethod
    def from_device_key(cls, key: DeviceKey, *, at: datetime) -> EnrolmentRequest:
        return cls(key.device_id, key.name, key.location_code, key.public_key, key.fingerprint, iso(at),
                   key.device_code)

    @classmethod
    def from_key_file(cls, path: Path, *, at: datetime) -> EnrolmentRequest:
        """The request a device's key file (``intake device export-key``) stands for, dated ``at``."""
        return cls.from_device_key(read_key_file(path), at=at)


def check_request(request: EnrolmentRequest) -> EnrolmentRequest:
    """The request with its values checked and normalised, or :class:`UserError` naming the problem."""
    try:
        device_id = str(uuid.UUID(request.device_id))
    except (ValueError, TypeError, AttributeError):
        raise UserError(_("The enrolment request names no valid device id.")) from None
    name = check_device_name(request.device_name, required=False)
    location = check_location_code(request.location_code, required=False)
    if not name or not location:
        raise UserError(_("An enrolment request must give the device's name and location code: set them on the "
                          "device (Tools → Settings) and export its key again."))
    code = request.device_code.strip().upper()
    if code and (len(code) != DEVICE_CODE_LENGTH or any(c not in ALPHABET for c in code)):
        raise UserError(_("The enrolment request's device code is not valid."))
    try:
        if len(request.public_key) != PUBLIC_KEY_BYTES:
            raise ValueError("length")
        Ed25519PublicKey.from_public_bytes(request.public_key)
    except (ValueError, TypeError):
        raise UserError(_("The enrolment request's public key is not a valid Ed25519 key.")) from None
    computed = fingerprint(request.public_key)
    if not same_fingerprint(request.fingerprint, computed):
        raise UserError(_("The enrolment request's fingerprint does not match its public key."))
    try:
        when = datetime.fromisoformat(request.requested_at)
        if when.tzinfo is None:
            raise ValueError("naive")
    except (ValueError, TypeError):
        raise UserError(_("The enrolment request's time is not an ISO 8601 time with its UTC offset.")) from None
    return EnrolmentRequest(device_id, name, location, request.public_key, computed, iso(when.astimezone(UTC)),
                            code)


class RequestRefused(UserError):
    """A network enrolment request that is malformed (``code`` ``malformed``) or badly signed (``signature``)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def signing_payload(key_json: dict[str, Any]) -> bytes:
    return DOMAIN + canonical_json(key_json)


def signed_request(key: DeviceKey, sign: Callable[[bytes], bytes]) -> dict[str, Any]:
    """The body a device sends (``sign``: its Ed25519 signing function, e.g. through its store)."""
    body: dict[str, Any] = key.to_json()
    return {**body, "signature": base64.b64encode(sign(signing_payload(body))).decode("ascii")}


def parse_signed_request(document: Any, *, at: datetime) -> EnrolmentRequest:
    """The checked request (dated ``at``), or :class:`RequestRefused`; the key file is read as from a file."""
    malformed = RequestRefused("malformed", _("The enrolment request is malformed: it must be the device's key "
                                              "file with its signature."))
    if not isinstance(document, dict) or set(document) != KEY_FIELDS | {"signature"}:
        raise malformed
    body = {name: value for name, value in document.items() if name != "signature"}
    parsed = keys.key_from_json(body)  # the key file reader's own checks
    try:
        signature = base64.b64decode(document["signature"], validate=True)
    except (TypeError, ValueError, binascii.Error):
        raise malformed from None
    if parsed is None:
        raise malformed
    key, stated_fingerprint = parsed
    try:
        Ed25519PublicKey.from_public_bytes(key.public_key).verify(signature, signing_payload(body))
    except (InvalidSignature, ValueError):
        raise RequestRefused("signature", _("The enrolment request's signature does not match its key: the "
                                            "sender does not hold that device's key.")) from None
    request = replace(EnrolmentRequest.from_device_key(key, at=at), fingerprint=stated_fingerprint)
    try:
        return check_request(request)
    except UserError as exc:
        raise RequestRefused("malformed", exc.message) from None
