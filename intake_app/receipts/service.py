"""Making a receipt for a record: the one entry point the CLI and the desktop app both call."""

from __future__ import annotations

from intake_app import audit
from intake_app.database.connection import transaction
from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.receipts import facts
from intake_app.receipts.texts import RECEIPT_LANGUAGES
from intake_app.session import Session

#: The officer's languages, printed beside the applicant's (Kazakh: state language; Russian: official).
OFFICIAL_LANGUAGES = ("kk", "ru")
MAX_LANGUAGES = 3


def default_languages(applicant_language: str | None) -> tuple[str, ...]:
    """The applicant's language (if a receipt can be printed in it), then Kazakh and Russian."""
    chosen = [applicant_language] if applicant_language else []
    return check_languages([*chosen, *OFFICIAL_LANGUAGES][:MAX_LANGUAGES] if chosen else list(OFFICIAL_LANGUAGES))


def check_languages(langs: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``langs`` without repeats; an unknown language or more than three is refused with the reason."""
    unique = tuple(dict.fromkeys(lang.strip() for lang in langs if lang.strip()))
    unknown = [lang for lang in unique if lang not in RECEIPT_LANGUAGES]
    if unknown:
        raise UserError(_("A receipt cannot be printed in “{lang}”. Languages: {known}.").format(
            lang=unknown[0], known=", ".join(RECEIPT_LANGUAGES)))
    if not unique:
        raise UserError(_("Choose at least one language for the receipt."))
    if len(unique) > MAX_LANGUAGES:
        raise UserError(_("A receipt has at most {n} languages.").format(n=MAX_LANGUAGES))
    if not set(unique) & set(OFFICIAL_LANGUAGES):
        raise UserError(_("A receipt includes Kazakh or Russian, so that officials can read it."))
    return unique


def make_receipt(session: Session, record_ref: str,
                 langs: tuple[str, ...] | None = None) -> tuple[bytes, facts.ReceiptFacts]:
    """The receipt PDF (both copies) and its facts; ``langs`` defaults to :func:`default_languages`."""
    from intake_app.receipts.pdf import render_receipt  # reportlab and HarfBuzz load when a receipt is made

    if langs is None:
        langs = default_languages(applicant_language(session, record_ref))
    langs = check_languages(langs)
    made = facts.receipt_facts(session, record_ref, langs=langs)
    return render_receipt(made, langs), made


def applicant_language(session: Session, record_ref: str) -> str | None:
    """The receipt language of the applicant's preferred language, if a receipt can be printed in it."""
    return facts.applicant_language(session, record_ref)


def note_receipt_output(session: Session, record_id: str, how: str, langs: tuple[str, ...]) -> None:
    """Record in the audit log that a receipt left the store (``how``: ``printed`` or ``saved``).

    Previews do not count: they stay on screen. Printing or saving puts the
    applicant's name on paper or disk, so who did it and when is kept.
    """
    with transaction(session.conn) as conn:
        audit.append(conn, session.user.username, f"receipt.{how}", record_id, {"languages": list(langs)})
