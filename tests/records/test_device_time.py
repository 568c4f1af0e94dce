"""Which day "today" is: the device's zone (Asia/Almaty by default), never the zone the laptop happens to be set to.

At 21:57 UTC it is already 02:57 the next day in Kazakhstan. "Now" fills in that time, with +05:00, and the
form's "cannot be in the future" check must accept it on a laptop left on UTC, on UTC−5 or on UTC+9 — and
still refuse a date that really is in the future.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from intake_app.errors import UserError
from intake_app.records import lifecycle
from intake_app.settings import Settings
from tests.records.sample import application

FUTURE = "The application cannot be dated in the future."


def _problems(session, when: str) -> list[str]:
    form = session.forms.get("asylum_application")
    data = {**application(), "application_datetime": when}
    return [issue.message("en") for issue in lifecycle.validate(session, form, data).issues]


@pytest.mark.parametrize("utc", [datetime(2026, 12, 2, 21, 57, tzinfo=UTC),  # 02:57 on the 3rd in Almaty
                                 datetime(2026, 12, 2, 18, 59, tzinfo=UTC),  # 23:59 on the 2nd
                                 datetime(2026, 12, 2, 19, 0, tzinfo=UTC)],  # 00:00 on the 3rd
                         ids=["after-midnight", "before-midnight", "at-midnight"])
def test_now_is_never_in_the_future_whatever_the_laptop_zone(officer, clock, laptop_zone, utc):
    clock.now = utc
    now = officer.now()
    assert now.utcoffset() == timedelta(hours=5) and now == utc
    assert officer.today() == (utc + timedelta(hours=5)).date()
    filled = now.strftime("%Y-%m-%dT%H:%M:00+05:00")  # what the "Now" button writes
    assert FUTURE not in _problems(officer, filled)
    tomorrow = (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:00+05:00")
    assert FUTURE in _problems(officer, tomorrow)


def test_a_device_in_another_zone_uses_it(store, officer, clock, laptop_zone):
    clock.now = datetime(2026, 12, 2, 21, 30, tzinfo=UTC)
    Settings.in_dir(store.directory).set("device.time_zone", "Europe/Moscow")  # 00:30 on the 3rd there
    moscow = store.unlock("officer", "officer passphrase 1")
    moscow.clock = clock
    try:
        assert moscow.today().isoformat() == "2026-12-03" and moscow.now().utcoffset() == timedelta(hours=3)
    finally:
        moscow.close()
    with pytest.raises(UserError, match="device.time_zone"):
        Settings.in_dir(store.directory).set("device.time_zone", "Mars/Olympus_Mons")
