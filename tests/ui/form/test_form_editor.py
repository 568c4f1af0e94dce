"""The form editor draws any form from its definition and follows the engine's rules live."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from intake_app.i18n import translate
from tests.records.sample import application
from tests.ui.form.conftest import make_editor
from tests.ui.form.helpers import (answer, choose_in, click, enter_date, messages, row, search_pick, shown, tick,
                                   type_into)


@pytest.mark.parametrize("form_id", ["asylum_application", "detention_visit"])
def test_every_field_of_the_shipped_forms_gets_a_labelled_widget(qtbot, ctx, form_id):
    from intake_app.forms import load_form_file
    from tests.conftest import FORMS_DIR

    form = load_form_file(FORMS_DIR / form_id / "form.yaml")
    editor = make_editor(qtbot, ctx, form_id)
    top_level = [f for top in form.fields for f in top.walk() if f.is_data and "." not in f.path]
    for field in top_level:
        drawn = editor.row(field.id)
        assert drawn is not None, field.id
        assert drawn.label.text().startswith(field.label("en"))
    titles = [editor.nav.item(i).text() for i in range(editor.nav.count())]
    assert titles[0].startswith(form.fields[0].label("en"))


def test_typed_answers_come_out_in_the_engines_format(qtbot, asylum_editor):
    editor = asylum_editor
    type_into(qtbot, editor, "name_original", "Абдуллаев   Рустам")
    choose_in(qtbot, editor, "sex", "Male")
    enter_date(qtbot, editor, "birth_date", "1985")
    assert shown(editor, "citizenships")  # asked from the start; hidden only once "stateless" is yes
    answer(qtbot, editor, "stateless", False)
    search_pick(qtbot, row(editor, "citizenships").input.combo, "uzbek")
    search_pick(qtbot, row(editor, "languages_spoken").input.combo, "Uzbek")
    search_pick(qtbot, row(editor, "languages_spoken").input.combo, "russ")
    tick(qtbot, editor, "grounds", "religion")
    tick(qtbot, editor, "grounds", "race")
    type_into(qtbot, editor, "phone", "+7 (701) 234-56-78")
    data = editor.data()
    assert data["name_original"] == "Абдуллаев   Рустам"  # kept as typed; the engine normalizes on submit
    assert data["sex"] == "male"
    assert data["birth_date"] == "1985"
    assert data["citizenships"] == ["UZ"]
    assert data["languages_spoken"] == ["uz", "ru"]
    assert data["stateless"] is False
    assert sorted(data["grounds"]) == ["race", "religion"]
    assert row(editor, "citizenships").input.chip_names() == ["Uzbekistan"]
    result = editor.form.validate(data, today=editor.env.today())
    assert result.normalized["phone"] == "+77012345678"


def test_partial_birth_date_year_month_or_full(qtbot, asylum_editor):
    editor = asylum_editor
    enter_date(qtbot, editor, "birth_date", "1990")
    assert editor.data()["birth_date"] == "1990"
    enter_date(qtbot, editor, "birth_date", "1990", month=7)
    assert editor.data()["birth_date"] == "1990-07"
    enter_date(qtbot, editor, "birth_date", "1990", month=7, day=14)
    assert editor.data()["birth_date"] == "1990-07-14"
    enter_date(qtbot, editor, "birth_date", "2090")
    assert messages(editor, "birth_date") == ["The date of birth cannot be in the future."]


def test_a_date_time_keeps_kazakhstans_offset_and_now_fills_it(qtbot, asylum_editor):
    editor = asylum_editor
    widget = row(editor, "application_datetime").input
    assert widget.offset.currentText() == "UTC+05:00"
    click(qtbot, widget.now_button)
    # FakeClock: 09:30 UTC is 14:30 in Kazakhstan
    assert editor.data()["application_datetime"] == "2026-11-23T14:30:00+05:00"


def test_conditional_fields_appear_and_their_hidden_answers_are_not_kept(qtbot, asylum_editor):
    editor = asylum_editor
    assert not shown(editor, "interpreter_present")
    answer(qtbot, editor, "interpreter_needed", True)
    assert shown(editor, "interpreter_present")
    assert not shown(editor, "interpreter_language")
    answer(qtbot, editor, "interpreter_present", True)
    search_pick(qtbot, row(editor, "interpreter_language").input.combo, "Uyghur")
    assert editor.data()["interpreter_language"] == "ug"
    answer(qtbot, editor, "interpreter_needed", False)
    assert not shown(editor, "interpreter_present") and not shown(editor, "interpreter_language")
    data = editor.data()
    assert "interpreter_present" not in data and "interpreter_language" not in data
    answer(qtbot, editor, "interpreter_needed", True)  # changing one's mind brings the answers back
    assert editor.data()["interpreter_language"] == "ug"
    assert not shown(editor, "grounds_other")
    tick(qtbot, editor, "grounds", "other")
    assert shown(editor, "grounds_other")
    answer(qtbot, editor, "stateless", True)
    assert not shown(editor, "citizenships")


def test_messages_appear_once_touched_and_everywhere_after_validate(qtbot, asylum_editor):
    editor = asylum_editor
    assert messages(editor, "name_latin") == []
    assert editor.issues.texts() == []
    type_into(qtbot, editor, "phone", "12345")
    assert messages(editor, "phone") == ["Enter the number in international format: + and 7 to 15 digits."]
    assert messages(editor, "name_latin") == []  # untouched: no scolding yet
    result = editor.validate()
    assert not result.ok
    assert messages(editor, "name_latin") == ["This field is required."]
    texts = editor.issues.texts()
    assert "Full name in Latin letters: This field is required." in texts
    assert len(texts) == len(result.issues)
    assert "⚠" in editor.nav.item(0).text()


def test_choosing_a_problem_in_the_summary_goes_to_the_field(qtbot, asylum_editor):
    editor = asylum_editor
    editor.validate()
    entries = editor.issues.list
    target = next(i for i in range(entries.count()) if entries.item(i).text().startswith("Referred to"))
    entries.setCurrentRow(target)
    qtbot.mouseClick(entries.viewport(), Qt.MouseButton.LeftButton,
                     pos=entries.visualItemRect(entries.item(target)).center())
    combo = row(editor, "referral_body").input.combo
    qtbot.waitUntil(lambda: QApplication.focusWidget() is combo)
    viewport = editor.scroll_area.viewport()
    top = combo.mapTo(viewport, combo.rect().topLeft()).y()
    assert 0 <= top < viewport.height()


def test_iin_shows_whether_the_check_digit_is_right_while_typing(qtbot, asylum_editor):
    editor = asylum_editor
    widget = row(editor, "iin").input
    type_into(qtbot, editor, "iin", "85040", finish=False)
    assert widget.check_state == "incomplete" and "5 of 12" in widget.indicator.text()
    type_into(qtbot, editor, "iin", "8504 0130 0016", finish=False)
    assert widget.check_state == "valid"
    type_into(qtbot, editor, "iin", "850401300017")
    assert widget.check_state == "invalid"
    assert messages(editor, "iin") == ["This IIN is not valid: check the digits."]


def test_country_picker_finds_by_any_part_of_the_name_in_the_interface_language(qtbot, ctx, asylum_editor):
    editor = asylum_editor
    assert shown(editor, "documents")  # asked from the start; hidden only once "no documents" is yes
    answer(qtbot, editor, "no_documents", False)
    click(qtbot, row(editor, "documents").input.add_button)
    combo = row(editor, "documents[0].document").input.country
    assert combo.completer().filterMode() == Qt.MatchFlag.MatchContains
    assert combo.completer().caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    search_pick(qtbot, combo, "ghanis")
    assert combo.currentText() == "Afghanistan"
    assert editor.data()["documents"][0]["document"]["issuing_country"] == "AF"
    ctx.set_language("ru")
    assert combo.currentText() == "Афганистан"
    answer(qtbot, editor, "stateless", False)
    search_pick(qtbot, row(editor, "citizenships").input.combo, "таджик")
    assert editor.data()["citizenships"] == ["TJ"]


def test_language_switch_retranslates_the_open_form(qtbot, ctx, asylum_editor):
    editor = asylum_editor
    form = editor.form
    choose_in(qtbot, editor, "sex", "Female")
    editor.validate()
    ctx.set_language("ru")
    assert row(editor, "name_latin").label.text() == form.field("name_latin").label("ru") + " *"
    assert row(editor, "name_original").hint.text() == form.field("name_original").hint("ru")
    assert row(editor, "sex").input.combo.currentText() == "Женский"
    assert row(editor, "stateless").input.yes.text() == "Да"
    required_ru = translate("This field is required.", "ru")
    assert required_ru != "This field is required."
    assert messages(editor, "name_latin") == [required_ru]
    assert any(text.startswith(form.field("name_latin").label("ru")) for text in editor.issues.texts())
    assert editor.nav.item(0).text().startswith("Заявитель")
    ctx.set_language("kk")
    assert row(editor, "name_latin").label.text().startswith("Толық аты-жөні латын әріптерімен")
    assert row(editor, "sex").input.combo.currentText() == "Әйел"
    assert row(editor, "stateless").input.no.text() == "Жоқ"
    assert row(editor, "languages_spoken").input.combo.lineEdit().placeholderText() != ""


def test_names_as_written_follow_the_applicants_writing_direction(qtbot, asylum_editor):
    editor = asylum_editor
    name = row(editor, "name_original").input.edit
    assert name.layoutDirection() == Qt.LayoutDirection.LeftToRight
    search_pick(qtbot, row(editor, "languages_spoken").input.combo, "Uyghur")
    search_pick(qtbot, row(editor, "preferred_language").input.combo, "Uyghur")
    editor.data()
    assert name.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert row(editor, "name_latin").input.edit.layoutDirection() == Qt.LayoutDirection.LeftToRight


def test_set_data_then_data_gives_the_same_record_back(qtbot, asylum_editor):
    sample = application(family=[("Абдуллаева Зарина", "Abdullaeva Zarina"), ("Абдуллаев Тимур", "Abdullaev Timur")])
    asylum_editor.set_data(sample)
    assert asylum_editor.data() == sample
    assert asylum_editor.issues.texts() == []  # loading a record does not scold anyone


def test_repeat_group_add_reorder_remove_within_limits(qtbot, monitor_ctx):
    editor = make_editor(qtbot, monitor_ctx, "detention_visit")
    monitors = row(editor, "monitors").input
    assert len(monitors.items) == 1  # min_count 1: one entry to fill from the start
    assert not monitors.items[0].remove.isEnabled()
    type_into(qtbot, editor, "monitors[0].monitor_name", "Aigerim S.")
    click(qtbot, monitors.add_button)
    type_into(qtbot, editor, "monitors[1].monitor_name", "Dana K.")
    click(qtbot, monitors.items[1].up)
    assert [m["monitor_name"] for m in editor.data()["monitors"]] == ["Dana K.", "Aigerim S."]
    assert monitors.items[0].toggle.text().endswith("1.")
    click(qtbot, monitors.items[0].remove)
    assert editor.data()["monitors"] == [{"monitor_name": "Aigerim S."}]
    for _ in range(9):
        click(qtbot, monitors.add_button)
    assert len(monitors.items) == 10 and not monitors.add_button.isEnabled()  # max_count 10


def test_the_section_list_takes_the_user_to_a_section(qtbot, asylum_editor):
    editor = asylum_editor
    index = next(i for i in range(editor.nav.count()) if editor.nav.item(i).text() == "Referral")
    click(qtbot, editor.nav.viewport(), pos=editor.nav.visualItemRect(editor.nav.item(index)).center())
    box = editor.root.sections["referral"]
    viewport = editor.scroll_area.viewport()
    assert 0 <= box.mapTo(viewport, box.rect().topLeft()).y() < 60
    assert QApplication.focusWidget() is row(editor, "referral_body").input.combo


def test_leaving_a_picker_with_an_ambiguous_text_chooses_nothing(qtbot, asylum_editor):
    from tests.ui.form.helpers import key_text

    combo = row(asylum_editor, "preferred_language").input.combo
    combo.lineEdit().setFocus()
    key_text(qtbot, combo.lineEdit(), "an")  # Afrikaans, Albanian, …: the user has not chosen yet
    popup = QApplication.activePopupWidget()
    if popup is not None:
        qtbot.keyClick(popup, Qt.Key.Key_Escape)  # close the list without choosing
    asylum_editor.activateWindow()  # the offscreen platform does not hand activation back after a popup
    qtbot.waitActive(asylum_editor)
    click(qtbot, row(asylum_editor, "phone").input.edit)
    assert QApplication.focusWidget() is row(asylum_editor, "phone").input.edit
    assert "preferred_language" not in asylum_editor.data()
    assert combo.currentText() == ""


def test_now_fills_the_device_time_and_the_form_accepts_it(qtbot, ctx, asylum_editor, laptop_zone):
    """At 21:57 UTC it is 02:57 tomorrow in Almaty: "Now" writes that, and it is not "in the future"."""
    from datetime import UTC, datetime

    ctx.session.clock.now = datetime(2026, 12, 2, 21, 57, tzinfo=UTC)
    editor = asylum_editor
    click(qtbot, row(editor, "application_datetime").input.now_button)
    assert editor.data()["application_datetime"] == "2026-12-03T02:57:00+05:00"
    assert messages(editor, "application_datetime") == []
    assert [issue for issue in editor.validate().issues if issue.path == "application_datetime"] == []
