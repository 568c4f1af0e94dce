"""Small pieces the access screens share: inline field errors, a passphrase pair, language names.

Errors are shown next to the field they concern, in words, so a person sees
at once what to fix; the checks themselves are the core's
(``check_passphrase_strength`` etc.), never re-implemented here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QRect, Qt, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from intake_app.errors import UserError
from intake_app.i18n import INTERFACE_LANGUAGES, _
from intake_app.credentials import MIN_PASSPHRASE_LENGTH, check_passphrase_strength

#: Each language's own name (an autonym): shown the same in every interface
#: language, so a person can always find theirs. Deliberately not translated.
LANGUAGE_NAMES: dict[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}

ERROR_STYLE = "color: #b00020;"
INFO_STYLE = "font-weight: bold;"
HINT_STYLE = "color: palette(placeholder-text);"
OK_STYLE = "color: #1b5e20;"


Text = str | Callable[[], str]


class FieldMessage(QLabel):
    """A short message under a field: hidden when empty, red for errors, read out by screen readers.

    Given a callable instead of a string, it renders it again on ``retranslate()``,
    so a message on screen follows a switch of the interface language.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._source: Text = ""
        self._style = HINT_STYLE
        self.hide()

    @property
    def is_error(self) -> bool:
        return self._style == ERROR_STYLE and bool(self.text())

    def show_error(self, text: Text) -> None:
        self._show(text, ERROR_STYLE)

    def show_hint(self, text: Text, *, ok: bool = False) -> None:
        self._show(text, OK_STYLE if ok else HINT_STYLE)

    def show_info(self, text: Text) -> None:
        """Something the person must notice but did nothing wrong for (e.g. a wait)."""
        self._show(text, INFO_STYLE)

    def _show(self, text: Text, style: str) -> None:
        self._source, self._style = text, style
        self.setStyleSheet(style)
        self.retranslate()

    def retranslate(self) -> None:
        text = self._source() if callable(self._source) else self._source
        self.setText(text)
        self.setAccessibleDescription(text)
        self.setVisible(bool(text))
        if text:
            QTimer.singleShot(0, self, self._fit_window)  # once its layout has made room for it

    def _fit_window(self) -> None:
        """Make the window taller if the message's lines do not fit: a dialog does not grow by itself."""
        window = self.window()
        layout = window.layout()
        if (window is self or layout is None or not window.isVisible() or not layout.hasHeightForWidth()
                or window.windowState() & (Qt.WindowState.WindowMaximized | Qt.WindowState.WindowFullScreen)):
            return
        needed = layout.totalHeightForWidth(window.width())
        screen = window.screen().availableGeometry().height() if window.screen() is not None else needed
        if window.height() < needed:
            window.resize(window.width(), min(needed, screen))

    def clear(self) -> None:  # type: ignore[override]  # QLabel.clear has the same signature
        self._source = ""
        self.retranslate()

def check_field(edit: QWidget, message: FieldMessage, check: Callable[[], object]) -> bool:
    """Run a core check; show its :class:`UserError` under ``edit`` and focus it. True when it passed.

    The message re-runs the check when the language changes, so it is always
    in the current language (the core translates when it raises).
    """
    def problem() -> str:
        try:
            check()
        except UserError as exc:
            return exc.message
        return ""

    if problem():
        message.show_error(problem)
        edit.setFocus()
        return False
    message.clear()
    return True


class FormLayout(QFormLayout):
    """A :class:`QFormLayout` that gives wrapped texts (a field's message, a note) all the lines they need.

    QFormLayout remembers its row heights for two widths (its preferred width and
    the last one asked about) but keeps only one table of them: after a question
    about the other width it lays the rows out with heights for the wrong width,
    and a message that wraps is cut (half a line of the Kazakh "passphrases
    differ" in the setup wizard). Asking about a width just narrower than the
    one it is given makes it work the table out again for this width; in the one
    case it still reuses the table (this width is its preferred one), heights for
    a narrower width are never too small.
    """

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        if self.hasHeightForWidth():
            narrower = rect.width() - 1
            if narrower == self.sizeHint().width():
                narrower -= 1
            self.heightForWidth(narrower)
        super().setGeometry(rect)


def with_message(field: QWidget, message: FieldMessage) -> QVBoxLayout:
    """The field with its message right below it, as one row of a :class:`FormLayout`."""
    box = QVBoxLayout()
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(field)
    box.addWidget(message)
    return box


def password_edit(parent: QWidget | None = None) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setInputMethodHints(Qt.InputMethodHint.ImhHiddenText | Qt.InputMethodHint.ImhNoPredictiveText
                             | Qt.InputMethodHint.ImhSensitiveData)
    return edit


class PassphrasePair(QObject):
    """New passphrase typed twice, with a live hint on its length and whether the two match.

    Not a widget of its own: its fields go into the caller's :class:`FormLayout`
    (``add_to``), so their labels line up with the other fields. The owner calls
    ``retranslate()`` from its own.
    """

    changed = Signal()

    def __init__(self, parent: QWidget, *, new: bool = False) -> None:
        """``new``: replacing an existing passphrase, so the first label says "New passphrase"."""
        super().__init__(parent)
        self.new = new
        self.first = password_edit(parent)
        self.second = password_edit(parent)
        self.first_label = QLabel(parent)
        self.second_label = QLabel(parent)
        self.hint = FieldMessage(parent)
        self.match = FieldMessage(parent)
        self.first.textChanged.connect(self._update)
        self.second.textChanged.connect(self._update)
        self.retranslate()

    def add_to(self, form: QFormLayout) -> None:
        form.addRow(self.first_label, with_message(self.first, self.hint))
        form.addRow(self.second_label, with_message(self.second, self.match))

    def retranslate(self) -> None:
        # The CLI's prompts, so the same words are used (and translated) everywhere.
        self.first_label.setText((_("New passphrase: ") if self.new else _("Passphrase: ")).strip())
        self.second_label.setText(_("Repeat the new passphrase: ").strip())
        self._update()

    def _update(self) -> None:
        typed = len(self.first.text())
        if typed == 0:
            self.hint.show_hint(_("At least {n} characters. A few unrelated words are easy to remember.").format(
                n=MIN_PASSPHRASE_LENGTH))
        elif typed < MIN_PASSPHRASE_LENGTH:
            self.hint.show_hint(_("Too short: {typed} of at least {n} characters.").format(
                typed=typed, n=MIN_PASSPHRASE_LENGTH))
        else:
            self.hint.show_hint(_("Long enough."), ok=True)
        if self.second.text() and self.second.text() != self.first.text():
            self.match.show_hint(_("The two passphrases differ."))
        else:
            self.match.clear()
        self.changed.emit()

    def validate(self) -> str | None:
        """The passphrase if it is strong enough and typed the same twice; otherwise show why and focus."""
        if not check_field(self.first, self.hint, lambda: check_passphrase_strength(self.first.text())):
            return None
        if self.second.text() != self.first.text():
            self.match.show_error(_("The two passphrases differ."))
            self.second.setFocus()
            return None
        self._update()  # back to the live hints
        return self.first.text()

    def clear(self) -> None:
        """Forget what was typed (called once the passphrase has been used or abandoned)."""
        self.first.clear()
        self.second.clear()

    def set_enabled(self, enabled: bool) -> None:
        self.first.setEnabled(enabled)
        self.second.setEnabled(enabled)


def connect_while_open(dialog: QDialog,
                       connections: list[tuple[SignalInstance, Callable[..., object]]]) -> Callable[[], None]:
    """Connect context signals to a dialog now, and drop them when it finishes.

    A finished dialog is hidden and often deleted; a slot left connected to it
    would then run on a deleted object at the next language switch or lock.
    Returns a function that connects them again (call it when the same dialog
    is shown again).
    """
    connected = False

    def attach() -> None:
        nonlocal connected
        if not connected:
            for signal, slot in connections:
                signal.connect(slot)
            connected = True

    def drop() -> None:
        nonlocal connected
        if connected:
            for signal, slot in connections:
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):  # already gone
                    pass
            connected = False

    attach()
    dialog.finished.connect(drop)
    return attach


def language_combo(current: str, parent: QWidget | None = None) -> QComboBox:
    """A combo of the interface languages by their own names; ``currentData()`` is the code."""
    combo = QComboBox(parent)
    for code in INTERFACE_LANGUAGES:
        combo.addItem(LANGUAGE_NAMES.get(code, code), code)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo
