"""Getting in and keeping others out: first-run setup, unlock, idle lock, users and settings.

The shell owns the main window; these screens only need a ``UiContext``:

* ``SetupWizard`` when ``ctx.store.exists()`` is false (``completed`` / ``cancelled``);
* ``UnlockPage`` otherwise (``unlocked``; ``reset()`` on lock);
* ``IdleLocker`` for the whole application (``lock_requested``; ``lock_now()`` for Ctrl+L);
* ``UsersDialog`` and ``SettingsDialog`` from the menus.

Screens load on first use (PEP 562), so showing the unlock window does not
pay for the wizard and the dialogs.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intake_app.ui.access.idle import IdleLocker
    from intake_app.ui.access.settings_dialog import SettingsDialog
    from intake_app.ui.access.unlock import UnlockPage
    from intake_app.ui.access.users_dialog import AddUserDialog, ResetPassphraseDialog, UsersDialog
    from intake_app.ui.access.wizard import SetupWizard

_MODULES = {"IdleLocker": "idle", "SettingsDialog": "settings_dialog", "UnlockPage": "unlock",
            "AddUserDialog": "users_dialog", "ResetPassphraseDialog": "users_dialog", "UsersDialog": "users_dialog",
            "SetupWizard": "wizard"}

__all__ = ["AddUserDialog", "IdleLocker", "ResetPassphraseDialog", "SettingsDialog", "SetupWizard", "UnlockPage",
           "UsersDialog"]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
