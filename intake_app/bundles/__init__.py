"""Signed, end-to-end encrypted bundles: how submitted record versions travel from a device to the registry.

A bundle is one binary file: a header, a manifest in canonical JSON signed by
the device (Ed25519), then encrypted sections, one per version document and
one per attachment. The sections are encrypted for the registry only: HPKE
(RFC 9180, by default the post-quantum hybrid MLKEM768-X25519) wraps a fresh
data key, and AES-256-GCM encrypts in 64 KiB chunks (STREAM). The format,
byte by byte, is in docs/bundle-format.md.

Device side::

    for versions in plan_bundles(queue, max_bytes, registry=recipient):
        with open(path, "wb") as out:                     # ciphertext only
            sealed = seal_bundle(out, versions, device=signer,   # e.g. sync.spool.device_signer
                                 registry=recipient)

Registry side::

    opened = open_bundle(stream, registry_keys=key, device_key=lookup, on_attachment=stage)
    # commit what ``stage`` received only now; on BundleError, discard it

Pure library: no Qt, no network, no writes to any store.
"""

from __future__ import annotations

from intake_app.bundles.errors import CODES, BundleError
from intake_app.bundles.hpke import RegistryKey
from intake_app.bundles.manifest import Manifest
from intake_app.bundles.model import (CHUNK_SIZE, DEFAULT_MAX_BUNDLE_BYTES, AttachmentRef, AttachmentSource,
                                      DeviceSigner, Limits, OpenedBundle, OpenedVersion, RegistryRecipient,
                                      SealedBundle, VersionInput)
from intake_app.bundles.plan import bundle_size, plan_bundles
from intake_app.bundles.reader import AttachmentSink, DeviceKeyLookup, inspect_bundle, open_bundle
from intake_app.bundles.seal import seal_bundle

__all__ = [
    "CHUNK_SIZE", "CODES", "DEFAULT_MAX_BUNDLE_BYTES",
    "AttachmentRef", "AttachmentSink", "AttachmentSource", "BundleError", "DeviceKeyLookup", "DeviceSigner",
    "Limits", "Manifest", "OpenedBundle", "OpenedVersion", "RegistryKey", "RegistryRecipient", "SealedBundle",
    "VersionInput", "bundle_size", "inspect_bundle", "open_bundle", "plan_bundles", "seal_bundle",
]
