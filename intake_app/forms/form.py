"""A loaded form definition: its fields, validation, and what a record yields for search.

Forms are built by :mod:`intake_app.forms.loader` and never change after
loading; a record names its form by ``id`` and ``version``, and ``source`` /
``sha256`` let the store keep (and later re-load) exactly the text it used.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from intake_app.canonical import sha256_hex
from intake_app.forms.fields import ChoiceList, Field, TextMap, pick
from intake_app.forms.issues import SearchValues, ValidationResult
from intake_app.forms.receipt_map import ReceiptMap
from intake_app.forms.state import FormState
from intake_app.forms.validation import validate_form

_INDEX = re.compile(r"\[\d+\]")


@dataclass(frozen=True)
class Level:
    """The fields whose answers sit side by side: the record's top level, or one group entry."""

    entries: Mapping[str, tuple[Field, Field | None]]  # id -> (field, enclosing section here)
    data_fields: tuple[Field, ...]


class Form:
    """One version of one form."""

    def __init__(self, *, id: str, version: int, titles: TextMap, roles: tuple[str, ...],
                 languages: tuple[str, ...], choice_lists: Mapping[str, ChoiceList],
                 fields: tuple[Field, ...], source: str, filename: str = "",
                 receipt: ReceiptMap | None = None, sync_destinations: tuple[str, ...] = (),
                 retention_days: int | None = None) -> None:
        self.id = id
        self.version = version
        self.titles = titles
        self.roles = roles
        self.languages = languages
        self.choice_lists = choice_lists
        self.fields = fields
        self.source = source
        self.filename = filename
        self.receipt = receipt  # which fields a receipt shows; None: this form gives no receipt
        #: ``sync: destinations`` (empty: the sync code's default for the form's roles) and ``retention_days``
        self.sync_destinations = sync_destinations
        self.retention_days = retention_days
        self.sha256 = sha256_hex(source.encode("utf-8"))
        self._by_id = {item.id: item for top in fields for item in top.walk()}
        self._levels: dict[str | None, Level] = {}
        self._index(None, fields)

    def __repr__(self) -> str:
        return f"<Form {self.id} v{self.version}>"

    def _index(self, group: str | None, fields: tuple[Field, ...]) -> None:
        entries: dict[str, tuple[Field, Field | None]] = {}

        def visit(items: tuple[Field, ...], section: Field | None) -> None:
            for item in items:
                entries[item.id] = (item, section)
                if item.type == "section":
                    visit(item.children, item)
                elif item.type == "group":
                    self._index(item.id, item.children)

        visit(fields, None)
        data = tuple(item for item, _ in entries.values() if item.is_data)
        self._levels[group] = Level(entries, data)

    def level(self, group: str | None) -> Level:
        """The fields at the top level (``None``) or inside repeat group ``group``."""
        return self._levels[group]

    def title(self, lang: str) -> str:
        return pick(self.titles, lang)

    def field(self, path_or_id: str) -> Field:
        """A field by id (``relation``) or path (``family_members[2].relation``); KeyError if none."""
        path = _INDEX.sub("", path_or_id)
        found = self._by_id.get(path.rsplit(".", 1)[-1])
        if found is None or ("." in path and found.path != path):
            raise KeyError(path_or_id)
        return found

    def all_fields(self) -> Iterator[Field]:
        for top in self.fields:
            yield from top.walk()

    def validate(self, data: dict[str, Any], *, today: date, state: FormState | None = None) -> ValidationResult:
        """Issues in ``data`` and its normalized form; ``today`` is what ``today()`` returns.

        ``state``: ``self.state(data, today=today)`` if the caller already has it (answers are reused).
        """
        return validate_form(self, data, today, state=state)

    def state(self, data: dict[str, Any], *, today: date) -> FormState:
        """What ``data`` implies (shown and required fields, answers without hidden ones), as validation sees it."""
        return FormState(self, data, today)

    def _values(self, group: str | None, data: Any) -> Iterator[tuple[Field, Any]]:
        """``(field, value)`` for every answered field in ``data``, entries of groups included."""
        if not isinstance(data, dict):
            return
        for item in self.level(group).data_fields:
            value = data.get(item.id)
            if value is None:
                continue
            if item.type == "group":
                for entry in value if isinstance(value, list) else ():
                    yield from self._values(item.id, entry)
            else:
                yield item, value

    def search_values(self, data: dict[str, Any]) -> SearchValues:
        """The values of ``data`` that feed the search index (as stored, not transliterated)."""
        found = SearchValues()
        targets = {"name": found.names, "document_number": found.documents,
                   "birth_date": found.birth_dates, "receipt": found.receipts}
        for item, value in self._values(None, data):
            if item.type == "identity_document" and isinstance(value, dict):
                _add(found.documents, value.get("number"))
            elif item.search is not None:
                _add(targets[item.search], value)
        return found

    def attachment_refs(self, data: dict[str, Any]) -> list[str]:
        """Every attachment reference in ``data``, once each, in order."""
        refs: list[str] = []
        for item, value in self._values(None, data):
            if item.type == "attachment":
                for ref in value if isinstance(value, list) else [value]:
                    _add(refs, ref)
        return refs

    def summary_names(self, data: dict[str, Any]) -> list[str]:
        """The record's own names (top-level ``search: name`` fields) for list display."""
        names: list[str] = []
        for item in self.level(None).data_fields:
            if item.search == "name":
                _add(names, data.get(item.id) if isinstance(data, dict) else None)
        return names

    def summary_field(self, kind: str) -> Field | None:
        """The top-level field marked ``summary: <kind>`` (``date`` or ``place``); None if the form marks none.

        The loader allows at most one of each kind, outside repeat groups, so a record has one
        value (or none) for each.
        """
        return next((item for item in self.level(None).data_fields if item.summary == kind), None)


def _add(target: list[str], value: Any) -> None:
    if isinstance(value, str) and value.strip() and value not in target:
        target.append(value)
