"""Adding, listing, editing and removing users, and changing passphrases.

Only the small key slot changes; the database is never re-encrypted. Slot
file changes happen while the database write lock is held, so two admins (or
the CLI and the app) cannot overwrite each other's change. At least one
administrator always remains.

Removing a user deletes their key slot; an old copy of ``keyslots.json``
(from a backup) would still open the store with that user's old passphrase.
Re-keying the database for that case is left to a later "rekey" command.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from intake_app import audit
from intake_app.clock import iso
from intake_app.credentials import check_passphrase_strength, check_username
from intake_app.errors import NotFound, UserError
from intake_app.i18n import _
from intake_app.roles import Permission, Role
from intake_app.session import Session
from intake_app.database import keyslots
from intake_app.database.connection import transaction
from intake_app.store.slot_file import SlotFile


@dataclass(frozen=True)
class UserInfo:
    username: str
    role: Role
    display_name: str
    created_at: str
    service_number: str = ""


#: At most as long as the receiving officer's service ID field of the asylum form.
MAX_SERVICE_NUMBER = 50


def check_service_number(number: str) -> str:
    """The trimmed service number (``""``: none), or :class:`UserError` saying what to fix."""
    number = " ".join(number.split())
    if len(number) > MAX_SERVICE_NUMBER or not number.isprintable():
        raise UserError(_("A service number has at most {n} characters.").format(n=MAX_SERVICE_NUMBER))
    return number


def list_users(session: Session) -> list[UserInfo]:
    session.require(Permission.MANAGE_USERS)
    rows = session.conn.execute("SELECT username, role, display_name, created_at, service_number FROM users"
                                " WHERE removed_at IS NULL ORDER BY username").fetchall()
    return [UserInfo(r[0], Role(r[1]), r[2], r[3], r[4]) for r in rows]


def add_user(session: Session, username: str, role: Role, passphrase: str, display_name: str = "",
             service_number: str = "") -> None:
    session.require(Permission.MANAGE_USERS)
    username = check_username(username)
    check_passphrase_strength(passphrase)
    service_number = check_service_number(service_number)
    slot_path = session.store.slots_path
    with transaction(session.conn) as conn:
        existing = conn.execute("SELECT removed_at FROM users WHERE username = ?", (username,)).fetchone()
        if existing is not None and existing[0] is None:
            raise UserError(_("A user “{user}” already exists.").format(user=username))
        now = iso(session.clock())
        if existing is None:
            conn.execute("INSERT INTO users (username, role, display_name, service_number, created_at)"
                         " VALUES (?, ?, ?, ?, ?)", (username, role.value, display_name.strip(), service_number, now))
        else:
            conn.execute("UPDATE users SET role = ?, display_name = ?, service_number = ?, created_at = ?,"
                         " removed_at = NULL WHERE username = ?",
                         (role.value, display_name.strip(), service_number, now, username))
        audit.append(conn, session.user.username, "user.add", username, {"role": role.value})
        slots = SlotFile.load(slot_path)
        slots.slots[username] = keyslots.seal(session.db_key, store_id=slots.store_id, username=username,
                                              passphrase=passphrase)
        slots.save(slot_path)


def update_user(session: Session, username: str, *, display_name: str | None = None,
                service_number: str | None = None) -> list[str]:
    """Change a user's full name and/or service number (``None``: keep); returns what changed.

    The audit entry names the attributes that changed, not their values: the log
    holds no personal data. The user's next unlock reads the new values (and so
    prefills them); a change to one's own account also shows in this session.
    """
    session.require(Permission.MANAGE_USERS)
    new = {"display_name": None if display_name is None else display_name.strip(),
           "service_number": None if service_number is None else check_service_number(service_number)}
    with transaction(session.conn) as conn:
        row = conn.execute("SELECT display_name, service_number FROM users WHERE username = ? AND removed_at IS NULL",
                           (username,)).fetchone()
        if row is None:
            raise NotFound(_("There is no user “{user}”.").format(user=username))
        old = {"display_name": row[0], "service_number": row[1]}
        changes: dict[str, str] = {key: value for key, value in new.items()
                                   if value is not None and value != old[key]}
        if not changes:
            return []
        for key, value in changes.items():  # keys from the fixed list above
            conn.execute(f"UPDATE users SET {key} = ? WHERE username = ?", (value, username))
        audit.append(conn, session.user.username, "user.edit", username, {"changed": sorted(changes)})
    if username == session.user.username:
        session.user = dataclasses.replace(session.user, display_name=changes.get("display_name", old["display_name"]),
                                           service_number=changes.get("service_number", old["service_number"]))
    return sorted(changes)


def remove_user(session: Session, username: str) -> None:
    session.require(Permission.MANAGE_USERS)
    slot_path = session.store.slots_path
    with transaction(session.conn) as conn:
        row = conn.execute("SELECT role FROM users WHERE username = ? AND removed_at IS NULL",
                           (username,)).fetchone()
        if row is None:
            raise NotFound(_("There is no user “{user}”.").format(user=username))
        if row[0] == Role.ADMIN.value:
            admins = conn.execute("SELECT count(*) FROM users WHERE role = 'admin' AND removed_at IS NULL"
                                  ).fetchone()[0]
            if admins <= 1:
                raise UserError(_("“{user}” is the last administrator and cannot be removed.").format(
                    user=username))
        conn.execute("UPDATE users SET removed_at = ? WHERE username = ?", (iso(session.clock()), username))
        audit.append(conn, session.user.username, "user.remove", username, {})
        slots = SlotFile.load(slot_path)
        slots.slots.pop(username, None)
        slots.save(slot_path)


def change_passphrase(session: Session, username: str, new_passphrase: str,
                      current_passphrase: str | None = None) -> None:
    """Set a new passphrase. Users change their own (giving the current one); admins reset anyone's."""
    check_passphrase_strength(new_passphrase)
    own = username == session.user.username
    if not own:
        session.require(Permission.MANAGE_USERS)
    slot_path = session.store.slots_path
    with transaction(session.conn) as conn:
        if conn.execute("SELECT 1 FROM users WHERE username = ? AND removed_at IS NULL",
                        (username,)).fetchone() is None:
            raise NotFound(_("There is no user “{user}”.").format(user=username))
        slots = SlotFile.load(slot_path)
        if own:
            slot = slots.slots.get(username)
            try:
                if slot is None or current_passphrase is None:
                    raise keyslots.WrongPassphrase()
                keyslots.open_slot(slot, store_id=slots.store_id, passphrase=current_passphrase)
            except keyslots.WrongPassphrase:
                raise UserError(_("The current passphrase is wrong; nothing was changed.")) from None
        audit.append(conn, session.user.username, "user.passwd", username, {"reset": not own})
        slots.slots[username] = keyslots.seal(session.db_key, store_id=slots.store_id, username=username,
                                              passphrase=new_passphrase)
        slots.save(slot_path)
