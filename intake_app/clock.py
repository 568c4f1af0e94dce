"""Time in one place: UTC for storage, the device's zone for what people read and what "today" means.

Stored times are UTC. Dates and times people enter and read (the date and
time of an application, ``today()`` in a form's conditions, the receipt) are
in the device's time zone: Asia/Almaty by default, Kazakhstan's single zone
(UTC+05:00 since 1 March 2024), whatever zone the laptop itself is set to.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from datetime import UTC, date, datetime, tzinfo
from functools import cache
from importlib import resources

Clock = Callable[[], datetime]

#: The zone of a device that has not been given another (``device.time_zone`` in the settings).
DEFAULT_TIME_ZONE = "Asia/Almaty"


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds, so that stored times sort as text."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_iso(text: str) -> datetime:
    return datetime.fromisoformat(text)


@cache
def time_zone(name: str) -> tzinfo:
    """The IANA zone ``name``, from the ``tzdata`` package first: its rules are as recent as our release,
    where an old system database would still put Almaty at UTC+06:00. ``KeyError`` if there is none."""
    try:
        source = resources.files("tzdata.zoneinfo").joinpath(*name.split("/"))
        with source.open("rb") as data:
            return zoneinfo.ZoneInfo.from_file(data, key=name)
    except (ModuleNotFoundError, FileNotFoundError, IsADirectoryError, ValueError, OSError):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise KeyError(name) from exc


def is_time_zone(name: object) -> bool:
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or ".." in name:
        return False
    try:
        time_zone(name)
    except KeyError:
        return False
    return True


def local_now(clock: Clock, zone: tzinfo) -> datetime:
    """Now on ``clock``, in ``zone`` (what the "Now" button fills in)."""
    return clock().astimezone(zone)


def local_today(clock: Clock, zone: tzinfo) -> date:
    """Today's date in ``zone``: what ``today()`` means in a form's conditions."""
    return local_now(clock, zone).date()
