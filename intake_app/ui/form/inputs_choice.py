"""Inputs chosen from lists: yes/no, choice, multi-choice, country and language (one or several).

Labels come from the form (``field.choices(lang)``); countries and languages
are CLDR names in the interface language, searched by any part of the name.
Their lists are large, so one item model per (kind, language) is shared by
every picker in the application.
"""

from __future__ import annotations

from typing import Any, cast

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QCompleter, QRadioButton, QSizePolicy,
                               QToolButton, QVBoxLayout, QWidget)

from intake_app.forms import Field
from intake_app.forms.locale_names import country_choices, country_name, language_choices, language_name
from intake_app.i18n import _, translate
from intake_app.ui.form.common import EditorEnv, INPUT_MAX_WIDTH
from intake_app.ui.form.flow_layout import FlowLayout
from intake_app.ui.form.inputs_base import FieldInput, row_layout

CODE_ROLE = Qt.ItemDataRole.UserRole
_MODELS: dict[tuple[str, str], QStandardItemModel] = {}


def code_name(kind: str, code: str, lang: str) -> str:
    return country_name(code, lang) if kind == "country" else language_name(code, lang)


def code_model(kind: str, lang: str) -> QStandardItemModel:
    """The shared ``(name, code)`` model of every country or language, names in ``lang``.

    Kept by this module for the whole process and without a Qt parent: owned by the application,
    they would be destroyed at exit while pickers still show them.
    """
    model = _MODELS.get((kind, lang))
    if model is None:
        pairs = country_choices(lang) if kind == "country" else language_choices(lang)
        model = QStandardItemModel()
        root = model.invisibleRootItem()
        items = []
        for code, name in pairs:
            item = QStandardItem(name)
            item.setData(code, CODE_ROLE)
            item.setEditable(False)
            items.append(item)
        root.appendRows(items)
        _MODELS[(kind, lang)] = model
    return model


def _normal_code(kind: str, code: str) -> str:
    return code.upper() if kind == "country" else code.lower()


class SearchCombo(QComboBox):
    """An editable picker: type any part of a name, pick from the list; unknown text is not kept."""

    picked = Signal()

    def __init__(self, kind: str, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._code: str | None = None
        self._empty_pending = False
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.setMaxVisibleItems(15)
        completer = QCompleter(self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self._completer = completer
        line = self.lineEdit()
        assert line is not None  # editable
        self._line = line
        self._lang = ""
        self.set_language(env.lang)
        env.wheel_guard.guard(self)
        self.activated.connect(self._on_activated)
        cast(Any, completer.activated)[str].connect(self._on_completed)
        line.returnPressed.connect(lambda: self._resolve(eager=True))
        line.editingFinished.connect(self._resolve)
        line.installEventFilter(self)
        popup = completer.popup()
        if popup is not None:
            popup.installEventFilter(self)  # installed after the completer's own filter, so ours runs first

    def empty_soon(self) -> None:
        """Forget the choice now and empty the box once Qt has finished with the key that made it.

        Not at once: a name picked from the completer's list arrives while Qt is still handling
        that Enter, and the completer then reports the list row it noted before. Emptying the
        text re-filters the list under that row, which then named another country or language:
        it was silently added as a second value. The box is emptied on the next turn of the event
        loop, or before the next key if that comes first.
        """
        self._code = None
        self._empty_pending = True
        QTimer.singleShot(0, self, self._empty_now)

    def _empty_now(self) -> None:
        if self._empty_pending:
            self._empty_pending = False
            self.set_code(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Escape takes back what was typed or highlighted: the last valid choice is shown again.

        Without it, a name highlighted with ↓ and then dismissed stayed in the box, and leaving
        the field turned it into an answer the officer had just declined.
        """
        if event.type() == QEvent.Type.KeyPress and watched is self._line:
            self._empty_now()
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() == Qt.Key.Key_Escape):
            popup = self._completer.popup()
            if popup is not None:
                popup.hide()
            self.set_code(self._code)
            self._line.selectAll()
            return True
        return super().eventFilter(watched, event)

    def set_language(self, lang: str) -> None:
        if lang == self._lang:
            return
        self._lang = lang
        model = code_model(self.kind, lang)
        self.blockSignals(True)
        self.setModel(model)
        self._completer.setModel(model)
        self._completer.setCompletionColumn(0)
        self.blockSignals(False)
        self._line.setPlaceholderText(_("Type to search…"))
        self.set_code(self._code)

    def code(self) -> str | None:
        return self._code

    def set_code(self, code: str | None) -> None:
        self._code = _normal_code(self.kind, code) if isinstance(code, str) and code.strip() else None
        index = self.findData(self._code, CODE_ROLE) if self._code else -1
        self.blockSignals(True)
        self.setCurrentIndex(index)
        if index < 0:  # a code the picker does not list (an old alias): still shown by name and kept
            self.setEditText(code_name(self.kind, self._code, self._lang) if self._code else "")
        self.blockSignals(False)

    def _choose(self, code: str | None) -> None:
        popup = self._completer.popup()
        if popup is not None:
            popup.hide()
        changed = code != self._code
        self.set_code(code)
        if changed:
            self.picked.emit()

    def _on_activated(self, index: int) -> None:
        self._choose(self.itemData(index, CODE_ROLE))

    def _on_completed(self, text: str) -> None:
        index = self.findText(text, Qt.MatchFlag.MatchExactly)
        if index >= 0:
            self._choose(self.itemData(index, CODE_ROLE))

    def _resolve(self, *, eager: bool = False) -> None:
        """Typed text → the item it names.

        Enter (``eager``) takes the first name starting with, else containing, the text, as the list
        shows it. Leaving the field only accepts an exact or a single possible name, so a stray
        letter never silently becomes someone's nationality.
        """
        text = self.currentText().strip()
        if not text:
            self._choose(None)
            return
        if self._code and text == code_name(self.kind, self._code, self._lang):
            return
        current = self.findData(self._code, CODE_ROLE) if self._code else -1
        if current >= 0 and self.itemText(current) == text:
            return
        folded = text.casefold()
        names = [self.itemText(i).casefold() for i in range(self.count())]
        exact = [i for i, name in enumerate(names) if name == folded]
        starting = [i for i, name in enumerate(names) if name.startswith(folded)]
        containing = [i for i, name in enumerate(names) if folded in name]
        if exact:
            found = exact[0]
        elif eager and (starting or containing):
            found = (starting or containing)[0]
        elif len(containing) == 1:
            found = containing[0]
        else:
            self.set_code(self._code)  # not (clearly) a known name: show the last valid choice again
            return
        self._choose(self.itemData(found, CODE_ROLE))


class CodeInput(FieldInput):
    """One country or one language."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.combo = SearchCombo(field.type, env, self)
        self.combo.setMaximumWidth(420)
        layout = row_layout(self)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.setFocusProxy(self.combo)
        self.combo.picked.connect(self._edit_and_commit)

    def value(self) -> Any:
        return self.combo.code()

    def set_value(self, value: Any) -> None:
        self.combo.set_code(value if isinstance(value, str) else None)

    def retranslate(self, lang: str) -> None:
        self.combo.set_language(lang)


class CodeListInput(FieldInput):
    """Several countries or languages: chosen ones as removable chips, then a picker to add more."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.codes: list[str] = []
        self.flow = FlowLayout(self)
        self.combo = SearchCombo(field.type, env, self)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.setMaximumWidth(360)
        self.flow.addWidget(self.combo)
        self.setMaximumWidth(INPUT_MAX_WIDTH)
        self.setFocusProxy(self.combo)
        self.combo.picked.connect(self._add_picked)
        self._chips: list[QToolButton] = []

    def _add_picked(self) -> None:
        """Add the picked entry as a chip, then empty the picker for the next one."""
        code = self.combo.code()
        self.combo.empty_soon()
        if code and code not in self.codes:
            self.codes.append(code)
            self._sync_chips()
            self._edit_and_commit()

    def remove(self, code: str) -> None:
        if code in self.codes:
            self.codes.remove(code)
            self._sync_chips()
            self._edit_and_commit()
            self.combo.setFocus()

    def _name(self, code: str) -> str:
        return code_name(self.field.type, code, self.env.lang)

    def _sync_chips(self) -> None:
        while len(self._chips) < len(self.codes):
            chip = QToolButton(self)
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            chip.setStyleSheet("QToolButton { border: 1px solid palette(mid); border-radius: 10px;"
                               " padding: 2px 8px; background: palette(alternate-base); }")
            chip.clicked.connect(lambda _checked=False, c=chip: self.remove(c.property("code")))
            self.flow.insertWidget(len(self._chips), chip)
            self._chips.append(chip)
        while len(self._chips) > len(self.codes):
            chip = self._chips.pop()
            self.flow.removeWidget(chip)
            chip.deleteLater()
        for chip, code in zip(self._chips, self.codes, strict=True):
            name = self._name(code)
            chip.setProperty("code", code)
            chip.setText(name + "  ✕")
            chip.setToolTip(_("Remove “{name}”").format(name=name))
            chip.setAccessibleName(chip.toolTip())
        self.updateGeometry()

    def chip_names(self) -> list[str]:
        return [self._name(code) for code in self.codes]

    def value(self) -> Any:
        return list(self.codes) or None

    def set_value(self, value: Any) -> None:
        items = value if isinstance(value, list) else []
        self.codes = [_normal_code(self.field.type, v) for v in items if isinstance(v, str)]
        self._sync_chips()

    def retranslate(self, lang: str) -> None:
        self.combo.set_language(lang)
        self._sync_chips()


class YesNoInput(FieldInput):
    """Unanswered, yes or no: an unanswered question must stay visibly unanswered."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.yes, self.no = QRadioButton(self), QRadioButton(self)
        self.group = QButtonGroup(self)
        self.group.addButton(self.yes)
        self.group.addButton(self.no)
        self.clear_button = QToolButton(self)
        self.clear_button.setAutoRaise(True)
        self.clear_button.hide()
        layout = row_layout(self)
        layout.setSpacing(18)
        for widget in (self.yes, self.no, self.clear_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(self.yes)
        self.yes.clicked.connect(self._edit_and_commit)
        self.no.clicked.connect(self._edit_and_commit)
        self.group.buttonClicked.connect(lambda _b: self.clear_button.show())
        self.clear_button.clicked.connect(self._clear)
        self.retranslate(env.lang)

    def _clear(self) -> None:
        self.set_value(None)
        self._edit_and_commit()
        self.yes.setFocus()

    def value(self) -> Any:
        if self.yes.isChecked():
            return True
        if self.no.isChecked():
            return False
        return None

    def set_value(self, value: Any) -> None:
        self.group.setExclusive(False)
        self.yes.setChecked(value is True)
        self.no.setChecked(value is False)
        self.group.setExclusive(True)
        self.clear_button.setVisible(isinstance(value, bool))

    def retranslate(self, lang: str) -> None:
        self.yes.setText(translate("Yes", lang))
        self.no.setText(translate("No", lang))
        self.clear_button.setText(_("Clear answer"))


class ChoiceInput(FieldInput):
    """One option of the form's list; the empty first entry means unanswered."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.combo = QComboBox(self)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumWidth(160)
        self.combo.setMaximumWidth(INPUT_MAX_WIDTH)
        env.wheel_guard.guard(self.combo)
        layout = row_layout(self)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        self.setFocusProxy(self.combo)
        self.retranslate(env.lang)
        self.combo.activated.connect(self._edit_and_commit)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if isinstance(value, str) else 0
        self.combo.setCurrentIndex(max(index, 0))

    def retranslate(self, lang: str) -> None:
        current = self.combo.currentData()
        self.combo.clear()
        self.combo.addItem("—", None)
        for value, label in self.field.choices(lang):
            self.combo.addItem(label, value)
            self.combo.setItemData(self.combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        self.set_value(current)


class MultiChoiceInput(FieldInput):
    """Any number of options, each a check box."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.boxes: dict[str, QCheckBox] = {}
        for value, _label in field.choices(env.lang):
            box = QCheckBox(self)
            box.clicked.connect(self._edit_and_commit)
            layout.addWidget(box)
            self.boxes[value] = box
        if self.boxes:
            self.setFocusProxy(next(iter(self.boxes.values())))
        self.retranslate(env.lang)

    def value(self) -> Any:
        return [value for value, box in self.boxes.items() if box.isChecked()] or None

    def set_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for key, box in self.boxes.items():
            box.setChecked(key in chosen)

    def retranslate(self, lang: str) -> None:
        for value, label in self.field.choices(lang):
            if value in self.boxes:
                self.boxes[value].setText(label)
