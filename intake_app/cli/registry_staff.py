"""``intake registry staff add|list|disable|passwd``: the registry console's staff accounts.

Registered under ``intake registry`` by :mod:`intake_app.cli.main` (same
passphrase and operator options as the other registry commands). A staff
member's password comes from ``--password-file``, else
``$INTAKE_NEW_PASSPHRASE``, else a prompt (twice); never an argument.
"""

from __future__ import annotations

import argparse
import sys

from intake_app.cli.context import Context, print_listing
from intake_app.cli.registry_commands import open_registry, operator_name
from intake_app.i18n import _
from intake_app.registry import staff
from intake_app.registry.registry import check_files


def register(cmds: argparse._SubParsersAction, folder: argparse.ArgumentParser, secret: argparse.ArgumentParser,
             who: argparse.ArgumentParser) -> None:
    password = argparse.ArgumentParser(add_help=False)
    password.add_argument("--password-file", metavar="FILE",
                          help=_("read the staff member's new password from this file (default: "
                                 "$INTAKE_NEW_PASSPHRASE, or a prompt)"))
    name = argparse.ArgumentParser(add_help=False)
    name.add_argument("username", metavar="NAME", help=_("the staff member's user name"))

    st = cmds.add_parser("staff", help=_("staff accounts of the registry console: add, list, disable, passwd"))
    st_cmds = st.add_subparsers(dest="staff_command", required=True, metavar="COMMAND")
    p = st_cmds.add_parser("add", parents=[folder, name, secret, who, password],
                           help=_("add a staff account; prints its authenticator (TOTP) setup once"))
    p.add_argument("--role", required=True, metavar="ROLE",
                   help=_("what the account may do: clerk, supervisor, auditor or observer"))
    p.add_argument("--full-name", required=True, help=_("the staff member's full name"))
    p.add_argument("--no-qr", action="store_true", help=_("do not print the setup as a QR code"))
    p.set_defaults(func=cmd_add)
    p = st_cmds.add_parser("list", parents=[folder, secret], help=_("list staff accounts"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)
    p = st_cmds.add_parser("disable", parents=[folder, name, secret, who],
                           help=_("disable a staff account: it can no longer sign in"))
    p.set_defaults(func=cmd_disable)
    p = st_cmds.add_parser("passwd", parents=[folder, name, secret, who, password],
                           help=_("set a new password for a staff account (a reset by the operator)"))
    p.set_defaults(func=cmd_passwd)


def cmd_add(ctx: Context) -> int:
    check_files(ctx.args.dir)
    operator = operator_name(ctx)
    with open_registry(ctx) as registry:
        staff.check_role(registry, ctx.args.role)
        staff.check_full_name(ctx.args.full_name)
        password = ctx.new_passphrase(file_option=ctx.args.password_file)
        member, uri = staff.add_staff(registry, ctx.args.username, full_name=ctx.args.full_name,
                                      role=ctx.args.role, password=password, operator=operator)
    print(_("Added staff account {name} ({full_name}), role {role}.").format(
        name=member.username, full_name=member.full_name, role=member.role))
    print(_("Set up the authenticator app with this address (shown only now; it holds the secret):"))
    print(uri)
    if not ctx.args.no_qr:
        _print_qr(uri)
    return 0


def cmd_list(ctx: Context) -> int:
    with open_registry(ctx) as registry:
        members = staff.list_staff(registry)

    def lines(m: staff.StaffMember) -> tuple[str]:
        state = _("disabled") if m.disabled else _("active")
        return (f"{m.username:<20} {m.role:<11} {state:<9} {m.full_name}",)

    return print_listing(members, as_json=ctx.args.json, to_json=lambda m: m.to_json(), lines=lines,
                         empty=_("No staff account yet. Add one with “intake registry staff add”."))


def cmd_disable(ctx: Context) -> int:
    check_files(ctx.args.dir)
    operator = operator_name(ctx)
    with open_registry(ctx) as registry:
        member = staff.disable_staff(registry, ctx.args.username, operator=operator)
    print(_("Disabled staff account {name}.").format(name=member.username))
    return 0


def cmd_passwd(ctx: Context) -> int:
    check_files(ctx.args.dir)
    operator = operator_name(ctx)
    with open_registry(ctx) as registry:
        staff.get_staff(registry, ctx.args.username)
        password = ctx.new_passphrase(file_option=ctx.args.password_file)
        member = staff.change_password(registry, ctx.args.username, password, operator=operator)
    print(_("Set a new password for staff account {name}.").format(name=member.username))
    return 0


def _print_qr(uri: str) -> None:
    import segno

    segno.make(uri, error="m").terminal(out=sys.stdout, compact=True)
