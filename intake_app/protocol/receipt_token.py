"""The signed receipt token: what the QR code on a printed receipt carries, and how it is checked.

A token states four things, the :class:`ReceiptClaim`: the receipt number,
the content hash of the submitted version, its submission time (UTC), and the
id of the device that registered it, and carries the device's Ed25519
signature over exactly those four things. Anyone holding the device's public
key (``intake device export-key``) can check it offline; nothing secret or
personal is in it. The byte layout is in docs/receipt-token.md.

Token text (version 1): ``FIR1`` followed by the 128-byte body in upper-case
base 32 (RFC 4648, no padding): 209 characters, all in the QR code's
alphanumeric set. Body::

    offset size  field
      0     4    device code of the receipt number (30 bits, big-endian)
      4     4    counter of the receipt number (unsigned, big-endian, ≥ 1)
      8    32    content hash (the SHA-256 digest of ``sha256:<hex>``)
     40     8    submission time: microseconds since 1970-01-01T00:00:00Z (signed, big-endian)
     48    16    device id (the UUID's 16 bytes)
     64    64    Ed25519 signature over SIGNING_DOMAIN + body[0:64]

Parsing is strict: one spelling per token (upper case only, no padding, no
stray bits), so any changed character is caught before or by the signature.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING

from intake_app.clock import iso
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.keys import PUBLIC_KEY_BYTES, SIGNATURE_BYTES, DeviceKey
from intake_app.protocol.receipt_numbers import (ALPHABET, DEVICE_CODE_LENGTH, InvalidReceiptNumber,
                                                 format_receipt_number, normalize_receipt_number)

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

TOKEN_PREFIX = "FIR"
TOKEN_VERSION = "1"
#: Signed before the claim's fields, so the signature can never be taken for one over anything else.
SIGNING_DOMAIN = b"FIELD-INTAKE/RECEIPT-CLAIM/1\x00"
CLAIM_BYTES = 64
BODY_BYTES = CLAIM_BYTES + SIGNATURE_BYTES
_BODY_CHARS = (BODY_BYTES * 8 + 4) // 5
TOKEN_LENGTH = len(TOKEN_PREFIX) + len(TOKEN_VERSION) + _BODY_CHARS
_BASE32 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
_LAYOUT = struct.Struct(">II32sq16s")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
#: Kazakhstan's single time zone since 1 March 2024; receipts show local time with its offset.
KAZAKHSTAN_TIME = timezone(timedelta(hours=5))


class ReceiptTokenError(UserError):
    """A token that does not verify; ``kind`` is malformed | version | unknown_device | signature."""

    def __init__(self, message: str, kind: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class ReceiptClaim:
    """What a receipt token states and the device signs, each value exactly as stored.

    ``receipt_no`` is ``None`` only for the void of a draft that was never
    submitted: that version is signed too (with the receipt fields zero) but
    no token is ever made for it.
    """

    receipt_no: str | None
    content_hash: str   # "sha256:<hex>"
    submitted_at: str   # UTC ISO 8601 with microseconds, as ``clock.iso`` writes it
    device_id: str      # the store's device uuid

    @property
    def submitted_at_utc(self) -> datetime:
        return datetime.fromisoformat(self.submitted_at).astimezone(UTC)

    @property
    def submitted_at_local(self) -> datetime:
        """The submission time in Kazakhstan (UTC+5)."""
        return self.submitted_at_utc.astimezone(KAZAKHSTAN_TIME)


@dataclass(frozen=True)
class VerifiedReceipt:
    """A token whose signature matched the key of the device it names."""

    claim: ReceiptClaim
    device: DeviceKey
    token: str

    @property
    def receipt_no(self) -> str:
        assert self.claim.receipt_no is not None  # decode_token refuses a token without one
        return self.claim.receipt_no


# -- the signed bytes -----------------------------------------------------------------------------

def signing_payload(claim: ReceiptClaim) -> bytes:
    """The bytes the device signs for ``claim``: SIGNING_DOMAIN followed by the 64 fixed-width claim bytes.

    Raises ``ValueError`` if a value is not in its stored, canonical form.
    """
    return SIGNING_DOMAIN + _claim_bytes(claim)


def _claim_bytes(claim: ReceiptClaim) -> bytes:
    code, counter = _receipt_fields(claim.receipt_no)
    if not _HASH.fullmatch(claim.content_hash):
        raise ValueError("content hash must be sha256:<64 lower-case hex digits>")
    try:
        device = uuid.UUID(claim.device_id)
    except ValueError:
        raise ValueError("device id must be a UUID") from None
    if str(device) != claim.device_id:
        raise ValueError("device id must be a UUID in its canonical form")
    return _LAYOUT.pack(code, counter, bytes.fromhex(claim.content_hash[7:]), _micros(claim.submitted_at),
                        device.bytes)


def _receipt_fields(receipt_no: str | None) -> tuple[int, int]:
    """(device code as a 30-bit number, counter); (0, 0) for "no receipt number"."""
    if receipt_no is None:
        return 0, 0
    try:
        canonical = normalize_receipt_number(receipt_no)
    except InvalidReceiptNumber:
        raise ValueError("not a receipt number") from None
    code, digits, _check = canonical.split("-")
    counter = int(digits)
    if canonical != receipt_no or counter >= 2 ** 32 or format_receipt_number(code, counter) != receipt_no:
        raise ValueError("receipt number not in its canonical form")
    value = 0
    for char in code:
        value = value * len(ALPHABET) + ALPHABET.index(char)
    return value, counter


def _receipt_text(code: int, counter: int) -> str | None:
    if code >= len(ALPHABET) ** DEVICE_CODE_LENGTH or counter < 1:
        return None
    chars = []
    for _position in range(DEVICE_CODE_LENGTH):
        code, digit = divmod(code, len(ALPHABET))
        chars.append(ALPHABET[digit])
    receipt = format_receipt_number("".join(reversed(chars)), counter)
    try:
        return receipt if normalize_receipt_number(receipt) == receipt else None
    except InvalidReceiptNumber:
        return None


def _micros(text: str) -> int:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None or iso(moment) != text or moment < _EPOCH:
        raise ValueError("submission time must be UTC ISO 8601 with microseconds, as stored")
    return (moment - _EPOCH) // _MICROSECOND


def _time_text(micros: int) -> str | None:
    if micros < 0:
        return None
    try:
        return iso(_EPOCH + micros * _MICROSECOND)
    except OverflowError:
        return None


# -- the token ------------------------------------------------------------------------------------

def encode_token(claim: ReceiptClaim, signature: bytes) -> str:
    """The token text for ``claim`` and the device's ``signature`` over ``signing_payload(claim)``."""
    if claim.receipt_no is None:
        raise ValueError("a version without a receipt number has no receipt token")
    if len(signature) != SIGNATURE_BYTES:
        raise ValueError("an Ed25519 signature has 64 bytes")
    body = base64.b32encode(_claim_bytes(claim) + signature).decode("ascii").rstrip("=")
    return TOKEN_PREFIX + TOKEN_VERSION + body


def decode_token(text: str) -> tuple[ReceiptClaim, bytes]:
    """The claim and signature in a token, or :class:`ReceiptTokenError` naming what is malformed.

    This checks the form only; :func:`verify_token` also checks the signature.
    """
    text = text.strip()
    if not text.startswith(TOKEN_PREFIX) or len(text) <= len(TOKEN_PREFIX):
        raise ReceiptTokenError(_("This is not a Field Intake receipt token: it must start with “FIR1”."),
                                "malformed")
    version = text[len(TOKEN_PREFIX)]
    if version != TOKEN_VERSION:
        raise ReceiptTokenError(_("The receipt token has the unknown format version “{version}”: this program "
                                  "reads version 1.").format(version=version), "version")
    body_text = text[len(TOKEN_PREFIX) + len(TOKEN_VERSION):]
    if len(text) != TOKEN_LENGTH:
        raise ReceiptTokenError(_("The receipt token is malformed: it has {n} characters, a version 1 token "
                                  "has {expected}.").format(n=len(text), expected=TOKEN_LENGTH), "malformed")
    body = _base32(body_text)
    if body is None:
        raise ReceiptTokenError(_("The receipt token is malformed: after “FIR1” it may hold only the "
                                  "base-32 characters A–Z and 2–7, as printed."), "malformed")
    code, counter, digest, micros, device = _LAYOUT.unpack(body[:CLAIM_BYTES])
    receipt_no = _receipt_text(code, counter)
    if receipt_no is None:
        raise ReceiptTokenError(_("The receipt token is malformed: the receipt number in it is not valid."),
                                "malformed")
    submitted_at = _time_text(micros)
    if submitted_at is None:
        raise ReceiptTokenError(_("The receipt token is malformed: the submission time in it is not valid."),
                                "malformed")
    claim = ReceiptClaim(receipt_no, "sha256:" + digest.hex(), submitted_at, str(uuid.UUID(bytes=device)))
    return claim, body[CLAIM_BYTES:]


def _base32(text: str) -> bytes | None:
    """The bytes of unpadded upper-case base 32, or ``None``; only the one canonical spelling is accepted."""
    if not set(text) <= _BASE32:
        return None
    try:
        data = base64.b32decode(text + "=" * (-len(text) % 8))
    except binascii.Error:
        return None
    # The last character carries spare bits: refuse a spelling that is not the one we write.
    if base64.b32encode(data).decode("ascii").rstrip("=") != text or len(data) != BODY_BYTES:
        return None
    return data


def verify_token(text: str, keys: Mapping[str, DeviceKey | Ed25519PublicKey | bytes]) -> VerifiedReceipt:
    """Check a token against the public keys of known devices (``device id -> key``).

    Returns what the token proves, or raises :class:`ReceiptTokenError`
    saying why it does not verify: malformed (and which part), unknown
    format version, unknown device, or a signature that does not match.
    """
    claim, signature = decode_token(text)
    key = keys.get(claim.device_id)
    if key is None:
        raise ReceiptTokenError(_("The receipt token names device {device}, whose key is not among the keys "
                                  "given: it cannot be checked (or the device id in it was altered).").format(
                                      device=claim.device_id), "unknown_device")
    device = _device_key(claim.device_id, key)
    if not verify_signature(claim, signature, device.public_key):
        raise ReceiptTokenError(_("The signature does not match: the receipt token was altered or forged."),
                                "signature")
    return VerifiedReceipt(claim, device, text.strip())


def verify_signature(claim: ReceiptClaim, signature: bytes, public_key: bytes) -> bool:
    """Whether ``signature`` is the Ed25519 signature of ``claim`` by the holder of ``public_key``."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if len(public_key) != PUBLIC_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, signing_payload(claim))
    except (InvalidSignature, ValueError):
        return False
    return True


def _device_key(device_id: str, key: DeviceKey | Ed25519PublicKey | bytes) -> DeviceKey:
    if isinstance(key, DeviceKey):
        return key
    if isinstance(key, bytes):
        return DeviceKey(device_id, key)
    from cryptography.hazmat.primitives import serialization

    return DeviceKey(device_id, key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
