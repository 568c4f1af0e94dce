"""A real registry served by the real HTTP server (uvicorn on 127.0.0.1, a free port, in a thread)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from intake_app.registry import Registry, approve_device
from tests.conftest import REGISTRY_PW
from tests.registry.live_server import free_port, serving
from tests.sync.helpers import new_registry


@dataclass
class Live:
    url: str
    registry: Registry  # the test's own connection: operator actions and checks
    enrolment_file: Path

    def approve(self, device_id: str) -> None:
        approve_device(self.registry, device_id, operator="amina")

    def received(self) -> list[tuple[str, int]]:
        return [tuple(row) for row in self.registry.conn.execute(  # type: ignore[misc]
            "SELECT record_id, version FROM received_versions ORDER BY record_id, version")]

    def bundles(self) -> int:
        return int(self.registry.conn.execute("SELECT count(*) FROM received_bundles").fetchone()[0])


@pytest.fixture
def live(tmp_path: Path) -> Iterator[Live]:
    from intake_app.registry.server import create_app

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    directory = tmp_path / "registry"
    enrolment_file = tmp_path / "enrolment.json"
    registry = new_registry(directory, url, enrolment_file)
    app = create_app(directory, REGISTRY_PW)
    try:
        with serving(app, port):
            yield Live(url, registry, enrolment_file)
    finally:
        registry.close()


class Killed(BaseException):
    """The process dies (power cut, kill -9) right after the registry took the upload."""


class Switch(httpx.BaseTransport):
    """A real HTTP transport that the test can cut (``down``) or make lose the answer to one upload."""

    def __init__(self) -> None:
        self.inner = httpx.HTTPTransport()
        self.down = False
        self.lose_upload_answer = False
        self.kill_after_upload = False
        self.requests: list[str] = []
        self.uploads: list[bytes] = []
        self.on_response: Callable[[httpx.Request, httpx.Response], httpx.Response] | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(f"{request.method} {request.url.path}")
        if self.down:
            raise httpx.ConnectError("network down", request=request)
        if request.url.path == "/v1/bundles":  # keep what was uploaded, byte for byte
            body = b"".join(request.stream)  # type: ignore[union-attr]
            self.uploads.append(body)
            request = httpx.Request(request.method, request.url, headers=request.headers, content=body)
        response = self.inner.handle_request(request)
        if self.kill_after_upload and request.url.path == "/v1/bundles":
            response.read()
            self.kill_after_upload = False
            raise Killed
        if self.lose_upload_answer and request.url.path == "/v1/bundles":
            response.read()
            self.lose_upload_answer = False
            raise httpx.ReadError("connection lost after the upload", request=request)
        if self.on_response is not None:
            response.read()
            return self.on_response(request, response)
        return response

    def close(self) -> None:
        self.inner.close()


def forge(response: httpx.Response) -> httpx.Response:
    """The same acknowledgement, signed by a key that is not the registry's."""
    import base64

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from intake_app.bundles.ack import ack_from_json, sign_ack

    ack = ack_from_json(json.loads(response.content))
    forged = sign_ack(ack, Ed25519PrivateKey.generate().sign)
    assert base64.b64decode(forged.to_json()["signature"]) != ack.signature
    return httpx.Response(200, json=forged.to_json())
