"""Which input widget draws which field type: the one place that maps types to widgets."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from intake_app.forms import Field
from intake_app.ui.form.common import EditorEnv
from intake_app.ui.form.inputs_base import FieldInput
from intake_app.ui.form.inputs_choice import ChoiceInput, CodeInput, CodeListInput, MultiChoiceInput, YesNoInput
from intake_app.ui.form.inputs_date import DateInput, DateTimeInput
from intake_app.ui.form.inputs_document import IdentityDocumentInput
from intake_app.ui.form.inputs_text import (DecimalInput, IinInput, IntegerInput, LongTextInput, PhoneInput,
                                            TextInput)

InputClass = Callable[[Field, EditorEnv, QWidget | None], FieldInput]

_SIMPLE: dict[str, InputClass] = {
    "text": TextInput, "long_text": LongTextInput, "integer": IntegerInput, "decimal": DecimalInput,
    "phone": PhoneInput, "iin": IinInput, "date": DateInput, "datetime": DateTimeInput, "yes_no": YesNoInput,
    "choice": ChoiceInput, "multi_choice": MultiChoiceInput, "identity_document": IdentityDocumentInput,
}


def make_input(field: Field, env: EditorEnv, parent: QWidget | None = None) -> FieldInput:
    """The input widget for ``field``; raises ``KeyError`` for a type the UI does not know."""
    if field.type in ("country", "language"):
        return (CodeListInput if field.multiple else CodeInput)(field, env, parent)
    if field.type == "group":
        from intake_app.ui.form.group_editor import GroupInput

        return GroupInput(field, env, parent)
    if field.type == "attachment":
        from intake_app.ui.form.attachments_widget import AttachmentInput

        return AttachmentInput(field, env, parent)
    return _SIMPLE[field.type](field, env, parent)
