"""Validating a record against its form: relevance, requirements, types, constraints.

Answers to fields that are not relevant are neither checked nor kept, so a
hidden answer (say, an interpreter's language after "no interpreter needed"
was chosen) is never stored. Conditions see normalized values, and null for
fields that are hidden, unanswered or invalid.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from intake_app.forms.conditions import is_answered
from intake_app.forms.fields import Field
from intake_app.forms.issues import Issue, ValidationResult, issue
from intake_app.forms.values import MSG_REQUIRED, MSG_UNKNOWN, check_value, to_json
from intake_app.i18n import N_

if TYPE_CHECKING:
    from intake_app.forms.form import Form, Level

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


class _Scope:
    """The answers at one level (the record, or one entry of a repeat group) and what they imply."""

    def __init__(self, form: Form, level: Level, raw: dict[str, Any], parent: _Scope | None, today: str) -> None:
        self.form, self.level, self.raw, self.parent, self.today = form, level, raw, parent, today
        self._relevant: dict[str, bool] = {}
        self._checked: dict[str, tuple[Any, list[Issue]]] = {}
        self._busy: set[str] = set()

    def relevant(self, field: Field) -> bool:
        if field.id in self._relevant:
            return self._relevant[field.id]
        if field.id in self._busy:  # the loader refuses cycles; this guards against bugs
            raise RuntimeError(f"relevance cycle through field {field.id!r}")
        self._busy.add(field.id)
        section = self.level.entries[field.id][1]
        result = (section is None or self.relevant(section)) and (
            field.relevant is None or field.relevant.evaluate(self.lookup, None, self.today))
        self._busy.discard(field.id)
        self._relevant[field.id] = result
        return result

    def checked(self, field: Field) -> tuple[Any, list[Issue]]:
        if field.id not in self._checked:
            self._checked[field.id] = check_value(field, self.raw.get(field.id))
        return self._checked[field.id]

    def value(self, field: Field) -> Any:
        """What a condition sees for ``field`` at this level."""
        if not self.relevant(field):
            return None
        raw = self.raw.get(field.id)
        if field.type == "group":
            return raw if isinstance(raw, list) else None
        if not is_answered(raw):
            return None
        value, problems = self.checked(field)
        return None if problems else value

    def lookup(self, name: str) -> Any:
        """The value of field ``name``: this entry's sibling first, then outer levels."""
        scope: _Scope | None = self
        while scope is not None:
            entry = scope.level.entries.get(name)
            if entry is not None:
                return scope.value(entry[0])
            scope = scope.parent
        raise KeyError(name)  # the loader checks every reference

    def is_required(self, field: Field) -> bool:
        if isinstance(field.required, bool):
            return field.required
        return field.required.evaluate(self.lookup, None, self.today)


def validate_form(form: Form, data: Any, today: date) -> ValidationResult:
    """Check ``data`` against ``form`` as of ``today`` (the date ``today()`` returns)."""
    result = ValidationResult()
    if not isinstance(data, dict):
        result.issues.append(issue("type", MSG_RECORD))
        return result
    root = _Scope(form, form.level(None), data, None, today.isoformat())
    result.normalized = _validate_level(root, "", result.issues)
    return result


def _validate_level(scope: _Scope, prefix: str, issues: list[Issue]) -> dict[str, Any]:
    entries = scope.level.entries
    for key in scope.raw:
        if key not in entries or not entries[key][0].is_data:
            issues.append(issue("unknown_field", MSG_UNKNOWN, _join(prefix, str(key))))
    out: dict[str, Any] = {}
    for field in scope.level.data_fields:
        if not scope.relevant(field):
            continue
        path = _join(prefix, field.id)
        raw = scope.raw.get(field.id)
        if field.type == "group":
            value: Any = _validate_group(scope, field, raw, path, issues)
        elif not is_answered(raw):
            if scope.is_required(field):
                issues.append(issue("required", MSG_REQUIRED, path))
            continue
        else:
            value, problems = scope.checked(field)
            if problems:
                issues.extend(problem.under(path) for problem in problems)
                continue
        if value is None:
            continue
        if field.constraint is not None and not field.constraint.evaluate(scope.lookup, value, scope.today):
            issues.append(Issue(path, "constraint", field.constraint_message("en"),
                                translations=tuple(field.constraint_messages.items())))
        out[field.id] = to_json(value)
    return out


def _validate_group(scope: _Scope, field: Field, raw: Any, path: str,
                    issues: list[Issue]) -> list[dict[str, Any]] | None:
    if raw is None or raw == []:
        if scope.is_required(field):
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
    level = scope.form.level(field.id)
    items: list[dict[str, Any]] = []
    for index, item in enumerate(raw):
        item_path = f"{path}[{index}]"
        if not isinstance(item, dict):
            issues.append(issue("type", MSG_ENTRY, item_path))
            continue
        child = _Scope(scope.form, level, item, scope, scope.today)
        items.append(_validate_level(child, item_path, issues))
    return items
