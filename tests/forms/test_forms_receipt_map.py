"""A form's ``receipt:`` block: checked like the rest of the form, with file:line and the reason."""

from __future__ import annotations

import pytest

from intake_app.forms import FormDefinitionError, load_form_file, load_form_source
from tests.forms.formtest_helpers import SAMPLE_FILE, SHIPPED_FORMS, form_text, line_of

L = "label: {kk: а, ru: а, en: a}"
FIELDS = f"""
- id: when
  type: datetime
  {L}
- id: place
  type: text
  {L}
- id: name
  type: text
  {L}
- id: born
  type: date
  {L}
- id: family
  type: group
  {L}
  fields:
    - id: member
      type: text
      {L}
"""


def with_receipt(block: str) -> str:
    return form_text(FIELDS) + "receipt:\n" + "".join(f"  {line}\n" for line in block.strip().splitlines())


def messages(text: str) -> list[str]:
    with pytest.raises(FormDefinitionError) as caught:
        load_form_source(text, SAMPLE_FILE)
    return [str(error) for error in caught.value.errors]


def test_shipped_asylum_form_gives_a_receipt_and_the_visit_report_none() -> None:
    asylum = load_form_file(SHIPPED_FORMS / "asylum_application" / "form.yaml")
    visit = load_form_file(SHIPPED_FORMS / "detention_visit" / "form.yaml")
    assert asylum.receipt is not None and visit.receipt is None
    assert asylum.receipt.fields("place") == ("place_type", "place_name")
    assert asylum.receipt.field("family_relation") == "relation"


def test_a_complete_block_loads() -> None:
    form = load_form_source(with_receipt("""
when: when
place: [place]
name_original: name
birth_date: born
family: family
family_name_original: member
"""), SAMPLE_FILE)
    assert form.receipt is not None and form.receipt.field("family_name_original") == "member"


@pytest.mark.parametrize(("block", "expected"), [
    ("when: when\nplace: place\nname_original: nobody", "'receipt.name_original' names 'nobody', which is not a field"),
    ("when: place\nplace: place\nname_original: name", "'receipt.when' needs a datetime or date field; 'place' is of"),
    ("when: when\nplace: place\nname_original: member", "must name a top-level field; 'member' is inside group"),
    ("when: when\nplace: place\nname_original: name\nfamily: family\nfamily_name_original: name",
     "'receipt.family_name_original' must name a field inside the group"),
    ("when: when\nplace: place\nname_original: [name, place]", "'receipt.name_original' takes one field"),
    ("when: when\nplace: place\nname_original: name\nmood: name", "unknown role 'mood'"),
    ("when: when\nplace: place", "'receipt' must give 'name_original'"),
])
def test_mistakes_are_reported_with_their_line(block: str, expected: str) -> None:
    text = with_receipt(block)
    found = messages(text)
    assert any(expected in message for message in found), found
    assert all(f"{SAMPLE_FILE}:{line_of(text, 'receipt:')}" in message for message in found), found


def test_a_sync_block_is_checked_by_the_schema() -> None:
    text = with_receipt("when: when\nplace: place\nname_original: name") + (
        "sync:\n  destinations: [Border Service]\n  retention_days: 0\n")
    found = messages(text)
    assert any("'Border Service' does not match" in message for message in found), found
    assert any("'retention_days': 0 is less than the minimum of 1" in message for message in found), found
