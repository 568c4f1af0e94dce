"""Getting in and keeping others out: first-run setup, unlock, idle lock, users and settings.

The shell owns the main window; these screens only need a ``UiContext``:

* ``SetupWizard`` when ``ctx.store.exists()`` is false (``completed`` / ``cancelled``);
* ``UnlockPage`` otherwise (``unlocked``; ``reset()`` on lock);
* ``IdleLocker`` for the whole application (``lock_requested``; ``lock_now()`` for Ctrl+L);
* ``UsersDialog`` and ``SettingsDialog`` from the menus.
"""

from intake_app.ui.access.idle import IdleLocker
from intake_app.ui.access.settings_dialog import SettingsDialog
from intake_app.ui.access.unlock import UnlockPage
from intake_app.ui.access.users_dialog import AddUserDialog, ResetPassphraseDialog, UsersDialog
from intake_app.ui.access.wizard import SetupWizard

__all__ = ["AddUserDialog", "IdleLocker", "ResetPassphraseDialog", "SettingsDialog", "SetupWizard", "UnlockPage",
           "UsersDialog"]
