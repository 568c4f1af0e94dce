"""Capturing a record from first keystroke to receipt: drafts, autosave, submission, amendment."""

from __future__ import annotations

from PySide6.QtCore import Qt

from intake_app.records import lifecycle
from intake_app.records.reading import get_record, list_records
from tests.records.sample import application, visit, write_scan
from tests.ui.form.conftest import make_page
from tests.ui.form.helpers import (answer, choose_in, click, drop_files, enter_date, messages, row, search_pick, shown,
                                   tick, type_into, wait_idle)


#: What a new application of the ``ctx`` officer starts with: their name, the device's location, "now" in Almaty.
PREFILLED = {"officer_name": "Aigerim Officer", "place_name": "KZ-ALA-01",
             "application_datetime": "2026-11-23T14:30:00+05:00"}


def fill_asylum_application(qtbot, editor, scan_dir) -> None:
    """Everything an officer enters for one applicant with two children."""
    type_into(qtbot, editor, "name_original", "Абдуллаев Рустам")
    type_into(qtbot, editor, "name_latin", "Abdullaev Rustam")
    choose_in(qtbot, editor, "sex", "Male")
    enter_date(qtbot, editor, "birth_date", "1985", month=4)
    answer(qtbot, editor, "stateless", False)
    search_pick(qtbot, row(editor, "citizenships").input.combo, "uzbek")
    search_pick(qtbot, row(editor, "languages_spoken").input.combo, "Uzbek")
    search_pick(qtbot, row(editor, "languages_spoken").input.combo, "Russ")
    search_pick(qtbot, row(editor, "preferred_language").input.combo, "uzb")
    answer(qtbot, editor, "interpreter_needed", False)
    family = row(editor, "family_members").input
    for original, latin in (("Абдуллаева Зарина", "Abdullaeva Zarina"), ("Абдуллаев Тимур", "Abdullaev Timur")):
        click(qtbot, family.add_button)
        index = len(family.items) - 1
        type_into(qtbot, editor, f"family_members[{index}].member_name_original", original)
        type_into(qtbot, editor, f"family_members[{index}].member_name_latin", latin)
        choose_in(qtbot, editor, f"family_members[{index}].relation", "Child")
        enter_date(qtbot, editor, f"family_members[{index}].member_birth_date", "2015")
    click(qtbot, family.items[0].down)  # the younger child first
    answer(qtbot, editor, "no_documents", True)
    choose_in(qtbot, editor, "place_type", "Border crossing point")
    type_into(qtbot, editor, "place_name", "Zhibek Zholy BCP")
    click(qtbot, row(editor, "application_datetime").input.now_button)
    choose_in(qtbot, editor, "manner_of_entry", "Irregular border crossing")
    answer(qtbot, editor, "voluntary", True)
    tick(qtbot, editor, "grounds", "political_opinion")
    search_pick(qtbot, row(editor, "application_language").input.combo, "Uzbek")
    scans = row(editor, "application_scan").input
    drop_files(qtbot, scans, [write_scan(scan_dir)])
    wait_idle(qtbot, scans)
    answer(qtbot, editor, "informed_of_rights", True)
    search_pick(qtbot, row(editor, "rights_language").input.combo, "Uzbek")
    answer(qtbot, editor, "lawyer_requested", False)
    choose_in(qtbot, editor, "referral_body", "Migration service of the local executive body (akimat)")
    click(qtbot, row(editor, "referral_date").input.today_button)
    type_into(qtbot, editor, "officer_name", "Серік Ахметов")
    type_into(qtbot, editor, "officer_id", "KZ-417")


def test_officer_registers_an_application_and_gets_a_receipt(qtbot, ctx, page, tmp_path):
    page.new_record("asylum_application")
    fill_asylum_application(qtbot, page.editor, tmp_path / "scans")
    assert page.editor.validate().ok, page.editor.issues.texts()
    with qtbot.waitSignal(page.submitted, timeout=5000) as submitted:
        qtbot.keyClick(row(page.editor, "officer_id").input.edit, Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)
        dialog = page.submit_dialog
        assert dialog is not None and dialog.isVisible()
        assert "Абдуллаев Рустам" in dialog.names.text() and "Abdullaev Rustam" in dialog.names.text()
        click(qtbot, dialog.submit_button)
    record_id, receipt = submitted.args
    assert page.banner.isVisible() and receipt in page.receipt_label.text()
    assert not page.editor.isEnabled() and not page.submit_button.isEnabled()
    view = get_record(ctx.session, record_id)
    assert view.status == "submitted" and view.receipt_no == receipt
    data = view.current.data
    assert [m["member_name_latin"] for m in data["family_members"]] == ["Abdullaev Timur", "Abdullaeva Zarina"]
    assert data["birth_date"] == "1985-04" and data["citizenships"] == ["UZ"]
    assert data["application_datetime"] == "2026-11-23T14:30:00+05:00"
    assert data["application_scan"][0].startswith("sha256:")
    assert "interpreter_present" not in data


def test_submitting_an_incomplete_form_lists_what_is_missing_and_stores_nothing(qtbot, ctx, page):
    page.new_record("asylum_application")
    type_into(qtbot, page.editor, "name_latin", "Abdullaev Rustam")
    click(qtbot, page.submit_button)
    assert page.submit_dialog is None
    texts = page.editor.issues.texts()
    assert "Full name as written by the applicant: This field is required." in texts
    assert "Scan or photo of the written application: This field is required." in texts
    assert row(page.editor, "name_original").message_texts() == ["This field is required."]
    qtbot.waitUntil(lambda: row(page.editor, "name_original").input.edit.hasFocus())
    assert "Not submitted" in page.status.text()
    view = get_record(ctx.session, page.record_id)  # the draft is kept, unsubmitted
    assert view.status == "draft" and view.receipt_no is None


def test_autosave_writes_the_draft_after_the_interval_and_reopens_it(qtbot, ctx, page):
    ctx.settings.set("ui.autosave_seconds", 1)
    page.new_record("asylum_application")
    type_into(qtbot, page.editor, "name_original", "ئابدۇللا رۇستەم")
    enter_date(qtbot, page.editor, "birth_date", "1985")
    assert page.record_id is None  # not yet: saving waits for the interval
    with qtbot.waitSignal(ctx.records_changed, timeout=4000):  # lists elsewhere refresh
        pass
    assert page.record_id is not None
    assert "Draft saved" in page.status.text()
    stored = get_record(ctx.session, page.record_id).versions[-1]
    assert stored.state == "draft"
    assert stored.data == {**PREFILLED, "name_original": "ئابدۇللا رۇستەم", "birth_date": "1985"}
    with qtbot.waitSignal(page.saved, timeout=4000):
        type_into(qtbot, page.editor, "place_name", "Khorgos")
    other = make_page(qtbot, ctx)
    other.edit_draft(page.record_id)
    assert other.editor.data() == get_record(ctx.session, page.record_id).versions[-1].data
    assert row(other.editor, "place_name").input.edit.text() == "Khorgos"


def test_flush_saves_at_once_and_typing_survives_a_lock(qtbot, ctx, store, page):
    from tests.conftest import OFFICER_PW, FORMS_DIR

    ctx.settings.set("ui.autosave_seconds", 1)
    page.new_record("asylum_application")
    type_into(qtbot, page.editor, "name_latin", "Abdullaev Rustam")
    page.flush()  # the shell calls this before locking
    assert get_record(ctx.session, page.record_id).versions[-1].data == {**PREFILLED, "name_latin": "Abdullaev Rustam"}
    type_into(qtbot, page.editor, "place_name", "Khorgos")
    ctx.lock()
    assert row(page.editor, "place_name").input.edit.text() == "Khorgos"  # still there for the user
    qtbot.wait(1300)
    assert page.dirty  # nothing could be saved while locked
    session = store.unlock("officer", OFFICER_PW)
    session.forms_dir = FORMS_DIR
    ctx.start_session(session)
    qtbot.waitUntil(lambda: not page.dirty, timeout=4000)
    assert get_record(ctx.session, page.record_id).versions[-1].data["place_name"] == "Khorgos"


def test_amending_asks_for_a_reason_and_adds_a_version(qtbot, ctx, page, tmp_path):
    session = ctx.session
    record_id = lifecycle.create_draft(session, "asylum_application", application(), strict=False,
                                       files=[("application_scan", write_scan(tmp_path))])
    receipt = lifecycle.submit(session, record_id)
    page.amend(receipt)
    assert receipt in page.title.text()
    assert row(page.editor, "name_latin").input.edit.text() == "Abdullaev Rustam"
    type_into(qtbot, page.editor, "name_latin", "Abdullayev Rustam")
    click(qtbot, page.submit_button)
    dialog = page.submit_dialog
    assert not dialog.submit_button.isEnabled()  # no reason, no amendment
    dialog.reason.setFocus()
    qtbot.keyClicks(dialog.reason, "spelling as in passport")
    assert dialog.submit_button.isEnabled()
    with qtbot.waitSignal(page.submitted, timeout=5000) as submitted:
        click(qtbot, dialog.submit_button)
    assert submitted.args == [record_id, receipt]
    view = get_record(session, record_id)
    assert view.status == "amended"
    assert view.versions[-1].kind == "amendment" and view.versions[-1].reason == "spelling as in passport"
    assert view.current.data["name_latin"] == "Abdullayev Rustam"
    assert view.versions[0].data["name_latin"] == "Abdullaev Rustam"


def _submitted(session, tmp_path) -> tuple[str, str]:
    record_id = lifecycle.create_draft(session, "asylum_application", application(), strict=False,
                                       files=[("application_scan", write_scan(tmp_path))])
    return record_id, lifecycle.submit(session, record_id)


def test_a_correction_is_autosaved_and_continued_later(qtbot, ctx, page, tmp_path):
    ctx.settings.set("ui.autosave_seconds", 1)
    record_id, receipt = _submitted(ctx.session, tmp_path)
    page.amend(receipt)
    type_into(qtbot, page.editor, "name_latin", "Abdullayev Rustam")
    with qtbot.waitSignal(page.saved, timeout=4000):
        pass
    assert "Correction saved" in page.status.text()
    view = get_record(ctx.session, record_id)
    assert view.status == "submitted" and view.current.data["name_latin"] == "Abdullaev Rustam"
    assert view.pending_amendment.data["name_latin"] == "Abdullayev Rustam"
    type_into(qtbot, page.editor, "place_name", "Khorgos")
    page.close_page()  # no question: the correction is kept, not lost
    assert page.editor is None
    assert get_record(ctx.session, record_id).pending_amendment.data["place_name"] == "Khorgos"

    again = make_page(qtbot, ctx)
    again.amend(record_id)  # e.g. the next morning
    assert row(again.editor, "name_latin").input.edit.text() == "Abdullayev Rustam"
    assert row(again.editor, "place_name").input.edit.text() == "Khorgos"
    click(qtbot, again.submit_button)
    qtbot.keyClicks(again.submit_dialog.reason, "spelling as in passport")
    with qtbot.waitSignal(again.submitted, timeout=5000):
        click(qtbot, again.submit_dialog.submit_button)
    view = get_record(ctx.session, record_id)
    assert view.status == "amended" and view.pending_amendment is None
    assert [v.version for v in view.versions] == [1, 2] and view.current.data["place_name"] == "Khorgos"


def test_discarding_a_correction_asks_first_and_keeps_the_submitted_record(qtbot, ctx, page, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    record_id, receipt = _submitted(ctx.session, tmp_path)
    page.amend(receipt)
    assert page.discard_button.isVisible()
    type_into(qtbot, page.editor, "name_latin", "Wrong Name")
    page.flush()
    click(qtbot, page.discard_button)
    box = page.discard_box
    assert box is not None and box.isVisible()
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert page.editor is not None and get_record(ctx.session, record_id).pending_amendment is not None
    click(qtbot, page.discard_button)
    with qtbot.waitSignal(page.closed, timeout=3000):
        click(qtbot, page.discard_box.button(QMessageBox.StandardButton.Discard))
    view = get_record(ctx.session, record_id)
    assert view.pending_amendment is None and view.current.data["name_latin"] == "Abdullaev Rustam"


def test_monitor_records_a_detention_visit(qtbot, monitor_ctx):
    page = make_page(qtbot, monitor_ctx)
    page.new_record("detention_visit")
    editor = page.editor
    type_into(qtbot, editor, "facility_name", "Special institution for foreigners")
    choose_in(qtbot, editor, "facility_region", "Almaty (city)")
    assert not shown(editor, "facility_region_other")
    click(qtbot, row(editor, "visit_date").input.today_button)
    type_into(qtbot, editor, "monitors[0].monitor_name", "Dana M.")
    type_into(qtbot, editor, "detainee_count", "14")
    click(qtbot, row(editor, "interviews").input.add_button)
    type_into(qtbot, editor, "interviews[0].interviewee", "K-07")
    search_pick(qtbot, row(editor, "interviews[0].interviewee_nationality").input.combo, "Uzbekistan")
    assert not shown(editor, "interviews[0].asylum_receipt")
    answer(qtbot, editor, "interviews[0].wishes_asylum", True)
    assert shown(editor, "interviews[0].asylum_receipt")
    for question in ("lawyer_access", "interpreter_access", "appeal_access"):
        answer(qtbot, editor, f"interviews[0].{question}", False)
    answer(qtbot, editor, "interviews[0].removal_scheduled", True)
    assert shown(editor, "interviews[0].removal_destination")
    choose_in(qtbot, editor, "interviews[0].urgency", "Low")
    assert messages(editor, "interviews[0].urgency") == [
        "A person who wishes to seek asylum and faces removal must be marked high or immediate risk."]
    choose_in(qtbot, editor, "interviews[0].urgency", "High")
    assert messages(editor, "interviews[0].urgency") == []
    answer(qtbot, editor, "interviews[0].follow_up_needed", True)
    with qtbot.waitSignal(page.submitted, timeout=5000) as submitted:
        click(qtbot, page.submit_button)
        click(qtbot, page.submit_dialog.submit_button)
    view = get_record(monitor_ctx.session, submitted.args[0])
    assert view.status == "submitted"
    assert view.current.data["interviews"][0]["urgency"] == "high"
    assert view.current.data["monitors"] == [{"monitor_name": "Dana M."}]


def test_a_loaded_visit_shows_its_interviews(qtbot, monitor_ctx):
    session = monitor_ctx.session
    record_id = lifecycle.create_draft(session, "detention_visit", visit(), strict=False)
    page = make_page(qtbot, monitor_ctx)
    page.edit_draft(record_id)
    expected = visit()
    expected["interviews"][0]["interviewee_nationality"] = "UZ"  # the picker gives the code as the engine stores it
    assert page.editor.data() == expected
    assert row(page.editor, "interviews[0].removal_date").input.value() == "2026-11-25"


def test_close_saves_and_leaves_nothing_on_screen(qtbot, ctx, page):
    page.new_record("asylum_application")
    type_into(qtbot, page.editor, "place_name", "Khorgos")
    with qtbot.waitSignal(page.closed):
        click(qtbot, page.close_button)
    assert page.editor is None and not page.has_open_record()
    [draft] = [v for v in list_records(ctx.session, status="draft")]
    assert get_record(ctx.session, draft.id).versions[-1].data == {**PREFILLED, "place_name": "Khorgos"}


def test_another_user_unlocking_never_sees_the_previous_users_input(qtbot, ctx, store, page):
    from intake_app.roles import Role
    from intake_app.users.service import add_user
    from tests.conftest import ADMIN_PW, FORMS_DIR, OFFICER_PW

    with store.unlock("admin", ADMIN_PW) as admin:
        add_user(admin, "officer2", Role.OFFICER, OFFICER_PW, "Second Officer")
    page.new_record("asylum_application")
    type_into(qtbot, page.editor, "name_latin", "Abdullaev Rustam")
    page.flush()
    ctx.lock()
    assert page.editor is not None  # kept (hidden by the shell) for the same user
    other = store.unlock("officer2", OFFICER_PW)
    other.forms_dir = FORMS_DIR
    ctx.start_session(other)
    assert page.editor is None and not page.has_open_record()


def test_ctrl_s_saves_the_draft_at_once(qtbot, ctx, page):
    page.new_record("asylum_application")
    type_into(qtbot, page.editor, "officer_id", "KZ-417")
    with qtbot.waitSignal(page.saved, timeout=1000) as saved:
        qtbot.keyClick(row(page.editor, "officer_id").input.edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert get_record(ctx.session, saved.args[0]).versions[-1].data == {**PREFILLED, "officer_id": "KZ-417"}
