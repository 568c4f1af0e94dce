"""The enrolment file: what a device needs to trust a registry and to seal data for it.

::

    {"format": "intake-registry-enrolment/1",
     "registry_id": "<uuid>", "name": "…", "url": "https://…",
     "signing_algorithm": "ed25519", "signing_public_key": "<base64, 32 bytes>",
     "hpke_suite": "MLKEM768-X25519/HKDF-SHA256/AES-256-GCM",
     "encryption_public_key": "<base64>", "encryption_key_id": "<32 hex digits>",
     "created_at": "<ISO 8601 UTC>", "fingerprint": "AB12 CD34 … (16 groups)"}

The **fingerprint** is the SHA-256 of the RFC 8785 canonical JSON of
``{"kind": "intake-registry-keys/1", "registry_id", "signing_key": {algorithm,
public_key}, "encryption_key": {hpke_suite, public_key}}``, in 16 groups of 4
hex digits (as for device keys). It covers everything a device must be able
to trust: the registry's id, its signing key and its encryption key with its
suite. It does not cover the name, the URL or the time. Those only say where
to send data and how to show the registry. A wrong URL can delay a sync, but
it cannot read a bundle or forge an acknowledgement.

The file holds nothing secret. Reading one checks every field and refuses a
file whose fingerprint or key id is not that of its keys.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from intake_app.canonical import canonical_json
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.keys import ALGORITHM, fingerprint, same_fingerprint
from intake_app.protocol.suites import PUBLIC_KEY_BYTES, Recipient, public_key
from intake_app.safe_io import read_file, write_public_json

FILE_FORMAT = "intake-registry-enrolment/1"
FINGERPRINT_KIND = "intake-registry-keys/1"
_TEXT_FIELDS = ("registry_id", "name", "url", "signing_algorithm", "signing_public_key", "hpke_suite",
                "encryption_public_key", "encryption_key_id", "created_at", "fingerprint")


@dataclass(frozen=True)
class Enrolment:
    registry_id: str
    name: str
    url: str
    signing_public_key: bytes
    hpke_suite: str
    encryption_public_key: bytes
    created_at: str

    @property
    def recipient(self) -> Recipient:
        return Recipient.of(self.hpke_suite, self.encryption_public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(canonical_json({
            "kind": FINGERPRINT_KIND, "registry_id": self.registry_id,
            "signing_key": {"algorithm": ALGORITHM, "public_key": _b64(self.signing_public_key)},
            "encryption_key": {"hpke_suite": self.hpke_suite, "public_key": _b64(self.encryption_public_key)}}))

    def to_json(self) -> dict[str, str]:
        return {"format": FILE_FORMAT, "registry_id": self.registry_id, "name": self.name, "url": self.url,
                "signing_algorithm": ALGORITHM, "signing_public_key": _b64(self.signing_public_key),
                "hpke_suite": self.hpke_suite, "encryption_public_key": _b64(self.encryption_public_key),
                "encryption_key_id": self.recipient.key_id, "created_at": self.created_at,
                "fingerprint": self.fingerprint}

    @classmethod
    def from_json(cls, doc: Any) -> Enrolment | None:
        """The enrolment ``doc`` describes, or ``None`` if it is not a consistent enrolment."""
        if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
            return None
        values = [doc.get(name) for name in _TEXT_FIELDS]
        if not all(isinstance(value, str) for value in values) or doc["signing_algorithm"] != ALGORITHM:
            return None
        texts: dict[str, str] = dict(zip(_TEXT_FIELDS, map(str, values), strict=True))
        try:
            registry_id = str(uuid.UUID(texts["registry_id"]))
            signing = base64.b64decode(texts["signing_public_key"], validate=True)
            encryption = base64.b64decode(texts["encryption_public_key"], validate=True)
        except (ValueError, binascii.Error):
            return None
        suite = texts["hpke_suite"]
        if registry_id != texts["registry_id"] or len(signing) != 32 or len(encryption) != PUBLIC_KEY_BYTES.get(
                suite, -1):
            return None
        enrolment = cls(registry_id, texts["name"], texts["url"], signing, suite, encryption, texts["created_at"])
        try:  # both keys must be valid keys, not just bytes of the right length
            Ed25519PublicKey.from_public_bytes(signing)
            public_key(suite, encryption)
        except ValueError:
            return None
        if not same_fingerprint(texts["fingerprint"], enrolment.fingerprint):
            return None
        if not hmac.compare_digest(texts["encryption_key_id"].encode("ascii", "replace"),
                                   enrolment.recipient.key_id.encode("ascii")):
            return None
        return enrolment


def write_enrolment_file(path: Path, enrolment: Enrolment) -> None:
    """Write the enrolment file (readable by others: it holds nothing secret)."""
    write_public_json(path, enrolment.to_json())


def read_enrolment_file(path: Path) -> Enrolment:
    """The enrolment in the file at ``path``, or :class:`UserError` saying what is wrong with it."""
    raw = read_file(path)
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        doc = None
    enrolment = Enrolment.from_json(doc)
    if enrolment is None:
        raise UserError(_("“{path}” is not a valid Field Intake registry enrolment file (or it was edited).").format(
            path=path))
    return enrolment


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
