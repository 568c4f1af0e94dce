"""Country and language names come from CLDR, in the reader's language."""

from __future__ import annotations

import pytest

from intake_app.forms import country_name, language_name


@pytest.mark.parametrize("code, lang, name", [
    ("KZ", "kk", "Қазақстан"), ("KZ", "ru", "Казахстан"), ("kz", "en", "Kazakhstan"),
    ("AF", "kk", "Ауғанстан"), ("CN", "ru", "Китай"), ("UZ", "en", "Uzbekistan"),
    ("QQ", "en", "QQ"),  # unknown codes are shown as they are
    ("KZ", "xx", "Kazakhstan"),  # unknown display language falls back to English
])
def test_country_name(code: str, lang: str, name: str) -> None:
    assert country_name(code, lang) == name


@pytest.mark.parametrize("code, lang, name", [
    ("kk", "kk", "қазақ тілі"), ("ug", "ru", "уйгурский"), ("prs", "en", "Dari"), ("prs", "kk", "дари тілі"),
    ("ps", "en", "Pashto"), ("ky", "ru", "киргизский"), ("tg", "kk", "тәжік тілі"), ("zz", "en", "zz"),
])
def test_language_name(code: str, lang: str, name: str) -> None:
    assert language_name(code, lang) == name
