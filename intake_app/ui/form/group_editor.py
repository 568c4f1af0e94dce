"""Repeat groups (family members, documents, interviews): add, remove, reorder, each entry a sub-form.

An application may list dozens of family members, so entries are built
lazily: a loaded entry is first a one-line card (its main answers) and gets
its widgets only when opened. Until then its answers are kept as data.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from intake_app.forms import Field, FormState
from intake_app.forms.display import format_value
from intake_app.i18n import _, ngettext
from intake_app.ui.form.common import EditorEnv, set_bold, set_tone
from intake_app.ui.form.inputs_base import FieldInput

if TYPE_CHECKING:
    from intake_app.ui.form.field_row import FieldRow
    from intake_app.ui.form.level import LevelEditor, RefreshState

#: Loaded groups longer than this start with every entry closed.
OPEN_UP_TO = 3
_SUMMARY_TYPES = ("text", "choice", "date", "country", "language", "identity_document", "integer", "phone")


class GroupItem(QFrame):
    """One entry: a header (number, summary, problems, move/remove) and its fields once opened."""

    def __init__(self, owner: GroupInput, data: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self._data = data
        self.level: LevelEditor | None = None
        self.expanded = False
        self.setObjectName("groupEntry")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = self.body = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 6)
        layout.setSpacing(4)
        header = QHBoxLayout()
        header.setSpacing(4)
        self.toggle = QToolButton(self)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setAutoRaise(True)
        set_bold(self.toggle)
        self.toggle.clicked.connect(lambda: self.set_expanded(not self.expanded, focus=True))
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        set_tone(self.summary, "hint")
        self.summary.setMinimumWidth(40)
        self.problems = QLabel(self)
        set_tone(self.problems, "error")
        self.problems.hide()
        self.up, self.down, self.remove = QToolButton(self), QToolButton(self), QToolButton(self)
        self.up.setText("↑")
        self.down.setText("↓")
        self.remove.setText("✕")
        self.up.clicked.connect(lambda: owner.move_item(self, -1))
        self.down.clicked.connect(lambda: owner.move_item(self, 1))
        self.remove.clicked.connect(lambda: owner.remove_item(self))
        for widget in (self.toggle, self.summary):
            header.addWidget(widget)
        header.addStretch(1)
        for widget in (self.problems, self.up, self.down, self.remove):
            header.addWidget(widget)
        layout.addLayout(header)

    def index(self) -> int:
        return self.owner.items.index(self)

    def prefix(self) -> str:
        return f"{self.owner.path()}[{self.index()}]."

    def ensure_built(self) -> LevelEditor:
        if self.level is None:
            from intake_app.ui.form.level import LevelEditor

            self.level = LevelEditor(self.owner.field.children, self.owner.env, self.prefix, self, spacing=4)
            self.level.set_value(self._data)
            self.level.setVisible(self.expanded)
            self.body.addWidget(self.level)
        return self.level

    def set_expanded(self, expanded: bool, *, focus: bool = False) -> None:
        self.expanded = expanded
        if expanded:
            self.ensure_built()
            self.owner.env.structure_changed()
        if self.level is not None:
            self.level.setVisible(expanded)
        self.retranslate(self.owner.env.lang)
        if expanded and focus and self.level is not None:
            first = next(iter(self.level.rows.values()), None)
            if first is not None:
                first.input.focus_input()

    def value(self) -> dict[str, Any]:
        return self.level.value() if self.level is not None else dict(self._data)

    def apply_state(self, scope: FormState, state: RefreshState) -> None:
        state.items[self.prefix().rstrip(".")] = self
        if self.level is not None:
            self.level.apply_state(scope, state)
        self._summarize(scope)

    def _summarize(self, scope: FormState) -> None:
        lang = self.owner.env.lang
        parts = []
        for child in self.owner.field.data_children():
            value = scope.value(child)
            if child.type in _SUMMARY_TYPES and value not in (None, "", []):
                parts.append(format_value(child, value, lang))
            if len(parts) == 3:
                break
        text = " · ".join(parts)
        metrics = self.summary.fontMetrics()
        self.summary.setText(metrics.elidedText(text, Qt.TextElideMode.ElideRight, 420))
        self.summary.setToolTip(text)

    def show_problem_count(self, count: int) -> None:
        self.problems.setVisible(count > 0)
        if count:
            self.problems.setText("⚠ " + ngettext("{n} problem", "{n} problems", count).format(n=count))

    def update_buttons(self, index: int, total: int, can_remove: bool) -> None:
        self.up.setEnabled(index > 0)
        self.down.setEnabled(index < total - 1)
        self.remove.setEnabled(can_remove)

    def retranslate(self, lang: str) -> None:
        arrow = "▾" if self.expanded else "▸"
        number = self.index() + 1
        self.toggle.setText(f"{arrow} {number}.")
        self.toggle.setAccessibleName(f"{self.owner.field.label(lang)} {number}")
        self.toggle.setToolTip(_("Close this entry") if self.expanded else _("Open this entry"))
        self.up.setToolTip(_("Move up"))
        self.down.setToolTip(_("Move down"))
        self.remove.setToolTip(_("Remove this entry"))
        for button in (self.up, self.down, self.remove):
            button.setAccessibleName(button.toolTip())
        self.summary.setVisible(not self.expanded)
        if self.level is not None:
            self.level.retranslate(lang)


class GroupInput(FieldInput):
    """The list of entries and an "Add" button, within ``min_count``/``max_count``."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.items: list[GroupItem] = []
        self.row: FieldRow | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.list_layout = QVBoxLayout()
        self.list_layout.setSpacing(6)
        layout.addLayout(self.list_layout)
        footer = QHBoxLayout()
        self.add_button = QPushButton(self)
        self.add_button.clicked.connect(self._add_clicked)
        self.count_label = QLabel(self)
        set_tone(self.count_label, "hint")
        footer.addWidget(self.add_button)
        footer.addWidget(self.count_label)
        footer.addStretch(1)
        layout.addLayout(footer)
        self.setFocusProxy(self.add_button)
        self.retranslate(env.lang)
        self.set_value(None)

    def bind_row(self, row: FieldRow) -> None:
        self.row = row

    def path(self) -> str:
        return self.row.path() if self.row is not None else self.field.id

    # -- values ---------------------------------------------------------------

    def value(self) -> Any:
        return [item.value() for item in self.items] or None

    def set_value(self, value: Any) -> None:
        for item in self.items:
            self.list_layout.removeWidget(item)
            item.deleteLater()
        self.items = []
        entries = [entry for entry in value if isinstance(entry, dict)] if isinstance(value, list) else []
        while len(entries) < self.field.min_count:
            entries.append({})
        open_all = len(entries) <= OPEN_UP_TO
        for entry in entries:
            self._append(entry, expanded=open_all)
        self._update_buttons()

    # -- structure --------------------------------------------------------------

    def _append(self, data: dict[str, Any], *, expanded: bool) -> GroupItem:
        item = GroupItem(self, data, self)
        self.items.append(item)
        self.list_layout.addWidget(item)
        if expanded:
            item.set_expanded(True)
        else:
            item.retranslate(self.env.lang)
        return item

    def _add_clicked(self) -> None:
        self.add_item()

    def add_item(self) -> GroupItem | None:
        """Add an empty, open entry (if the maximum allows) and put the focus in it."""
        if self.field.max_count is not None and len(self.items) >= self.field.max_count:
            return None
        item = self._append({}, expanded=True)
        self._changed_structure()
        item.set_expanded(True, focus=True)
        return item

    def remove_item(self, item: GroupItem) -> None:
        if len(self.items) <= self.field.min_count:
            return
        self.items.remove(item)
        self.list_layout.removeWidget(item)
        item.deleteLater()
        self._changed_structure()
        self.add_button.setFocus()

    def move_item(self, item: GroupItem, delta: int) -> None:
        index = self.items.index(item)
        target = index + delta
        if not 0 <= target < len(self.items):
            return
        self.items.insert(target, self.items.pop(index))
        self.list_layout.removeWidget(item)
        self.list_layout.insertWidget(target, item)
        self._changed_structure()
        (item.up if delta < 0 and target > 0 else item.down if target < len(self.items) - 1 else item.toggle).setFocus()

    def _changed_structure(self) -> None:
        self._update_buttons()
        if self.row is not None:
            self.row.touched = True
        self.env.edited(self.row)
        self.env.structure_changed()

    def _update_buttons(self) -> None:
        total = len(self.items)
        for index, item in enumerate(self.items):
            item.update_buttons(index, total, total > self.field.min_count)
            item.retranslate(self.env.lang)
        self.add_button.setEnabled(self.field.max_count is None or total < self.field.max_count)
        self._update_count()

    def _update_count(self) -> None:
        total = len(self.items)
        if self.field.max_count is not None:
            self.count_label.setText(_("{n} of at most {max}").format(n=total, max=self.field.max_count))
        else:
            self.count_label.setText(ngettext("{n} entry", "{n} entries", total).format(n=total))

    # -- editor services ----------------------------------------------------------

    def apply_state(self, scope: FormState, state: RefreshState) -> None:
        for index, item in enumerate(self.items):
            item.apply_state(scope.entry(self.field, index), state)

    def locate(self, rest: str) -> tuple[FieldRow | None, str]:
        """``[2].relation`` → the row of that entry (opening the entry), else ``(None, rest)``."""
        close = rest.find("]")
        if not rest.startswith("[") or close < 0 or not rest[1:close].isdigit():
            return None, rest
        index = int(rest[1:close])
        if index >= len(self.items):
            return None, rest
        item = self.items[index]
        if not item.expanded:
            item.set_expanded(True)
        inner = rest[close + 1:].lstrip(".")
        if not inner:
            return None, rest
        assert item.level is not None
        return item.level.locate(inner)

    def item_at(self, index: int) -> GroupItem | None:
        return self.items[index] if 0 <= index < len(self.items) else None

    def iter_rows(self) -> Iterator[FieldRow]:
        for item in self.items:
            if item.level is not None:
                yield from item.level.iter_rows()

    def focus_input(self, subpath: str = "") -> None:
        self.add_button.setFocus()

    def retranslate(self, lang: str) -> None:
        self.add_button.setText("+ " + _("Add an entry: {name}").format(name=self.field.label(lang)))
        for item in self.items:
            item.retranslate(lang)
        self._update_count()
