"""Opening a bundle at the registry: every field checked, all or nothing, in bounded memory.

:func:`open_bundle` reads from a binary file-like object. It checks, in this
order: magic, format version, manifest length (against a cap, before
reading it), the manifest's canonical form, the sending device (through the
caller's key lookup), the manifest signature, every manifest field, the
registry key; then, if the input is seekable, the size and SHA-256 of every
encrypted section and the end of the file, *before decrypting anything*; then
the data key (HPKE), each chunk (AES-256-GCM, STREAM), each version's content
hash, fields and device signature, each attachment's SHA-256 and size, and
the end of the file. The first failure raises :class:`BundleError` and
nothing is returned.

Attachments are not returned but streamed to ``on_attachment`` as they are
decrypted, after all version documents have been verified. The caller must
**stage** what it receives (e.g. in an open transaction of its encrypted
database, never as plaintext on disk) and commit only when
:func:`open_bundle` returns; if it raises, the caller discards everything it
staged. The last chunk of an attachment is handed over only after the
attachment's SHA-256 and size have been checked.

:func:`inspect_bundle` makes every check that needs no private key.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from intake_app.bundles import errors, hpke, manifest
from intake_app.bundles.container import Input
from intake_app.bundles.documents import check_document
from intake_app.bundles.hpke import RegistryKey
from intake_app.bundles.manifest import Manifest
from intake_app.bundles.model import AttachmentRef, Limits, OpenedBundle, OpenedVersion
from intake_app.bundles.stream import TAG_BYTES, SectionCipher, chunk_count, chunk_plain_size

#: device id -> its Ed25519 public key (object or 32 raw bytes), or None if the device is not enrolled.
DeviceKeyLookup = Callable[[str], Ed25519PublicKey | bytes | None]
#: Receives each attachment: what it is, and its verified plaintext chunk by chunk (consume them all).
AttachmentSink = Callable[[AttachmentRef, Iterator[bytes]], None]
_DEFAULT_LIMITS = Limits()


def open_bundle(source: BinaryIO, *, registry_keys: RegistryKey | Iterable[RegistryKey],
                device_key: DeviceKeyLookup, on_attachment: AttachmentSink | None = None,
                limits: Limits = _DEFAULT_LIMITS) -> OpenedBundle:
    """The verified contents of the bundle in ``source``, or ``BundleError`` (see the module docstring)."""
    keys = [registry_keys] if isinstance(registry_keys, RegistryKey) else list(registry_keys)
    data = Input(source)
    found, public_key = _read_manifest(data, device_key, limits)
    registry_key = next((k for k in keys if (k.key_id, k.suite_id) == (found.key_id, found.suite_id)), None)
    if registry_key is None:
        raise errors.wrong_registry(found.key_id)
    if data.seekable():
        offset, position = data.offset, data.tell()
        _check_sections(data, found)
        data.seek(offset, position)
    data_key = registry_key.unwrap_data_key(
        found.sealed_key, hpke.key_info(found.bundle_id, found.device_id, found.key_id))

    versions: list[OpenedVersion] = []
    for index, entry in enumerate(found.versions):
        document = b"".join(_plaintext(data, found, data_key, index))
        versions.append(check_document(
            document, record_id=entry.record_id, version=entry.version, content_hash=entry.content_hash,
            device_id=found.device_id, attachments=entry.attachments, signature=entry.device_signature,
            public_key=public_key))
    refs = _attachment_refs(versions)
    for index in range(len(versions), len(found.sections)):
        ref = refs[found.sections[index].id]
        chunks = _Chunks(_verified(_plaintext(data, found, data_key, index), ref))
        if on_attachment is not None:
            on_attachment(ref, chunks)
        for _rest in chunks:  # whatever the sink left unread is still checked
            pass
    data.expect_end()
    return OpenedBundle(found.bundle_id, found.device_id, found.created_at, found.registry_id, found.key_id,
                        found.suite_id, tuple(versions), tuple(refs.values()), data.offset, found.sha256)


def inspect_bundle(source: BinaryIO, *, device_key: DeviceKeyLookup, limits: Limits = _DEFAULT_LIMITS) -> Manifest:
    """The signed manifest, after every check that needs no private key (reads the whole file, decrypts nothing).

    Checked: the header, the manifest and its signature, every field, the
    size and SHA-256 of every section, and the end of the file.
    """
    data = Input(source)
    found, _public_key = _read_manifest(data, device_key, limits)
    _check_sections(data, found)
    return found


def _read_manifest(data: Input, device_key: DeviceKeyLookup, limits: Limits) -> tuple[Manifest, bytes]:
    """The checked manifest and the device's raw public key."""
    manifest_bytes, signature = data.read_header(limits.max_manifest_bytes)
    value = manifest.parse(manifest_bytes)
    device_id = manifest.device_id_of(value)
    key = device_key(device_id)
    if key is None:
        raise errors.unknown_device(device_id)
    try:
        public = key if isinstance(key, Ed25519PublicKey) else Ed25519PublicKey.from_public_bytes(key)
        public.verify(signature, manifest.signing_payload(manifest_bytes))
    except (InvalidSignature, ValueError):
        raise errors.bad_signature() from None
    return (manifest.validate(value, limits, hashlib.sha256(manifest_bytes).hexdigest()),
            public.public_bytes_raw())


def _check_sections(data: Input, found: Manifest) -> None:
    """Size and SHA-256 of each encrypted section as the signed manifest says, then the end of the file."""
    for index, section in enumerate(found.sections):
        digest = hashlib.sha256()
        remaining = section.encrypted_size
        while remaining:
            block = data.read_exact(min(remaining, 1024 * 1024), section=index)
            digest.update(block)
            remaining -= len(block)
        if digest.hexdigest() != section.sha256:
            raise errors.section_hash(index)
    data.expect_end()


def _plaintext(data: Input, found: Manifest, data_key: bytes, index: int) -> Iterator[bytes]:
    """Section ``index`` decrypted chunk by chunk; the section's hash is checked before its last chunk is given."""
    section = found.sections[index]
    cipher = SectionCipher(data_key, found.bundle_id, index, section.id)
    count = chunk_count(section.size, found.chunk_size)
    digest = hashlib.sha256()
    for counter in range(count):
        encrypted = data.read_exact(chunk_plain_size(counter, section.size, found.chunk_size) + TAG_BYTES,
                                    section=index, chunk=counter)
        digest.update(encrypted)
        last = counter == count - 1
        try:
            plain = cipher.open(counter, encrypted, last)
        except InvalidTag:
            raise errors.bad_chunk(index, counter) from None
        if last and digest.hexdigest() != section.sha256:
            raise errors.section_hash(index)
        yield plain


def _verified(chunks: Iterator[bytes], ref: AttachmentRef) -> Iterator[bytes]:
    """An attachment's chunks, the last one given only after its SHA-256 and size have been checked."""
    digest = hashlib.sha256()
    size = 0
    held: bytes | None = None
    for chunk in chunks:
        if held is not None:
            yield held
        digest.update(chunk)
        size += len(chunk)
        held = chunk
    if "sha256:" + digest.hexdigest() != ref.id or size != ref.size:
        raise errors.attachment_hash(ref.id)
    if held is not None:
        yield held


class _Chunks(Iterator[bytes]):
    """The sink's view of an attachment: an iterator it can stop reading but cannot close."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks

    def __next__(self) -> bytes:
        return next(self._chunks)


def _attachment_refs(versions: list[OpenedVersion]) -> dict[str, AttachmentRef]:
    """Each attachment once, as the verified documents describe it (they must agree on its type)."""
    refs: dict[str, AttachmentRef] = {}
    for version in versions:
        for ref in version.attachments:
            if refs.setdefault(ref.id, ref) != ref:
                raise errors.mismatch(version.record_id, version.version, "attachment type")
    return refs
