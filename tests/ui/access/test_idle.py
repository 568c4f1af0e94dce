"""Idle lock: fires after the interval without input, input postpones it, Ctrl+L's slot locks at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from intake_app.ui.access import IdleLocker
from tests.conftest import OFFICER_PW


def test_locks_after_the_interval_without_input(qtbot, admin_ctx):
    locker = IdleLocker(admin_ctx, interval_ms=200)
    locker.lock_requested.connect(admin_ctx.lock)  # what the shell does (after saving drafts)
    assert locker.active
    with qtbot.waitSignal(admin_ctx.session_locked, timeout=3_000):
        pass
    assert admin_ctx.unlocked is False
    assert not locker.active  # nothing left to lock until the next unlock


def test_input_resets_the_idle_time(qtbot, admin_ctx):
    locker = IdleLocker(admin_ctx, interval_ms=60_000)
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    qtbot.waitUntil(lambda: locker.idle_ms() >= 150, timeout=2_000)
    qtbot.keyClick(edit, Qt.Key.Key_A)
    assert locker.idle_ms() < 150
    qtbot.waitUntil(lambda: locker.idle_ms() >= 150, timeout=2_000)
    qtbot.mouseMove(edit)
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    assert locker.idle_ms() < 150


def test_setting_gives_the_interval_and_restart_counts_from_now(admin_ctx):
    admin_ctx.settings.set("ui.idle_lock_minutes", 7)
    locker = IdleLocker(admin_ctx)
    assert locker.interval_ms == 7 * 60_000
    admin_ctx.settings.set("ui.idle_lock_minutes", 2)
    locker.restart()
    assert locker.interval_ms == 2 * 60_000 and locker.active


def test_lock_now_and_the_next_session(qtbot, admin_ctx):
    locker = IdleLocker(admin_ctx, interval_ms=60_000)
    locker.lock_requested.connect(admin_ctx.lock)
    with qtbot.waitSignal(locker.lock_requested, timeout=1_000):
        locker.lock_now()
    assert not admin_ctx.unlocked
    with qtbot.assertNotEmitted(locker.lock_requested):
        locker.lock_now()  # already locked: nothing to do
    admin_ctx.start_session(admin_ctx.store.unlock("officer", OFFICER_PW))
    assert locker.active  # watching again from the new unlock
