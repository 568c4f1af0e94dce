"""Registry staff accounts: who may sign in to the registry console, with which role.

Staff accounts are not device users: they live in the registry's encrypted
database (schema 3, ``m0003_staff``). Each has a role (``clerk``,
``supervisor``, ``auditor``, ``observer``) whose permissions are data in
``staff_roles``; a password kept as an Argon2id hash (the KDF parameters of
:class:`intake_app.database.keyslots.KdfParams`, so the test suite's cheap
parameters are refused outside the tests exactly as for key slots); and a
TOTP secret (RFC 6238, 30-second steps, 6 digits) for the second factor.

:func:`verify_login` checks both factors. After each failure the next attempt
is refused for a growing time (1, 2, 4 … seconds, at most 15 minutes),
stored in the database, so a new process or a restarted server keeps it.
A TOTP code is accepted once: a code already used (or an older one) fails.

Every change and every sign-in, good or bad, is written to the registry's
audit log in the same transaction, with the acting name. Neither passwords nor
TOTP secrets or codes ever go into the log.
"""

from __future__ import annotations

import base64
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn

import pyotp

from intake_app import audit
from intake_app.clock import iso, parse_iso
from intake_app.credentials import check_passphrase_strength, check_username
from intake_app.database.connection import transaction
from intake_app.database.keyslots import KdfParams
from intake_app.errors import NotFound, UserError
from intake_app.i18n import _
from intake_app.registry.registry import Registry

ROLES = ("clerk", "supervisor", "auditor", "observer")
PERMISSIONS = ("read_cases", "process_cases", "manage_staff", "manage_devices", "read_audit", "read_statistics",
               "read_personal_data")
MAX_FULL_NAME = 200
HASH_SCHEME = "argon2id"
HASH_BYTES = 32
#: The wait after the n-th failure in a row is ``min(2 ** (n - 1), MAX_DELAY_SECONDS)`` seconds.
MAX_DELAY_SECONDS = 15 * 60
TOTP_INTERVAL = 30
ISSUER = "Field Intake Registry"

_COLUMNS = "username, full_name, role, disabled, failed_logins, next_attempt_at, last_login_at, created_at," \
           " created_by, updated_at, updated_by"


class LoginFailed(UserError):
    """A sign-in refused; ``wait_seconds`` is how long until the next attempt is considered (0: at once)."""

    def __init__(self, message: str, wait_seconds: int = 0) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


@dataclass(frozen=True)
class StaffMember:
    username: str
    full_name: str
    role: str
    disabled: bool
    failed_logins: int
    next_attempt_at: str | None
    last_login_at: str | None
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


# -- passwords --------------------------------------------------------------------------------------------------

def hash_password(password: str, kdf: KdfParams | None = None) -> str:
    """``argon2id$m=<KiB>,t=<passes>,p=<lanes>$<salt b64>$<hash b64>``, with a fresh salt."""
    params = (kdf or KdfParams()).fresh()
    digest = params.derive(password)
    return (f"{HASH_SCHEME}$m={params.memory_kib},t={params.iterations},p={params.lanes}"
            f"${params.salt}${base64.b64encode(digest).decode('ascii')}")


def check_password_hash(encoded: str, password: str) -> bool:
    """Whether ``password`` matches; a hash in an unknown form or below the minimum cost raises ``ValueError``."""
    try:
        scheme, cost, salt, digest_b64 = encoded.split("$")
        fields = dict(part.split("=", 1) for part in cost.split(","))
        raw = {"alg": scheme, "memory_kib": fields["m"], "iterations": fields["t"], "lanes": fields["p"],
               "salt": salt}
        expected = base64.b64decode(digest_b64.encode("ascii"), validate=True)
    except (ValueError, KeyError):
        raise ValueError("not an Argon2id password hash") from None
    params = KdfParams.from_json(raw)  # refuses other KDFs, a cost below the minimum, the tests' cost outside tests
    return hmac.compare_digest(params.derive(password), expected)


# -- reading ----------------------------------------------------------------------------------------------------

def role_permissions(registry: Registry) -> dict[str, frozenset[str]]:
    """Each role and what it may do (from ``staff_roles``)."""
    return {role: frozenset(perms.split()) for role, perms in
            registry.conn.execute("SELECT role, permissions FROM staff_roles ORDER BY role")}


def has_permission(registry: Registry, username: str, permission: str) -> bool:
    """Whether the enabled account ``username`` holds ``permission`` through its role."""
    row = registry.conn.execute(
        "SELECT r.permissions FROM staff s JOIN staff_roles r ON r.role = s.role"
        " WHERE s.username = ? AND s.disabled = 0", (username,)).fetchone()
    return row is not None and permission in row[0].split()


def list_staff(registry: Registry) -> list[StaffMember]:
    rows = registry.conn.execute(f"SELECT {_COLUMNS} FROM staff ORDER BY disabled, username").fetchall()
    return [_member(row) for row in rows]


def get_staff(registry: Registry, username: str) -> StaffMember:
    row = registry.conn.execute(f"SELECT {_COLUMNS} FROM staff WHERE username = ?", (username,)).fetchone()
    if row is None:
        raise NotFound(_("No staff account named “{name}”.").format(name=username))
    return _member(row)


def _member(row: Any) -> StaffMember:
    values = list(row)
    values[3] = bool(values[3])
    return StaffMember(*values)


# -- changes ----------------------------------------------------------------------------------------------------

def add_staff(registry: Registry, username: str, *, full_name: str, role: str, password: str,
              operator: str) -> tuple[StaffMember, str]:
    """Create an account (audited); returns it and the ``otpauth://`` URI for the authenticator app.

    The URI holds the TOTP secret: it is shown this once, never again.
    """
    username, operator = check_username(username), check_username(operator)
    full_name = check_full_name(full_name)
    check_role(registry, role)
    check_passphrase_strength(password)
    if registry.conn.execute("SELECT 1 FROM staff WHERE username = ?", (username,)).fetchone():
        raise UserError(_("A staff account named “{name}” already exists.").format(name=username))
    secret = pyotp.random_base32()
    password_hash = hash_password(password)
    now = registry.clock()
    with transaction(registry.conn):
        registry.conn.execute(
            "INSERT INTO staff (username, full_name, role, password_hash, totp_secret, created_at, created_by,"
            " updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (username, full_name, role, password_hash, secret, iso(now), operator, iso(now), operator))
        audit.append(registry.conn, operator, "staff.add", username, {"role": role, "full_name": full_name}, at=now)
    uri = pyotp.TOTP(secret, interval=TOTP_INTERVAL).provisioning_uri(
        name=username, issuer_name=registry.enrolment.name or ISSUER)
    return get_staff(registry, username), uri


def disable_staff(registry: Registry, username: str, *, operator: str) -> StaffMember:
    """Disable an account for good (audited): it can no longer sign in."""
    operator = check_username(operator)
    member = get_staff(registry, username)
    if member.disabled:
        raise UserError(_("The staff account “{name}” is already disabled.").format(name=username))
    now = registry.clock()
    with transaction(registry.conn):
        registry.conn.execute("UPDATE staff SET disabled = 1, updated_at = ?, updated_by = ? WHERE username = ?",
                              (iso(now), operator, username))
        audit.append(registry.conn, operator, "staff.disable", username, {}, at=now)
    return get_staff(registry, username)


def change_password(registry: Registry, username: str, new_password: str, *, operator: str,
                    current_password: str | None = None, acting_staff: str | None = None) -> StaffMember:
    """Set a new password (audited).

    ``acting_staff`` is the staff account making the change, when it is one (the console): it changes its own
    password with ``current_password``, or another's if it holds ``manage_staff`` (a supervisor). Without
    ``acting_staff`` the change is made by the registry's operator, who holds the registry passphrase, and is a
    reset. A reset also clears the sign-in delay.
    """
    operator = check_username(operator)
    member = get_staff(registry, username)
    row = registry.conn.execute("SELECT password_hash FROM staff WHERE username = ?", (username,)).fetchone()
    own = acting_staff == username
    if acting_staff is not None and not own and not has_permission(registry, acting_staff, "manage_staff"):
        raise UserError(_("Only a supervisor may change another staff member's password."))
    if own or current_password is not None:
        if current_password is None or not _password_matches(row[0], current_password):
            raise UserError(_("The current password is wrong; nothing was changed."))
    check_passphrase_strength(new_password)
    now = registry.clock()
    with transaction(registry.conn):
        registry.conn.execute(
            "UPDATE staff SET password_hash = ?, failed_logins = 0, next_attempt_at = NULL, updated_at = ?,"
            " updated_by = ? WHERE username = ?", (hash_password(new_password), iso(now), operator, username))
        audit.append(registry.conn, operator, "staff.passwd", member.username,
                     {"reset": not own and current_password is None}, at=now)
    return get_staff(registry, username)


# -- signing in -------------------------------------------------------------------------------------------------

def verify_login(registry: Registry, username: str, password: str, totp_code: str,
                 now: datetime | None = None) -> StaffMember:
    """The staff member, if the password and the current TOTP code are right; else :class:`LoginFailed`.

    An attempt before the end of the delay earned by earlier failures is refused without checking anything.
    Each outcome is audited under ``username``.
    """
    now = now or registry.clock()
    username = check_username(username)
    row = registry.conn.execute(
        "SELECT password_hash, totp_secret, totp_last_step, disabled, failed_logins, next_attempt_at"
        " FROM staff WHERE username = ?", (username,)).fetchone()
    if row is None:
        hash_password(password)  # as long as a check, so the time taken does not tell which names exist
        _refuse(registry, username, "unknown", now, None)
    password_hash, secret, last_step, disabled, failures, next_at = row
    if next_at is not None and parse_iso(next_at) > now:
        wait = _seconds_until(parse_iso(next_at), now)
        with transaction(registry.conn):
            audit.append(registry.conn, username, "staff.login_failed", username, {"reason": "delayed"}, at=now)
        raise LoginFailed(_("Too many failed sign-ins. Wait {n} seconds and try again.").format(n=wait), wait)
    if not _password_matches(password_hash, password):
        _refuse(registry, username, "password", now, failures)
    step = _totp_step(secret, totp_code, now)
    if step is None or step <= last_step:
        _refuse(registry, username, "totp" if step is None else "totp_reused", now, failures)
    if disabled:
        with transaction(registry.conn):
            audit.append(registry.conn, username, "staff.login_failed", username, {"reason": "disabled"}, at=now)
        raise LoginFailed(_("The staff account “{name}” is disabled.").format(name=username))
    with transaction(registry.conn):
        registry.conn.execute(
            "UPDATE staff SET failed_logins = 0, next_attempt_at = NULL, last_login_at = ?, totp_last_step = ?"
            " WHERE username = ?", (iso(now), step, username))
        audit.append(registry.conn, username, "staff.login", username, {}, at=now)
    return get_staff(registry, username)


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` failed sign-ins in a row."""
    return 0 if failures <= 0 else min(2 ** min(failures - 1, 20), MAX_DELAY_SECONDS)


def _refuse(registry: Registry, username: str, reason: str, now: datetime, failures: int | None) -> NoReturn:
    """Count a failure (for a known account), audit it, and raise :class:`LoginFailed`."""
    wait = 0
    with transaction(registry.conn):
        details: dict[str, Any] = {"reason": reason}
        if failures is not None:
            failures += 1
            wait = delay_after(failures)
            registry.conn.execute("UPDATE staff SET failed_logins = ?, next_attempt_at = ? WHERE username = ?",
                                  (failures, iso(now + timedelta(seconds=wait)), username))
            details["failures"] = failures
        audit.append(registry.conn, username, "staff.login_failed", username, details, at=now)
    message = _("Wrong user name, password or code.")
    if wait:
        message += " " + _("Wait {n} seconds before trying again.").format(n=wait)
    raise LoginFailed(message, wait)


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return check_password_hash(password_hash, password)
    except ValueError:
        raise UserError(_("This staff account's password hash is not accepted by this version (too cheap or an "
                          "unknown form); reset the password with “intake registry staff passwd”.")) from None


def _totp_step(secret: str, code: str, now: datetime) -> int | None:
    """The time step of ``code`` if it is valid at ``now`` (one step either side), else None."""
    code = code.strip().replace(" ", "")
    totp = pyotp.TOTP(secret, interval=TOTP_INTERVAL)
    if not (code.isdigit() and len(code) == totp.digits) or not totp.verify(code, for_time=now, valid_window=1):
        return None
    current = totp.timecode(now)
    for step in (current + 1, current, current - 1):  # the newest that matches: a replay check needs the latest
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _seconds_until(when: datetime, now: datetime) -> int:
    seconds = (when - now).total_seconds()
    return max(1, int(seconds) + (0 if seconds == int(seconds) else 1))


# -- checks -----------------------------------------------------------------------------------------------------

def check_full_name(full_name: str) -> str:
    name = " ".join(full_name.split())
    if not name or len(name) > MAX_FULL_NAME or not name.isprintable():
        raise UserError(_("A full name is required: at most {n} characters, no control characters.").format(
            n=MAX_FULL_NAME))
    return name


def check_role(registry: Registry, role: str) -> str:
    roles = sorted(role_permissions(registry))
    if role not in roles:
        raise UserError(_("Unknown role “{role}”: choose one of {roles}.").format(role=role, roles=", ".join(roles)))
    return role
