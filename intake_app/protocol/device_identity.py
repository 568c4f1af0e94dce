"""The device's name and location code as they travel: in key files, enrolment requests and receipts.

Receipts and records say *where* an application was made, which is legally
decisive, so the location code is kept to a short, plain identifier. The
device (``intake_app.device``: settings, set-up) and the registry
(``intake_app.protocol.requests``: enrolment requests) check both values with
these functions; neither checks them itself.
"""

from __future__ import annotations

from intake_app.errors import UserError
from intake_app.i18n import _

MAX_DEVICE_NAME = 80
MAX_LOCATION_CODE = 40
#: Besides letters and digits, a location code may contain these (e.g. ``KZ-ZHT-KHORGOS``).
LOCATION_PUNCTUATION = "-_./"


def check_device_name(name: str, *, required: bool = True) -> str:
    """The trimmed name, or :class:`UserError` saying what to fix."""
    name = name.strip()
    if not name:
        if required:
            raise UserError(_("Give this device a name, e.g. “Khorgos BCP laptop 2”."))
        return name
    if len(name) > MAX_DEVICE_NAME or not name.isprintable():
        raise UserError(_("A device name has at most {n} characters and no control characters.").format(
            n=MAX_DEVICE_NAME))
    return name


def check_location_code(code: str, *, required: bool = True) -> str:
    """The trimmed location code, or :class:`UserError` saying what to fix."""
    code = code.strip()
    if not code:
        if required:
            raise UserError(_("Enter the location code of this post, e.g. “KZ-ZHT-KHORGOS”."))
        return code
    if len(code) > MAX_LOCATION_CODE or not all(c.isalnum() or c in LOCATION_PUNCTUATION for c in code):
        raise UserError(_("A location code may contain letters, digits, “-”, “_”, “.” and “/” (at most {n}).")
                        .format(n=MAX_LOCATION_CODE))
    return code
