"""``FormEditor``: draws any form from its definition and keeps the screen in step with the engine.

After every edit the editor asks the engine what the answers mean:
``form.state`` says which fields are shown (``relevant``) and which are
required, ``form.validate`` what is wrong; the editor applies no form rule
of its own. Messages appear beside a field once the user has finished with
it, or everywhere once ``validate()`` was called, and in a summary list that
leads to the field. Hidden answers stay in their widgets (so re-showing a
field restores them) but are never part of ``data()``.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QListWidget, QListWidgetItem, QScrollArea, QSizePolicy,
                               QVBoxLayout, QWidget)

from intake_app.forms import Form, FormState, ValidationResult
from intake_app.forms.prefill import changed_paths
from intake_app.ui.context import UiContext, direction_for
from intake_app.ui.form.attachments_access import AttachmentAccess
from intake_app.ui.form.common import EditorEnv, WheelGuard
from intake_app.ui.form.field_row import FieldRow
from intake_app.ui.form.group_editor import GroupItem
from intake_app.ui.form.inputs_document import document_part_label
from intake_app.ui.form.issues_panel import IssuesPanel
from intake_app.ui.form.level import LevelEditor, RefreshState, SectionBox

#: The language field whose value sets the writing direction of ``*_original`` name fields.
PREFERRED_LANGUAGE = "preferred_language"
REFRESH_DELAY_MS = 30
_SEGMENT = re.compile(r"\.?([a-z][a-z0-9_]*)|\[(\d+)\]")


class FormEditor(QWidget):
    """Edits one record of ``form``; ``data()`` is what ``lifecycle`` saves."""

    changed = Signal()

    def __init__(self, form: Form, ctx: UiContext, attachments: AttachmentAccess,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form, self.ctx = form, ctx
        self._show_all = False
        self._pending = False
        self._raw: dict[str, Any] = {}
        self._prefilled: dict[str, Any] = {}  # the answers the record was started with, by path
        self._result = ValidationResult()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self._refresh)
        self.env = EditorEnv(form, ctx, attachments, edited=self._on_edited, committed=self._on_committed,
                             structure_changed=self._schedule, wheel_guard=WheelGuard(self))
        self._state: FormState = form.state({}, today=self.env.today())
        self._top_section = {field.id: top.id for top in form.fields if top.type == "section"
                             for field in top.walk()}
        self._build()
        ctx.language_changed.connect(self.retranslate)
        self.retranslate()

    def _build(self) -> None:
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        side = QVBoxLayout()
        self.nav = QListWidget(self)
        self.nav.setWordWrap(True)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.nav.setSizeAdjustPolicy(QListWidget.SizeAdjustPolicy.AdjustToContents)
        self.nav.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.nav.itemClicked.connect(self._nav_chosen)
        self.nav.itemActivated.connect(self._nav_chosen)
        self.issues = IssuesPanel(self)
        self.issues.activated.connect(self.focus_field)
        self.issues.check_requested.connect(self.validate)
        side.addWidget(self.nav, 0)
        side.addSpacing(8)
        side.addWidget(self.issues, 1)
        side_box = QWidget(self)
        side_box.setLayout(side)
        side_box.setFixedWidth(270)
        side.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        content = self.content = QWidget()
        column = self.column = QHBoxLayout(content)
        column.setContentsMargins(12, 8, 12, 24)
        self.root = LevelEditor(self.form.fields, self.env, lambda: "", content, spacing=14)
        self.root.setMaximumWidth(860)
        column.addWidget(self.root, 1, Qt.AlignmentFlag.AlignTop)
        column.addStretch(0)
        self.scroll_area.setWidget(content)
        self.scroll_area.verticalScrollBar().valueChanged.connect(self._track_section)
        layout.addWidget(side_box)
        layout.addWidget(self.scroll_area, 1)
        self.nav_sections = [field for field in self.form.fields if field.type == "section"]
        for _field in self.nav_sections:
            self.nav.addItem(QListWidgetItem())

    # -- public API ------------------------------------------------------------------

    def set_data(self, data: dict[str, Any]) -> None:
        """Show a record's answers (a draft, or the version to amend); nothing counts as touched yet."""
        self.root.set_value(data if isinstance(data, dict) else {})
        for row in self.root.iter_rows():
            row.touched = False
        self._show_all = False
        self._refresh()

    def show_prefilled(self, values: dict[str, Any]) -> None:
        """Mark the answers the app filled in (by path) while they hold the prefilled value."""
        self._prefilled = dict(values)
        self._refresh()

    def data(self) -> dict[str, Any]:
        """The answers in the engine's format, without hidden (irrelevant) fields."""
        if self._pending:
            self._refresh()
        return self._state.pruned()

    def validate(self) -> ValidationResult:
        """Check everything now and show every message and the summary."""
        self._show_all = True
        self._refresh()
        return self._result

    def focus_field(self, path: str) -> None:
        """Scroll to the field at ``path`` (opening a closed group entry) and put the focus in it."""
        row, rest = self.root.locate(path)
        if self._pending:
            self._refresh()
        if row is None or row.isHidden():
            return
        self.column.activate()
        self.scroll_area.ensureWidgetVisible(row, 40, 60)
        row.input.focus_input(rest)
        QTimer.singleShot(0, lambda: self._reveal(row))

    def focus_first(self) -> None:
        """Put the cursor in the first field a person can fill in (a new form is ready to type into)."""
        for row in self.root.iter_rows():
            if row.isVisibleTo(self) and row.isEnabled():
                self.focus_field(row.path())
                return

    def _reveal(self, row: FieldRow) -> None:
        if row.isVisible():
            self.scroll_area.ensureWidgetVisible(row, 40, 60)

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.root.retranslate(lang)
        self.issues.retranslate()
        self._refresh()

    @property
    def result(self) -> ValidationResult:
        """The latest validation (shown or not)."""
        if self._pending:
            self._refresh()
        return self._result

    def row(self, path: str) -> FieldRow | None:
        """The row drawing ``path`` (for the shell and tests); opens group entries on the way."""
        row, rest = self.root.locate(path)
        return row if row is not None and not rest else None

    # -- keeping the screen in step ------------------------------------------------------

    def _on_edited(self, row: FieldRow | None) -> None:
        self._schedule()
        self.changed.emit()

    def _on_committed(self, row: FieldRow | None) -> None:
        self._schedule()

    def _schedule(self) -> None:
        self._pending = True
        self._timer.start()

    def _refresh(self) -> None:
        self._timer.stop()
        self._pending = False
        today = self.env.today()
        self._raw = self.root.value()
        self._state = self.form.state(self._raw, today=today)
        self._result = self.form.validate(self._raw, today=today, state=self._state)
        preferred = (self._state.value(PREFERRED_LANGUAGE)
                     if PREFERRED_LANGUAGE in self.form.level(None).entries else None)
        direction = direction_for(preferred) if isinstance(preferred, str) else Qt.LayoutDirection.LeftToRight
        state = RefreshState(direction)
        self.root.apply_state(self._state, state)
        self._distribute(state)
        self._mark_prefilled(state)

    def _mark_prefilled(self, state: RefreshState) -> None:
        """A note under each prefilled answer still as filled in, saying where it came from (the engine compares)."""
        if not self._prefilled:
            return
        changed = set(changed_paths(self.form, self._prefilled, self._raw))
        for path in self._prefilled:
            row = state.rows.get(path)
            if row is not None:
                row.show_prefill_note(None if path in changed else row.field.prefill)

    def _target(self, path: str, state: RefreshState) -> tuple[FieldRow | GroupItem | None, str]:
        """Where an issue at ``path`` is shown: a row (with the rest of the path) or a closed group entry."""
        probe = path
        while probe:
            if probe in state.rows:
                return state.rows[probe], path[len(probe):]
            item = state.items.get(probe)
            if item is not None and item.level is None:
                return item, path[len(probe):]
            cut = max(probe.rfind("."), probe.rfind("["))
            if cut <= 0:
                break
            probe = probe[:cut]
        return None, path

    def _distribute(self, state: RefreshState) -> None:
        lang = self.ctx.language
        per_row: dict[int, list[tuple[str, str]]] = {}
        entries: list[tuple[str, str]] = []
        per_section: dict[str, int] = {}
        item_counts: dict[str, int] = {}
        for issue in self._result.issues:
            target, rest = self._target(issue.path, state)
            if isinstance(target, FieldRow):
                shown = self._show_all or target.touched
            else:
                shown = self._show_all
            if not shown:
                continue
            message = issue.message(lang)
            if isinstance(target, FieldRow):
                per_row.setdefault(id(target), []).append((rest, message))
            entries.append((issue.path, f"{self._describe(issue.path, lang)}: {message}"))
            top = self._top_section.get(issue.path.split(".", 1)[0].split("[", 1)[0])
            if top:
                per_section[top] = per_section.get(top, 0) + 1
            for prefix in state.items:
                if issue.path.startswith(prefix + "."):
                    item_counts[prefix] = item_counts.get(prefix, 0) + 1
        for row in state.rows.values():
            row.show_messages(per_row.get(id(row), []))
        for prefix, item in state.items.items():
            item.show_problem_count(item_counts.get(prefix, 0))
        self.issues.set_entries(entries, self._show_all)
        self._update_nav(lang, per_section)

    def _describe(self, path: str, lang: str) -> str:
        """``family_members[1].relation`` → "Family members 2 › Relation to the applicant"."""
        parts: list[str] = []
        for name, index in _SEGMENT.findall(path):
            if name:
                try:
                    parts.append(self.form.field(name).label(lang))
                except KeyError:
                    parts.append(document_part_label(name) or name)
            elif parts:
                parts[-1] = f"{parts[-1]} {int(index) + 1}"
        return " › ".join(parts) or path

    # -- section list ----------------------------------------------------------------------

    def _update_nav(self, lang: str, problems: dict[str, int]) -> None:
        for index, section in enumerate(self.nav_sections):
            item = self.nav.item(index)
            count = problems.get(section.id, 0)
            text = section.label(lang) + (f"  ⚠ {count}" if count else "")
            if item.text() != text:
                item.setText(text)
            item.setHidden(self.root.sections[section.id].isHidden())

    def _section_top(self, box: SectionBox) -> int:
        return box.mapTo(self.content, QPoint(0, 0)).y()

    def _nav_chosen(self, item: QListWidgetItem) -> None:
        section = self.nav_sections[self.nav.row(item)]
        box = self.root.sections[section.id]
        self.scroll_area.verticalScrollBar().setValue(max(self._section_top(box) - 8, 0))
        row = next((r for r in box.findChildren(FieldRow) if not r.isHidden()), None)
        if row is not None:
            row.input.focus_input()

    def _track_section(self, value: int) -> None:
        current = -1
        for index, section in enumerate(self.nav_sections):
            box = self.root.sections[section.id]
            if not box.isHidden() and self._section_top(box) <= value + 40:
                current = index
        if current >= 0 and self.nav.currentRow() != current:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(current)
            self.nav.blockSignals(False)
