"""``intake-app --self-test``: an installation checks itself, offline and without a display."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from intake_app import __version__
from tests.conftest import ROOT


def _clean_env(tmp_path: Path, **env: str) -> dict[str, str]:
    """This process's environment without a display, with its temporary files in ``tmp_path``."""
    clean = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    clean.update(TMPDIR=str(tmp_path), **env)
    return clean


def _run(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import sys; from intake_app.app import main; "
                           "raise SystemExit(main(['intake-app', '--self-test']))"],
                          capture_output=True, text=True, env=_clean_env(tmp_path, **env), cwd=ROOT, timeout=180)


def test_self_test_passes_without_a_display_and_leaves_nothing_behind(tmp_path):
    result = _run(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "self-test passed"
    assert lines[0].startswith(f"Field Intake {__version__} (from source)")
    for check in ("encrypted store", "form definitions", "device time zone", "receipts (Dari+Kazakh",
                  "bundle sealed and opened", "Qt: icon, translations, printing"):
        assert any(line.startswith("ok    " + check) for line in lines), lines
    assert "qtbase kk/ru, 2 receipt pages rendered (PDFium) and printed" in result.stdout
    assert list(tmp_path.iterdir()) == []  # its temporary store (and the printed test page) are gone


def test_the_command_line_tool_runs_the_same_self_test(tmp_path):
    """On Windows the desktop program has no console, so ``intake self-test`` is how to see the lines."""
    result = subprocess.run([sys.executable, "-m", "intake_app.cli.main", "self-test"], capture_output=True, text=True,
                            env=_clean_env(tmp_path), cwd=ROOT, timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "self-test passed"
    assert sum(line.startswith("ok    ") for line in result.stdout.splitlines()) == 8


def test_self_test_names_what_failed(tmp_path):
    broken = Path(tempfile.mkdtemp(dir=tmp_path))
    (broken / "asylum_application").mkdir()
    (broken / "asylum_application" / "form.yaml").write_text("id: [not a form\n", encoding="utf-8")
    result = _run(tmp_path, INTAKE_FORMS_DIR=str(broken))
    assert result.returncode == 1
    assert any(line.startswith("FAIL  form definitions") for line in result.stdout.splitlines()), result.stdout
    assert result.stdout.splitlines()[-1].startswith("self-test FAILED")
