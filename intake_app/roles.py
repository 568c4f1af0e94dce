"""Roles and what each may do. A role sees and does only what its work needs.

Which forms a role may capture and see is declared by each form (``roles:``
in its definition); this module covers everything else.
"""

from __future__ import annotations

from enum import StrEnum

from intake_app.errors import AccessDenied
from intake_app.i18n import N_, _, translate


class Role(StrEnum):
    ADMIN = "admin"      # users and device settings; no access to applicants' data
    OFFICER = "officer"  # border applications
    MONITOR = "monitor"  # detention-centre visit reports


class Permission(StrEnum):
    MANAGE_USERS = "manage_users"
    MANAGE_DEVICE = "manage_device"
    CAPTURE_RECORDS = "capture_records"
    VERIFY_AUDIT = "verify_audit"
    SYNC_RECORDS = "sync_records"  # send the outbox to enrolled registries (sealed: nothing is shown to the user)


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset({Permission.MANAGE_USERS, Permission.MANAGE_DEVICE, Permission.VERIFY_AUDIT,
                           Permission.SYNC_RECORDS}),
    Role.OFFICER: frozenset({Permission.CAPTURE_RECORDS, Permission.VERIFY_AUDIT, Permission.SYNC_RECORDS}),
    Role.MONITOR: frozenset({Permission.CAPTURE_RECORDS, Permission.VERIFY_AUDIT, Permission.SYNC_RECORDS}),
}

ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: N_("administrator"),
    Role.OFFICER: N_("border officer"),
    Role.MONITOR: N_("NGO monitor"),
}


def role_label(role: Role, lang: str | None = None) -> str:
    """The role's name as people read it, in ``lang`` (default: the interface language)."""
    return translate(ROLE_LABELS[role], lang)


def parse_role(text: str) -> Role:
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise AccessDenied(_("Unknown role “{role}”: use admin, officer or monitor.").format(role=text)) from None


def require(role: Role, permission: Permission) -> None:
    """Raise :class:`AccessDenied` unless ``role`` has ``permission``."""
    if permission not in ROLE_PERMISSIONS[role]:
        raise AccessDenied(
            _("A user with the role “{role}” cannot do this.").format(role=role_label(role)))
