"""A new record starts with what the app knows, and the audit log says which of those answers were changed.

Real stores and sessions: the officer's account (name, service number), the
device's location code and the session's clock in the device's zone give the
first answers; a draft keeps them until submission so that each save and the
submission can name (by field id, never by value) the prefilled answers the
officer replaced.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from intake_app import audit
from intake_app.errors import AccessDenied, UserError
from intake_app.records import lifecycle, prefill
from intake_app.users import service as users
from tests.conftest import OFFICER_PW, FORMS_DIR
from tests.records.sample import application, write_scan


def _unlock(store, clock):
    session = store.unlock("officer", OFFICER_PW)
    session.forms_dir, session.clock = FORMS_DIR, clock
    return session


def test_the_officer_s_account_device_and_clock_give_the_first_answers(store, admin, officer, clock, laptop_zone):
    clock.now = datetime(2026, 12, 2, 21, 57, 30, tzinfo=UTC)  # 02:57 on the 3rd in Almaty
    users.update_user(admin, "officer", service_number=" KZ-417 ")
    with _unlock(store, clock) as session:  # the account is read at unlock
        start = prefill.initial_values(session, session.forms.get("asylum_application"))
    assert start.data == {"officer_name": "Aigerim Officer", "officer_id": "KZ-417", "place_name": "KZ-ALA-01",
                          "application_datetime": "2026-12-03T02:57:00+05:00"}


def test_a_monitor_s_visit_names_the_monitor_and_an_officer_without_service_number_gets_none(monitor, officer):
    start = prefill.initial_values(monitor, monitor.forms.get("detention_visit"))
    assert start.data == {"monitors": [{"monitor_name": "Dana Monitor"}]}
    assert "officer_id" not in prefill.initial_values(officer, officer.forms.get("asylum_application")).data


def _entries(session, record_id):
    return [e for e in audit.entries(session.conn) if e.target == record_id]


def test_changed_prefilled_answers_are_named_in_the_audit_log_without_their_values(officer, clock, tmp_path):
    form = officer.forms.get("asylum_application")
    start = prefill.initial_values(officer, form)
    record_id = lifecycle.create_draft(officer, form.id, dict(start.data), strict=False, prefilled=start.values)
    created = _entries(officer, record_id)[-1]
    assert created.action == "record.create"
    assert created.details["prefilled"] == ["place_name", "application_datetime", "officer_name"]
    assert created.details["prefill_changed"] == []
    typed = {**application(), "officer_name": "Серік Ахметов", "place_name": "KZ-ALA-01",
             "application_datetime": start.data["application_datetime"],
             "referral_date": start.data["application_datetime"][:10]}
    lifecycle.update_draft(officer, record_id, typed, strict=False, files=[("application_scan", write_scan(tmp_path))])
    assert _entries(officer, record_id)[-1].details["prefill_changed"] == ["officer_name"]
    lifecycle.submit(officer, record_id)
    submitted = _entries(officer, record_id)[-1]
    assert submitted.action == "record.submit" and submitted.details["prefill_changed"] == ["officer_name"]
    logged = json.dumps([e.details for e in _entries(officer, record_id)], ensure_ascii=False)
    for value in ("Aigerim Officer", "Серік Ахметов", "KZ-ALA-01", "2026-11-24"):
        assert value not in logged  # field ids only: the audit log holds no personal data
    assert prefill.prefilled(officer.conn, record_id) == {}  # nothing compared once submitted


def test_a_record_started_without_prefill_notes_nothing(officer, tmp_path):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(), strict=False,
                                       files=[("application_scan", write_scan(tmp_path))])
    lifecycle.submit(officer, record_id)
    assert all("prefill_changed" not in e.details for e in _entries(officer, record_id))


def test_voiding_a_prefilled_draft_drops_what_it_was_started_with(officer):
    form = officer.forms.get("asylum_application")
    start = prefill.initial_values(officer, form)
    record_id = lifecycle.create_draft(officer, form.id, dict(start.data), strict=False, prefilled=start.values)
    assert prefill.prefilled(officer.conn, record_id) == start.values
    lifecycle.void(officer, record_id, "started by mistake")
    assert prefill.prefilled(officer.conn, record_id) == {}


# -- the service number on the account ------------------------------------------------------------------


def test_only_an_administrator_sets_a_service_number_and_the_log_names_only_what_changed(admin, officer):
    with pytest.raises(AccessDenied):
        users.update_user(officer, "officer", service_number="KZ-999")
    assert users.update_user(admin, "officer", service_number="KZ-417", display_name="Aigerim Officer") == [
        "service_number"]
    assert users.update_user(admin, "officer", service_number="KZ-417") == []  # nothing new, nothing logged
    [entry] = [e for e in audit.entries(admin.conn) if e.action == "user.edit"]
    assert entry.target == "officer" and entry.details == {"changed": ["service_number"]}
    assert {u.username: u.service_number for u in users.list_users(admin)}["officer"] == "KZ-417"
    with pytest.raises(UserError, match="at most 50"):
        users.update_user(admin, "officer", service_number="9" * 51)


def test_a_new_account_can_have_a_service_number(store, admin):
    from intake_app.roles import Role

    users.add_user(admin, "officer2", Role.OFFICER, "second officer passphrase", "Second Officer", "KZ-500")
    with store.unlock("officer2", "second officer passphrase") as session:
        assert (session.user.display_name, session.user.service_number) == ("Second Officer", "KZ-500")
