"""Enrolment requests and the operator's decisions: approve, reject, revoke; all audited."""

from __future__ import annotations

import dataclasses

import pytest

from intake_app.errors import NotFound, UserError
from intake_app.registry import (EnrolmentRefused, Registry, approve_device, list_devices, reject_device,
                                 request_enrolment, revoke_device)
from intake_app.registry.devices import get_device
from intake_app.database.connection import IntegrityError
from tests.conftest import REGISTRY_PW
from tests.registry.ingest_helpers import new_device_key, request_for


def test_request_then_approve(registry, clock):
    key = new_device_key()
    assert registry.device_status(key.device_id) == "unknown"
    assert registry.device_public_key(key.device_id) is None
    device = request_enrolment(registry, request_for(key))
    assert device.status == "pending" and device.received_by == "device:" + key.device_id
    assert (device.device_name, device.location_code, device.fingerprint) == (key.name, key.location_code,
                                                                            key.fingerprint)
    assert registry.device_status(key.device_id) == "pending"
    clock.advance(60)
    approved = approve_device(registry, key.device_id, operator="serik", expected_fingerprint=key.fingerprint)
    assert (approved.status, approved.approved_by) == ("approved", "serik")
    assert registry.device_status(key.device_id) == "approved"
    assert registry.device_public_key(key.device_id) == key.public_key


def test_status_survives_reopening(registry, registry_dir):
    key = new_device_key()
    request_enrolment(registry, request_for(key), operator="amina")
    approve_device(registry, key.device_id, operator="amina")
    registry.close()
    with Registry.open(registry_dir, REGISTRY_PW) as again:
        assert again.device_status(key.device_id) == "approved"


def test_asking_again_with_the_same_key_changes_nothing(registry):
    key = new_device_key()
    request_enrolment(registry, request_for(key))
    entries = len(registry.audit_entries())
    assert request_enrolment(registry, request_for(key)).status == "pending"
    approve_device(registry, key.device_id, operator="amina")
    assert request_enrolment(registry, request_for(key)).status == "approved"
    assert len(registry.audit_entries()) == entries + 1  # only the approval


@pytest.mark.parametrize("approve_first", [False, True])
def test_another_key_for_a_known_device_is_refused(registry, approve_first):
    key = new_device_key()
    request_enrolment(registry, request_for(key))
    if approve_first:
        approve_device(registry, key.device_id, operator="amina")
    forged = dataclasses.replace(new_device_key(), device_id=key.device_id)
    with pytest.raises(EnrolmentRefused, match="another key") as refused:
        request_enrolment(registry, request_for(forged))
    assert refused.value.status == ("approved" if approve_first else "pending")
    assert registry.device_public_key(key.device_id) == key.public_key


def test_approving_with_the_wrong_fingerprint_approves_nothing(registry):
    key = new_device_key()
    request_enrolment(registry, request_for(key))
    with pytest.raises(UserError, match="does not match"):
        approve_device(registry, key.device_id, operator="amina", expected_fingerprint=new_device_key().fingerprint)
    assert registry.device_status(key.device_id) == "pending"
    # Spaces and case do not matter when the operator types it.
    approve_device(registry, key.device_id, operator="amina",
                   expected_fingerprint=key.fingerprint.replace(" ", "").lower())
    assert registry.device_status(key.device_id) == "approved"


def test_reject_removes_the_request_and_the_device_may_ask_again(registry):
    key = new_device_key()
    request_enrolment(registry, request_for(key))
    reject_device(registry, key.device_id, operator="amina", reason="fingerprint not confirmed")
    assert registry.device_status(key.device_id) == "unknown"
    assert request_enrolment(registry, request_for(key)).status == "pending"
    approve_device(registry, key.device_id, operator="amina")
    with pytest.raises(UserError, match="revoke it"):
        reject_device(registry, key.device_id, operator="amina")


@pytest.mark.parametrize("approve_first", [False, True])
def test_revoked_stays_revoked(registry, approve_first):
    key = new_device_key()
    request_enrolment(registry, request_for(key))
    if approve_first:
        approve_device(registry, key.device_id, operator="amina")
    revoked = revoke_device(registry, key.device_id, operator="serik", reason="laptop stolen")
    assert (revoked.status, revoked.revoked_by, revoked.revoke_reason) == ("revoked", "serik", "laptop stolen")
    assert registry.device_status(key.device_id) == "revoked"
    with pytest.raises(UserError, match="revoked device cannot be approved again"):
        approve_device(registry, key.device_id, operator="amina")
    with pytest.raises(EnrolmentRefused, match="cannot be enrolled again") as refused:
        request_enrolment(registry, request_for(key))
    assert refused.value.status == "revoked"
    with pytest.raises(UserError, match="already revoked"):
        revoke_device(registry, key.device_id, operator="amina")
    with pytest.raises(UserError, match="already revoked"):
        reject_device(registry, key.device_id, operator="amina")
    assert registry.device_status(key.device_id) == "revoked"


def test_the_database_itself_keeps_revoked_devices_revoked_and_keys_fixed(registry):
    key = new_device_key()
    request_enrolment(registry, request_for(key))
    with pytest.raises(IntegrityError):
        registry.conn.execute("UPDATE devices SET public_key = ? WHERE device_id = ?",
                              (new_device_key().public_key, key.device_id))
    approve_device(registry, key.device_id, operator="amina")
    with pytest.raises(IntegrityError):
        registry.conn.execute("UPDATE devices SET status = 'pending' WHERE device_id = ?", (key.device_id,))
    with pytest.raises(IntegrityError):
        registry.conn.execute("DELETE FROM devices WHERE device_id = ?", (key.device_id,))
    revoke_device(registry, key.device_id, operator="amina")
    for sql in ("UPDATE devices SET status = 'approved' WHERE device_id = ?",
                "DELETE FROM devices WHERE device_id = ?"):
        with pytest.raises(IntegrityError):
            registry.conn.execute(sql, (key.device_id,))
    assert registry.device_status(key.device_id) == "revoked"


def test_unknown_devices_are_named(registry):
    for action in (approve_device, reject_device, revoke_device):
        with pytest.raises(NotFound, match="No device"):
            action(registry, "6b1e2d1c-0000-4000-8000-000000000000", operator="amina")


def test_list_orders_pending_approved_revoked(registry, clock):
    keys = [new_device_key(f"Laptop {n}") for n in range(3)]
    for key in keys:
        clock.advance(1)
        request_enrolment(registry, request_for(key))
    approve_device(registry, keys[0].device_id, operator="amina")
    revoke_device(registry, keys[1].device_id, operator="amina")
    assert [(d.device_name, d.status) for d in list_devices(registry)] == [
        ("Laptop 2", "pending"), ("Laptop 0", "approved"), ("Laptop 1", "revoked")]
    assert [d.device_name for d in list_devices(registry, "approved")] == ["Laptop 0"]
    assert get_device(registry, keys[0].device_id.upper()) is not None


def test_the_audit_chain_verifies_and_lists_every_change(registry, clock):
    a, b = new_device_key("Laptop A"), new_device_key("Laptop B")
    request_enrolment(registry, request_for(a), operator="amina")
    request_enrolment(registry, request_for(b))
    clock.advance(30)
    approve_device(registry, a.device_id, operator="serik")
    reject_device(registry, b.device_id, operator="serik", reason="unknown laptop")
    revoke_device(registry, a.device_id, operator="dana", reason="decommissioned")
    count, problems = registry.verify_audit()
    assert problems == [] and count == 6
    log = [(e.action, e.actor, e.target) for e in registry.audit_entries()]
    assert log == [("registry.create", "amina", registry.registry_id),
                   ("device.request", "amina", a.device_id),
                   ("device.request", "device:" + b.device_id, b.device_id),
                   ("device.approve", "serik", a.device_id),
                   ("device.reject", "serik", b.device_id),
                   ("device.revoke", "dana", a.device_id)]
    revoke = registry.audit_entries()[-1]
    assert revoke.details == {"fingerprint": a.fingerprint, "previous_status": "approved",
                              "reason": "decommissioned"}
    assert revoke.at == "2026-11-23T09:30:30.000000+00:00"


@pytest.mark.parametrize(("change", "message"), [
    ({"device_id": "not-a-uuid"}, "no valid device id"),
    ({"device_name": ""}, "name and location code"),
    ({"location_code": "KZ ALA"}, "location code may contain"),
    ({"public_key": b"\x01" * 31}, "not a valid Ed25519 key"),
    ({"fingerprint": "0000 1111"}, "fingerprint does not match"),
    ({"requested_at": "yesterday"}, "ISO 8601"),
    ({"requested_at": "2026-11-24T04:00:00"}, "ISO 8601"),
    ({"device_code": "ABC"}, "device code"),
])
def test_malformed_requests_are_refused_and_change_nothing(registry, change, message):
    request = dataclasses.replace(request_for(new_device_key()), **change)
    entries = len(registry.audit_entries())
    with pytest.raises(UserError, match=message):
        request_enrolment(registry, request)
    assert list_devices(registry) == [] and len(registry.audit_entries()) == entries


def test_operator_names_are_checked(registry):
    key = new_device_key()
    request_enrolment(registry, request_for(key))
    with pytest.raises(UserError, match="user name"):
        approve_device(registry, key.device_id, operator="")
    with pytest.raises(UserError, match="reason"):
        revoke_device(registry, key.device_id, operator="amina", reason="line\nbreak")
    assert registry.device_status(key.device_id) == "pending"


def test_an_altered_audit_entry_is_named(registry):
    key = new_device_key()
    request_enrolment(registry, request_for(key))
    approve_device(registry, key.device_id, operator="amina")
    registry.conn.execute("DROP TRIGGER audit_log_no_update")  # what only someone holding the keys could do
    registry.conn.execute("UPDATE audit_log SET actor = 'someone-else' WHERE action = 'device.approve'")
    count, problems = registry.verify_audit()
    assert count == 3 and [(p.seq, p.kind) for p in problems] == [(3, "altered")]
