"""Validating a record against its form: relevance, requirements, types, constraints.

Answers to fields that are not relevant are neither checked nor kept, so a
hidden answer (say, an interpreter's language after "no interpreter needed"
was chosen) is never stored. Conditions see normalized values, and null for
fields that are hidden, unanswered or invalid. Relevance, requirements and
condition values come from :class:`FormState`, the same rules the UI shows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from intake_app.forms.conditions import is_answered
from intake_app.forms.fields import Field
from intake_app.forms.issues import Issue, ValidationResult, issue
from intake_app.forms.state import FormState
from intake_app.forms.values import MSG_REQUIRED, MSG_UNKNOWN, to_json
from intake_app.i18n import N_

if TYPE_CHECKING:
    from intake_app.forms.form import Form

MSG_RECORD = N_("The record must be a set of answers.")
MSG_ENTRIES = N_("Enter a list of entries.")
MSG_ENTRY = N_("Each entry must be a set of answers.")


def ngettext(singular: str, plural: str, n: int) -> tuple[str, str]:
    """Mark a plural message for extraction (``pybabel -k ngettext:1,2``); translated when shown."""
    return singular, plural


MSG_COUNT_MIN = ngettext("Add at least {count} entry.", "Add at least {count} entries.", 1)
MSG_COUNT_MAX = ngettext("There can be at most {count} entry.", "There can be at most {count} entries.", 1)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def validate_form(form: Form, data: Any, today: date, *, state: FormState | None = None) -> ValidationResult:
    """Check ``data`` against ``form`` as of ``today`` (the date ``today()`` returns).

    ``state``: the :class:`FormState` of the same data and day, if the caller has one (the editor
    asks both questions after every edit; the state computes each answer once).
    """
    result = ValidationResult()
    if not isinstance(data, dict):
        result.issues.append(issue("type", MSG_RECORD))
        return result
    result.normalized = _validate_level(state or FormState(form, data, today), "", result.issues)
    return result


def _validate_level(scope: FormState, prefix: str, issues: list[Issue]) -> dict[str, Any]:
    entries = scope.level.entries
    for key in scope.data:
        if key not in entries or not entries[key][0].is_data:
            issues.append(issue("unknown_field", MSG_UNKNOWN, _join(prefix, str(key))))
    out: dict[str, Any] = {}
    for field in scope.level.data_fields:
        if not scope.relevant(field):
            continue
        path = _join(prefix, field.id)
        raw = scope.data.get(field.id)
        if field.type == "group":
            value: Any = _validate_group(scope, field, raw, path, issues)
        elif not is_answered(raw):
            if scope.required(field):
                issues.append(issue("required", MSG_REQUIRED, path))
            continue
        else:
            value, problems = scope.check(field)
            if problems:
                issues.extend(problem.under(path) for problem in problems)
                continue
        if value is None:
            continue
        if field.constraint is not None and not scope.holds(field.constraint, value):
            issues.append(Issue(path, "constraint", field.constraint_message("en"),
                                translations=tuple(field.constraint_messages.items())))
        out[field.id] = to_json(value)
    return out


def _validate_group(scope: FormState, field: Field, raw: Any, path: str,
                    issues: list[Issue]) -> list[dict[str, Any]] | None:
    if raw is None or raw == []:
        if scope.required(field):
            issues.append(issue("required", MSG_REQUIRED, path))
        elif field.min_count:
            issues.append(issue("count_min", MSG_COUNT_MIN[0], path, MSG_COUNT_MIN[1], count=field.min_count))
        return None
    if not isinstance(raw, list):
        issues.append(issue("type", MSG_ENTRIES, path))
        return None
    if len(raw) < field.min_count:
        issues.append(issue("count_min", MSG_COUNT_MIN[0], path, MSG_COUNT_MIN[1], count=field.min_count))
    if field.max_count is not None and len(raw) > field.max_count:
        issues.append(issue("count_max", MSG_COUNT_MAX[0], path, MSG_COUNT_MAX[1], count=field.max_count))
    items: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        item_path = f"{path}[{index}]"
        if not isinstance(item, dict):
            issues.append(issue("type", MSG_ENTRY, item_path))
            continue
        items.append(_validate_level(scope.entry(field, index), item_path, issues))
    return items
