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


# -- one entry per language in the lists to choose from ------------------------------------------

ALIASES = {  # ISO 639 alias codes -> the code a list offers for the same language
    "uzn": "uz", "uzb": "uz", "pes": "fa", "fas": "fa", "per": "fa", "drw": "prs", "tnf": "prs",
    "rus": "ru", "kaz": "kk", "kir": "ky", "tgk": "tg", "uig": "ug", "cmn": "zh", "zho": "zh", "arb": "ar",
    "pbu": "ps", "swh": "sw", "tuk": "tk",
}


@pytest.mark.parametrize("lang", ["en", "ru", "kk"])
def test_language_choices_list_each_language_once(lang: str) -> None:
    from intake_app.forms.locale_names import language_choices

    pairs = language_choices(lang)
    codes = [code for code, _name in pairs]
    names = [name for _code, name in pairs]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)
    for alias, code in ALIASES.items():
        assert alias not in codes and code in codes, (alias, code)
    offered = dict(pairs)
    assert offered["prs"] == language_name("prs", lang) and offered["uz"] == language_name("uz", lang)
    assert sum(1 for name in names if name.startswith(offered["uz"])) == 1  # no "Uzbek (uzn)" either


@pytest.mark.parametrize("alias, code", sorted(ALIASES.items()))
def test_alias_codes_stay_valid_and_read_like_their_language(alias: str, code: str) -> None:
    from intake_app.forms.locale_names import language_codes

    assert alias in language_codes()  # old records that hold them still validate
    for lang in ("en", "ru", "kk"):
        assert language_name(alias, lang) == language_name(code, lang)


def test_a_language_field_offers_no_alias_but_accepts_one(one_field) -> None:
    from tests.forms.formtest_helpers import check

    form = one_field("language")
    codes = [code for code, _name in form.field("value").choices("ru")]
    assert "uz" in codes and "uzn" not in codes and "pes" not in codes and "drw" not in codes
    assert check(form, "UZN") == ("uzn", [])
    assert check(form, "drw") == ("drw", [])
