"""Failed unlock attempts: a growing delay, and entries waiting for the audit log.

A failed attempt cannot be written to the encrypted audit log (the database is
locked), so it is kept here and moved into the log by the next successful
unlock. Brute force is slowed mainly by Argon2id; this delay stops a person at
the keyboard from trying passphrases quickly. The file holds user names and
times only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from intake_app.clock import iso, parse_iso
from intake_app.safe_io import atomic_write_bytes

#: Failures allowed before any delay; then 2, 4, 8 … seconds, at most 5 minutes.
FREE_ATTEMPTS = 2
MAX_DELAY_SECONDS = 300


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures."""
    if failures <= FREE_ATTEMPTS:
        return 0
    return min(2 ** (failures - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


@dataclass
class Throttle:
    path: Path

    def _load(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_bytes())
            if isinstance(data, dict) and isinstance(data.get("users"), dict):
                data.setdefault("pending_audit", [])
                return data
        except (FileNotFoundError, ValueError):
            pass
        return {"users": {}, "pending_audit": []}

    def _save(self, data: dict[str, Any]) -> None:
        atomic_write_bytes(self.path, json.dumps(data, indent=1).encode("utf-8"))

    def wait_remaining(self, username: str, now: datetime) -> int:
        """Whole seconds until ``username`` may try again (0: now)."""
        entry = self._load()["users"].get(username)
        if not entry or not entry.get("locked_until"):
            return 0
        remaining = (parse_iso(entry["locked_until"]) - now).total_seconds()
        return max(0, int(remaining + 0.999))

    def record_failure(self, username: str, reason: str, now: datetime) -> int:
        """Count a failure; returns the delay in seconds now imposed."""
        data = self._load()
        entry = data["users"].setdefault(username, {"failures": 0})
        entry["failures"] = int(entry.get("failures", 0)) + 1
        delay = delay_after(entry["failures"])
        entry["locked_until"] = iso(now + timedelta(seconds=delay)) if delay else None
        data["pending_audit"].append({"at": iso(now), "username": username, "reason": reason,
                                      "failures": entry["failures"]})
        self._save(data)
        return delay

    def pending_audit(self) -> list[dict[str, Any]]:
        """Failures not yet written to the audit log, oldest first."""
        return list(self._load()["pending_audit"])

    def record_success(self, username: str, flushed: int) -> None:
        """Reset ``username``'s counter and drop the first ``flushed`` pending entries.

        Called only after those entries are committed to the audit log, so a
        crash in between duplicates nothing and loses nothing.
        """
        data = self._load()
        changed = data["users"].pop(username, None) is not None or flushed > 0
        data["pending_audit"] = data["pending_audit"][flushed:]
        if changed:
            self._save(data)
