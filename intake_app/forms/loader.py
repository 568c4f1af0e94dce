"""Loading form definitions: one file, one text, a directory, or a registry of them.

``load_form_source`` exists because records keep the form id and version they
were captured with, and the store keeps every version's source: an old record
is always read with the exact definition it was made with.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from intake_app import paths
from intake_app.errors import NotFound
from intake_app.forms.builder import FormBuilder
from intake_app.forms.errors import FormDefinitionError, FormError
from intake_app.forms.form import Form
from intake_app.forms.schema_check import schema_errors
from intake_app.forms.yaml_source import LineDict, parse_yaml
from intake_app.i18n import _

FORM_FILE = "form.yaml"

PathLike = str | os.PathLike[str]


def _load(text: str, filename: str) -> tuple[Form | None, list[FormError], int | None]:
    """The form (None if any error), every error, and the line of its ``id``."""
    document, errors = parse_yaml(text, filename)
    if document is None and errors:
        return None, errors, None
    if not isinstance(document, LineDict):
        errors.append(FormError(filename, getattr(document, "line", 1), None,
                                "a form definition must be a YAML mapping (id:, version:, title:, …, fields:)"))
        return None, errors, None
    errors += schema_errors(document, filename)
    builder = FormBuilder(document, filename, text)
    form = builder.build(construct=not errors)
    errors += builder.errors
    return (None if errors else form), errors, document.key_line("id")


def _read(path: Path) -> tuple[str | None, list[FormError]]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, [FormError(str(path), None, None, f"cannot read the file: {exc.strerror or exc}")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [FormError(str(path), line, None, "the file is not valid UTF-8")]


def load_form_source(text: str, filename: str) -> Form:
    """The form defined by ``text`` (``filename`` is only used in error messages)."""
    form, errors, _line = _load(text, filename)
    if form is None:
        raise FormDefinitionError(errors)
    return form


def load_form_file(path: PathLike) -> Form:
    """The form defined in the YAML file at ``path``; raises :class:`FormDefinitionError`."""
    text, errors = _read(Path(path))
    if text is None:
        raise FormDefinitionError(errors)
    return load_form_source(text, str(path))


def check_forms_dir(directory: PathLike | None = None) -> tuple[list[Form], list[FormError]]:
    """Every valid form in ``directory`` (default: the shipped forms) and every error found.

    Each form lives in ``<directory>/<form id>/form.yaml``; a directory named
    differently from its form's id, or two forms with one id, are errors too.
    """
    root = Path(directory) if directory is not None else paths.forms_dir()
    if not root.is_dir():
        return [], [FormError(str(root), None, None, "the forms directory does not exist")]
    forms: dict[str, Form] = {}
    errors: list[FormError] = []
    subdirs = sorted(item for item in root.iterdir() if item.is_dir() and not item.name.startswith((".", "_")))
    for subdir in subdirs:
        path = subdir / FORM_FILE
        if not path.is_file():
            errors.append(FormError(str(subdir), None, None, f"a form directory must contain {FORM_FILE}"))
            continue
        text, read_errors = _read(path)
        if text is None:
            errors += read_errors
            continue
        form, form_errors, id_line = _load(text, str(path))
        errors += form_errors
        if form is None:
            continue
        if form.id in forms:
            errors.append(FormError(str(path), id_line, None,
                                    f"form id '{form.id}' is also used by {forms[form.id].filename}"))
        elif form.id != subdir.name:
            errors.append(FormError(str(path), id_line, None,
                                    f"form id '{form.id}' does not match its directory name '{subdir.name}'"))
        forms.setdefault(form.id, form)
    if not subdirs:
        errors.append(FormError(str(root), None, None, "no form definitions found"))
    return sorted(forms.values(), key=lambda form: form.id), errors


class FormRegistry:
    """The current version of every form the app offers."""

    def __init__(self, forms: Iterable[Form]) -> None:
        self._forms: dict[str, Form] = {}
        for form in forms:
            if form.id in self._forms:
                raise ValueError(f"two forms with id {form.id!r}")
            self._forms[form.id] = form

    @classmethod
    def from_dir(cls, directory: PathLike | None = None) -> FormRegistry:
        """All forms in ``directory``; raises :class:`FormDefinitionError` listing every error."""
        forms, errors = check_forms_dir(directory)
        if errors:
            raise FormDefinitionError(errors)
        return cls(forms)

    def get(self, form_id: str) -> Form:
        try:
            return self._forms[form_id]
        except KeyError:
            raise NotFound(_("There is no form “{form_id}”.").format(form_id=form_id)) from None

    def forms(self) -> list[Form]:
        return sorted(self._forms.values(), key=lambda form: form.id)

    def ids(self) -> list[str]:
        return sorted(self._forms)

    def for_role(self, role: str) -> list[Form]:
        """The forms a user with ``role`` may capture and see."""
        return [form for form in self.forms() if role in form.roles]

    def __contains__(self, form_id: object) -> bool:
        return form_id in self._forms

    def __len__(self) -> int:
        return len(self._forms)
