"""The printed receipt, read back from the PDF as an applicant, an officer or a court would read it."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from intake_app.errors import UserError
from intake_app.receipts import texts
from intake_app.receipts.language import receipt_gettext
from intake_app.receipts.pdf import TOKEN_INFO_KEY
from intake_app.receipts.service import default_languages, make_receipt
from intake_app.receipts.version_token import token_for_version
from intake_app.records import lifecycle
from tests.records.sample import application, write_scan


def _submitted(officer, tmp_path, **kwargs) -> str:
    record_id = lifecycle.create_draft(officer, "asylum_application", application(**kwargs),
                                       files=[("application_scan", write_scan(tmp_path / "in"))])
    lifecycle.submit(officer, record_id)
    return record_id


def _pages(pdf: bytes) -> list[str]:
    return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def test_two_copies_with_the_facts_in_kazakh_and_russian(officer, tmp_path):
    record_id = _submitted(officer, tmp_path, family=[("Абдуллаева Зарина", "Abdullaeva Zarina")])
    pdf, facts = make_receipt(officer, record_id, ("kk", "ru"))
    pages = _pages(pdf)
    assert len(pages) == 2
    kk, ru = receipt_gettext("kk"), receipt_gettext("ru")
    assert kk.gettext(texts.APPLICANT_COPY) in pages[0] and ru.gettext(texts.FILE_COPY) in pages[1]
    for page in pages:
        assert facts.receipt_no in page
        assert "Абдуллаев Рустам" in page and "Abdullaev Rustam" in page  # real, searchable text
        assert "Абдуллаева Зарина" in page
        assert "23.11.2026 14:05, UTC+05:00" in page  # local time with its offset
        assert "04.1985" in page  # a partial birth date stays partial …
        assert "апрель 1985" in page and "1985 ж. сәуір" in page  # … also written out in each language
        assert "23 ноября 2026" in page and "2026 ж. 23 қараша" in page
        assert "Zhibek Zholy BCP" in page
        assert kk.gettext(texts.RIGHTS_TITLE) in page and ru.gettext(texts.RIGHTS_TITLE) in page
        assert "Өзбекстан" in page and "Узбекистан" in page  # citizenship named in each language


def test_the_pdf_carries_the_signed_token_of_the_version(officer, tmp_path):
    record_id = _submitted(officer, tmp_path)
    pdf, facts = make_receipt(officer, record_id, ("kk", "ru"))
    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None and info.get("/" + TOKEN_INFO_KEY) == token_for_version(officer, record_id)
    assert facts.token == info.get("/" + TOKEN_INFO_KEY)


def test_an_arabic_script_receipt_is_real_text(officer, tmp_path):
    record_id = _submitted(officer, tmp_path, name_original="عبدالله رحیمی", name_latin="Abdullah Rahimi")
    pdf, _facts = make_receipt(officer, record_id, ("fa_AF", "kk"))
    text = _pages(pdf)[0]
    assert "Abdullah Rahimi" in text
    for word in ("عبدالله", "رحیمی"):  # each word, in the reading order of its script or reversed by the reader
        assert word in text or word[::-1] in text, text[:400]


def test_default_languages_are_the_applicants_then_kazakh_and_russian():
    assert default_languages("fa_AF") == ("fa_AF", "kk", "ru")
    assert default_languages("ru") == ("ru", "kk")
    assert default_languages(None) == ("kk", "ru")


def test_unprintable_choices_are_refused_with_the_reason(officer, tmp_path):
    record_id = _submitted(officer, tmp_path)
    with pytest.raises(UserError, match="cannot be printed in “xx”"):
        make_receipt(officer, record_id, ("xx", "kk"))
    with pytest.raises(UserError, match="Kazakh or Russian"):
        make_receipt(officer, record_id, ("en", "uz"))
    with pytest.raises(UserError, match="at most 3"):
        make_receipt(officer, record_id, ("uz", "kk", "ru", "en"))


def test_drafts_and_void_records_get_no_receipt(officer, tmp_path):
    draft = lifecycle.create_draft(officer, "asylum_application", {}, strict=False)
    with pytest.raises(UserError, match="no submitted version"):
        make_receipt(officer, draft, ("kk", "ru"))
    record_id = _submitted(officer, tmp_path)
    lifecycle.void(officer, record_id, "registered twice")
    with pytest.raises(UserError, match="void"):
        make_receipt(officer, record_id, ("kk", "ru"))


def test_the_printed_qr_code_scans_to_the_token(officer, tmp_path):
    """What a phone or a border post's scanner reads from the paper: decoded from the rendered page."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    from intake_app.receipts.raster import render_pages

    record_id = _submitted(officer, tmp_path)
    pdf, facts = make_receipt(officer, record_id, ("kk", "ru"))
    for page in render_pages(pdf, 150):  # both copies
        image = Image.frombytes("RGB", (page.width, page.height), page.rgb)
        found = [result.text for result in zxingcpp.read_barcodes(image)]
        assert found == [facts.token]
