"""The device side of sync against the real registry server: enrolment, outbox, verified acks, recovery."""

from __future__ import annotations

import pytest

from intake_app import audit
from intake_app.errors import AccessDenied
from intake_app.records import lifecycle
from intake_app.records.reading import get_record
from intake_app.protocol.enrolment import read_enrolment_file
from intake_app.sync import client, outbox, registries
from intake_app.sync.client import sync
from tests.records.sample import visit
from tests.sync.conftest import Killed, Switch, forge
from tests.sync.helpers import NO_WAIT, enrol_with_registry, outbox_rows, status, submit_application


def _sync(session, transport):
    return sync(session, retry=NO_WAIT, transport=transport)


def test_only_an_administrator_enrols(officer, live):
    with pytest.raises(AccessDenied):
        registries.enroll(officer, read_enrolment_file(live.enrolment_file), "border-service")


def test_outbox_rows_are_written_at_submission_and_for_earlier_versions(admin, officer, monitor, live, tmp_path):
    earlier = submit_application(officer, tmp_path, seed=1)
    assert outbox_rows(officer) == [] and status(officer, earlier) == "submitted"
    registry = enrol_with_registry(admin, live.enrolment_file, transport=Switch())
    assert outbox_rows(officer) == [(earlier, 1, "pending", None)]
    assert status(officer, earlier) == "queued"
    entry = [e for e in audit.entries(admin.conn) if e.action == "sync.registry.enroll"][-1]
    assert entry.details == {"fingerprint": registry.fingerprint, "destination": "border-service", "queued": 1}

    later = submit_application(officer, tmp_path, name="Karimov Aziz", seed=2)
    assert (later, 1, "pending", None) in outbox_rows(officer) and status(officer, later) == "queued"
    lifecycle.amend(officer, later, dict(get_record(officer, later).versions[0].data, name_latin="Karimov Azis"),
                    "spelling")
    lifecycle.void(officer, earlier, "entered twice")
    assert {(r, v) for r, v, _s, _b in outbox_rows(officer)} == {(earlier, 1), (earlier, 2), (later, 1), (later, 2)}
    assert status(officer, later) == "queued" and status(officer, earlier) == "void"

    report = lifecycle.create_draft(monitor, "detention_visit", visit())
    lifecycle.submit(monitor, report)
    assert report not in {r for r, *_ in outbox_rows(officer)}  # a monitor's report never goes to the border service
    assert status(monitor, report) == "submitted"


def test_sync_marks_acknowledged_only_after_a_verified_ack(admin, officer, live, tmp_path):
    transport = Switch()
    registry = enrol_with_registry(admin, live.enrolment_file, transport=transport)
    first = submit_application(officer, tmp_path, seed=1)
    report = _sync(officer, transport)
    assert report.registries[0].error is not None and "approved" in report.registries[0].error
    assert outbox_rows(officer)[0][2] == "pending"

    live.approve(officer.device.device_id)
    second = submit_application(officer, tmp_path, name="Karimov Aziz", seed=2)
    report = _sync(officer, transport)
    entry = report.registries[0]
    assert (entry.error, entry.sent, entry.acknowledged, entry.conflicts, entry.pending) == (None, 1, 2, 0, 0)
    assert {row[2] for row in outbox_rows(officer)} == {"acknowledged"}
    assert status(officer, first) == status(officer, second) == "acknowledged"
    assert sorted(live.received()) == sorted([(first, 1), (second, 1)])
    assert officer.conn.execute("SELECT count(*) FROM sync_bundle_chunks").fetchone()[0] == 0
    stored_ack = officer.conn.execute("SELECT ack FROM sync_bundles").fetchone()[0]
    assert registry.registry_id in stored_ack
    actions = [e.action for e in audit.entries(officer.conn)]
    assert "sync.bundle.seal" in actions and "sync.bundle.ack" in actions
    assert _sync(officer, transport).registries[0].sent == 0  # nothing left to send


def test_a_forged_ack_leaves_the_versions_sent(admin, officer, live, tmp_path):
    transport = Switch()
    enrol_with_registry(admin, live.enrolment_file, transport=transport, approve_at=live.registry)
    record = submit_application(officer, tmp_path)
    transport.on_response = lambda request, response: forge(response) if request.url.path.startswith(
        ("/v1/bundles", "/v1/acks")) else response
    entry = _sync(officer, transport).registries[0]
    assert entry.acknowledged == 0 and "signature" in (entry.error or "")
    assert [row[2] for row in outbox_rows(officer)] == ["sent"] and status(officer, record) == "queued"
    transport.on_response = None
    entry = _sync(officer, transport).registries[0]
    assert (entry.error, entry.acknowledged, entry.sent) == (None, 1, 0)  # the stored ack, fetched and verified
    assert live.bundles() == 1 and status(officer, record) == "acknowledged"


def test_network_down_then_up(admin, officer, live, tmp_path):
    transport = Switch()
    enrol_with_registry(admin, live.enrolment_file, transport=transport, approve_at=live.registry)
    record = submit_application(officer, tmp_path)
    transport.down = True
    entry = _sync(officer, transport).registries[0]
    assert entry.error is not None and entry.pending == 1
    assert [row[2] for row in outbox_rows(officer)] == ["pending"] and status(officer, record) == "queued"
    transport.down = False
    entry = _sync(officer, transport).registries[0]
    assert (entry.error, entry.acknowledged, entry.pending) == (None, 1, 0)


def test_a_crash_between_upload_and_ack_sends_the_bundle_once(admin, officer, live, tmp_path):
    transport = Switch()
    enrol_with_registry(admin, live.enrolment_file, transport=transport, approve_at=live.registry)
    record = submit_application(officer, tmp_path)
    transport.kill_after_upload = True
    with pytest.raises(Killed):
        _sync(officer, transport)
    [(_r, _v, state, bundle_id)] = outbox_rows(officer)
    assert state == "sent" and live.bundles() == 1  # it did arrive
    transport.requests.clear()
    entry = _sync(officer, transport).registries[0]
    assert (entry.error, entry.acknowledged) == (None, 1)
    assert f"GET /v1/acks/{bundle_id}" in transport.requests and "POST /v1/bundles" not in transport.requests
    assert live.bundles() == 1 and live.received() == [(record, 1)]


def test_a_lost_answer_is_retried_with_the_same_bundle(admin, officer, live, tmp_path):
    transport = Switch()
    enrol_with_registry(admin, live.enrolment_file, transport=transport, approve_at=live.registry)
    record = submit_application(officer, tmp_path)
    transport.lose_upload_answer = True
    entry = _sync(officer, transport).registries[0]
    assert (entry.error, entry.acknowledged) == (None, 1)
    assert transport.requests.count("POST /v1/bundles") == 2  # the same stored bytes, twice
    assert live.bundles() == 1 and live.received() == [(record, 1)]


def test_a_bundle_sealed_but_never_uploaded_is_resent_byte_identical(admin, officer, live, tmp_path):
    from intake_app.sync import spool

    transport = Switch()
    registry = enrol_with_registry(admin, live.enrolment_file, transport=transport, approve_at=live.registry)
    submit_application(officer, tmp_path)
    [sealed] = spool.seal_pending(officer, registry, 4 * 1024 * 1024)  # then the laptop was switched off
    before = b"".join(spool.bundle_chunks(officer.conn, sealed.bundle_id))
    entry = _sync(officer, transport).registries[0]
    assert (entry.error, entry.sent, entry.acknowledged) == (None, 1, 1)
    assert transport.uploads == [before]


def test_retry_backoff_is_bounded_and_jittered():
    policy = client.RetryPolicy(attempts=4, base_delay=1.0, max_delay=3.0, jitter=lambda: 1.0)
    assert [policy.delay(n) for n in range(4)] == [1.0, 2.0, 3.0, 3.0]
    assert client.RetryPolicy(base_delay=1.0, jitter=lambda: 0.0).delay(0) == 0.5


def test_counts_and_status_with_no_registry(officer, tmp_path):
    record = submit_application(officer, tmp_path)
    assert status(officer, record) == "submitted"
    assert outbox.counts(officer.conn, "none") == {"pending": 0, "sent": 0, "acknowledged": 0, "conflict": 0}
