"""``changes``: what a correction changes, field by field, as a reader of the interface language reads it."""

from __future__ import annotations

import copy

import pytest

from intake_app.forms import Form, load_form_file, load_form_source
from intake_app.forms.changes import ADDED, CHANGED, REMOVED, Change, changes
from tests.forms.formtest_helpers import SHIPPED_FORMS, form_text
from tests.records.sample import application

NESTED = """\
- id: person
  type: section
  label: {kk: Адам, ru: Человек, en: Person}
  fields:
    - id: name
      type: text
      label: {kk: Аты, ru: Имя, en: Name}
    - id: colour
      type: choice
      choices: colours
      label: {kk: Түсі, ru: Цвет, en: Colour}
    - id: colours
      type: multi_choice
      choices: colours
      label: {kk: Түстер, ru: Цвета, en: Colours}
    - id: visits
      type: group
      label: {kk: Сапарлар, ru: Поездки, en: Visits}
      fields:
        - id: town
          type: text
          label: {kk: Қала, ru: Город, en: Town}
        - id: details
          type: section
          label: {kk: Толығырақ, ru: Подробности, en: Details}
          fields:
            - id: companions
              type: group
              label: {kk: Серіктер, ru: Спутники, en: Companions}
              fields:
                - id: companion
                  type: text
                  label: {kk: Серік, ru: Спутник, en: Companion}
                - id: companion_colour
                  type: choice
                  choices: colours
                  label: {kk: Түсі, ru: Цвет, en: Colour}
"""


@pytest.fixture(scope="module")
def nested() -> Form:
    return load_form_source(form_text(NESTED), "sample/form.yaml")


@pytest.fixture(scope="module")
def asylum() -> Form:
    return load_form_file(SHIPPED_FORMS / "asylum_application" / "form.yaml")


def _rows(found: list[Change]) -> list[tuple[str, str, str, str, str]]:
    return [(change.kind, change.path, change.label, change.before_text, change.after_text) for change in found]


def test_nothing_changed_gives_no_changes(asylum: Form) -> None:
    data = application(family=[("Абдуллаева Мадина", "Abdullaeva Madina")])
    assert changes(asylum, data, copy.deepcopy(data), "en") == []


def test_a_changed_choice_reads_as_its_labels_in_the_interface_language(nested: Form) -> None:
    before, after = {"name": "Aru", "colour": "red"}, {"name": "Aru", "colour": "blue"}
    assert _rows(changes(nested, before, after, "en")) == [(CHANGED, "colour", "Colour", "Red", "Blue")]
    assert _rows(changes(nested, before, after, "kk")) == [(CHANGED, "colour", "Түсі", "Қызыл", "Көк")]
    change = changes(nested, before, after, "ru")[0]
    assert change.place == ("Человек",)  # the section it sits in
    assert (change.before.value, change.after.value) == ("red", "blue")  # the stored values, for formatting


def test_unanswered_to_answered_is_an_addition_and_the_reverse_a_removal(nested: Form) -> None:
    found = changes(nested, {"name": "Aru", "colours": []}, {"colours": ["red", "green"]}, "en")
    assert _rows(found) == [(REMOVED, "name", "Name", "Aru", ""), (ADDED, "colours", "Colours", "", "Red, Green")]
    assert found[0].after is None and found[1].before is None


def test_a_new_entry_of_a_repeat_group_is_added_with_its_answers(nested: Form) -> None:
    before = {"visits": [{"town": "Almaty"}]}
    after = {"visits": [{"town": "Almaty"}, {"town": "Taraz", "companions": [{"companion": "Dana"}]}]}
    found = changes(nested, before, after, "en")
    assert _rows(found) == [(ADDED, "visits[1]", "Visits 2", "", ""),
                            (ADDED, "visits[1].town", "Town", "", "Taraz"),
                            (ADDED, "visits[1].companions[0]", "Companions 1", "", ""),
                            (ADDED, "visits[1].companions[0].companion", "Companion", "", "Dana")]
    assert found[0].is_entry and not found[1].is_entry
    assert found[3].place == ("Person", "Visits 2", "Details", "Companions 1")


def test_removing_a_middle_entry_removes_that_entry_only(asylum: Form) -> None:
    family = [("Абдуллаева Мадина", "Abdullaeva Madina"), ("Абдуллаев Тимур", "Abdullaev Timur"),
              ("Абдуллаева Зарина", "Abdullaeva Zarina")]
    before = application(family=family)
    after = copy.deepcopy(before)
    del after["family_members"][1]
    found = changes(asylum, before, after, "en")
    assert found[0].kind == REMOVED and found[0].path == "family_members[1]" and found[0].is_entry
    assert found[0].label == "Family members 2"
    assert {change.kind for change in found} == {REMOVED}
    assert ("family_members[1].member_name_latin", "Abdullaev Timur") in [
        (change.path, change.before_text) for change in found]
    assert "Abdullaeva Zarina" not in [change.before_text for change in found]  # the third stayed as it was


def test_a_change_deep_in_nested_groups_names_its_place(nested: Form) -> None:
    before = {"visits": [{"town": "Almaty", "companions": [{"companion": "Dana", "companion_colour": "red"}]}]}
    after = copy.deepcopy(before)
    after["visits"][0]["companions"][0]["companion_colour"] = "green"
    found = changes(nested, before, after, "kk")
    assert _rows(found) == [(CHANGED, "visits[0].companions[0].companion_colour", "Түсі", "Қызыл", "Жасыл")]
    assert found[0].place == ("Адам", "Сапарлар 1", "Толығырақ", "Серіктер 1")


def test_countries_languages_documents_and_yes_no_read_as_words(asylum: Form) -> None:
    before = application()
    after = copy.deepcopy(before)
    after["citizenships"] = ["UZ", "TJ"]
    after["languages_spoken"] = ["uz"]
    after["voluntary"] = False
    after["documents"][0]["document"]["number"] = "N7654321"
    rows = {change.path: (change.kind, change.before_text, change.after_text)
            for change in changes(asylum, before, after, "en")}
    assert rows == {
        "citizenships": (CHANGED, "Uzbekistan", "Uzbekistan, Tajikistan"),
        "languages_spoken": (CHANGED, "Uzbek, Russian", "Uzbek"),
        "documents[0].document": (CHANGED, "Passport, N1234567, Uzbekistan", "Passport, N7654321, Uzbekistan"),
        "voluntary": (CHANGED, "Yes", "No"),
    }
    kk = {change.path: change.after_text for change in changes(asylum, before, after, "kk")}
    assert kk["voluntary"] == "Жоқ" and kk["citizenships"] == "Өзбекстан, Тәжікстан"


def test_attachments_are_named_by_the_callers_namer(asylum: Form) -> None:
    old, new = "sha256:" + "a" * 64, "sha256:" + "b" * 64
    before, after = application(), application()
    before["application_scan"], after["application_scan"] = [old], [old, new]
    names = {old: "first.png (2 KiB)", new: "second.pdf (1.2 MiB)"}
    found = changes(asylum, before, after, "en", attachments=names.__getitem__)
    assert [(change.kind, change.path, change.before_text, change.after_text) for change in found] == [
        (CHANGED, "application_scan", "first.png (2 KiB)", "first.png (2 KiB), second.pdf (1.2 MiB)")]
    assert "sha256" not in changes(asylum, before, after, "en", attachments=names.__getitem__)[0].after_text


def test_fields_the_form_no_longer_has_are_left_out(nested: Form) -> None:
    assert changes(nested, {"name": "Aru", "retired_field": "x"}, {"name": "Aru"}, "en") == []
