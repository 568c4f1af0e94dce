"""``prefill:`` and ``suggest_latin_from:``: what a new record starts with, and the Latin spelling offered.

The engine alone (no Qt, no store): the shipped forms prefilled for an officer
and for a monitor, the device's zone deciding the date and time whatever the
laptop's own zone, changed answers found by path, and every mistake a form
author can make with the two keys reported with its line.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from intake_app.clock import time_zone
from intake_app.forms import load_form_file, load_form_source
from intake_app.forms.latin import latin_suggestion, suggest_latin
from intake_app.forms.prefill import (PREFILL_SOURCES, PrefillContext, changed_fields, changed_paths, fill_missing,
                                      initial_values)
from tests.forms.formtest_helpers import REPO, SHIPPED_FORMS, TODAY, errors_of, form_text, line_of

L = "label: {kk: а, ru: а, en: a}"
ALMATY = time_zone("Asia/Almaty")
#: 21:57 UTC on 23 November is 02:57 on the 24th in Almaty (+05:00).
LATE_EVENING_UTC = datetime(2026, 11, 23, 21, 57, 41, tzinfo=UTC)


def asylum():
    return load_form_file(SHIPPED_FORMS / "asylum_application" / "form.yaml")


def visit():
    return load_form_file(SHIPPED_FORMS / "detention_visit" / "form.yaml")


def officer_context(**changes) -> PrefillContext:
    values = {"now": LATE_EVENING_UTC.astimezone(ALMATY), "display_name": "Серік Ахметов",
              "service_number": "KZ-417", "location_code": "KZ-ZHT-KHORGOS", **changes}
    return PrefillContext(**values)


# -- the shipped forms --------------------------------------------------------------------------------


def test_an_application_starts_with_the_officer_the_post_and_the_time_in_the_device_zone():
    start = initial_values(asylum(), officer_context())
    assert start.data == {"officer_name": "Серік Ахметов", "officer_id": "KZ-417", "place_name": "KZ-ZHT-KHORGOS",
                          "application_datetime": "2026-11-24T02:57:00+05:00"}
    assert start.values == start.data  # all at the top level
    assert start.sources == {"place_name": "device.location", "application_datetime": "now",
                             "officer_name": "user.display_name", "officer_id": "user.service_number"}
    assert "place_type" not in start.data  # a location code does not say what kind of place it is


def test_the_prefilled_time_is_valid_at_once_even_just_after_midnight_in_almaty():
    form, context = asylum(), officer_context()
    result = form.validate(initial_values(form, context).data, today=context.today)
    assert not [issue for issue in result.issues if issue.path == "application_datetime"]
    assert context.today.isoformat() == "2026-11-24"  # the device's day, not UTC's 23rd


@pytest.mark.parametrize("zone,expected", [
    ("Asia/Almaty", "2026-11-24T02:57:00+05:00"),
    ("UTC", "2026-11-23T21:57:00+00:00"),
    ("America/New_York", "2026-11-23T16:57:00-05:00"),
    ("Asia/Tokyo", "2026-11-24T06:57:00+09:00"),
])
def test_now_is_the_clock_in_the_given_zone_to_the_minute_with_its_offset(zone, expected):
    context = officer_context(now=LATE_EVENING_UTC.astimezone(time_zone(zone)))
    assert initial_values(asylum(), context).data["application_datetime"] == expected


def test_an_account_without_service_number_or_name_prefills_nothing_for_them():
    start = initial_values(asylum(), officer_context(display_name="  ", service_number=""))
    assert "officer_name" not in start.data and "officer_id" not in start.data
    assert set(start.data) == {"place_name", "application_datetime"}


def test_a_visit_report_starts_with_the_monitor_as_the_first_monitor_and_nothing_of_the_officer_form():
    start = initial_values(visit(), officer_context(display_name="Dana Monitor"))
    assert start.data == {"monitors": [{"monitor_name": "Dana Monitor"}]}
    assert start.values == {"monitors[0].monitor_name": "Dana Monitor"}
    assert "visit_date" not in start.data  # a visit may be written up days later: no guessed date


def test_an_over_long_account_name_is_not_prefilled_rather_than_making_the_field_invalid():
    start = initial_values(asylum(), officer_context(display_name="x" * 201))
    assert "officer_name" not in start.data


def test_changed_answers_are_found_by_path_and_named_by_field_id():
    form = asylum()
    start = initial_values(form, officer_context())
    data = dict(start.data, officer_name="Айгерім Сейітова ", place_name="KZ-ZHT-KHORGOS")
    del data["officer_id"]
    assert changed_paths(form, start.values, data) == ["officer_name", "officer_id"]
    unchanged = dict(start.data, officer_name="Серік  Ахметов ")  # the same name as the engine stores it
    assert changed_fields(form, start.values, unchanged) == []
    monitor = initial_values(visit(), officer_context(display_name="Dana Monitor"))
    report = {"monitors": [{"monitor_name": "Aigerim S."}, {"monitor_name": "Dana Monitor"}]}
    assert changed_fields(visit(), monitor.values, report) == ["monitor_name"]


def test_fill_missing_fills_only_what_the_json_leaves_out():
    form = asylum()
    start = initial_values(form, officer_context())
    data, filled = fill_missing(form, start, {"officer_name": "Another Officer", "place_name": "Khorgos"},
                                today=TODAY)
    assert data == {"officer_name": "Another Officer", "place_name": "Khorgos", "officer_id": "KZ-417",
                    "application_datetime": "2026-11-24T02:57:00+05:00"}
    assert filled == {"officer_id": "KZ-417", "application_datetime": "2026-11-24T02:57:00+05:00"}
    monitor = initial_values(visit(), officer_context(display_name="Dana Monitor"))
    given = {"monitors": [{"monitor_name": "Aigerim S."}]}  # the JSON says who was there
    assert fill_missing(visit(), monitor, given, today=TODAY) == (given, {})


def test_the_schema_offers_exactly_the_engine_vocabulary():
    schema = json.loads((REPO / "intake_app" / "forms" / "form.schema.json").read_text(encoding="utf-8"))
    assert schema["$defs"]["field"]["properties"]["prefill"]["enum"] == list(PREFILL_SOURCES)


# -- Latin suggestions ------------------------------------------------------------------------------


def test_the_shipped_application_pairs_each_latin_name_with_the_name_as_written():
    form = asylum()
    assert form.field("name_latin").suggest_latin_from == "name_original"
    assert form.field("member_name_latin").suggest_latin_from == "member_name_original"


def test_a_name_in_another_script_is_suggested_in_icao_latin_and_latin_is_not_suggested_again():
    assert suggest_latin("Абдуллаев  Рустам") == "Abdullaev Rustam"
    assert suggest_latin("ЩУКИН Ёрмат") == "SHCHUKIN Ermat"
    assert suggest_latin("Abdullaev Rustam") is None  # already in Latin letters: nothing to accept
    assert suggest_latin("   ") is None


def test_the_suggestion_is_offered_only_while_the_latin_field_is_empty_in_the_same_entry():
    form = asylum()
    state = form.state({"name_original": "Абдуллаев Рустам",
                        "family_members": [{"member_name_original": "Абдуллаева Зарина"},
                                           {"member_name_original": "Тимур", "member_name_latin": "Timur A."}]},
                       today=TODAY)
    assert latin_suggestion(state, form.field("name_latin")) == "Abdullaev Rustam"
    first, second = state.entries("family_members")
    assert latin_suggestion(first, form.field("member_name_latin")) == "Abdullaeva Zarina"
    assert latin_suggestion(second, form.field("member_name_latin")) is None  # never replaces what was typed
    typed = form.state({"name_original": "Абдуллаев Рустам", "name_latin": "Abdullayev"}, today=TODAY)
    assert latin_suggestion(typed, form.field("name_latin")) is None
    assert latin_suggestion(state, form.field("sex")) is None  # a field without the pairing


# -- what a form author can get wrong -----------------------------------------------------------------


def _load(fields: str):
    return load_form_source(form_text(fields), "forms/sample/form.yaml")


def test_prefill_and_suggestion_load_on_fitting_fields():
    form = _load(f"""
        - id: who
          type: text
          prefill: user.display_name
          {L}
        - id: when
          type: datetime
          prefill: now
          {L}
        - id: day
          type: date
          prefill: today
          {L}
        - id: team
          type: group
          min_count: 1
          {L}
          fields:
            - id: member_original
              type: text
              {L}
            - id: member_latin
              type: text
              suggest_latin_from: member_original
              prefill: user.display_name
              {L}
    """)
    context = officer_context()
    assert initial_values(form, context).data == {
        "who": "Серік Ахметов", "when": "2026-11-24T02:57:00+05:00", "day": "2026-11-24",
        "team": [{"member_latin": "Серік Ахметов"}]}


@pytest.mark.parametrize("fields,needle,message", [
    (f"- id: a\n  type: date\n  prefill: now\n  {L}", "prefill", "'prefill: now' does not apply to type 'date' "
                                                                  "(use one of: today)"),
    (f"- id: a\n  type: text\n  prefill: today\n  {L}", "prefill", "'prefill: today' does not apply to type 'text'"),
    (f"- id: a\n  type: integer\n  prefill: now\n  {L}", "prefill", "'prefill' does not apply to type 'integer'"),
    (f"- id: g\n  type: group\n  {L}\n  fields:\n    - id: a\n      type: text\n      prefill: user.display_name\n"
     f"      {L}", "prefill", "'prefill' inside repeat group 'g' needs 'min_count: 1'"),
    (f"- id: a\n  type: text\n  suggest_latin_from: nope\n  {L}", "suggest_latin_from",
     "'suggest_latin_from' refers to unknown field 'nope'"),
    (f"- id: a\n  type: text\n  suggest_latin_from: a\n  {L}", "suggest_latin_from", "not the field itself"),
    (f"- id: b\n  type: yes_no\n  {L}\n- id: a\n  type: text\n  suggest_latin_from: b\n  {L}", "suggest_latin_from",
     "which is of type 'yes_no'"),
    (f"- id: b\n  type: text\n  {L}\n- id: g\n  type: group\n  {L}\n  fields:\n    - id: a\n      type: text\n"
     f"      suggest_latin_from: b\n      {L}", "suggest_latin_from", "not beside this field"),
])
def test_misplaced_prefill_or_suggestion_is_reported_with_its_line(fields, needle, message):
    text = form_text(fields)
    errors = errors_of(text)
    assert any(message in error.message for error in errors), [str(error) for error in errors]
    assert [error.line for error in errors if message in error.message] == [line_of(text, needle + ":")]


def test_an_unknown_prefill_source_is_refused_by_the_schema():
    errors = errors_of(form_text(f"- id: a\n  type: text\n  prefill: user.password\n  {L}"))
    assert any("user.password" in error.message for error in errors), [str(error) for error in errors]
