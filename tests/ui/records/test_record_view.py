"""One record on screen: labels and values from its own form version, history, actions, void with a reason."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt

from intake_app.ui.records import RecordsPage, RecordViewPage
from intake_app.ui.records.model import ID_ROLE, RECEIPT, STATUS
from tests.ui.records.conftest import cell


@pytest.fixture
def view(qtbot, ctx):
    widget = RecordViewPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def _history(view):
    table = view.history
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_amended_record_shows_labels_values_and_both_versions(view, records, officer):
    view.show_record(records["abdullaev"])
    text = view.content.toPlainText()
    for expected in ("Applicant", "Full name as written by the applicant", "Абдуллаев Рустам",
                     "Full name in Latin letters", "Abdullayev Rustam", "Zhibek Zholy BCP", "Uzbekistan",
                     "The application was made voluntarily", "Yes", "Passport, N1234567, Uzbekistan"):
        assert expected in text
    assert "Abdullaev Rustam" not in text  # the current version, not the original spelling
    assert view.receipt_label.text().startswith(officer.device.device_code + "-00001-")
    assert view.badge.text() == "amended" and view.badge.isVisible()
    assert view.title_label.text() == "Written asylum application"
    history = _history(view)
    assert [row[:2] for row in history] == [["1", "original"], ["2", "amendment"]]
    assert history[1][3] == "officer" and history[1][4] == "Latin spelling as in the passport"
    assert history[0][2].endswith("UTC+00:00") or "UTC" in history[0][2]
    assert history[1][5].startswith("sha256:") and history[1][5].endswith("…") and len(history[1][5]) == 20
    assert view.history.item(1, 5).toolTip().startswith(history[1][5][:-1])
    assert view.amend_button.isVisible() and view.void_button.isVisible() and not view.edit_button.isVisible()


def test_sections_and_repeat_items_are_indented(view, records):
    view.show_record(records["abdullaev"])
    indents = {}
    for pad, text in re.findall(r'padding-left:(\d+)[^>]*>\s*<p[^>]*>(?:<span[^>]*>)*([^<]+)', view.content.toHtml()):
        indents.setdefault(text.strip(), int(pad))
    assert indents["Identity documents"] < indents["Documents held (1)"] < indents["Documents held 1"] < indents[
        "Document"]
    assert indents["Applicant"] < indents["Full name as written by the applicant"]


def test_applicant_script_runs_right_to_left_without_forced_alignment(view, records):
    view.show_record(records["abdulla"])
    document = view.content.document()
    block = document.begin()
    found = None
    while block.isValid():
        if "ئابدۇللا" in block.text():
            found = block
        block = block.next()
    assert found is not None
    assert found.textDirection() == Qt.LayoutDirection.RightToLeft
    assert not found.blockFormat().alignment() & Qt.AlignmentFlag.AlignAbsolute


def test_a_draft_can_be_edited_and_has_no_receipt_yet(qtbot, view, records):
    view.show_record(records["nazarov"])
    assert view.badge.text() == "draft" and view.receipt_label.text() == "none yet (draft)"
    assert view.edit_button.isVisible() and not view.amend_button.isVisible()
    assert _history(view)[0][1:3] == ["draft", "not submitted"]
    with qtbot.waitSignal(view.edit_requested) as edit:
        view.edit_button.click()
    assert edit.args == [records["nazarov"]]
    with qtbot.waitSignal(view.back):
        view.back_button.click()


def test_void_with_a_reason_changes_the_badge_here_and_in_the_list(qtbot, view, ctx, records):
    page = RecordsPage(ctx)
    qtbot.addWidget(page)
    view.show_record(records["abdulla"])
    view.void_button.click()
    dialog = view.void_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.reason_edit, "Registered twice")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(ctx.records_changed, timeout=5000):
        dialog.ok_button.click()
    assert view.badge.text() == "void" and view.record.status == "void"
    assert view.void_note.isVisible() and "Registered twice" in view.void_note.text()
    assert _history(view)[-1][1] == "voiding" and _history(view)[-1][4] == "Registered twice"
    assert not view.void_button.isVisible() and not view.amend_button.isVisible()
    assert "ئابدۇللا" in view.content.toPlainText()  # the data of the voided version stay readable
    row = next(r for r in range(page.model.rowCount()) if cell(page.model, r, RECEIPT, ID_ROLE) == records["abdulla"])
    assert cell(page.model, row, STATUS) == "void"


def test_language_switch_rerenders_the_record(view, ctx, records, pending_translations):
    view.show_record(records["abdullaev"])
    ctx.set_language("ru", remember=False)
    text = view.content.toPlainText()
    assert "Заявитель" in text and "Узбекистан" in text and "Абдуллаев Рустам" in text
    assert view.badge.text() == "исправлена" and view.amend_button.text() == "Исправить"
    assert view.history.horizontalHeaderItem(0).text() == "Версия"
    assert _history(view)[1][1] == "исправление" and "нояб." in _history(view)[1][2]
    ctx.set_language("en", remember=False)
    assert "Applicant" in view.content.toPlainText() and view.badge.text() == "amended"


def test_lock_clears_the_record(view, ctx, records):
    view.show_record(records["abdullaev"])
    ctx.lock()
    assert view.content.toPlainText() == "" and view.history.rowCount() == 0
    assert view.receipt_label.text() == "" and view.record is None and not view.badge.isVisible()
    assert "Абдуллаев" not in view.meta_label.text() + view.title_label.text()


def _plain(view):
    """The record's text with CLDR's no-break spaces as plain ones."""
    return view.content.toPlainText().replace("\u202f", " ").replace("\xa0", " ")


def test_dates_are_formatted_by_their_field_type_in_the_interface_language(view, ctx, records, pending_translations):
    view.show_record(records["abdullaev"])
    text = _plain(view)
    assert "Apr 1985" in text  # the partial birth date 1985-04
    assert "Nov 23, 2026, 2:05 PM UTC+05:00" in text  # the application's date and time, with its offset
    assert "Nov 23, 2026" in text.replace("Nov 23, 2026, 2:05", "")  # the referral date
    assert "1985-04" not in text and "2026-11-23" not in text
    ctx.set_language("ru", remember=False)
    text = _plain(view)
    assert "апр. 1985 г." in text and "23 нояб. 2026 г." in text and "1985-04" not in text


def test_a_text_that_shares_a_date_fields_label_stays_as_written(view, officer, tmp_path):
    from intake_app.records import lifecycle
    from tests.records.sample import add_incident_report, use_forms

    use_forms(officer, tmp_path, add_incident_report)
    record_id = lifecycle.create_draft(officer, "incident_report", {
        "recorded_at": "2026-11-23T10:00:00+05:00", "town": "Almaty", "event_date": "2026-11",
        "region": "almaty_city", "date_as_told": "2026-11-19"})
    view.show_record(record_id)
    text = _plain(view)
    assert "Nov 2026" in text and "2026-11\n" not in text + "\n"  # the (partial) date field, labelled “Date”
    assert "2026-11-19" in text and "Nov 19, 2026" not in text  # the text field labelled “Date” too
    assert "Nov 23, 2026, 10:00 AM UTC+05:00" in text and "Almaty City" in text


def test_a_correction_in_progress_is_offered_to_continue_and_not_shown_as_the_record(view, records, officer):
    from intake_app.records import lifecycle
    from intake_app.records.reading import get_record

    record_id = records["abdullaev"]
    current = get_record(officer, record_id).current
    lifecycle.save_amendment(officer, record_id, dict(current.data, name_latin="Abdullaev-Typo"))
    view.show_record(record_id)
    assert "Abdullaev-Typo" not in view.content.toPlainText()  # the record is what was submitted
    assert view.amend_button.text() == "Continue correction"
    last = _history(view)[-1]
    assert last[:3] == ["3", "Correction in progress", "not submitted"]
    lifecycle.discard_amendment(officer, record_id)
    view.show_record(record_id)
    assert view.amend_button.text() == "Amend" and len(_history(view)) == 2


def test_the_history_says_what_each_correction_changed(view, records, officer):
    from intake_app.records import lifecycle
    from intake_app.records.reading import get_record

    record_id = records["abdullaev"]
    view.show_record(record_id)
    history = _history(view)
    assert history[0][6] == ""  # the original changes nothing
    assert history[1][6] == "Full name in Latin letters"
    assert view.history.item(1, 6).toolTip() == (
        "Applicant › Full name in Latin letters: Abdullaev Rustam → Abdullayev Rustam")
    current = get_record(officer, record_id).current
    lifecycle.save_amendment(officer, record_id, dict(current.data, voluntary=False))
    view.show_record(record_id)
    assert _history(view)[2][6] == "The application was made voluntarily"  # the one in progress, from version 2
    assert view.history.item(2, 6).toolTip() == "The application › The application was made voluntarily: Yes → No"
    assert "Scan or photo" in view.content.toPlainText() and "sha256" not in view.content.toPlainText()
