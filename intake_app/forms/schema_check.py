"""The structural check of a form definition against ``form.schema.json``.

Every schema error is mapped back to the YAML line of the offending key or
item, and to the field it sits in, so the author can go straight to it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from intake_app.forms.errors import FormError
from intake_app.forms.yaml_source import field_label, locate

SCHEMA_FILE = "form.schema.json"


@lru_cache(maxsize=1)
def form_schema() -> dict[str, Any]:
    """The JSON Schema of the form definition format."""
    text = resources.files(__package__).joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(form_schema())


def _message(error: ValidationError) -> str:
    identifier = form_schema()["$defs"]["identifier"]["pattern"]
    if error.validator == "pattern" and error.validator_value == identifier:
        return f"{error.instance!r} is not a lowercase snake_case identifier (like 'birth_date')"
    return str(error.message)


def schema_errors(document: Any, filename: str) -> list[FormError]:
    """Every schema violation in ``document``, each with its line and field."""
    found: list[FormError] = []
    for error in _validator().iter_errors(document):
        path = list(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = set(error.schema.get("properties", {}))
            for key in (key for key in error.instance if key not in allowed):
                line, chain = locate(document, [*path, key])
                found.append(FormError(filename, line, field_label(chain), f"unknown key '{key}'"))
            continue
        line, chain = locate(document, path)
        where = f"'{path[-1]}': " if path and isinstance(path[-1], str) else ""
        found.append(FormError(filename, line, field_label(chain), where + _message(error)))
    return sorted(found, key=lambda item: item.line or 0)
