"""The receipt token of a version in this device's store, made from its stored claim and signature.

The token format and its checks are in :mod:`intake_app.protocol.receipt_token`;
this module picks the version a receipt is for, and checks its stored
signature against this device's key before anything is printed.
"""

from __future__ import annotations

from intake_app.errors import NotFound, UserError
from intake_app.i18n import _
from intake_app.protocol.receipt_token import ReceiptClaim, encode_token, verify_signature
from intake_app.records.reading import get_record
from intake_app.session import Session


def token_for_version(session: Session, record_ref: str, version: int | None = None) -> str:
    """The receipt token of a record's latest submitted version (or of ``version``).

    Only a version that holds the application (original or amendment) has a
    receipt; a void record has none unless a version is named. The stored
    signature is checked against this device's key before the token is made.
    """
    record = get_record(session, record_ref)
    short = record.id[:8]
    if version is None:
        if record.status == "void":
            raise UserError(_("Record {id} is void: it gets no receipt.").format(id=short))
        submitted = [v for v in record.versions if v.state == "submitted" and v.kind != "void"]
        if not submitted:
            raise UserError(_("Record {id} has no submitted version.").format(id=short))
        chosen = submitted[-1]
    else:
        found = [v for v in record.versions if v.version == version]
        if not found:
            raise NotFound(_("Record {id} has no version {n}.").format(id=short, n=version))
        chosen = found[0]
        if chosen.state != "submitted":
            raise UserError(_("Version {n} of record {id} has not been submitted: it has no receipt.").format(
                n=version, id=short))
        if chosen.kind == "void":
            raise UserError(_("Version {n} of record {id} voids the record: a receipt is given only for a "
                              "version that holds the application.").format(n=version, id=short))
    signature = chosen.device_signature
    if signature is None:
        raise UserError(_("Version {n} of record {id} was submitted before this device could sign receipts: "
                          "no signed receipt can be made for it.").format(n=chosen.version, id=short))
    assert record.receipt_no is not None and chosen.content_hash is not None and chosen.submitted_at is not None
    claim = ReceiptClaim(record.receipt_no, chosen.content_hash, chosen.submitted_at, session.device.device_id)
    if not verify_signature(claim, signature, session.device.public_key):
        raise UserError(_("The stored signature of version {n} of record {id} does not match this device's "
                          "key: the store may have been tampered with.").format(n=chosen.version, id=short))
    return encode_token(claim, signature)
