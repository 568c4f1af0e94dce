"""``intake registry …`` run for real in a subprocess, with the test registry's passphrase."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.cli.cli_helpers import Cli
from tests.conftest import REGISTRY_PW


def reg(cli: Cli, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``intake registry ARGS``; ``env`` is added to the environment (the passphrase can be overridden)."""
    env = {"INTAKE_REGISTRY_PASSPHRASE": REGISTRY_PW, **env}
    return cli.run("registry", *args, **env)


def ok(cli: Cli, *args: str, **env: str) -> str:
    result = reg(cli, *args, **env)
    assert result.returncode == 0, (result.stdout, result.stderr)
    return result.stdout


def fails(cli: Cli, *args: str, match: str, **env: str) -> None:
    """The command fails with exactly one ``Error:`` line containing ``match``.

    When an argument is a directory named ``reg`` (a registry made by ``intake registry init`` in the test),
    the command must change none of its files either.
    """
    directory = next((Path(a) for a in args if Path(a).name == "reg"), None)
    before = _snapshot(directory) if directory else None
    result = reg(cli, *args, **env)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert len(lines) == 1 and lines[0].startswith("Error: ") and match in lines[0], (result.stdout, result.stderr)
    if directory:
        assert _snapshot(directory) == before


def _snapshot(directory: Path) -> dict[str, bytes]:
    if not directory.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in directory.iterdir() if not p.name.endswith(("-wal", "-shm"))}
