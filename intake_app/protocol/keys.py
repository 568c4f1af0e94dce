"""Device keys as they travel: the Ed25519 encoding, fingerprints, and the key file ``intake device export-key`` writes.

A key file is small JSON that a registry, a lawyer or a court can keep to
check receipt tokens without the device, its store or any passphrase::

    {"format": "intake-device-key/1", "algorithm": "ed25519",
     "device_id": "<uuid>", "device_code": "7KQM4R", "name": "…", "location_code": "…",
     "public_key": "<base64 of the raw 32-byte key>", "fingerprint": "AB12 CD34 … (SHA-256)"}

Reading one checks its format, the key's length and that the fingerprint is
that of the key, so a file damaged or edited by hand is refused rather than
trusted. Nothing in it is secret.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.safe_io import read_file, write_public_json

ALGORITHM = "ed25519"
PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64
KEY_FILE_FORMAT = "intake-device-key/1"


def fingerprint(public: bytes) -> str:
    """SHA-256 of the raw public key, as 16 groups of 4 upper-case hex digits (easy to compare aloud)."""
    digest = hashlib.sha256(public).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def same_fingerprint(given: str, actual: str) -> bool:
    """Whether ``given`` (as typed or stated in a file: any spacing, any case) is the fingerprint ``actual``.

    Compared in constant time: the answer tells nothing about how much of it matched.
    """
    clean = "".join(given.split()).upper().encode("ascii", "replace")
    return hmac.compare_digest(clean, "".join(actual.split()).encode("ascii"))


class DescribedDevice(Protocol):
    """What a device says about itself (the device's ``session.DeviceInfo`` is one)."""

    @property
    def device_id(self) -> str: ...
    @property
    def public_key(self) -> bytes: ...
    @property
    def name(self) -> str: ...
    @property
    def location_code(self) -> str: ...
    @property
    def device_code(self) -> str: ...


@dataclass(frozen=True)
class DeviceKey:
    """A device's public signing key and what a verifier shows about the device."""

    device_id: str
    public_key: bytes
    name: str = ""
    location_code: str = ""
    device_code: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    @classmethod
    def of(cls, device: DescribedDevice) -> DeviceKey:
        return cls(device.device_id, device.public_key, device.name, device.location_code, device.device_code)

    def to_json(self) -> dict[str, str]:
        return {"format": KEY_FILE_FORMAT, "algorithm": ALGORITHM, "device_id": self.device_id,
                "device_code": self.device_code, "name": self.name, "location_code": self.location_code,
                "public_key": base64.b64encode(self.public_key).decode("ascii"), "fingerprint": self.fingerprint}


def write_key_file(path: Path, key: DeviceKey) -> None:
    """Write ``key`` as a key file (readable by others: it holds nothing secret)."""
    write_public_json(path, key.to_json())


def read_key_file(path: Path) -> DeviceKey:
    """The key in the key file at ``path``, or :class:`UserError` saying what is wrong with it."""
    try:
        doc: Any = json.loads(read_file(path).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        doc = None
    key = key_from_json(doc)
    if key is None:
        raise UserError(_("“{path}” is not a Field Intake device key file.").format(path=path))
    if not same_fingerprint(key[1], key[0].fingerprint):
        raise UserError(_("The key file “{path}” is damaged or was edited: its fingerprint does not match "
                          "its public key.").format(path=path))
    return key[0]


def load_key_files(paths: Iterable[Path]) -> dict[str, DeviceKey]:
    """Keys by device id, from one or more key files (two different keys for one device are refused)."""
    keys: dict[str, DeviceKey] = {}
    for path in paths:
        key = read_key_file(path)
        known = keys.get(key.device_id)
        if known is not None and not hmac.compare_digest(known.public_key, key.public_key):
            raise UserError(_("Two key files give different keys for device {device}.").format(
                device=key.device_id))
        keys[key.device_id] = key
    return keys


def key_from_json(doc: Any) -> tuple[DeviceKey, str] | None:
    """The key and the fingerprint a key file's JSON states (not yet compared), or ``None`` if it is not one."""
    if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT or doc.get("algorithm") != ALGORITHM:
        return None
    texts = {name: doc.get(name, "") for name in ("device_id", "device_code", "name", "location_code",
                                                   "public_key", "fingerprint")}
    if not all(isinstance(value, str) for value in texts.values()):
        return None
    try:
        device_id = str(uuid.UUID(texts["device_id"]))
        public = base64.b64decode(texts["public_key"], validate=True)
    except (ValueError, binascii.Error):
        return None
    if device_id != texts["device_id"] or len(public) != PUBLIC_KEY_BYTES:
        return None
    return DeviceKey(device_id, public, texts["name"], texts["location_code"], texts["device_code"]), \
        texts["fingerprint"]
