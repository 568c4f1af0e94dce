"""Dates, times and counts as a reader of the interface language expects them (Babel's CLDR data).

A time is always shown with its offset from UTC: a receipt or an application
time is legal evidence, and "14:05" alone does not say which 14:05. Times the
store keeps (in UTC) are shown in the device's zone (Kazakhstan: UTC+5);
times captured on a form keep the offset they were recorded with.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo

from babel.dates import format_date, format_skeleton, format_time, get_datetime_format
from babel.numbers import format_decimal

from intake_app.forms.display import DisplayLine


def format_answer(line: DisplayLine, lang: str) -> str:
    """The answer of a ``describe`` line for the record view, chosen by its field's type.

    Dates (whole or partial) and date-times are read from the stored value and shown in
    ``lang``'s format; every other answer is the line's own readable text.
    """
    if isinstance(line.value, str):
        if line.field_type == "date":
            return format_day(line.value, lang)
        if line.field_type == "datetime":
            return format_when(line.value, lang)
    return line.text


def format_day(text: str | None, lang: str) -> str:
    """An ISO date for display: ``YYYY-MM-DD``, or a partial one, ``YYYY-MM`` (month and year) or ``YYYY``.

    Text that is not such a date is shown as it is.
    """
    if not text:
        return ""
    try:
        if len(text) == 10:
            return format_date(date.fromisoformat(text), "medium", locale=lang)
        if len(text) == 7 and text[4] == "-":
            return format_skeleton("yMMM", date(int(text[:4]), int(text[5:]), 1), locale=lang)
    except ValueError:
        pass
    return text


def format_when(text: str | None, lang: str, *, zone: tzinfo | None = None) -> str:
    """An ISO date (also partial) or date-time for display; with ``zone`` (the device's, ``Session.zone``), a
    stored UTC time is shown in it, as on the receipt. Answers keep the offset they were given.

    Text that is not a date (an unfinished draft) is shown as it is.
    """
    if not text:
        return ""
    if len(text) <= 10:
        return format_day(text, lang)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        return _join(moment, lang)
    if zone is not None:
        moment = moment.astimezone(zone)
    return f"{_join(moment, lang)} {utc_offset(moment)}"


def _join(moment: datetime, lang: str) -> str:
    pattern = get_datetime_format("medium", locale=lang)
    day = format_date(moment, "medium", locale=lang)
    clock = format_time(moment, "short", tzinfo=moment.tzinfo, locale=lang)
    return str(pattern).replace("{1}", day).replace("{0}", clock)


def utc_offset(moment: datetime) -> str:
    """``UTC+05:00``: the same in every language, as on the receipt."""
    offset = moment.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def format_count(n: int, lang: str) -> str:
    """``20,000`` / ``20 000``: digits grouped as the language groups them."""
    return format_decimal(n, locale=lang)
