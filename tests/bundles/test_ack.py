"""A device trusts an acknowledgement only if the enrolled registry signed it for this bundle."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from intake_app.bundles.ack import (AckedVersion, AckError, Acknowledgement, ack_from_json, sign_ack,
                                    verify_ack)

IDS = {"registry_id": "reg-1", "bundle_id": "bundle-1", "device_id": "dev-1"}


def _ack(key: Ed25519PrivateKey) -> Acknowledgement:
    unsigned = Acknowledgement("reg-1", "bundle-1", "dev-1", "2026-11-23T10:00:00Z",
                               (AckedVersion("rec-1", 1, "sha256:" + "a" * 64),),
                               (AckedVersion("rec-2", 2, "sha256:" + "b" * 64),))
    return sign_ack(unsigned, key.sign)


def test_a_signed_ack_round_trips_and_verifies():
    key = Ed25519PrivateKey.generate()
    ack = ack_from_json(_ack(key).to_json())
    verify_ack(ack, key.public_key().public_bytes_raw(), **IDS)
    assert ack.accepted[0].record_id == "rec-1" and ack.conflicts[0].version == 2


def test_altered_or_foreign_acks_are_refused():
    key, other = Ed25519PrivateKey.generate(), Ed25519PrivateKey.generate()
    document = _ack(key).to_json()
    with pytest.raises(AckError, match="signature"):
        verify_ack(ack_from_json(document), other.public_key().public_bytes_raw(), **IDS)
    altered = dict(document, accepted=[dict(document["accepted"][0], version=3)])
    with pytest.raises(AckError, match="signature"):
        verify_ack(ack_from_json(altered), key.public_key().public_bytes_raw(), **IDS)
    with pytest.raises(AckError, match="another registry, bundle or device"):
        verify_ack(ack_from_json(document), key.public_key().public_bytes_raw(),
                   **dict(IDS, bundle_id="bundle-2"))
    for broken in ({}, dict(document, extra=1), dict(document, signature="!!"),
                   dict(document, accepted=[{"record_id": "r", "version": 0, "content_hash": "x"}])):
        with pytest.raises(AckError):
            ack_from_json(broken)
