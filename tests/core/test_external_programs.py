"""System programs started by the packaged app (fc-list, lp) run with the user's library path, not ours."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from intake_app import paths
from intake_app.receipts import system_fonts


def test_from_source_the_environment_is_inherited(monkeypatch):
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert paths.external_program_env() is None


def test_packaged_the_users_library_path_is_restored(monkeypatch):
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setenv("LD_LIBRARY_PATH", "/opt/field-intake/_internal:/home/user/lib")
    monkeypatch.setenv("LD_LIBRARY_PATH_ORIG", "/home/user/lib")
    env = paths.external_program_env()
    assert env is not None
    assert env["LD_LIBRARY_PATH"] == "/home/user/lib" and "LD_LIBRARY_PATH_ORIG" not in env
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG")
    env = paths.external_program_env()
    assert env is not None and "LD_LIBRARY_PATH" not in env  # the user had none


@pytest.mark.skipif(not shutil.which("fc-list") or sys.platform != "linux", reason="needs fontconfig's fc-list")
def test_packaged_app_still_finds_the_chinese_font_when_its_own_libraries_would_break_fc_list(monkeypatch, tmp_path):
    if not subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False).stdout.strip():
        pytest.skip("no Chinese font installed (CI installs fonts-wqy-zenhei)")
    # What the loader does in the package: its private folder first on the library path. A library there
    # that fc-list cannot load stands for any bundled copy the system program was not built against.
    (tmp_path / "libfontconfig.so.1").write_bytes(b"not a library")
    monkeypatch.setenv("LD_LIBRARY_PATH", str(tmp_path))
    monkeypatch.delenv("LD_LIBRARY_PATH_ORIG", raising=False)
    monkeypatch.setattr(system_fonts, "_known_files", lambda: [])
    monkeypatch.delattr(sys, "frozen", raising=False)
    assert list(system_fonts.cjk_candidates()) == []  # inherited as is, fc-list cannot start
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert list(system_fonts.cjk_candidates()) != []  # with the user's own path it finds the font
