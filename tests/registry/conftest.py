"""Real registries in temporary directories: real SQLCipher files, keys drawn at run time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from intake_app.registry import Registry
from tests.conftest import REGISTRY_PW, FakeClock

#: Distinctive texts that must never appear in plaintext in the registry's directory.
CANARY_NAME = "Canary-Khorgos-Ωмега laptop"
CANARY_LOCATION = "KZ-CANARY-ZHT7"


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
