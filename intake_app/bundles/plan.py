"""Splitting a queue of record versions into bundles of at most a given size.

A record version travels with all its attachments in one bundle: the
registry can verify a version only with its attachments, and a version is
never half-delivered. Bundles are filled in queue order (so the versions of
one record stay in order) until the next version would push the bundle over
``max_bytes``; then a new bundle starts. A version that does not fit even in
an empty bundle (a large scan) goes **alone** in its own bundle, which is
then larger than ``max_bytes``: this is the one exception to the limit.
Memory stays bounded anyway (sealing and opening stream), and on a slow link
the smaller bundles before and after it still go through on their own; the
transport should resume an interrupted upload of a bundle file rather than
restart it (the file does not change once written).

Sizes are exact: :func:`bundle_size` is the number of bytes
:func:`~intake_app.bundles.seal.seal_bundle` writes for the same versions
and registry (with ``registry=None``, a bound for any registry).
"""

from __future__ import annotations

from collections.abc import Sequence

from intake_app.bundles import hpke, manifest
from intake_app.bundles.container import HEADER_BYTES
from intake_app.bundles.model import CHUNK_SIZE, DEFAULT_MAX_BUNDLE_BYTES, Limits, RegistryRecipient, VersionInput
from intake_app.bundles.stream import encrypted_size
from intake_app.canonical import canonical_json
from intake_app.protocol.suites import MLKEM768_X25519

_UUID = "00000000-0000-0000-0000-000000000000"
_TIME = "2000-01-01T00:00:00.000000+00:00"  # every time from year 1000 to 9999 has this length
_HEX = "0" * 64
#: Without a registry: the longest id allowed (200 characters of 4 UTF-8 bytes), the longest key id and wrapped key.
_ANY_REGISTRY = ("\U0001F600" * 200, "0" * 64, MLKEM768_X25519)


class _Size:
    """The size of a bundle as versions are added, computed the way the manifest is serialized."""

    def __init__(self, registry: RegistryRecipient | None, chunk_size: int) -> None:
        registry_id, key_id, suite_id = ((registry.registry_id, registry.key_id, registry.suite_id)
                                         if registry is not None else _ANY_REGISTRY)
        empty = manifest.manifest_value(
            bundle_id=_UUID, device_id=_UUID, created_at=_TIME, registry_id=registry_id, key_id=key_id,
            suite_id=suite_id, sealed_key=bytes(hpke.sealed_key_bytes(suite_id)), chunk_size=chunk_size,
            versions=[], sections=[])
        self.chunk_size = chunk_size
        self.total = HEADER_BYTES + len(canonical_json(empty)) + manifest.SIGNATURE_BYTES
        self.versions = 0
        self.attachments: set[str] = set()

    def cost(self, version: VersionInput) -> tuple[int, list[str]]:
        """Bytes that adding ``version`` would add, and the attachment ids it would bring."""
        entry = manifest.version_entry(version.record_id, version.version, version.content_hash,
                                       version.device_signature, [(a.id, a.size) for a in version.attachments])
        cost = self._entry(entry) + self._section("version", version.content_hash, len(version.document))
        new = []
        for attachment in sorted(version.attachments, key=lambda a: a.id):
            if attachment.id not in self.attachments and attachment.id not in new:
                new.append(attachment.id)
                cost += self._section("attachment", attachment.id, attachment.size)
        # one comma between two entries of "versions", and between two of "sections"
        return cost + (2 if self.versions else 0) + len(new), new

    def add(self, version: VersionInput) -> None:
        cost, new = self.cost(version)
        self.total += cost
        self.versions += 1
        self.attachments.update(new)

    def _entry(self, entry: dict[str, object]) -> int:
        return len(canonical_json(entry))

    def _section(self, kind: str, ident: str, size: int) -> int:
        entry = manifest.section_entry(kind, ident, size, self.chunk_size, _HEX)
        return self._entry(entry) + encrypted_size(size, self.chunk_size)


def bundle_size(versions: Sequence[VersionInput], *, registry: RegistryRecipient | None = None,
                chunk_size: int = CHUNK_SIZE) -> int:
    """The size of the bundle sealing ``versions`` writes (exact with ``registry``, a bound without)."""
    size = _Size(registry, chunk_size)
    for version in versions:
        size.add(version)
    return size.total


def plan_bundles(versions: Sequence[VersionInput], max_bytes: int = DEFAULT_MAX_BUNDLE_BYTES, *,
                 registry: RegistryRecipient | None = None, chunk_size: int = CHUNK_SIZE,
                 limits: Limits | None = None) -> list[tuple[VersionInput, ...]]:
    """``versions`` in order, cut into bundles of at most ``max_bytes`` (see the module docstring).

    Each bundle also stays within the reader's ``limits`` (counts of versions,
    attachments and document bytes), so that every planned bundle can be opened.
    """
    limits = limits or Limits()
    bundles: list[tuple[VersionInput, ...]] = []
    current: list[VersionInput] = []
    size = _Size(registry, chunk_size)
    documents = 0
    for version in versions:
        cost, new = size.cost(version)
        full = (size.total + cost > max_bytes or len(current) >= limits.max_versions
                or len(size.attachments) + len(new) > limits.max_attachments
                or documents + len(version.document) > limits.max_documents_bytes)
        if current and full:
            bundles.append(tuple(current))
            current, size, documents = [], _Size(registry, chunk_size), 0
        current.append(version)
        size.add(version)
        documents += len(version.document)
    if current:
        bundles.append(tuple(current))
    return bundles
