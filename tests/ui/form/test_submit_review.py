"""The confirmation before submitting: every answer to read back, or what a correction changes, beside the reason."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from intake_app.records import lifecycle
from intake_app.records.reading import get_record
from tests.records.sample import application, write_scan
from tests.ui.form.helpers import answer, choose_in, click, row, search_pick, type_into

FAMILY = [("Абдуллаева Мадина", "Abdullaeva Madina"), ("Абдуллаев Тимур", "Abdullaev Timur")]


@pytest.fixture(autouse=True)
def english_qt_afterwards(ctx) -> Iterator[None]:
    """Qt's translator is process-wide too: a test in Kazakh leaves English behind for the next one."""
    yield
    ctx.set_language("en", remember=False)


def _draft(session, tmp_path) -> str:
    return lifecycle.create_draft(session, "asylum_application", application(family=FAMILY), strict=False,
                                  files=[("application_scan", write_scan(tmp_path / "scans"))])


def _lines(dialog) -> list[str]:
    """The review as a person reads it: one line per heading or table cell, blanks left out."""
    return [line.strip() for line in dialog.review.toPlainText().splitlines() if line.strip()]


def _after(lines: list[str], label: str) -> str:
    """The text shown next to ``label`` (the cell after it)."""
    return lines[lines.index(label) + 1]


def _open_review(qtbot, page):
    click(qtbot, page.submit_button)
    dialog = page.submit_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.review.isVisible())
    return dialog


def test_the_confirmation_shows_every_answer_under_its_section(qtbot, ctx, page, tmp_path):
    page.edit_draft(_draft(ctx.session, tmp_path))
    dialog = _open_review(qtbot, page)
    assert dialog.review_caption.text() == "Read every answer back to the applicant before submitting:"
    lines = _lines(dialog)
    # In form order, under the form's sections, as on the receipt and in the record view.
    order = ["Applicant", "Full name as written by the applicant", "Citizenship", "Interpretation",
             "Accompanying family members", "Family members 1", "Family members 2", "Identity documents",
             "The application", "Receiving officer"]
    assert [lines.index(text) for text in order] == sorted(lines.index(text) for text in order)
    assert _after(lines, "Full name in Latin letters") == "Abdullaev Rustam"
    assert _after(lines, "Sex") == "Male"  # a choice's label, not its stored value
    assert _after(lines, "Date of birth") == "Apr 1985"  # a partial date, in the reader's words
    assert _after(lines, "Citizenship") == "Uzbekistan"
    assert _after(lines, "Languages spoken") == "Uzbek, Russian"
    assert _after(lines, "The application was made voluntarily") == "Yes"
    assert _after(lines, "Document") == "Passport, N1234567, Uzbekistan"
    assert "Abdullaev Timur" in lines and "Abdullaeva Madina" in lines
    assert _after(lines, "Scan or photo of the written application").startswith("scan.png (")  # named, not drawn
    assert not any("sha256" in line for line in lines)
    assert _after(lines, "Officer's full name") == "Серік Ахметов"


def test_escape_goes_back_and_enter_submits_after_reading(qtbot, ctx, page, tmp_path):
    record_id = _draft(ctx.session, tmp_path)
    page.edit_draft(record_id)
    dialog = _open_review(qtbot, page)
    assert dialog.focusWidget() is dialog.review  # the arrow keys scroll the answers at once
    qtbot.keyClick(dialog.review, Qt.Key.Key_PageDown)
    assert dialog.review.verticalScrollBar().value() > 0
    qtbot.keyClick(dialog.review, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and not page.is_submitted
    assert get_record(ctx.session, record_id).status == "draft"
    dialog = _open_review(qtbot, page)
    assert dialog.submit_button.isDefault()
    with qtbot.waitSignal(page.submitted, timeout=5000):
        qtbot.keyClick(dialog.review, Qt.Key.Key_Return)
    assert get_record(ctx.session, record_id).status == "submitted"


def test_the_answers_are_read_back_in_kazakh(qtbot, ctx, page, tmp_path):
    page.edit_draft(_draft(ctx.session, tmp_path))
    dialog = _open_review(qtbot, page)
    ctx.set_language("kk")  # switched while the confirmation is open: it is redrawn
    assert dialog.review_caption.text() == "Тапсырмас бұрын әр жауапты өтініш берушіге оқып беріңіз:"
    lines = _lines(dialog)
    assert "Өтініш беруші" in lines  # the section
    assert _after(lines, "Толық аты-жөні латын әріптерімен") == "Abdullaev Rustam"
    assert _after(lines, "Жынысы") == "Ер"
    assert _after(lines, "Азаматтығы") == "Өзбекстан"
    assert _after(lines, "Өтініш өз еркімен берілді") == "Иә"
    assert "Отбасы мүшелері 2" in lines
    assert "Uzbekistan" not in lines and "Male" not in lines


def _amend_in_the_form(qtbot, ctx, page, tmp_path) -> str:
    """Correct a submitted record through the form: a spelling, a second citizenship, an answer, the family."""
    receipt = lifecycle.submit(ctx.session, _draft(ctx.session, tmp_path))
    page.amend(receipt)
    editor = page.editor
    type_into(qtbot, editor, "name_latin", "Abdullayev Rustam")
    search_pick(qtbot, row(editor, "citizenships").input.combo, "Tajik")
    answer(qtbot, editor, "voluntary", False)
    family = row(editor, "family_members").input
    click(qtbot, family.items[0].remove)  # Madina was entered by mistake
    click(qtbot, family.add_button)
    type_into(qtbot, editor, "family_members[1].member_name_original", "Абдуллаева Зарина")
    choose_in(qtbot, editor, "family_members[1].relation", "Child")
    return receipt


def test_a_correction_lists_each_change_beside_the_reason(qtbot, ctx, page, tmp_path):
    receipt = _amend_in_the_form(qtbot, ctx, page, tmp_path)
    dialog = _open_review(qtbot, page)
    assert dialog.review_caption.text() == "What the correction changes:"
    assert dialog.focusWidget() is dialog.reason and not dialog.submit_button.isEnabled()
    lines = _lines(dialog)
    latin = lines.index("Full name in Latin letters")
    assert lines[latin:latin + 4] == ["Full name in Latin letters", "Abdullaev Rustam", "→", "Abdullayev Rustam"]
    citizenship = lines.index("Citizenship")
    assert lines[citizenship:citizenship + 4] == ["Citizenship", "Uzbekistan", "→", "Uzbekistan, Tajikistan"]
    voluntary = lines.index("The application was made voluntarily")
    assert lines[voluntary:voluntary + 4] == ["The application was made voluntarily", "Yes", "→", "No"]
    assert "Family members 1 — Removed" in lines and "Abdullaeva Madina" in lines
    assert "Family members 2 — Added" in lines and "Абдуллаева Зарина" in lines
    assert "Abdullaev Timur" not in lines  # unchanged: not listed
    assert "Full name as written by the applicant" not in lines and "Male" not in lines
    assert dialog.reason.isVisible() and dialog.review.geometry().bottom() < dialog.reason.geometry().top()
    qtbot.keyClicks(dialog.reason, "spelling as in passport")
    with qtbot.waitSignal(page.submitted, timeout=5000):
        click(qtbot, dialog.submit_button)
    view = get_record(ctx.session, receipt)
    assert view.current.data["citizenships"] == ["UZ", "TJ"] and view.current.data["voluntary"] is False


def test_a_correction_lists_its_changes_in_kazakh(qtbot, ctx, page, tmp_path):
    _amend_in_the_form(qtbot, ctx, page, tmp_path)
    ctx.set_language("kk")
    dialog = _open_review(qtbot, page)
    assert dialog.review_caption.text() == "Түзету нені өзгертеді:"
    assert dialog.reason_caption.text() == "Түзетудің себебі (міндетті):"
    lines = _lines(dialog)
    assert lines[:2] == ["Түзетуге дейін", "Түзетуден кейін"]
    citizenship = lines.index("Азаматтығы")
    assert lines[citizenship:citizenship + 4] == ["Азаматтығы", "Өзбекстан", "→", "Өзбекстан, Тәжікстан"]
    voluntary = lines.index("Өтініш өз еркімен берілді")
    assert lines[voluntary:voluntary + 4] == ["Өтініш өз еркімен берілді", "Иә", "→", "Жоқ"]
    assert "Отбасы мүшелері 1 — Алынып тасталды" in lines and "Отбасы мүшелері 2 — Қосылды" in lines


def test_a_correction_that_changes_nothing_says_so(qtbot, ctx, page, tmp_path):
    page.amend(lifecycle.submit(ctx.session, _draft(ctx.session, tmp_path)))
    click(qtbot, page.submit_button)
    dialog = page.submit_dialog
    assert dialog.review_caption.text() == "Nothing differs from the submitted version."
    assert not dialog.review.isVisible()


def test_locking_closes_the_review_so_no_answer_stays_on_screen(qtbot, ctx, page, tmp_path):
    record_id = _draft(ctx.session, tmp_path)
    page.edit_draft(record_id)
    dialog = _open_review(qtbot, page)
    ctx.lock()
    assert not dialog.isVisible()
    assert not page.is_submitted
