"""What the engine's conditions say about the answers on screen: shown or hidden, required or not.

The widgets must not re-implement form rules, so this module only evaluates
the form's own ``Condition`` objects. It feeds them ``ValidationResult.normalized``,
which holds exactly what a condition sees: relevant answers that passed their
type check, hidden, unanswered and invalid answers left out (docs/forms.md).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from intake_app.forms import Field, Form


class ScopeView:
    """The answers at one level (the record or one repeat-group entry), for condition lookups."""

    def __init__(self, form: Form, group: str | None, normalized: dict[str, Any], parent: ScopeView | None,
                 today: str) -> None:
        self.form, self.level, self.values, self.parent, self.today = (
            form, form.level(group), normalized, parent, today)
        self._relevant: dict[str, bool] = {}

    def lookup(self, name: str) -> Any:
        scope: ScopeView | None = self
        while scope is not None:
            entry = scope.level.entries.get(name)
            if entry is not None:
                value = scope.values.get(name)
                if entry[0].type == "decimal" and isinstance(value, str):
                    try:  # normalized decimals are text; conditions compare them as numbers
                        return Decimal(value)
                    except InvalidOperation:
                        return None
                return value
            scope = scope.parent
        raise KeyError(name)

    def relevant(self, field: Field) -> bool:
        """Shown: its section (if any) is shown and its own ``relevant`` condition holds."""
        known = self._relevant.get(field.id)
        if known is not None:
            return known
        entry = self.level.entries.get(field.id)
        section = entry[1] if entry is not None else None
        result = (section is None or self.relevant(section)) and (
            field.relevant is None or field.relevant.evaluate(self.lookup, None, self.today))
        self._relevant[field.id] = result
        return result

    def required(self, field: Field) -> bool:
        if isinstance(field.required, bool):
            return field.required
        return field.required.evaluate(self.lookup, None, self.today)

    def entry(self, group: Field, index: int) -> ScopeView:
        """The scope of entry ``index`` of repeat group ``group`` at this level."""
        items = self.values.get(group.id)
        values = items[index] if isinstance(items, list) and index < len(items) else {}
        return ScopeView(self.form, group.id, values if isinstance(values, dict) else {}, self, self.today)


def prune(scope: ScopeView, raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` without the answers to fields that are hidden (also inside repeat-group entries)."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        entry = scope.level.entries.get(key)
        if entry is None or not entry[0].is_data:
            continue
        field = entry[0]
        if not scope.relevant(field):
            continue
        if field.type == "group" and isinstance(value, list):
            value = [prune(scope.entry(field, index), item) if isinstance(item, dict) else item
                     for index, item in enumerate(value)]
        out[key] = value
    return out
