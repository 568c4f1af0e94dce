"""Sealing: record versions and their attachments into one signed bundle, encrypted for the registry.

:func:`seal_bundle` writes to any binary file-like object and never holds
more than one chunk of an attachment (plus the piece its source yields) in
memory. Every version is checked first, exactly as the registry will check
it (content hash, fields, device signature, attachment hashes), so a store
that holds a damaged version never sends it.

The manifest, which comes first in the file, holds the SHA-256 of every
encrypted section; so the sections are encrypted twice: once to hash them
(nothing is written), once to write them. Both passes use the same keys and
nonces, which is safe because only the second pass's ciphertext is written:
each chunk's GCM tag from the first pass is kept (16 bytes per chunk), and a
chunk of the second pass is written only if its tag is the same, that is if
its plaintext is the same. If a source gives different bytes the second
time, sealing fails before writing that chunk (the caller discards the
partial file).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from intake_app.bundles import errors, hpke, manifest
from intake_app.bundles.container import HEADER_BYTES, Output, header
from intake_app.bundles.documents import check_document
from intake_app.bundles.model import (CHUNK_SIZE, MAX_CHUNK_SIZE, MIN_CHUNK_SIZE, AttachmentSource, DeviceSigner,
                                      Limits, RegistryRecipient, SealedBundle, VersionInput)
from intake_app.bundles.stream import TAG_BYTES, SectionCipher, SizeMismatch, encrypted_size, seal_section
from intake_app.canonical import canonical_json
from intake_app.clock import Clock, iso, utc_now


@dataclass(frozen=True)
class _Section:
    kind: str
    id: str
    size: int
    pieces: Callable[[], Iterable[bytes]]


def seal_bundle(out: BinaryIO, versions: Sequence[VersionInput], *, device: DeviceSigner,
                registry: RegistryRecipient, chunk_size: int = CHUNK_SIZE, clock: Clock = utc_now,
                bundle_id: str | None = None) -> SealedBundle:
    """Write one bundle holding ``versions`` (in this order) and the attachments they list, to ``out``.

    Raises ``BundleError`` if a version or attachment is not what it claims
    (then nothing was written, unless an attachment changed between the two
    passes: then ``out`` holds a partial file that must be discarded, and
    that holds no chunk of the changed bytes), and
    ``ValueError`` for arguments that are wrong in themselves.
    """
    if not versions:
        raise ValueError("a bundle holds at least one record version")
    if not MIN_CHUNK_SIZE <= chunk_size <= MAX_CHUNK_SIZE:
        raise ValueError(f"chunk size must be {MIN_CHUNK_SIZE} to {MAX_CHUNK_SIZE} bytes")
    if len({v.key for v in versions}) != len(versions):
        raise ValueError("a record version appears twice")
    hpke.check_recipient(registry)
    for version in versions:
        check_version(version, device)
    sections = [_Section("version", v.content_hash, len(v.document), _constant(v.document)) for v in versions]
    sections += [_Section("attachment", a.id, a.size, a.open) for a in distinct_attachments(versions)]

    bundle_id = bundle_id or str(uuid.uuid4())
    created_at = iso(clock())
    data_key = os.urandom(hpke.DATA_KEY_BYTES)
    sealed_key = hpke.wrap_data_key(registry, data_key,
                                     hpke.key_info(bundle_id, device.device_id, registry.key_id))
    ciphers = [SectionCipher(data_key, bundle_id, index, s.id) for index, s in enumerate(sections)]
    first = [_first_pass(cipher, s, chunk_size) for cipher, s in zip(ciphers, sections, strict=True)]

    manifest_bytes = manifest_for(
        versions, device=device, registry=registry, bundle_id=bundle_id, created_at=created_at,
        sealed_key=sealed_key, chunk_size=chunk_size,
        sections=[manifest.section_entry(s.kind, s.id, s.size, chunk_size, digest)
                  for s, (digest, _tags) in zip(sections, first, strict=True)])
    signature = _sign(device, manifest_bytes)

    output = Output(out)
    output.write(header(len(manifest_bytes)))
    output.write(manifest_bytes)
    output.write(signature)
    for index, (cipher, section, (digest, tags)) in enumerate(zip(ciphers, sections, first, strict=True)):
        changed = errors.attachment_hash(section.id) if section.kind == "attachment" else errors.section_hash(index)
        written = hashlib.sha256()
        for counter, chunk in enumerate(_encrypt(cipher, section, chunk_size)):
            if chunk[-TAG_BYTES:] != tags[counter * TAG_BYTES:(counter + 1) * TAG_BYTES]:
                raise changed  # same key and nonce, other plaintext: never written
            written.update(chunk)
            output.write(chunk)
        if written.hexdigest() != digest:
            raise changed
    assert output.written == HEADER_BYTES + len(manifest_bytes) + len(signature) + sum(
        encrypted_size(s.size, chunk_size) for s in sections)
    return SealedBundle(bundle_id, created_at, output.written,
                        tuple((v.record_id, v.version, v.content_hash) for v in versions),
                        hashlib.sha256(manifest_bytes).hexdigest())


def check_version(version: VersionInput, device: DeviceSigner) -> None:
    """The checks the registry will make, made before sending (``BundleError`` if the store holds it wrongly)."""
    if len(version.device_signature) != manifest.SIGNATURE_BYTES:
        raise errors.record_signature(version.record_id, version.version)
    if len({a.id for a in version.attachments}) != len(version.attachments):
        raise ValueError("an attachment is listed twice for one version")
    opened = check_document(
        version.document, record_id=version.record_id, version=version.version,
        content_hash=version.content_hash, device_id=device.device_id,
        attachments=tuple(sorted((a.id, a.size) for a in version.attachments)),
        signature=version.device_signature, public_key=device.public_key)
    if (opened.kind, opened.form_id, opened.form_version) != (version.kind, version.form_id, version.form_version):
        raise errors.mismatch(version.record_id, version.version, "kind or form")
    mimes = {a.id: a.mime for a in version.attachments}
    if any(mimes[ref.id] != ref.mime for ref in opened.attachments):
        raise errors.mismatch(version.record_id, version.version, "attachment type")


def distinct_attachments(versions: Sequence[VersionInput]) -> list[AttachmentSource]:
    """Each attachment once, in order of first mention (versions in order, each version's sorted by id)."""
    seen: dict[str, AttachmentSource] = {}
    for version in versions:
        for attachment in sorted(version.attachments, key=lambda a: a.id):
            first = seen.setdefault(attachment.id, attachment)
            if (first.size, first.mime) != (attachment.size, attachment.mime):
                raise errors.mismatch(version.record_id, version.version, "attachment size or type")
    return list(seen.values())


def manifest_for(versions: Sequence[VersionInput], *, device: DeviceSigner, registry: RegistryRecipient,
                 bundle_id: str, created_at: str, sealed_key: bytes, chunk_size: int,
                 sections: list[dict[str, object]]) -> bytes:
    """The manifest bytes; checked by the reader's own rules before they are signed."""
    value = manifest.manifest_value(
        bundle_id=bundle_id, device_id=device.device_id, created_at=created_at, registry_id=registry.registry_id,
        key_id=registry.key_id, suite_id=registry.suite_id, sealed_key=sealed_key, chunk_size=chunk_size,
        versions=[manifest.version_entry(v.record_id, v.version, v.content_hash, v.device_signature,
                                         [(a.id, a.size) for a in v.attachments]) for v in versions],
        sections=sections)
    data = canonical_json(value)
    manifest.validate(manifest.parse(data), Limits(), hashlib.sha256(data).hexdigest())
    return data


def _sign(device: DeviceSigner, manifest_bytes: bytes) -> bytes:
    payload = manifest.signing_payload(manifest_bytes)
    signature = device.sign(payload)
    try:
        Ed25519PublicKey.from_public_bytes(device.public_key).verify(signature, payload)
    except (InvalidSignature, ValueError):
        raise errors.bad_signature() from None
    return signature


def _encrypt(cipher: SectionCipher, section: _Section, chunk_size: int) -> Iterable[bytes]:
    try:
        yield from seal_section(cipher, section.pieces(), section.size, chunk_size)
    except SizeMismatch:
        raise errors.attachment_hash(section.id) from None


def _first_pass(cipher: SectionCipher, section: _Section, chunk_size: int) -> tuple[str, bytes]:
    """SHA-256 (hex) of the section's encrypted bytes and the GCM tags of its chunks, one after the other.

    An attachment's own hash is checked on the way.
    """
    encrypted = hashlib.sha256()
    tags = bytearray()
    plain = hashlib.sha256()
    pieces = section.pieces

    def hashed() -> Iterable[bytes]:
        for piece in pieces():
            plain.update(piece)
            yield piece

    for chunk in _encrypt(cipher, _Section(section.kind, section.id, section.size, hashed), chunk_size):
        encrypted.update(chunk)
        tags += chunk[-TAG_BYTES:]
    if "sha256:" + plain.hexdigest() != section.id and section.kind == "attachment":
        raise errors.attachment_hash(section.id)
    return encrypted.hexdigest(), bytes(tags)


def _constant(data: bytes) -> Callable[[], Iterable[bytes]]:
    return lambda: (data,)
