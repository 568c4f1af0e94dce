"""Sync benchmarks: bundle seal/open throughput and memory for 1 GiB of attachments; registry ingest rate.

Baselines, measured in the same run on the same machine and data:

* bundle: raw AES-256-GCM (``cryptography``'s ``AESGCM``) over the same
  attachment files, read from disk in 1 MiB pieces and encrypted in 64 KiB
  chunks, once, with nothing written. Sealing reads every attachment twice,
  encrypts it twice, hashes it three times and writes the ciphertext; opening
  hashes the file, decrypts and hashes again: the ratio is that cost.
* ingest: plain ``sqlite3`` (no encryption; file-backed, WAL,
  ``synchronous=FULL``) inserting the same rows (record id, version, content
  hash, version document JSON), one transaction per bundle's worth of rows,
  as the registry commits one transaction per bundle.

Peak memory is given twice: the peak of Python allocations (``tracemalloc``,
in a second, untimed pass) and the process's RSS high-water mark
(``getrusage``, which only grows: the value before sealing is printed too).
Files are written to the page cache, without ``fsync``.

``BENCH_BUNDLE_MIB`` (default 1024) sets the attachment bytes, in
``BENCH_ATTACHMENT_MIB`` (default 64) attachments, one per version;
``BENCH_INGEST_RECORDS`` (default 5,000) and ``BENCH_INGEST_BATCH`` (default
50 versions per bundle) size the ingest run.
"""

from __future__ import annotations

import hashlib
import io
import os
import resource
import shutil
import sqlite3
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from intake_app.bundles import (CHUNK_SIZE, AttachmentRef, AttachmentSource, RegistryKey, VersionInput, open_bundle,
                                seal_bundle)
from intake_app.registry import Registry
from intake_app.registry.ingest import ingest_bundle
from tests.bundles.helpers import Device, make_version
from tests.registry.ingest_helpers import enrol_device, recipient

BUNDLE_MIB = int(os.environ.get("BENCH_BUNDLE_MIB", "1024"))
ATTACHMENT_MIB = int(os.environ.get("BENCH_ATTACHMENT_MIB", "64"))
INGEST_RECORDS = int(os.environ.get("BENCH_INGEST_RECORDS", "5000"))
INGEST_BATCH = int(os.environ.get("BENCH_INGEST_BATCH", "50"))
PIECE = 1024 * 1024
MIB = 1024 * 1024
PASSPHRASE = "benchmark registry passphrase"


def _rss_mib() -> float:
    """The process's RSS high-water mark (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _write_random(path: Path, size: int) -> AttachmentSource:
    digest = hashlib.sha256()
    with open(path, "wb") as out:
        done = 0
        while done < size:
            block = os.urandom(min(PIECE, size - done))
            digest.update(block)
            out.write(block)
            done += len(block)
    return AttachmentSource("sha256:" + digest.hexdigest(), size, "application/pdf", lambda: _read(path))


def _read(path: Path) -> Iterator[bytes]:
    with open(path, "rb") as source:
        while block := source.read(PIECE):
            yield block


def _drain(_ref: AttachmentRef, chunks: Iterator[bytes]) -> None:
    for _chunk in chunks:
        pass


def _raw_aesgcm(paths: list[Path]) -> None:
    aead = AESGCM(os.urandom(32))
    counter = 0
    for path in paths:
        for piece in _read(path):
            view = memoryview(piece)
            for start in range(0, len(view), CHUNK_SIZE):
                aead.encrypt(counter.to_bytes(12, "big"), view[start:start + CHUNK_SIZE], b"")
                counter += 1


def _raw_sha256(paths: list[Path]) -> None:
    for path in paths:
        digest = hashlib.sha256()
        for piece in _read(path):
            digest.update(piece)


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _traced_peak(action: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1] / MIB
    finally:
        tracemalloc.stop()


def bundle_bench(work: Path) -> None:
    count = max(1, BUNDLE_MIB // ATTACHMENT_MIB)
    total = count * ATTACHMENT_MIB * MIB
    print(f"# bundle: {count} attachments of {ATTACHMENT_MIB} MiB ({total / MIB:.0f} MiB), one per version, "
          f"default suite, to and from a file")
    device = Device()
    key = RegistryKey.generate()
    paths = [work / f"scan-{i}.bin" for i in range(count)]
    versions = [make_version(device, seq=i + 1, attachments=[_write_random(path, ATTACHMENT_MIB * MIB)])
                for i, path in enumerate(paths)]
    bundle_path = work / "bundle.fib"

    def seal() -> None:
        with open(bundle_path, "wb") as out:
            seal_bundle(out, versions, device=device.signer, registry=key.recipient("registry-bench"))

    def open_() -> None:
        with open(bundle_path, "rb") as source:
            opened = open_bundle(source, registry_keys=key, device_key=device.lookup, on_attachment=_drain)
        assert len(opened.attachments) == count

    rss_before = _rss_mib()
    base = total / MIB / _timed(lambda: _raw_aesgcm(paths))
    sha = total / MIB / _timed(lambda: _raw_sha256(paths))
    seal_rate = total / MIB / _timed(seal)
    rss_seal = _rss_mib()
    open_rate = total / MIB / _timed(open_)
    rss_open = _rss_mib()
    seal_peak = _traced_peak(seal)
    open_peak = _traced_peak(open_)
    size = bundle_path.stat().st_size
    width = 64
    print(f"{f'seal (check, 2x encrypt, 3x SHA-256, write {size / MIB:.0f} MiB):':{width}}{seal_rate:7.0f} MiB/s   "
          f"peak traced {seal_peak:5.1f} MiB   RSS high-water {rss_seal:5.0f} MiB (before: {rss_before:.0f} MiB)")
    print(f"{'open (hash pre-pass, decrypt, verify, stream out):':{width}}{open_rate:7.0f} MiB/s   "
          f"peak traced {open_peak:5.1f} MiB   RSS high-water {rss_open:5.0f} MiB")
    print(f"{'baseline raw AES-256-GCM (read the files, 64 KiB chunks, once):':{width}}{base:7.0f} MiB/s")
    print(f"{'(for scale: raw SHA-256 over the same files, once)':{width}}{sha:7.0f} MiB/s")
    print(f"bundle ratio ours/baseline: seal {seal_rate / base:.2f}, open {open_rate / base:.2f}")


def _plain_db(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE versions (record_id TEXT NOT NULL, version INTEGER NOT NULL, content_hash TEXT NOT"
                 " NULL, document TEXT NOT NULL, PRIMARY KEY (record_id, version))")
    return conn


def _plain_insert(conn: sqlite3.Connection, batch: list[VersionInput]) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT INTO versions (record_id, version, content_hash, document) VALUES (?, ?, ?, ?)",
                     [(v.record_id, v.version, v.content_hash, v.document.decode("utf-8")) for v in batch])
    conn.execute("COMMIT")


def ingest_bench(work: Path) -> None:
    bundles = max(1, INGEST_RECORDS // INGEST_BATCH)
    records = bundles * INGEST_BATCH
    print(f"# ingest: {records:,} versions in {bundles} bundles of {INGEST_BATCH}, approved device, default suite")
    registry = Registry.create(work / "registry", PASSPHRASE, operator="amina", name="Benchmark registry")
    try:
        device = Device()
        enrol_device(registry, device)
        to = recipient(registry)
        batches = [[make_version(device, seq=b * INGEST_BATCH + i + 1) for i in range(INGEST_BATCH)]
                   for b in range(bundles)]
        sealed: list[bytes] = []
        start = time.perf_counter()
        for batch in batches:
            out = io.BytesIO()
            seal_bundle(out, batch, device=device.signer, registry=to)
            sealed.append(out.getvalue())
        seal_rate = records / (time.perf_counter() - start)

        start = time.perf_counter()
        for data in sealed:
            ack = ingest_bundle(registry, io.BytesIO(data))
            assert len(ack.accepted) == INGEST_BATCH and not ack.conflicts
        our_rate = records / (time.perf_counter() - start)
    finally:
        registry.close()

    plain = _plain_db(work / "plain.db")
    start = time.perf_counter()
    for batch in batches:
        _plain_insert(plain, batch)
    plain_rate = records / (time.perf_counter() - start)
    plain.close()
    print(f"(sealing the bundles, in memory: {seal_rate:8.0f} records/s)")
    print(f"ingest (inspect, decrypt, verify, SQLCipher, audit, signed ack; 1 commit/bundle): "
          f"{our_rate:8.0f} records/s")
    print(f"ingest baseline (plain sqlite3, WAL, synchronous=FULL, 1 commit per {INGEST_BATCH} rows): "
          f"{plain_rate:8.0f} records/s")
    print(f"ingest ratio ours/baseline: {our_rate / plain_rate:.3f}")


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="intake-sync-bench-"))
    try:
        bundle_bench(work)
        ingest_bench(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
