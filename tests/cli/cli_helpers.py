"""Running the real ``intake`` command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tests.conftest import ADMIN_PW, FORMS_DIR, MONITOR_PW, OFFICER_PW, ROOT

#: The command as installed (``intake``), with the real Argon2id parameters.
INTAKE = [sys.executable, "-m", "intake_app"]
#: The same command with the test suite's cheap key slot parameters (tests/conftest.py), as the tests run it.
INTAKE_FOR_TESTS = [sys.executable, str(Path(__file__).with_name("intake_for_tests.py"))]


@dataclass
class Cli:
    data_dir: Path
    tmp_dir: Path
    user: str = "admin"
    passphrase: str = ADMIN_PW
    #: The command: this source tree's (``INTAKE_FOR_TESTS`` or ``INTAKE``), or a built package's (tests/packaging).
    program: list[str] = field(default_factory=lambda: list(INTAKE_FOR_TESTS))
    #: ``None``: the forms the program ships with.
    forms_dir: Path | None = FORMS_DIR
    #: The environment to start from (default: this process's, without INTAKE_ variables).
    base_env: dict[str, str] | None = None

    def env(self, **extra: str) -> dict[str, str]:
        base = os.environ if self.base_env is None else self.base_env
        env = {k: v for k, v in base.items() if not k.startswith("INTAKE_")}
        env.update({"INTAKE_DATA_DIR": str(self.data_dir), "INTAKE_USER": self.user,
                    "INTAKE_PASSPHRASE": self.passphrase, "INTAKE_LANG": "en",
                    "TMPDIR": str(self.tmp_dir), "TEMP": str(self.tmp_dir), "TMP": str(self.tmp_dir)})
        if self.forms_dir is not None:
            env["INTAKE_FORMS_DIR"] = str(self.forms_dir)
        env.update(extra)
        return env

    def run(self, *args: str, input: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        return subprocess.run([*self.program, *args], input=input, capture_output=True,
                              text=True, env=self.env(**env), cwd=ROOT, timeout=120)

    def ok(self, *args: str, input: str | None = None, **env: str) -> str:
        result = self.run(*args, input=input, **env)
        assert result.returncode == 0, (result.stdout, result.stderr)
        return result.stdout

    def as_user(self, user: str, passphrase: str) -> Cli:
        return replace(self, user=user, passphrase=passphrase)

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))


def init_store(cli: Cli) -> tuple[Cli, Cli]:
    """A store with an admin (``cli``), an officer and a monitor; returns (officer, monitor)."""
    cli.ok("init", "--admin", "admin", "--device-name", "Laptop 7", "--location", "KZ-ALA")
    cli.ok("user", "add", "officer", "--role", "officer", INTAKE_NEW_PASSPHRASE=OFFICER_PW)
    cli.ok("user", "add", "monitor", "--role", "monitor", INTAKE_NEW_PASSPHRASE=MONITOR_PW)
    return cli.as_user("officer", OFFICER_PW), cli.as_user("monitor", MONITOR_PW)
