"""The unlock page: the right passphrase opens the store; wrong ones are said plainly and then delayed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from intake_app.i18n import translate
from intake_app.ui.access import UnlockPage
from tests.conftest import MONITOR_PW, OFFICER_PW
from tests.ui.access.conftest import TASK_TIMEOUT_MS


def _page(qtbot, ctx) -> UnlockPage:
    page = UnlockPage(ctx)
    qtbot.addWidget(page)
    page.resize(1024, 680)
    page.show()
    return page


def _attempt(qtbot, page: UnlockPage, passphrase: str) -> None:
    """Type and press Enter, as a person does; wait for the worker to answer."""
    qtbot.keyClicks(page.passphrase, passphrase)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert page.task is not None
    qtbot.waitUntil(lambda: page.task is not None and not page.task.running, timeout=TASK_TIMEOUT_MS)


def test_right_passphrase_starts_the_session(qtbot, ctx):
    page = _page(qtbot, ctx)
    assert [page.user_combo.itemText(i) for i in range(page.user_combo.count())] == ["admin", "monitor", "officer"]
    assert page.passphrase.echoMode() == QLineEdit.EchoMode.Password
    page.select_user("officer")
    qtbot.keyClicks(page.passphrase, OFFICER_PW)
    with qtbot.waitSignal(page.unlocked, timeout=TASK_TIMEOUT_MS):
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert ctx.unlocked and ctx.session.user.username == "officer"
    assert page.passphrase.text() == "" and not page.message.is_error


def test_unlock_button_works_too_and_reset_clears_the_field(qtbot, ctx):
    page = _page(qtbot, ctx)
    page.select_user("monitor")
    qtbot.keyClicks(page.passphrase, MONITOR_PW)
    with qtbot.waitSignal(ctx.session_started, timeout=TASK_TIMEOUT_MS):
        qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert ctx.session.user.username == "monitor"
    qtbot.keyClicks(page.passphrase, "typed while unlocked")
    ctx.lock()  # the page resets itself on lock (the shell may call reset() too)
    assert page.passphrase.text() == ""
    assert page.user_combo.currentText() == "monitor"  # the same person most likely unlocks again


def test_wrong_passphrase_then_a_countdown_with_the_button_disabled(qtbot, ctx):
    page = _page(qtbot, ctx)
    page.select_user("officer")

    _attempt(qtbot, page, "not the passphrase")
    assert not ctx.unlocked
    assert page.message.is_error and "Wrong passphrase" in page.message.text()
    assert page.passphrase.text() == ""
    assert page.unlock_button.isEnabled() and not page.countdown.isVisible()

    _attempt(qtbot, page, "still not it")  # the second failure is still free
    assert page.unlock_button.isEnabled()

    _attempt(qtbot, page, "third wrong try")  # now the core imposes 2 s
    assert page.message.is_error
    assert page.countdown.isVisible() and page.countdown.text() in ("Wait 2 s…", "Wait 1 s…")
    assert not page.unlock_button.isEnabled()
    task = page.task
    qtbot.keyClicks(page.passphrase, OFFICER_PW)
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)  # Enter does nothing while waiting
    assert page.task is task and not ctx.unlocked

    page.select_user("monitor")  # the delay belongs to that user only
    assert page.unlock_button.isEnabled() and not page.countdown.isVisible()
    page.select_user("officer")
    assert not page.unlock_button.isEnabled() and page.countdown.isVisible()

    qtbot.waitUntil(lambda: page.unlock_button.isEnabled(), timeout=5_000)
    assert not page.countdown.isVisible()
    with qtbot.waitSignal(page.unlocked, timeout=TASK_TIMEOUT_MS):
        qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert ctx.session.user.username == "officer"


def test_messages_follow_a_language_switch(qtbot, ctx):
    page = _page(qtbot, ctx)
    page.select_user("admin")
    _attempt(qtbot, page, "wrong passphrase")
    qtbot.keyClicks(page.passphrase, "x")
    page.language.setCurrentIndex(page.language.findData("kk"))
    page.language.activated.emit(page.language.currentIndex())
    assert ctx.language == "kk"
    assert page.message.text() == translate("Wrong passphrase for “{user}”.", "kk").format(user="admin")
    assert page.passphrase_label.text() == translate("Passphrase: ", "kk").strip()
