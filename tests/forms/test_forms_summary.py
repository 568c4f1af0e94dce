"""``summary: date`` / ``summary: place``: forms say which fields the records list shows."""

from __future__ import annotations

import pytest

from intake_app.forms import load_form_file, load_form_source
from tests.forms.formtest_helpers import SAMPLE_FILE, errors_of, only_error, SHIPPED_FORMS, form_text, line_of

L = "label: {kk: а, ru: а, en: a}"


def test_shipped_forms_mark_the_date_and_place_of_the_event() -> None:
    asylum = load_form_file(SHIPPED_FORMS / "asylum_application" / "form.yaml")
    visit = load_form_file(SHIPPED_FORMS / "detention_visit" / "form.yaml")
    assert asylum.summary_field("date").id == "application_datetime"  # type: ignore[union-attr]
    assert asylum.summary_field("place").id == "place_name"  # type: ignore[union-attr]
    assert visit.summary_field("date").id == "visit_date"  # type: ignore[union-attr]
    assert visit.summary_field("place").id == "facility_name"  # type: ignore[union-attr]
    # Every change to a form file carries a new version number (the markers, the sync block, then prefill).
    assert (asylum.version, visit.version) == (5, 4)


def test_marked_fields_may_sit_in_sections_and_be_date_time_partial_date_or_choice() -> None:
    form = load_form_source(form_text(f"""
        - id: event
          type: section
          {L}
          fields:
            - id: when
              type: date
              partial: true
              summary: date
              {L}
            - id: region
              type: choice
              choices: colours
              summary: place
              {L}
        - id: other_date
          type: date
          {L}
    """), SAMPLE_FILE)
    assert form.field("when").summary == "date" and form.field("region").summary == "place"
    assert form.summary_field("date") is form.field("when")
    assert form.summary_field("place") is form.field("region")
    assert form.field("other_date").summary is None
    moment = load_form_source(form_text(f"- id: at\n  type: datetime\n  summary: date\n  {L}"), SAMPLE_FILE)
    assert moment.summary_field("date") is moment.field("at") and moment.summary_field("place") is None


def test_a_form_without_markers_has_no_summary_fields() -> None:
    form = load_form_source(form_text(f"- id: at\n  type: date\n  {L}\n- id: where\n  type: text\n  {L}"), SAMPLE_FILE)
    assert form.summary_field("date") is None and form.summary_field("place") is None


def test_at_most_one_field_of_each_kind() -> None:
    text = form_text(f"""
        - id: first
          type: date
          summary: date
          {L}
        - id: second
          type: datetime
          summary: date  # second
          {L}
        - id: place_a
          type: text
          summary: place
          {L}
    """)
    error = only_error(text)
    assert error.file == SAMPLE_FILE and error.line == line_of(text, "summary: date  # second")
    assert error.field == "second"
    assert error.message == (f"'summary: date' is already given to field 'first' "
                             f"(line {line_of(text, 'summary: date')}); a form marks at most one")
    assert str(error).startswith(f"{SAMPLE_FILE}:{error.line}: field 'second': ")


def test_not_inside_a_repeat_group() -> None:
    text = form_text(f"""
        - id: visits
          type: group
          {L}
          fields:
            - id: visit_place
              type: text
              summary: place
              {L}
    """)
    error = only_error(text)
    assert error.line == line_of(text, "summary: place") and error.field == "visits.visit_place"
    assert "inside repeat group 'visits'" in error.message and "top-level" in error.message


@pytest.mark.parametrize("kind, field_type, extra", [
    ("date", "text", ""), ("date", "long_text", ""), ("date", "integer", ""), ("date", "choice", "choices: colours"),
    ("place", "date", ""), ("place", "long_text", ""), ("place", "country", ""), ("place", "multi_choice",
                                                                                   "choices: colours"),
])
def test_only_on_fields_of_a_fitting_type(kind: str, field_type: str, extra: str) -> None:
    options = f"\n  {extra}" if extra else ""
    text = form_text(f"- id: value\n  type: {field_type}\n  summary: {kind}\n  {L}{options}")
    error = only_error(text)
    assert error.line == line_of(text, "summary:") and error.field == "value"
    assert error.message.startswith(f"'summary: {kind}' does not apply to type '{field_type}'")


def test_not_on_a_section_and_only_known_kinds() -> None:
    text = form_text(f"""
        - id: part
          type: section
          summary: place
          {L}
          fields:
            - id: name
              type: text
              summary: name
              {L}
    """)
    messages = {error.line: error.message for error in errors_of(text)}
    assert messages[line_of(text, "summary: place")] == "'summary' does not apply to type 'section'"
    assert "'summary': 'name' is not one of ['date', 'place']" in messages[line_of(text, "summary: name")]
