"""The ``receipt`` gettext domain: complete catalogs in every receipt language, drafts marked, used at run time."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from intake_app.receipts import language, texts
from intake_app.receipts.language import (babel_locale, is_draft, language_label, receipt_gettext,
                                          receipt_language)
from intake_app.receipts.texts import RECEIPT_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "translations"
TEXTS_PY = ROOT / "intake_app" / "receipts" / "texts.py"
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")
DRAFT_COMMENT = "Machine-assisted draft: to be reviewed by a fluent speaker."
TRANSLATED = tuple(lang for lang in RECEIPT_LANGUAGES if lang != "en")
#: The script each catalog is written in (Unicode character-name prefix).
SCRIPTS = {"kk": "CYRILLIC", "ru": "CYRILLIC", "ky": "CYRILLIC", "tg": "CYRILLIC", "uz": "LATIN", "tk": "LATIN",
           "ug": "ARABIC", "fa_AF": "ARABIC", "ps": "ARABIC", "zh": "CJK"}
#: Latin-script names that stay as they are in every language (UNHCR's own acronym).
KEPT_AS_IS = re.compile(r"UNHCR")
#: The intake pipeline's keywords (Makefile: default keywords plus N_ and ngettext).
INTAKE_KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "ngettext": (1, 2)}


def _po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / "receipt.po"


def _read(path: Path):
    with open(path, "rb") as handle:
        return read_po(handle)


def _messages(lang: str) -> dict:
    return {m.id: m for m in _read(_po_path(lang)) if m.id}


def _in_code() -> set[str]:
    """What ``make extract-messages`` puts in receipt.pot: every ``receipt_text("...")`` in texts.py."""
    return {message for _line, message, _comments, _context in extract_from_file(
        "python", str(TEXTS_PY), keywords={"receipt_text": None})}


def test_template_holds_every_receipt_text_in_the_code():
    template = {m.id for m in _read(TRANSLATIONS / "receipt.pot") if m.id}
    constants = {value for name, value in vars(texts).items()
                 if name.isupper() and isinstance(value, str) and name != "DOMAIN"}
    assert _in_code() == constants
    assert template == constants, "run `make update-catalogs` and translate the new texts"


@pytest.mark.parametrize("lang", RECEIPT_LANGUAGES)
def test_catalog_exists_and_holds_every_message(lang):
    assert _po_path(lang).is_file(), f"no receipt catalog for {lang}"
    template = {m.id for m in _read(TRANSLATIONS / "receipt.pot") if m.id}
    assert set(_messages(lang)) == template


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_translated_and_placeholders_match(lang):
    problems = []
    for msgid, message in _messages(lang).items():
        if message.fuzzy or not message.string:
            problems.append(f"untranslated: {msgid!r}")
        elif sorted(PLACEHOLDER.findall(message.string)) != sorted(PLACEHOLDER.findall(msgid)):
            problems.append(f"placeholders differ: {msgid!r} -> {message.string!r}")
    assert problems == []


def test_english_catalog_is_the_source():
    """English is the source language: its msgstr are empty (or the msgid itself), never a draft."""
    for msgid, message in _messages("en").items():
        assert message.string in ("", msgid)
        assert "draft" not in message.flags


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return "CJK" if name.startswith("CJK") else name.split(" ")[0]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalog_is_written_in_its_script(lang):
    """Kazakh, Russian, Kyrgyz, Tajik in Cyrillic; Uzbek, Turkmen in Latin; Uyghur, Dari, Pashto in Arabic; Han."""
    expected = SCRIPTS[lang]
    strays = set()
    for message in _messages(lang).values():
        text = KEPT_AS_IS.sub("", PLACEHOLDER.sub("", message.string))
        strays |= {ch for ch in text if ch.isalpha() and _script(ch) not in (expected, "MODIFIER")}
    assert strays == set()


@pytest.mark.parametrize("lang", ("ug", "fa_AF", "ps"))
def test_right_to_left_catalogs_are_arabic_script_and_rtl_locales(lang):
    for message in _messages(lang).values():
        assert any(_script(ch) == "ARABIC" for ch in message.string), message.id
    assert babel_locale(lang).character_order == "right-to-left"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_draft_flag_and_comment_go_together(lang):
    """A machine-assisted message carries the ``draft`` flag and says so; a reviewer removes both."""
    catalog = _read(_po_path(lang))
    drafts = 0
    for message in catalog:
        if not message.id:
            continue
        flagged = "draft" in message.flags
        assert flagged == (DRAFT_COMMENT in message.user_comments), message.id
        drafts += flagged
    if drafts:
        assert DRAFT_COMMENT in catalog.header_comment


@pytest.mark.parametrize("lang", TRANSLATED)
def test_machine_assisted_catalogs_are_drafts(lang):
    # Nobody fluent has reviewed these yet: when someone does, this list shrinks.
    assert is_draft(lang) is True


def test_english_is_never_a_draft():
    assert is_draft("en") is False


def test_is_draft_reads_the_flag(tmp_path, monkeypatch):
    reviewed = tmp_path / "ru" / "LC_MESSAGES"
    reviewed.mkdir(parents=True)
    source = _po_path("ru").read_text(encoding="utf-8")
    (reviewed / "receipt.po").write_text(
        source.replace("#, draft, python-brace-format\n", "#, python-brace-format\n").replace("#, draft\n", ""),
        encoding="utf-8")
    monkeypatch.setattr(language.paths, "translations_dir", lambda: tmp_path)
    is_draft.cache_clear()
    try:
        assert is_draft("ru") is False
        assert is_draft("kk") is True  # no catalog to show it was reviewed
    finally:
        is_draft.cache_clear()


def test_update_keeps_the_draft_flags(tmp_path):
    """``make update-catalogs`` (pybabel update, options as in the Makefile) must not drop ``draft``."""
    for lang in ("ru", "ug"):
        shutil.copytree(TRANSLATIONS / lang, tmp_path / lang, ignore=shutil.ignore_patterns("*.mo", "intake.*"))
    before = {lang: {m.id: (m.string, m.flags) for m in _read(tmp_path / lang / "LC_MESSAGES" / "receipt.po")}
              for lang in ("ru", "ug")}
    CommandLineInterface().run(["pybabel", "-q", "update", "-D", "receipt", "-i", str(TRANSLATIONS / "receipt.pot"),
                                "-d", str(tmp_path), "--no-fuzzy-matching", "--ignore-obsolete", "--no-wrap"])
    for lang in ("ru", "ug"):
        catalog = _read(tmp_path / lang / "LC_MESSAGES" / "receipt.po")
        assert {m.id: (m.string, m.flags) for m in catalog} == before[lang]
        assert DRAFT_COMMENT in catalog.header_comment
        assert all(DRAFT_COMMENT in m.user_comments for m in catalog if m.id)


def _compiled_catalog_is_current(lang: str) -> None:
    mo = _po_path(lang).with_suffix(".mo")
    assert mo.is_file() and mo.stat().st_mtime >= _po_path(lang).stat().st_mtime, \
        f"{mo.relative_to(ROOT)} is missing or older than its .po: run `make translations` (done by `make test`)"


def test_compiled_catalog_is_used_at_run_time():
    _compiled_catalog_is_current("ru")
    assert receipt_gettext("ru").gettext(texts.RIGHTS_TITLE) == "Ваши права"
    assert receipt_gettext("en").gettext(texts.RIGHTS_TITLE) == "Your rights"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_compiled_catalog_matches_its_source(lang):
    _compiled_catalog_is_current(lang)
    translations = receipt_gettext(lang)
    assert {msgid: translations.gettext(msgid) for msgid in _messages(lang)} == \
        {msgid: m.string for msgid, m in _messages(lang).items()}


@pytest.mark.parametrize("code, expected", [
    ("kk", "kk"), ("kaz", "kk"), ("ru", "ru"), ("rus", "ru"), ("ru-KZ", "ru"), ("en", "en"), ("eng", "en"),
    ("uz", "uz"), ("uzb", "uz"), ("uzn", "uz"), ("uz_Cyrl", "uz"), ("ky", "ky"), ("kir", "ky"),
    ("tg", "tg"), ("tgk", "tg"), ("ug", "ug"), ("uig", "ug"), ("fa", "fa_AF"), ("prs", "fa_AF"),
    ("fa_AF", "fa_AF"), ("fa-AF", "fa_AF"), ("pes", "fa_AF"), ("ps", "ps"), ("pus", "ps"), ("pbu", "ps"),
    ("zh", "zh"), ("zho", "zh"), ("cmn", "zh"), ("tk", "tk"), ("tuk", "tk"),
    ("de", None), ("ara", None), ("xx", None), ("", None), (None, None),
])
def test_receipt_language_maps_codes_and_aliases(code, expected):
    assert receipt_language(code) == expected


@pytest.mark.parametrize("lang, locale", [
    ("kk", "kk_Cyrl"), ("ru", "ru"), ("en", "en_001"), ("uz", "uz_Latn"), ("ky", "ky"), ("tg", "tg"), ("ug", "ug"),
    ("fa_AF", "fa_AF"), ("ps", "ps"), ("zh", "zh_Hans"), ("tk", "tk"),
])
def test_babel_locale(lang, locale):
    assert str(babel_locale(lang)) == locale
    assert babel_locale(lang).territories["KZ"]


def test_language_label():
    assert language_label("fa_AF", "en") == "Dari"
    assert language_label("fa_AF", "ru") == "дари"
    assert language_label("uz", "en") == "Uzbek"
    assert language_label("kk", "kk") == "қазақ тілі"
    assert all(language_label(lang, other) for lang in RECEIPT_LANGUAGES for other in RECEIPT_LANGUAGES)


def test_receipt_texts_stay_out_of_the_interface_catalog():
    """intake.pot is extracted with default keywords + N_: ``receipt_text`` is not one of them.

    The same English text may be in both domains ("Yes" in the interface too): what must not
    happen is that intake.pot takes anything from texts.py.
    """
    from_texts = [message for file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=[("intake_app/**.py", "python")], keywords=INTAKE_KEYWORDS)
        if Path(file).as_posix().endswith("receipts/texts.py")]
    assert from_texts == []
    in_template = [m.id for m in _read(TRANSLATIONS / "intake.pot")
                   if any(path.endswith("receipts/texts.py") for path, _line in m.locations)]
    assert in_template == []
    assert texts.RIGHTS_NON_REFOULEMENT not in {m.id for m in _read(TRANSLATIONS / "intake.pot")}
