"""The one settings registry: every setting declared once, with type, default and bounds.

Settings are device preferences (interface language, idle lock time, window
layout), never personal data; they live in ``settings.json`` beside the
store, written atomically. Each change of meaning gets a numbered migration,
as Picard does, so an old file is upgraded rather than misread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable

from intake_app.clock import DEFAULT_TIME_ZONE, is_time_zone
from intake_app.errors import UserError
from intake_app.i18n import INTERFACE_LANGUAGES, N_, _
from intake_app.safe_io import atomic_write_bytes

FILE_NAME = "settings.json"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str  # N_()-marked, translated when shown
    choices: tuple[Any, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    valid: Callable[[Any], bool] | None = None  # for values no list of choices can hold (time zones)

    def check(self, value: Any) -> Any:
        if self.type is int and isinstance(value, bool) or not isinstance(value, self.type):
            raise UserError(_("The setting “{key}” needs a value of another type.").format(key=self.key))
        if (self.choices is not None and value not in self.choices
                or self.valid is not None and not self.valid(value)):
            raise UserError(_("The setting “{key}” cannot be “{value}”.").format(key=self.key, value=value))
        bounded: Any = value  # mypy narrowed ``value`` to ``object`` with the isinstance check above
        if self.minimum is not None and bounded < self.minimum or self.maximum is not None and bounded > self.maximum:
            raise UserError(_("The setting “{key}” must be between {low} and {high}.").format(
                key=self.key, low=self.minimum, high=self.maximum))
        return value


REGISTRY: dict[str, Setting] = {s.key: s for s in (
    Setting("ui.language", str, "", N_("Interface language"), choices=("", *INTERFACE_LANGUAGES)),
    Setting("ui.idle_lock_minutes", int, 5, N_("Lock after this many idle minutes"), minimum=1, maximum=120),
    Setting("ui.window_geometry", str, "", N_("Window position and size")),
    Setting("ui.autosave_seconds", int, 3, N_("Save drafts every this many seconds"), minimum=1, maximum=60),
    Setting("sync.max_bundle_kib", int, 4096, N_("Largest bundle to send, in KiB"), minimum=64, maximum=1024 * 1024),
    Setting("device.time_zone", str, DEFAULT_TIME_ZONE,
            N_("Time zone of this device: dates and times of applications, and what “today” means"),
            valid=is_time_zone),
    Setting("sync.retention_days", int, 30,
            N_("Purge personal data this many days after the registries acknowledged it"), minimum=1, maximum=3650),
)}

#: version reached -> function upgrading the raw dict from the version before.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


class Settings:
    """Typed access to ``settings.json``; unknown or invalid stored values fall back to defaults."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, Any] = self._load()

    @classmethod
    def in_dir(cls, directory: Path) -> Settings:
        return cls(Path(directory) / FILE_NAME)

    def _load(self) -> dict[str, Any]:
        try:
            raw = json.loads(self.path.read_bytes())
        except (FileNotFoundError, ValueError):
            return {}
        if not isinstance(raw, dict):
            return {}
        version = int(raw.get("version", 1))
        values = raw.get("values", {})
        for target in sorted(MIGRATIONS):
            if version < target:
                values = MIGRATIONS[target](values)
                version = target
        result = {}
        for key, value in values.items():
            setting = REGISTRY.get(key)
            if setting is None:
                continue
            try:
                result[key] = setting.check(value)
            except UserError:
                continue
        return result

    def get(self, key: str) -> Any:
        return self._values.get(key, REGISTRY[key].default)

    def set(self, key: str, value: Any) -> None:
        """Validate, keep and write at once (settings change rarely)."""
        self._values[key] = REGISTRY[key].check(value)
        self.save()

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        body = {"version": FORMAT_VERSION, "values": dict(sorted(self._values.items()))}
        atomic_write_bytes(self.path, json.dumps(body, indent=2).encode("utf-8"))
