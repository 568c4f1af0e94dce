"""Every text printed on a receipt, in English; translated through the ``receipt`` gettext domain.

A receipt is printed in the applicant's language beside Kazakh and/or
Russian, so its texts have catalogs in more languages than the interface:
``translations/<lang>/LC_MESSAGES/receipt.po`` for each of ``RECEIPT_LANGUAGES``.
``receipt_text()`` only marks a string for extraction into that domain
(``make extract-messages``); :func:`intake_app.receipts.language.receipt_gettext`
translates it when the receipt is drawn. A message a fluent speaker has not
reviewed carries the flag ``draft`` in its catalog, and the receipt then says
that the Kazakh or Russian text applies.
"""

from __future__ import annotations

#: The gettext domain of receipt texts (the interface uses ``intake``).
DOMAIN = "receipt"

#: Languages a receipt can be printed in, as gettext catalog names (Dari: ``fa_AF``).
RECEIPT_LANGUAGES: tuple[str, ...] = ("kk", "ru", "en", "uz", "ky", "tg", "ug", "fa_AF", "ps", "zh", "tk")


def receipt_text(message: str) -> str:
    """Mark ``message`` for the ``receipt`` catalogs without translating it now."""
    return message


TITLE = receipt_text("Receipt for a written application for asylum")
APPLICANT_COPY = receipt_text("Applicant's copy")
FILE_COPY = receipt_text("File copy")
RECEIPT_NUMBER = receipt_text("Receipt number")
WHEN = receipt_text("Date and time of the application")
PLACE = receipt_text("Place of the application")
NAME_ORIGINAL = receipt_text("Applicant's name as written")
NAME_LATIN = receipt_text("Name in Latin letters")
BIRTH_DATE = receipt_text("Date of birth")
CITIZENSHIP = receipt_text("Citizenship")
STATELESS = receipt_text("Stateless")
FAMILY = receipt_text("Accompanying family members")
NONE = receipt_text("None")
LANGUAGE = receipt_text("Language of the application")
INTERPRETER = receipt_text("Interpreter present")
YES = receipt_text("Yes")
NO = receipt_text("No")
OFFICER = receipt_text("Officer (name and service number)")
REFERRED_TO = receipt_text("Referred to (body)")
VOLUNTARY = receipt_text("The application was made voluntarily.")
SIGNATURE_OFFICER = receipt_text("Signature of the officer")
SIGNATURE_APPLICANT = receipt_text("Signature of the applicant")
RIGHTS_TITLE = receipt_text("Your rights")
RIGHTS_REGISTERED = receipt_text(
    "Your application for asylum has been registered. This receipt proves that you applied voluntarily, "
    "on the date, at the time and at the place shown on it. Keep it and show it to any official who asks.")
RIGHTS_NON_REFOULEMENT = receipt_text(
    "While your application is examined, and until a final decision has been made, including on appeal, "
    "you must not be expelled, extradited or returned to a country where you would face persecution or torture.")
RIGHTS_INTERPRETER_LAWYER = receipt_text(
    "You have the right to an interpreter, free of charge, and the right to a lawyer.")
RIGHTS_CONTACT = receipt_text(
    "If these rights are not respected, or if you have questions, contact the body your application is "
    "referred to, the office of the United Nations High Commissioner for Refugees (UNHCR) in Kazakhstan, "
    "or a legal aid organisation.")
VERIFY_HINT = receipt_text(
    "Anyone can check this receipt: the code holds the receipt number, a checksum of the registered "
    "application and the registering device's signature.")
DRAFT_NOTICE = receipt_text(
    "This translation has not yet been checked by a fluent speaker. If in doubt, the Kazakh or Russian "
    "text on this receipt applies.")
MISSING_FONT = receipt_text(
    "This text cannot be printed on this device: the font “{font}” is not installed.")
PAGE_OF = receipt_text("Page {page} of {pages}")
