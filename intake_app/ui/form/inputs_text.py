"""Inputs typed as text: text, long text, integer, decimal, phone, IIN.

They pass on what was typed (trimmed) and let the engine normalize and judge
it; validators only keep out characters that can never be right (letters in
a number), so the user is not told off for every keystroke.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSizePolicy, QWidget

from intake_app.forms import Field, iin_is_valid
from intake_app.i18n import _
from intake_app.ui.form.common import INPUT_MAX_WIDTH, EditorEnv, set_bold, set_tone
from intake_app.ui.form.inputs_base import FieldInput, FocusOutWatcher, row_layout



class TextInput(FieldInput):
    """One line of text; ``*_original`` fields follow the applicant's writing direction.

    A Latin field of a name (``suggest_latin_from:``) shows the engine's suggestion
    in grey while it is empty; → or Enter in the empty field, or the button beside
    it, accepts it. It is never an answer until accepted, and never replaces typing.
    """

    ACCEPT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Return, Qt.Key.Key_Enter)

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.edit = QLineEdit(self)
        limit = field.options.get("max_length")
        if isinstance(limit, int):
            self.edit.setMaxLength(limit)
        self.edit.setMaximumWidth(INPUT_MAX_WIDTH)
        layout = row_layout(self)
        layout.addWidget(self.edit, 1)
        self.suggestion: str | None = None
        self.accept_button: QPushButton | None = None
        if field.suggest_latin_from is not None:
            self.accept_button = QPushButton(self)
            self.accept_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes on to the next field
            self.accept_button.setAutoDefault(False)
            self.accept_button.hide()
            self.accept_button.clicked.connect(self.accept_suggestion)
            layout.addWidget(self.accept_button)
            self.edit.installEventFilter(self)
        layout.addStretch(0)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._edit)
        self.edit.editingFinished.connect(self._commit)
        self.retranslate(env.lang)

    def set_suggestion(self, text: str | None) -> None:
        """Offer ``text`` (the engine's Latin spelling) while the field is empty; ``None`` offers nothing."""
        if text == self.suggestion or self.accept_button is None:
            return
        self.suggestion = text
        self.edit.setPlaceholderText(text or "")
        self.accept_button.setVisible(text is not None)
        self.retranslate(self.env.lang)

    def accept_suggestion(self) -> None:
        """The officer takes the suggested spelling: it becomes the answer, as if typed."""
        if not self.suggestion or self.edit.text().strip():
            return
        self.edit.setText(self.suggestion)
        self.edit.setCursorPosition(len(self.suggestion))
        self.set_suggestion(None)
        self._edit_and_commit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (watched is self.edit and event.type() == QEvent.Type.KeyPress and self.suggestion
                and not self.edit.text() and isinstance(event, QKeyEvent) and event.key() in self.ACCEPT_KEYS
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)):
            self.accept_suggestion()
            return True
        return super().eventFilter(watched, event)

    def retranslate(self, lang: str) -> None:
        if self.accept_button is None:
            return
        self.accept_button.setText(_("Accept suggestion (→)"))
        tip = (_("Suggested Latin spelling (ICAO 9303): {name}. Press → or Enter in the empty field to accept it, "
                 "or type the spelling of the passport.").format(name=self.suggestion) if self.suggestion else "")
        self.accept_button.setToolTip(tip)
        self.edit.setAccessibleDescription(tip)

    def value(self) -> Any:
        text = self.edit.text()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))
        self.edit.setCursorPosition(0)

    def set_text_direction(self, direction: Qt.LayoutDirection) -> None:
        if self.edit.layoutDirection() != direction:
            self.edit.setLayoutDirection(direction)


class LongTextInput(FieldInput):
    """Several lines (a claim summary, notes); Tab moves on instead of inserting a tab."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.edit = QPlainTextEdit(self)
        self.edit.setTabChangesFocus(True)
        self.edit.setMaximumWidth(INPUT_MAX_WIDTH)
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * 5 + 12)
        self.edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout = row_layout(self)
        layout.addWidget(self.edit, 1)
        layout.addStretch(0)
        self.setFocusProxy(self.edit)
        self._watcher = FocusOutWatcher(self)
        self.edit.installEventFilter(self._watcher)
        self._watcher.left.connect(self._commit)
        self._loading = False
        self.edit.textChanged.connect(self._changed)

    def _changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    def value(self) -> Any:
        text = self.edit.toPlainText()
        return text if text.strip() else None

    def set_value(self, value: Any) -> None:
        self._loading = True
        try:
            self.edit.setPlainText("" if value is None else str(value))
        finally:
            self._loading = False


class PatternInput(FieldInput):
    """A short line restricted to plausible characters (numbers, phone numbers)."""

    PATTERN = ".*"
    WIDTH = 240

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.edit = QLineEdit(self)
        self.edit.setValidator(QRegularExpressionValidator(QRegularExpression(self.PATTERN), self.edit))
        self.edit.setMaximumWidth(self.WIDTH)
        self.edit.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.layout_ = row_layout(self)
        self.layout_.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.layout_.addStretch(1)
        self.edit.textEdited.connect(self._edit)
        self.edit.editingFinished.connect(self._commit)

    def value(self) -> Any:
        text = self.edit.text().strip()
        return text or None

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))


class IntegerInput(PatternInput):
    PATTERN = r"[+-]?\d{0,15}"
    WIDTH = 160

    def value(self) -> Any:
        text = self.edit.text().strip()
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        return None


class DecimalInput(PatternInput):
    PATTERN = r"[+-]?\d{0,30}([.,]\d{0,30})?"
    WIDTH = 200


class PhoneInput(PatternInput):
    PATTERN = r"[+\d\s\-()]{0,30}"

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.edit.setPlaceholderText("+7 701 234 56 78")
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)


class IinInput(PatternInput):
    """Twelve digits with a live check-digit indicator, so a typo is seen before the form is checked."""

    PATTERN = r"[\d\s]{0,16}"
    WIDTH = 200

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.edit.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)
        self.indicator = QLabel(self)
        self.indicator.setTextFormat(Qt.TextFormat.PlainText)
        set_bold(self.indicator)
        self.layout_.insertWidget(1, self.indicator)
        self.edit.textChanged.connect(self._update_indicator)

    def _update_indicator(self) -> None:
        digits = re.sub(r"\s", "", self.edit.text())
        if not digits:
            self.indicator.setText("")
        elif len(digits) < 12:
            set_tone(self.indicator, "hint")
            self.indicator.setText(_("{n} of 12 digits").format(n=len(digits)))
        elif iin_is_valid(digits):
            set_tone(self.indicator, "ok")
            self.indicator.setText("✓ " + _("Check digit correct"))
        else:
            set_tone(self.indicator, "error")
            self.indicator.setText("✗ " + _("Check digit does not match: check the number"))

    @property
    def check_state(self) -> str:
        """``""``, ``"incomplete"``, ``"valid"`` or ``"invalid"`` (what the indicator shows)."""
        digits = re.sub(r"\s", "", self.edit.text())
        if not digits:
            return ""
        if len(digits) < 12:
            return "incomplete"
        return "valid" if iin_is_valid(digits) else "invalid"

    def value(self) -> Any:
        text = re.sub(r"\s", "", self.edit.text())
        return text or None

    def retranslate(self, lang: str) -> None:
        self._update_indicator()
