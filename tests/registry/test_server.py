"""The registry's HTTP server, for real: uvicorn on 127.0.0.1 on a free port, in a thread, exercised with httpx."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from intake_app.bundles.ack import ack_from_json, verify_ack
from intake_app.registry import Registry, approve_device, revoke_device
from intake_app.protocol.requests import signed_request
from intake_app.registry.server import create_app
from tests.bundles.helpers import Device, Parts, attachment, make_version, pattern
from tests.conftest import REGISTRY_PW
from tests.registry.live_server import serving
from tests.registry.ingest_helpers import device_key_of, enrol_device, seal_for

MAX_BYTES = 600_000


@dataclass
class Server:
    url: str
    directory: Path
    registry_id: str
    signing_key: bytes
    approved: Device
    sealed: Registry  # a second connection for the test's own checks and operator actions

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30)


@pytest.fixture
def server(registry: Registry, registry_dir: Path) -> Iterator[Server]:
    device = Device()
    enrol_device(registry, device)
    app = create_app(registry_dir, REGISTRY_PW, max_bundle_bytes=MAX_BYTES)
    with serving(app) as url:
        yield Server(url, registry_dir, registry.registry_id, registry.enrolment.signing_public_key, device,
                     registry)


def _upload(client: httpx.Client, device_id: str, data: object) -> httpx.Response:
    return client.post("/v1/bundles", content=data,  # type: ignore[arg-type]
                       headers={"X-Intake-Device": device_id, "Content-Type": "application/octet-stream"})


def test_health_and_openapi(server: Server) -> None:
    with server.client() as client:
        health = client.get("/health")
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "registry_id": server.registry_id,
                                 "fingerprint": server.sealed.enrolment.fingerprint}
        paths = client.get("/openapi.json").json()["paths"]
        assert {"/health", "/v1/enrolments", "/v1/bundles", "/v1/acks/{bundle_id}"} <= set(paths)
        assert "post" in paths["/v1/bundles"] and "application/octet-stream" in json.dumps(paths["/v1/bundles"])
        assert client.get("/docs").status_code == 404


def test_upload_gives_a_signed_ack_the_device_verifies_and_can_fetch_again(server: Server) -> None:
    device = server.approved
    scan = attachment(pattern(250_000, seed=2))
    data = seal_for(server.sealed, device, [make_version(device, attachments=[scan]), make_version(device, seq=2)])
    bundle_id = Parts.of(data).manifest["bundle_id"]
    with server.client() as client:
        response = _upload(client, device.device_id, data)
        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/json"
        ack = ack_from_json(response.json())
        verify_ack(ack, server.signing_key, registry_id=server.registry_id, bundle_id=bundle_id,
                   device_id=device.device_id)
        assert len(ack.accepted) == 2 and ack.conflicts == ()
        # sent again in pieces (chunked transfer), the same bytes come back
        pieces = (data[i:i + 10_000] for i in range(0, len(data), 10_000))
        assert _upload(client, device.device_id, pieces).content == response.content
        fetched = client.get(f"/v1/acks/{bundle_id}", headers={"X-Intake-Device": device.device_id})
        assert fetched.status_code == 200 and fetched.content == response.content
        missing = client.get("/v1/acks/6b1f5c2e-9a57-4d38-9d7c-0f8d5f0b9a11",
                             headers={"X-Intake-Device": device.device_id})
        assert missing.status_code == 404 and missing.json()["code"] == "not_found"
        other = Device()
        enrol_device(server.sealed, other)
        foreign = client.get(f"/v1/acks/{bundle_id}", headers={"X-Intake-Device": other.device_id})
        assert foreign.status_code == 403 and foreign.json()["code"] == "wrong_device"


@pytest.mark.parametrize("status, code", [("unknown", "unknown_device"), ("pending", "device_pending"),
                                          ("revoked", "device_revoked")])
def test_devices_not_approved_get_403(server: Server, status: str, code: str) -> None:
    device = Device()
    if status != "unknown":
        enrol_device(server.sealed, device, status)
    data = seal_for(server.sealed, device, [make_version(device)])
    with server.client() as client:
        response = _upload(client, device.device_id, data)
        assert response.status_code == 403 and response.json()["code"] == code
        # naming an approved device in the header does not help: the signed manifest names the sender
        response = _upload(client, server.approved.device_id, data)
        expected = "unknown_device" if status == "unknown" else "device_mismatch"  # no key: no signature to check
        assert response.status_code == 403 and response.json()["code"] == expected
        assert client.get("/v1/acks/x", headers={"X-Intake-Device": device.device_id}).status_code == 403
    assert server.sealed.conn.execute("SELECT count(*) FROM received_versions").fetchone()[0] == 0


def test_bad_requests_tampering_conflicts_and_size_limits(server: Server) -> None:
    device = server.approved
    data = seal_for(server.sealed, device, [make_version(device, attachments=[attachment(pattern(100_000))])])
    with server.client() as client:
        tampered = bytearray(data)
        tampered[-100] ^= 1
        response = _upload(client, device.device_id, bytes(tampered))
        assert response.status_code == 400 and response.json()["code"] == "section_hash"
        assert _upload(client, device.device_id, b"hello").json()["code"] == "not_a_bundle"
        assert client.post("/v1/bundles", content=data).json()["code"] == "missing_device"
        assert client.post("/v1/bundles", content=data, headers={"X-Intake-Device": device.device_id,
                                                                  "Content-Type": "text/plain"}).status_code == 415
        assert _upload(client, device.device_id, data).status_code == 200
        parts = Parts.of(data)
        parts.manifest["created_at"] = "2026-11-23T23:00:00.000000+00:00"
        response = _upload(client, device.device_id, parts.resign(device))
        assert response.status_code == 409 and response.json()["code"] == "bundle_conflict"
        big = b"\x89FIB\r\n\x1a\n" + bytes(MAX_BYTES)
        response = _upload(client, device.device_id, big)
        assert response.status_code == 413 and response.json()["code"] == "too_large"
        streamed = (big[i:i + 65536] for i in range(0, len(big), 65536))  # no Content-Length: counted as it comes
        response = _upload(client, device.device_id, streamed)
        assert response.status_code == 413
        response = client.post("/v1/enrolments", content=b"{" + b" " * 70_000 + b"}",
                               headers={"Content-Type": "application/json"})
        assert response.status_code == 413
    assert server.sealed.conn.execute("SELECT count(*) FROM received_bundles").fetchone()[0] == 1


def test_enrolment_over_http(server: Server) -> None:
    device = Device()
    body = signed_request(device_key_of(device), device.private.sign)
    with server.client() as client:
        response = client.post("/v1/enrolments", json=body)
        assert response.status_code == 202, response.text
        assert response.json()["status"] == "pending" and response.json()["device_id"] == device.device_id
        assert client.post("/v1/enrolments", json=body).json()["status"] == "pending"  # idempotent
        forged = signed_request(device_key_of(device), Device().private.sign)
        response = client.post("/v1/enrolments", json=forged)
        assert response.status_code == 403 and response.json()["code"] == "signature"
        response = client.post("/v1/enrolments", json={**body, "extra": 1})
        assert response.status_code == 400 and response.json()["code"] == "malformed"
        assert client.post("/v1/enrolments", content=b"not json").status_code == 400
        # another key for the same device id: refused, the pending request stays
        imposter = Device()
        imposter.device_id = device.device_id
        response = client.post("/v1/enrolments", json=signed_request(device_key_of(imposter),
                                                                      imposter.private.sign))
        assert response.status_code == 409 and response.json()["code"] == "key_conflict"

        approve_device(server.sealed, device.device_id, operator="amina")
        assert client.post("/v1/enrolments", json=body).json()["status"] == "approved"
        data = seal_for(server.sealed, device, [make_version(device)])
        assert _upload(client, device.device_id, data).status_code == 200
        revoke_device(server.sealed, device.device_id, operator="amina", reason="stolen")
        response = client.post("/v1/enrolments", json=body)
        assert response.status_code == 403 and response.json()["code"] == "device_revoked"
        assert _upload(client, device.device_id, data).status_code == 403
    actors = {e.actor for e in server.sealed.audit_entries() if e.action == "device.request"}
    assert "device:" + device.device_id in actors
