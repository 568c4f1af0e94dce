"""What a record's answers imply, level by level: which fields are shown, which are required now.

Validation and the UI must agree on every rule: a field the screen hides must
be exactly one whose answer validation drops, and a field marked required must
be one validation asks for. So both use this one implementation:
``validate_form`` walks a :class:`FormState`, and the editor asks one (built
with :meth:`Form.state`) what to show. Conditions see normalized values, and
null for fields that are hidden, unanswered or invalid (docs/forms.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from intake_app.forms.conditions import Condition, is_answered
from intake_app.forms.fields import Field
from intake_app.forms.issues import Issue
from intake_app.forms.values import check_value

if TYPE_CHECKING:
    from intake_app.forms.form import Form, Level


class FormState:
    """The answers at one level (the record, or one entry of a repeat group) and what they imply.

    Get the record's state from :meth:`Form.state` and an entry's from :meth:`entry`.
    Fields may be given as :class:`Field` or by id; a field of an enclosing level is
    answered by that level (as in conditions). Everything is computed lazily, once:
    a state describes the data it was built from, so build a new one after an edit.
    """

    def __init__(self, form: Form, data: Mapping[str, Any], today: date, *,
                 within: tuple[FormState, Field] | None = None) -> None:
        """``within`` is ``(parent state, group field)`` for an entry of a repeat group."""
        self.form = form
        self.data: Mapping[str, Any] = data if isinstance(data, Mapping) else {}
        self.today = today
        self.parent: FormState | None = within[0] if within is not None else None
        self.group: Field | None = within[1] if within is not None else None
        self.level: Level = form.level(self.group.id if self.group is not None else None)
        self._today = today.isoformat()
        self._relevant: dict[str, bool] = {}
        self._checked: dict[str, tuple[Any, list[Issue]]] = {}
        self._busy: set[str] = set()
        self._entries: dict[tuple[str, int], FormState] = {}

    def __repr__(self) -> str:
        return f"<FormState {self.form.id} {self.group.id if self.group is not None else 'record'}>"

    # -- questions about fields ------------------------------------------------------------

    def relevant(self, field: Field | str) -> bool:
        """Shown: its sections, its repeat group (for an entry) and its own ``relevant`` condition hold."""
        state, found = self._owner(field)
        return state._relevant_here(found)

    def required(self, field: Field | str) -> bool:
        """Required right now: shown, and ``required`` is ``true`` or its condition holds."""
        state, found = self._owner(field)
        if not state._relevant_here(found):
            return False
        if isinstance(found.required, bool):
            return found.required
        return state.holds(found.required)

    def value(self, field: Field | str) -> Any:
        """What a condition sees for ``field``: its normalized value (decimals as ``Decimal``), or None.

        None when the field is hidden, unanswered or fails its type check; a
        repeat group is its list of entries as given. KeyError if ``field`` is
        neither at this level nor an enclosing one.
        """
        state, found = self._owner(field)
        return state._value_here(found)

    def holds(self, condition: Condition, value: Any = None) -> bool:
        """Whether ``condition`` is true at this level (``value`` is what ``.`` stands for)."""
        return condition.evaluate(self.value, value, self._today)

    def check(self, field: Field) -> tuple[Any, list[Issue]]:
        """This level's answer to ``field`` type-checked: ``(normalized value, [])`` or ``(None, issues)``."""
        if field.id not in self._checked:
            self._checked[field.id] = check_value(field, self.data.get(field.id))
        return self._checked[field.id]

    # -- repeat groups and pruning -----------------------------------------------------------

    def entry(self, group: Field | str, index: int) -> FormState:
        """The state of entry ``index`` of repeat group ``group`` (a field of this level).

        A missing entry, or one that is not a set of answers, is seen as empty.
        """
        found = self._group_here(group)
        key = (found.id, index)
        if key not in self._entries:
            items = self.data.get(found.id)
            item = items[index] if isinstance(items, list) and 0 <= index < len(items) else None
            self._entries[key] = FormState(self.form, item if isinstance(item, Mapping) else {}, self.today,
                                           within=(self, found))
        return self._entries[key]

    def entries(self, group: Field | str) -> list[FormState]:
        """The state of every entry of repeat group ``group`` (a field of this level), in order."""
        found = self._group_here(group)
        items = self.data.get(found.id)
        return [self.entry(found, index) for index in range(len(items) if isinstance(items, list) else 0)]

    def pruned(self) -> dict[str, Any]:
        """The answers as given, without those to hidden fields (also inside group entries).

        Keys that are not data fields of this level are left out too. Values are
        not normalized: this is what an editor saves as a draft, not a checked record.
        """
        out: dict[str, Any] = {}
        for key, value in self.data.items():
            found = self.level.entries.get(key)
            if found is None or not found[0].is_data or not self._relevant_here(found[0]):
                continue
            field = found[0]
            if field.type == "group" and isinstance(value, list):
                value = [self.entry(field, index).pruned() if isinstance(item, Mapping) else item
                         for index, item in enumerate(value)]
            out[key] = value
        return out

    # -- internals -----------------------------------------------------------------------------

    def _owner(self, field: Field | str) -> tuple[FormState, Field]:
        """The level ``field`` belongs to (this one or an enclosing one), as conditions resolve names."""
        name = field if isinstance(field, str) else field.id
        state: FormState | None = self
        while state is not None:
            found = state.level.entries.get(name)
            if found is not None:
                return state, found[0]
            state = state.parent
        raise KeyError(name)  # the loader checks every reference a condition makes

    def _group_here(self, group: Field | str) -> Field:
        name = group if isinstance(group, str) else group.id
        found = self.level.entries.get(name)
        if found is None or found[0].type != "group":
            raise KeyError(f"{name!r} is not a repeat group at this level")
        return found[0]

    def _relevant_here(self, field: Field) -> bool:
        if field.id in self._relevant:
            return self._relevant[field.id]
        if field.id in self._busy:  # the loader refuses cycles; this guards against bugs
            raise RuntimeError(f"relevance cycle through field {field.id!r}")
        self._busy.add(field.id)
        try:
            section = self.level.entries[field.id][1]
            if section is not None:
                enclosing = self._relevant_here(section)
            elif self.parent is not None and self.group is not None:
                enclosing = self.parent._relevant_here(self.group)
            else:
                enclosing = True
            result = enclosing and (field.relevant is None or self.holds(field.relevant))
        finally:
            self._busy.discard(field.id)
        self._relevant[field.id] = result
        return result

    def _value_here(self, field: Field) -> Any:
        if not self._relevant_here(field):
            return None
        raw = self.data.get(field.id)
        if field.type == "group":
            return raw if isinstance(raw, list) else None
        if not is_answered(raw):
            return None
        value, problems = self.check(field)
        return None if problems else value
