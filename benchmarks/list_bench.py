"""The records list at scale, offscreen: a user's walk through 20,000 applications beside 200, in the same run.

The walk: show the list, scroll to the end, drag the scroll bar around, sort by
receipt number and scroll to the end again. The list reads pages of rows when
they are shown and keeps only a few (``RecordListModel.MAX_PAGES``), so the walk
should cost about the same for any number of records (ratio near 1) and the
rows held stay under that bound. (Until issue 16 this was a test with a 20 s
budget.) ``BENCH_LIST_RECORDS`` sets the larger list (default 20,000).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RECORDS = int(os.environ.get("BENCH_LIST_RECORDS", "20000"))
BASELINE_RECORDS = 200
RUNS = 3
PASSPHRASE = "benchmark passphrase"


def _officer_context(records: int) -> Any:
    """A desktop context unlocked by an officer, on a new store holding ``records`` applications."""
    from intake_app.roles import Role
    from intake_app.settings import Settings
    from intake_app.store.store import Store
    from intake_app.ui.context import UiContext
    from intake_app.users.service import add_user
    from tests.ui.records.bulk import bulk_applications

    data = Path(tempfile.mkdtemp(prefix="intake-list-bench-"))
    store = Store(data)
    with store.create(admin_username="admin", admin_passphrase=PASSPHRASE) as admin:
        add_user(admin, "officer", Role.OFFICER, PASSPHRASE, "Officer")
    officer = store.unlock("officer", PASSPHRASE)
    officer.forms_dir = ROOT / "forms"
    bulk_applications(officer, records)
    ctx = UiContext(store, Settings.in_dir(data))
    ctx.start_session(officer)
    return ctx


def _walk(app: Any, ctx: Any) -> tuple[float, int, int]:
    """One walk: (milliseconds, rows read from the store, rows held at the end)."""
    from intake_app.ui.records import RecordsPage
    from intake_app.ui.records.model import RECEIPT

    start = time.perf_counter()
    page = RecordsPage(ctx)
    page.resize(1366, 768)
    page.show()
    app.processEvents()
    page.table.scrollToBottom()
    page.grab()  # paint the last screen
    bar = page.table.verticalScrollBar()
    for fraction in (0.25, 0.5, 0.75, 0.1, 0.9):
        bar.setValue(int(bar.maximum() * fraction))
        page.grab()
    page.table.horizontalHeader().sectionClicked.emit(RECEIPT)
    page.table.scrollToBottom()
    page.grab()
    elapsed = 1000 * (time.perf_counter() - start)
    loaded, held = page.model.rows_loaded, page.model.cached_rows()
    page.close()
    page.deleteLater()
    app.processEvents()
    return elapsed, loaded, held


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))
    from PySide6.QtWidgets import QApplication

    from intake_app.ui.records.model import RecordListModel

    app = QApplication.instance() or QApplication([])
    bound = RecordListModel.PAGE_SIZE * RecordListModel.MAX_PAGES
    print(f"# records list: {RECORDS:,} applications beside {BASELINE_RECORDS:,} (offscreen)")
    walks: dict[int, float] = {}
    for count in (BASELINE_RECORDS, RECORDS):
        ctx = _officer_context(count)
        _walk(app, ctx)  # warm the caches
        runs = [_walk(app, ctx) for _ in range(RUNS)]
        ctx.lock()
        walks[count] = statistics.median(run[0] for run in runs)
        loaded, held = max(run[1] for run in runs), max(run[2] for run in runs)
        print(f"list of {count:>7,}: walk {walks[count]:6.0f} ms (median of {RUNS}), rows read {loaded:,},"
              f" rows held {held:,} (bound {bound:,})")
    print(f"walk ratio {RECORDS:,}/{BASELINE_RECORDS:,}: {walks[RECORDS] / walks[BASELINE_RECORDS]:.2f}"
          "  (rows are read a page at a time when shown: near 1)")
