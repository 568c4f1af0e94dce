"""``registry-keys.json``: the registry's three secrets, wrapped under one passphrase-derived key.

The three secrets are the SQLCipher database key, the Ed25519 signing key and
the HPKE private key, 32 random bytes each. The passphrase goes through
Argon2id once (parameters and salt stored in the file, at least 64 MiB, see
``intake_app.database.keyslots``). The derived key wraps each secret with
AES-256-GCM under its own nonce. The associated data binds each wrapped
secret to the file format, the registry id, the HPKE suite and the secret's
name. So a wrapped secret moved to another slot, another registry or another
suite does not open.

The file holds no personal data and nothing readable without the passphrase,
except the registry id and the suite name. It is written atomically, mode 0600.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol.suites import check_suite
from intake_app.safe_io import atomic_write_bytes
from intake_app.database import keyslots
from intake_app.database.keyslots import KdfParams

FILE_FORMAT = "intake-registry-keys/1"
SECRET_NAMES = ("database", "signing", "encryption")


class WrongRegistryPassphrase(UserError):
    """The passphrase does not open this registry."""


@dataclass(frozen=True)
class RegistrySecrets:
    """The unwrapped secrets; kept only in memory."""

    database_key: bytes = field(repr=False)
    signing_key: bytes = field(repr=False)
    encryption_key: bytes = field(repr=False)

    def by_name(self) -> dict[str, bytes]:
        return dict(zip(SECRET_NAMES, (self.database_key, self.signing_key, self.encryption_key), strict=True))


@dataclass(frozen=True)
class KeyFile:
    registry_id: str
    hpke_suite: str
    kdf: KdfParams
    #: secret name -> (nonce, ciphertext with tag), both base64
    wrapped: dict[str, tuple[str, str]]

    @classmethod
    def seal(cls, secrets: RegistrySecrets, *, registry_id: str, hpke_suite: str, passphrase: str,
             kdf: KdfParams | None = None) -> KeyFile:
        """Wrap ``secrets`` under a key derived from ``passphrase`` with a fresh salt."""
        params = (kdf or KdfParams()).fresh()
        kek = params.derive(passphrase)
        wrapped = {name: keyslots.wrap_key(kek, secret, _aad(registry_id, hpke_suite, name))
                   for name, secret in secrets.by_name().items()}
        return cls(registry_id, hpke_suite, params, wrapped)

    def open(self, passphrase: str, *, path: Path) -> RegistrySecrets:
        """The secrets, or :class:`WrongRegistryPassphrase`; a file that half opens is damaged."""
        kek = self.kdf.derive(passphrase)
        opened: list[bytes] = []
        for name in SECRET_NAMES:
            nonce, wrapped = self.wrapped[name]
            try:
                opened.append(keyslots.unwrap_key(kek, nonce, wrapped, _aad(self.registry_id, self.hpke_suite, name)))
            except keyslots.WrongPassphrase:
                if opened:  # the passphrase opened the first secret: this one was altered
                    raise damaged_key_file(path) from None
                raise WrongRegistryPassphrase(_("Wrong passphrase for the registry in {path}.").format(
                    path=path.parent)) from None
            except ValueError:
                raise damaged_key_file(path) from None
        return RegistrySecrets(*opened)

    def to_json(self) -> dict[str, Any]:
        return {"format": FILE_FORMAT, "registry_id": self.registry_id, "hpke_suite": self.hpke_suite,
                "kdf": self.kdf.to_json(),
                "secrets": {name: {"nonce": nonce, "wrapped_key": wrapped}
                            for name, (nonce, wrapped) in self.wrapped.items()}}

    def save(self, path: Path) -> None:
        atomic_write_bytes(path, json.dumps(self.to_json(), indent=2).encode("utf-8") + b"\n")

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        """Read the key file (its presence is checked by the caller); damaged files are refused."""
        try:
            raw = json.loads(path.read_bytes())
            if raw.get("format") != FILE_FORMAT:
                raise ValueError("format")
            secrets = raw["secrets"]
            wrapped = {name: (str(secrets[name]["nonce"]), str(secrets[name]["wrapped_key"]))
                       for name in SECRET_NAMES}
            return cls(str(raw["registry_id"]), check_suite(str(raw["hpke_suite"])),
                       KdfParams.from_json(raw["kdf"]), wrapped)
        except OSError as exc:
            raise UserError(_("Cannot read “{path}”: {reason}.").format(path=path, reason=exc.strerror)) from None
        except (ValueError, KeyError, TypeError, AttributeError, UserError):
            raise damaged_key_file(path) from None


def damaged_key_file(path: Path) -> UserError:
    return UserError(_("The registry key file {path} is damaged; restore it from a backup.").format(path=path))


def _aad(registry_id: str, hpke_suite: str, name: str) -> bytes:
    return b"\0".join((FILE_FORMAT.encode(), registry_id.encode(), hpke_suite.encode(), name.encode()))
