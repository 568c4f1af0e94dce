"""``Form.state``: which fields are shown and required, and the answers without hidden ones.

The editor draws exactly what this says, and validation walks the same state,
so these tests also check that the two can never disagree.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from intake_app.forms import Form, FormRegistry, FormState
from intake_app.forms.conditions import is_answered
from tests.forms.formtest_helpers import SHIPPED_FORMS, TODAY
from tests.forms.test_forms_shipped import APPLICATION, VISIT

FIELDS = """
- id: amount
  type: decimal
  label: {kk: а, ru: а, en: a}
- id: origin
  type: country
  label: {kk: а, ru: а, en: a}
- id: age
  type: integer
  label: {kk: а, ru: а, en: a}
- id: when
  type: date
  label: {kk: а, ru: а, en: a}
- id: has_pet
  type: yes_no
  label: {kk: а, ru: а, en: a}
- id: pet_name
  type: text
  required: true
  relevant: "has_pet == true"
  label: {kk: а, ru: а, en: a}
- id: pet_vaccinated
  type: yes_no
  relevant: "answered(pet_name)"
  label: {kk: а, ru: а, en: a}
- id: big
  type: text
  relevant: "amount > 10.25"
  label: {kk: а, ru: а, en: a}
- id: local
  type: text
  relevant: "origin == 'KZ'"
  required: "age >= 18"
  label: {kk: а, ru: а, en: a}
- id: age_unknown
  type: text
  relevant: "age == null"
  label: {kk: а, ru: а, en: a}
- id: future_note
  type: text
  relevant: "when > today()"
  label: {kk: а, ru: а, en: a}
- id: details
  type: section
  relevant: "has_pet == true"
  label: {kk: а, ru: а, en: a}
  fields:
    - id: colour
      type: choice
      choices: colours
      required: true
      label: {kk: а, ru: а, en: a}
    - id: inner
      type: section
      label: {kk: а, ru: а, en: a}
      fields:
        - id: shade
          type: text
          relevant: "colour == 'blue'"
          label: {kk: а, ru: а, en: a}
- id: list_people
  type: yes_no
  label: {kk: а, ru: а, en: a}
- id: people
  type: group
  relevant: "list_people == true"
  label: {kk: а, ru: а, en: a}
  fields:
    - id: person
      type: text
      required: true
      label: {kk: а, ru: а, en: a}
    - id: person_colour
      type: choice
      choices: colours
      label: {kk: а, ru: а, en: a}
    - id: why_blue
      type: text
      relevant: "person_colour == 'blue' and origin == 'KZ'"
      required: "amount > 10"
      label: {kk: а, ru: а, en: a}
"""


@pytest.fixture(scope="module")
def registry() -> FormRegistry:
    return FormRegistry.from_dir(SHIPPED_FORMS)


@pytest.fixture
def sample(make_form: Callable[[str], Form]) -> Form:
    return make_form(FIELDS)


def shown(form: Form, data: dict[str, Any], *fields: str) -> list[bool]:
    state = form.state(data, today=TODAY)
    return [state.relevant(field) for field in fields]


# -- relevance and requirements ---------------------------------------------------------------

def test_relevant_and_required_follow_conditions_and_sections(sample: Form) -> None:
    hidden = sample.state({"has_pet": False, "pet_name": "Rex", "colour": "blue", "shade": "navy"}, today=TODAY)
    for field in ("pet_name", "details", "colour", "inner", "shade"):
        assert not hidden.relevant(field), field
    assert not hidden.required("pet_name")  # required: true, but not while hidden
    assert not hidden.required("colour")  # its section is hidden

    state = sample.state({"has_pet": True, "colour": "blue"}, today=TODAY)
    assert state.relevant("pet_name") and state.required("pet_name")
    assert state.relevant("colour") and state.required("colour")
    assert state.relevant("inner") and state.relevant("shade")
    assert not state.required("shade")
    assert shown(sample, {"has_pet": True, "colour": "red"}, "inner", "shade") == [True, False]


def test_fields_are_accepted_as_objects_or_ids(sample: Form) -> None:
    state = sample.state({"has_pet": True}, today=TODAY)
    assert state.relevant(sample.field("pet_name")) is state.relevant("pet_name") is True
    with pytest.raises(KeyError):
        state.relevant("no_such_field")
    with pytest.raises(KeyError):
        state.value("person")  # inside a group: only an entry sees it


def test_conditions_see_normalized_values(sample: Form) -> None:
    assert shown(sample, {"amount": "10,5"}, "big") == [True]  # a decimal, compared as a number
    assert sample.state({"amount": "10,5"}, today=TODAY).value("amount") == Decimal("10.5")
    assert shown(sample, {"amount": 11}, "big") == [True]
    assert shown(sample, {"amount": "10.25"}, "big") == [False]
    assert shown(sample, {"origin": "kz"}, "local") == [True]  # seen as "KZ"
    assert sample.state({"origin": " kz "}, today=TODAY).value("origin") == "KZ"


def test_invalid_unanswered_and_hidden_answers_are_null(sample: Form) -> None:
    assert shown(sample, {"amount": "1e3"}, "big") == [False]  # invalid: null, and null > x is false
    assert shown(sample, {"origin": "xx"}, "local") == [False]
    assert shown(sample, {"age": "20"}, "age_unknown") == [True]  # "20" is not an integer
    assert shown(sample, {"age": 20}, "age_unknown") == [False]
    assert shown(sample, {"has_pet": True, "pet_name": "   "}, "pet_vaccinated") == [False]  # blank
    assert shown(sample, {"has_pet": True, "pet_name": "Rex"}, "pet_vaccinated") == [True]
    hidden = sample.state({"has_pet": False, "pet_name": "Rex"}, today=TODAY)
    assert hidden.value("pet_name") is None  # the answer is there, but hidden
    assert not hidden.relevant("pet_vaccinated")


def test_required_conditions(sample: Form) -> None:
    adult = sample.state({"origin": "KZ", "age": 18}, today=TODAY)
    assert adult.required("local")
    assert not sample.state({"origin": "KZ", "age": 17}, today=TODAY).required("local")
    assert not sample.state({"origin": "KZ", "age": "18"}, today=TODAY).required("local")  # invalid age
    assert not sample.state({"origin": "UZ", "age": 30}, today=TODAY).required("local")  # hidden


def test_today_is_the_given_date(sample: Form) -> None:
    data = {"when": "2026-12-01"}
    assert shown(sample, data, "future_note") == [True]
    assert not sample.state(data, today=date(2026, 12, 2)).relevant("future_note")


# -- repeat groups ----------------------------------------------------------------------------

PEOPLE: dict[str, Any] = {
    "list_people": True, "origin": "kz", "amount": "11",
    "people": [{"person": "A", "person_colour": "blue"}, {"person": "B", "person_colour": "red"}, "junk"],
}


def test_an_entry_sees_its_own_answers_and_the_enclosing_level(sample: Form) -> None:
    state = sample.state(PEOPLE, today=TODAY)
    first, second, junk = state.entries("people")
    assert first is state.entry("people", 0)
    assert first.relevant("why_blue") and first.required("why_blue")
    assert not second.relevant("why_blue") and not second.required("why_blue")
    assert first.value("person_colour") == "blue" and second.value("person_colour") == "red"
    assert first.value("origin") == "KZ" and first.relevant("origin")  # an enclosing level's field
    assert junk.required("person") and junk.value("person") is None  # not a set of answers: empty
    assert state.entry("people", 7).data == {} and state.entry("people", -1).data == {}
    cheap = sample.state(dict(PEOPLE, amount="9"), today=TODAY).entry("people", 0)
    assert cheap.relevant("why_blue") and not cheap.required("why_blue")


def test_entries_of_a_hidden_group_are_hidden(sample: Form) -> None:
    entry = sample.state(dict(PEOPLE, list_people=False), today=TODAY).entry("people", 0)
    assert not entry.relevant("person") and not entry.required("person")
    assert not entry.relevant("why_blue")


def test_entry_needs_a_group_of_this_level(sample: Form) -> None:
    state = sample.state(PEOPLE, today=TODAY)
    with pytest.raises(KeyError):
        state.entry("pet_name", 0)
    with pytest.raises(KeyError):
        state.entry("person", 0)
    assert sample.state({}, today=TODAY).entries("people") == []


# -- pruning ---------------------------------------------------------------------------------

def test_pruned_drops_hidden_answers_everywhere_and_keeps_the_rest_as_given(sample: Form) -> None:
    data = {
        "has_pet": False, "pet_name": "Rex", "colour": "blue", "shade": "navy", "origin": "kz", "details": {},
        "unknown": 1, "list_people": True,
        "people": [{"person": " A ", "person_colour": "red", "why_blue": "stale"}, "junk",
                   {"person": "B", "person_colour": "blue", "why_blue": "sky"}],
    }
    before = copy.deepcopy(data)
    assert sample.state(data, today=TODAY).pruned() == {
        "has_pet": False, "origin": "kz", "list_people": True,
        "people": [{"person": " A ", "person_colour": "red"}, "junk",
                   {"person": "B", "person_colour": "blue", "why_blue": "sky"}],
    }
    assert data == before
    assert "people" not in sample.state(dict(data, list_people=False), today=TODAY).pruned()
    assert sample.state(data, today=TODAY).entry("people", 0).pruned() == {"person": " A ", "person_colour": "red"}


# -- agreement with validation ----------------------------------------------------------------

def _required_unanswered(state: FormState, prefix: str = "") -> Iterator[str]:
    """Paths the state calls required but that have no answer (repeat groups: no entries)."""
    for field in state.level.data_fields:
        path = f"{prefix}{field.id}"
        raw = state.data.get(field.id)
        if state.required(field) and (raw in (None, []) if field.type == "group" else not is_answered(raw)):
            yield path
        if field.type == "group" and state.relevant(field) and isinstance(raw, list):
            for index, item in enumerate(raw):
                if isinstance(item, dict):
                    yield from _required_unanswered(state.entry(field, index), f"{path}[{index}].")


def _shown_answers(state: FormState, prefix: str = "") -> Iterator[str]:
    for field in state.level.data_fields:
        if state.relevant(field) and field.id in state.data:
            yield f"{prefix}{field.id}"


def _agrees(form: Form, data: dict[str, Any]) -> None:
    state = form.state(data, today=TODAY)
    result = form.validate(data, today=TODAY)
    required = {issue.path for issue in result.issues if issue.code == "required"}
    assert required == set(_required_unanswered(state))
    assert set(result.normalized) <= set(_shown_answers(state))
    again = form.validate(state.pruned(), today=TODAY)
    assert again.normalized == result.normalized
    assert "unknown_field" not in again.codes().values()


def _variants(base: dict[str, Any], **changes: Any) -> Iterator[dict[str, Any]]:
    yield base
    for key, value in changes.items():
        yield dict(base, **{key: value})


def test_state_agrees_with_validation_on_a_small_form(sample: Form) -> None:
    base = dict(PEOPLE, has_pet=True, pet_name="Rex", colour="blue", shade="navy", age=30, when="2027-01-01",
                future_note="x", local="y", big="z", people=[*PEOPLE["people"], {}])
    for data in _variants(base, has_pet=False, list_people=False, origin="xx", age="30", amount="9",
                          colour="red", people=[]):
        _agrees(sample, data)


def test_state_agrees_with_validation_on_the_shipped_forms(registry: FormRegistry) -> None:
    asylum, visit = registry.get("asylum_application"), registry.get("detention_visit")
    for data in _variants(APPLICATION, interpreter_needed=False, interpreter_present=False, stateless=True,
                          no_documents=True, grounds=["other"], informed_of_rights=False, lawyer_requested=True,
                          referral_body="other", documents=[{}], family_members=[{}, {"relation": "child"}]):
        _agrees(asylum, data)
    calm = dict(VISIT["interviews"][0], removal_scheduled=False, wishes_asylum=False)
    for data in _variants(VISIT, facility_region="other", interviews=[*VISIT["interviews"], calm, {}],
                          monitors=[{}]):
        _agrees(visit, data)


# -- the shipped forms -------------------------------------------------------------------------

def test_asylum_application(registry: FormRegistry) -> None:
    asylum = registry.get("asylum_application")
    state = asylum.state(APPLICATION, today=TODAY)
    assert state.relevant("interpreter_language") and state.required("interpreter_language")
    assert not state.relevant("grounds_other") and not state.relevant("referral_body_other")
    assert state.entry("family_members", 1).required("relation")
    assert state.pruned() == APPLICATION  # nothing hidden is answered

    no_interpreter = asylum.state(dict(APPLICATION, interpreter_needed=False), today=TODAY)
    assert not no_interpreter.relevant("interpreter_present")
    assert not no_interpreter.relevant("interpreter_language")  # its condition's field is hidden
    pruned = no_interpreter.pruned()
    assert "interpreter_present" not in pruned and "interpreter_language" not in pruned

    no_documents = asylum.state(dict(APPLICATION, no_documents=True, stateless=True), today=TODAY)
    assert not no_documents.relevant("documents")
    assert not no_documents.entry("documents", 0).relevant("document")
    assert "documents" not in no_documents.pruned() and "citizenships" not in no_documents.pruned()
    assert asylum.state(dict(APPLICATION, referral_body="other"), today=TODAY).required("referral_body_other")


def test_detention_visit_entries(registry: FormRegistry) -> None:
    visit = registry.get("detention_visit")
    calm = dict(VISIT["interviews"][0], interviewee="K-08", removal_scheduled=False, wishes_asylum=False)
    state = visit.state(dict(VISIT, interviews=[*VISIT["interviews"], calm]), today=TODAY)
    first, second = state.entries("interviews")
    assert first.relevant("removal_date") and first.relevant("asylum_receipt")
    assert not second.relevant("removal_date") and not second.relevant("asylum_receipt")
    assert second.required("urgency") and not second.required("removal_date")
    kept = state.pruned()["interviews"][1]
    assert "removal_date" not in kept and "asylum_receipt" not in kept and kept["interviewee"] == "K-08"
    assert not state.relevant("facility_region_other")
    assert visit.state(dict(VISIT, facility_region="other"), today=TODAY).required("facility_region_other")
