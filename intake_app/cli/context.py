"""What every command needs: where the store is, who signs in, how passphrases arrive.

Passphrases come from ``--passphrase-file``, else ``$INTAKE_PASSPHRASE`` (for
scripts), else a prompt on the terminal; they are never taken from the
command line, where other users could read them in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from intake_app import paths
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.store.store import Store

T = TypeVar("T")

ENV_PASSPHRASE = "INTAKE_PASSPHRASE"
ENV_NEW_PASSPHRASE = "INTAKE_NEW_PASSPHRASE"
ENV_USER = "INTAKE_USER"


@dataclass
class Context:
    args: argparse.Namespace

    @property
    def store(self) -> Store:
        return Store(paths.data_dir(self.args.data_dir))

    @property
    def forms_dir(self) -> Path:
        return paths.forms_dir(self.args.forms_dir)

    def passphrase(self, prompt: str | None = None) -> str:
        return read_secret(self.args.passphrase_file, ENV_PASSPHRASE, prompt or _("Passphrase: "))

    def new_passphrase(self, *, file_option: str | None, env: str = ENV_NEW_PASSPHRASE) -> str:
        """A new passphrase: from a file or variable, or typed twice."""
        if file_option or os.environ.get(env):
            return read_secret(file_option, env, "")
        first = read_secret(None, None, _("New passphrase: "))
        if read_secret(None, None, _("Repeat the new passphrase: ")) != first:
            raise UserError(_("The two passphrases differ; nothing was changed."))
        return first

    def username(self) -> str:
        name = self.args.user or os.environ.get(ENV_USER)
        if name:
            return name
        names = self.store.usernames()
        if len(names) == 1:
            return names[0]
        raise UserError(_("Say which user signs in with --user (users: {names}).").format(names=", ".join(names)))

    def unlock(self) -> Session:
        store = self.store
        if not store.exists():
            raise UserError(_("No store was found in {path}. Create one with “intake init”.").format(
                path=store.directory))
        session = store.unlock(self.username(), self.passphrase())
        session.forms_dir = self.forms_dir
        return session


def read_secret(file_option: str | None, env: str | None, prompt: str) -> str:
    if file_option:
        try:
            text = Path(file_option).read_text(encoding="utf-8")
        except OSError as exc:
            raise UserError(_("Cannot read the passphrase file “{path}”: {reason}.").format(
                path=file_option, reason=exc.strerror)) from None
        return text.rstrip("\r\n")
    if env and os.environ.get(env):
        return os.environ[env]
    if not sys.stdin.isatty():
        raise UserError(_("No passphrase given: use a terminal, --passphrase-file or ${env}.").format(
            env=env or ENV_PASSPHRASE))
    return getpass.getpass(prompt)


def read_json_input(source: str) -> Any:
    """JSON from a file, or from standard input when ``source`` is ``-``."""
    try:
        text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(_("Cannot read “{path}”: {reason}.").format(path=source, reason=exc.strerror)) from None
    except UnicodeDecodeError:
        raise UserError(_("“{path}” is not UTF-8 text.").format(path=source)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UserError(_("“{path}” is not valid JSON (line {line}, column {column}: {reason}).").format(
            path=source, line=exc.lineno, column=exc.colno, reason=exc.msg)) from None


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, sort_keys=True)
    sys.stdout.write("\n")


def print_listing(items: Sequence[T], *, as_json: bool, to_json: Callable[[T], Any], empty: str,
                  lines: Callable[[T], Iterable[str]]) -> int:
    """A ``list`` command's output: JSON for scripts, else a line or two per item, or what to do if there is none."""
    if as_json:
        print_json([to_json(item) for item in items])
    elif not items:
        print(empty)
    else:
        for item in items:
            for line in lines(item):
                print(line)
    return 0


def parse_attach_options(values: list[str] | None) -> list[tuple[str, Path]]:
    result = []
    for value in values or []:
        field, sep, path = value.partition("=")
        if not sep or not field or not path:
            raise UserError(_("Use --attach FIELD=FILE (got “{value}”).").format(value=value))
        result.append((field.strip(), Path(path)))
    return result
