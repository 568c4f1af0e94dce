"""An enrolment request sent over the network: the device's key file, signed by the key it names.

The body of ``POST /v1/enrolments`` is the JSON object that
``intake device export-key`` writes (``intake_app.receipts.keys``: exactly
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
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from intake_app.canonical import canonical_json
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.receipts import keys
from intake_app.receipts.keys import DeviceKey
from intake_app.registry.devices import EnrolmentRequest, check_request

DOMAIN = b"FIELD-INTAKE/ENROLMENT-REQUEST/1\x00"
#: The header of ``POST /v1/bundles`` and ``GET /v1/acks/…`` that names the device (its id).
DEVICE_HEADER = "X-Intake-Device"
KEY_FIELDS = frozenset({"format", "algorithm", "device_id", "device_code", "name", "location_code", "public_key",
                        "fingerprint"})


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
