"""The desktop entry point: a window where there is a display, one clear line where there is none."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT


def test_no_display_gives_one_line_not_a_qt_abort(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["INTAKE_LANG"] = "en"
    result = subprocess.run([sys.executable, "-c", "from intake_app.app import main; raise SystemExit(main())"],
                            capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "display" in result.stderr and "intake" in result.stderr
