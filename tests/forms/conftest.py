"""Fixtures for the forms tests: build small real forms from YAML text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from intake_app.forms import Form, load_form_source
from tests.forms.formtest_helpers import LABEL, form_text


@pytest.fixture
def make_form() -> Callable[[str], Form]:
    def make(fields_yaml: str) -> Form:
        return load_form_source(form_text(fields_yaml), "sample/form.yaml")
    return make


@pytest.fixture
def one_field(make_form: Callable[[str], Form]) -> Callable[..., Form]:
    """A form with a single field ``value`` of ``kind``; extra YAML lines add options."""
    def make(kind: str, *options: str) -> Form:
        lines = "\n".join(f"  {option}" for option in options)
        return make_form(f"- id: value\n  type: {kind}\n  {LABEL}\n{lines}")
    return make
