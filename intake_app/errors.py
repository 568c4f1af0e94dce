"""The one error type whose message is meant for a person.

Anything raised as :class:`UserError` is shown as a single line (CLI) or a
short dialog (UI), already translated, and never with a traceback. Every other
exception is a bug and is reported as such, without personal data.
"""

from __future__ import annotations


class UserError(Exception):
    """A failure the user can understand and act on.

    ``message`` must already be translated (wrap it in ``_()`` at the raise
    site) and must not contain personal data of applicants: it may end up on
    a screen that others can see, or in a bug report.
    """

    exit_code = 1

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = list(details or [])

    def __str__(self) -> str:
        return self.message


class AccessDenied(UserError):
    """The signed-in user's role does not allow this action."""


class NotFound(UserError):
    """The thing asked for does not exist (or is not visible to this role)."""


class ValidationFailed(UserError):
    """Input data did not pass the form's validation; ``details`` lists why."""
