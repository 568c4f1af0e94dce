"""Checking one record version document: its content hash, its fields, and the device's signature over it.

The same checks run on both sides: the sealer refuses to send a version the
store holds wrongly, and the registry refuses to take one. The document is
the RFC 8785 JSON of ``intake_app.protocol.version_document.version_document``; its
SHA-256 is the content hash, which the device signed in the version's
receipt claim (``intake_app.protocol.receipt_token``).
"""

from __future__ import annotations

import hashlib
from typing import Any

from intake_app.bundles import errors
from intake_app.bundles.model import AttachmentRef, OpenedVersion
from intake_app.canonical import parse_canonical_object
from intake_app.protocol.receipt_token import ReceiptClaim, verify_signature
from intake_app.protocol.version_document import RECORD_FORMAT

KINDS = frozenset({"original", "amendment", "void"})


def check_document(document: bytes, *, record_id: str, version: int, content_hash: str, device_id: str,
                   attachments: tuple[tuple[str, int], ...], signature: bytes, public_key: bytes) -> OpenedVersion:
    """The verified version, or the ``BundleError`` of the first check that fails.

    In order: the SHA-256 of ``document`` is ``content_hash`` (``content_hash``);
    the document is canonical JSON of a version document (``malformed``); it
    names this record, version and device and exactly these attachments
    (``mismatch``); the device's signature over its receipt claim matches
    ``public_key`` (``record_signature``).
    """
    if "sha256:" + hashlib.sha256(document).hexdigest() != content_hash:
        raise errors.content_hash(record_id, version)
    doc = parse_canonical_object(document)
    if doc is None:
        raise errors.malformed("version document is not a JSON object in RFC 8785 form", record_id=record_id,
                               version=version)
    for name, expected in (("format", RECORD_FORMAT), ("record_id", record_id), ("version", version),
                           ("device_id", device_id)):
        if doc.get(name) != expected or type(doc.get(name)) is not type(expected):
            raise errors.mismatch(record_id, version, name)
    refs = _attachments(doc.get("attachments"), record_id, version)
    if tuple((ref.id, ref.size) for ref in refs) != attachments:
        raise errors.mismatch(record_id, version, "attachments")
    kind, form = doc.get("kind"), doc.get("form")
    receipt_no, submitted_at = doc.get("receipt_no"), doc.get("submitted_at")
    if (kind not in KINDS or not isinstance(form, dict) or not isinstance(form.get("id"), str)
            or type(form.get("version")) is not int or not isinstance(submitted_at, str)
            or not (receipt_no is None or isinstance(receipt_no, str))):
        raise errors.malformed("version document fields", record_id=record_id, version=version)
    claim = ReceiptClaim(receipt_no, content_hash, submitted_at, device_id)
    if not verify_signature(claim, signature, public_key):
        raise errors.record_signature(record_id, version)
    return OpenedVersion(record_id, version, str(kind), form["id"], form["version"], content_hash, receipt_no,
                         submitted_at, signature, document, refs)


def _attachments(raw: Any, record_id: str, version: int) -> tuple[AttachmentRef, ...]:
    if not isinstance(raw, list):
        raise errors.mismatch(record_id, version, "attachments")
    refs = []
    for item in raw:
        if (not isinstance(item, dict) or set(item) != {"id", "size", "mime"} or not isinstance(item["id"], str)
                or type(item["size"]) is not int or not isinstance(item["mime"], str)):
            raise errors.mismatch(record_id, version, "attachments")
        refs.append(AttachmentRef(item["id"], item["size"], item["mime"]))
    return tuple(refs)
