"""The bundle manifest: canonical JSON, signed by the device, read and checked field by field.

The manifest says everything a reader must know before decrypting anything:
who sent the bundle, for which registry key, the wrapped data key, which
record versions it holds (with their content hashes and device signatures)
and, for each encrypted section, its size and the SHA-256 of its bytes. Its
layout is in docs/bundle-format.md. :func:`parse` accepts exactly one
spelling of a manifest (RFC 8785) and no field that is not defined.
"""

from __future__ import annotations

import base64
import binascii
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from intake_app.bundles import errors, hpke
from intake_app.bundles.model import MIN_CHUNK_SIZE, Limits
from intake_app.bundles.stream import MAX_CHUNKS, chunk_count, encrypted_size
from intake_app.canonical import parse_canonical_object
from intake_app.clock import iso
from intake_app.protocol.suites import SUITES

FORMAT = "intake-bundle/1"
#: Signed before the manifest bytes, so the signature cannot be taken for one over anything else.
SIGNING_DOMAIN = b"FIELD-INTAKE/BUNDLE-MANIFEST/1\x00"
SIGNATURE_BYTES = 64
_HASH = re.compile(r"sha256:[0-9a-f]{64}")
_HEX64 = re.compile(r"[0-9a-f]{64}")
_MAX_VERSION = 2 ** 31 - 1


@dataclass(frozen=True)
class ManifestVersion:
    record_id: str
    version: int
    content_hash: str
    device_signature: bytes
    #: (attachment id, size), sorted by id, as the version document lists them.
    attachments: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class Section:
    type: str  # "version" | "attachment"
    id: str    # the version's content hash, or the attachment id
    size: int  # plaintext bytes
    encrypted_size: int
    sha256: str  # hex of the encrypted bytes


@dataclass(frozen=True)
class Manifest:
    bundle_id: str
    device_id: str
    created_at: str
    registry_id: str
    key_id: str
    suite_id: str
    sealed_key: bytes
    chunk_size: int
    versions: tuple[ManifestVersion, ...]
    sections: tuple[Section, ...]
    #: SHA-256 (hex) of the signed manifest bytes: names this exact bundle (acknowledgements, resends).
    sha256: str


def signing_payload(manifest_bytes: bytes) -> bytes:
    return SIGNING_DOMAIN + manifest_bytes


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def version_entry(record_id: str, version: int, content_hash: str, signature: bytes,
                  attachments: list[tuple[str, int]]) -> dict[str, Any]:
    return {"record_id": record_id, "version": version, "content_hash": content_hash,
            "device_signature": b64(signature),
            "attachments": [{"id": ident, "size": size} for ident, size in sorted(attachments)]}


def section_entry(kind: str, ident: str, size: int, chunk_size: int, sha256_hex: str) -> dict[str, Any]:
    return {"type": kind, "id": ident, "size": size, "encrypted_size": encrypted_size(size, chunk_size),
            "sha256": sha256_hex}


def manifest_value(*, bundle_id: str, device_id: str, created_at: str, registry_id: str, key_id: str,
                   suite_id: str, sealed_key: bytes, chunk_size: int, versions: list[dict[str, Any]],
                   sections: list[dict[str, Any]]) -> dict[str, Any]:
    return {"format": FORMAT, "bundle_id": bundle_id, "device_id": device_id, "created_at": created_at,
            "registry": {"id": registry_id, "key_id": key_id},
            "encryption": {"suite": suite_id, "sealed_key": b64(sealed_key), "chunk_size": chunk_size},
            "versions": versions, "sections": sections}


# -- reading --------------------------------------------------------------------------------------

def parse(data: bytes) -> dict[str, Any]:
    """The manifest's JSON object, if ``data`` is its one canonical spelling; else ``malformed``."""
    value = parse_canonical_object(data)
    if value is None:
        raise errors.malformed("manifest is not a JSON object in RFC 8785 form")
    return value


def device_id_of(value: dict[str, Any]) -> str:
    """The sender's device id: read before anything else, to find the key the signature is checked with."""
    return _uuid(value.get("device_id"), "device_id")


def validate(value: dict[str, Any], limits: Limits, sha256: str) -> Manifest:
    """Every field of a (signature-checked) manifest, with its cross-checks; ``malformed`` or ``too_large``.

    ``sha256``: of the manifest bytes ``value`` was parsed from.
    """
    _keys(value, {"format", "bundle_id", "device_id", "created_at", "registry", "encryption", "versions",
                  "sections"}, "manifest")
    if value["format"] != FORMAT:
        raise errors.malformed("format is not " + FORMAT)
    registry = _keys(value["registry"], {"id", "key_id"}, "registry")
    encryption = _keys(value["encryption"], {"suite", "sealed_key", "chunk_size"}, "encryption")
    registry_id, key_id = _text(registry["id"], "registry.id", 200), _text(registry["key_id"], "registry.key_id")
    if not hpke.is_key_id(key_id):
        raise errors.malformed("registry.key_id is not 32 to 64 lower-case hex digits")
    suite_id = _text(encryption["suite"], "encryption.suite", 100)
    if suite_id not in SUITES:
        raise errors.unknown_suite(suite_id)
    sealed_key = _b64(encryption["sealed_key"], "encryption.sealed_key", hpke.sealed_key_bytes(suite_id))
    chunk_size = _int(encryption["chunk_size"], "encryption.chunk_size", MIN_CHUNK_SIZE, limits.max_chunk_size,
                      too_large=True)
    versions = _versions(value["versions"], limits)
    sections = _sections(value["sections"], versions, chunk_size, limits)
    return Manifest(_uuid(value["bundle_id"], "bundle_id"), device_id_of(value), _time(value["created_at"]),
                    registry_id, key_id, suite_id, sealed_key, chunk_size, versions, sections, sha256)


def _versions(raw: Any, limits: Limits) -> tuple[ManifestVersion, ...]:
    if not isinstance(raw, list) or not raw:
        raise errors.malformed("versions is not a non-empty list")
    if len(raw) > limits.max_versions:
        raise errors.too_large("versions", count=len(raw))
    out: list[ManifestVersion] = []
    for item in raw:
        entry = _keys(item, {"record_id", "version", "content_hash", "device_signature", "attachments"}, "version")
        attachments = entry["attachments"]
        if not isinstance(attachments, list):
            raise errors.malformed("version.attachments is not a list")
        if len(attachments) > limits.max_attachments:
            raise errors.too_large("attachments", count=len(attachments))
        refs = tuple((_hash(a["id"], "attachment.id"),
                      _int(a["size"], "attachment.size", 0, limits.max_attachment_bytes, too_large=True))
                     for a in (_keys(a, {"id", "size"}, "attachment") for a in attachments))
        if list(refs) != sorted(refs) or len({ident for ident, _size in refs}) != len(refs):
            raise errors.malformed("version.attachments are not sorted by id, or repeat an id")
        out.append(ManifestVersion(_uuid(entry["record_id"], "record_id"),
                                   _int(entry["version"], "version", 1, _MAX_VERSION),
                                   _hash(entry["content_hash"], "content_hash"),
                                   _b64(entry["device_signature"], "device_signature", SIGNATURE_BYTES), refs))
    if len({(v.record_id, v.version) for v in out}) != len(out):
        raise errors.malformed("a record version appears twice")
    return tuple(out)


def expected_attachments(versions: tuple[ManifestVersion, ...]) -> list[tuple[str, int]]:
    """The attachment sections a bundle must have: each id once, in order of first mention."""
    seen: dict[str, int] = {}
    for version in versions:
        for ident, size in version.attachments:
            if seen.setdefault(ident, size) != size:
                raise errors.malformed("one attachment id is given two sizes")
    return list(seen.items())


def _sections(raw: Any, versions: tuple[ManifestVersion, ...], chunk_size: int,
              limits: Limits) -> tuple[Section, ...]:
    attachments = expected_attachments(versions)
    if len(attachments) > limits.max_attachments:
        raise errors.too_large("attachments", count=len(attachments))
    expected = [("version", v.content_hash, None) for v in versions] + [
        ("attachment", ident, size) for ident, size in attachments]
    if not isinstance(raw, list) or len(raw) != len(expected):
        raise errors.malformed("sections do not match the versions and their attachments")
    out: list[Section] = []
    documents = 0
    for item, (kind, ident, size) in zip(raw, expected, strict=True):
        entry = _keys(item, {"type", "id", "size", "encrypted_size", "sha256"}, "section")
        if entry["type"] != kind or entry["id"] != ident:
            raise errors.malformed("sections are not the versions, then their attachments, in order")
        most = limits.max_document_bytes if kind == "version" else limits.max_attachment_bytes
        plain = _int(entry["size"], "section.size", 1 if kind == "version" else 0, most, too_large=True)
        if size is not None and plain != size:
            raise errors.malformed("an attachment section's size differs from the attachment's")
        if chunk_count(plain, chunk_size) >= MAX_CHUNKS:
            raise errors.too_large("chunks")
        if entry["encrypted_size"] != encrypted_size(plain, chunk_size) or type(entry["encrypted_size"]) is not int:
            raise errors.malformed("section.encrypted_size is not size + 16 bytes per chunk")
        if not isinstance(entry["sha256"], str) or not _HEX64.fullmatch(entry["sha256"]):
            raise errors.malformed("section.sha256 is not 64 lower-case hex digits")
        documents += plain if kind == "version" else 0
        out.append(Section(kind, ident, plain, entry["encrypted_size"], entry["sha256"]))
    if documents > limits.max_documents_bytes:
        raise errors.too_large("documents", size=documents)
    return tuple(out)


def _keys(value: Any, keys: set[str], what: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) != keys:
        raise errors.malformed(f"{what} does not have exactly the fields {sorted(keys)}")
    return value


def _text(value: Any, what: str, most: int = 64) -> str:
    if not isinstance(value, str) or not 1 <= len(value) <= most or not value.isprintable():
        raise errors.malformed(f"{what} is not a short printable text")
    return value


def _int(value: Any, what: str, least: int, most: int, *, too_large: bool = False) -> int:
    if type(value) is not int or value < least:
        raise errors.malformed(f"{what} is not an integer of at least {least}")
    if value > most:
        raise errors.too_large(what, value=value) if too_large else errors.malformed(f"{what} is out of range")
    return value


def _uuid(value: Any, what: str) -> str:
    try:
        ok = isinstance(value, str) and str(uuid.UUID(value)) == value
    except ValueError:
        ok = False
    if not ok:
        raise errors.malformed(f"{what} is not a lower-case UUID")
    return str(value)


def _hash(value: Any, what: str) -> str:
    if not isinstance(value, str) or not _HASH.fullmatch(value):
        raise errors.malformed(f"{what} is not sha256:<64 lower-case hex digits>")
    return value


def _b64(value: Any, what: str, length: int) -> bytes:
    try:
        data = base64.b64decode(value, validate=True) if isinstance(value, str) else None
    except (binascii.Error, ValueError):
        data = None
    if data is None or len(data) != length or b64(data) != value:
        raise errors.malformed(f"{what} is not {length} bytes in canonical base64")
    return data


def _time(value: Any) -> str:
    try:
        ok = isinstance(value, str) and iso(datetime.fromisoformat(value)) == value and value.endswith("+00:00")
    except ValueError:
        ok = False
    if not ok:
        raise errors.malformed("created_at is not UTC ISO 8601 with microseconds")
    return str(value)
