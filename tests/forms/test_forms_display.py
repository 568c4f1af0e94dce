"""``describe``: readable lines of a record that also name their field, its type and the stored value."""

from __future__ import annotations

from intake_app.forms import load_form_file
from intake_app.forms.display import DisplayLine, describe
from tests.forms.formtest_helpers import SHIPPED_FORMS
from tests.records.sample import application


def _lines() -> list[DisplayLine]:
    form = load_form_file(SHIPPED_FORMS / "asylum_application" / "form.yaml")
    data = application(family=[("Абдуллаева Мадина", "Abdullaeva Madina")])
    return describe(form, data, "en")


def test_value_lines_carry_field_type_and_stored_value() -> None:
    by_id = {line.field_id: line for line in _lines() if line.kind == "value"}
    when = by_id["application_datetime"]
    assert (when.field_type, when.value, when.path) == ("datetime", "2026-11-23T14:05:00+05:00",
                                                        "application_datetime")
    assert when.label == "Date and time of the application"
    birth = by_id["birth_date"]
    assert (birth.field_type, birth.value, birth.text) == ("date", "1985-04", "1985-04")  # a partial date
    assert (by_id["referral_date"].field_type, by_id["referral_date"].value) == ("date", "2026-11-23")
    place = by_id["place_name"]
    assert (place.field_type, place.value, place.text) == ("text", "Zhibek Zholy BCP", "Zhibek Zholy BCP")
    languages = by_id["languages_spoken"]
    assert languages.field_type == "language" and languages.value == ["uz", "ru"]
    assert languages.text == "Uzbek, Russian"  # readable text in the language asked for
    assert by_id["voluntary"].value is True and by_id["voluntary"].text == "Yes"


def test_lines_inside_repeat_groups_have_indexed_paths() -> None:
    lines = _lines()
    group = next(line for line in lines if line.field_id == "family_members" and line.kind == "section")
    assert (group.field_type, group.text, group.value) == ("group", "1", None)
    entry = next(line for line in lines if line.kind == "item" and line.field_id == "family_members")
    assert entry.path == "family_members[0]" and entry.value is None
    member = next(line for line in lines if line.field_id == "member_birth_date")
    assert (member.path, member.field_type, member.value) == ("family_members[0].member_birth_date", "date", "2015")
    document = next(line for line in lines if line.field_id == "document")
    assert document.path == "documents[0].document" and document.field_type == "identity_document"
    assert document.value == {"type": "passport", "number": "N1234567", "issuing_country": "UZ"}
    assert document.text == "Passport, N1234567, Uzbekistan"


def test_section_headings_name_their_section() -> None:
    sections = [line for line in _lines() if line.kind == "section" and line.field_type == "section"]
    assert [line.field_id for line in sections][:2] == ["applicant", "interpretation"]
    assert all(line.value is None and line.text == "" for line in sections)


def test_attachments_are_named_by_the_callers_namer_instead_of_their_hash() -> None:
    form = load_form_file(SHIPPED_FORMS / "asylum_application" / "form.yaml")
    ref = "sha256:" + "c" * 64
    data = dict(application(), application_scan=[ref])
    scan = next(line for line in describe(form, data, "en") if line.field_id == "application_scan")
    assert scan.text == "sha256:cccccccccccc…" and scan.value == [ref]  # nothing to name it by
    named = describe(form, data, "en", attachments={ref: "scan.pdf (1.2 MiB)"}.__getitem__)
    assert next(line.text for line in named if line.field_id == "application_scan") == "scan.pdf (1.2 MiB)"
