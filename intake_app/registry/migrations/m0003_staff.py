"""Registry schema 3: staff accounts (for the registry console), separate from device users.

* ``staff_roles``: the roles as data, each with the permissions it grants
  (space-separated), so the console checks a permission, not a role name.
* ``staff``: one row per staff member: user name, full name, role, Argon2id
  password hash (``argon2id$m=…,t=…,p=…$salt$hash``), TOTP secret (base32;
  the database file itself is SQLCipher-encrypted), disabled flag, times, and
  the sign-in throttle: failures in a row and the earliest next attempt.

A staff account is never deleted (the audit log names it): it is disabled.
"""

from __future__ import annotations

from intake_app.database.connection import Connection

#: (role, permissions): the data the migration writes. Later schemas change it with a migration.
ROLES: tuple[tuple[str, str], ...] = (
    ("clerk", "read_cases process_cases read_personal_data"),
    ("supervisor", "read_cases process_cases read_personal_data manage_staff manage_devices read_audit "
                   "read_statistics"),
    ("auditor", "read_cases read_audit read_statistics"),
    ("observer", "read_statistics"),
)

SCHEMA = """
CREATE TABLE staff_roles (
    role        TEXT PRIMARY KEY,
    permissions TEXT NOT NULL
);

CREATE TABLE staff (
    username        TEXT PRIMARY KEY,
    full_name       TEXT NOT NULL,
    role            TEXT NOT NULL REFERENCES staff_roles (role),
    password_hash   TEXT NOT NULL,
    totp_secret     TEXT NOT NULL,
    totp_last_step  INTEGER NOT NULL DEFAULT 0,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_logins   INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_login_at   TEXT,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL
);

CREATE TRIGGER staff_no_delete BEFORE DELETE ON staff
BEGIN SELECT RAISE(ABORT, 'a staff account is disabled, never deleted'); END;
CREATE TRIGGER staff_username_immutable BEFORE UPDATE OF username ON staff
BEGIN SELECT RAISE(ABORT, 'a staff account''s user name cannot be changed'); END;
"""


def upgrade(conn: Connection) -> None:
    for statement in SCHEMA.split(";\n"):
        if statement.strip():
            conn.execute(statement)
    conn.executemany("INSERT INTO staff_roles (role, permissions) VALUES (?, ?)", ROLES)
