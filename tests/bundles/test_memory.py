"""A 50 MiB attachment is sealed and opened with memory far below its size (files on disk hold ciphertext only)."""

from __future__ import annotations

import hashlib
import tracemalloc

import pytest

from intake_app.bundles import RegistryKey, open_bundle, seal_bundle
from intake_app.protocol.suites import MLKEM768_X25519
from tests.bundles.helpers import Device, generated_attachment, make_version

SIZE = 50 * 1024 * 1024
LIMIT = 8 * 1024 * 1024


class HashingSink:
    """Stands in for the registry's staging: takes each chunk and keeps only a running hash."""

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}
        self.sizes: dict[str, int] = {}

    def __call__(self, ref, chunks) -> None:
        digest, size = hashlib.sha256(), 0
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
        self.digests[ref.id], self.sizes[ref.id] = "sha256:" + digest.hexdigest(), size


@pytest.mark.slow
def test_a_50_mib_attachment_streams_through_in_bounded_memory(tmp_path):
    device, key = Device(), RegistryKey.generate(MLKEM768_X25519)
    scan = generated_attachment(SIZE, seed=11)
    version = make_version(device, attachments=[scan])
    path = tmp_path / "bundle.fib"

    tracemalloc.start()
    try:
        with path.open("wb") as out:
            sealed = seal_bundle(out, [version], device=device.signer, registry=key.recipient("registry-test"))
        _current, seal_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        sink = HashingSink()
        with path.open("rb") as source:
            opened = open_bundle(source, registry_keys=key, device_key=device.lookup, on_attachment=sink)
        _current, open_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert sealed.size == path.stat().st_size > SIZE
    assert sink.digests == {scan.id: scan.id} and sink.sizes == {scan.id: SIZE}
    assert opened.attachments[0].size == SIZE
    assert seal_peak < LIMIT, seal_peak
    assert open_peak < LIMIT, open_peak
