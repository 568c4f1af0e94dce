"""The two shipped forms: they load, and they accept and refuse what the domain says."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from intake_app.errors import NotFound
from intake_app.forms import Form, FormRegistry, check_forms_dir, load_form_source
from tests.forms.formtest_helpers import SHIPPED_FORMS, TODAY

SCAN_1 = "sha256:" + "b" * 64
SCAN_2 = "sha256:" + "c" * 64
COPY = "sha256:" + "a" * 64

APPLICATION: dict[str, Any] = {
    "name_original": "عبدالله رحیمی",
    "name_latin": "Abdullah Rahimi",
    "sex": "male",
    "birth_date": "1991",
    "citizenships": ["af"],
    "stateless": False,
    "languages_spoken": ["prs", "ps", "ru"],
    "preferred_language": "prs",
    "phone": "+7 (701) 234-56-78",
    "interpreter_needed": True,
    "interpreter_present": True,
    "interpreter_language": "prs",
    "family_members": [
        {"member_name_original": "فاطمه رحیمی", "member_name_latin": "Fatima Rahimi", "relation": "spouse",
         "member_birth_date": "1994-03", "member_sex": "female"},
        {"member_name_original": "احمد", "relation": "child", "member_birth_date": "2019-07-01"},
    ],
    "documents": [{"document": {"type": "passport", "number": "p 01234567", "issuing_country": "AF"},
                   "document_copy": [COPY]}],
    "no_documents": False,
    "place_type": "international_airport",
    "place_name": "Almaty International Airport",
    "application_datetime": "2026-11-23T14:05:00+05:00",
    "manner_of_entry": "regular",
    "voluntary": True,
    "grounds": ["political_opinion", "religion"],
    "claim_summary": "Threatened after refusing to join an armed group.",
    "application_language": "prs",
    "application_scan": [SCAN_1, SCAN_2],
    "informed_of_rights": True,
    "rights_language": "prs",
    "lawyer_requested": False,
    "referral_body": "akimat_migration_service",
    "referral_date": "2026-11-23",
    "officer_name": "Серік Ахметов",
    "officer_id": "KZ-417",
}

VISIT: dict[str, Any] = {
    "facility_name": "Special institution for foreigners",
    "facility_region": "almaty_city",
    "visit_date": "2026-11-20",
    "monitors": [{"monitor_name": "Aigerim S."}],
    "detainee_count": 14,
    "interviews": [
        {"interviewee": "K-07", "interviewee_nationality": "uz", "interviewee_languages": ["uz", "ru"],
         "wishes_asylum": True, "asylum_receipt": "AA-2026-000123", "lawyer_access": False,
         "interpreter_access": False, "appeal_access": False, "removal_scheduled": True,
         "removal_date": "2026-11-25", "removal_destination": "UZ", "urgency": "immediate_risk",
         "follow_up_needed": True},
    ],
}


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return FormRegistry.from_dir(SHIPPED_FORMS)


@pytest.fixture(scope="module")
def asylum(registry: FormRegistry) -> Form:
    return registry.get("asylum_application")


@pytest.fixture(scope="module")
def visit(registry: FormRegistry) -> Form:
    return registry.get("detention_visit")


def test_both_forms_load_without_errors() -> None:
    forms, errors = check_forms_dir(SHIPPED_FORMS)
    assert errors == []
    assert [(form.id, form.roles) for form in forms] == [
        ("asylum_application", ("officer",)), ("detention_visit", ("monitor",))]


def test_registry(registry: FormRegistry) -> None:
    assert registry.ids() == ["asylum_application", "detention_visit"]
    assert [form.id for form in registry.for_role("monitor")] == ["detention_visit"]
    assert registry.for_role("admin") == []
    with pytest.raises(NotFound) as caught:
        registry.get("visa_application")
    assert "visa_application" in str(caught.value)


def test_every_text_is_translated(registry: FormRegistry) -> None:
    for form in registry.forms():
        assert len({form.title(lang) for lang in ("kk", "ru", "en")}) == 3
        for field in form.all_fields():
            labels = [field.label(lang) for lang in ("kk", "ru", "en")]
            assert all(labels) and labels[0] != labels[2], field.path
            if field.hints:
                assert all(field.hint(lang) for lang in ("kk", "ru", "en")), field.path


def test_reloading_the_stored_source_gives_the_same_form(asylum: Form) -> None:
    again = load_form_source(asylum.source, "stored:asylum_application@1")
    assert (again.id, again.version, again.sha256) == (asylum.id, asylum.version, asylum.sha256)
    assert asylum.source == (SHIPPED_FORMS / "asylum_application" / "form.yaml").read_text(encoding="utf-8")


def test_valid_application(asylum: Form) -> None:
    result = asylum.validate(APPLICATION, today=TODAY)
    assert result.issues == [] and result.ok
    data = result.normalized
    assert data["phone"] == "+77012345678"
    assert data["citizenships"] == ["AF"]
    assert data["grounds"] == ["religion", "political_opinion"]  # list order, not entry order
    assert data["documents"][0]["document"] == {"type": "passport", "number": "P 01234567",
                                                "issuing_country": "AF"}
    assert data["application_datetime"] == "2026-11-23T14:05:00+05:00"
    assert "lawyer_present" not in data  # not asked: no lawyer was requested


def test_broken_application(asylum: Form) -> None:
    data = copy.deepcopy(APPLICATION)
    del data["voluntary"]
    data["grounds"] = ["other"]  # so 'grounds_other' becomes required
    data["family_members"][1]["relation"] = "cousin"
    data["family_members"][0]["member_birth_date"] = "2030"
    data["application_datetime"] = "2026-11-23T14:05:00"
    data["preferred_language"] = "en"
    data["phone"] = "8 701 234 56 78"
    data["iin"] = "900515300128"
    data["referral_date"] = "2026-11-24"
    data["application_scan"] = []
    data["nickname"] = "Abdu"
    result = asylum.validate(data, today=TODAY)
    assert result.codes() == {
        "nickname": "unknown_field",
        "iin": "iin",
        "preferred_language": "constraint",
        "phone": "phone",
        "family_members[0].member_birth_date": "constraint",
        "family_members[1].relation": "choice",
        "application_datetime": "timezone",
        "voluntary": "required",
        "grounds_other": "required",
        "application_scan": "required",
        "referral_date": "constraint",
    }
    assert not result.ok
    referral = next(issue for issue in result.issues if issue.path == "referral_date")
    assert referral.message("en") == "The referral date must be between the date of the application and today."
    assert referral.message("ru").startswith("Дата направления должна быть")
    assert referral.message("kk").startswith("Жолдау күні")


def test_stateless_or_citizenship(asylum: Form) -> None:
    data = dict(APPLICATION, citizenships=[])
    issue = next(issue for issue in asylum.validate(data, today=TODAY).issues if issue.path == "stateless")
    assert issue.code == "constraint"
    assert issue.message("kk") == ("Кемінде бір азаматтықты көрсетіңіз немесе өтініш берушіні азаматтығы жоқ "
                                   "адам деп белгілеңіз.")
    stateless = asylum.validate(dict(APPLICATION, stateless=True), today=TODAY)
    assert stateless.ok and "citizenships" not in stateless.normalized  # hidden answer dropped


def test_documents_or_none(asylum: Form) -> None:
    none_given = asylum.validate(dict(APPLICATION, documents=[]), today=TODAY)
    assert none_given.codes() == {"no_documents": "constraint"}
    has_none = asylum.validate(dict(APPLICATION, documents=[], no_documents=True), today=TODAY)
    assert has_none.ok


def test_sections_hold_no_data(asylum: Form) -> None:
    result = asylum.validate(dict(APPLICATION, applicant={"name_latin": "x"}), today=TODAY)
    assert result.codes() == {"applicant": "unknown_field"}


def test_not_a_record(asylum: Form) -> None:
    assert asylum.validate(["not", "a", "dict"], today=TODAY).codes() == {"": "type"}  # type: ignore[arg-type]


def test_hidden_answers_are_never_stored(asylum: Form) -> None:
    data = dict(APPLICATION, interpreter_needed=False, informed_of_rights=False, grounds=["religion"],
                grounds_other="left over from before")
    result = asylum.validate(data, today=TODAY)
    assert result.ok
    for hidden in ("interpreter_present", "interpreter_language", "rights_language", "grounds_other"):
        assert hidden not in result.normalized


def test_required_if_condition(asylum: Form) -> None:
    data = dict(APPLICATION, referral_body="other")
    assert asylum.validate(data, today=TODAY).codes() == {"referral_body_other": "required"}
    assert asylum.validate(dict(data, referral_body_other="UNHCR office"), today=TODAY).ok


def test_repeat_group_limits(asylum: Form, visit: Form) -> None:
    many = [{"member_name_original": f"M{i}", "relation": "child"} for i in range(31)]
    assert asylum.validate(dict(APPLICATION, family_members=many), today=TODAY).codes() == {
        "family_members": "count_max"}
    result = visit.validate(dict(VISIT, monitors=[]), today=TODAY)
    assert result.codes() == {"monitors": "count_min"}
    assert result.issues[0].message("en") == "Add at least 1 entry."


def test_visit_is_valid_and_feeds_search(visit: Form) -> None:
    result = visit.validate(VISIT, today=TODAY)
    assert result.ok, result.codes()
    values = visit.search_values(result.normalized)
    assert values.names == ["K-07"] and values.receipts == ["AA-2026-000123"]
    assert visit.summary_names(result.normalized) == []  # interviewees are not the record's title


def test_visit_urgency_rule_uses_the_interview_s_own_answers(visit: Form) -> None:
    data = copy.deepcopy(VISIT)
    data["interviews"][0]["urgency"] = "medium"
    calm = dict(data["interviews"][0], interviewee="K-08", removal_scheduled=False, urgency="low")
    data["interviews"].append(calm)
    result = visit.validate(data, today=TODAY)
    assert result.codes() == {"interviews[0].urgency": "constraint"}
    assert "removal_date" not in result.normalized["interviews"][1]
    message = result.issues[0].message("ru")
    assert message.startswith("Если человек желает получить убежище")


def test_visit_counts(visit: Form) -> None:
    result = visit.validate(dict(VISIT, detainee_count=0), today=TODAY)
    assert result.codes() == {"detainee_count": "constraint"}
    assert visit.validate(dict(VISIT, detainee_count=-1), today=TODAY).codes() == {"detainee_count": "min"}


def test_search_values_attachments_and_summary(asylum: Form) -> None:
    data = asylum.validate(APPLICATION, today=TODAY).normalized
    data["iin"] = "900515300127"
    values = asylum.search_values(data)
    assert values.names == ["عبدالله رحیمی", "Abdullah Rahimi", "فاطمه رحیمی", "Fatima Rahimi", "احمد"]
    assert values.documents == ["900515300127", "P 01234567"]
    assert values.birth_dates == ["1991", "1994-03", "2019-07-01"]
    assert asylum.attachment_refs(data) == [COPY, SCAN_1, SCAN_2]
    assert asylum.summary_names(data) == ["عبدالله رحیمی", "Abdullah Rahimi"]


def test_fields_for_the_ui(asylum: Form) -> None:
    assert [field.type for field in asylum.fields] == ["section"] * 8
    relation = asylum.field("family_members[2].relation")
    assert relation is asylum.field("relation") and relation.path == "family_members.relation"
    assert relation.choices("kk")[0] == ("spouse", "Жұбайы")
    with pytest.raises(KeyError):
        asylum.field("documents.relation")
    scan = asylum.field("application_scan")
    assert scan.accept == ("image/jpeg", "image/png", "application/pdf") and scan.max_bytes == 26214400
    countries = dict(asylum.field("citizenships").choices("kk"))
    assert countries["KZ"] == "Қазақстан" and countries["AF"] == "Ауғанстан"
    names = [name for _, name in asylum.field("citizenships").choices("kk")]
    assert names.index("Әзірбайжан") < names.index("Бангладеш")  # Kazakh alphabet: Ә right after А
    languages = dict(asylum.field("languages_spoken").choices("ru"))
    assert languages["prs"] == "дари" and languages["ug"] == "уйгурский"
