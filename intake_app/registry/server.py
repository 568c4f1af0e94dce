"""The registry's HTTP interface (FastAPI): enrolment requests, bundle uploads, acknowledgements.

``create_app(registry_dir, passphrase)`` opens the registry once and serves:

* ``GET /health``: ``{"status": "ok", "registry_id", "fingerprint"}``;
* ``POST /v1/enrolments``: a signed enrolment request (``intake_app.protocol.requests``) -> 202;
* ``POST /v1/bundles``: a raw bundle, header ``X-Intake-Device`` -> 200 and the signed acknowledgement;
* ``GET /v1/acks/{bundle_id}``: the stored acknowledgement of one of the device's bundles.

Errors are ``{"code", "detail"}`` JSON with the status codes of docs/registry.md.

**One connection, one lock.** The registry holds one SQLCipher connection and
its private keys, opened once with the passphrase. Every piece of database
work runs in the thread pool (never on the event loop) while holding one
``threading.Lock``, so the connection is only ever used by one thread at a
time. Ingests therefore run one after another; each is one ``BEGIN
IMMEDIATE`` transaction, which also keeps the CLI (another process) from
interleaving. Opening a connection per request would mean deriving the key
from the passphrase (Argon2id, 64 MiB) per request, or keeping the raw
database key around outside the registry object, for no gain: SQLite
serialises writers anyway.

**Uploads** are streamed: the body is counted as it arrives and refused with
413 as soon as it passes ``max_bundle_bytes`` (or at once, from
``Content-Length``). It is spooled to a temporary file (memory first, disk
past a few MiB). That file holds the bundle exactly as sent: ciphertext, plus
the plaintext manifest, which by design holds no personal data
(docs/bundle-format.md, §10). It is deleted when the request ends.
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from intake_app.bundles import BundleError
from intake_app.errors import UserError
from intake_app.registry import ingest
from intake_app.registry.devices import EnrolmentRefused, request_enrolment
from intake_app.registry.registry import Registry
from intake_app.protocol.requests import DEVICE_HEADER, RequestRefused, parse_signed_request

DEFAULT_MAX_BUNDLE_BYTES = 256 * 1024 * 1024
MAX_JSON_BYTES = 64 * 1024
T = TypeVar("T")


class _TooLarge(Exception):
    pass


class _Registry:
    """The open registry and the lock that every use of its connection takes."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.lock = threading.Lock()

    async def run(self, work: Callable[[Registry], T]) -> T:
        def locked() -> T:
            with self.lock:
                return work(self.registry)
        return await run_in_threadpool(locked)


def error(status: int, code: str, detail: str) -> JSONResponse:
    return JSONResponse({"code": code, "detail": detail}, status_code=status)


def create_app(registry_dir: Path | str, passphrase: str, *,
               max_bundle_bytes: int = DEFAULT_MAX_BUNDLE_BYTES) -> FastAPI:
    """The app, with the registry in ``registry_dir`` opened now (a wrong passphrase fails here)."""
    state = _Registry(Registry.open(registry_dir, passphrase))

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            with state.lock:
                state.registry.close()

    app = FastAPI(title="Field Intake registry", version="1", docs_url=None, redoc_url=None, lifespan=lifespan)
    app.state.registry = state

    @app.get("/health")
    async def health() -> dict[str, str]:
        enrolment = state.registry.enrolment
        return {"status": "ok", "registry_id": enrolment.registry_id, "fingerprint": enrolment.fingerprint}

    @app.post("/v1/enrolments", status_code=202, openapi_extra=_json_body("a device key file plus its signature"))
    async def enrol(request: Request) -> Response:
        try:
            document = json.loads(await _read_limited(request, MAX_JSON_BYTES))
        except _TooLarge:
            return error(413, "too_large", "request body too large")
        except (ValueError, UnicodeDecodeError):
            return error(400, "malformed", "the body is not JSON")

        def work(registry: Registry) -> Response:
            try:
                enrolment_request = parse_signed_request(document, at=registry.clock())
                device = request_enrolment(registry, enrolment_request)
            except RequestRefused as exc:
                return error(403 if exc.code == "signature" else 400, exc.code, exc.message)
            except EnrolmentRefused as exc:
                if exc.status == "revoked":
                    return error(403, "device_revoked", exc.message)
                return error(409, "key_conflict", exc.message)
            except UserError as exc:
                return error(400, "malformed", exc.message)
            return JSONResponse({"status": device.status, "device_id": device.device_id,
                                 "fingerprint": device.fingerprint}, status_code=202)
        return await state.run(work)

    @app.post("/v1/bundles", openapi_extra=_bundle_body())
    async def upload(request: Request) -> Response:
        device_id = request.headers.get(DEVICE_HEADER, "").strip().lower()
        if not device_id:
            return error(400, "missing_device", f"the {DEVICE_HEADER} header is required")
        if request.headers.get("content-type", "").split(";")[0].strip() != "application/octet-stream":
            return error(415, "content_type", "send the bundle as application/octet-stream")
        refusal = await state.run(lambda registry: _device_refusal(registry, device_id))
        if refusal is not None:
            return refusal
        with tempfile.SpooledTemporaryFile(max_size=ingest.SPOOL_IN_MEMORY) as spool:
            try:
                await _read_limited(request, max_bundle_bytes, into=spool)
            except _TooLarge:
                return error(413, "too_large", f"a bundle may have at most {max_bundle_bytes} bytes")
            spool.seek(0)

            def work(registry: Registry) -> Response:
                try:
                    ack = ingest.ingest_bundle(registry, spool, expected_device=device_id)  # type: ignore[arg-type]
                except ingest.DeviceRefused as exc:
                    return error(403, exc.code, exc.message)
                except ingest.BundleConflict as exc:
                    return error(409, exc.code, exc.message)
                except BundleError as exc:
                    return error(400, exc.code, exc.message)
                return Response(ingest.ack_bytes(ack), media_type="application/json")
            return await state.run(work)

    @app.get("/v1/acks/{bundle_id}")
    async def get_ack(bundle_id: str, request: Request) -> Response:
        device_id = request.headers.get(DEVICE_HEADER, "").strip().lower()
        if not device_id:
            return error(400, "missing_device", f"the {DEVICE_HEADER} header is required")

        def work(registry: Registry) -> Response:
            refusal = _device_refusal(registry, device_id)
            if refusal is not None:
                return refusal
            found = ingest.stored_ack(registry, bundle_id)
            if found is None:
                return error(404, "not_found", "no acknowledgement for this bundle")
            if found[0] != device_id:
                return error(403, "wrong_device", "this bundle was sent by another device")
            return Response(found[1], media_type="application/json")
        return await state.run(work)

    return app


def _device_refusal(registry: Registry, device_id: str) -> Response | None:
    try:
        ingest.check_device(registry, device_id)
    except ingest.DeviceRefused as exc:
        return error(403, exc.code, exc.message)
    return None


async def _read_limited(request: Request, limit: int, into: Any = None) -> bytes:
    """The body (or its length, written to ``into``), refused with :class:`_TooLarge` once it passes ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise _TooLarge
    parts: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise _TooLarge
        if into is None:
            parts.append(chunk)
        else:
            into.write(chunk)
    return b"".join(parts)


def _json_body(description: str) -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": description,
                            "content": {"application/json": {"schema": {"type": "object"}}}}}


def _bundle_body() -> dict[str, Any]:
    return {"requestBody": {"required": True, "description": "a bundle file (docs/bundle-format.md)",
                            "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                                "format": "binary"}}}},
            "parameters": [{"name": DEVICE_HEADER, "in": "header", "required": True,
                            "schema": {"type": "string", "format": "uuid"}}]}


def serve(registry_dir: Path, passphrase: str, *, host: str = "127.0.0.1", port: int = 8443,
          certfile: str | None = None, keyfile: str | None = None,
          max_bundle_bytes: int = DEFAULT_MAX_BUNDLE_BYTES) -> None:
    """Run the server with uvicorn until interrupted (TLS when ``certfile`` and ``keyfile`` are given)."""
    import uvicorn

    app = create_app(registry_dir, passphrase, max_bundle_bytes=max_bundle_bytes)
    uvicorn.run(app, host=host, port=port, ssl_certfile=certfile, ssl_keyfile=keyfile, log_level="info",
                access_log=False, server_header=False, limit_concurrency=64, timeout_keep_alive=15)
