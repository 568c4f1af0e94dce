"""What goes into a bundle and what comes out of one: small frozen dataclasses, no logic beyond checks of form.

Inputs (device side): :class:`DeviceSigner`, :class:`RegistryRecipient`,
:class:`VersionInput` with its :class:`AttachmentSource` items.
Outputs: :class:`SealedBundle` (what the sealer wrote) and, on the registry
side, :class:`OpenedBundle` with :class:`OpenedVersion` and
:class:`AttachmentRef` (only ever returned once every check has passed).
Reading limits: :class:`Limits`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

#: Plaintext bytes per encrypted chunk (the last chunk of a section may be shorter, even empty).
CHUNK_SIZE = 64 * 1024
MIN_CHUNK_SIZE = 1024
MAX_CHUNK_SIZE = 1024 * 1024
#: Default maximum size of a bundle file (see plan.plan_bundles).
DEFAULT_MAX_BUNDLE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class DeviceSigner:
    """The sending device: its id, a way to sign with its Ed25519 key, and its public key.

    ``sign`` returns the 64-byte Ed25519 signature over the bytes it is given;
    the private key stays wherever it lives (the encrypted store: see
    ``intake_app.sync.spool.device_signer``). ``public_key`` (32 raw bytes)
    lets the sealer check every signature before anything is written.
    """

    device_id: str
    sign: Callable[[bytes], bytes] = field(repr=False)
    public_key: bytes


@dataclass(frozen=True)
class RegistryRecipient:
    """The registry a bundle is sealed for: its HPKE suite and public key, and the id of that key.

    ``suite_id`` is one of :data:`intake_app.protocol.suites.SUITES`;
    ``public_key`` is the encoded public key of that suite (X-Wing: the
    ML-KEM-768 encapsulation key, 1184 bytes, then the X25519 key, 32 bytes;
    X25519: 32 bytes); ``key_id`` (32 to 64 lower-case hex digits) is the
    registry's name for that key, as in its enrolment file.
    """

    registry_id: str
    suite_id: str
    public_key: bytes = field(repr=False)
    key_id: str


@dataclass(frozen=True)
class AttachmentSource:
    """An attachment to seal: its id (``sha256:<hex>`` of the content), size, type, and its bytes.

    ``open`` returns a fresh iterable over the content, in pieces of any size
    (the store yields 1 MiB chunks). It is called **twice** while sealing (see
    docs/bundle-format.md, "Sealing"), and must give the same bytes both times.
    Memory stays bounded by the size of the pieces it yields.
    """

    id: str
    size: int
    mime: str
    open: Callable[[], Iterable[bytes]] = field(repr=False, compare=False)


@dataclass(frozen=True)
class VersionInput:
    """A submitted record version to send: what the store holds for it.

    ``document`` is the RFC 8785 canonical JSON of the version document
    (``intake_app.protocol.version_document.version_document``) whose SHA-256 is
    ``content_hash``; ``device_signature`` is the device's signature over the
    version's receipt claim (``intake_app.protocol.receipt_token.signing_payload``).
    ``attachments`` are those the document lists (in any order).
    """

    record_id: str
    version: int
    kind: str
    form_id: str
    form_version: int
    content_hash: str
    device_signature: bytes = field(repr=False)
    document: bytes = field(repr=False)
    attachments: tuple[AttachmentSource, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        return self.record_id, self.version


@dataclass(frozen=True)
class SealedBundle:
    """What :func:`~intake_app.bundles.seal.seal_bundle` wrote (no personal data)."""

    bundle_id: str
    created_at: str
    size: int
    #: (record id, version, content hash) of each version, in bundle order.
    versions: tuple[tuple[str, int, str], ...]
    #: SHA-256 (hex) of the signed manifest bytes: names this exact bundle, e.g. in an acknowledgement.
    manifest_sha256: str


@dataclass(frozen=True)
class AttachmentRef:
    """An attachment as the verified documents describe it."""

    id: str
    size: int
    mime: str


@dataclass(frozen=True)
class OpenedVersion:
    """A record version whose content hash, fields and device signature have all been verified."""

    record_id: str
    version: int
    kind: str
    form_id: str
    form_version: int
    content_hash: str
    receipt_no: str | None
    submitted_at: str
    device_signature: bytes = field(repr=False)
    #: The canonical JSON bytes whose SHA-256 is ``content_hash``.
    document: bytes = field(repr=False)
    attachments: tuple[AttachmentRef, ...] = ()

    def content(self) -> dict[str, Any]:
        """The version document, parsed."""
        value: dict[str, Any] = json.loads(self.document)
        return value


@dataclass(frozen=True)
class OpenedBundle:
    """A bundle that passed every check. Only now may the caller commit what it staged."""

    bundle_id: str
    device_id: str
    created_at: str
    registry_id: str
    key_id: str
    suite_id: str
    versions: tuple[OpenedVersion, ...]
    attachments: tuple[AttachmentRef, ...]
    size: int
    manifest_sha256: str


@dataclass(frozen=True)
class Limits:
    """What a reader accepts; anything declared beyond these is refused before it is allocated or read."""

    max_manifest_bytes: int = 1024 * 1024
    max_versions: int = 2000
    max_attachments: int = 2000
    #: One version document (canonical JSON, held in memory while it is checked).
    max_document_bytes: int = 2 * 1024 * 1024
    #: All version documents of one bundle together.
    max_documents_bytes: int = 32 * 1024 * 1024
    #: One attachment (streamed, never held whole).
    max_attachment_bytes: int = 4 * 1024 ** 3
    max_chunk_size: int = MAX_CHUNK_SIZE
