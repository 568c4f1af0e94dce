"""The condition language: syntax, safety and semantics (null, in, count, scope)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from intake_app.forms import ConditionSyntaxError, parse_condition
from tests.forms.formtest_helpers import TODAY


def evaluate(source: str, self_value: Any = None, **values: Any) -> bool:
    return parse_condition(source).evaluate(values.get, self_value, "2026-11-23")


@pytest.mark.parametrize("source", [
    "a ==", "a = 1", "a === 1", "(a == 1", "a == 1)", "and", "'unterminated", "a in", "not", "a b",
    "__import__('os').system('true')", "a.b == 1", "a + 1 > 2", "count()", "count(a, b)", "today(1)",
    "eval('1')", "lower(a) == 'x'",
])
def test_bad_conditions_do_not_parse(source: str) -> None:
    with pytest.raises(ConditionSyntaxError):
        parse_condition(source)


def test_syntax_error_says_where() -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition("stateless == true && x")
    assert "column 19" in str(caught.value)


def test_refs_are_collected_and_keywords_are_not_fields() -> None:
    condition = parse_condition("not notes_given and (x in ['a', \"b\"] or count(items) >= 2) and . != null")
    assert condition.refs == {"notes_given", "x", "items"}
    assert condition.uses_self


@pytest.mark.parametrize("source, values, expected", [
    ("x == 'a'", {"x": "a"}, True),
    ("x != 'a'", {"x": "b"}, True),
    ("x == 2", {"x": 2}, True),
    ("x == 2.0", {"x": Decimal("2")}, True),
    ("x > 1.5", {"x": Decimal("1.75")}, True),
    ("x < 10", {"x": 9}, True),
    ("x == true", {"x": True}, True),
    ("x == 1", {"x": True}, False),  # booleans are not numbers
    ("x == '1'", {"x": 1}, False),  # no coercion between text and numbers
    ("x < 'b'", {"x": 1}, False),  # mixed types never order
    # null: every comparison is false, except == null / != null
    ("x == 'a'", {}, False),
    ("x != 'a'", {}, False),
    ("x > 0", {}, False),
    ("x <= 0", {}, False),
    ("x == null", {}, True),
    ("x != null", {}, False),
    ("x != null", {"x": "a"}, True),
    ("x == y", {}, False),
    ("not (x > 0)", {}, True),
    ("x in ['a', 'b']", {}, False),
    ("x not in ['a', 'b']", {}, False),
    ("'a' in x", {}, False),
    # in
    ("'religion' in grounds", {"grounds": ["race", "religion"]}, True),
    ("'religion' in grounds", {"grounds": ["race"]}, False),
    ("'religion' not in grounds", {"grounds": ["race"]}, True),
    ("x in ['high', 'immediate_risk']", {"x": "high"}, True),
    ("x in [1, 2]", {"x": 2}, True),
    ("'Abd' in name", {"name": "Abdullaev"}, True),
    # functions
    ("count(items) == 0", {}, True),
    ("count(items) == 0", {"items": []}, True),
    ("count(items) == 2", {"items": [{}, {}]}, True),
    ("count(x) == 1", {"x": "single"}, True),
    ("len(name) == 3", {"name": "Ali"}, True),
    ("len(name) == 0", {}, True),
    ("answered(x)", {"x": "  "}, False),
    ("answered(x)", {"x": False}, True),
    ("answered(x)", {"x": []}, False),
    ("year(x) == 1991", {"x": "1991-07"}, True),
    ("year(x) == null", {}, True),
    ("today() == '2026-11-23'", {}, True),
    ("date(x) == '2026-11-23'", {"x": "2026-11-23T23:30:00+05:00"}, True),
    # dates compare as ISO text; date-times as instants, whatever their offsets
    ("x < '2026-01-01'", {"x": "2025-12-31"}, True),
    ("x <= today()", {"x": "2026"}, True),
    ("x <= today()", {"x": "2027"}, False),
    ("x == y", {"x": "2026-11-23T14:05:00+05:00", "y": "2026-11-23T09:05:00+00:00"}, True),
    ("x < y", {"x": "2026-11-23T14:05:00+05:00", "y": "2026-11-23T10:00:00+00:00"}, True),
    # boolean logic: only true is true
    ("x", {"x": True}, True),
    ("x", {"x": "yes"}, False),
    ("x or y", {"y": True}, True),
    ("x and y", {"x": True}, False),
    ("not x", {}, True),
    ("not x and not y or z", {"x": True, "z": True}, True),
])
def test_semantics(source: str, values: dict[str, Any], expected: bool) -> None:
    assert evaluate(source, **values) is expected


def test_dot_is_the_constrained_value() -> None:
    assert evaluate(". or count(citizenships) > 0", True)
    assert not evaluate(". or count(citizenships) > 0", False)
    assert evaluate(". or count(citizenships) > 0", False, citizenships=["AF"])


def test_conditions_never_run_code(make_form: Any) -> None:
    # a field named like a builtin is just a field; there is nothing to call
    form = make_form("""
        - id: open
          type: text
          label: {kk: а, ru: а, en: a}
        - id: shown
          type: text
          relevant: "open == 'x'"
          label: {kk: б, ru: б, en: b}
    """)
    assert form.validate({"open": "x", "shown": "y"}, today=TODAY).normalized == {"open": "x", "shown": "y"}


GROUP_FORM = """
- id: applicant_stateless
  type: yes_no
  label: {kk: а, ru: а, en: a}
- id: members
  type: group
  label: {kk: б, ru: б, en: b}
  fields:
    - id: relation
      type: choice
      choices: colours
      label: {kk: в, ru: в, en: c}
    - id: detail
      type: text
      relevant: "relation == 'red' and applicant_stateless == true"
      label: {kk: г, ru: г, en: d}
    - id: children
      type: group
      label: {kk: д, ru: д, en: e}
      fields:
        - id: note
          type: text
          required: "relation == 'green'"
          label: {kk: е, ru: е, en: f}
- id: summary
  type: text
  relevant: "count(members) > 1"
  label: {kk: ж, ru: ж, en: g}
"""


def test_lexical_scope_inside_groups(make_form: Any) -> None:
    form = make_form(GROUP_FORM)
    data = {
        "applicant_stateless": True,
        "members": [
            {"relation": "red", "detail": "kept"},
            {"relation": "blue", "detail": "dropped"},
            {"relation": "green", "children": [{}, {"note": "ok"}]},
        ],
        "summary": "shown because there are three members",
    }
    result = form.validate(data, today=TODAY)
    # 'relation' is read from the same entry, 'applicant_stateless' from the record,
    # and the nested group sees its own entry's parent ('relation' of member 2)
    assert result.codes() == {"members[2].children[0].note": "required"}
    members = result.normalized["members"]
    assert members[0] == {"relation": "red", "detail": "kept"}
    assert members[1] == {"relation": "blue"}
    assert result.normalized["summary"].startswith("shown")


def test_outer_field_hidden_makes_inner_condition_see_null(make_form: Any) -> None:
    form = make_form(GROUP_FORM)
    result = form.validate({"applicant_stateless": False, "members": [{"relation": "red", "detail": "x"}]},
                           today=TODAY)
    assert result.ok
    assert result.normalized["members"] == [{"relation": "red"}]
    assert "summary" not in form.validate({"members": [{}], "summary": "x"}, today=TODAY).normalized


def test_hidden_section_hides_and_drops_its_fields(make_form: Any) -> None:
    form = make_form("""
        - id: detained
          type: yes_no
          label: {kk: а, ru: а, en: a}
        - id: detention_page
          type: section
          relevant: "detained == true"
          label: {kk: б, ru: б, en: b}
          fields:
            - id: facility
              type: text
              required: true
              label: {kk: в, ru: в, en: c}
    """)
    assert form.validate({"detained": False, "facility": "old answer"}, today=TODAY).normalized == {
        "detained": False}
    assert form.validate({"detained": True}, today=TODAY).codes() == {"facility": "required"}
