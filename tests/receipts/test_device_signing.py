"""The device's signing key in a real store, and the signature on every frozen version."""

from __future__ import annotations

import base64

import pytest

from intake_app import audit
from intake_app.errors import NotFound, UserError
from intake_app.protocol.receipt_token import (SIGNING_DOMAIN, ReceiptClaim, decode_token, signing_payload,
                                               verify_signature, verify_token)
from intake_app.receipts.version_token import token_for_version
from intake_app.protocol.keys import DeviceKey
from intake_app.records import lifecycle
from intake_app.records.reading import get_record
from intake_app.database.connection import IntegrityError
from intake_app.protocol.keys import fingerprint
from tests.conftest import ADMIN_PW
from tests.records.sample import application, write_scan


@pytest.fixture
def scan(tmp_path):
    return write_scan(tmp_path / "input")


def _claim(session, record, version) -> ReceiptClaim:
    return ReceiptClaim(record.receipt_no if version.kind != "void" or record.receipt_no else None,
                        version.content_hash, version.submitted_at, session.device.device_id)


def _assert_signed(session, record) -> None:
    for version in record.versions:
        if version.state == "submitted":
            assert version.device_signature is not None and len(version.device_signature) == 64
            assert verify_signature(_claim(session, record, version), version.device_signature,
                                    session.device.public_key)
        else:
            assert version.device_signature is None


def test_the_device_has_a_key_pair_made_at_creation(store, admin, officer):
    device = officer.device
    assert len(device.public_key) == 32 and device.public_key == admin.device.public_key
    assert device.fingerprint == fingerprint(device.public_key)
    assert len(device.fingerprint.split()) == 16 and all(len(group) == 4 for group in device.fingerprint.split())
    assert "public_key" not in repr(device) and not hasattr(device, "private_key")
    created = [e for e in audit.entries(admin.conn) if e.action == "device.key.create"]
    assert len(created) == 1 and created[0].details["fingerprint"] == device.fingerprint
    assert created[0].target == device.device_id


def test_each_store_draws_its_own_key(store, officer, tmp_path):
    from intake_app.store.store import Store

    with Store(tmp_path / "other").create(admin_username="admin", admin_passphrase=ADMIN_PW) as other:
        assert other.device.public_key != officer.device.public_key
        assert other.device.device_id != officer.device.device_id


def test_the_private_key_stays_inside_the_encrypted_store(store, admin):
    private = bytes(admin.conn.execute("SELECT private_key FROM device_signing_key").fetchone()[0])
    assert len(private) == 32
    for path in store.directory.rglob("*"):
        if path.is_file():
            raw = path.read_bytes()
            assert private not in raw and base64.b64encode(private) not in raw and private.hex().encode() not in raw
    with pytest.raises(IntegrityError, match="cannot be changed"):
        admin.conn.execute("UPDATE device_signing_key SET private_key = ?", (bytes(32),))
    with pytest.raises(IntegrityError, match="cannot be deleted"):
        admin.conn.execute("DELETE FROM device_signing_key")


def test_submit_amend_and_void_are_signed(officer, scan):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    assert get_record(officer, record_id).versions[0].device_signature is None  # a draft is not signed
    receipt = lifecycle.submit(officer, record_id)
    _assert_signed(officer, get_record(officer, record_id))
    first_token = token_for_version(officer, record_id)

    data = dict(get_record(officer, record_id).versions[0].data, name_latin="Abdullayev Rustam")
    lifecycle.save_amendment(officer, record_id, data, "spelling")
    _assert_signed(officer, get_record(officer, record_id))  # the correction in progress is not signed
    lifecycle.amend(officer, record_id, data, "spelling")
    record = get_record(officer, record_id)
    _assert_signed(officer, record)
    keys = {officer.device.device_id: officer.device.public_key}
    amended = verify_token(token_for_version(officer, record_id), keys)
    assert amended.receipt_no == receipt and amended.claim.content_hash == record.versions[1].content_hash
    assert verify_token(token_for_version(officer, receipt, 1), keys).claim == decode_token(first_token)[0]

    lifecycle.void(officer, record_id, "registered twice")
    record = get_record(officer, record_id)
    _assert_signed(officer, record)
    assert record.to_json()["versions"][2]["device_signature"] == base64.b64encode(
        record.versions[2].device_signature).decode()
    with pytest.raises(UserError, match="is void"):
        token_for_version(officer, record_id)
    with pytest.raises(UserError, match="voids the record"):
        token_for_version(officer, record_id, 3)
    # The versions before the void keep their receipts.
    assert verify_token(token_for_version(officer, record_id, 2), keys).claim == amended.claim


def test_void_of_a_never_submitted_draft_is_signed_without_a_receipt_number(officer):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(), strict=False)
    lifecycle.void(officer, record_id, "mistaken start")
    record = get_record(officer, record_id)
    void = record.versions[-1]
    assert record.receipt_no is None
    claim = ReceiptClaim(None, void.content_hash, void.submitted_at, officer.device.device_id)
    assert signing_payload(claim)[len(SIGNING_DOMAIN):len(SIGNING_DOMAIN) + 8] == bytes(8)  # receipt fields zero
    assert verify_signature(claim, void.device_signature, officer.device.public_key)
    with pytest.raises(UserError, match="voids the record"):
        token_for_version(officer, record_id, 2)


def test_token_for_version_refuses_what_has_no_receipt(officer, scan):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(), strict=False)
    with pytest.raises(UserError, match="no submitted version"):
        token_for_version(officer, record_id)
    with pytest.raises(UserError, match="has not been submitted"):
        token_for_version(officer, record_id, 1)
    with pytest.raises(NotFound, match="no version 7"):
        token_for_version(officer, record_id, 7)


def test_a_token_of_another_store_fails_as_unknown_device(officer, scan, tmp_path):
    from intake_app.protocol.receipt_token import ReceiptTokenError
    from intake_app.roles import Role
    from intake_app.store.store import Store
    from intake_app.users.service import add_user
    from tests.conftest import FORMS_DIR, OFFICER_PW

    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    lifecycle.submit(officer, record_id)
    ours = token_for_version(officer, record_id)
    other_store = Store(tmp_path / "other")
    with other_store.create(admin_username="admin", admin_passphrase=ADMIN_PW) as admin:
        add_user(admin, "officer", Role.OFFICER, OFFICER_PW)
    with other_store.unlock("officer", OFFICER_PW) as other:
        other.forms_dir = FORMS_DIR
        other_id = lifecycle.create_draft(other, "asylum_application", application(),
                                          files=[("application_scan", scan)])
        lifecycle.submit(other, other_id)
        theirs = token_for_version(other, other_id)
        their_key = DeviceKey.of(other.device)
    with pytest.raises(ReceiptTokenError) as info:
        verify_token(theirs, {officer.device.device_id: DeviceKey.of(officer.device)})
    assert info.value.kind == "unknown_device" and their_key.device_id in info.value.message
    # Their key under our device id (a verifier mixing keys up) does not make our token valid.
    with pytest.raises(ReceiptTokenError) as info:
        verify_token(ours, {officer.device.device_id: their_key.public_key})
    assert info.value.kind == "signature"


def test_a_frozen_version_must_carry_a_signature(officer):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(), strict=False)
    with pytest.raises(IntegrityError, match="device signature"):
        officer.conn.execute("UPDATE record_versions SET state = 'submitted' WHERE record_id = ?", (record_id,))


def test_a_version_submitted_before_the_device_could_sign_has_no_token(officer):
    """Versions frozen before schema 4 stay unsigned (they are immutable); asking for their token says so."""
    record_id = lifecycle.create_draft(officer, "asylum_application", application(), strict=False)
    conn = officer.conn
    # As an old store holds it: submitted before migration 4 added the signature.
    conn.execute("DROP TRIGGER record_versions_signed")
    conn.execute("UPDATE record_versions SET state = 'submitted', submitted_at = created_at, submitted_by = 'x',"
                 " content_hash = ? WHERE record_id = ?", ("sha256:" + "0" * 64, record_id))
    conn.execute("UPDATE records SET status = 'submitted', receipt_no = ? WHERE id = ?",
                 (officer.device.device_code + "-00009-" + _check(officer.device.device_code + "00009"), record_id))
    with pytest.raises(UserError, match="before this device could sign"):
        token_for_version(officer, record_id)


def test_a_stored_signature_that_does_not_match_is_reported(officer, scan):
    record_id = lifecycle.create_draft(officer, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    lifecycle.submit(officer, record_id)
    conn = officer.conn
    conn.execute("DROP TRIGGER record_versions_immutable")  # an attacker with the database key
    conn.execute("UPDATE record_versions SET content_hash = ? WHERE record_id = ?", ("sha256:" + "1" * 64,
                                                                                    record_id))
    with pytest.raises(UserError, match="does not match this device's key"):
        token_for_version(officer, record_id)


def _check(payload: str) -> str:
    from intake_app.protocol.receipt_numbers import check_character

    return check_character(payload)
