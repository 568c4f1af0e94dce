"""Checking and normalizing one answer according to its field type.

Input is JSON-like data (from the UI, an import, or a stored record). Each
checker returns the value in its one normal form, so that equal answers are
stored, hashed and searched identically (``kz`` → ``KZ``, ``+7 (701) 234-56-78``
→ ``+77012345678``, ``12,50`` → ``12.5``). Floats are refused everywhere:
decimals travel as strings so no rounding can change a hash.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from intake_app.forms.conditions import is_answered
from intake_app.forms.issues import Issue, issue
from intake_app.forms.locale_names import country_codes, language_codes
from intake_app.i18n import N_

if TYPE_CHECKING:
    from intake_app.forms.fields import Field

DEFAULT_MAX_LENGTH = {"text": 1000, "long_text": 50000}
DOCUMENT_NUMBER_MAX = 64

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_DECIMAL = re.compile(r"[+-]?\d{1,30}(?:\.\d{1,30})?")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)(Z|z|[+-]\d{2}:\d{2})?")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]")
_PHONE = re.compile(r"\+[1-9]\d{6,14}")
_ATTACHMENT = re.compile(r"sha256:[0-9a-f]{64}")
_IIN_WEIGHTS = ((1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))
_IIN_CENTURY = {"1": 1800, "2": 1800, "3": 1900, "4": 1900, "5": 2000, "6": 2000}
_DOCUMENT_KEYS = ("type", "number", "issuing_country")

MSG_TEXT = N_("Enter text.")
MSG_CONTROL = N_("The text contains control characters.")
MSG_TOO_LONG = N_("Use at most {max_length} characters.")
MSG_INTEGER = N_("Enter a whole number.")
MSG_DECIMAL = N_("Enter a number such as 12.50.")
MSG_MIN = N_("The value must be at least {min}.")
MSG_MAX = N_("The value must be at most {max}.")
MSG_DATE = N_("Enter a date as YYYY-MM-DD.")
MSG_PARTIAL_DATE = N_("Enter a date as YYYY-MM-DD, or YYYY-MM or YYYY if only part of it is known.")
MSG_NO_SUCH_DATE = N_("This date does not exist.")
MSG_DATETIME = N_("Enter a date and time such as 2026-11-23T14:05:00+05:00.")
MSG_OFFSET = N_("Add the offset from UTC to the time, such as +05:00.")
MSG_YES_NO = N_("Answer yes or no.")
MSG_CHOICE = N_("Choose one of the listed options.")
MSG_LIST = N_("Choose from the listed options.")
MSG_DUPLICATE = N_("Each option may be chosen only once.")
MSG_COUNTRY = N_("This is not a known country code.")
MSG_LANGUAGE = N_("This is not a known language code.")
MSG_PHONE = N_("Enter the number in international format: + and 7 to 15 digits.")
MSG_IIN_FORMAT = N_("An IIN has exactly 12 digits.")
MSG_IIN_INVALID = N_("This IIN is not valid: check the digits.")
MSG_ATTACHMENT = N_("This is not a valid attachment reference.")
MSG_DOCUMENT = N_("Enter the document's type, number and issuing country.")
MSG_REQUIRED = N_("This field is required.")
MSG_UNKNOWN = N_("This field is not part of the form.")


class _Invalid(Exception):
    def __init__(self, *issues: Issue) -> None:
        super().__init__()
        self.issues = list(issues)


def _fail(code: str, text: str, **params: Any) -> _Invalid:
    return _Invalid(issue(code, text, **params))


def decimal_text(value: Decimal) -> str:
    """The one way a decimal is written: no exponent, no trailing zeros, no ``-0``."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def iin_is_valid(text: str) -> bool:
    """A Kazakhstan IIN: 12 digits, YYMMDD birth date, century/sex digit 1–6, check digit."""
    if not re.fullmatch(r"\d{12}", text) or text[6] not in _IIN_CENTURY:
        return False
    try:
        date(_IIN_CENTURY[text[6]] + int(text[0:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return False
    digits = [int(ch) for ch in text]
    for weights in _IIN_WEIGHTS:
        check = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
        if check != 10:
            return check == digits[11]
    return False


def partial_date_bounds(value: str) -> tuple[str, str]:
    """Earliest and latest full date a (partial) ISO date can stand for."""
    if len(value) == 4:
        return f"{value}-01-01", f"{value}-12-31"
    if len(value) == 7:
        last = calendar.monthrange(int(value[:4]), int(value[5:7]))[1]
        return f"{value}-01", f"{value}-{last:02d}"
    return value, value


def _text(field: Field, raw: Any) -> str:
    if not isinstance(raw, str):
        raise _fail("type", MSG_TEXT)
    value = unicodedata.normalize("NFC", raw)
    if field.type == "text":
        value = " ".join(value.split())
    else:
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if _CONTROL.search(value):
        raise _fail("format", MSG_CONTROL)
    limit = field.options.get("max_length", DEFAULT_MAX_LENGTH[field.type])
    if len(value) > limit:
        raise _fail("too_long", MSG_TOO_LONG, max_length=limit)
    return value


def _check_range(field: Field, value: Any, convert: Callable[[Any], Any]) -> None:
    low, high = field.options.get("min"), field.options.get("max")
    if low is not None and value < convert(low):
        raise _fail("min", MSG_MIN, min=low)
    if high is not None and value > convert(high):
        raise _fail("max", MSG_MAX, max=high)


def _integer(field: Field, raw: Any) -> int:
    if isinstance(raw, bool) or not isinstance(raw, int):
        raise _fail("type", MSG_INTEGER)
    _check_range(field, raw, int)
    return raw


def _decimal(field: Field, raw: Any) -> Decimal:
    if isinstance(raw, int) and not isinstance(raw, bool):
        value = Decimal(raw)
    elif isinstance(raw, str) and _DECIMAL.fullmatch(text := raw.strip().replace(",", ".")):
        value = Decimal(text)
    else:
        raise _fail("type", MSG_DECIMAL)
    _check_range(field, value, lambda bound: Decimal(str(bound)))
    return Decimal(decimal_text(value))


def _date(field: Field, raw: Any) -> str:
    partial = bool(field.options.get("partial"))
    message = MSG_PARTIAL_DATE if partial else MSG_DATE
    match = _DATE.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if match is None or (match.group(3) is None and not partial):
        raise _fail("type", message)
    year, month, day = (int(part) if part else 1 for part in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        raise _fail("invalid_date", MSG_NO_SUCH_DATE) from None
    value = match.group(0)
    earliest, latest = partial_date_bounds(value)
    low, high = field.options.get("min"), field.options.get("max")
    if low is not None and latest < low:
        raise _fail("min", MSG_MIN, min=low)
    if high is not None and earliest > high:
        raise _fail("max", MSG_MAX, max=high)
    return value


def _datetime(field: Field, raw: Any) -> str:
    match = _DATETIME.fullmatch(raw.strip()) if isinstance(raw, str) else None
    if match is None:
        raise _fail("type", MSG_DATETIME)
    day, time, offset = match.groups()
    if offset is None:
        raise _fail("timezone", MSG_OFFSET)
    try:
        moment = datetime.fromisoformat(f"{day}T{time}{'+00:00' if offset in 'Zz' else offset}")
    except ValueError:
        raise _fail("invalid_date", MSG_NO_SUCH_DATE) from None
    offset_delta = moment.utcoffset()
    if offset_delta is None or abs(offset_delta) > timedelta(hours=14):
        raise _fail("timezone", MSG_OFFSET)
    return moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")


def _yes_no(field: Field, raw: Any) -> bool:
    if not isinstance(raw, bool):
        raise _fail("type", MSG_YES_NO)
    return raw


def _choice(field: Field, raw: Any) -> str:
    assert field.choice_list is not None
    if not isinstance(raw, str) or raw not in field.choice_list.values:
        raise _fail("choice", MSG_CHOICE)
    return raw


def _multi_choice(field: Field, raw: Any) -> list[str]:
    chosen = _unique_list(field, raw, _choice, MSG_LIST)
    assert field.choice_list is not None
    order = field.choice_list.order
    return sorted(chosen, key=order.__getitem__)


def _unique_list(field: Field, raw: Any, one: Callable[[Field, Any], Any], message: str) -> list[Any]:
    if not isinstance(raw, list):
        raise _fail("type", message)
    values: list[Any] = []
    problems: list[Issue] = []
    for index, item in enumerate(raw):
        try:
            value = one(field, item)
        except _Invalid as exc:
            problems += [problem.under(f"[{index}]") for problem in exc.issues]
            continue
        if value in values:
            problems.append(issue("duplicate", MSG_DUPLICATE, f"[{index}]"))
        values.append(value)
    if problems:
        raise _Invalid(*problems)
    return values


def _country(field: Field, raw: Any) -> str:
    value = raw.strip().upper() if isinstance(raw, str) else None
    if value not in country_codes():
        raise _fail("country", MSG_COUNTRY)
    return value


def _language(field: Field, raw: Any) -> str:
    value = raw.strip().lower() if isinstance(raw, str) else None
    if value not in language_codes():
        raise _fail("language", MSG_LANGUAGE)
    return value


def _phone(field: Field, raw: Any) -> str:
    value = _PHONE_SEPARATORS.sub("", raw) if isinstance(raw, str) else ""
    if not _PHONE.fullmatch(value):
        raise _fail("phone", MSG_PHONE)
    return value


def _iin(field: Field, raw: Any) -> str:
    value = re.sub(r"\s", "", raw) if isinstance(raw, str) else ""
    if not re.fullmatch(r"\d{12}", value):
        raise _fail("iin", MSG_IIN_FORMAT)
    if not iin_is_valid(value):
        raise _fail("iin", MSG_IIN_INVALID)
    return value


def _attachment(field: Field, raw: Any) -> str:
    value = raw.strip().lower() if isinstance(raw, str) else ""
    if not _ATTACHMENT.fullmatch(value):
        raise _fail("attachment", MSG_ATTACHMENT)
    return value


def _identity_document(field: Field, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise _fail("type", MSG_DOCUMENT)
    problems = [issue("unknown_field", MSG_UNKNOWN, f".{key}") for key in raw if key not in _DOCUMENT_KEYS]
    result: dict[str, str] = {}
    kind, number, country = (raw.get(key) for key in _DOCUMENT_KEYS)
    checks: list[tuple[str, Any, Callable[[Field, Any], str]]] = [
        ("type", kind, _choice), ("number", number, _document_number)]
    if is_answered(country):
        checks.append(("issuing_country", country, _country))
    for key, value, check in checks:
        if not is_answered(value):
            problems.append(issue("required", MSG_REQUIRED, f".{key}"))
            continue
        try:
            result[key] = check(field, value)
        except _Invalid as exc:
            problems += [problem.under(f".{key}") for problem in exc.issues]
    if problems:
        raise _Invalid(*problems)
    return result


def _document_number(field: Field, raw: Any) -> str:
    if not isinstance(raw, str):
        raise _fail("type", MSG_TEXT)
    value = " ".join(unicodedata.normalize("NFC", raw).split()).upper()
    if _CONTROL.search(value):
        raise _fail("format", MSG_CONTROL)
    if len(value) > DOCUMENT_NUMBER_MAX:
        raise _fail("too_long", MSG_TOO_LONG, max_length=DOCUMENT_NUMBER_MAX)
    return value


def _maybe_many(one: Callable[[Field, Any], Any], message: str) -> Callable[[Field, Any], Any]:
    def check(field: Field, raw: Any) -> Any:
        if field.options.get("multiple"):
            return _unique_list(field, raw, one, message)
        return one(field, raw)
    return check


_CHECKERS: dict[str, Callable[[Field, Any], Any]] = {
    "text": _text, "long_text": _text, "integer": _integer, "decimal": _decimal,
    "date": _date, "datetime": _datetime, "yes_no": _yes_no, "choice": _choice,
    "multi_choice": _multi_choice, "country": _maybe_many(_country, MSG_COUNTRY),
    "language": _maybe_many(_language, MSG_LANGUAGE), "phone": _phone, "iin": _iin,
    "identity_document": _identity_document, "attachment": _maybe_many(_attachment, MSG_ATTACHMENT),
}
VALUE_TYPES = frozenset(_CHECKERS)


def check_value(field: Field, raw: Any) -> tuple[Any, list[Issue]]:
    """``(value, [])`` with the normalized value, or ``(None, issues)``; paths are relative to the field."""
    try:
        return _CHECKERS[field.type](field, raw), []
    except _Invalid as exc:
        return None, exc.issues


def to_json(value: Any) -> Any:
    """A checked value as stored (decimals become their normal text)."""
    return decimal_text(value) if isinstance(value, Decimal) else value
