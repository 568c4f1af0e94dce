"""Retention: acknowledged records are purged to a stub after ``sync.retention_days``; receipts still verify."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from intake_app import audit
from intake_app.errors import UserError
from intake_app.receipts.facts import receipt_facts
from intake_app.protocol.receipt_token import verify_token
from intake_app.receipts.version_token import token_for_version
from intake_app.records import lifecycle
from intake_app.records.reading import get_record, list_summaries
from intake_app.search.query import search
from intake_app.settings import Settings
from intake_app.database.connection import IntegrityError
from intake_app.sync import client, retention
from tests.conftest import FakeClock
from tests.sync.conftest import Switch
from tests.sync.helpers import NO_WAIT, enrol_with_registry, status, submit_application

DAY = 24 * 3600


@pytest.fixture
def transport() -> Switch:
    return Switch()


@pytest.fixture
def device(admin, officer, live, transport):
    """The officer's session, enrolled and approved, on a hand-moved clock that starts now."""
    enrol_with_registry(admin, live.enrolment_file, transport=transport, approve_at=live.registry)
    officer.clock = FakeClock(datetime.now(UTC))
    return officer


@pytest.fixture
def sync_now(device, transport):
    return lambda: client.sync(device, retry=NO_WAIT, transport=transport)


def _count(session, table: str) -> int:
    return int(session.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_an_acknowledged_record_is_purged_to_a_stub_after_the_retention_days(device, sync_now, tmp_path):
    record = submit_application(device, tmp_path, name="Canary Zhanbolat")
    report = sync_now()
    assert status(device, record) == "acknowledged" and report.purged is not None and not report.purged.records
    before = get_record(device, record).versions[0]
    token = token_for_version(device, record)

    device.clock.advance(29 * DAY)
    assert retention.purge(device, dry_run=True).records == []
    device.clock.advance(2 * DAY)
    dry = retention.purge(device, dry_run=True)
    assert [c.record_id for c in dry.records] == [record] and status(device, record) == "acknowledged"

    done = retention.purge(device)
    assert (len(done.records), done.versions, done.attachments) == (1, 1, 1)
    assert status(device, record) == "purged"
    after = get_record(device, record)
    stub = after.versions[0]
    assert stub.data == {} and stub.purged_at is not None and after.names == []
    assert (stub.content_hash, stub.device_signature, stub.submitted_at, stub.form_id, stub.form_version) == (
        before.content_hash, before.device_signature, before.submitted_at, before.form_id, before.form_version)
    assert after.receipt_no is not None
    assert device.conn.execute("SELECT document FROM record_versions WHERE record_id = ?",  # the signed copy too
                               (record,)).fetchone() == (None,)
    assert _count(device, "attachments") == 0 and _count(device, "attachment_chunks") == 0
    assert device.conn.execute("SELECT ack FROM sync_bundles").fetchone()[0] is not None

    # The receipt token is the same and still verifies with the device's public key.
    assert token_for_version(device, record) == token
    verified = verify_token(token, {device.device.device_id: device.device.public_key})
    assert verified.receipt_no == after.receipt_no

    # Listed without names, found by receipt number only.
    [row] = list_summaries(device)
    assert (row.record.status, row.name_original, row.name_latin) == ("purged", "", "")
    assert search(device, "Canary") == [] and search(device, "Zhanbolat") == []
    assert [r.id for r in search(device, after.receipt_no)] == [record]
    assert lifecycle.allowed_actions("purged") == frozenset()

    with pytest.raises(UserError, match="purged"):
        lifecycle.amend(device, record, {"name_latin": "x"}, "spelling")
    with pytest.raises(UserError, match="purged"):
        lifecycle.void(device, record, "entered twice")
    with pytest.raises(UserError, match="purged"):
        receipt_facts(device, record, langs=("kk", "ru"))

    [entry] = [e for e in audit.entries(device.conn) if e.action == "record.purge"]
    assert (entry.target, entry.details) == (record, {"versions": [1], "attachments_deleted": 1})
    assert retention.purge(device).records == []  # nothing twice
    assert audit.verify(device.conn)[1] == []


def test_only_fully_acknowledged_records_without_a_correction_in_progress_are_purged(device, sync_now, tmp_path):
    done = submit_application(device, tmp_path, name="Aliev Timur", seed=1)
    shared = submit_application(device, tmp_path, name="Bekov Arman", seed=2)
    editing = submit_application(device, tmp_path, name="Karimov Aziz", seed=3)
    sync_now()
    later = submit_application(device, tmp_path, name="Nurlanov Erlan", seed=2)  # the same scan as ``shared``
    lifecycle.amend(device, done, dict(get_record(device, done).versions[0].data, name_latin="Aliev Timour"),
                    "spelling")
    lifecycle.save_amendment(device, editing, None, "in progress")
    device.clock.advance(31 * DAY)

    report = retention.purge(device)
    assert [c.record_id for c in report.records] == [shared]
    assert status(device, done) == "queued" and status(device, editing) == "acknowledged"
    assert status(device, later) == "queued"
    assert report.attachments == 0  # the scan is still used by ``later``
    [scan] = get_record(device, later).versions[0].data["application_scan"]
    assert device.conn.execute("SELECT count(*) FROM attachment_chunks WHERE attachment_id = ?",
                               (scan,)).fetchone()[0] > 0


def test_the_schema_allows_only_the_purge_of_an_acknowledged_version(device, sync_now, tmp_path):
    waiting = submit_application(device, tmp_path, name="Aliev Timur", seed=1)
    conn = device.conn
    purge_sql = ("UPDATE record_versions SET data = '{}', reason = NULL, document = NULL, purged_at = 'now'"
                 " WHERE record_id = ?")
    with pytest.raises(IntegrityError, match="immutable"):
        conn.execute(purge_sql, (waiting,))  # still pending for the registry
    sync_now()
    with pytest.raises(IntegrityError, match="immutable"):  # a purge must not keep the signed copy of the data
        conn.execute("UPDATE record_versions SET data = '{}', reason = NULL, purged_at = 'now' WHERE record_id = ?",
                     (waiting,))
    with pytest.raises(IntegrityError, match="immutable"):
        conn.execute("UPDATE record_versions SET data = '{\"x\": 1}', purged_at = 'now' WHERE record_id = ?",
                     (waiting,))
    with pytest.raises(IntegrityError, match="immutable"):
        conn.execute("UPDATE record_versions SET data = '{}', reason = NULL, purged_at = 'now',"
                     " content_hash = 'sha256:00' WHERE record_id = ?", (waiting,))
    conn.execute(purge_sql, (waiting,))
    with pytest.raises(IntegrityError, match="immutable"):
        conn.execute("UPDATE record_versions SET purged_at = 'later' WHERE record_id = ?", (waiting,))
    with pytest.raises(IntegrityError, match="CHECK"):
        conn.execute("UPDATE records SET status = 'gone' WHERE id = ?", (waiting,))


def test_sync_purges_at_its_end_and_the_form_decides_when(device, sync_now, tmp_path, store):
    record = submit_application(device, tmp_path)
    sync_now()
    Settings.in_dir(store.directory).set("sync.retention_days", 5)  # the device default; the form says 30
    device.clock.advance(29 * DAY)
    assert sync_now().purged.records == []
    device.clock.advance(2 * DAY)
    report = sync_now().purged
    assert [c.record_id for c in report.records] == [record] and report.versions == 1
    assert status(device, record) == "purged"
    assert device.conn.execute("SELECT count(*) FROM sync_outbox WHERE state != 'acknowledged'").fetchone()[0] == 0


def test_intake_purge_dry_run(store, cli):
    from tests.conftest import OFFICER_PW

    as_officer = cli.as_user("officer", OFFICER_PW)
    assert "0 record(s) would be purged" in as_officer.ok("purge", "--dry-run")
    assert "Purged 0 record(s)" in as_officer.ok("purge")


def test_a_voided_record_is_purged_once_its_void_is_acknowledged_too(device, sync_now, tmp_path):
    record = submit_application(device, tmp_path)
    sync_now()
    lifecycle.void(device, record, "entered twice")
    device.clock.advance(31 * DAY)
    assert retention.purge(device).records == [] and status(device, record) == "void"  # the void still waits
    # The acknowledgement's time is the registry's (its clock did not move): due at once, purged by this sync.
    report = sync_now().purged
    assert [c.record_id for c in report.records] == [record] and report.versions == 2
    assert status(device, record) == "purged"
    assert [v.kind for v in get_record(device, record).versions] == ["original", "void"]


def test_each_form_names_its_destinations_and_retention():
    from intake_app.forms import load_form_file
    from intake_app.records.destinations import destinations_for
    from tests.conftest import FORMS_DIR

    asylum = load_form_file(FORMS_DIR / "asylum_application" / "form.yaml")
    visit = load_form_file(FORMS_DIR / "detention_visit" / "form.yaml")
    assert destinations_for(asylum) == ("border-service",) and destinations_for(visit) == ("ngo-monitoring",)
    assert asylum.retention_days == visit.retention_days == 30
