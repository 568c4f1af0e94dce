"""Sealing then opening gives back exactly what was sealed, with both HPKE suites, seekable or not."""

from __future__ import annotations

import hashlib
import io
import json

import pytest

from intake_app.bundles import BundleError, RegistryKey, bundle_size, inspect_bundle, open_bundle, seal_bundle
from intake_app.protocol.suites import MLKEM768_X25519, X25519, Recipient, new_private_key, private_key, public_bytes
from intake_app.bundles.container import MAGIC
from tests.bundles.helpers import (Device, NonSeekable, Staging, attachment, make_version, manifest_bytes,
                                   open_bytes, pattern, seal)

SUITE_IDS = [MLKEM768_X25519, X25519]


@pytest.fixture(scope="module")
def device() -> Device:
    return Device()


@pytest.fixture(scope="module", params=SUITE_IDS)
def key(request) -> RegistryKey:
    return RegistryKey.generate(request.param)


def _queue(device: Device):
    big = attachment(pattern(5 * 65536 + 123, seed=1), "application/pdf", piece=100_000)  # 6 chunks, odd pieces
    exact = attachment(pattern(2 * 65536, seed=2), "image/jpeg")                          # exactly 2 chunks
    empty = attachment(b"", "image/png")                                                  # one empty chunk
    small = attachment(b"\x89PNG tiny scan")
    first = make_version(device, seq=1, attachments=[big, empty])
    amended = make_version(device, seq=1, version=2, kind="amendment", record_id=first.record_id,
                           attachments=[big, small], previous=first.content_hash)  # shares ``big``
    other = make_version(device, seq=2, attachments=[exact])
    void = make_version(device, seq=3, kind="void", data={})
    draft_void = make_version(device, seq=4, kind="void", data={}, receipt=False)  # never submitted: no receipt
    return [first, amended, other, void, draft_void], {a.id: a for a in (big, exact, empty, small)}


def test_round_trip_gives_back_every_version_and_attachment(device, key):
    versions, sources = _queue(device)
    data = seal(device, key, versions)
    staging = Staging()
    opened = open_bytes(data, device, key, staging)

    assert [(v.record_id, v.version, v.content_hash) for v in opened.versions] == [
        (v.record_id, v.version, v.content_hash) for v in versions]
    for got, sent in zip(opened.versions, versions, strict=True):
        assert got.document == sent.document
        assert got.device_signature == sent.device_signature
        assert (got.kind, got.form_id, got.form_version) == (sent.kind, sent.form_id, sent.form_version)
        assert got.content()["record_id"] == sent.record_id
        assert got.receipt_no == got.content()["receipt_no"]
        assert {(a.id, a.size, a.mime) for a in got.attachments} == {(a.id, a.size, a.mime) for a in sent.attachments}
    # each attachment exactly once, in order of first mention, with its bytes intact
    assert [ref.id for ref in staging.refs] == [ref.id for ref in opened.attachments]
    assert sorted(staging.received) == sorted(sources)
    for ident, content in staging.received.items():
        assert "sha256:" + hashlib.sha256(content).hexdigest() == ident
        assert len(content) == sources[ident].size
    assert opened.versions[-1].receipt_no is None
    assert opened.device_id == device.device_id and opened.suite_id == key.suite_id
    assert opened.key_id == key.key_id and opened.registry_id == "registry-test"
    assert opened.size == len(data)
    assert opened.manifest_sha256 == hashlib.sha256(manifest_bytes(data)).hexdigest()


def test_a_forward_only_stream_in_short_reads_opens_too(device, key):
    versions, _sources = _queue(device)
    data = seal(device, key, versions)
    staging = Staging()
    opened = open_bundle(NonSeekable(data), registry_keys=[RegistryKey.generate(X25519), key],
                         device_key=device.lookup, on_attachment=staging)
    assert len(opened.versions) == 5 and len(staging.received) == 4


def test_sealing_reports_what_it_wrote(device, key):
    versions, _sources = _queue(device)
    out = io.BytesIO()
    sealed = seal_bundle(out, versions, device=device.signer, registry=key.recipient("registry-test"))
    data = out.getvalue()
    assert sealed.size == len(data) == bundle_size(versions, registry=key.recipient("registry-test"))
    assert sealed.versions == tuple((v.record_id, v.version, v.content_hash) for v in versions)
    opened = open_bytes(data, device, key)
    assert (opened.bundle_id, opened.created_at, opened.manifest_sha256) == (
        sealed.bundle_id, sealed.created_at, sealed.manifest_sha256)


def test_the_file_starts_with_the_header_and_a_canonical_signed_manifest(device, key):
    versions, _sources = _queue(device)
    data = seal(device, key, versions[:1])
    assert data[:8] == MAGIC and data[8:10] == b"\x00\x01"
    value = json.loads(manifest_bytes(data))
    assert value["format"] == "intake-bundle/1" and value["device_id"] == device.device_id
    assert value["encryption"]["suite"] == key.suite_id and value["encryption"]["chunk_size"] == 65536
    assert [s["type"] for s in value["sections"]] == ["version", "attachment", "attachment"]
    # nothing of the application is in clear: not a name, not a byte of the scan
    assert "Абдуллаев".encode() not in data and "Абдуллаев" not in json.dumps(value)
    assert pattern(5 * 65536 + 123, seed=1)[:64] not in data


def test_inspect_checks_everything_that_needs_no_private_key(device, key):
    versions, _sources = _queue(device)
    data = seal(device, key, versions)
    found = inspect_bundle(io.BytesIO(data), device_key=device.lookup)
    assert [v.content_hash for v in found.versions] == [v.content_hash for v in versions]
    assert found.key_id == key.key_id
    with pytest.raises(BundleError) as caught:
        inspect_bundle(io.BytesIO(data[:-1] + bytes([data[-1] ^ 1])), device_key=device.lookup)
    assert caught.value.code == "section_hash"


def test_a_sink_that_stops_early_cannot_skip_the_checks(device, key):
    versions, _sources = _queue(device)
    data = seal(device, key, versions)
    seen: list[int] = []

    def first_chunk_only(ref, chunks):
        seen.append(len(next(chunks, b"")))

    opened = open_bytes(data, device, key, first_chunk_only)
    assert len(seen) == 4 and len(opened.versions) == 5


def test_small_chunks_and_seal_parameters(device, key):
    versions, _sources = _queue(device)
    data = seal(device, key, versions, chunk_size=1024)
    staging = Staging()
    open_bytes(data, device, key, staging)
    assert len(staging.received[versions[0].attachments[0].id]) == 5 * 65536 + 123
    with pytest.raises(ValueError):
        seal(device, key, versions, chunk_size=100)
    with pytest.raises(ValueError):
        seal(device, key, [])
    with pytest.raises(ValueError):
        seal(device, key, [versions[0], versions[0]])


def test_keys_in_the_registry_key_file_encoding_seal_and_open(device):
    """A key kept as the registry keeps it (32 bytes: an X-Wing seed, or an X25519 key) seals and opens bundles."""
    for suite_id in SUITE_IDS:
        secret = new_private_key()
        recipient = Recipient.of(suite_id, public_bytes(suite_id, secret))
        out = io.BytesIO()
        versions, _sources = _queue(device)
        key = RegistryKey(suite_id, recipient.key_id, private_key(suite_id, secret), recipient.public_key)
        seal_bundle(out, versions[:1], device=device.signer, registry=key.recipient("registry-1"))
        assert len(open_bytes(out.getvalue(), device, key).versions) == 1
