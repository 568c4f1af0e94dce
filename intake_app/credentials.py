"""User names and passphrases: one set of rules for the device's users and the registry's operators.

Both name people in audit entries and unlock an encrypted database with a
passphrase; the CLI, the desktop UI and both services check them here.
"""

from __future__ import annotations

from intake_app.errors import UserError
from intake_app.i18n import _

MIN_PASSPHRASE_LENGTH = 10


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise UserError(_("The passphrase must have at least {n} characters.").format(n=MIN_PASSPHRASE_LENGTH))


def check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or not all(c.isalnum() or c in "._-" for c in name):
        raise UserError(_("A user name may contain letters, digits, “.”, “_” and “-” (at most 64)."))
    return name
