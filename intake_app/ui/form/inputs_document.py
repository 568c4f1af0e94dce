"""An identity document: its type, number and (optional) issuing country, side by side."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QWidget

from intake_app.forms import Field
from intake_app.i18n import _
from intake_app.ui.form.common import EditorEnv, set_tone
from intake_app.ui.form.inputs_base import FieldInput
from intake_app.ui.form.inputs_choice import SearchCombo

_KEYS = ("type", "number", "issuing_country")


def document_part_label(key: str) -> str:
    """The caption of one part of an identity document value, in the interface language."""
    labels = {"type": _("Type of document"), "number": _("Number"), "issuing_country": _("Issuing country")}
    return labels.get(key, "")


class IdentityDocumentInput(FieldInput):
    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.kind = QComboBox(self)
        self.kind.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.kind.setMinimumContentsLength(14)
        env.wheel_guard.guard(self.kind)
        self.number = QLineEdit(self)
        self.number.setMaxLength(64)
        self.country = SearchCombo("country", env, self)
        self.captions = [QLabel(self) for _key in _KEYS]
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        parts = (self.kind, self.number, self.country)
        for column, (caption, widget) in enumerate(zip(self.captions, parts, strict=True)):
            set_tone(caption, "hint")
            caption.setBuddy(widget)
            grid.addWidget(caption, 0, column)
            grid.addWidget(widget, 1, column)
            grid.setColumnStretch(column, 1)
        self.setMaximumWidth(720)
        self.setFocusProxy(self.kind)
        self.kind.activated.connect(self._edit_and_commit)
        self.number.textEdited.connect(self._edit)
        self.number.editingFinished.connect(self._commit)
        self.country.picked.connect(self._edit_and_commit)
        self.retranslate(env.lang)

    def value(self) -> Any:
        parts = {"type": self.kind.currentData(), "number": self.number.text().strip() or None,
                 "issuing_country": self.country.code()}
        answered = {key: value for key, value in parts.items() if value is not None}
        return answered or None

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        kind = value.get("type")
        self.kind.setCurrentIndex(max(self.kind.findData(kind), 0) if isinstance(kind, str) else 0)
        number = value.get("number")
        self.number.setText(number if isinstance(number, str) else "")
        country = value.get("issuing_country")
        self.country.set_code(country if isinstance(country, str) else None)

    def focus_input(self, subpath: str = "") -> None:
        target = {".number": self.number, ".issuing_country": self.country}.get(subpath, self.kind)
        target.setFocus()

    def sub_label(self, subpath: str, lang: str) -> str:
        for key, caption in zip(_KEYS, self.captions, strict=True):
            if subpath.startswith("." + key):
                return caption.text()
        return ""

    def retranslate(self, lang: str) -> None:
        current = self.kind.currentData()
        self.kind.clear()
        self.kind.addItem("—", None)
        for value, label in self.field.choices(lang):
            self.kind.addItem(label, value)
        self.kind.setCurrentIndex(max(self.kind.findData(current), 0) if current else 0)
        self.country.set_language(lang)
        for caption, key in zip(self.captions, _KEYS, strict=True):
            caption.setText(document_part_label(key))
