"""Readable, translatable names of record statuses, version kinds and states.

The stored values are stable English identifiers; these are what people see.
"""

from __future__ import annotations

from intake_app.i18n import N_, translate

STATUS_LABELS: dict[str, str] = {
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "queued": N_("queued"),
    "sent": N_("sent"),  # a queued record whose versions all reached a registry, not acknowledged yet
    "conflict": N_("conflict"),  # a registry holds other content under the same record and version
    "acknowledged": N_("acknowledged"),
    "amended": N_("amended"),
    "void": N_("void"),
    "purged": N_("purged"),
}
KIND_LABELS: dict[str, str] = {
    "original": N_("original"),
    "amendment": N_("amendment"),
    "void": N_("voiding"),
}


def status_label(status: str, lang: str | None = None) -> str:
    return translate(STATUS_LABELS.get(status, status), lang)


def kind_label(kind: str, lang: str | None = None) -> str:
    return translate(KIND_LABELS.get(kind, kind), lang)
