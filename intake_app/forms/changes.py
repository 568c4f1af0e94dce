"""What a correction changes: the fields whose answers differ between two versions' data, given the form.

An amendment is legal evidence that the record once said something else, so
the officer (and the applicant listening) must see exactly what is being
changed before it is submitted, and a later reader sees it in the history.
Both sides are written by :mod:`intake_app.forms.display` (``value_line``),
so a change reads exactly as the answer reads in the record view: choice
labels, country and language names in the reader's language.

Entries of a repeat group have no identity of their own, so they are matched
by content (``difflib``): removing the second of three family members is one
removed entry, not two entries whose names changed. Entries that differ are
paired in order and compared field by field; the rest are added or removed,
each as a change of its own followed by the answers it adds or removes.
Fields the form does not have (left from an older form version) are not shown.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from intake_app.forms.display import AttachmentNamer, DisplayLine, entry_label, is_blank, value_line
from intake_app.forms.fields import Field
from intake_app.forms.form import Form

CHANGED, ADDED, REMOVED = "changed", "added", "removed"


@dataclass(frozen=True)
class Change:
    """One field (or one repeat-group entry) whose answer differs.

    ``kind``: ``changed`` (answered in both), ``added`` (unanswered before; an entry: a new one)
    or ``removed`` (unanswered now; an entry: dropped). ``path`` is the data path with 0-based
    indices in the new data (in the old data for what was removed). ``headings`` are where the
    field sits, outermost first, as ``describe`` heads them: its sections (kind ``section``) and
    the entry it belongs to (kind ``item``, "Family members 2"). ``before`` and ``after`` are the
    ``describe`` lines of the two answers (``None`` where there is no answer); for an entry, its
    heading line.
    """

    kind: str
    path: str
    label: str
    headings: tuple[DisplayLine, ...]
    field_id: str
    field_type: str
    before: DisplayLine | None
    after: DisplayLine | None

    @property
    def place(self) -> tuple[str, ...]:
        """The labels of ``headings``: ("Family", "Family members 2")."""
        return tuple(heading.label for heading in self.headings)

    @property
    def is_entry(self) -> bool:
        """Whether this is a whole entry of a repeat group (added or removed) rather than one answer."""
        return self.field_type == "group"

    @property
    def before_text(self) -> str:
        return self.before.text if self.before is not None and self.before.kind == "value" else ""

    @property
    def after_text(self) -> str:
        return self.after.text if self.after is not None and self.after.kind == "value" else ""


def changes(form: Form, before: dict[str, Any], after: dict[str, Any], lang: str, *,
            attachments: AttachmentNamer | None = None) -> list[Change]:
    """Every difference from ``before`` to ``after`` (both as stored), in form order, written in ``lang``."""
    return list(_Compare(lang, attachments).level(form.fields, before, after, (), "", ""))


class _Compare:
    def __init__(self, lang: str, attachments: AttachmentNamer | None) -> None:
        self.lang = lang
        self.attachments = attachments

    def level(self, fields: tuple[Field, ...], old: Any, new: Any, place: tuple[DisplayLine, ...],
              old_prefix: str, new_prefix: str) -> Iterator[Change]:
        old = old if isinstance(old, dict) else {}
        new = new if isinstance(new, dict) else {}
        for field in fields:
            if not field.is_data:
                heading = DisplayLine(len(place), field.label(self.lang), "", "section", field.id, field.type,
                                      new_prefix + field.id)
                yield from self.level(field.children, old, new, (*place, heading), old_prefix, new_prefix)
                continue
            old_path, new_path = old_prefix + field.id, new_prefix + field.id
            a, b = old.get(field.id), new.get(field.id)
            if field.type == "group":
                yield from self.group(field, _entries(a), _entries(b), place, old_path, new_path)
                continue
            if (is_blank(a) and is_blank(b)) or a == b:
                continue
            kind = ADDED if is_blank(a) else REMOVED if is_blank(b) else CHANGED
            depth = len(place)
            yield Change(kind, old_path if kind == REMOVED else new_path, field.label(self.lang), place, field.id,
                         field.type,
                         None if is_blank(a) else value_line(field, a, self.lang, depth, old_path,
                                                             attachments=self.attachments),
                         None if is_blank(b) else value_line(field, b, self.lang, depth, new_path,
                                                             attachments=self.attachments))

    def group(self, field: Field, old: list[Any], new: list[Any], place: tuple[DisplayLine, ...], old_path: str,
              new_path: str) -> Iterator[Change]:
        matcher = SequenceMatcher(a=[_key(item) for item in old], b=[_key(item) for item in new], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            paired = min(i2 - i1, j2 - j1)
            for offset in range(paired):
                i, j = i1 + offset, j1 + offset
                heading = self.heading(field, j, place, new_path)
                yield from self.level(field.children, old[i], new[j], (*place, heading), f"{old_path}[{i}].",
                                      f"{new_path}[{j}].")
            for i in range(i1 + paired, i2):
                yield from self.entry(field, REMOVED, i, old[i], place, old_path)
            for j in range(j1 + paired, j2):
                yield from self.entry(field, ADDED, j, new[j], place, new_path)

    def heading(self, field: Field, index: int, place: tuple[DisplayLine, ...], path: str) -> DisplayLine:
        return DisplayLine(len(place), entry_label(field, index, self.lang), "", "item", field.id, field.type,
                           f"{path}[{index}]")

    def entry(self, field: Field, kind: str, index: int, item: Any, place: tuple[DisplayLine, ...],
              path: str) -> Iterator[Change]:
        """A whole entry added or removed, then each answer it adds or removes."""
        heading = self.heading(field, index, place, path)
        yield Change(kind, heading.path, heading.label, place, field.id, field.type,
                     heading if kind == REMOVED else None, heading if kind == ADDED else None)
        old, new = (item, {}) if kind == REMOVED else ({}, item)
        yield from self.level(field.children, old, new, (*place, heading), f"{path}[{index}].",
                              f"{path}[{index}].")


def _entries(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _key(item: Any) -> str:
    """An entry's content as one comparable text (equal entries, equal keys)."""
    return json.dumps(item, sort_keys=True, ensure_ascii=False, default=str)
