"""Real registries in temporary directories: real SQLCipher files, keys drawn at run time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from intake_app.receipts.keys import DeviceKey
from intake_app.registry import EnrolmentRequest, Registry
from tests.conftest import FakeClock

REGISTRY_PW = "registry passphrase 1"
#: Distinctive texts that must never appear in plaintext in the registry's directory.
CANARY_NAME = "Canary-Khorgos-Ωмега laptop"
CANARY_LOCATION = "KZ-CANARY-ZHT7"


def new_device_key(name: str = "Khorgos BCP laptop 2", location: str = "KZ-ZHT-KHORGOS") -> DeviceKey:
    """A device's public key as ``intake device export-key`` gives it, drawn now."""
    import uuid

    public = Ed25519PrivateKey.generate().public_key().public_bytes_raw()
    return DeviceKey(str(uuid.uuid4()), public, name, location, "7KQM4R")


def request_for(key: DeviceKey) -> EnrolmentRequest:
    return EnrolmentRequest.from_device_key(key, at=datetime(2026, 11, 24, 4, 0, tzinfo=UTC))


@pytest.fixture
def registry_dir(tmp_path: Path) -> Path:
    return tmp_path / "registry"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def registry(registry_dir: Path, clock: FakeClock) -> Iterator[Registry]:
    reg = Registry.create(registry_dir, REGISTRY_PW, operator="amina", name="Committee on Migration",
                          url="https://registry.example.kz/intake", clock=clock)
    yield reg
    reg.close()
