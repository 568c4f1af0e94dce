"""Test material drawn at run time: a device key pair, registry keys, and signed record versions.

Nothing here is committed key material: every key is generated when the tests run.
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from intake_app.bundles import (AttachmentRef, AttachmentSource, DeviceSigner, RegistryKey, VersionInput,
                                open_bundle, seal_bundle)
from intake_app.bundles.container import HEADER_BYTES, MAGIC
from intake_app.bundles.manifest import SIGNATURE_BYTES
from intake_app.canonical import canonical_json
from intake_app.protocol.receipt_token import ReceiptClaim, signing_payload
from intake_app.protocol.version_document import version_document, version_hash
from intake_app.protocol.receipt_numbers import format_receipt_number

FORM_SHA = "ab" * 32

# The file's layout: the header (the magic, the format version in 2 bytes, the manifest's length in 4 bytes,
# big-endian), the manifest, its signature, then the sections.
VERSION_AT = len(MAGIC)
LENGTH_AT = HEADER_BYTES - 4

#: What a flipped byte in each region of a bundle read from a seekable file is reported as. A changed
#: manifest byte may break its JSON or its canonical form (malformed), name another device (unknown_device)
#: or just not match the signature.
SEEKABLE = {"magic": {"not_a_bundle"}, "version": {"version"},
            "length": {"too_large", "malformed", "truncated"},
            "manifest": {"malformed", "unknown_device", "signature"}, "signature": {"signature"},
            "section": {"section_hash"}}


def manifest_length(data: bytes) -> int:
    """The manifest's length, as the header of the bundle ``data`` gives it."""
    return int.from_bytes(data[LENGTH_AT:HEADER_BYTES], "big")


def manifest_bytes(data: bytes) -> bytes:
    return data[HEADER_BYTES:HEADER_BYTES + manifest_length(data)]


def sections_at(length: int) -> int:
    """Where the sections begin: after the header, a manifest of ``length`` bytes and its signature."""
    return HEADER_BYTES + length + SIGNATURE_BYTES


def flip(data: bytes, offset: int, mask: int = 0x01) -> bytes:
    """``data`` with the byte at ``offset`` XORed with ``mask``."""
    return data[:offset] + bytes([data[offset] ^ mask]) + data[offset + 1:]


class Device:
    """A device identity: a fresh Ed25519 key pair and a random id."""

    def __init__(self) -> None:
        self.private = Ed25519PrivateKey.generate()
        self.device_id = str(uuid.uuid4())
        self.public = self.private.public_key()
        self.signer = DeviceSigner(self.device_id, self.private.sign, self.public.public_bytes_raw())

    def lookup(self, device_id: str) -> Ed25519PublicKey | None:
        return self.public if device_id == self.device_id else None


def pattern(size: int, seed: int = 0) -> bytes:
    """Deterministic, incompressible-looking bytes (a SHA-256 counter stream)."""
    out = bytearray()
    counter = 0
    while len(out) < size:
        out += hashlib.sha256(seed.to_bytes(8, "big") + counter.to_bytes(8, "big")).digest() * 64
        counter += 1
    return bytes(out[:size])


def attachment(data: bytes, mime: str = "image/png", piece: int = 1024 * 1024) -> AttachmentSource:
    def chunks() -> Iterator[bytes]:
        for start in range(0, len(data), piece):
            yield data[start:start + piece]

    return AttachmentSource("sha256:" + hashlib.sha256(data).hexdigest(), len(data), mime, chunks)


def generated_attachment(size: int, seed: int, mime: str = "application/pdf",
                         piece: int = 1024 * 1024) -> AttachmentSource:
    """A large attachment whose bytes are made as they are read (never held whole)."""
    digest = hashlib.sha256()
    for block in _generate(size, seed, piece):
        digest.update(block)
    return AttachmentSource("sha256:" + digest.hexdigest(), size, mime, lambda: _generate(size, seed, piece))


def _generate(size: int, seed: int, piece: int) -> Iterator[bytes]:
    block = pattern(piece, seed)
    done = 0
    while done < size:
        take = min(piece, size - done)
        yield block[:take]
        done += take


def make_version(device: Device, *, seq: int = 1, version: int = 1, kind: str = "original",
                 attachments: Iterable[AttachmentSource] = (), record_id: str | None = None,
                 data: dict[str, object] | None = None, previous: str | None = None,
                 sign_with: Ed25519PrivateKey | None = None, receipt: bool = True) -> VersionInput:
    """A signed version; ``receipt=False`` gives the void of a never-submitted draft (no receipt number)."""
    attachments = tuple(attachments)
    record_id = record_id or str(uuid.uuid4())
    receipt_no = format_receipt_number("7KQM4R", seq) if receipt else None
    submitted_at = f"2026-11-23T09:{seq % 60:02d}:00.{version:06d}+00:00"
    doc = version_document(
        record_id=record_id, version=version, kind=kind, form_id="asylum_application", form_version=3,
        form_sha256=FORM_SHA, data=data if data is not None else {"family_name": "Абдуллаев", "given": "ئابدۇللا"},
        attachments=[{"id": a.id, "size": a.size, "mime": a.mime} for a in attachments], receipt_no=receipt_no,
        device_id=device.device_id, submitted_at=submitted_at, submitted_by="officer",
        reason=None if kind == "original" else "spelling", previous_hash=previous)
    content_hash = version_hash(doc)
    claim = ReceiptClaim(receipt_no, content_hash, submitted_at, device.device_id)
    signature = (sign_with or device.private).sign(signing_payload(claim))
    return VersionInput(record_id, version, kind, "asylum_application", 3, content_hash, signature,
                        canonical_json(doc), attachments)


@dataclass
class Staging:
    """An attachment sink that keeps what it gets in memory, as a registry transaction would stage it."""

    received: dict[str, bytes] = field(default_factory=dict)
    refs: list[AttachmentRef] = field(default_factory=list)

    def __call__(self, ref: AttachmentRef, chunks: Iterator[bytes]) -> None:
        self.refs.append(ref)
        self.received[ref.id] = b""
        for chunk in chunks:
            self.received[ref.id] += chunk


def seal(device: Device, key: RegistryKey, versions: list[VersionInput], **kwargs: object) -> bytes:
    out = io.BytesIO()
    seal_bundle(out, versions, device=device.signer, registry=key.recipient("registry-test"), **kwargs)  # type: ignore[arg-type]
    return out.getvalue()


def open_bytes(data: bytes, device: Device, key: RegistryKey, sink: Callable[..., None] | None = None, **kwargs):
    return open_bundle(io.BytesIO(data), registry_keys=key, device_key=device.lookup, on_attachment=sink, **kwargs)


class NonSeekable(io.RawIOBase):
    """A stream that can only be read forward, in short reads (like a socket or a pipe)."""

    def __init__(self, data: bytes, step: int = 7000) -> None:
        self._data = io.BytesIO(data)
        self._step = step

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        chunk = self._data.read(min(len(buffer), self._step))
        buffer[:len(chunk)] = chunk
        return len(chunk)


# -- taking a bundle apart, and forging one with the device's own key -----------------------------

@dataclass
class Parts:
    """A bundle cut into its regions: manifest (parsed), signature, and each section's chunks."""

    manifest: dict
    signature: bytes
    sections: list[list[bytes]]

    @classmethod
    def of(cls, data: bytes) -> Parts:
        import json

        length = manifest_length(data)
        value = json.loads(manifest_bytes(data))
        offset = sections_at(length)
        chunk_size = value["encryption"]["chunk_size"]
        sections = []
        for section in value["sections"]:
            end = offset + section["encrypted_size"]
            body = data[offset:end]
            sections.append([body[i:i + chunk_size + 16] for i in range(0, len(body), chunk_size + 16)] or [b""])
            offset = end
        return cls(value, data[HEADER_BYTES + length:sections_at(length)], sections)

    def regions(self) -> list[tuple[str, int, int]]:
        """(name, start, end) of every region of the file, chunk by chunk."""
        from intake_app.canonical import canonical_json

        length = len(canonical_json(self.manifest))
        out = [("magic", 0, VERSION_AT), ("version", VERSION_AT, LENGTH_AT), ("length", LENGTH_AT, HEADER_BYTES),
               ("manifest", HEADER_BYTES, HEADER_BYTES + length),
               ("signature", HEADER_BYTES + length, sections_at(length))]
        offset = sections_at(length)
        for index, chunks in enumerate(self.sections):
            for number, chunk in enumerate(chunks):
                out.append((f"section {index} chunk {number}", offset, offset + len(chunk)))
                offset += len(chunk)
        return out

    def resign(self, device: Device) -> bytes:
        """The bundle with its section hashes brought up to date and the manifest signed again."""
        from intake_app.bundles.container import header
        from intake_app.bundles.manifest import signing_payload
        from intake_app.canonical import canonical_json

        for entry, chunks in zip(self.manifest["sections"], self.sections, strict=True):
            entry["sha256"] = hashlib.sha256(b"".join(chunks)).hexdigest()
        body = canonical_json(self.manifest)
        signature = device.private.sign(signing_payload(body))
        return header(len(body)) + body + signature + b"".join(b"".join(chunks) for chunks in self.sections)


def submitted_and_amended(session: Any, scan: Path) -> tuple[str, list[VersionInput]]:
    """A record in a real store, submitted with ``scan`` and then amended: both versions as sync sends them."""
    from intake_app.records import lifecycle
    from intake_app.records.reading import get_record
    from intake_app.sync.outbox import version_input
    from tests.records.sample import application

    record_id = lifecycle.create_draft(session, "asylum_application", application(),
                                       files=[("application_scan", scan)])
    lifecycle.submit(session, record_id)
    first = get_record(session, record_id).versions[0]
    lifecycle.amend(session, record_id, dict(first.data, name_latin="Abdullayev Rustam"), "Latin spelling")
    device_id = session.device.device_id
    return record_id, [version_input(session.conn, record_id, version, device_id) for version in (1, 2)]
