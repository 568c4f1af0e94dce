"""20,000 records: the list counts them all, scrolls to the end and back, and holds only a few pages.

How long that walk takes, beside the same walk through 200 records, is measured by ``make bench``
(benchmarks/list_bench.py), not timed here.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt

from intake_app.ui.records import RecordsPage
from intake_app.ui.records.model import NAME_LATIN, RECEIPT, RecordListModel
from tests.ui.records.bulk import bulk_applications
from tests.ui.records.conftest import cell

COUNT = 20_000
BOUND = RecordListModel.PAGE_SIZE * RecordListModel.MAX_PAGES


def test_twenty_thousand_records_scroll_without_loading_them_all(qtbot, ctx, officer):
    bulk_applications(officer, COUNT)
    page = RecordsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    model = page.model
    assert model.rowCount() == COUNT + 1 and page.count_label.text() == "20,001 records"
    assert model.rows_loaded <= 2 * model.PAGE_SIZE  # only what the first screen shows

    page.table.scrollToBottom()
    qtbot.wait(50)
    page.grab()  # paint the last screen
    last = cell(model, COUNT, NAME_LATIN)
    assert last == "Karimov 00000"  # the oldest change is last
    assert model.cached_rows() <= BOUND and model.rows_loaded <= 4 * model.PAGE_SIZE

    for fraction in (0.25, 0.5, 0.75, 0.1, 0.9):  # dragging the scroll bar around
        bar = page.table.verticalScrollBar()
        bar.setValue(int(bar.maximum() * fraction))
        page.grab()
    assert model.cached_rows() <= BOUND and model.rows_loaded < 30 * model.PAGE_SIZE

    page.table.horizontalHeader().sectionClicked.emit(RECEIPT)  # sort 20,000 by receipt: an index walk
    page.table.scrollToBottom()
    page.grab()
    receipts = [cell(model, row, RECEIPT) for row in (0, 1, COUNT - 1)]
    assert receipts[0] > receipts[1] and receipts[2] == "—"  # newest receipt first, drafts (none yet) last
    assert model.cached_rows() <= BOUND
    assert cell(model, 0, NAME_LATIN, Qt.ItemDataRole.DisplayRole)


def test_painting_the_list_does_not_drain_references_to_none(qtbot, ctx, officer):
    """PySide6 6.12 abi3 wheels on CPython 3.11 drop a reference to ``None`` on every call from Python
    into Qt that returns nothing (``QObject.setObjectName`` alone: -1 per call) and on every empty
    ``QVariant`` handed back to Python. ``None`` starts with about 20,000 references, and at zero the
    interpreter aborts ("none_dealloc"). The list must not do that per painted row: a delegate that
    painted badges in Python cost ~70 references per repaint. (On 3.12+ ``None`` is immortal and
    this measures nothing.)
    """
    bulk_applications(officer, 3000)
    page = RecordsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    bar = page.table.verticalScrollBar()
    page.grab()
    rounds = 150
    before = sys.getrefcount(None)
    for step in range(rounds):
        bar.setValue(step * 997 % bar.maximum())  # this call itself costs one reference
        page.grab()  # returns a pixmap: costs none
    drift = sys.getrefcount(None) - before
    assert drift > -rounds - 150, f"{drift} references to None lost in {rounds} repaints"
