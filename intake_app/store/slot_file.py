"""``keyslots.json``: the store id and one key slot per user, beside the database.

It must be readable before the database is unlocked (the unlock screen lists
the user names from it), so it is plain JSON: it holds no applicant data,
only user names and wrapped keys. Written atomically.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.safe_io import atomic_write_bytes
from intake_app.database.keyslots import KeySlot

FILE_FORMAT = "intake-store/1"


@dataclass
class SlotFile:
    store_id: str
    slots: dict[str, KeySlot] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> SlotFile:
        try:
            raw = json.loads(path.read_bytes())
            if raw.get("format") != FILE_FORMAT:
                raise ValueError("format")
            slots = {s["username"]: KeySlot.from_json(s) for s in raw["slots"]}
            return cls(store_id=str(raw["store_id"]), slots=slots)
        except FileNotFoundError:
            if (path.parent / "store.db").exists():
                raise UserError(_("The key slot file {path} is missing, so the store cannot be opened; "
                                  "restore it from a backup.").format(path=path)) from None
            raise UserError(_("No store was found in {path}. Create one with “intake init”.").format(
                path=path.parent)) from None
        except (ValueError, KeyError, TypeError, AttributeError):
            raise UserError(_("The key slot file {path} is damaged; restore it from a backup.").format(
                path=path)) from None

    def save(self, path: Path) -> None:
        body = {"format": FILE_FORMAT, "store_id": self.store_id,
                "slots": [self.slots[name].to_json() for name in sorted(self.slots)]}
        atomic_write_bytes(path, json.dumps(body, indent=2).encode("utf-8") + b"\n")
