"""The registry's HPKE key: which suites a registry may choose, the key's id, and the recipient devices seal to.

The suites themselves, the key encodings and HPKE are in
:mod:`intake_app.bundles.hpke` (the one place that knows them):

* ``MLKEM768-X25519/HKDF-SHA256/AES-256-GCM`` (default): the post-quantum
  hybrid KEM MLKEM768-X25519 (X-Wing, KEM id 0x647A, draft-ietf-hpke-pq). A
  bundle recorded off the network today stays secret unless *both* ML-KEM-768
  and X25519 are broken, so it cannot be decrypted later by a quantum computer.
* ``X25519/HKDF-SHA256/AES-256-GCM``: classic DHKEM(X25519) (KEM id 0x0020),
  for peers without ML-KEM.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

from intake_app.bundles.hpke import DEFAULT_SUITE, MLKEM768_X25519, SUITES, X25519
from intake_app.errors import UserError
from intake_app.i18n import _

__all__ = ["DEFAULT_SUITE", "MLKEM768_X25519", "PUBLIC_KEY_BYTES", "SUITE_NAMES", "X25519", "Recipient",
           "check_suite", "key_id"]

#: Short names for the command line (``--suite``).
SUITE_NAMES = {"mlkem768-x25519": MLKEM768_X25519, "x25519": X25519}
PUBLIC_KEY_BYTES = {suite_id: spec[2] for suite_id, spec in SUITES.items()}
_KEY_ID_PREFIX = b"FIELD-INTAKE/REGISTRY-HPKE-KEY/1\x00"


def check_suite(suite_id: str) -> str:
    if suite_id not in SUITES:
        raise UserError(_("Unknown encryption suite “{suite}”.").format(suite=suite_id))
    return suite_id


def key_id(suite_id: str, encoded: bytes) -> str:
    """32 hex digits naming this public key (and its suite): sealed data says which key opens it."""
    return hashlib.sha256(_KEY_ID_PREFIX + suite_id.encode("ascii") + b"\x00" + encoded).hexdigest()[:32]


@dataclass(frozen=True)
class Recipient:
    """What a device needs to seal data for the registry: the suite, the public key and its id."""

    suite_id: str
    public_key: bytes = b""
    key_id: str = ""

    @classmethod
    def of(cls, suite_id: str, encoded: bytes) -> Recipient:
        return cls(suite_id, encoded, key_id(suite_id, encoded))

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_key).decode("ascii")
