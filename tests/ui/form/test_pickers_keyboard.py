"""Country and language pickers driven by the keyboard, in Kazakh: what is stored is exactly what was chosen.

A border official types part of a name, moves in the list with ↓/↑, and confirms with Enter or Tab, or
declines with Escape. Nationality and language decide a person's fate: a second, unchosen value (once
"Өзб", ↓, Enter added Uzbekistan *and* the US Virgin Islands) or a declined value kept on leaving the field
is a wrong fact recorded without warning. Every test reads the answer as the form stores it.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.ui.form.conftest import make_editor
from tests.ui.form.helpers import click, key_text, row

DOWN, UP, ENTER, TAB, ESCAPE = Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_Escape

#: (field, whether it holds several values, what "Өзб" means in it)
PICKERS = [("citizenships", True, "UZ"), ("languages_spoken", True, "uz"), ("preferred_language", False, "uz"),
           ("documents[0].document", False, "UZ")]


@pytest.fixture
def editor(qtbot, ctx) -> Iterator:
    ctx.set_language("kk", remember=False)
    form_editor = make_editor(qtbot, ctx, "asylum_application")
    click(qtbot, row(form_editor, "no_documents").input.no)
    click(qtbot, row(form_editor, "documents").input.add_button)
    yield form_editor
    ctx.set_language("en", remember=False)


def _combo(editor, path: str):
    widget = row(editor, path).input
    return widget.country if path.startswith("documents") else widget.combo


def _stored(editor, path: str):
    data = editor.data()
    if path.startswith("documents"):
        return (data.get("documents") or [{}])[0].get("document", {}).get("issuing_country")
    return data.get(path)


def _type(qtbot, combo, text: str) -> None:
    combo.lineEdit().setFocus()
    qtbot.waitUntil(lambda: combo.lineEdit().hasFocus())
    key_text(qtbot, combo.lineEdit(), text)


def _keys(qtbot, *keys: Qt.Key) -> None:
    """Each key where Qt sends it: the open completion list first, else the focused widget."""
    for key in keys:
        qtbot.keyClick(QApplication.activePopupWidget() or QApplication.focusWidget(), key)


def _expect(multiple: bool, code: str | None):
    return ([code] if code else None) if multiple else code


@pytest.mark.parametrize(("path", "multiple", "code"), PICKERS)
@pytest.mark.parametrize(("keys", "chosen"), [
    ((DOWN, ENTER), True),  # highlight the one match, confirm
    ((ENTER,), True),  # confirm the typed text: the first name that starts with it
    ((DOWN, TAB), True),  # highlight, then move on: the highlighted name is the answer
    ((ESCAPE, TAB), False),  # declined: nothing is kept, also after leaving the field
    ((DOWN, ESCAPE, TAB), False),  # highlighted, then declined
], ids=["down-enter", "enter", "down-tab", "escape-tab", "down-escape-tab"])
def test_one_typed_name_gives_exactly_that_answer(qtbot, editor, path, multiple, code, keys, chosen):
    combo = _combo(editor, path)
    _type(qtbot, combo, "Өзб")
    _keys(qtbot, *keys)
    assert _stored(editor, path) == _expect(multiple, code if chosen else None)
    if multiple:  # ready for the next entry: no name is left that leaving the field could add
        qtbot.waitUntil(lambda: combo.currentText() == "", timeout=2000)


@pytest.mark.parametrize(("path", "multiple", "_code"), PICKERS)
def test_up_and_down_choose_the_highlighted_entry_among_several(qtbot, editor, path, multiple, _code):
    combo = _combo(editor, path)
    matches = [combo.itemData(i, Qt.ItemDataRole.UserRole) for i in range(combo.count())
               if "ан" in combo.itemText(i).casefold()]
    assert len(matches) > 3
    _type(qtbot, combo, "ан")
    _keys(qtbot, DOWN, DOWN, DOWN, UP, ENTER)  # the second entry of the list as shown
    assert _stored(editor, path) == _expect(multiple, matches[1])
    if multiple:
        _type(qtbot, combo, "ан")
        _keys(qtbot, DOWN, ENTER)
        assert _stored(editor, path) == [matches[1], matches[0]]


@pytest.mark.parametrize(("path", "code"), [("citizenships", "UZ"), ("languages_spoken", "uz")])
def test_a_removed_entry_stays_removed_after_leaving_and_returning(qtbot, editor, path, code):
    widget = row(editor, path).input
    _type(qtbot, widget.combo, "Өзб")
    _keys(qtbot, DOWN, ENTER)
    _type(qtbot, widget.combo, "ресей" if path == "citizenships" else "орыс")
    _keys(qtbot, ENTER)
    second = widget.codes[1]
    assert _stored(editor, path) == [code, second]
    click(qtbot, widget._chips[0])  # the officer removes the first one
    assert _stored(editor, path) == [second]
    _type(qtbot, widget.combo, "")
    _keys(qtbot, TAB)  # leave the field …
    _type(qtbot, widget.combo, "")
    _keys(qtbot, TAB)  # … come back and leave again
    assert _stored(editor, path) == [second]
    assert widget.chip_names() == [widget._name(second)]


@pytest.mark.parametrize(("path", "code"), [("preferred_language", "uz"), ("documents[0].document", "UZ")])
def test_a_single_answer_is_replaced_or_kept_never_mixed(qtbot, editor, path, code):
    combo = _combo(editor, path)
    _type(qtbot, combo, "Өзб")
    _keys(qtbot, DOWN, ENTER)
    combo.lineEdit().selectAll()
    key_text(qtbot, combo.lineEdit(), "zzz")  # no such name
    _keys(qtbot, TAB)
    assert _stored(editor, path) == code  # the last valid choice stays, shown by name again
    assert combo.currentText() == combo.itemText(combo.findData(code, Qt.ItemDataRole.UserRole))
    _type(qtbot, combo, "")
    combo.lineEdit().selectAll()
    key_text(qtbot, combo.lineEdit(), "Өзб")
    _keys(qtbot, ESCAPE, TAB)  # began to change it, then declined: still the same answer
    assert _stored(editor, path) == code
