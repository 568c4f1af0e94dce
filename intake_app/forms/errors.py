"""Errors in form definitions, each pointing at a file, a line and a field.

Form authors fix definitions by reading these, so every error says where the
problem is; all errors of a file are collected before raising, so one run
shows everything that needs fixing.
"""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.errors import UserError
from intake_app.i18n import N_, ngettext, translate


@dataclass(frozen=True)
class FormError:
    """One problem in a form definition (technical English, for form authors)."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = self.message if self.field is None else f"field '{self.field}': {self.message}"
        return f"{where}: {what}"


def _sort_key(error: FormError) -> tuple[str, int]:
    return (error.file, error.line or 0)


class FormDefinitionError(UserError):
    """One or more form definitions are invalid; ``errors`` lists every problem."""

    def __init__(self, errors: list[FormError]) -> None:
        if not errors:
            raise ValueError("FormDefinitionError needs at least one error")
        self.errors = sorted(errors, key=_sort_key)
        first = str(self.errors[0])
        more = len(self.errors) - 1
        if more:
            message = ngettext(
                "Invalid form definition: {error} (and {count} more error)",
                "Invalid form definition: {error} (and {count} more errors)",
                more,
            ).format(error=first, count=more)
        else:
            message = translate(N_("Invalid form definition: {error}")).format(error=first)
        super().__init__(message, details=[str(e) for e in self.errors])
