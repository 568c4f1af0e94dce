"""Values of the record view and the list formatted by what they are (no widgets needed)."""

from __future__ import annotations

import pytest

from intake_app.forms.display import DisplayLine
from intake_app.ui.records.formatting import format_answer, format_day, format_when


@pytest.mark.parametrize("text, lang, shown", [
    ("2026-11-23", "en", "Nov 23, 2026"), ("2026-11-23", "ru", "23 нояб. 2026 г."),
    ("1985-04", "en", "Apr 1985"), ("1985-04", "ru", "апр. 1985 г."), ("1985-04", "kk", "1985 ж. сәу."),
    ("1985", "en", "1985"),
    ("1985-13", "en", "1985-13"), ("Zhibek", "en", "Zhibek"), ("", "en", ""), (None, "en", ""),
])
def test_format_day_whole_and_partial_dates(text, lang, shown):
    assert _spaces(format_day(text, lang)) == shown
    assert _spaces(format_when(text, lang)) == shown  # the list's date column reads partial dates too


def _spaces(text):
    return text.replace("\u202f", " ").replace("\xa0", " ")


def _line(field_type, value, text=None):
    return DisplayLine(0, "Date", text if text is not None else str(value), "value", "x", field_type, "x", value)


def test_format_answer_chooses_by_field_type_not_label():
    assert format_answer(_line("date", "2026-11-19"), "en") == "Nov 19, 2026"
    assert format_answer(_line("date", "2026-11"), "en") == "Nov 2026"
    assert format_answer(_line("datetime", "2026-11-23T14:05:00+05:00"), "en") == (
        "Nov 23, 2026, 2:05\u202fPM UTC+05:00")
    assert format_answer(_line("text", "2026-11-19"), "en") == "2026-11-19"  # same label, a text: as written
    assert format_answer(_line("choice", "almaty_city", "Almaty City"), "en") == "Almaty City"
    assert format_answer(_line("language", ["uz", "ru"], "Uzbek, Russian"), "en") == "Uzbek, Russian"
