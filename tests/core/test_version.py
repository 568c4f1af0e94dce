"""One version number, written once (``intake_app.__version__``) and shown everywhere from there."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib

from intake_app import __version__
from tests.conftest import ROOT


def test_the_version_is_written_in_one_place():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert setuptools["dynamic"]["version"] == {"attr": "intake_app.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:(?:a|b|rc)\d+)?", __version__)
    # Nothing else in the code or the packaging scripts spells the number out.
    written = [path for folder in ("intake_app", "packaging") for path in (ROOT / folder).rglob("*")
               if path.is_file() and path.suffix in (".py", ".spec", ".in", ".sh", ".txt", ".desktop")
               and f'"{__version__}"' in path.read_text(encoding="utf-8", errors="replace")]
    assert written == [ROOT / "intake_app" / "__init__.py"]


def test_intake_version_prints_it():
    result = subprocess.run([sys.executable, "-m", "intake_app.cli.main", "--version"], capture_output=True,
                            text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"Field Intake {__version__}"
