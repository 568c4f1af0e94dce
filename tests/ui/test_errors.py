"""Error dialogs: they never block the caller, and a bug report carries no personal data."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from intake_app.errors import UserError
from intake_app.ui.errors import show_error


def _boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_bug_report_has_no_exception_message(qtbot):
    try:
        raise ValueError("Абдуллаев Рустам N1234567")
    except ValueError as exc:
        show_error(None, exc)  # returns at once: no nested event loop
    box = _boxes()[-1]
    assert "ValueError" in box.detailedText()
    assert "Абдуллаев" not in box.detailedText() and "N1234567" not in box.detailedText()
    box.accept()


def test_user_error_shows_its_message_and_details(qtbot):
    show_error(None, UserError("The record has 2 problem(s).", details=["sex: required"]))
    box = _boxes()[-1]
    assert box.text() == "The record has 2 problem(s)." and "sex: required" in box.detailedText()
    box.accept()
