"""A registry directory, opened with its passphrase: keys in memory, the encrypted database open.

Layout of the directory (nothing in it is readable without the passphrase,
except the registry id and the name of the HPKE suite):

* ``registry-keys.json``: the database key, the Ed25519 signing key and the
  HPKE private key, wrapped under one Argon2id-derived key (``keyfile``);
* ``registry.db`` (+ ``-wal``/``-shm``): the SQLCipher database, opened as the
  device store's is (``intake_app.database.connection``): registry metadata,
  enrolled devices, later the received records, and the audit log.

The enrolment file is not stored: it is computed from the keys and the
metadata each time, so what devices are given always matches the keys the
registry really holds.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from typing import Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from intake_app import audit
from intake_app.audit import AuditEntry, AuditProblem
from intake_app.bundles.hpke import RegistryKey
from intake_app.clock import Clock, iso, utc_now
from intake_app.credentials import check_passphrase_strength, check_username
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.protocol import suites
from intake_app.protocol.enrolment import Enrolment
from intake_app.registry.keyfile import KeyFile, RegistrySecrets
from intake_app.registry.migrations import migrate
from intake_app.database.connection import Connection, DatabaseError, open_database, transaction
from intake_app.database.keyslots import KdfParams, new_database_key

DB_NAME = "registry.db"
KEYS_NAME = "registry-keys.json"
MAX_NAME = 80
MAX_URL = 2000

DeviceStatus = Literal["unknown", "pending", "approved", "revoked"]


class Registry:
    """An open registry. Use :meth:`create` or :meth:`open`; close it (or use ``with``) when done."""

    def __init__(self, directory: Path, conn: Connection, secrets: RegistrySecrets, enrolment: Enrolment,
                 clock: Clock) -> None:
        self.directory = directory
        self.conn = conn
        self.enrolment = enrolment
        self.clock = clock
        self._signing_key: Ed25519PrivateKey | None = Ed25519PrivateKey.from_private_bytes(secrets.signing_key)
        recipient = enrolment.recipient
        self._bundle_key: RegistryKey | None = RegistryKey(
            recipient.suite_id, recipient.key_id, suites.private_key(recipient.suite_id, secrets.encryption_key),
            recipient.public_key)

    # -- creating and opening -------------------------------------------------

    @classmethod
    def create(cls, directory: Path | str, passphrase: str, *, operator: str, name: str = "", url: str = "",
               suite: str = suites.DEFAULT_SUITE, kdf: KdfParams | None = None,
               clock: Clock = utc_now) -> Registry:
        """Create a registry in ``directory`` (new or empty), with keys drawn now; returns it open."""
        directory = Path(directory)
        check_new_directory(directory)
        operator, name, url = check_username(operator), check_name(name), check_url(url)
        suites.check_suite(suite)
        check_passphrase_strength(passphrase)
        made_dir = not directory.exists()
        try:
            directory.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(directory, 0o700)  # also when it existed, empty
        except OSError as exc:
            raise UserError(_("Cannot create “{path}”: {reason}.").format(path=directory, reason=exc.strerror)) \
                from None
        try:
            return cls._create_in(directory, passphrase, operator=operator, name=name, url=url, suite=suite,
                                  kdf=kdf, clock=clock)
        except BaseException:
            if made_dir and not any(directory.iterdir()):
                directory.rmdir()
            raise

    @classmethod
    def _create_in(cls, directory: Path, passphrase: str, *, operator: str, name: str, url: str, suite: str,
                   kdf: KdfParams | None, clock: Clock) -> Registry:
        registry_id = str(uuid.uuid4())
        secrets = RegistrySecrets(new_database_key(), os.urandom(32), suites.new_private_key())
        key_file = KeyFile.seal(secrets, registry_id=registry_id, hpke_suite=suite, passphrase=passphrase, kdf=kdf)
        db_path = directory / DB_NAME
        now = clock()
        enrolment = _enrolment(secrets, registry_id=registry_id, name=name, url=url, suite=suite,
                               created_at=iso(now))
        conn = open_database(db_path, secrets.database_key, create=True)
        try:
            os.chmod(db_path, 0o600)  # SQLite gives -wal and -shm the same mode
            migrate(conn)
            with transaction(conn):
                meta = {"registry_id": registry_id, "name": name, "url": url, "hpke_suite": suite,
                        "created_at": enrolment.created_at, "fingerprint": enrolment.fingerprint}
                conn.executemany("INSERT INTO meta (key, value) VALUES (?, ?)", meta.items())
                audit.append(conn, operator, "registry.create", registry_id,
                             {"fingerprint": enrolment.fingerprint, "hpke_suite": suite,
                              "encryption_key_id": enrolment.recipient.key_id, "name": name, "url": url}, at=now)
                # Written last, inside the transaction: if it fails, the database is removed below.
                key_file.save(directory / KEYS_NAME)
        except BaseException:
            conn.close()
            if not (directory / KEYS_NAME).exists():
                for suffix in ("", "-wal", "-shm"):
                    Path(str(db_path) + suffix).unlink(missing_ok=True)
            raise
        return cls(directory, conn, secrets, enrolment, clock)

    @classmethod
    def open(cls, directory: Path | str, passphrase: str, *, clock: Clock = utc_now) -> Registry:
        """Open the registry in ``directory``; a wrong passphrase or a damaged file is a clear :class:`UserError`."""
        directory = Path(directory)
        check_files(directory)
        keys_path, db_path = directory / KEYS_NAME, directory / DB_NAME
        key_file = KeyFile.load(keys_path)
        secrets = key_file.open(passphrase, path=keys_path)
        try:
            conn = open_database(db_path, secrets.database_key)
        except UserError:
            raise damaged_registry_error(directory) from None
        try:
            _check_readable(conn, directory)
            migrate(conn)
            meta = dict(conn.execute("SELECT key, value FROM meta"))
            enrolment = _enrolment(secrets, registry_id=meta.get("registry_id", ""), name=meta.get("name", ""),
                                   url=meta.get("url", ""), suite=key_file.hpke_suite,
                                   created_at=meta.get("created_at", ""))
            if (meta.get("registry_id"), meta.get("hpke_suite"), meta.get("fingerprint")) != (
                    key_file.registry_id, key_file.hpke_suite, enrolment.fingerprint):
                raise UserError(_("The registry key file does not belong to the registry database in {path}.").format(
                    path=directory))
        except BaseException:
            conn.close()
            raise
        return cls(directory, conn, secrets, enrolment, clock)

    # -- what the server uses -------------------------------------------------

    @property
    def registry_id(self) -> str:
        return self.enrolment.registry_id

    def device_status(self, device_id: str) -> DeviceStatus:
        row = self.conn.execute("SELECT status FROM devices WHERE device_id = ?", (device_id,)).fetchone()
        if row is None:
            return "unknown"
        status: DeviceStatus = row[0]
        return status

    def device_public_key(self, device_id: str) -> bytes | None:
        """The raw Ed25519 public key of a known device, whatever its status (check :meth:`device_status`)."""
        row = self.conn.execute("SELECT public_key FROM devices WHERE device_id = ?", (device_id,)).fetchone()
        return None if row is None else bytes(row[0])

    def recipient(self) -> suites.Recipient:
        """The suite, encryption public key and key id that devices seal bundles to."""
        return self.enrolment.recipient

    def bundle_key(self) -> RegistryKey:
        """The HPKE private key that opens bundles sealed to :meth:`recipient`; only in this process's memory."""
        if self._bundle_key is None:
            raise RuntimeError("the registry is closed")
        return self._bundle_key

    def sign(self, payload: bytes) -> bytes:
        """The registry's Ed25519 signature (64 bytes) over ``payload`` (which must carry its own domain prefix)."""
        if self._signing_key is None:
            raise RuntimeError("the registry is closed")
        return self._signing_key.sign(payload)

    # -- the audit log ---------------------------------------------------------

    def audit_entries(self, *, limit: int | None = None) -> list[AuditEntry]:
        return audit.entries(self.conn, limit=limit)

    def verify_audit(self) -> tuple[int, list[AuditProblem]]:
        return audit.verify(self.conn)

    def close(self) -> None:
        self.conn.close()
        self._signing_key = self._bundle_key = None

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def registry_exists(directory: Path) -> bool:
    return (directory / KEYS_NAME).is_file() or (directory / DB_NAME).is_file()


def check_new_directory(directory: Path) -> None:
    """Refuse to create a registry where one exists, or in a file or a directory holding other files."""
    if registry_exists(directory):
        raise UserError(_("A registry already exists in {path}.").format(path=directory))
    if directory.exists() and not directory.is_dir():
        raise UserError(_("“{path}” exists and is not a directory.").format(path=directory))
    if directory.exists() and any(directory.iterdir()):
        raise UserError(_("{path} is not empty: choose a new or empty directory for the registry.").format(
            path=directory))


def check_files(directory: Path) -> None:
    """Refuse to open a directory that lacks the key file or the database (before asking for a passphrase)."""
    keys_path, db_path = directory / KEYS_NAME, directory / DB_NAME
    if not keys_path.is_file() and not db_path.is_file():
        raise UserError(_("No registry was found in {path}. Create one with “intake registry init”.").format(
            path=directory))
    if not keys_path.is_file():
        raise UserError(_("The registry key file {path} is missing, so the registry cannot be opened; "
                          "restore it from a backup.").format(path=keys_path))
    if not db_path.is_file():
        raise UserError(_("The registry database {path} is missing; restore it from a backup.").format(
            path=db_path))


def check_name(name: str) -> str:
    name = name.strip()
    if len(name) > MAX_NAME or not name.isprintable():
        raise UserError(_("A registry name has at most {n} characters and no control characters.").format(n=MAX_NAME))
    return name


def check_url(url: str) -> str:
    """An ``https://`` (or ``http://``) URL with a host, or empty (devices then sync by file)."""
    from urllib.parse import urlsplit

    url = url.strip()
    if not url:
        return url
    try:
        parts = urlsplit(url)
        ok = parts.scheme in ("https", "http") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok or len(url) > MAX_URL or not url.isprintable() or " " in url:
        raise UserError(_("The URL must start with https:// (or http://) and name a host; got “{url}”.").format(
            url=url))
    return url


def damaged_registry_error(directory: Path) -> UserError:
    return UserError(_("The registry database in {path} cannot be read: it is damaged or is not a Field Intake "
                       "registry. Restore it from a backup.").format(path=directory))


def _check_readable(conn: Connection, directory: Path) -> None:
    """Read every page once, so that a damaged file is reported at opening, not half-way through a task."""
    try:
        if conn.execute("PRAGMA cipher_integrity_check").fetchall():
            raise DatabaseError("integrity")
    except DatabaseError:
        raise damaged_registry_error(directory) from None


def _enrolment(secrets: RegistrySecrets, *, registry_id: str, name: str, url: str, suite: str,
               created_at: str) -> Enrolment:
    signing_public = Ed25519PrivateKey.from_private_bytes(secrets.signing_key).public_key().public_bytes_raw()
    return Enrolment(registry_id, name, url, signing_public, suite,
                     suites.public_bytes(suite, secrets.encryption_key), created_at)
