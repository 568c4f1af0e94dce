"""What a new record starts with: the answers the app already knows (``prefill:`` in a form).

An officer should not type their own name, service number, post and the time
of day into every application: typed by hand they are slow and, worse, often
wrong. A form field may therefore say where its first value comes from, out
of a small closed vocabulary (:data:`PREFILL_SOURCES`); the loader checks the
source against the field's type. :func:`initial_values` computes a new
record's answers from a :class:`PrefillContext` (the signed-in user, the
device, the session's clock in the device's zone), and both the desktop and
the command line start records from it (``records.prefill``).

A prefilled value is only a first answer: the officer may change it. Because
a changed value (another officer's name, an earlier time) is a fact someone
chose to state, :func:`changed_fields` says which prefilled fields no longer
hold their prefilled value; the record's audit entries list those field ids
(never the values). Qt-free, like the rest of the engine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from intake_app.forms.fields import Field
from intake_app.forms.values import check_value, to_json
from intake_app.i18n import N_

if TYPE_CHECKING:
    from intake_app.forms.form import Form

#: ``prefill:`` source -> the field types it can fill. A closed list: a form cannot name anything else.
PREFILL_SOURCES: Mapping[str, tuple[str, ...]] = {
    "user.display_name": ("text",),  # the signed-in user's full name, from their account
    "user.service_number": ("text",),  # their service (ID card) number, from their account
    "device.location": ("text",),  # the location code of the device's post (``intake device``)
    "now": ("datetime",),  # the session's clock in the device's zone, to the minute, with its offset
    "today": ("date",),  # today's date in the device's zone (what ``today()`` means in conditions)
}

#: Where a prefilled value came from, as the screen and the command line say it (translated when shown).
SOURCE_DESCRIPTIONS: Mapping[str, str] = {
    "user.display_name": N_("Filled in from your account."),
    "user.service_number": N_("Filled in from your account."),
    "device.location": N_("Filled in with this device's location code."),
    "now": N_("Filled in with the time the record was started, in this device's time zone. "
              "Correct it if the person applied earlier."),
    "today": N_("Filled in with today's date."),
}

_SEGMENT = re.compile(r"([a-z][a-z0-9_]*)(?:\[(\d+)\])?")


@dataclass(frozen=True)
class PrefillContext:
    """What the app knows when a record is started; ``now`` is aware, in the device's zone."""

    now: datetime
    display_name: str = ""
    service_number: str = ""
    location_code: str = ""

    @property
    def today(self) -> date:
        """The date of ``now``: the same day ``today()`` checks answers against."""
        return self.now.date()

    def value(self, source: str) -> str | None:
        """The value ``source`` gives, ``None`` if this context has none (e.g. no service number)."""
        if source == "now":
            return self.now.replace(second=0, microsecond=0).isoformat()
        if source == "today":
            return self.today.isoformat()
        text = {"user.display_name": self.display_name, "user.service_number": self.service_number,
                "device.location": self.location_code}.get(source, "")
        return text.strip() or None


@dataclass(frozen=True)
class Prefill:
    """A new record's first answers: as record data, and by path (``monitors[0].monitor_name``)."""

    data: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)  # path -> the prefilled value
    sources: dict[str, str] = field(default_factory=dict)  # path -> its ``prefill:`` source


def initial_values(form: Form, context: PrefillContext) -> Prefill:
    """The answers a new record of ``form`` starts with.

    A prefilled field inside a repeat group fills the group's first entry (the
    loader allows it only in groups with ``min_count`` of at least 1, where that
    entry always exists: the monitor writing the report is the first monitor).
    Values that do not pass their field's type check (an over-long name) are left
    out, and so are fields hidden by the prefilled answers themselves.
    """
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    data = _level(form, None, "", context, values, sources)
    shown = form.state(data, today=context.today).pruned()
    kept = {path: value for path, value in values.items() if value_at(shown, path) == value}
    return Prefill(shown, kept, {path: sources[path] for path in kept})


def _level(form: Form, group: str | None, prefix: str, context: PrefillContext,
           values: dict[str, Any], sources: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for item in form.level(group).data_fields:
        if item.type == "group":
            entry = _level(form, item.id, f"{prefix}{item.id}[0].", context, values, sources)
            if entry:
                out[item.id] = [entry]
            continue
        source = item.prefill
        raw = context.value(source) if source is not None else None
        if source is None or raw is None:
            continue
        value, problems = check_value(item, raw)
        if problems:
            continue
        out[item.id] = values[prefix + item.id] = to_json(value)
        sources[prefix + item.id] = source
    return out


def fill_missing(form: Form, prefill: Prefill, data: Mapping[str, Any], *,
                 today: date) -> tuple[dict[str, Any], dict[str, Any]]:
    """``data`` with the prefilled answers it leaves out, and those answers by path.

    Only top-level keys that ``data`` lacks are filled (a repeat group it gives is
    taken as it is: it says who was there), and only where the field is shown.
    """
    merged = dict(data)
    added = [key for key in prefill.data if key not in data]
    for key in added:
        merged[key] = prefill.data[key]
    state = form.state(merged, today=today)
    for key in added:
        if not state.relevant(key):
            del merged[key]
    filled = {path: value for path, value in prefill.values.items() if _top(path) in merged and _top(path) in added}
    return merged, filled


def changed_paths(form: Form, prefilled: Mapping[str, Any], data: Any) -> list[str]:
    """The paths of prefilled answers that ``data`` no longer holds, in order.

    Values are compared as the engine normalizes them, so a space typed at the
    end of a prefilled name is no change; a cleared field is one.
    """
    changed: list[str] = []
    for path, value in prefilled.items():
        try:
            item = form.field(path)
        except KeyError:
            continue  # a field the form no longer has
        if _normal(item, value_at(data, path)) != _normal(item, value):
            changed.append(path)
    return changed


def changed_fields(form: Form, prefilled: Mapping[str, Any], data: Any) -> list[str]:
    """The ids of prefilled fields whose answer in ``data`` is no longer the prefilled value, in form order.

    For the audit log, which names fields, never values.
    """
    ids = {form.field(path).id for path in changed_paths(form, prefilled, data)}
    return [item.id for item in form.all_fields() if item.id in ids]


def value_at(data: Any, path: str) -> Any:
    """The raw answer at ``path`` (``monitors[0].monitor_name``) in record data, ``None`` if absent."""
    current = data
    for part in path.split("."):
        match = _SEGMENT.fullmatch(part)
        if match is None or not isinstance(current, Mapping):
            return None
        current = current.get(match.group(1))
        if match.group(2) is not None:
            index = int(match.group(2))
            current = current[index] if isinstance(current, list) and index < len(current) else None
    return current


def _normal(item: Field, raw: Any) -> Any:
    if raw is None:
        return None
    value, problems = check_value(item, raw)
    return raw if problems else to_json(value)


def _top(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]
