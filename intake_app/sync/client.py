"""``sync``: send the outbox to each enrolled registry over HTTPS and apply its signed acknowledgements.

Per registry, in order:

1. unless the registry has approved this device: send the signed enrolment
   request again (it doubles as a status check); stop there unless approved;
2. otherwise ``GET /health`` (is it reachable at all?);
3. seal the pending versions into stored bundles (:func:`~intake_app.sync.spool.seal_pending`:
   rows become ``sent`` **before** any upload);
4. for each stored bundle not yet acknowledged: one sealed in an earlier run
   is first asked for (``GET /v1/acks/{bundle_id}``: the upload may have
   arrived before a crash or a lost answer); if the registry does not know
   it, or it is new, the stored bytes are uploaded (``POST /v1/bundles``);
5. each acknowledgement is verified with the enrolled signing key and
   applied in one transaction (:func:`~intake_app.sync.spool.apply_ack`).

After every registry, the records due under the retention setting are
purged (:func:`~intake_app.sync.retention.purge`; ``SyncReport.purged``).

Network errors, timeouts, 429 and 5xx are retried with exponential backoff
and jitter (:class:`RetryPolicy`, bounded per run); then the registry is
left for the next run. A kill at any point loses nothing (everything
sealed is in the store) and duplicates nothing (a resend is the same
bundle, byte for byte, and the registry acknowledges a known bundle again).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from intake_app.bundles.ack import AckError, ack_from_json
from intake_app.i18n import _
from intake_app.protocol.requests import DEVICE_HEADER
from intake_app.roles import Permission
from intake_app.session import Session
from intake_app.settings import Settings
from intake_app.sync import outbox, retention, spool
from intake_app.sync.registries import EnrolledRegistry, enrolment_request, list_registries, set_enrolment_status



@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries: ``attempts`` tries per request, waits ``base * 2**n`` (capped), times 0.5 … 1 (jitter)."""

    attempts: int = 4
    base_delay: float = 0.5
    max_delay: float = 30.0
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    jitter: Callable[[], float] = random.random

    def delay(self, attempt: int) -> float:
        return min(self.max_delay, self.base_delay * 2 ** attempt) * (0.5 + self.jitter() / 2)


@dataclass
class RegistryReport:
    registry_id: str
    name: str
    enrolment_status: str
    sent: int = 0          # bundles uploaded in this run
    acknowledged: int = 0  # versions acknowledged in this run
    conflicts: int = 0     # versions the registry holds with other content
    pending: int = 0       # versions still waiting (pending or sent) after this run
    error: str | None = None  # translated, no personal data


@dataclass
class SyncReport:
    registries: list[RegistryReport] = field(default_factory=list)
    purged: retention.PurgeReport | None = None  # the retention purge run at the end

    @property
    def ok(self) -> bool:
        return all(r.error is None for r in self.registries)


class Unreachable(Exception):
    """The registry did not answer usefully after every retry."""


class Cancelled(Exception):
    pass


class _Http:
    def __init__(self, registry: EnrolledRegistry, device_id: str, retry: RetryPolicy,
                 transport: httpx.BaseTransport | None) -> None:
        self.retry = retry
        self.client = httpx.Client(base_url=registry.url.rstrip("/"), transport=transport, timeout=retry.timeout,
                                   headers={DEVICE_HEADER: device_id}, follow_redirects=False)

    def request(self, method: str, path: str, *, content: Callable[[], Any] | None = None,
                headers: dict[str, str] | None = None, json: Any = None) -> httpx.Response:
        for attempt in range(self.retry.attempts):
            try:
                response = self.client.request(method, path, content=content() if content else None,
                                               headers=headers, json=json)
                if response.status_code < 500 and response.status_code != 429:
                    return response
            except httpx.TransportError:
                pass
            if attempt + 1 < self.retry.attempts:
                self.retry.sleep(self.retry.delay(attempt))
        raise Unreachable

    def close(self) -> None:
        self.client.close()


def sync(session: Session, *, registry: str | None = None, progress: Callable[[str, int, int], None] | None = None,
         cancel: Callable[[], bool] | None = None, retry: RetryPolicy | None = None,
         transport: httpx.BaseTransport | None = None, max_bundle_bytes: int | None = None) -> SyncReport:
    """Sync with every enrolled registry (or the one whose id is ``registry``); see the module docstring.

    ``progress(registry_id, bundles_done, bundles_total)`` is called as bundles go;
    ``cancel()`` returning true stops between two requests (nothing is lost).
    """
    session.require(Permission.SYNC_RECORDS)
    retry = retry or RetryPolicy()
    max_bytes = max_bundle_bytes or configured_max_bytes(session)
    report = SyncReport()
    for enrolled in list_registries(session.conn):
        if registry is not None and enrolled.registry_id != registry:
            continue
        entry = RegistryReport(enrolled.registry_id, enrolled.name, enrolled.enrolment_status)
        report.registries.append(entry)
        http = _Http(enrolled, session.device.device_id, retry, transport)
        try:
            _sync_one(session, enrolled, http, entry, max_bytes, progress, cancel)
        except _Stop:
            pass
        except Unreachable:
            entry.error = _("The registry cannot be reached; everything waits in the store for the next sync.")
        except Cancelled:
            entry.error = _("Sync was cancelled; everything waits in the store for the next sync.")
        finally:
            http.close()
            counts = outbox.counts(session.conn, enrolled.registry_id)
            entry.pending = counts["pending"] + counts["sent"]
    report.purged = retention.purge(session)
    return report


def send_enrolment(session: Session, registry: EnrolledRegistry, *, retry: RetryPolicy | None = None,
                   transport: httpx.BaseTransport | None = None) -> str:
    """Send this device's signed enrolment request; returns the status now recorded (``Unreachable`` if offline)."""
    http = _Http(registry, session.device.device_id, retry or RetryPolicy(), transport)
    try:
        return _enrol(session, registry, http)
    finally:
        http.close()


def _enrol(session: Session, registry: EnrolledRegistry, http: _Http) -> str:
    response = http.request("POST", "/v1/enrolments", json=enrolment_request(session))
    body = _json(response)
    if response.status_code in (200, 201, 202):
        status = str(body.get("status", "pending"))
    else:
        status = "revoked" if "revoked" in str(body.get("code", "")) else "refused"
    set_enrolment_status(session, registry.registry_id, status)
    return status


def _sync_one(session: Session, registry: EnrolledRegistry, http: _Http, entry: RegistryReport, max_bytes: int,
              progress: Callable[[str, int, int], None] | None, cancel: Callable[[], bool] | None) -> None:
    if registry.enrolment_status != "approved":
        entry.enrolment_status = _enrol(session, registry, http)
        if entry.enrolment_status != "approved":
            entry.error = _("The registry has not approved this device yet (status: {status}).").format(
                status=entry.enrolment_status)
            return
    elif http.request("GET", "/health").status_code != 200:
        raise Unreachable
    earlier = {b.bundle_id for b in spool.stored_bundles(session.conn, registry.registry_id)}
    spool.seal_pending(session, registry, max_bytes)
    bundles = spool.stored_bundles(session.conn, registry.registry_id)
    for done, bundle in enumerate(bundles):
        if cancel is not None and cancel():
            raise Cancelled
        if progress is not None:
            progress(registry.registry_id, done, len(bundles))
        ack = _known_ack(http, bundle.bundle_id) if bundle.bundle_id in earlier else None
        if ack is None:
            ack = _upload(session, registry, http, bundle, entry)
            if ack is None:
                continue
            entry.sent += 1
        try:
            result = spool.apply_ack(session, registry, ack_from_json(ack))
        except AckError as exc:
            entry.error = exc.message
            continue
        entry.acknowledged += result.acknowledged
        entry.conflicts += result.conflicts
    if progress is not None:
        progress(registry.registry_id, len(bundles), len(bundles))


def _known_ack(http: _Http, bundle_id: str) -> Any:
    response = http.request("GET", f"/v1/acks/{bundle_id}")
    return _json(response) if response.status_code == 200 else None


def _upload(session: Session, registry: EnrolledRegistry, http: _Http, bundle: spool.StoredBundle,
            entry: RegistryReport) -> Any:
    """POST the stored bytes; the acknowledgement's JSON, or ``None`` (``entry.error`` says why)."""
    response = http.request("POST", "/v1/bundles", content=lambda: spool.bundle_chunks(session.conn, bundle.bundle_id),
                            headers={"Content-Type": "application/octet-stream",
                                     "Content-Length": str(bundle.size)})
    if response.status_code == 200:
        return _json(response)
    code = str(_json(response).get("code", ""))
    if response.status_code == 403:
        set_enrolment_status(session, registry.registry_id, "revoked" if "revoked" in code else "pending")
        entry.error = _("The registry refused this device ({code}).").format(code=code or response.status_code)
        raise _Stop
    if response.status_code == 400:  # refused as such: nothing was stored; seal those versions afresh next time
        spool.drop_bundle(session, registry, bundle.bundle_id, code or "400")
    entry.error = _("The registry refused a bundle ({code}).").format(code=code or response.status_code)
    return None


class _Stop(Exception):
    """The registry refused this device: nothing more to try with it in this run."""


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        value = response.json()
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def configured_max_bytes(session: Session) -> int:
    """The largest bundle to seal, from the device setting ``sync.max_bundle_kib``."""
    return int(Settings.in_dir(session.store.directory).get("sync.max_bundle_kib")) * 1024
