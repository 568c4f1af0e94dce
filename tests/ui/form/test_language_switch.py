"""Every text of the form screens switches language at run time, and has a Kazakh and Russian draft."""

from __future__ import annotations

from pathlib import Path


from tests.ui.form.conftest import make_page
from tests.ui.form.helpers import row

HERE = Path(__file__).resolve().parent


def test_switching_to_kazakh_changes_the_buttons_and_hints_of_the_open_page(qtbot, ctx, pending_translations):
    page = make_page(qtbot, ctx)
    page.new_record("asylum_application")
    editor = page.editor
    ctx.set_language("kk")
    assert page.save_button.text().startswith("Жобаны сақтау")
    assert page.submit_button.text().startswith("Тапсыру")
    assert row(editor, "stateless").input.clear_button.text() == "Жауапты өшіру"
    assert row(editor, "family_members").input.add_button.text() == "+ Тармақ қосу: Отбасы мүшелері"
    assert row(editor, "languages_spoken").input.combo.lineEdit().placeholderText() == "Іздеу үшін теріңіз…"
    assert row(editor, "birth_date").input.parts.month.itemText(11) == "11 Қараша"
    assert editor.issues.check_button.text() == "Бүкіл нысанды тексеру"
    ctx.set_language("ru")
    assert page.close_button.text() == "Закрыть"
    assert row(editor, "application_datetime").input.now_button.text() == "Сейчас"
    assert row(editor, "family_members").input.count_label.text() == "0 из не более чем 30"
