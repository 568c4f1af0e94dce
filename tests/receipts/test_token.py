"""The receipt token on its own: layout, strict parsing, and what makes it fail (no store needed)."""

from __future__ import annotations

import base64
import string
import struct
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.errors import UserError
from intake_app.protocol.receipt_token import (
    SIGNING_DOMAIN, TOKEN_LENGTH, ReceiptClaim, ReceiptTokenError, decode_token, encode_token, signing_payload,
    verify_signature, verify_token)
from tests.receipts.helpers import HASH, TIME, SigningDevice

QR_ALPHANUMERIC = set(string.digits + string.ascii_uppercase + " $%*+-./:")
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
DEVICE = SigningDevice()
TOKEN = DEVICE.token()


def _fails(token: str, keys=None) -> ReceiptTokenError:
    with pytest.raises(ReceiptTokenError) as info:
        verify_token(token, DEVICE.keys if keys is None else keys)
    return info.value


def test_round_trip():
    claim = DEVICE.claim()
    token = encode_token(claim, DEVICE.sign(claim))
    assert decode_token(token) == (claim, DEVICE.sign(claim))  # Ed25519 signatures are deterministic
    verified = verify_token(token, DEVICE.keys)
    assert verified.claim == claim and verified.receipt_no == "7KQM4R-00042-" + claim.receipt_no[-1]
    assert verified.device == DEVICE.key
    assert str(verified.claim.submitted_at_local) == "2026-11-23 14:30:00.123456+05:00"


def test_token_is_compact_and_qr_alphanumeric():
    assert len(TOKEN) == TOKEN_LENGTH == 209
    assert TOKEN.startswith("FIR1") and set(TOKEN) <= QR_ALPHANUMERIC


@given(st.text(alphabet="0123456789ABCDEFGHJKMNPQRSTVWXYZ", min_size=6, max_size=6),
       st.integers(min_value=1, max_value=2**32 - 1),
       st.integers(min_value=0, max_value=253_402_300_799_999_999), st.binary(min_size=32, max_size=32))
@settings(deadline=None, max_examples=200)
def test_any_claim_round_trips(code, seq, micros, digest):
    from datetime import UTC, datetime, timedelta

    from intake_app.clock import iso
    from intake_app.protocol.receipt_numbers import format_receipt_number

    when = iso(datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros))  # up to 9999-12-31
    claim = ReceiptClaim(format_receipt_number(code, seq), "sha256:" + digest.hex(), when, DEVICE.device_id)
    signature = DEVICE.sign(claim)
    assert decode_token(encode_token(claim, signature)) == (claim, signature)


def test_every_single_character_change_fails():
    """Exhaustively: each position, each other character of the token's alphabet (and a few others)."""
    kinds = set()
    for position in range(len(TOKEN)):
        for replacement in BASE32 + "1a ":
            if replacement == TOKEN[position]:
                continue
            kinds.add(_fails(TOKEN[:position] + replacement + TOKEN[position + 1:]).kind)
    assert kinds == {"malformed", "version", "unknown_device", "signature"}


@given(st.data())
@settings(deadline=None, max_examples=500)
def test_any_single_character_change_fails(data):
    position = data.draw(st.integers(min_value=0, max_value=len(TOKEN) - 1))
    replacement = data.draw(st.characters().filter(lambda c: c != TOKEN[position]))
    error = _fails(TOKEN[:position] + replacement + TOKEN[position + 1:])
    assert isinstance(error, UserError) and error.message


def test_spare_bits_of_the_last_character_are_refused():
    """205 base-32 characters carry 1025 bits for 1024: the spare bit must be zero (one spelling per token)."""
    last = TOKEN[-1]
    twin = BASE32[BASE32.index(last) ^ 1]
    assert base64.b32decode(TOKEN[4:] + "===") == base64.b32decode(TOKEN[4:-1] + twin + "===")
    assert _fails(TOKEN[:-1] + twin).kind == "malformed"


def test_surrounding_whitespace_is_ignored_but_case_is_not():
    assert verify_token(f"  {TOKEN}\n", DEVICE.keys).claim == DEVICE.claim()
    error = _fails(TOKEN[:4] + TOKEN[4:].lower())
    assert error.kind == "malformed" and "A–Z and 2–7" in error.message


def test_a_token_signed_by_another_device_fails():
    other = SigningDevice(code="ABCDEF")
    assert _fails(other.token()).kind == "unknown_device"
    # A token that names our device but was signed with another key: a forgery.
    forged = encode_token(DEVICE.claim(), other.sign(DEVICE.claim()))
    error = _fails(forged)
    assert error.kind == "signature" and "altered or forged" in error.message
    # With both keys known, each token verifies only as its own device's.
    both = {**DEVICE.keys, **other.keys}
    assert verify_token(other.token(), both).device == other.key
    assert _fails(forged, both).kind == "signature"


@pytest.mark.parametrize("change", [
    {"receipt_no": "7KQM4R-00043-"},
    {"submitted_at": "2026-11-22T09:30:00.123456+00:00"},
    {"submitted_at": "2026-11-23T09:30:00.123457+00:00"},
    {"content_hash": "sha256:" + "3f" * 31 + "3e"},
])
def test_altered_claim_with_the_original_signature_fails(change):
    claim = DEVICE.claim()
    signature = DEVICE.sign(claim)
    if "receipt_no" in change:
        from intake_app.protocol.receipt_numbers import format_receipt_number

        change = {"receipt_no": format_receipt_number("7KQM4R", 43)}
    altered = replace(claim, **change)
    assert _fails(encode_token(altered, signature)).kind == "signature"
    assert not verify_signature(altered, signature, DEVICE.key.public_key)


def test_malformed_tokens_say_which_part():
    assert "must start with “FIR1”" in _fails("hello").message
    error = _fails("FIR2" + TOKEN[4:])
    assert error.kind == "version" and "version “2”" in error.message
    error = _fails(TOKEN[:-3])
    assert error.kind == "malformed" and "206 characters" in error.message and "209" in error.message
    body = base64.b32decode(TOKEN[4:] + "===")

    def token_with(offset: int, raw: bytes) -> str:
        changed = body[:offset] + raw + body[offset + len(raw):]
        return "FIR1" + base64.b32encode(changed).decode().rstrip("=")

    assert "receipt number" in _fails(token_with(4, struct.pack(">I", 0))).message   # counter 0
    assert "receipt number" in _fails(token_with(0, struct.pack(">I", 2**30))).message  # device code > 30 bits
    assert "submission time" in _fails(token_with(40, struct.pack(">q", -1))).message
    assert "submission time" in _fails(token_with(40, struct.pack(">q", 2**62))).message  # past year 9999


def test_signing_payload_is_domain_separated_and_fixed_width():
    payload = signing_payload(DEVICE.claim())
    assert payload.startswith(SIGNING_DOMAIN) and len(payload) == len(SIGNING_DOMAIN) + 64
    assert payload[len(SIGNING_DOMAIN):] == base64.b32decode(TOKEN[4:] + "===")[:64]


def test_void_of_a_draft_is_signed_with_zero_receipt_fields_and_has_no_token():
    claim = ReceiptClaim(None, HASH, TIME, DEVICE.device_id)
    payload = signing_payload(claim)
    assert payload[len(SIGNING_DOMAIN):len(SIGNING_DOMAIN) + 8] == bytes(8)
    assert verify_signature(claim, DEVICE.sign(claim), DEVICE.key.public_key)
    with pytest.raises(ValueError):
        encode_token(claim, DEVICE.sign(claim))


@pytest.mark.parametrize("change", [
    {"receipt_no": "7kqm4r-00042-x"},
    {"receipt_no": "7KQM4R-000042-0"},
    {"content_hash": "SHA256:" + "3f" * 32},
    {"content_hash": "sha256:" + "3F" * 32},
    {"submitted_at": "2026-11-23T09:30:00+00:00"},
    {"submitted_at": "2026-11-23T14:30:00.123456+05:00"},
    {"submitted_at": "1969-12-31T23:59:59.000000+00:00"},
    {"device_id": "not-a-uuid"},
])
def test_only_canonical_stored_values_are_signed(change):
    with pytest.raises(ValueError):
        signing_payload(replace(DEVICE.claim(), **change))


def test_keys_may_be_given_as_raw_bytes_or_key_objects():
    assert verify_token(TOKEN, {DEVICE.device_id: DEVICE.key.public_key}).device.fingerprint == \
        DEVICE.key.fingerprint
    assert verify_token(TOKEN, {DEVICE.device_id: DEVICE.private.public_key()}).claim == DEVICE.claim()
