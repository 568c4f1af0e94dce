"""Every text of the form screens switches language at run time, and has a Kazakh and Russian draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from tests.conftest import ROOT
from tests.ui.form.conftest import make_page
from tests.ui.form.helpers import row

HERE = Path(__file__).resolve().parent


def _ids(path: Path) -> set[str]:
    with open(path, "rb") as handle:
        return {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id and all(
            (m.string if isinstance(m.string, tuple) else (m.string,)))}


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_form_screen_string_is_translated_in_the_catalog_or_the_pending_file(lang):
    in_code = {message if isinstance(message, str) else message[0] for _f, _l, message, _c, _x in extract_from_dir(
        str(ROOT), method_map=[("intake_app/ui/form/**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)})}
    known = _ids(ROOT / "translations" / lang / "LC_MESSAGES" / "intake.po") | _ids(HERE / f"pending.{lang}.po")
    assert sorted(in_code - known) == []


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
