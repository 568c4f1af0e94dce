"""On the real capture page: a new record shows what the app knows, and names in Latin letters are suggested.

The officer sees their name and service number, the device's location code
and the time (in the device's zone) already filled in, each with a note saying
where it came from; changing one keeps what was typed and the audit log names
the field. A name typed in Cyrillic shows its ICAO spelling in the empty Latin
field, taken with → or Enter, never written over what the officer typed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from intake_app import audit
from intake_app.records.reading import get_record
from intake_app.users import service as users
from tests.conftest import ADMIN_PW, FORMS_DIR, OFFICER_PW
from tests.ui.form.conftest import _context, make_page
from tests.ui.form.helpers import click, key_text, row, type_into


@pytest.fixture
def numbered_ctx(qtbot, store, tmp_path):
    """The officer, whose account has a service number (set by the administrator)."""
    with store.unlock("admin", ADMIN_PW) as admin:
        users.update_user(admin, "officer", service_number="KZ-417")
    session = store.unlock("officer", OFFICER_PW)
    session.forms_dir = FORMS_DIR
    yield _context(store, session, tmp_path / "settings")
    session.close()


def _note(editor, path: str) -> str:
    editor.data()  # let a pending refresh run, as the event loop would within 30 ms
    found = row(editor, path)
    note = found.prefill_note
    return note.text() if note is not None and note.isVisibleTo(found) else ""


def _record_entries(ctx, record_id):
    return [e for e in audit.entries(ctx.session.conn) if e.target == record_id]


def test_a_new_application_shows_the_officer_the_post_and_the_time_already_filled_in(qtbot, numbered_ctx):
    page = make_page(qtbot, numbered_ctx)
    page.new_record("asylum_application")
    editor = page.editor
    assert row(editor, "officer_name").input.edit.text() == "Aigerim Officer"
    assert row(editor, "officer_id").input.edit.text() == "KZ-417"
    assert row(editor, "place_name").input.edit.text() == "KZ-ALA-01"
    when = row(editor, "application_datetime").input
    assert (when.parts.text(), when.time.time().toString("HH:mm"), when.offset.currentData()) == (
        "2026-11-23", "14:30", "+05:00")  # 09:30 UTC in Almaty
    assert row(editor, "place_type").input.value() is None  # a code does not say what kind of place it is
    assert _note(editor, "officer_name") == "Filled in from your account."
    assert _note(editor, "place_name") == "Filled in with this device's location code."
    assert _note(editor, "application_datetime").startswith("Filled in with the time the record was started")
    assert _note(editor, "name_original") == ""
    assert page.record_id is None  # nothing is stored until the officer types


def test_changing_a_prefilled_answer_keeps_it_and_the_audit_names_the_field(qtbot, numbered_ctx, tmp_path):
    from tests.ui.form.test_capture_page import fill_asylum_application

    ctx = numbered_ctx
    page = make_page(qtbot, ctx)
    page.new_record("asylum_application")
    type_into(qtbot, page.editor, "officer_name", "Серік Ахметов")
    assert _note(page.editor, "officer_name") == ""  # no longer what was filled in
    assert _note(page.editor, "officer_id") == "Filled in from your account."
    with qtbot.waitSignal(page.saved, timeout=2000) as saved:
        click(qtbot, page.save_button)
    record_id = saved.args[0]
    assert get_record(ctx.session, record_id).versions[-1].data["officer_name"] == "Серік Ахметов"
    created = _record_entries(ctx, record_id)[-1]
    assert created.action == "record.create" and created.details["prefill_changed"] == ["officer_name"]

    again = make_page(qtbot, ctx)  # the draft reopened later still knows what was filled in
    again.edit_draft(record_id)
    assert _note(again.editor, "officer_name") == "" and _note(again.editor, "officer_id") != ""
    fill_asylum_application(qtbot, again.editor, tmp_path / "scans")  # types another place, same number and time
    with qtbot.waitSignal(again.submitted, timeout=5000):
        click(qtbot, again.submit_button)
        click(qtbot, again.submit_dialog.submit_button)
    submitted = _record_entries(ctx, record_id)[-1]
    assert submitted.action == "record.submit"
    assert submitted.details["prefill_changed"] == ["place_name", "officer_name"]
    assert "Серік" not in str([e.details for e in _record_entries(ctx, record_id)])


def test_a_visit_report_starts_with_the_monitor_as_the_first_monitor(qtbot, monitor_ctx):
    page = make_page(qtbot, monitor_ctx)
    page.new_record("detention_visit")
    assert row(page.editor, "monitors[0].monitor_name").input.edit.text() == "Dana Monitor"
    assert _note(page.editor, "monitors[0].monitor_name") == "Filled in from your account."
    assert len(row(page.editor, "monitors").input.items) == 1


def test_the_latin_spelling_is_suggested_and_taken_with_one_key(qtbot, ctx, page):
    page.new_record("asylum_application")
    editor = page.editor
    latin = row(editor, "name_latin").input
    assert not latin.accept_button.isVisibleTo(latin)  # nothing typed, nothing suggested
    type_into(qtbot, editor, "name_original", "Абдуллаев Рустам")
    editor.data()
    assert latin.edit.text() == "" and latin.edit.placeholderText() == "Abdullaev Rustam"
    assert latin.accept_button.isVisibleTo(latin) and "→" in latin.accept_button.text()
    assert "name_latin" not in editor.data()  # a suggestion is not an answer
    latin.edit.setFocus()
    qtbot.keyClick(latin.edit, Qt.Key.Key_Right)
    assert latin.edit.text() == "Abdullaev Rustam" and editor.data()["name_latin"] == "Abdullaev Rustam"
    editor.data()
    assert not latin.accept_button.isVisibleTo(latin)
    page.close_page()  # saved, as a user leaves it


def test_tab_passes_the_suggestion_by_and_typing_is_never_overwritten(qtbot, ctx, page):
    page.new_record("asylum_application")
    editor = page.editor
    type_into(qtbot, editor, "name_original", "Абдуллаев Рустам")
    latin = row(editor, "name_latin").input
    latin.edit.setFocus()
    qtbot.keyClick(latin.edit, Qt.Key.Key_Tab)
    assert latin.edit.text() == "" and "name_latin" not in editor.data()
    type_into(qtbot, editor, "name_latin", "Abdullayev Rustam")  # as in the passport
    type_into(qtbot, editor, "name_original", "Абдуллаев Рустам Каримович")
    editor.data()
    assert latin.edit.text() == "Abdullayev Rustam" and not latin.accept_button.isVisibleTo(latin)
    page.close_page()


def test_a_family_member_s_name_is_suggested_in_their_own_entry_and_taken_with_enter(qtbot, ctx, page):
    page.new_record("asylum_application")
    editor = page.editor
    family = row(editor, "family_members").input
    click(qtbot, family.add_button)
    click(qtbot, family.add_button)
    type_into(qtbot, editor, "family_members[1].member_name_original", "Абдуллаева Зарина")
    editor.data()
    first = row(editor, "family_members[0].member_name_latin").input
    second = row(editor, "family_members[1].member_name_latin").input
    assert first.edit.placeholderText() == "" and second.edit.placeholderText() == "Abdullaeva Zarina"
    second.edit.setFocus()
    qtbot.keyClick(second.edit, Qt.Key.Key_Return)
    assert [m.get("member_name_latin") for m in editor.data()["family_members"]] == [None, "Abdullaeva Zarina"]
    page.close_page()


def test_the_suggestion_can_be_taken_with_the_mouse_too(qtbot, ctx, page):
    page.new_record("asylum_application")
    row(page.editor, "name_original").input.edit.setFocus()
    key_text(qtbot, row(page.editor, "name_original").input.edit, "Ержан")
    page.editor.data()
    latin = row(page.editor, "name_latin").input
    click(qtbot, latin.accept_button)
    assert page.editor.data()["name_latin"] == "Erzhan"
    page.close_page()


def test_the_notes_and_the_suggestion_follow_the_interface_language(qtbot, ctx, page):
    page.new_record("asylum_application")
    type_into(qtbot, page.editor, "name_original", "Абдуллаев Рустам")
    ctx.set_language("kk", remember=False)
    assert _note(page.editor, "officer_name") == "Тіркелгіңізден толтырылды."
    assert _note(page.editor, "place_name") == "Осы құрылғының орналасу кодымен толтырылды."
    assert row(page.editor, "name_latin").input.accept_button.text() == "Ұсынысты қабылдау (→)"
    ctx.set_language("ru", remember=False)
    assert _note(page.editor, "officer_name") == "Подставлено из вашей учётной записи."
    ctx.set_language("en", remember=False)
    page.close_page()
