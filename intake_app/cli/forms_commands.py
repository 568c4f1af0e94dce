"""``intake forms check|list``."""

from __future__ import annotations

import argparse
import sys

from intake_app import paths
from intake_app.cli.context import Context
from intake_app.forms import FormRegistry, check_forms_dir
from intake_app.i18n import _, current_language


def register(sub: argparse._SubParsersAction) -> None:
    forms = sub.add_parser("forms", help=_("check and list form definitions")).add_subparsers(
        dest="forms_command", required=True, metavar="COMMAND")
    p = forms.add_parser("check", help=_("validate form definitions; lists every error with file and line"))
    p.add_argument("directory", nargs="?")
    p.set_defaults(func=cmd_check)
    p = forms.add_parser("list", help=_("list the available forms"))
    p.set_defaults(func=cmd_list)


def cmd_check(ctx: Context) -> int:
    directory = paths.forms_dir(ctx.args.directory or ctx.args.forms_dir)
    if not directory.is_dir():
        print(_("No such directory: {path}").format(path=directory), file=sys.stderr)
        return 1
    forms, errors = check_forms_dir(directory)
    for error in errors:
        print(str(error))
    if errors:
        print(_("{n} error(s) in the form definitions.").format(n=len(errors)), file=sys.stderr)
        return 1
    print(_("{n} form(s) OK: {ids}").format(n=len(forms), ids=", ".join(f"{f.id} v{f.version}" for f in forms)))
    return 0


def cmd_list(ctx: Context) -> int:
    registry = FormRegistry.from_dir(ctx.forms_dir)
    lang = current_language()
    for form in registry.forms():
        print(f"{form.id:<24} v{form.version:<4} {','.join(form.roles):<12} {form.title(lang)}")
    return 0
