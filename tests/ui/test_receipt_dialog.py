"""After submitting, the officer previews the receipt, picks its languages, prints it or saves it as PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog

from intake_app.records import lifecycle
from intake_app.settings import Settings
from intake_app.ui.context import UiContext
from tests.conftest import FORMS_DIR
from tests.records.sample import application, write_scan


@pytest.fixture
def ctx(qtbot, store, officer, tmp_path):
    from intake_app import i18n

    i18n.set_language("en")
    officer.forms_dir = FORMS_DIR
    context = UiContext(store, Settings.in_dir(tmp_path / "settings"))
    context.start_session(officer)
    return context


def _submitted(session, tmp_path, **kwargs) -> tuple[str, str]:
    record_id = lifecycle.create_draft(session, "asylum_application", application(**kwargs),
                                       files=[("application_scan", write_scan(tmp_path / "in"))])
    return record_id, lifecycle.submit(session, record_id)


def _dialog(qtbot, ctx, record_id, receipt, applicant_language):
    from intake_app.ui.receipts.receipt_dialog import ReceiptDialog

    dialog = ReceiptDialog(ctx, record_id, receipt, applicant_language)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=15000)
    return dialog


def test_preview_shows_both_copies_in_the_chosen_languages(qtbot, ctx, tmp_path):
    record_id, receipt = _submitted(ctx.session, tmp_path)
    dialog = _dialog(qtbot, ctx, record_id, receipt, "uz")
    assert dialog.languages() == ("uz", "kk", "ru")
    assert dialog.pages_layout.count() == 2 and dialog.print_button.isEnabled()
    text = PdfReader(io.BytesIO(dialog.pdf)).pages[0].extract_text()
    assert receipt in text and "Abdullaev Rustam" in text
    dialog.official["ru"].setChecked(False)  # the officer drops Russian: a new PDF in Uzbek and Kazakh
    qtbot.waitUntil(lambda: dialog.pdf is not None and dialog.languages() == ("uz", "kk"), timeout=15000)
    text = PdfReader(io.BytesIO(dialog.pdf)).pages[0].extract_text()
    assert "Расписка" not in text


def test_no_official_language_is_refused_with_the_reason(qtbot, ctx, tmp_path):
    record_id, receipt = _submitted(ctx.session, tmp_path)
    dialog = _dialog(qtbot, ctx, record_id, receipt, None)
    dialog.official["kk"].setChecked(False)
    dialog.official["ru"].setChecked(False)
    dialog.official["en"].setChecked(True)
    assert "Kazakh or Russian" in dialog.status.text()
    assert not dialog.print_button.isEnabled() and not dialog.save_button.isEnabled()


def test_save_writes_the_pdf_only_where_chosen(qtbot, ctx, tmp_path, monkeypatch):
    record_id, receipt = _submitted(ctx.session, tmp_path)
    dialog = _dialog(qtbot, ctx, record_id, receipt, None)
    target = tmp_path / "chosen" / "receipt"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), "PDF (*.pdf)"))
    dialog.save_pdf()
    saved = target.with_suffix(".pdf")
    assert saved.read_bytes() == dialog.pdf
    assert [p.name for p in target.parent.iterdir()] == ["receipt.pdf"]  # no stray temporary file
    assert "Saved to" in dialog.status.text()


def test_lock_closes_the_receipt(qtbot, ctx, tmp_path):
    record_id, receipt = _submitted(ctx.session, tmp_path)
    dialog = _dialog(qtbot, ctx, record_id, receipt, None)
    ctx.lock()
    assert not dialog.isVisible()


def test_submitting_warns_about_a_possible_duplicate_and_opens_it(qtbot, ctx, tmp_path):
    from intake_app.ui.form import CapturePage
    from tests.ui.form.helpers import click

    earlier, _receipt = _submitted(ctx.session, tmp_path)
    draft = lifecycle.create_draft(ctx.session, "asylum_application",
                                   application("Abdullayev Rustam", "Abdullayev Rustam", birth_date="1985"),
                                   files=[("application_scan", write_scan(tmp_path / "again"))])
    page = CapturePage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.edit_draft(draft)
    click(qtbot, page.submit_button)
    dialog = page.submit_dialog
    assert dialog is not None and dialog.duplicate_box.isVisible()
    assert dialog.duplicate_list.count() == 1 and "Абдуллаев Рустам" in dialog.duplicate_list.item(0).text()
    with qtbot.waitSignal(page.open_record, timeout=3000) as opened:
        click(qtbot, dialog.open_button)
    assert opened.args == [earlier]
    assert page.submit_dialog is None  # nothing was submitted


def test_the_preview_shows_whole_pages(qtbot, ctx, tmp_path):
    record_id, receipt = _submitted(ctx.session, tmp_path)
    dialog = _dialog(qtbot, ctx, record_id, receipt, None)
    qtbot.wait(50)
    assert dialog.pages_layout.count() == 2
    labels = [dialog.pages_layout.itemAt(i).widget() for i in range(dialog.pages_layout.count())]
    for label in labels:
        assert label.isVisible() and label.height() >= label.pixmap().height() > 1000  # A4 at 96 dpi
