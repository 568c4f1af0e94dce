"""The header, the reader's limits (refused before allocating), and the STREAM chunk rules on their own."""

from __future__ import annotations

import io
import struct
import uuid

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.bundles import BundleError, Limits, RegistryKey, inspect_bundle
from intake_app.protocol.suites import X25519
from intake_app.bundles.container import MAGIC, header
from intake_app.bundles.stream import SectionCipher, SizeMismatch, chunk_count, fixed_chunks, seal_section
from tests.bundles.helpers import (LENGTH_AT, VERSION_AT, Device, Parts, attachment, make_version, manifest_bytes,
                                  open_bytes, pattern, seal, sections_at)


@pytest.fixture(scope="module")
def sample():
    device, key = Device(), RegistryKey.generate(X25519)
    versions = [make_version(device, seq=n, attachments=[attachment(pattern(5000, seed=n))]) for n in (1, 2, 3)]
    return device, key, seal(device, key, versions, chunk_size=1024)


def _code(data: bytes, device: Device, key: RegistryKey, **kwargs) -> str:
    with pytest.raises(BundleError) as caught:
        open_bytes(data, device, key, **kwargs)
    return caught.value.code


def test_header_checks(sample):
    device, key, data = sample
    assert _code(b"", device, key) == "truncated"
    assert _code(MAGIC[:5], device, key) == "truncated"
    assert _code(b"%PDF-1.7 not a bundle at all", device, key) == "not_a_bundle"
    assert _code(b"PK\x03\x04", device, key) == "not_a_bundle"
    assert _code(data.replace(b"\r\n", b"\n", 1), device, key) == "not_a_bundle"  # a text-mode transfer
    assert _code(data[:VERSION_AT] + b"\x00\x02" + data[LENGTH_AT:], device, key) == "version"
    assert _code(MAGIC + b"\x00\x01" + struct.pack(">I", 0), device, key) == "malformed"


def test_absurd_lengths_are_refused_before_anything_is_allocated(sample):
    device, key, data = sample
    huge = MAGIC + b"\x00\x01" + struct.pack(">I", 0xFFFFFFFF)
    assert _code(huge, device, key) == "too_large"
    assert _code(data, device, key, limits=Limits(max_manifest_bytes=100)) == "too_large"
    assert _code(data, device, key, limits=Limits(max_versions=2)) == "too_large"
    assert _code(data, device, key, limits=Limits(max_attachments=2)) == "too_large"
    assert _code(data, device, key, limits=Limits(max_attachment_bytes=4999)) == "too_large"
    assert _code(data, device, key, limits=Limits(max_document_bytes=100)) == "too_large"
    assert _code(data, device, key, limits=Limits(max_documents_bytes=1000)) == "too_large"
    assert _code(data, device, key, limits=Limits(max_chunk_size=512)) == "too_large"
    # a signed manifest cannot make the reader allocate what it declares either
    parts = Parts.of(data)
    parts.manifest["sections"][0].update(size=2 ** 40, encrypted_size=2 ** 40 + 16 * 2 ** 30)
    assert _code(parts.resign(device), device, key) == "too_large"


def test_a_manifest_that_is_not_canonical_json_is_malformed(sample):
    device, key, data = sample
    parts = Parts.of(data)
    body = manifest_bytes(data)
    rest = data[sections_at(len(body)):]
    for text in (body.replace(b'{"bundle_id"', b'{ "bundle_id"', 1), b"[1,2,3]", b"\xff\xfe", b"[" * 100000,
                 b'{"device_id":1.5}'):
        signed = device.private.sign(b"FIELD-INTAKE/BUNDLE-MANIFEST/1\x00" + text)
        assert _code(header(len(text)) + text + signed + rest, device, key) == "malformed", text[:20]
    assert parts.manifest["format"] == "intake-bundle/1"


def test_inspect_reports_the_same_codes_without_a_private_key(sample):
    device, _key, data = sample
    with pytest.raises(BundleError) as caught:
        inspect_bundle(io.BytesIO(data[:-5]), device_key=device.lookup)
    assert caught.value.code == "truncated"
    with pytest.raises(BundleError) as caught:
        inspect_bundle(io.BytesIO(data), device_key=lambda device_id: None)
    assert caught.value.code == "unknown_device"


# -- STREAM on its own ----------------------------------------------------------------------------

def _chunks(size: int, chunk_size: int = 1024):
    bundle = str(uuid.uuid4())
    cipher = SectionCipher(b"k" * 32, bundle, 3, "sha256:" + "0" * 64)
    return bundle, cipher, list(seal_section(cipher, [pattern(size)], size, chunk_size))


def test_each_chunk_opens_only_at_its_own_place_and_with_its_own_final_flag():
    bundle, cipher, chunks = _chunks(3000)
    assert len(chunks) == 3 and [len(c) for c in chunks] == [1040, 1040, 968]
    assert b"".join(cipher.open(i, c, i == 2) for i, c in enumerate(chunks)) == pattern(3000)
    with pytest.raises(InvalidTag):
        cipher.open(1, chunks[1], True)  # truncation after chunk 1: it was not sealed as the last
    with pytest.raises(InvalidTag):
        cipher.open(0, chunks[1], False)  # reordered
    with pytest.raises(InvalidTag):
        SectionCipher(b"k" * 32, bundle, 4, "sha256:" + "0" * 64).open(0, chunks[0], False)  # another section
    with pytest.raises(InvalidTag):
        SectionCipher(b"k" * 32, str(uuid.uuid4()), 3, "sha256:" + "0" * 64).open(0, chunks[0], False)
    with pytest.raises(InvalidTag):
        SectionCipher(b"k" * 32, bundle, 3, "sha256:" + "1" * 64).open(0, chunks[0], False)  # another id
    assert SectionCipher.nonce(2, True) == bytes(7) + b"\x00\x00\x00\x02\x01"


def test_an_empty_section_is_one_authenticated_empty_chunk():
    _bundle, cipher, chunks = _chunks(0)
    assert len(chunks) == 1 and len(chunks[0]) == 16
    assert cipher.open(0, chunks[0], True) == b""


@settings(max_examples=200, deadline=None)
@given(size=st.integers(0, 5000), cuts=st.lists(st.integers(0, 5000), max_size=8),
       chunk_size=st.sampled_from([1024, 1500, 4096]))
def test_property_chunking_does_not_depend_on_how_the_source_is_cut(size, cuts, chunk_size):
    data = pattern(size)
    bounds = sorted({0, size, *(c for c in cuts if c <= size)})
    pieces = [data[a:b] for a, b in zip(bounds, bounds[1:], strict=False)] + [b""]
    chunks = list(fixed_chunks(pieces, size, chunk_size))
    assert b"".join(chunks) == data and len(chunks) == chunk_count(size, chunk_size)
    assert all(len(c) == chunk_size for c in chunks[:-1])
    with pytest.raises(SizeMismatch):
        list(fixed_chunks(pieces, size + 1, chunk_size))
    if size:
        with pytest.raises(SizeMismatch):
            list(fixed_chunks(pieces, size - 1, chunk_size))
