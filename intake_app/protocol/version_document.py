"""The canonical content of a submitted record version, and its hash.

What is hashed (and later signed by the device) is the RFC 8785 canonical
JSON of this document; the hash is ``sha256:<hex>`` of those bytes. See
docs/records.md. Everything a reader needs to re-check the hash travels with
it: the form's id, version and source hash, attachment hashes and sizes, and
the hash of the version this one amends or voids, which chains a record's
versions so that none can be swapped or back-dated unnoticed.
"""

from __future__ import annotations

from typing import Any

from intake_app.canonical import content_hash

RECORD_FORMAT = "intake-record/1"


def version_document(*, record_id: str, version: int, kind: str, form_id: str, form_version: int,
                     form_sha256: str, data: dict[str, Any], attachments: list[dict[str, Any]],
                     receipt_no: str | None, device_id: str, submitted_at: str, submitted_by: str,
                     reason: str | None, previous_hash: str | None) -> dict[str, Any]:
    return {
        "format": RECORD_FORMAT,
        "record_id": record_id,
        "version": version,
        "kind": kind,
        "form": {"id": form_id, "version": form_version, "sha256": form_sha256},
        "data": data,
        "attachments": sorted(attachments, key=lambda a: a["id"]),
        "receipt_no": receipt_no,
        "device_id": device_id,
        "submitted_at": submitted_at,
        "submitted_by": submitted_by,
        "reason": reason,
        "previous": previous_hash,
    }


def version_hash(document: dict[str, Any]) -> str:
    return content_hash(document)
