"""Keys drawn at run time (never committed) and claims signed with them."""

from __future__ import annotations

import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from intake_app.protocol.keys import DeviceKey
from intake_app.protocol.receipt_token import ReceiptClaim, encode_token, signing_payload
from intake_app.protocol.receipt_numbers import format_receipt_number

HASH = "sha256:" + "3f" * 32
TIME = "2026-11-23T09:30:00.123456+00:00"


class SigningDevice:
    """A device identity for tests: a fresh Ed25519 key pair and a random device id."""

    def __init__(self, name: str = "Test laptop", code: str = "7KQM4R") -> None:
        self.private = Ed25519PrivateKey.generate()
        self.device_id = str(uuid.uuid4())
        self.code = code
        self.key = DeviceKey(self.device_id, raw_public(self.private), name, "KZ-ALA-01", code)

    def claim(self, seq: int = 42, *, content_hash: str = HASH, submitted_at: str = TIME) -> ReceiptClaim:
        return ReceiptClaim(format_receipt_number(self.code, seq), content_hash, submitted_at, self.device_id)

    def sign(self, claim: ReceiptClaim) -> bytes:
        return self.private.sign(signing_payload(claim))

    def token(self, claim: ReceiptClaim | None = None) -> str:
        claim = claim or self.claim()
        return encode_token(claim, self.sign(claim))

    @property
    def keys(self) -> dict[str, DeviceKey]:
        return {self.device_id: self.key}


def raw_public(private: Ed25519PrivateKey) -> bytes:
    return private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
