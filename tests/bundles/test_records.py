"""Per record: content hash, fields and device signature are checked by the sealer and again by the registry."""

from __future__ import annotations

import dataclasses
import io
import json
import uuid

import pytest

from intake_app.bundles import BundleError, RegistryKey, seal_bundle
from intake_app.protocol.suites import X25519
from intake_app.bundles import seal as seal_module
from intake_app.canonical import canonical_json
from tests.bundles.helpers import (Device, Staging, attachment, make_version, manifest_length, open_bytes, pattern,
                                  seal, sections_at)


@pytest.fixture(scope="module")
def device() -> Device:
    return Device()


@pytest.fixture(scope="module")
def key() -> RegistryKey:
    return RegistryKey.generate(X25519)


@pytest.fixture
def unchecked(monkeypatch):
    """A sealer that skips its own checks, as a forger's (or a broken device's) would."""
    monkeypatch.setattr(seal_module, "check_version", lambda version, device: None)


def _bad_versions(device: Device) -> dict[str, tuple[object, str]]:
    """name -> (a version input that is wrong in one way, the code that refuses it)."""
    good = make_version(device, attachments=[attachment(b"scan bytes")])
    doc = json.loads(good.document)
    stranger = Device()
    edited = canonical_json(dict(doc, submitted_by="someone else"))
    return {
        "document altered": (dataclasses.replace(good, document=edited), "content_hash"),
        "signed by another key": (make_version(device, sign_with=stranger.private), "record_signature"),
        "signature of another version": (dataclasses.replace(
            good, device_signature=make_version(device, seq=9).device_signature), "record_signature"),
        "from another device": (make_version(stranger), "mismatch"),
        "another record id": (dataclasses.replace(good, record_id=str(uuid.uuid4())), "mismatch"),
        "another version number": (dataclasses.replace(good, version=2), "mismatch"),
        "attachment left out": (dataclasses.replace(good, attachments=()), "mismatch"),
    }


def test_the_sealer_refuses_a_version_the_store_holds_wrongly(device, key):
    for name, (version, code) in _bad_versions(device).items():
        out = io.BytesIO()
        with pytest.raises(BundleError) as caught:
            seal_bundle(out, [version], device=device.signer, registry=key.recipient("r"))
        assert caught.value.code == code, name
        assert out.getvalue() == b"", name  # nothing written


def test_the_registry_refuses_the_same_versions_from_a_sealer_that_did_not_check(device, key, unchecked):
    for name, (version, code) in _bad_versions(device).items():
        if name == "attachment left out":
            continue  # then the manifest and the document disagree: see below
        data = seal(device, key, [make_version(device, seq=5), version])
        staging = Staging()
        with pytest.raises(BundleError) as caught:
            open_bytes(data, device, key, staging)
        assert caught.value.code == code, name
        assert staging.refs == [], name  # documents are checked before any attachment is handed over


def test_a_document_that_lists_other_attachments_than_the_manifest(device, key, unchecked):
    scan = attachment(b"scan bytes")
    version = make_version(device, attachments=[scan])
    data = seal(device, key, [dataclasses.replace(version, attachments=(attachment(b"other"),))])
    with pytest.raises(BundleError) as caught:
        open_bytes(data, device, key)
    assert caught.value.code == "mismatch"


def test_kind_form_or_type_that_differ_from_the_document_are_refused_when_sealing(device, key):
    version = make_version(device, attachments=[attachment(b"scan", "image/png")])
    for wrong in (dataclasses.replace(version, kind="void"), dataclasses.replace(version, form_version=2),
                  dataclasses.replace(version, attachments=(attachment(b"scan", "image/jpeg"),))):
        with pytest.raises(BundleError) as caught:
            seal(device, key, [wrong])
        assert caught.value.code == "mismatch"
    unsigned = dataclasses.replace(version, device_signature=b"")
    with pytest.raises(BundleError) as caught:
        seal(device, key, [unsigned])
    assert caught.value.code == "record_signature"


def test_an_attachment_whose_bytes_are_not_its_id_is_refused(device, key):
    good = attachment(pattern(200_000, seed=3))
    wrong_bytes = dataclasses.replace(good, open=lambda: iter([pattern(200_000, seed=4)]))
    short = dataclasses.replace(good, open=lambda: iter([pattern(199_999, seed=3)]))
    longer = dataclasses.replace(good, open=lambda: iter([pattern(200_000, seed=3), b"x"]))
    for source in (wrong_bytes, short, longer):
        out = io.BytesIO()
        with pytest.raises(BundleError) as caught:
            seal_bundle(out, [make_version(device, attachments=[source])], device=device.signer,
                        registry=key.recipient("r"))
        assert caught.value.code == "attachment_hash"
        assert out.getvalue() == b""


def test_an_attachment_that_changes_between_the_two_passes_fails_before_a_changed_chunk_is_written(device, key):
    """The second pass reuses the first pass's keys and nonces: a chunk whose bytes changed is never written."""
    data = pattern(300_000, seed=5)
    changed = data[:65536] + b"X" + data[65537:]  # the second chunk differs
    calls = []

    def changing():
        calls.append(1)
        return iter([data if len(calls) == 1 else changed])

    source = dataclasses.replace(attachment(data), open=changing)
    version = make_version(device, attachments=[source])
    out = io.BytesIO()
    with pytest.raises(BundleError) as caught:
        seal_bundle(out, [version], device=device.signer, registry=key.recipient("r"))
    assert caught.value.code == "attachment_hash" and len(calls) == 2
    written = out.getvalue()
    document_section = len(version.document) + 16
    # only the unchanged first chunk of the attachment
    assert len(written) == sections_at(manifest_length(written)) + document_section + 65536 + 16


def test_an_attachment_the_registry_gets_wrong_is_never_handed_over_whole(device, key, monkeypatch):
    """If a forged bundle's attachment bytes do not hash to its id, the last chunk is withheld."""
    real = attachment(pattern(150_000, seed=1))
    monkeypatch.setattr(seal_module, "_first_pass", _first_pass_without_hash_check)
    forged = dataclasses.replace(real, open=lambda: iter([pattern(150_000, seed=2)]))
    data = seal(device, key, [make_version(device, attachments=[forged])])
    staging = Staging()
    with pytest.raises(BundleError) as caught:
        open_bytes(data, device, key, staging)
    assert caught.value.code == "attachment_hash"
    assert len(staging.received[real.id]) < real.size


def _first_pass_without_hash_check(cipher, section, chunk_size):
    import hashlib

    encrypted, tags = hashlib.sha256(), b""
    for chunk in seal_module._encrypt(cipher, section, chunk_size):
        encrypted.update(chunk)
        tags += chunk[-16:]
    return encrypted.hexdigest(), tags


def test_a_signer_with_the_wrong_key_is_caught_before_writing(device, key):
    liar = dataclasses.replace(device.signer, sign=Device().private.sign)
    out = io.BytesIO()
    with pytest.raises(BundleError) as caught:
        seal_bundle(out, [make_version(device)], device=liar, registry=key.recipient("r"))
    assert caught.value.code == "signature" and out.getvalue() == b""


def test_errors_carry_a_code_a_translated_message_and_context(device, key):
    version, _code = _bad_versions(device)["document altered"]
    with pytest.raises(BundleError) as caught:
        seal(device, key, [version])
    error = caught.value
    assert error.code == "content_hash" and error.context["record_id"] == version.record_id
    assert version.record_id[:8] in str(error) and "Абдуллаев" not in str(error)
    with pytest.raises(ValueError):
        BundleError("no-such-code", "x")
