"""Validation issues and results: what is wrong, where, in the reader's language.

Messages never quote the submitted value: an issue may be shown on a screen
others can see or end up in a bug report, and values are personal data.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from intake_app import i18n


@dataclass(frozen=True)
class Issue:
    """One problem with submitted data.

    ``path`` is like ``family_members[2].birth_date`` (list indices from 0);
    ``code`` is stable for programs (``required``, ``type``, ``choice``, ``min``,
    ``max``, ``constraint``, ``unknown_field``, ``count_min``, ``count_max`` …);
    ``message(lang)`` is for people.
    """

    path: str
    code: str
    text: str
    params: tuple[tuple[str, Any], ...] = ()
    plural: str | None = None
    translations: tuple[tuple[str, str], ...] = ()

    def message(self, lang: str | None = None) -> str:
        """The message in ``lang`` (default: the interface language)."""
        if self.translations:
            texts = dict(self.translations)
            return texts.get(lang or i18n.current_language()) or texts.get("en") or next(iter(texts.values()))
        params = dict(self.params)
        if self.plural is not None:
            catalog = i18n.gettext_for(lang or i18n.current_language())
            template = catalog.ngettext(self.text, self.plural, int(params["count"]))
        else:
            template = i18n.translate(self.text, lang)
        return template.format(**params)

    def under(self, prefix: str) -> Issue:
        """This issue with ``prefix`` put before its path (``""`` + ``.type`` → ``doc.type``)."""
        if not prefix:
            return replace(self, path=self.path.lstrip("."))
        joiner = "" if not self.path or self.path[0] in ".[" else "."
        return replace(self, path=prefix + joiner + self.path)


def issue(code: str, text: str, path: str = "", plural: str | None = None, **params: Any) -> Issue:
    return Issue(path, code, text, tuple(sorted(params.items())), plural)


@dataclass
class ValidationResult:
    """``issues`` found, and ``normalized`` data: clean values, hidden (irrelevant) answers dropped."""

    issues: list[Issue] = field(default_factory=list)
    normalized: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.issues

    def paths(self) -> list[str]:
        return [item.path for item in self.issues]

    def codes(self) -> dict[str, str]:
        """``{path: code}`` of the first issue at each path (handy for forms and tests)."""
        result: dict[str, str] = {}
        for item in self.issues:
            result.setdefault(item.path, item.code)
        return result


@dataclass
class SearchValues:
    """Values that feed the search index, as found in a record."""

    names: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    birth_dates: list[str] = field(default_factory=list)
    receipts: list[str] = field(default_factory=list)
