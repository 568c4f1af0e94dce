"""Running the real ``intake`` command in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.conftest import FORMS_DIR, ROOT


@dataclass
class Cli:
    data_dir: Path
    tmp_dir: Path
    user: str = "admin"
    passphrase: str = "admin passphrase 1"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("INTAKE_")}
        env.update({"INTAKE_DATA_DIR": str(self.data_dir), "INTAKE_FORMS_DIR": str(FORMS_DIR),
                    "INTAKE_USER": self.user, "INTAKE_PASSPHRASE": self.passphrase, "INTAKE_LANG": "en",
                    "TMPDIR": str(self.tmp_dir), "TEMP": str(self.tmp_dir), "TMP": str(self.tmp_dir)})
        env.update(extra)
        return env

    def run(self, *args: str, input: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        return subprocess.run([sys.executable, "-m", "intake_app", *args], input=input, capture_output=True,
                              text=True, env=self.env(**env), cwd=ROOT, timeout=120)

    def ok(self, *args: str, input: str | None = None, **env: str) -> str:
        result = self.run(*args, input=input, **env)
        assert result.returncode == 0, (result.stdout, result.stderr)
        return result.stdout

    def as_user(self, user: str, passphrase: str) -> Cli:
        return Cli(self.data_dir, self.tmp_dir, user, passphrase)

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))


def init_store(cli: Cli) -> tuple[Cli, Cli]:
    """A store with an admin (``cli``), an officer and a monitor; returns (officer, monitor)."""
    cli.ok("init", "--admin", "admin", "--device-name", "Laptop 7", "--location", "KZ-ALA")
    cli.ok("user", "add", "officer", "--role", "officer", INTAKE_NEW_PASSPHRASE="officer passphrase 1")
    cli.ok("user", "add", "monitor", "--role", "monitor", INTAKE_NEW_PASSPHRASE="monitor passphrase 1")
    return cli.as_user("officer", "officer passphrase 1"), cli.as_user("monitor", "monitor passphrase 1")
