"""A registry to sync with and the device enrolled with it; records submitted in the test store; outbox reads."""

from __future__ import annotations

from pathlib import Path

import httpx

from intake_app.records import lifecycle
from intake_app.registry import Registry, approve_device
from intake_app.protocol.enrolment import read_enrolment_file, write_enrolment_file
from intake_app.sync import client, registries
from intake_app.sync.client import RetryPolicy
from tests.conftest import REGISTRY_PW
from tests.records.sample import application, write_scan

NO_WAIT = RetryPolicy(attempts=3, base_delay=0.0, sleep=lambda _s: None, timeout=30)


def new_registry(directory: Path, url: str, enrolment_file: Path) -> Registry:
    """A new registry in ``directory``, reached at ``url``; its enrolment file written to ``enrolment_file``."""
    registry = Registry.create(directory, REGISTRY_PW, operator="amina", name="Committee on Migration", url=url)
    write_enrolment_file(enrolment_file, registry.enrolment)
    return registry


def enrol_with_registry(admin, enrolment_file: Path, *, approve_at: Registry | None = None,
                        retry: RetryPolicy = NO_WAIT, transport: httpx.BaseTransport | None = None,
                        destination: str = "border-service") -> registries.EnrolledRegistry:
    """The administrator enrols the device with the registry of ``enrolment_file`` and sends its request, which
    waits for approval ("pending"); with ``approve_at``, that registry's operator then approves the device."""
    enrolled = registries.enroll(admin, read_enrolment_file(enrolment_file), destination)
    assert client.send_enrolment(admin, enrolled, retry=retry, transport=transport) == "pending"
    if approve_at is not None:
        approve_device(approve_at, admin.device.device_id, operator="amina")
    return enrolled


def submit_application(officer, tmp_path, name: str = "Abdullaev Rustam", seed: int = 0) -> str:
    scan = write_scan(tmp_path / f"in{seed}", seed=seed)
    record_id = lifecycle.create_draft(officer, "asylum_application", application(name_latin=name),
                                       files=[("application_scan", scan)])
    lifecycle.submit(officer, record_id)
    return record_id


def outbox_rows(session) -> list[tuple[str, int, str, str | None]]:
    return [tuple(row) for row in session.conn.execute(
        "SELECT record_id, version, state, bundle_id FROM sync_outbox ORDER BY record_id, version")]


def status(session, record_id: str) -> str:
    return session.conn.execute("SELECT status FROM records WHERE id = ?", (record_id,)).fetchone()[0]
