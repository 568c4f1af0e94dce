"""Removable media: export the stored bundles, the registry takes them in, acknowledgements come back by file."""

from __future__ import annotations

import io
import json

import pytest

from intake_app.errors import UserError
from intake_app.records.reading import list_summaries
from intake_app.registry import ingest
from intake_app.protocol.enrolment import read_enrolment_file
from intake_app.protocol import media
from intake_app.sync import registries
from intake_app.sync.offline import export_pending, import_acks
from tests.sync.helpers import outbox_rows, status, submit_application


def test_export_then_ack_import_round_trip(admin, officer, live, tmp_path):
    registries.enroll(admin, read_enrolment_file(live.enrolment_file), "border-service")  # offline: not sent
    first = submit_application(officer, tmp_path, seed=1)
    second = submit_application(officer, tmp_path, name="Karimov Aziz", seed=2)
    assert {s.shown_status for s in list_summaries(officer)} == {"queued"}  # waiting to be sent
    out = tmp_path / "usb" / "bundles.fim"
    out.parent.mkdir()
    result = export_pending(officer, out, max_bytes=4096)  # small: one bundle per version
    assert (result.bundles, result.versions) == (2, 2)
    assert {row[2] for row in outbox_rows(officer)} == {"sent"}
    assert {s.shown_status for s in list_summaries(officer)} == {"sent"}  # the list says how far they got
    assert b"Abdullaev" not in out.read_bytes() and "Абдуллаев".encode() not in out.read_bytes()

    from tests.registry.ingest_helpers import enrol
    enrol(live.registry, officer.device.device_id, officer.device.public_key)  # the operator's approval, offline
    acks = ingest.ingest_bundles_file(live.registry, out, operator="amina")
    assert len(acks) == 2 and sorted(live.received()) == sorted([(first, 1), (second, 1)])

    forged = dict(acks[1].to_json(), received_at="2030-01-01T00:00:00.000000+00:00")
    ack_file = tmp_path / "usb" / "acks.json"
    ack_file.write_text(json.dumps([acks[0].to_json(), forged]))
    imported = import_acks(officer, ack_file)
    assert (imported.applied, imported.acknowledged) == (1, 1)
    assert imported.refused and imported.refused[0][0] == 1 and "signature" in imported.refused[0][1]
    ack_file.write_text(json.dumps([a.to_json() for a in acks]))
    imported = import_acks(officer, ack_file)
    assert (imported.applied, imported.acknowledged, imported.refused) == (2, 1, [])
    assert {row[2] for row in outbox_rows(officer)} == {"acknowledged"}
    assert status(officer, first) == status(officer, second) == "acknowledged"
    assert {s.shown_status for s in list_summaries(officer)} == {"acknowledged"}


def test_export_needs_something_to_send_and_one_registry(admin, officer, live, tmp_path):
    with pytest.raises(UserError, match="--registry"):
        export_pending(officer, tmp_path / "x", max_bytes=4096)
    registries.enroll(admin, read_enrolment_file(live.enrolment_file), "border-service")
    with pytest.raises(UserError, match="Nothing waits"):
        export_pending(officer, tmp_path / "x", max_bytes=4096)
    assert not (tmp_path / "x").exists()


def test_media_container_round_trip_and_refusals():
    out = io.BytesIO()
    media.write_media(out, [(3, lambda: [b"abc"]), (0, lambda: []), (5, lambda: [b"de", b"fgh"])], 3)
    data = out.getvalue()
    assert data[:8] == media.MAGIC and data[8:14] == b"\x00\x01\x00\x00\x00\x03"
    assert [piece.read() for piece in media.read_media(io.BytesIO(data))] == [b"abc", b"", b"defgh"]
    assert [piece.length for piece in media.read_media(io.BytesIO(data))] == [3, 0, 5]  # unread ones are skipped
    for broken in (data[:-1], data + b"x", b"not a container at all"):
        with pytest.raises(media.MediaError):
            list(media.read_media(io.BytesIO(broken)))
