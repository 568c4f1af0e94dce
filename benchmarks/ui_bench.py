"""Desktop benchmarks, offscreen.

* start-up: process start → unlock window shown, beside a bare PySide6
  window measured the same way in the same run (target ≤ 2× the bare window);
* opening the asylum form with 50 family members (target ≤ 300 ms).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = int(os.environ.get("BENCH_UI_RUNS", "7"))

BARE = textwrap.dedent("""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    window = QMainWindow()
    window.resize(1280, 760)
    window.show()
    QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
    app.exec()
""")

OURS = textwrap.dedent("""
    from PySide6.QtCore import QTimer
    from intake_app.ui.application import build
    app, ctx = build([])
    from intake_app.ui.main_window import MainWindow
    window = MainWindow(ctx)
    window.show()
    QTimer.singleShot(0, lambda: (print("shown", flush=True), app.quit()))
    app.exec()
""")


def _time_to_shown(code: str, env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - start
    proc.wait(timeout=60)
    if line.strip() != "shown":
        raise RuntimeError("the window was not shown")
    return elapsed * 1000


def startup() -> None:
    from intake_app.store.store import Store

    data = Path(tempfile.mkdtemp(prefix="intake-ui-bench-"))
    Store(data).create(admin_username="admin", admin_passphrase="benchmark passphrase").close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", INTAKE_DATA_DIR=str(data), INTAKE_LANG="kk")
    _time_to_shown(BARE, env), _time_to_shown(OURS, env)  # warm the file cache
    bare = [_time_to_shown(BARE, env) for _ in range(RUNS)]
    ours = [_time_to_shown(OURS, env) for _ in range(RUNS)]
    b, o = statistics.median(bare), statistics.median(ours)
    print(f"start-up to unlock window (median of {RUNS}): {o:7.0f} ms")
    print(f"bare PySide6 window, same measure:             {b:7.0f} ms")
    print(f"start-up ratio ours/bare: {o / b:.2f}  (target <= 2.0)")


def form_with_family(members: int = 50) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from intake_app.forms import FormRegistry
    from intake_app.settings import Settings
    from intake_app.store.store import Store
    from intake_app.ui.context import UiContext
    from intake_app.ui.form.attachments_access import AttachmentAccess
    from intake_app.ui.form.editor import FormEditor

    app = QApplication.instance() or QApplication([])
    data = Path(tempfile.mkdtemp(prefix="intake-ui-bench-"))
    store = Store(data)
    session = store.create(admin_username="admin", admin_passphrase="benchmark passphrase")
    ctx = UiContext(store, Settings.in_dir(data))
    ctx.start_session(session)
    form = FormRegistry.from_dir(ROOT / "forms").get("asylum_application")
    sys.path.insert(0, str(ROOT))
    from tests.records.sample import application

    family = [(f"Абдуллаев {n}", f"Abdullaev {n}") for n in range(members)]
    values = application(family=family)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        editor = FormEditor(form, ctx, AttachmentAccess(ctx))
        editor.set_data(values)
        editor.resize(1366, 768)
        editor.show()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
        editor.close()
        editor.deleteLater()
        app.processEvents()
    print(f"open asylum form with {members} family members (median of 5): {statistics.median(times):6.0f} ms"
          "  (target <= 300 ms)")


def main() -> None:
    print("# desktop benchmarks (offscreen)")
    startup()
    form_with_family()
