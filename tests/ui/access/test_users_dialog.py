"""Users dialog: an admin adds a user who can then unlock; removal asks first; the last admin stays."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from intake_app.roles import Role
from intake_app.ui.access import AddUserDialog, ResetPassphraseDialog, UnlockPage, UsersDialog
from intake_app.ui.access.users_dialog import EditUserDialog
from tests.conftest import ADMIN_PW, FORMS_DIR, OFFICER_PW
from tests.ui.access.conftest import TASK_TIMEOUT_MS

NEW_PW = "serik's new passphrase"


def _dialog(qtbot, ctx) -> UsersDialog:
    dialog = UsersDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _rows(dialog: UsersDialog) -> list[tuple[str, str, str]]:
    return [tuple(dialog.table.item(r, c).text() for c in range(3)) for r in range(dialog.table.rowCount())]


def _ok(qtbot, dialog: AddUserDialog | ResetPassphraseDialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _answer(qtbot, box: QMessageBox | None, button: QMessageBox.StandardButton) -> None:
    assert box is not None and box.isVisible()
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)


def test_lists_users_with_role_labels(qtbot, admin_ctx):
    dialog = _dialog(qtbot, admin_ctx)
    assert _rows(dialog) == [("admin", "administrator", ""), ("monitor", "NGO monitor", "Dana Monitor"),
                             ("officer", "border officer", "Aigerim Officer")]
    assert not dialog.remove_button.isEnabled()
    dialog.select_user("officer")
    assert dialog.remove_button.isEnabled() and dialog.reset_button.text() == "Reset passphrase…"
    dialog.select_user("admin")
    assert dialog.reset_button.text() == "Change passphrase…"


def test_admin_adds_a_user_who_can_then_unlock(qtbot, admin_ctx):
    dialog = _dialog(qtbot, admin_ctx)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    add = dialog.findChild(AddUserDialog)
    assert add is not None and add.isVisible()

    qtbot.keyClicks(add.username, "officer")  # taken: the core says so, the dialog stays open
    add.role.setCurrentIndex(add.role.findData(Role.OFFICER.value))
    qtbot.keyClicks(add.passphrase.first, NEW_PW)
    qtbot.keyClicks(add.passphrase.second, NEW_PW)
    _ok(qtbot, add)
    qtbot.waitUntil(lambda: add.task is not None and not add.task.running, timeout=TASK_TIMEOUT_MS)
    assert add.isVisible() and add.status.is_error and "already exists" in add.status.text()

    add.username.clear()
    qtbot.keyClicks(add.username, "serik")
    qtbot.keyClicks(add.display_name, "Serik Akhmetov")
    with qtbot.waitSignal(add.accepted, timeout=TASK_TIMEOUT_MS):
        _ok(qtbot, add)
    assert ("serik", "border officer", "Serik Akhmetov") in _rows(dialog)
    assert dialog.selected_username() == "serik"
    assert dialog.status.text() == "Added user “serik” (border officer)."

    admin_ctx.lock()
    assert not dialog.isVisible()  # the account list closes with the lock
    page = UnlockPage(admin_ctx)
    qtbot.addWidget(page)
    page.select_user("serik")
    qtbot.keyClicks(page.passphrase, NEW_PW)
    with qtbot.waitSignal(page.unlocked, timeout=TASK_TIMEOUT_MS):
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert admin_ctx.session.user.username == "serik" and admin_ctx.session.role is Role.OFFICER


def test_add_refuses_a_short_or_mismatched_passphrase_before_any_work(qtbot, admin_ctx):
    dialog = _dialog(qtbot, admin_ctx)
    add = dialog.add()
    qtbot.keyClicks(add.username, "bad name!")
    _ok(qtbot, add)
    assert add.username_message.is_error and add.task is None
    add.username.clear()
    qtbot.keyClicks(add.username, "aliya")
    qtbot.keyClicks(add.passphrase.first, "short")
    _ok(qtbot, add)
    assert add.passphrase.hint.is_error and add.task is None
    qtbot.keyClicks(add.passphrase.first, " but now long")
    qtbot.keyClicks(add.passphrase.second, "something else entirely")
    _ok(qtbot, add)
    assert add.passphrase.match.is_error and add.task is None
    assert "aliya" not in admin_ctx.store.usernames()


def test_removing_the_last_admin_shows_the_error(qtbot, admin_ctx):
    dialog = _dialog(qtbot, admin_ctx)
    dialog.select_user("admin")
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    _answer(qtbot, dialog.findChild(QMessageBox), QMessageBox.StandardButton.Yes)
    assert dialog.status.is_error
    assert dialog.status.text() == "“admin” is the last administrator and cannot be removed."
    assert [row[0] for row in _rows(dialog)] == ["admin", "monitor", "officer"]
    assert "admin" in admin_ctx.store.usernames()


def test_remove_asks_first_and_then_removes(qtbot, admin_ctx):
    dialog = _dialog(qtbot, admin_ctx)
    dialog.select_user("officer")
    _answer(qtbot, dialog.remove(), QMessageBox.StandardButton.No)
    assert "officer" in admin_ctx.store.usernames()
    _answer(qtbot, dialog.remove(), QMessageBox.StandardButton.Yes)
    assert [row[0] for row in _rows(dialog)] == ["admin", "monitor"]
    assert admin_ctx.store.usernames() == ["admin", "monitor"]
    assert dialog.status.text() == "Removed user “officer”."


def test_reset_anothers_passphrase_and_change_ones_own(qtbot, admin_ctx):
    dialog = _dialog(qtbot, admin_ctx)
    dialog.select_user("officer")
    reset = dialog.reset_passphrase()
    assert reset is not None and not reset.current.isVisible()
    qtbot.keyClicks(reset.passphrase.first, NEW_PW)
    qtbot.keyClicks(reset.passphrase.second, NEW_PW)
    with qtbot.waitSignal(reset.accepted, timeout=TASK_TIMEOUT_MS):
        _ok(qtbot, reset)
    assert dialog.status.text() == "The passphrase of “officer” has been changed."
    admin_ctx.store.unlock("officer", NEW_PW).close()

    dialog.select_user("admin")
    own = dialog.reset_passphrase()
    assert own is not None and own.current.isVisible()
    qtbot.keyClicks(own.current, "not my passphrase")
    qtbot.keyClicks(own.passphrase.first, NEW_PW)
    qtbot.keyClicks(own.passphrase.second, NEW_PW)
    _ok(qtbot, own)
    qtbot.waitUntil(lambda: own.task is not None and not own.task.running, timeout=TASK_TIMEOUT_MS)
    assert own.isVisible() and "current passphrase is wrong" in own.status.text()
    qtbot.keyClicks(own.current, ADMIN_PW)
    with qtbot.waitSignal(own.accepted, timeout=TASK_TIMEOUT_MS):
        _ok(qtbot, own)
    admin_ctx.store.unlock("admin", NEW_PW).close()


def test_not_for_officers(qtbot, ctx):
    ctx.start_session(ctx.store.unlock("officer", OFFICER_PW))
    dialog = _dialog(qtbot, ctx)
    assert dialog.table.rowCount() == 0 and dialog.status.is_error


def test_admin_gives_an_officer_a_service_number_that_their_next_record_is_filled_in_with(qtbot, admin_ctx):
    from intake_app.records import prefill

    dialog = _dialog(qtbot, admin_ctx)
    assert dialog.table.horizontalHeaderItem(3).text() == "Service number"
    dialog.select_user("officer")
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    edit = dialog.findChild(EditUserDialog)
    assert edit is not None and edit.isVisible()
    assert edit.account.display_name.text() == "Aigerim Officer" and edit.account.service_number.text() == ""
    qtbot.keyClicks(edit.account.service_number, "KZ-417")
    with qtbot.waitSignal(edit.accepted, timeout=TASK_TIMEOUT_MS):
        _ok(qtbot, edit)
    officer = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())
               if dialog.table.item(r, 0).text() == "officer"]
    assert officer == ["KZ-417"] and dialog.status.text() == "Changed the account “officer”."
    with admin_ctx.store.unlock("officer", OFFICER_PW) as session:
        session.forms_dir = FORMS_DIR
        start = prefill.initial_values(session, session.forms.get("asylum_application"))
    assert start.data["officer_id"] == "KZ-417"


def test_a_new_account_is_given_its_service_number_when_added(qtbot, admin_ctx):
    dialog = _dialog(qtbot, admin_ctx)
    add = dialog.add()
    qtbot.keyClicks(add.username, "serik")
    qtbot.keyClicks(add.display_name, "Serik Akhmetov")
    qtbot.keyClicks(add.account.service_number, "KZ-500")
    qtbot.keyClicks(add.passphrase.first, NEW_PW)
    qtbot.keyClicks(add.passphrase.second, NEW_PW)
    with qtbot.waitSignal(add.accepted, timeout=TASK_TIMEOUT_MS):
        _ok(qtbot, add)
    rows = {dialog.table.item(r, 0).text(): dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())}
    assert rows["serik"] == "KZ-500"
