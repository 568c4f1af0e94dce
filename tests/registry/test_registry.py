"""Creating and opening a registry: its keys, its encrypted database, its enrolment file."""

from __future__ import annotations

import base64
import json
import sqlite3
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from intake_app.bundles import BundleError, RegistryRecipient, hpke
from intake_app.errors import UserError
from intake_app.protocol import suites
from intake_app.protocol.enrolment import Enrolment, read_enrolment_file, write_enrolment_file
from intake_app.registry import Registry, request_enrolment
from intake_app.registry.keyfile import KeyFile, WrongRegistryPassphrase
from intake_app.registry.registry import DB_NAME, KEYS_NAME
from intake_app.database.connection import DatabaseError
from tests.conftest import REGISTRY_PW
from tests.registry.conftest import CANARY_LOCATION, CANARY_NAME
from tests.registry.ingest_helpers import new_device_key, request_for


def _forms(text: str) -> list[bytes]:
    return [text.encode("utf-8"), text.encode("utf-16-le"), json.dumps(text).encode("ascii")]


def _all_bytes(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in directory.rglob("*") if p.is_file()}


@pytest.mark.real_argon2id
def test_init_creates_keys_database_and_audit_entry(registry, registry_dir):
    assert sorted(p.name for p in registry_dir.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        KEYS_NAME, DB_NAME]
    assert stat.S_IMODE(registry_dir.stat().st_mode) == 0o700
    for name in (KEYS_NAME, DB_NAME):
        assert stat.S_IMODE((registry_dir / name).stat().st_mode) == 0o600
    raw = json.loads((registry_dir / KEYS_NAME).read_text())
    assert raw["kdf"]["alg"] == "argon2id" and raw["kdf"]["memory_kib"] >= 64 * 1024
    assert sorted(raw["secrets"]) == ["database", "encryption", "signing"]
    assert raw["hpke_suite"] == suites.MLKEM768_X25519 == registry.recipient().suite_id
    count, problems = registry.verify_audit()
    assert (count, problems) == (1, [])
    entry = registry.audit_entries()[0]
    assert (entry.action, entry.actor, entry.target) == ("registry.create", "amina", registry.registry_id)
    assert entry.details["fingerprint"] == registry.enrolment.fingerprint


def test_nothing_is_readable_without_the_passphrase(registry, registry_dir):
    request_enrolment(registry, request_for(new_device_key(CANARY_NAME, CANARY_LOCATION)), operator="amina")
    secrets = KeyFile.load(registry_dir / KEYS_NAME).open(REGISTRY_PW, path=registry_dir / KEYS_NAME)
    registry.close()
    files = _all_bytes(registry_dir)
    needles = [*_forms(CANARY_NAME), *_forms(CANARY_LOCATION), b"Committee on Migration", b"amina"]
    for secret in secrets.by_name().values():
        needles += [secret, base64.b64encode(secret), secret.hex().encode()]
    found = [(name, needle[:12]) for name, data in files.items() for needle in needles if needle in data]
    assert found == []
    with pytest.raises((sqlite3.DatabaseError, DatabaseError)):
        sqlite3.connect(registry_dir / DB_NAME).execute("SELECT * FROM sqlite_master").fetchall()


def test_reopens_with_the_passphrase_and_keeps_its_keys(registry, registry_dir):
    enrolment = registry.enrolment
    request_enrolment(registry, request_for(new_device_key()), operator="amina")
    registry.close()
    with Registry.open(registry_dir, REGISTRY_PW) as again:
        assert again.enrolment == enrolment
        assert len(again.audit_entries()) == 2


def test_wrong_passphrase_is_refused(registry, registry_dir):
    registry.close()
    before = _all_bytes(registry_dir)
    with pytest.raises(WrongRegistryPassphrase, match="Wrong passphrase"):
        Registry.open(registry_dir, REGISTRY_PW + "x")
    assert _all_bytes(registry_dir) == before


def test_init_twice_is_refused_and_changes_nothing(registry, registry_dir):
    registry.close()
    before = _all_bytes(registry_dir)
    with pytest.raises(UserError, match="already exists"):
        Registry.create(registry_dir, "another passphrase", operator="amina")
    assert _all_bytes(registry_dir) == before


def test_init_refuses_a_directory_with_other_files_and_a_weak_passphrase(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(UserError, match="not empty"):
        Registry.create(tmp_path, REGISTRY_PW, operator="amina")
    with pytest.raises(UserError, match="at least 10"):
        Registry.create(tmp_path / "new", "short", operator="amina")
    with pytest.raises(UserError, match="URL"):
        Registry.create(tmp_path / "new", REGISTRY_PW, operator="amina", url="ftp://example.org")
    assert not (tmp_path / "new").exists()


def test_an_existing_empty_directory_is_used_and_closed_to_others(tmp_path):
    directory = tmp_path / "empty"
    directory.mkdir(mode=0o755)
    Registry.create(directory, REGISTRY_PW, operator="amina").close()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700


def test_missing_or_damaged_files_are_named(registry, registry_dir, tmp_path):
    registry.close()
    with pytest.raises(UserError, match="No registry was found"):
        Registry.open(tmp_path / "nowhere", REGISTRY_PW)
    keys = (registry_dir / KEYS_NAME).read_bytes()
    (registry_dir / KEYS_NAME).unlink()
    with pytest.raises(UserError, match="key file .* is missing"):
        Registry.open(registry_dir, REGISTRY_PW)
    (registry_dir / KEYS_NAME).write_bytes(b"{not json")
    with pytest.raises(UserError, match="key file .* is damaged"):
        Registry.open(registry_dir, REGISTRY_PW)
    doc = json.loads(keys)
    doc["kdf"]["memory_kib"] = 1024  # a weakened KDF is refused, not used
    (registry_dir / KEYS_NAME).write_text(json.dumps(doc))
    with pytest.raises(UserError, match="key file .* is damaged"):
        Registry.open(registry_dir, REGISTRY_PW)
    doc = json.loads(keys)
    doc["secrets"]["signing"]["wrapped_key"] = base64.b64encode(b"\0" * 48).decode()
    (registry_dir / KEYS_NAME).write_text(json.dumps(doc))
    with pytest.raises(UserError, match="key file .* is damaged"):
        Registry.open(registry_dir, REGISTRY_PW)
    (registry_dir / KEYS_NAME).write_bytes(keys)
    db = registry_dir / DB_NAME
    data = bytearray(db.read_bytes())
    data[5000] ^= 0xFF
    db.write_bytes(bytes(data))
    with pytest.raises(UserError, match="registry database .* cannot be read"):
        Registry.open(registry_dir, REGISTRY_PW)
    db.unlink()
    with pytest.raises(UserError, match="registry database .* is missing"):
        Registry.open(registry_dir, REGISTRY_PW)


def test_a_key_file_from_another_registry_does_not_open_this_database(registry, registry_dir, tmp_path):
    registry.close()
    Registry.create(tmp_path / "other", REGISTRY_PW, operator="amina").close()
    (registry_dir / KEYS_NAME).write_bytes((tmp_path / "other" / KEYS_NAME).read_bytes())
    with pytest.raises(UserError, match="cannot be read|does not belong"):
        Registry.open(registry_dir, REGISTRY_PW)


def test_enrolment_file_round_trips_and_its_fingerprint_is_stable(registry, registry_dir, tmp_path):
    enrolment = registry.enrolment
    write_enrolment_file(tmp_path / "enrol.json", enrolment)
    doc = json.loads((tmp_path / "enrol.json").read_text())
    assert doc["registry_id"] == registry.registry_id and doc["url"] == "https://registry.example.kz/intake"
    assert doc["hpke_suite"] == suites.MLKEM768_X25519
    assert len(base64.b64decode(doc["encryption_public_key"])) == 1216
    assert len(base64.b64decode(doc["signing_public_key"])) == 32
    assert doc["encryption_key_id"] == registry.recipient().key_id
    groups = doc["fingerprint"].split(" ")
    assert len(groups) == 16 and all(len(g) == 4 for g in groups)
    assert read_enrolment_file(tmp_path / "enrol.json") == enrolment
    registry.close()
    with Registry.open(registry_dir, REGISTRY_PW) as again:
        assert again.enrolment.fingerprint == doc["fingerprint"]
    # The fingerprint covers the keys and the id, not the name or URL.
    renamed = Enrolment(**{**vars(enrolment), "name": "Other", "url": "https://elsewhere.example"})
    assert renamed.fingerprint == enrolment.fingerprint


@pytest.mark.parametrize("field", ["signing_public_key", "encryption_public_key", "registry_id", "hpke_suite",
                                   "fingerprint", "encryption_key_id"])
def test_an_edited_enrolment_file_is_refused(registry, tmp_path, field):
    doc = registry.enrolment.to_json()
    other = Registry.create(tmp_path / "other", REGISTRY_PW, operator="amina", suite=suites.X25519)
    doc[field] = other.enrolment.to_json()[field]
    other.close()
    (tmp_path / "edited.json").write_text(json.dumps(doc))
    with pytest.raises(UserError, match="not a valid Field Intake registry enrolment file"):
        read_enrolment_file(tmp_path / "edited.json")


@pytest.mark.parametrize("suite", [suites.MLKEM768_X25519, suites.X25519])
def test_devices_seal_to_the_recipient_and_only_the_registry_opens(tmp_path, suite):
    with Registry.create(tmp_path / "reg", REGISTRY_PW, operator="amina", suite=suite) as registry:
        recipient = read_enrolment_file_of(registry, tmp_path).recipient
        assert recipient == registry.recipient()
        data_key, info = bytes(range(32)), b"FIELD-INTAKE/TEST\x00"
        sealed = hpke.wrap_data_key(RegistryRecipient(registry.registry_id, recipient.suite_id, recipient.public_key,
                                                      recipient.key_id), data_key, info)
        assert registry.bundle_key().unwrap_data_key(sealed, info) == data_key
        with Registry.create(tmp_path / "other", REGISTRY_PW, operator="amina", suite=suite) as other:
            with pytest.raises(BundleError):
                other.bundle_key().unwrap_data_key(sealed, info)


def read_enrolment_file_of(registry: Registry, tmp_path: Path) -> Enrolment:
    write_enrolment_file(tmp_path / "e.json", registry.enrolment)
    return read_enrolment_file(tmp_path / "e.json")


def test_signatures_verify_with_the_enrolment_key(registry):
    signature = registry.sign(b"FIELD-INTAKE/TEST\x00payload")
    Ed25519PublicKey.from_public_bytes(registry.enrolment.signing_public_key).verify(
        signature, b"FIELD-INTAKE/TEST\x00payload")


def test_a_closed_registry_holds_no_keys(registry):
    registry.close()
    with pytest.raises(RuntimeError):
        registry.sign(b"x")
    with pytest.raises(RuntimeError):
        registry.bundle_key()


def test_hybrid_key_encoding_matches_the_published_x_wing_vector():
    """draft-connolly-cfrg-xwing-kem-08, Appendix C, first vector: a known-answer check of the encoding
    (32-byte seed -> ML-KEM-768 key || X25519 key), not a key used anywhere."""
    seed = bytes.fromhex("7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26")
    public = suites.public_bytes(suites.MLKEM768_X25519, seed)
    assert len(public) == 1216
    assert public.startswith(bytes.fromhex("e2236b35a8c24b39b10aa1323a96a919a2ced88400633a7b07131713fc14b2b5"))
    assert public.endswith(bytes.fromhex("eff389b27dce59844570216223593d4ba32d9abac8cd049040ef6534"))
