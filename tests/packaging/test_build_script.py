"""Parts of packaging/build.py that need no PyInstaller run: signing hook, checksums, repeatable archive."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="drives the Linux layout")


def _build_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("intake_build", ROOT / "packaging" / "build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_package(tmp_path: Path) -> Path:
    folder = tmp_path / "a folder with spaces" / "field-intake-test"
    (folder / "_internal").mkdir(parents=True)
    for name in ("intake-app", "intake"):
        (folder / name).write_bytes(b"program " + name.encode())
        (folder / name).chmod(0o755)
    (folder / "_internal" / "data.txt").write_text("data", encoding="utf-8")
    (folder / "_internal" / "link.txt").symlink_to("data.txt")
    return folder


def test_the_signing_command_runs_on_each_program_before_the_checksums(tmp_path):
    build = _build_script()
    folder = _fake_package(tmp_path)
    build.sign_programs(folder, "printf ' signed' >> {file}")
    build.write_checksums(folder)
    for name in ("intake-app", "intake"):
        assert (folder / name).read_bytes().endswith(b" signed")
    check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=folder, capture_output=True,
                           text=True, check=False)
    assert check.returncode == 0 and "intake-app: OK" in check.stdout  # the checksums are of the signed files
    with pytest.raises(subprocess.CalledProcessError):
        build.sign_programs(folder, "false {file}")  # a failed signature stops the build


def test_the_archive_is_the_same_bytes_whenever_it_is_made(tmp_path):
    build = _build_script()
    folder = _fake_package(tmp_path)
    first = build.make_archive(folder, 1767225600)
    digest = hashlib.sha256(first.read_bytes()).hexdigest()
    (folder / "_internal" / "data.txt").touch()  # a new modification time, same content
    first.unlink()
    again = build.make_archive(folder, 1767225600)
    assert hashlib.sha256(again.read_bytes()).hexdigest() == digest
    with tarfile.open(again) as archive:
        members = {m.name: m for m in archive.getmembers()}
    assert members["field-intake-test/_internal/link.txt"].issym()
    assert {m.mtime for m in members.values()} == {1767225600}
    assert members["field-intake-test/intake-app"].mode == 0o755
