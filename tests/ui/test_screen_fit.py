"""Every window and dialog fits a field laptop's screen, in every interface language.

A window opens at its size hint, which must fit 1280×720 logical pixels: a
1366×768 panel less a task bar, and what a 2560×1440 high-DPI screen at 200 %
offers. It must shrink to 1024×600 (an old netbook, or half a wide screen)
without hiding anything. A dialog that does not fit opens with its buttons
off screen, and an official with an applicant waiting cannot reach "Submit".
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

from intake_app.records.attachment_store import AttachmentInfo
from intake_app.settings import Settings
from intake_app.ui.context import UiContext
from tests.conftest import FORMS_DIR
from tests.records.sample import application, png_bytes

BUDGET = QSize(1280, 720)
MINIMUM_BUDGET = QSize(1024, 600)
LANGUAGES = ("en", "kk", "ru")


def fits(widget: QWidget) -> None:
    widget.ensurePolished()
    for name, hint, budget in (("minimum size", widget.minimumSizeHint(), MINIMUM_BUDGET),
                               ("size hint", widget.sizeHint(), BUDGET)):
        assert hint.width() <= budget.width() and hint.height() <= budget.height(), (
            f"{type(widget).__name__} {name} {hint.width()}×{hint.height()} exceeds "
            f"{budget.width()}×{budget.height()}")


@pytest.fixture(params=LANGUAGES)
def lang_ctx(request, qtbot, store, officer, tmp_path):
    officer.forms_dir = FORMS_DIR
    ctx = UiContext(store, Settings.in_dir(tmp_path / "settings"))
    ctx.set_language(request.param, remember=False)
    ctx.start_session(officer)
    yield ctx
    ctx.set_language("en", remember=False)


@pytest.fixture
def admin_ctx(qtbot, store, admin, tmp_path):
    ctx = UiContext(store, Settings.in_dir(tmp_path / "admin-settings"))
    ctx.set_language("kk", remember=False)  # Kazakh labels run longest
    ctx.start_session(admin)
    yield ctx
    ctx.set_language("en", remember=False)


def test_main_window_with_the_asylum_form_open_fits(qtbot, lang_ctx):
    from intake_app.ui.main_window import MainWindow

    window = MainWindow(lang_ctx)
    qtbot.addWidget(window)
    window._new_record("asylum_application")
    fits(window)
    window._show_list()
    fits(window)


def test_capture_dialogs_fit(qtbot, lang_ctx):
    from intake_app.ui.form.attachment_viewer import AttachmentViewer
    from intake_app.ui.form.capture_dialogs import SubmitDialog
    from intake_app.ui.records.void_dialog import VoidDialog

    long_names = ["Абдуллаева Гульнара Рустамовна-Кызы " * 2, "Abdullayeva Gulnara Rustamovna-Kyzy " * 2]
    form = lang_ctx.session.forms.get("asylum_application")
    before = application(family=[("Абдуллаева Мадина", "Abdullaeva Madina")] * 12)
    after = dict(before, name_latin="Abdullayev Rustam", family_members=[])
    for dialog in (SubmitDialog(long_names, amendment=True), SubmitDialog(long_names, amendment=False),
                   SubmitDialog(long_names, amendment=False, form=form, data=before),
                   SubmitDialog(long_names, amendment=True, form=form, data=after, previous=before),
                   VoidDialog("KZ7Q2M-00017-X"),
                   AttachmentViewer(AttachmentInfo("sha256:00", "image/png", 1, "scan.png"),
                                    png_bytes(width=3000, height=4200))):
        qtbot.addWidget(dialog)
        fits(dialog)


def test_setup_and_admin_dialogs_fit(qtbot, admin_ctx):
    from intake_app.ui.access.settings_dialog import SettingsDialog
    from intake_app.ui.access.users_dialog import AddUserDialog, ResetPassphraseDialog, UsersDialog
    from intake_app.ui.access.wizard import SetupWizard

    for dialog in (SetupWizard(admin_ctx), UsersDialog(admin_ctx), AddUserDialog(admin_ctx),
                   ResetPassphraseDialog(admin_ctx, "officer"), SettingsDialog(admin_ctx)):
        qtbot.addWidget(dialog)
        fits(dialog)
