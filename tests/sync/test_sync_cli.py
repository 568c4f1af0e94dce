"""``intake enroll``, ``registries``, ``sync``, ``export``, ``ack import`` in a subprocess, with the live server."""

from __future__ import annotations

import json

from intake_app.registry import ingest
from tests.conftest import OFFICER_PW
from tests.sync.helpers import submit_application


def test_enroll_sync_export_and_ack_import(store, cli, officer, live, tmp_path):
    fingerprint = live.registry.enrolment.fingerprint
    refused = cli.run("enroll", str(live.enrolment_file))  # no terminal, no --yes: nothing happens
    assert refused.returncode == 1 and "--yes" in refused.stderr
    assert "not enrolled" in cli.ok("registries")

    out = cli.ok("enroll", str(live.enrolment_file), "--yes")
    assert fingerprint in out and live.url in out and "Committee on Migration" in out
    assert "pending" in out
    listed = cli.json("registries")
    assert [(r["registry_id"], r["enrolment_status"], r["destination"]) for r in listed] == [
        (live.registry.registry_id, "pending", "border-service")]
    assert "already enrolled" in cli.run("enroll", str(live.enrolment_file), "--yes").stderr

    as_officer = cli.as_user("officer", OFFICER_PW)
    assert "cannot do this" in as_officer.run("enroll", str(live.enrolment_file), "--yes").stderr
    submit_application(officer, tmp_path)
    waiting = as_officer.run("sync")
    assert waiting.returncode == 1 and "not approved" in waiting.stdout
    live.approve(officer.device.device_id)
    assert "acknowledged 1, conflicts 0, waiting 0" in as_officer.ok("sync")

    submit_application(officer, tmp_path, name="Karimov Aziz", seed=3)
    usb = tmp_path / "bundles.fim"
    assert "1 bundle(s) with 1 record version(s)" in as_officer.ok("export", "--out", str(usb))
    acks = ingest.ingest_bundles_file(live.registry, usb)
    ack_file = tmp_path / "acks.json"
    ack_file.write_text(json.dumps([a.to_json() for a in acks]))
    assert "1 version(s) acknowledged" in as_officer.ok("ack", "import", str(ack_file))
    assert "pending 0, sent 0, acknowledged 2, conflicts 0" in cli.ok("enroll", "--list")
