"""End to end: enrol, approve, submit with a scan, sync over HTTP, acknowledged once, purged later, receipt verifies.

A real registry (``Registry.create``) behind the real server (uvicorn on
127.0.0.1, the ``live`` fixture), a real encrypted device store, and a
hand-moved device clock for the passing of the retention days.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from intake_app.protocol.keys import DeviceKey
from intake_app.protocol.receipt_token import verify_token
from intake_app.receipts.version_token import token_for_version
from intake_app.records import lifecycle
from intake_app.records.reading import get_record, list_summaries
from intake_app.registry import received
from intake_app.search.query import search
from intake_app.sync import client, retention
from tests.conftest import FakeClock
from tests.records.sample import application, write_scan
from tests.sync.conftest import Switch
from tests.sync.helpers import NO_WAIT, enrol_with_registry, status

CANARY_LATIN = "Qanaryevich Zhanbolat"
CANARY_ORIGINAL = "Канарьевич Жанболат"
DAY = 24 * 3600


def test_submit_sync_acknowledge_purge_and_verify_the_receipt(store, data_dir, admin, officer, live, tmp_path):
    clock = FakeClock(datetime.now(UTC))
    admin.clock = officer.clock = clock
    transport = Switch()

    # The administrator enrols the device; the registry's operator approves it.
    enrol_with_registry(admin, live.enrolment_file, transport=transport, approve_at=live.registry)

    # The officer registers an application with a scan and gives the receipt.
    scan = write_scan(tmp_path / "scan", seed=7)
    record = lifecycle.create_draft(officer, "asylum_application",
                                    application(name_original=CANARY_ORIGINAL, name_latin=CANARY_LATIN),
                                    files=[("application_scan", scan)])
    receipt_no = lifecycle.submit(officer, record)
    token = token_for_version(officer, record)
    assert [r.id for r in search(officer, "Zhanbolat")] == [record]

    # Sync: acknowledged, and the registry holds the version exactly once, with its scan.
    entry = client.sync(officer, retry=NO_WAIT, transport=transport).registries[0]
    assert (entry.error, entry.sent, entry.acknowledged, entry.pending) == (None, 1, 1, 0)
    assert status(officer, record) == "acknowledged"
    assert client.sync(officer, retry=NO_WAIT, transport=transport).registries[0].sent == 0
    held = [v for v in received.list_versions(live.registry) if v.record_id == record]
    assert [(v.version, v.receipt_no) for v in held] == [(1, receipt_no)]
    assert held[0].content_hash == get_record(officer, record).versions[0].content_hash
    [version] = received.get_record(live.registry, record)
    assert version.data()["name_latin"] == CANARY_LATIN
    [attachment] = received.attachment_ids(live.registry, record, 1)
    assert received.read_attachment(live.registry, attachment) == scan.read_bytes()

    # Time passes: not yet due at 29 days, purged after 31 (default retention: 30 days).
    clock.advance(29 * DAY)
    assert retention.purge(officer).records == []
    clock.advance(2 * DAY)
    purged = client.sync(officer, retry=NO_WAIT, transport=transport).purged
    assert purged is not None and [c.record_id for c in purged.records] == [record]
    assert (purged.versions, purged.attachments) == (1, 1)
    assert status(officer, record) == "purged"

    # The device keeps no personal data: read through the app's own queries and the store's tables.
    stub = get_record(officer, record)
    assert stub.names == [] and all(v.data == {} for v in stub.versions)
    assert stub.receipt_no == receipt_no
    [row] = list_summaries(officer)
    assert (row.record.id, row.record.status, row.name_original, row.name_latin) == (record, "purged", "", "")
    for word in ("Zhanbolat", "Qanaryevich", "Жанболат"):
        assert search(officer, word) == []
    conn = officer.conn
    stored = json.dumps([list(r) for r in conn.execute("SELECT data, reason FROM record_versions")],
                        ensure_ascii=False)
    assert "Zhanbolat" not in stored and "Жанболат" not in stored
    assert conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM attachment_chunks").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM search_names").fetchone()[0] == 0
    for path in data_dir.rglob("*"):  # encrypted anyway: not a byte of the name in any file
        if path.is_file():
            raw = path.read_bytes()
            assert CANARY_LATIN.encode() not in raw and CANARY_ORIGINAL.encode() not in raw

    # The receipt the applicant holds still verifies, and the device still makes the same token.
    assert token_for_version(officer, record) == token
    verified = verify_token(token, {officer.device.device_id: DeviceKey.of(officer.device)})
    assert verified.receipt_no == receipt_no
    assert verified.claim.content_hash == held[0].content_hash

    # The registry still holds the application, once.
    assert [v.record_id for v in received.list_versions(live.registry)].count(record) == 1
