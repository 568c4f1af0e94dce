"""Fields and choice lists of a loaded form: immutable, with labels in every form language."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from dataclasses import field as dc_field
from functools import cached_property
from types import MappingProxyType
from typing import Any

from intake_app.forms.conditions import Condition
from intake_app.forms.locale_names import country_choices, language_choices

TextMap = Mapping[str, str]

#: Field types that hold data; ``section`` only groups fields visually.
FIELD_TYPES = (
    "text", "long_text", "integer", "decimal", "date", "datetime", "yes_no", "choice",
    "multi_choice", "country", "language", "phone", "iin", "identity_document", "group",
    "attachment", "section",
)
SEARCH_KINDS = ("name", "document_number", "birth_date", "receipt")
#: What a field can stand for in a list of records (``summary:``): the event's date, its place.
SUMMARY_KINDS = ("date", "place")


def pick(texts: TextMap, lang: str) -> str:
    """The text in ``lang``, else English, else any; ``""`` if there is none."""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@dataclass(frozen=True, eq=False)
class ChoiceList:
    """A named list of ``(value, labels)`` in display order."""

    name: str
    items: tuple[tuple[str, TextMap], ...]

    @cached_property
    def values(self) -> frozenset[str]:
        return frozenset(value for value, _ in self.items)

    @cached_property
    def order(self) -> dict[str, int]:
        return {value: index for index, (value, _) in enumerate(self.items)}

    def label(self, value: str, lang: str) -> str:
        for item_value, labels in self.items:
            if item_value == value:
                return pick(labels, lang)
        return value

    def choices(self, lang: str) -> list[tuple[str, str]]:
        return [(value, pick(labels, lang)) for value, labels in self.items]


@dataclass(frozen=True, eq=False)
class Field:
    """One field of a form; ``path`` is its data path without indices (``family_members.relation``)."""

    id: str
    type: str
    path: str
    labels: TextMap
    hints: TextMap = dc_field(default_factory=dict)
    required: bool | Condition = False
    relevant: Condition | None = None
    constraint: Condition | None = None
    constraint_messages: TextMap = dc_field(default_factory=dict)
    options: Mapping[str, Any] = dc_field(default_factory=lambda: MappingProxyType({}))
    children: tuple[Field, ...] = ()
    choice_list: ChoiceList | None = None
    search: str | None = None
    summary: str | None = None
    line: int | None = None

    def label(self, lang: str) -> str:
        return pick(self.labels, lang)

    def hint(self, lang: str) -> str:
        return pick(self.hints, lang) if self.hints else ""

    def constraint_message(self, lang: str) -> str:
        return pick(self.constraint_messages, lang)

    @property
    def is_data(self) -> bool:
        """False for sections, whose children's values live at the section's own level."""
        return self.type != "section"

    @property
    def multiple(self) -> bool:
        return bool(self.options.get("multiple"))

    @property
    def prefill(self) -> str | None:
        """Where a new record's first answer comes from (``prefill:``, see :mod:`intake_app.forms.prefill`)."""
        return self.options.get("prefill")

    @property
    def suggest_latin_from(self) -> str | None:
        """The id of the field (same level) whose name, in any script, this Latin field is suggested from."""
        return self.options.get("suggest_latin_from")

    @property
    def accept(self) -> tuple[str, ...]:
        """MIME types an attachment may have (the store checks the file)."""
        return tuple(self.options.get("accept", ()))

    @property
    def max_bytes(self) -> int | None:
        return self.options.get("max_bytes")

    @property
    def min_count(self) -> int:
        return int(self.options.get("min_count", 0))

    @property
    def max_count(self) -> int | None:
        return self.options.get("max_count")

    def choices(self, lang: str) -> list[tuple[str, str]]:
        """``(value, label)`` pairs for choice-like fields, labels in ``lang``; ``[]`` for others.

        Countries and languages come from CLDR, sorted by name in ``lang``.
        """
        if self.type == "country":
            return list(country_choices(lang))
        if self.type == "language":
            return list(language_choices(lang))
        if self.choice_list is not None:
            return self.choice_list.choices(lang)
        return []

    def data_children(self) -> Iterator[Field]:
        """Children that hold data at this field's level, looking through sections."""
        for child in self.children:
            if child.is_data:
                yield child
            else:
                yield from child.data_children()

    def walk(self) -> Iterator[Field]:
        """This field and every field below it, in order."""
        yield self
        for child in self.children:
            yield from child.walk()
