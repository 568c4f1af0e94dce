"""What a receipt says: the facts of one submitted application, as rows of text per language.

The form's ``receipt:`` block (intake_app/forms/receipt_map.py) names the
fields; this module reads their values from the submitted version and
writes each one as text in each receipt language: labels from the
``receipt`` catalogs, country and language names from Babel (CLDR), choice
labels from the form (which has kk/ru/en; other languages get English).
Dates and times are written first as numbers (``23.11.2026 14:05, UTC+05:00``),
which every reader and official reads alike, then in each receipt language
through Babel (CLDR month names, the language's own digits and order).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from intake_app.errors import UserError
from intake_app.forms.fields import pick
from intake_app.forms.locale_names import country_name, language_name
from intake_app.i18n import _, current_language
from intake_app.receipts import texts
from intake_app.receipts.language import babel_locale, receipt_gettext, receipt_language
from intake_app.receipts.version_token import token_for_version
from intake_app.records import form_versions
from intake_app.records.reading import RecordView, VersionView, get_record
from intake_app.session import Session

if TYPE_CHECKING:
    from intake_app.forms import Form
    from intake_app.forms.receipt_map import ReceiptMap

#: Roles whose question the form skips when the answer is no (no interpreter was needed, so none was present).
UNANSWERED_MEANS_NO = frozenset({"interpreter"})

#: Roles whose date is also written out in each receipt language.
LOCALISED_DATES = frozenset({"when", "birth_date"})

#: Kazakhstan's single time zone since 1 March 2024 (DOMAIN.md): times without an offset are shown in it.
KAZAKHSTAN = timezone(timedelta(hours=5))


@dataclass(frozen=True)
class Row:
    """One line of the receipt: its label in each language, and its value (per language where it differs)."""

    label: str  # the English source text (a ``texts`` constant)
    values: dict[str, str]  # lang -> value text ("*": the same for every language); equal texts printed once
    emphasis: bool = False

    def value_lines(self, langs: tuple[str, ...]) -> list[str]:
        """The value in each language, without repeats, in the order of ``langs``."""
        seen: list[str] = []
        for lang in ("*", *langs):
            text = self.values.get(lang, "")
            if text and text not in seen:
                seen.append(text)
        return seen


@dataclass(frozen=True)
class FamilyMember:
    name_original: str
    name_latin: str
    relation: dict[str, str]  # lang -> label
    birth_date: str


@dataclass(frozen=True)
class ReceiptFacts:
    """Everything printed on one receipt, before layout."""

    record_id: str
    version: int
    langs: tuple[str, ...]  # the languages the texts below were written in
    receipt_no: str
    submitted_at: str
    content_hash: str
    token: str
    applicant_language: str | None  # a receipt language, if the applicant's preferred one has a catalog
    name_original: str
    name_latin: str
    rows: list[Row]
    family: list[FamilyMember]
    referred_to: dict[str, str]
    voluntary: bool | None
    device_name: str
    device_fingerprint: str


def receipt_facts(session: Session, record_ref: str, *, langs: tuple[str, ...],
                  version: int | None = None) -> ReceiptFacts:
    """The facts of the latest submitted version of a record (or of ``version``)."""
    record, chosen, form, mapping = _receipt_version(session, record_ref, version)
    assert record.receipt_no is not None  # checked by _receipt_version
    data = chosen.data
    values = _Values(form, mapping, data)
    preferred = values.one("applicant_language")
    return ReceiptFacts(
        record_id=record.id, version=chosen.version, langs=langs, receipt_no=record.receipt_no,
        submitted_at=chosen.submitted_at or "", content_hash=chosen.content_hash or "",
        token=token_for_version(session, record.id, chosen.version),
        applicant_language=receipt_language(preferred) if isinstance(preferred, str) else None,
        name_original=_text(values.one("name_original")), name_latin=_text(values.one("name_latin")),
        rows=_rows(values, langs), family=_family(form, mapping, data, langs),
        referred_to={lang: values.joined("referred_to", lang) for lang in langs},
        voluntary=values.one("voluntary") if isinstance(values.one("voluntary"), bool) else None,
        device_name=session.device.name, device_fingerprint=_fingerprint(session))


def applicant_language(session: Session, record_ref: str) -> str | None:
    """The receipt language of the applicant's preferred language (None: no receipt catalog for it)."""
    _record, chosen, form, mapping = _receipt_version(session, record_ref, None)
    preferred = _Values(form, mapping, chosen.data).one("applicant_language")
    return receipt_language(preferred) if isinstance(preferred, str) else None


def _receipt_version(session: Session, record_ref: str,
                     version: int | None) -> tuple[RecordView, VersionView, Form, ReceiptMap]:
    """The record, the version its receipt shows, that version's form and receipt map; or why there is none."""
    record = get_record(session, record_ref)
    submitted = [v for v in record.versions if v.state == "submitted" and v.kind != "void"]
    if version is not None:
        submitted = [v for v in submitted if v.version == version]
    if not submitted or not record.receipt_no:
        raise UserError(_("Record {id} has no submitted version: a receipt is printed after submission.").format(
            id=record.id[:8]))
    if record.status == "void":
        raise UserError(_("Record {id} is void: it gets no receipt.").format(id=record.id[:8]))
    if record.status == "purged":
        raise UserError(_("Record {id} was purged from this device after the registries acknowledged it: its "
                          "receipt cannot be printed again (its receipt token still verifies).").format(
                              id=record.id[:8]))
    chosen = submitted[-1]
    form = form_versions.load(session.conn, chosen.form_id, chosen.form_version)
    if form.receipt is None:
        raise UserError(_("The form “{form}” gives no receipt.").format(form=form.title(session_language())))
    return record, chosen, form, form.receipt


def session_language() -> str:
    return current_language()


def _fingerprint(session: Session) -> str:
    fingerprint = getattr(session.device, "fingerprint", "")
    return str(fingerprint() if callable(fingerprint) else fingerprint)


class _Values:
    """The mapped fields' values in a version's data, and their text in a language."""

    def __init__(self, form: Form, mapping: ReceiptMap, data: dict[str, Any]) -> None:
        self.form, self.mapping, self.data = form, mapping, data

    def one(self, role: str) -> Any:
        field_id = self.mapping.field(role)
        return self.data.get(field_id) if field_id else None

    def text(self, field_id: str, value: Any, lang: str) -> str:
        return value_text(self.form, field_id, value, lang)

    def joined(self, role: str, lang: str) -> str:
        parts = [self.text(field_id, self.data.get(field_id), lang) for field_id in self.mapping.fields(role)]
        return ", ".join(part for part in parts if part)


def value_text(form: Form, field_id: str, value: Any, lang: str) -> str:
    """A stored value as a reader of ``lang`` reads it on a receipt."""
    if value is None or value == "" or value == []:
        return ""
    field = form.field(field_id)
    if field.type == "country":
        return ", ".join(country_name(code, lang) for code in _as_list(value))
    if field.type == "language":
        return ", ".join(language_name(code, lang) for code in _as_list(value))
    if field.type == "yes_no":
        return yes_no(value, lang)
    if field.type in ("choice", "multi_choice"):
        return ", ".join(_choice_label(form, field_id, item, lang) for item in _as_list(value))
    if field.type == "datetime":
        return format_datetime(str(value))
    if field.type == "date":
        return format_date(str(value))
    return str(value)


def yes_no(value: Any, lang: str) -> str:
    return receipt_gettext(lang).gettext(texts.YES if value else texts.NO)


def format_datetime(value: str) -> str:
    """``2026-11-23T14:05:00+05:00`` → ``23.11.2026 14:05, UTC+05:00`` (the offset as recorded)."""
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=KAZAKHSTAN)
    offset = moment.utcoffset() or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{moment:%d.%m.%Y %H:%M}, UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def local_date_text(value: str, lang: str) -> str:
    """A stored date, partial date or date-time as a reader of ``lang`` writes it (Babel, CLDR)."""
    from babel.dates import format_date as babel_date
    from babel.dates import format_skeleton, format_time

    locale = babel_locale(lang)
    try:
        if "T" in value:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=KAZAKHSTAN)
            day = babel_date(moment.date(), "long", locale=locale)
            clock = format_time(moment.replace(tzinfo=None), "short", locale=locale)
            return f"{day}, {clock} ({format_datetime(value).rsplit(', ', 1)[-1]})"
        parts = [int(part) for part in value.split("-")]
        if len(parts) == 3:
            return babel_date(date(*parts), "long", locale=locale)
        if len(parts) == 2:
            return format_skeleton("yMMMM", date(parts[0], parts[1], 1), locale=locale)
    except (ValueError, TypeError):
        return value
    return value


def format_date(value: str) -> str:
    """Full or partial date as numbers: ``1985-04-11`` → ``11.04.1985``; ``1985-04`` → ``04.1985``."""
    parts = value.split("-")
    if all(part.isdigit() for part in parts) and 1 <= len(parts) <= 3:
        return ".".join(reversed(parts))
    return value


def _rows(values: _Values, langs: tuple[str, ...]) -> list[Row]:
    def row(label: str, role: str, *, emphasis: bool = False) -> Row | None:
        field_ids = values.mapping.fields(role)
        if not field_ids:
            return None
        per_lang = {lang: values.joined(role, lang) for lang in langs}
        if role in LOCALISED_DATES and any(per_lang.values()):
            raw = str(values.one(role))
            per_lang = {"*": per_lang[langs[0]], **{lang: local_date_text(raw, lang) for lang in langs}}
        if not any(per_lang.values()) and role in UNANSWERED_MEANS_NO:
            per_lang = {lang: yes_no(False, lang) for lang in langs}
        if not any(per_lang.values()):
            return None
        return Row(label, per_lang, emphasis)

    candidates = [
        row(texts.WHEN, "when", emphasis=True),
        row(texts.PLACE, "place", emphasis=True),
        row(texts.NAME_ORIGINAL, "name_original", emphasis=True),
        row(texts.NAME_LATIN, "name_latin"),
        row(texts.BIRTH_DATE, "birth_date"),
        row(texts.CITIZENSHIP, "citizenship"),
        row(texts.STATELESS, "stateless"),
        row(texts.LANGUAGE, "language"),
        row(texts.INTERPRETER, "interpreter"),
        row(texts.OFFICER, "officer"),
    ]
    return [item for item in candidates if item is not None]


def _family(form: Form, mapping: ReceiptMap, data: dict[str, Any], langs: tuple[str, ...]) -> list[FamilyMember]:
    group = mapping.field("family")
    entries = data.get(group) if group else None
    members: list[FamilyMember] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue

        def get(role: str, entry: dict[str, Any] = entry) -> Any:
            field_id = mapping.field(role)
            return entry.get(field_id) if field_id else None

        relation_id = mapping.field("family_relation")
        members.append(FamilyMember(
            name_original=_text(get("family_name_original")), name_latin=_text(get("family_name_latin")),
            relation={lang: value_text(form, relation_id, get("family_relation"), lang) if relation_id else ""
                      for lang in langs},
            birth_date=format_date(_text(get("family_birth_date")))))
    return members


def _choice_label(form: Form, field_id: str, value: Any, lang: str) -> str:
    field = form.field(field_id)
    if field.choice_list is None:
        return str(value)
    for item_value, labels in field.choice_list.items:
        if item_value == value:
            return pick(labels, lang)
    return str(value)


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
