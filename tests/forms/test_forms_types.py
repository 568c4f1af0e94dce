"""Every field type accepts what a person would enter and rejects what they should not."""

from __future__ import annotations

from typing import Any

import pytest

from intake_app.forms import iin_is_valid
from tests.forms.formtest_helpers import TODAY, check

A = "sha256:" + "a" * 64
B = "sha256:" + "b" * 64


@pytest.mark.parametrize("kind, options, raw, expected", [
    ("text", (), "  Abdullaev   Rustam ", "Abdullaev Rustam"),
    ("text", (), "Абдуллаев\nРустам", "Абдуллаев Рустам"),
    ("text", (), "ئابدۇللا", "ئابدۇللا"),
    ("text", (), "e\u0301", "\u00e9"),  # NFC
    ("text", (), "محمد\u200cعلی", "محمد\u200cعلی"),  # the zero-width non-joiner of Dari names survives
    ("long_text", (), "line one\r\nline two  ", "line one\nline two"),
    ("integer", ("min: 0", "max: 10"), 7, 7),
    ("integer", ("min: 0", "max: 10"), 0, 0),
    ("decimal", (), "12.50", "12.5"),
    ("decimal", (), "12,50", "12.5"),
    ("decimal", (), "007", "7"),
    ("decimal", (), 3, "3"),
    ("decimal", (), "-0.0", "0"),
    ("decimal", ("min: '0.5'", "max: 100"), "0.5", "0.5"),
    ("date", (), "2024-02-29", "2024-02-29"),
    ("date", ("partial: true",), "1991", "1991"),
    ("date", ("partial: true",), "1991-07", "1991-07"),
    ("date", ("partial: true",), "1991-07-14", "1991-07-14"),
    ("date", ("partial: true", "min: '1991-06-15'"), "1991", "1991"),
    ("datetime", (), "2026-11-23T14:05:00+05:00", "2026-11-23T14:05:00+05:00"),
    ("datetime", (), "2026-11-23T14:05+05:00", "2026-11-23T14:05:00+05:00"),
    ("datetime", (), "2026-11-23 09:05:00Z", "2026-11-23T09:05:00+00:00"),
    ("datetime", (), "2026-11-23T14:05:00.250000+05:00", "2026-11-23T14:05:00.250000+05:00"),
    ("yes_no", (), False, False),
    ("choice", ("choices: colours",), "green", "green"),
    ("multi_choice", ("choices: colours",), ["blue", "red"], ["red", "blue"]),
    ("country", (), "kz", "KZ"),
    ("country", ("multiple: true",), ["af", "TJ"], ["AF", "TJ"]),
    ("language", (), "PRS", "prs"),
    ("language", ("multiple: true",), ["kk", "ru", "uz", "ky", "tg", "ug", "ps", "zh", "tk", "fa", "en"],
     ["kk", "ru", "uz", "ky", "tg", "ug", "ps", "zh", "tk", "fa", "en"]),
    ("phone", (), "+7 (701) 234-56-78", "+77012345678"),
    ("phone", (), "+93 70 123 4567", "+93701234567"),
    ("iin", (), "900515300127", "900515300127"),
    ("iin", (), "9005 1530 0127", "900515300127"),
    ("identity_document", ("choices: documents",),
     {"type": "passport", "number": " p  0123456 ", "issuing_country": "af"},
     {"type": "passport", "number": "P 0123456", "issuing_country": "AF"}),
    ("identity_document", ("choices: documents",), {"type": "passport", "number": "N123"},
     {"type": "passport", "number": "N123"}),
    ("attachment", ("accept: [image/jpeg]", "max_bytes: 1000"), A.upper().replace("SHA256", "sha256"), A),
    ("attachment", ("accept: [image/jpeg]", "max_bytes: 1000", "multiple: true"), [A, B], [A, B]),
])
def test_accepts_and_normalizes(one_field: Any, kind: str, options: tuple[str, ...], raw: Any,
                                expected: Any) -> None:
    value, codes = check(one_field(kind, *options), raw)
    assert codes == []
    assert value == expected


@pytest.mark.parametrize("kind, options, raw, code", [
    ("text", (), 42, "type"),
    ("text", (), "bell\x07", "format"),
    ("text", ("max_length: 5",), "Abdullaev", "too_long"),
    ("integer", (), True, "type"),
    ("integer", (), "7", "type"),
    ("integer", (), 7.0, "type"),
    ("integer", ("min: 0", "max: 10"), -1, "min"),
    ("integer", ("min: 0", "max: 10"), 11, "max"),
    ("decimal", (), 12.5, "type"),
    ("decimal", (), "12.5.1", "type"),
    ("decimal", (), "1e5", "type"),
    ("decimal", (), True, "type"),
    ("decimal", ("min: '0.5'",), "0.49", "min"),
    ("date", (), "1991", "type"),
    ("date", (), "23.11.2026", "type"),
    ("date", (), "2023-02-29", "invalid_date"),
    ("date", (), "2026-13-01", "invalid_date"),
    ("date", ("partial: true",), "1991-13", "invalid_date"),
    ("date", ("partial: true",), "0000", "invalid_date"),
    ("date", ("partial: true",), "91", "type"),
    ("date", ("partial: true", "min: '1991-06-15'"), "1990", "min"),
    ("date", ("partial: true", "max: '1991-06-15'"), "1991-07", "max"),
    ("datetime", (), "2026-11-23T14:05:00", "timezone"),
    ("datetime", (), "2026-11-23", "type"),
    ("datetime", (), "2026-11-31T14:05:00+05:00", "invalid_date"),
    ("datetime", (), "2026-11-23T25:05:00+05:00", "invalid_date"),
    ("datetime", (), "2026-11-23T14:05:00+15:00", "timezone"),
    ("yes_no", (), "yes", "type"),
    ("yes_no", (), 1, "type"),
    ("choice", ("choices: colours",), "purple", "choice"),
    ("multi_choice", ("choices: colours",), "red", "type"),
    ("multi_choice", ("choices: colours",), ["red", "red"], "duplicate"),
    ("multi_choice", ("choices: colours",), ["red", "purple"], "choice"),
    ("country", (), "KZZ", "country"),
    ("country", (), "ZZ", "country"),
    ("country", (), "EU", "country"),
    ("country", ("multiple: true",), "KZ", "type"),
    ("country", ("multiple: true",), ["KZ", "kz"], "duplicate"),
    ("language", (), "xx", "language"),
    ("language", (), "und", "language"),
    ("phone", (), "8 701 234 56 78", "phone"),
    ("phone", (), "+7 701", "phone"),
    ("phone", (), "+7 701 234 56 78 90 12 34", "phone"),
    ("phone", (), "+7 701 ABC 56 78", "phone"),
    ("iin", (), "90051530012", "iin"),
    ("iin", (), 900515300127, "iin"),
    ("iin", (), "900515300128", "iin"),
    ("attachment", ("accept: [image/jpeg]", "max_bytes: 1000"), "sha256:abc", "attachment"),
    ("attachment", ("accept: [image/jpeg]", "max_bytes: 1000"), "md5:" + "a" * 64, "attachment"),
    ("attachment", ("accept: [image/jpeg]", "max_bytes: 1000", "multiple: true"), [A, A], "duplicate"),
    ("identity_document", ("choices: documents",), "P0123456", "type"),
    ("identity_document", ("choices: documents",), {"type": "visa", "number": "1"}, "choice"),
    ("identity_document", ("choices: documents",), {"type": "passport", "number": "1", "issuing_country": "XY"},
     "country"),
])
def test_rejects(one_field: Any, kind: str, options: tuple[str, ...], raw: Any, code: str) -> None:
    value, codes = check(one_field(kind, *options), raw)
    assert value is None, "an invalid value must not reach the normalized record"
    assert code in codes


def test_identity_document_issues_point_inside_the_document(one_field: Any) -> None:
    form = one_field("identity_document", "choices: documents")
    result = form.validate({"value": {"number": "", "issuing_country": "XY", "colour": "red"}}, today=TODAY)
    assert result.codes() == {"value.colour": "unknown_field", "value.type": "required",
                              "value.number": "required", "value.issuing_country": "country"}


def test_multiple_values_point_at_the_bad_item(one_field: Any) -> None:
    form = one_field("country", "multiple: true")
    result = form.validate({"value": ["KZ", "QQ"]}, today=TODAY)
    assert result.codes() == {"value[1]": "country"}


@pytest.mark.parametrize("iin", ["900515300127", "051228600348", "880229400777",
                                 "850312300305"])  # the last needs the second set of weights
def test_valid_iins(iin: str) -> None:
    assert iin_is_valid(iin)


@pytest.mark.parametrize("iin, why", [
    ("900515300128", "wrong check digit"),
    ("850312300380", "both weightings give 10"),
    ("900230300019", "30 February"),
    ("890229300019", "29 February in a common year"),
    ("901315300122", "month 13"),
    ("900515700122", "century/sex digit 7"),
    ("900515000128", "century/sex digit 0"),
    ("90051530012", "11 digits"),
    ("90051530012a", "a letter"),
])
def test_invalid_iins(iin: str, why: str) -> None:
    assert not iin_is_valid(iin), why


def test_messages_never_quote_the_value(one_field: Any) -> None:
    form = one_field("iin")
    result = form.validate({"value": "900515300128"}, today=TODAY)
    assert result.issues and all("900515" not in issue.message("en") for issue in result.issues)
