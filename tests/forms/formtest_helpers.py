"""Helpers for the forms tests: small real form definitions written as YAML text.

A uniquely named module (not conftest) so imports never pick up another directory's conftest.
"""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from intake_app.forms import Form, FormDefinitionError, FormError, load_form_source

REPO = Path(__file__).resolve().parents[2]
SHIPPED_FORMS = REPO / "forms"
TODAY = date(2026, 11, 23)

HEADER = """\
id: sample
version: 1
title: {kk: Үлгі, ru: Образец, en: Sample}
roles: [officer]
languages: [kk, ru, en]
choices:
  colours:
    - value: red
      label: {kk: Қызыл, ru: Красный, en: Red}
    - value: green
      label: {kk: Жасыл, ru: Зелёный, en: Green}
    - value: blue
      label: {kk: Көк, ru: Синий, en: Blue}
  documents:
    - value: passport
      label: {kk: Паспорт, ru: Паспорт, en: Passport}
fields:
"""

LABEL = "label: {kk: Өріс, ru: Поле, en: Field}"


def form_text(fields_yaml: str) -> str:
    """A complete form definition around ``fields_yaml`` (a YAML list, unindented)."""
    return HEADER + textwrap.indent(textwrap.dedent(fields_yaml).strip("\n"), "  ") + "\n"


SAMPLE_FILE = "forms/sample/form.yaml"


def errors_of(text: str, filename: str = SAMPLE_FILE) -> list[FormError]:
    """The errors a broken form definition gives (the test fails if it loads)."""
    with pytest.raises(FormDefinitionError) as caught:
        load_form_source(text, filename)
    return caught.value.errors


def only_error(text: str) -> FormError:
    errors = errors_of(text)
    assert len(errors) == 1, [str(error) for error in errors]
    return errors[0]


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of ``text`` containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def check(form: Form, value: Any) -> tuple[Any, list[str]]:
    """``(normalized value, [issue codes])`` for ``{"value": value}``."""
    result = form.validate({"value": value}, today=TODAY)
    return result.normalized.get("value"), [issue.code for issue in result.issues]
