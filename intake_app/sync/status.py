"""What a person needs to see about sync: per registry, the queue, the last acknowledgement, reachability.

Read by the desktop sync panel and the automatic background sync; the
CLI's ``intake registries`` shows the same counts. Reachability is a plain
``GET /health`` with a short timeout: it says whether a sync could start
now, not whether it will succeed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from intake_app.sync import outbox
from intake_app.sync.registries import EnrolledRegistry, list_registries

if TYPE_CHECKING:
    from intake_app.session import Session

PROBE_TIMEOUT = 3.0


@dataclass(frozen=True)
class RegistryStatus:
    registry: EnrolledRegistry
    waiting: int            # versions pending or sent, not yet acknowledged
    conflicts: int
    acknowledged: int
    last_acknowledged_at: str | None


def sync_status(session: Session) -> list[RegistryStatus]:
    """Every enrolled registry with its queue (no network)."""
    conn = session.conn
    result = []
    for registry in list_registries(conn):
        counts = outbox.counts(conn, registry.registry_id)
        last = conn.execute("SELECT max(acknowledged_at) FROM sync_outbox WHERE registry_id = ?",
                            (registry.registry_id,)).fetchone()[0]
        result.append(RegistryStatus(registry, counts["pending"] + counts["sent"], counts["conflict"],
                                     counts["acknowledged"], last))
    return result


def reachable(registry: EnrolledRegistry, *, timeout: float = PROBE_TIMEOUT) -> bool:
    """Whether the registry answers its health check now."""
    import httpx

    try:
        response = httpx.get(registry.url.rstrip("/") + "/health", timeout=timeout)
    except httpx.HTTPError:
        return False
    return response.status_code == 200
