"""The records list, driven as a person would: read it, search it, filter it, sort it, lock it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from intake_app.ui.records import RecordsPage
from intake_app.ui.records.badges import STATUS_ROLE, StatusBadgeDelegate
from intake_app.ui.records.model import (DATE, FORM, ID_ROLE, NAME_LATIN, NAME_ORIGINAL, PLACE, RECEIPT, STATUS)
from tests.ui.records.conftest import all_texts, cell


@pytest.fixture
def page(qtbot, ctx, records):
    widget = RecordsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def _row_of(page, record_id):
    return next(r for r in range(page.model.rowCount()) if _id(page, r) == record_id)


def _cell(page, row, column, role=Qt.ItemDataRole.DisplayRole):
    return cell(page.model, row, column, role)


def _id(page, row):
    return cell(page.model, row, RECEIPT, ID_ROLE)


def _wait_for_search(qtbot, page):
    qtbot.waitUntil(lambda: page.model.searching and not page.search_running, timeout=5000)


def test_the_list_shows_every_column_and_a_badge(page, records, officer):
    model = page.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == [
        "Receipt number", "Name (original script)", "Name (Latin)", "Date", "Place", "Form", "Status"]
    assert model.rowCount() == 4 and page.count_label.text() == "4 records"
    assert [_id(page, r) for r in range(4)][:1] == [records["nazarov"]]  # last changed first
    row = _row_of(page, records["abdullaev"])
    receipt = _cell(page, row, RECEIPT)
    assert receipt.startswith(officer.device.device_code + "-00001-")
    assert _cell(page, row, NAME_ORIGINAL) == "Абдуллаев Рустам"
    assert _cell(page, row, NAME_LATIN) == "Abdullayev Rustam"  # the amended spelling
    assert _cell(page, row, DATE) == "Nov 23, 2026, 2:05\u202fPM UTC+05:00"  # as captured, with its offset
    assert _cell(page, row, PLACE) == "Zhibek Zholy BCP"
    assert _cell(page, row, FORM) == "Written asylum application"
    assert (_cell(page, row, STATUS), _cell(page, row, STATUS, STATUS_ROLE)) == ("amended", "amended")
    draft = _row_of(page, records["nazarov"])
    assert _cell(page, draft, RECEIPT) == "—" and _cell(page, draft, STATUS) == "draft"
    assert isinstance(page.table.itemDelegateForColumn(STATUS), StatusBadgeDelegate)
    assert not page.table.isColumnHidden(NAME_ORIGINAL)
    assert not page.grab().isNull()  # paints the badges


def test_search_finds_cyrillic_abdullaev_from_latin_typing_and_clearing_restores_the_list(qtbot, page, records):
    qtbot.keyClicks(page.search_box, "Abdullayev")
    assert page._debounce.isActive() and not page.model.searching  # waits for typing to pause
    _wait_for_search(qtbot, page)
    assert [_id(page, r) for r in range(page.model.rowCount())] == [records["abdullaev"]]
    assert _cell(page, 0, NAME_ORIGINAL) == "Абдуллаев Рустам" and page.count_label.text() == "1 match"
    page.search_box.setText("Abdul")
    _wait_for_search(qtbot, page)
    assert {_id(page, r) for r in range(page.model.rowCount())} == {records["abdullaev"],
                                                                                 records["abdulla"]}
    page.search_box.clear()
    qtbot.waitUntil(lambda: not page.model.searching and page.model.rowCount() == 4, timeout=5000)


def test_search_with_no_match_says_so(qtbot, page):
    page.search_box.setText("Zzyzx")
    _wait_for_search(qtbot, page)
    assert page.model.rowCount() == 0 and page.empty_label.isVisible()
    assert "Nothing matches" in page.empty_label.text()


def test_filter_by_status_form_and_date(qtbot, page, records):
    page.status_filter.setCurrentIndex(page.status_filter.findData("void"))
    assert [_id(page, r) for r in range(page.model.rowCount())] == [records["karimov"]]
    page.search_box.setText("Abdul")  # a search keeps the filters
    _wait_for_search(qtbot, page)
    assert page.model.rowCount() == 0
    page.search_box.clear()
    page.reset_filters()
    assert page.model.rowCount() == 4
    assert [page.form_filter.itemData(i) for i in range(page.form_filter.count())] == ["", "asylum_application"]
    page.date_from.setDate(QDate(2026, 11, 25))
    assert page.model.rowCount() == 0 and page.empty_label.text() == "No records match these filters."
    page.date_from.setDate(QDate(2026, 11, 24))
    page.date_to.setDate(QDate(2026, 11, 24))
    assert page.model.rowCount() == 4 and page.date_to.value() == date(2026, 11, 24)
    page.reset_button.click()
    assert page.date_from.value() is None and page.model.rowCount() == 4


def test_sorting_by_clicking_column_headers(qtbot, page, records):
    header = page.table.horizontalHeader()
    header.sectionClicked.emit(RECEIPT)
    assert (page.model.order_by, page.model.descending) == ("receipt_no", True)
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == RECEIPT
    receipts = [_cell(page, r, RECEIPT) for r in range(4)]
    assert receipts[:3] == sorted(receipts[:3], reverse=True) and receipts[3] == "—"
    header.sectionClicked.emit(RECEIPT)
    assert [_cell(page, r, RECEIPT) for r in range(4)] == [receipts[3]] + receipts[:3][::-1]
    header.sectionClicked.emit(STATUS)
    statuses = [_cell(page, r, STATUS, STATUS_ROLE) for r in range(4)]
    assert statuses == sorted(statuses) and header.sortIndicatorSection() == STATUS
    header.sectionClicked.emit(NAME_ORIGINAL)  # no index to sort names by: the order stays
    assert page.model.order_by == "status" and header.sortIndicatorSection() == STATUS


def test_header_click_with_the_mouse_sorts(qtbot, page, records):
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(DATE) + header.sectionSize(DATE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert (page.model.order_by, page.model.descending) == ("created_at", True)
    assert [_id(page, r) for r in range(4)] == [records["nazarov"], records["karimov"], records["abdulla"],
                                                  records["abdullaev"]]


def test_activating_a_row_opens_it_or_edits_a_draft(qtbot, page, records):
    row = _row_of(page, records["abdullaev"])
    with qtbot.waitSignal(page.open_record) as opened:
        page.table.activated.emit(page.model.index(row, NAME_LATIN))
    assert opened.args == [records["abdullaev"]]
    draft = _row_of(page, records["nazarov"])
    rect = page.table.visualRect(page.model.index(draft, NAME_ORIGINAL))
    with qtbot.waitSignal(page.edit_draft) as edited:
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert edited.args == [records["nazarov"]]


def test_new_menu_lists_the_forms_of_the_role(qtbot, page):
    actions = page.new_menu.actions()
    assert [a.data() for a in actions] == ["asylum_application"] and page.new_button.isEnabled()
    with qtbot.waitSignal(page.new_record) as started:
        actions[0].trigger()
    assert started.args == ["asylum_application"]


def test_a_monitor_sees_only_visit_reports(qtbot, monitor_ctx, records, visit_record):
    page = RecordsPage(monitor_ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    assert _id(page, 0) == visit_record
    assert _cell(page, 0, FORM) == "Detention centre monitoring visit"
    assert _cell(page, 0, PLACE) == "Special institution for foreigners"
    assert _cell(page, 0, DATE) == "Nov 20, 2026"
    assert [a.data() for a in page.new_menu.actions()] == ["detention_visit"]
    assert page.table.isColumnHidden(NAME_ORIGINAL) and page.table.isColumnHidden(NAME_LATIN)
    page.search_box.setText("Abdullaev")
    _wait_for_search(qtbot, page)
    assert page.model.rowCount() == 0  # the officer's applications stay invisible to a monitor


def test_refresh_on_records_changed(qtbot, page, ctx, officer):
    from intake_app.records import lifecycle

    page.table.scrollToBottom()
    lifecycle.create_draft(officer, "asylum_application", {"name_original": "Хасанов Бахтиёр"}, strict=False)
    ctx.records_changed.emit()
    assert page.model.rowCount() == 5 and "Хасанов Бахтиёр" in all_texts(page.model)


def test_language_switch_retranslates_headers_filters_and_badges(qtbot, page, ctx, records,
                                                                 pending_translations):
    ctx.set_language("ru", remember=False)
    model = page.model
    assert model.headerData(RECEIPT, Qt.Orientation.Horizontal) == "Номер расписки"
    assert model.headerData(STATUS, Qt.Orientation.Horizontal) == "Статус"
    assert _cell(page, _row_of(page, records["abdullaev"]), STATUS) == "исправлена"
    assert _cell(page, 0, FORM) == "Письменное ходатайство о предоставлении убежища"
    assert page.status_filter.itemText(0) == "Все статусы" and page.status_filter.itemText(1) == "черновик"
    assert page.new_button.text() == "Новая запись" and page.count_label.text() == "4 записи"
    assert "нояб." in _cell(page, 1, DATE)
    ctx.set_language("kk", remember=False)
    assert model.headerData(RECEIPT, Qt.Orientation.Horizontal) == "Қолхат нөмірі"
    ctx.set_language("en", remember=False)
    assert model.headerData(RECEIPT, Qt.Orientation.Horizontal) == "Receipt number"
    assert page.new_button.text() == "New record"


def test_lock_leaves_no_names_anywhere(qtbot, page, ctx):
    page.search_box.setText("Abdul")
    _wait_for_search(qtbot, page)
    assert "Абдуллаев" in all_texts(page.model)
    page.search_box.setText("Karimov")  # a search still running when the store locks
    page._run_search()
    ctx.lock()
    assert page.model.rowCount() == 0 and page.model.cached_rows() == 0
    assert page.search_box.text() == "" and all_texts(page.model) == ""
    assert page.new_menu.actions() == [] and not page.new_button.isEnabled()
    qtbot.wait(300)  # the late answer of the cancelled search is dropped
    assert page.model.rowCount() == 0 and not page.model.searching
    assert cell(page.model, 0, NAME_ORIGINAL) is None



def test_date_and_place_columns_come_from_the_fields_the_form_marks(qtbot, ctx, officer, tmp_path,
                                                                    pending_translations):
    from intake_app.records import lifecycle
    from tests.records.sample import add_incident_report, use_forms

    use_forms(officer, tmp_path, add_incident_report)
    lifecycle.create_draft(officer, "incident_report", {
        "recorded_at": "2026-11-23T10:00:00+05:00", "town": "Almaty", "event_date": "2026-11-19",
        "region": "almaty_city"})
    page = RecordsPage(ctx)
    qtbot.addWidget(page)
    assert page.model.rowCount() == 1
    assert _cell(page, 0, DATE) == "Nov 19, 2026"  # the marked date, not the first date-time of the form
    assert _cell(page, 0, PLACE) == "Almaty City"  # a choice, by its label
    ctx.set_language("ru", remember=False)
    assert _cell(page, 0, PLACE) == "город Алматы"


def test_an_empty_store_says_how_to_begin(qtbot, ctx, admin, tmp_path):
    """A new officer's first look: the empty list names the key that starts the first record."""
    from tests.ui.records.conftest import make_context

    widget = RecordsPage(ctx)
    qtbot.addWidget(widget)
    widget.show()
    widget.refresh()
    assert widget.empty_label.isVisible()
    assert widget.empty_label.text() == "No records yet. Press Ctrl+N or “New record” to register the first one."
    admin_ctx = make_context(ctx.store, admin, tmp_path / "admin")  # an administrator captures nothing
    admin_page = RecordsPage(admin_ctx)
    qtbot.addWidget(admin_page)
    admin_page.show()
    admin_page.refresh()
    assert admin_page.empty_label.text() == "No records yet."
    admin_ctx.lock()
