"""The fields of one level (the whole record, or one repeat-group entry), sections as framed blocks.

A level knows its rows by field id and asks the engine (its ``FormState``)
which of them to show and which are required. Sections have no
value of their own: their children's answers sit at the level itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field as dc_field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from intake_app.forms import Field, FormState
from intake_app.forms.latin import latin_suggestion
from intake_app.ui.form.common import EditorEnv, set_bold, wrapped_label
from intake_app.ui.form.field_row import FieldRow

if TYPE_CHECKING:
    from intake_app.ui.form.group_editor import GroupItem

#: Text fields with this ending hold names as the applicant writes them (any script, any direction).
ORIGINAL_SUFFIX = "_original"


@dataclass
class RefreshState:
    """Collected while applying a validation result: where each visible path is drawn."""

    name_direction: Qt.LayoutDirection
    rows: dict[str, FieldRow] = dc_field(default_factory=dict)
    items: dict[str, GroupItem] = dc_field(default_factory=dict)


class SectionBox(QFrame):
    """A section: a heading, an optional hint, then its fields."""

    def __init__(self, field: Field, depth: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName("formSection")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 10)
        self.body.setSpacing(4)
        self.title = QLabel(self)
        set_bold(self.title, 1.25 if depth == 0 else 1.1)
        self.title.setWordWrap(True)
        self.body.addWidget(self.title)
        self.hint: QLabel | None = None
        if field.hints:
            self.hint = wrapped_label(tone="hint")
            self.body.addWidget(self.hint)

    def retranslate(self, lang: str) -> None:
        self.title.setText(self.field.label(lang))
        if self.hint is not None:
            self.hint.setText(self.field.hint(lang))


class LevelEditor(QWidget):
    def __init__(self, fields: tuple[Field, ...], env: EditorEnv, prefix: Callable[[], str],
                 parent: QWidget | None = None, *, spacing: int = 10) -> None:
        super().__init__(parent)
        self.env = env
        self._prefix = prefix
        self.rows: dict[str, FieldRow] = {}
        self.sections: dict[str, SectionBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(spacing)
        self._build(fields, layout, 0)

    def _build(self, fields: tuple[Field, ...], layout: QVBoxLayout, depth: int) -> None:
        for item in fields:
            if item.type == "section":
                box = SectionBox(item, depth, self)
                self.sections[item.id] = box
                self._build(item.children, box.body, depth + 1)
                box.retranslate(self.env.lang)
                layout.addWidget(box)
            else:
                row = FieldRow(item, self.env, self, self)
                self.rows[item.id] = row
                layout.addWidget(row)

    def prefix(self) -> str:
        """Path prefix of this level's fields: ``""`` or ``family_members[2].``."""
        return self._prefix()

    def value(self) -> dict[str, Any]:
        """Every answered field (shown or hidden; the editor drops hidden ones)."""
        result = {}
        for field_id, row in self.rows.items():
            value = row.input.value()
            if value is not None:
                result[field_id] = value
        return result

    def set_value(self, data: dict[str, Any]) -> None:
        for field_id, row in self.rows.items():
            row.input.set_value(data.get(field_id))

    def apply_state(self, scope: FormState, state: RefreshState) -> None:
        """Show what is relevant, mark what is required, register visible rows by path."""
        for box in self.sections.values():
            shown = scope.relevant(box.field)
            if box.isHidden() == shown:
                box.setVisible(shown)
        for row in self.rows.values():
            shown = scope.relevant(row.field)
            if row.isHidden() == shown:
                row.setVisible(shown)
            row.set_required(scope.required(row.field))  # only ever true for a shown field
            if not shown:
                row.show_messages([])
                continue
            state.rows[row.path()] = row
            if row.field.type == "group":
                row.input.apply_state(scope, state)  # type: ignore[attr-defined]
            elif row.field.type == "text" and row.field.id.endswith(ORIGINAL_SUFFIX):
                row.input.set_text_direction(state.name_direction)  # type: ignore[attr-defined]
            if row.field.suggest_latin_from is not None:
                row.input.set_suggestion(latin_suggestion(scope, row.field))  # type: ignore[attr-defined]

    def locate(self, path: str) -> tuple[FieldRow | None, str]:
        """The row a (relative) path points into, and the rest of the path; builds lazy group entries."""
        name = path.split(".", 1)[0].split("[", 1)[0]
        row = self.rows.get(name)
        if row is None:
            return None, path
        rest = path[len(name):]
        if row.field.type == "group" and rest.startswith("["):
            found: tuple[FieldRow | None, str] = row.input.locate(rest)  # type: ignore[attr-defined]
            if found[0] is not None:
                return found
        return row, rest

    def iter_rows(self) -> Iterator[FieldRow]:
        for row in self.rows.values():
            yield row
            if row.field.type == "group":
                yield from row.input.iter_rows()  # type: ignore[attr-defined]

    def retranslate(self, lang: str) -> None:
        for box in self.sections.values():
            box.retranslate(lang)
        for row in self.rows.values():
            row.retranslate(lang)
