"""Where a form's records go: destination names, one function to decide.

A registry is enrolled for one **destination** (``intake enroll --destination``).
A submitted version is queued for every enrolled registry whose destination
is one of :func:`destinations_for` its form: the form's own
``sync: destinations`` (form.yaml) if it has them, else the rule from the
roles the form is declared for (``roles:``): border officers' forms go to
the border service's registry, NGO monitors' forms to the monitoring
organisation's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from intake_app.forms import Form

BORDER_SERVICE = "border-service"
NGO_MONITORING = "ngo-monitoring"

#: role a form is declared for -> destination its records go to
ROLE_DESTINATIONS: dict[str, str] = {"officer": BORDER_SERVICE, "monitor": NGO_MONITORING}
DESTINATIONS: tuple[str, ...] = (BORDER_SERVICE, NGO_MONITORING)
DEFAULT_DESTINATION = BORDER_SERVICE


def destinations_for(form: Form) -> tuple[str, ...]:
    """The destinations the records of ``form`` are sent to: its ``sync: destinations``, else by its roles."""
    if form.sync_destinations:
        return tuple(dict.fromkeys(form.sync_destinations))
    found = {ROLE_DESTINATIONS[role] for role in form.roles if role in ROLE_DESTINATIONS}
    return tuple(name for name in DESTINATIONS if name in found)
