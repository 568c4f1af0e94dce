"""One field on screen: its label (with a required mark), input, hint and validation messages.

The label sits above the input so long Kazakh and Russian labels wrap instead
of squeezing the inputs. The message label is only created when there is a
message, which keeps large repeat groups cheap to build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from intake_app.forms import Field
from intake_app.forms.prefill import SOURCE_DESCRIPTIONS
from intake_app.i18n import translate
from intake_app.ui.form.common import EditorEnv, set_bold, wrapped_label
from intake_app.ui.form.factory import make_input

if TYPE_CHECKING:
    from intake_app.ui.form.level import LevelEditor


class FieldRow(QWidget):
    def __init__(self, field: Field, env: EditorEnv, owner: LevelEditor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field, self.env, self.owner = field, env, owner
        self.touched = False
        self.required = False
        self.messages: list[tuple[str, str]] = []
        layout = self.body = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(3)
        self.label = wrapped_label()
        if field.type == "group":
            set_bold(self.label)
        layout.addWidget(self.label)
        self.hint: QLabel | None = None
        if field.hints:
            self.hint = wrapped_label(tone="hint")
            layout.addWidget(self.hint)
        self.input = make_input(field, env, self)
        if hasattr(self.input, "bind_row"):
            self.input.bind_row(self)
        layout.addWidget(self.input)
        self.error: QLabel | None = None
        self.prefill_note: QLabel | None = None
        self._prefill_source: str | None = None
        self.label.setBuddy(self.input.focusProxy() or self.input)
        self.input.edited.connect(lambda: env.edited(self))
        self.input.committed.connect(self._committed)
        self.retranslate(env.lang)

    def _committed(self) -> None:
        self.touched = True
        self.env.committed(self)

    def path(self) -> str:
        """The data path of this field, with current indices (``family_members[1].relation``)."""
        return self.owner.prefix() + self.field.id

    def set_required(self, required: bool) -> None:
        if required != self.required:
            self.required = required
            self._set_label(self.env.lang)

    def _set_label(self, lang: str) -> None:
        text = self.field.label(lang)
        self.label.setText(text + " *" if self.required else text)
        self.setAccessibleName(text)

    def show_messages(self, messages: list[tuple[str, str]]) -> None:
        """``(subpath, message)`` pairs already in the interface language; ``[]`` hides the messages."""
        if messages == self.messages:
            return
        self.messages = messages
        if not messages:
            if self.error is not None:
                self.error.hide()
            return
        if self.error is None:
            self.error = wrapped_label(tone="error")
            self.error.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            self.body.addWidget(self.error)
        lines = []
        for subpath, message in messages:
            part = self.input.sub_label(subpath, self.env.lang)
            lines.append("⚠ " + (f"{part}: {message}" if part else message))
        self.error.setText("\n".join(lines))
        self.error.show()

    def show_prefill_note(self, source: str | None) -> None:
        """Say where a prefilled answer came from (``prefill:`` source), or hide the note (``None``)."""
        if source == self._prefill_source:
            return
        self._prefill_source = source
        if source is None:
            if self.prefill_note is not None:
                self.prefill_note.hide()
            return
        if self.prefill_note is None:
            self.prefill_note = wrapped_label(tone="hint")
            self.body.insertWidget(self.body.indexOf(self.input) + 1, self.prefill_note)
        self._set_prefill_note(self.env.lang)
        self.prefill_note.show()

    def _set_prefill_note(self, lang: str) -> None:
        source = self._prefill_source
        if self.prefill_note is not None and source is not None and source in SOURCE_DESCRIPTIONS:
            self.prefill_note.setText(translate(SOURCE_DESCRIPTIONS[source], lang))

    def message_texts(self) -> list[str]:
        return [message for _subpath, message in self.messages]

    def retranslate(self, lang: str) -> None:
        self._set_label(lang)
        if self.hint is not None:
            self.hint.setText(self.field.hint(lang))
        self._set_prefill_note(lang)
        self.input.retranslate(lang)
