"""A read-only, translated rendering of a record's data, driven by its form.

Shared by ``intake record show`` and the desktop record view, so both show
the same labels and the same readable values (choice labels, country and
language names in the reader's language) in form order. Each line also names
its field, the field's type and the stored value, so a screen can format a
value by what it is (a date in the reader's locale) rather than by its label.

An attachment is stored as the hash of its content, which means nothing to a
reader: a caller that can read the store passes ``attachments`` (a reference →
"scan.png (240 KiB)" function) and gets names instead of hashes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from collections.abc import Callable, Iterator

from intake_app.forms.fields import Field
from intake_app.forms.form import Form
from intake_app.forms.locale_names import country_name, language_name
from intake_app.i18n import N_, translate

YES, NO = N_("Yes"), N_("No")

#: How a caller names an attachment for a reader: its reference (``sha256:…``) → "scan.png (240 KiB)".
AttachmentNamer = Callable[[str], str]


@dataclass(frozen=True)
class DisplayLine:
    """One line: a heading (a section, a repeat group with its count, one entry) or one answer.

    ``field_id`` and ``field_type`` name the field the line is about (an entry line: its repeat
    group). ``path`` is its data path with 0-based indices, as in validation issues
    (``family_members[1].member_birth_date``; an entry's is ``family_members[1]``, a section's
    its id). ``value`` is the answer as stored (ISO text for dates), ``None`` on heading lines;
    ``text`` is the answer made readable in the language asked for, dates left in ISO form.
    """

    depth: int
    label: str
    text: str
    kind: str  # "section" | "value" | "item"
    field_id: str = ""
    field_type: str = ""
    path: str = ""
    value: Any = None


def describe(form: Form, data: dict[str, Any], lang: str, *,
             attachments: AttachmentNamer | None = None) -> list[DisplayLine]:
    """Lines for every answered field, in form order; sections and repeat items as headings."""
    return list(_fields(form.fields, data, lang, 0, "", attachments))


def is_blank(value: Any) -> bool:
    """Whether a stored value means "not answered" (no line is shown for it)."""
    return value is None or value == [] or value == ""


def entry_label(group: Field, index: int, lang: str) -> str:
    """The heading of one entry of a repeat group: "Family members 2" (``index`` is 0-based)."""
    return f"{group.label(lang)} {index + 1}"


def value_line(field: Field, value: Any, lang: str, depth: int, path: str, *,
               attachments: AttachmentNamer | None = None) -> DisplayLine:
    """The line of one answered field, as ``describe`` writes it (also used to show a change)."""
    return DisplayLine(depth, field.label(lang), format_value(field, value, lang, attachments=attachments), "value",
                       field.id, field.type, path, value)


def _fields(fields: tuple[Field, ...], data: dict[str, Any], lang: str, depth: int,
            prefix: str, attachments: AttachmentNamer | None) -> Iterator[DisplayLine]:
    for field in fields:
        path = prefix + field.id
        if not field.is_data:
            inner = list(_fields(field.children, data, lang, depth + 1, prefix, attachments))
            if inner:
                yield DisplayLine(depth, field.label(lang), "", "section", field.id, field.type, path)
                yield from inner
            continue
        value = data.get(field.id)
        if is_blank(value):
            continue
        if field.type == "group":
            items = value if isinstance(value, list) else []
            yield DisplayLine(depth, field.label(lang), str(len(items)), "section", field.id, field.type, path)
            for index, item in enumerate(items):
                yield DisplayLine(depth + 1, entry_label(field, index, lang), "", "item", field.id, field.type,
                                  f"{path}[{index}]")
                if isinstance(item, dict):
                    yield from _fields(field.children, item, lang, depth + 2, f"{path}[{index}].", attachments)
            continue
        yield value_line(field, value, lang, depth, path, attachments=attachments)


def format_value(field: Field, value: Any, lang: str, *, attachments: AttachmentNamer | None = None) -> str:
    """One field's value as a reader expects it, in ``lang``."""
    if isinstance(value, list):
        return ", ".join(format_value(field, item, lang, attachments=attachments) for item in value)
    if field.type == "yes_no":
        return translate(YES if value else NO, lang)
    if field.type in ("choice", "multi_choice") and field.choice_list is not None:
        return field.choice_list.label(str(value), lang)
    if field.type == "country":
        return country_name(str(value), lang)
    if field.type == "language":
        return language_name(str(value), lang)
    if field.type == "identity_document" and isinstance(value, dict):
        kind = value.get("type", "")
        if field.choice_list is not None and kind:
            kind = field.choice_list.label(str(kind), lang)
        country = country_name(str(value["issuing_country"]), lang) if value.get("issuing_country") else ""
        return ", ".join(part for part in (kind, str(value.get("number", "")), country) if part)
    if field.type == "attachment":
        return attachments(str(value)) if attachments is not None else str(value)[:19] + "…"
    return str(value)
