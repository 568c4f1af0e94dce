"""Time in one place: UTC for storage, an injectable clock for tests."""

from __future__ import annotations

from datetime import datetime, UTC
from collections.abc import Callable

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, so that stored times sort as text."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)
