"""``intake init``, ``intake user …``, ``intake audit …``."""

from __future__ import annotations

import argparse

from intake_app import audit
from intake_app.cli.audit_report import print_entries, print_verdict
from intake_app.cli.context import Context, print_json
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.roles import Permission, parse_role, role_label
from intake_app.users import service as users


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help=_("create the encrypted store and its first administrator"))
    p.add_argument("--admin", required=True, help=_("user name of the first administrator"))
    p.add_argument("--display-name", default="", help=_("the administrator's full name"))
    p.add_argument("--device-name", default="", help=_("a name for this device, e.g. “Khorgos BCP laptop 2”"))
    p.add_argument("--location", default="", help=_("location code of the device's post"))
    p.set_defaults(func=cmd_init)

    user = sub.add_parser("user", help=_("manage the users of this device")).add_subparsers(
        dest="user_command", required=True, metavar="COMMAND")
    p = user.add_parser("add", help=_("add a user"))
    p.add_argument("name")
    p.add_argument("--role", required=True, help="admin | officer | monitor")
    p.add_argument("--display-name", default="", help=_("the user's full name (prefilled on their records)"))
    p.add_argument("--service-number", default="", help=_(
        "the number of the official's service ID card (prefilled as the receiving officer's)"))
    p.add_argument("--new-passphrase-file", help=_("file holding the new user's passphrase"))
    p.set_defaults(func=cmd_user_add)
    p = user.add_parser("edit", help=_("change a user's full name or service number"))
    p.add_argument("name")
    p.add_argument("--display-name", help=_("the user's full name (prefilled on their records)"))
    p.add_argument("--service-number", help=_(
        "the number of the official's service ID card (prefilled as the receiving officer's); “” clears it"))
    p.set_defaults(func=cmd_user_edit)
    p = user.add_parser("list", help=_("list users"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_user_list)
    p = user.add_parser("passwd", help=_("change your passphrase, or (admin) reset another user's"))
    p.add_argument("name", nargs="?")
    p.add_argument("--new-passphrase-file", help=_("file holding the new passphrase"))
    p.set_defaults(func=cmd_user_passwd)
    p = user.add_parser("remove", help=_("remove a user (at least one administrator remains)"))
    p.add_argument("name")
    p.set_defaults(func=cmd_user_remove)

    aud = sub.add_parser("audit", help=_("the tamper-evident audit log")).add_subparsers(
        dest="audit_command", required=True, metavar="COMMAND")
    p = aud.add_parser("verify", help=_("check that no entry was edited, deleted, inserted or reordered"))
    p.set_defaults(func=cmd_audit_verify)
    p = aud.add_parser("show", help=_("show the latest entries"))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_audit_show)


def cmd_init(ctx: Context) -> int:
    store = ctx.store
    passphrase = ctx.new_passphrase(file_option=ctx.args.passphrase_file, env="INTAKE_PASSPHRASE")
    with store.create(admin_username=ctx.args.admin, admin_passphrase=passphrase,
                      admin_display_name=ctx.args.display_name, device_name=ctx.args.device_name,
                      location_code=ctx.args.location) as session:
        print(_("Created the store in {path}.").format(path=store.directory))
        print(_("Device code: {code}. Administrator: {user}.").format(
            code=session.device.device_code, user=session.user.username))
    return 0


def cmd_user_add(ctx: Context) -> int:
    role = parse_role(ctx.args.role)
    with ctx.unlock() as session:
        session.require(Permission.MANAGE_USERS)
        passphrase = ctx.new_passphrase(file_option=ctx.args.new_passphrase_file)
        users.add_user(session, ctx.args.name, role, passphrase, ctx.args.display_name, ctx.args.service_number)
    print(_("Added user “{user}” ({role}).").format(user=ctx.args.name, role=role_label(role)))
    return 0


def cmd_user_edit(ctx: Context) -> int:
    if ctx.args.display_name is None and ctx.args.service_number is None:
        raise UserError(_("Nothing to change: give --display-name and/or --service-number."))
    with ctx.unlock() as session:
        changed = users.update_user(session, ctx.args.name, display_name=ctx.args.display_name,
                                    service_number=ctx.args.service_number)
    if changed:
        print(_("Changed the account “{user}”.").format(user=ctx.args.name))
    else:
        print(_("Nothing changed: the account “{user}” already reads so.").format(user=ctx.args.name))
    return 0


def cmd_user_list(ctx: Context) -> int:
    with ctx.unlock() as session:
        found = users.list_users(session)
    if ctx.args.json:
        print_json([{"username": u.username, "role": u.role.value, "display_name": u.display_name,
                     "service_number": u.service_number, "created_at": u.created_at} for u in found])
    else:
        for u in found:
            print(f"{u.username:<20} {role_label(u.role):<20} {u.service_number or '-':<14} {u.display_name}")
    return 0


def cmd_user_passwd(ctx: Context) -> int:
    current = ctx.passphrase()
    username = ctx.username()
    with ctx.store.unlock(username, current) as session:
        target = ctx.args.name or session.user.username
        new = ctx.new_passphrase(file_option=ctx.args.new_passphrase_file)
        users.change_passphrase(session, target, new, current_passphrase=current)
    print(_("The passphrase of “{user}” has been changed.").format(user=target))
    return 0


def cmd_user_remove(ctx: Context) -> int:
    with ctx.unlock() as session:
        users.remove_user(session, ctx.args.name)
    print(_("Removed user “{user}”.").format(user=ctx.args.name))
    return 0


def cmd_audit_verify(ctx: Context) -> int:
    with ctx.unlock() as session:
        session.require(Permission.VERIFY_AUDIT)
        count, problems = audit.verify(session.conn)
    return print_verdict(count, problems)


def cmd_audit_show(ctx: Context) -> int:
    with ctx.unlock() as session:
        session.require(Permission.VERIFY_AUDIT)
        log = audit.entries(session.conn, limit=ctx.args.limit)
    if ctx.args.json:
        print_json([vars(e) for e in log])
    else:
        print_entries(log, target_width=8)
    return 0
