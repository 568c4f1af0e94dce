"""Entry point of ``intake``: parse, dispatch, and turn failures into one clear line.

A :class:`UserError` prints its message (already translated) and exits 1;
anything else is a bug: one line naming the exception type, never its message
or a traceback, which could carry applicants' data to a terminal log.
``INTAKE_DEBUG=1`` shows the traceback for developers.
"""

from __future__ import annotations

import argparse
import os
import sys

from intake_app import __version__
from intake_app.cli import admin_commands, device_commands, forms_commands, record_commands
from intake_app.cli import registry_commands, registry_received, registry_staff, sync_commands
from intake_app.cli.context import Context
from intake_app.errors import UserError, ValidationFailed
from intake_app.i18n import _, language_from_environment, set_language
from intake_app.database.connection import DatabaseError

EXIT_INTERNAL = 70


def _add_global_options(parser: argparse.ArgumentParser, default: str | None = None) -> argparse.ArgumentParser:
    """The options every command takes, before or after the command's name."""
    for flag, help_text in (
            ("--data-dir", _("the store's directory (default: $INTAKE_DATA_DIR or the platform's user data "
                             "directory)")),
            ("--forms-dir", _("form definitions directory (default: the shipped forms)")),
            ("--user", _("user to sign in as (default: $INTAKE_USER, or the only user)")),
            ("--passphrase-file", _("read the passphrase from this file")),
            ("--lang", _("interface language: kk, ru or en"))):
        parser.add_argument(flag, help=help_text, default=default)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="intake", description=_(
        "Field Intake: encrypted registration of asylum applications and detention visits."))
    parser.add_argument("--version", action="version", version=f"Field Intake {__version__}")
    _add_global_options(parser)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    admin_commands.register(sub)
    forms_commands.register(sub)
    record_commands.register(sub)
    device_commands.register(sub)
    registry_parsers = registry_commands.register(sub)
    registry_received.register(*registry_parsers)
    registry_staff.register(*registry_parsers)
    sync_commands.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    set_language(_language_option(argv) or language_from_environment())
    args = parse_arguments(argv)
    try:
        return int(args.func(Context(args)) or 0)
    except ValidationFailed as exc:
        print(_("Error: {message}").format(message=exc.message), file=sys.stderr)
        for line in exc.details:
            print("  " + line, file=sys.stderr)
        return exc.exit_code
    except UserError as exc:
        print(_("Error: {message}").format(message=exc.message), file=sys.stderr)
        for line in exc.details:
            print("  " + line, file=sys.stderr)
        return exc.exit_code
    except DatabaseError:
        print(_("Error: the store could not be read or written (it may be damaged, or the disk is full). "
                "Nothing was changed by the unfinished step."), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("Interrupted; nothing was changed by the unfinished step."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - last line of defence, no personal data
        if os.environ.get("INTAKE_DEBUG") == "1":
            raise
        print(_("Internal error ({kind}). Nothing was changed by the unfinished step. "
                "Run with INTAKE_DEBUG=1 for details.").format(kind=type(exc).__name__), file=sys.stderr)
        return EXIT_INTERNAL


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Parse ``argv``; global options such as ``--lang ru`` may also come after the command, as people type them.

    A command's own option of the same name (none today) would take precedence, as argparse gives it
    the word first.
    """
    parser = build_parser()
    args, rest = parser.parse_known_args(argv)
    if rest:
        late = _add_global_options(argparse.ArgumentParser(prog="intake", add_help=False),
                                   default=argparse.SUPPRESS)
        found, unknown = late.parse_known_args(rest)
        if unknown:
            parser.error(_("unrecognized arguments: {args}").format(args=" ".join(unknown)))
        for name, value in vars(found).items():
            setattr(args, name, value)
    return args


def _language_option(argv: list[str]) -> str | None:
    """``--lang`` is needed before argparse runs, so that help texts are translated too."""
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


if __name__ == "__main__":
    raise SystemExit(main())
