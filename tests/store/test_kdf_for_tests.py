"""The suite's cheap Argon2id parameters (tests/conftest.py) stay in the tests.

A normal run makes key slots and registry key files at 64 MiB, refuses a store
or registry whose slots have the test parameters, and cannot switch them on.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from intake_app.registry import Registry
from intake_app.database import keyslots
from tests.cli.cli_helpers import INTAKE, Cli
from tests.conftest import REGISTRY_PW

TEST_COST = (keyslots.TEST_MEMORY_KIB, keyslots.TEST_ITERATIONS, keyslots.TEST_LANES)


def _costs(document: dict) -> set[tuple[int, int, int]]:
    kdfs = [slot["kdf"] for slot in document["slots"]] if "slots" in document else [document["kdf"]]
    return {(kdf["memory_kib"], kdf["iterations"], kdf["lanes"]) for kdf in kdfs}


def test_the_suite_makes_its_stores_with_the_cheap_parameters(store):
    assert _costs(json.loads(store.slots_path.read_text())) == {TEST_COST}


def test_the_real_program_refuses_a_store_made_with_the_test_parameters(store, tmp_path):
    real = Cli(store.directory, tmp_path / "tmp", program=INTAKE)
    result = real.run("user", "list")
    assert result.returncode == 1
    assert "The key slot file" in result.stderr and "is damaged" in result.stderr
    assert "officer" not in result.stdout


def test_the_real_program_refuses_a_registry_made_with_the_test_parameters(tmp_path):
    Registry.create(tmp_path / "reg", REGISTRY_PW, operator="amina", name="Test registry",
                    url="https://registry.example.kz/intake").close()
    real = Cli(tmp_path / "data", tmp_path / "tmp", program=INTAKE)
    result = real.run("registry", "export-enrolment", str(tmp_path / "reg"), "--out", str(tmp_path / "e.json"),
                      INTAKE_REGISTRY_PASSPHRASE=REGISTRY_PW)
    assert result.returncode == 1 and "key file" in result.stderr and "is damaged" in result.stderr
    assert not (tmp_path / "e.json").exists()


def test_the_real_program_makes_and_opens_real_key_slots(tmp_path):
    real = Cli(tmp_path / "data", tmp_path / "tmp", program=INTAKE)
    real.ok("init", "--admin", "admin", "--device-name", "Laptop 7", "--location", "KZ-ALA")
    (cost,) = _costs(json.loads((tmp_path / "data" / "keyslots.json").read_text()))
    assert cost == (keyslots.DEFAULT_MEMORY_KIB, keyslots.DEFAULT_ITERATIONS, keyslots.DEFAULT_LANES)
    assert cost[0] >= 64 * 1024
    assert "admin" in real.ok("user", "list")


def test_the_cheap_parameters_cannot_be_switched_on_outside_the_tests(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    code = "from intake_app.database import keyslots; keyslots.use_test_parameters()"
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                            cwd=Path(tmp_path))
    assert result.returncode == 1 and "for the test suite only" in result.stderr
