"""A new record's prefilled answers, from the session, and the audit of the ones the officer changed.

The one place that turns a session (the signed-in user's account, the device,
the session's clock in the device's zone) into the answers a new record starts
with: the capture page and ``intake record new`` both call
:func:`initial_values`. The engine (:mod:`intake_app.forms.prefill`) decides
what each ``prefill:`` source means.

A draft started with prefilled answers keeps them (``records.prefill``, JSON by
path) until it is submitted or voided, so that every save and the submission
can say in the audit log which prefilled fields now hold something else:
:func:`audit_details` gives ``{"prefill_changed": [field ids]}``. Ids only,
never values: the audit log holds no personal data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from intake_app.database.connection import Connection
from intake_app.forms.prefill import Prefill, PrefillContext, changed_fields
from intake_app.forms.prefill import initial_values as engine_initial_values
from intake_app.session import Session

if TYPE_CHECKING:
    from intake_app.forms import Form


def context(session: Session) -> PrefillContext:
    """What this session knows: the user's name and service number, the device's location, now."""
    user, device = session.user, session.device
    return PrefillContext(now=session.now(), display_name=user.display_name, service_number=user.service_number,
                          location_code=device.location_code)


def initial_values(session: Session, form: Form) -> Prefill:
    """The answers a new record of ``form`` starts with for this session's user, device and clock."""
    return engine_initial_values(form, context(session))


def remember(conn: Connection, record_id: str, prefilled: Mapping[str, Any]) -> None:
    """Keep a new draft's prefilled answers (by path) until it is submitted or voided."""
    if prefilled:
        conn.execute("UPDATE records SET prefill = ? WHERE id = ?",
                     (json.dumps(dict(prefilled), ensure_ascii=False, sort_keys=True), record_id))


def prefilled(conn: Connection, record_id: str) -> dict[str, Any]:
    """The prefilled answers of a draft by path (``{}``: none, or no longer kept)."""
    row = conn.execute("SELECT prefill FROM records WHERE id = ?", (record_id,)).fetchone()
    if row is None or not row[0]:
        return {}
    found = json.loads(row[0])
    return found if isinstance(found, dict) else {}


def audit_details(conn: Connection, record_id: str, form: Form, data: Any) -> dict[str, Any]:
    """``{"prefill_changed": [ids]}`` for the audit entry of a save or submission; ``{}`` if nothing was prefilled.

    An empty list says the prefilled answers were all kept.
    """
    values = prefilled(conn, record_id)
    if not values:
        return {}
    return {"prefill_changed": changed_fields(form, values, data)}


def forget(conn: Connection, record_id: str) -> None:
    """Drop the draft's prefilled answers (at submission or voiding: nothing is compared any more)."""
    conn.execute("UPDATE records SET prefill = NULL WHERE id = ?", (record_id,))
