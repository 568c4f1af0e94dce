"""What a user does with the form, as key presses and clicks on the real widgets."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from intake_app.ui.form.field_row import FieldRow


def key_text(qtbot, widget: QWidget, text: str) -> None:
    """Type ``text`` as a keyboard with the right layout would (QTest only knows ASCII keys)."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def reveal(widget: QWidget) -> None:
    """Scroll the page so ``widget`` is on screen, as a user does before clicking it."""
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.widget().layout().activate()
        parent.ensureWidgetVisible(widget, 10, 10)
    # Let new rows take their place first. PySide6 6.12 drops a reference to None on every
    # processEvents() call: harmless for a few hundred clicks, fatal in a busy loop.
    QApplication.processEvents()


def click(qtbot, button, pos=None) -> None:
    """A left click; Qt delivers it to whatever is on screen at that point, so scroll there first."""
    reveal(button)
    if pos is None:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=pos)


def row(editor, path: str) -> FieldRow:
    found = editor.row(path)
    assert found is not None, f"no field drawn for {path}"
    return found


def shown(editor, path: str) -> bool:
    """Whether a user can see the field (the row and its sections are not hidden)."""
    editor.data()  # let a pending refresh run, as the event loop would within 30 ms
    found = editor.row(path)
    return found is not None and found.isVisibleTo(editor)


def type_into(qtbot, editor, path: str, text: str, *, finish: bool = True) -> None:
    """Click into a text field, type, and press Enter (the field is then "touched")."""
    edit = row(editor, path).input.edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    key_text(qtbot, edit, text)
    if finish:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def choose(qtbot, combo, label: str) -> None:
    """Pick the entry ``label`` of a combo box with the arrow keys, as a keyboard user does."""
    index = combo.findText(label)
    assert index >= 0, f"{label!r} is not offered"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _step in range(index):
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == label, f"{combo.currentText()!r} != {label!r}"


def choose_in(qtbot, editor, path: str, label: str) -> None:
    choose(qtbot, row(editor, path).input.combo, label)


def search_pick(qtbot, combo, typed: str) -> None:
    """Type part of a country or language name into a search picker and press Enter."""
    line = combo.lineEdit()
    line.setFocus()
    key_text(qtbot, line, typed)
    # With the completion list open, Qt hands keys to the list first, as it does here.
    qtbot.keyClick(QApplication.activePopupWidget() or line, Qt.Key.Key_Return)
    assert QApplication.activePopupWidget() is None


def answer(qtbot, editor, path: str, yes: bool) -> None:
    widget = row(editor, path).input
    click(qtbot, widget.yes if yes else widget.no)


def tick(qtbot, editor, path: str, value: str) -> None:
    box = row(editor, path).input.boxes[value]
    click(qtbot, box, pos=QPoint(8, box.height() // 2))  # on the square


def enter_date(qtbot, editor, path: str, year: str, month: int | None = None, day: int | None = None) -> None:
    parts = row(editor, path).input.parts
    parts.year.setFocus()
    parts.year.lineEdit().selectAll()
    qtbot.keyClicks(parts.year, year)
    qtbot.keyClick(parts.year, Qt.Key.Key_Tab)
    if month is not None:
        choose(qtbot, parts.month, parts.month.itemText(month))
    if day is not None:
        choose(qtbot, parts.day, str(day))


def messages(editor, path: str) -> list[str]:
    editor.data()
    return row(editor, path).message_texts()


def drop_files(qtbot, widget: QWidget, paths) -> None:
    """Drag files from a file manager and drop them on ``widget``."""
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    centre = widget.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the widget refused the drag"
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, drop)


def wait_idle(qtbot, attachment_input) -> None:
    qtbot.waitUntil(lambda: not attachment_input.busy, timeout=10000)
