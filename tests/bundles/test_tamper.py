"""Any change to a bundle is refused with the right code, before anything is handed to the caller.

The bundles here use 1 KiB chunks, so that a small file has many chunks.
"""

from __future__ import annotations

import io
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intake_app.bundles import BundleError, RegistryKey, open_bundle
from intake_app.protocol.suites import MLKEM768_X25519, X25519
from tests.bundles.helpers import (SEEKABLE, Device, NonSeekable, Parts, Staging, attachment, flip, make_version,
                                  pattern, seal)

#: Read forward only, the sections cannot be hashed before decrypting: the chunk's GCM tag catches it first.
FORWARD_ONLY = dict(SEEKABLE, section={"chunk"})


class Sample:
    def __init__(self, suite_id: str) -> None:
        self.device = Device()
        self.key = RegistryKey.generate(suite_id)
        scan = attachment(pattern(3000, seed=7))          # 3 chunks of 1 KiB
        photo = attachment(pattern(1024, seed=8), "image/jpeg")  # exactly one full chunk
        empty = attachment(b"")
        self.versions = [make_version(self.device, seq=1, attachments=[scan, empty]),
                         make_version(self.device, seq=2, attachments=[photo],
                                      data={"claim_summary": "Persecuted for his opinions. " * 60})]
        self.data = seal(self.device, self.key, self.versions, chunk_size=1024)
        self.regions = Parts.of(self.data).regions()

    def region(self, offset: int) -> str:
        name = next(name for name, start, end in self.regions if start <= offset < end)
        return "section" if name.startswith("section") else name

    def open(self, data: bytes, *, forward_only: bool = False, sink: Staging | None = None, **kwargs):
        stream = NonSeekable(data) if forward_only else io.BytesIO(data)
        kwargs.setdefault("registry_keys", self.key)
        kwargs.setdefault("device_key", self.device.lookup)
        return open_bundle(stream, on_attachment=sink, **kwargs)


@cache
def sample(suite_id: str = X25519) -> Sample:
    return Sample(suite_id)


def _refused(bundle: Sample, data: bytes, **kwargs) -> tuple[str, Staging]:
    staging = Staging()
    with pytest.raises(BundleError) as caught:
        bundle.open(data, sink=staging, **kwargs)
    return caught.value.code, staging


def test_the_untouched_sample_opens():
    bundle = sample()
    assert len(bundle.open(bundle.data).versions) == 2
    assert [name for name, _start, _end in bundle.regions].count("section 2 chunk 2") == 1


def test_flipping_any_byte_is_refused_before_anything_is_decrypted():
    """Every offset of the file, seekable input: refused by the header, the signature or the section hashes."""
    bundle = sample()
    for offset in range(len(bundle.data)):
        code, staging = _refused(bundle, flip(bundle.data, offset))
        assert code in SEEKABLE[bundle.region(offset)], (offset, bundle.region(offset), code)
        assert staging.refs == [], offset


def test_flipping_any_byte_of_a_section_read_forward_only_fails_its_chunk():
    bundle = sample()
    sections = Parts.of(bundle.data).manifest["sections"]
    assert len(sections) == 5
    for name, start, end in bundle.regions[5:]:
        section = sections[int(name.split()[1])]
        for offset in (start, (start + end) // 2, end - 1):  # first byte, middle, last byte of the tag
            code, staging = _refused(bundle, flip(bundle.data, offset), forward_only=True)
            assert code == "chunk", (name, offset, code)
            if section["type"] == "attachment" and section["size"]:
                assert len(staging.received.get(section["id"], b"")) < section["size"], "handed over whole"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(suite_id=st.sampled_from([X25519, MLKEM768_X25519]), where=st.floats(0, 1, exclude_max=True),
       mask=st.integers(1, 255), forward_only=st.booleans())
def test_property_any_change_anywhere_is_refused_with_its_region_code(suite_id, where, mask, forward_only):
    bundle = sample(suite_id)
    offset = int(where * len(bundle.data))
    code, staging = _refused(bundle, flip(bundle.data, offset, mask), forward_only=forward_only)
    assert code in (FORWARD_ONLY if forward_only else SEEKABLE)[bundle.region(offset)]
    if not forward_only:
        assert staging.refs == []


def test_a_bundle_cut_anywhere_is_truncated():
    bundle = sample()
    for length in range(len(bundle.data)):
        code, staging = _refused(bundle, bundle.data[:length])
        assert code == "truncated", length
        assert staging.refs == []
    for length in (1, 100, len(bundle.data) - 17, len(bundle.data) - 1):
        assert _refused(bundle, bundle.data[:length], forward_only=True)[0] == "truncated"


def test_data_after_the_end_is_refused():
    bundle = sample()
    for extra in (b"\x00", b"more data" * 100):
        assert _refused(bundle, bundle.data + extra) == ("trailing_data", Staging())
        assert _refused(bundle, bundle.data + extra, forward_only=True)[0] == "trailing_data"


def test_chunks_reordered_or_swapped_are_refused():
    bundle = sample()
    parts = Parts.of(bundle.data)
    scan = parts.sections[2]  # the 3-chunk attachment (sections: 2 documents, then attachments)
    assert len(scan) == 3
    reordered = Parts.of(bundle.data)
    reordered.sections[2] = [scan[1], scan[0], scan[2]]
    plain = (b"".join(b"".join(c) for c in [*parts.sections[:2], reordered.sections[2], *parts.sections[3:]]))
    spliced = bundle.data[:len(bundle.data) - len(plain)] + plain
    # as an outsider can do it: the section hash in the signed manifest no longer matches
    assert _refused(bundle, spliced)[0] == "section_hash"
    assert _refused(bundle, spliced, forward_only=True)[0] == "chunk"
    # even re-signed by the device itself (hashes updated), GCM refuses a chunk out of place
    assert _refused(bundle, reordered.resign(bundle.device))[0] == "chunk"
    # a full chunk moved into another section of the same size
    swapped = Parts.of(bundle.data)
    swapped.sections[4] = [scan[0]]  # the photo: one full 1 KiB chunk
    assert _refused(bundle, swapped.resign(bundle.device))[0] == "chunk"


def test_dropping_the_last_chunk_is_refused_even_with_a_matching_manifest():
    """STREAM's final-chunk flag: the chunk that is now last was not sealed as the last one."""
    bundle = sample()
    parts = Parts.of(bundle.data)
    assert len(parts.sections[1]) == 3  # the second version's document: three chunks
    parts.sections[1] = parts.sections[1][:2]
    parts.manifest["sections"][1].update(size=2048, encrypted_size=2048 + 32)
    assert _refused(bundle, parts.resign(bundle.device))[0] == "chunk"
    # an attachment cut short is caught even earlier: its size is in the signed version document
    parts = Parts.of(bundle.data)
    scan_id = parts.manifest["sections"][2]["id"]
    parts.sections[2] = parts.sections[2][:2]
    parts.manifest["sections"][2].update(size=2048, encrypted_size=2048 + 32)
    for entry in parts.manifest["versions"]:
        for ref in entry["attachments"]:
            if ref["id"] == scan_id:
                ref["size"] = 2048
    assert _refused(bundle, parts.resign(bundle.device))[0] == "mismatch"


def test_sections_swapped_between_bundles_or_keys_moved_are_refused():
    bundle = sample()
    other = seal(bundle.device, bundle.key, bundle.versions, chunk_size=1024)  # same content, new bundle
    theirs = Parts.of(other)
    ours = Parts.of(bundle.data)
    ours.sections = theirs.sections  # their sections under our data key
    assert _refused(bundle, ours.resign(bundle.device))[0] == "chunk"
    moved = Parts.of(bundle.data)
    moved.manifest["encryption"]["sealed_key"] = theirs.manifest["encryption"]["sealed_key"]
    assert _refused(bundle, moved.resign(bundle.device))[0] == "key"  # HPKE info names the bundle
    renamed = Parts.of(other)
    renamed.manifest["bundle_id"] = ours.manifest["bundle_id"]
    assert _refused(bundle, renamed.resign(bundle.device))[0] == "key"


def test_wrong_registry_key():
    bundle = sample()
    assert _refused(bundle, bundle.data, registry_keys=RegistryKey.generate(X25519))[0] == "wrong_registry"
    assert _refused(bundle, bundle.data, registry_keys=[])[0] == "wrong_registry"
    impostor = RegistryKey(X25519, bundle.key.key_id, RegistryKey.generate(X25519).private_key)
    assert _refused(bundle, bundle.data, registry_keys=impostor)[0] == "key"
    hybrid = RegistryKey(MLKEM768_X25519, bundle.key.key_id, RegistryKey.generate(MLKEM768_X25519).private_key)
    assert _refused(bundle, bundle.data, registry_keys=hybrid)[0] == "wrong_registry"  # key id and suite must match


def test_unknown_device_and_a_forged_signature():
    bundle = sample()
    code, _staging = _refused(bundle, bundle.data, device_key=lambda device_id: None)
    assert code == "unknown_device"
    stranger = Device()
    assert _refused(bundle, bundle.data, device_key=lambda device_id: stranger.public)[0] == "signature"
    assert _refused(bundle, Parts.of(bundle.data).resign(stranger))[0] == "signature"
    raw = bundle.device.public.public_bytes_raw()
    assert len(bundle.open(bundle.data, device_key=lambda device_id: raw).versions) == 2  # raw keys do too


def test_a_changed_manifest_field_is_refused_even_when_signed():
    """The device's own signature does not make a manifest acceptable: every field is checked."""
    bundle = sample()
    changes = {
        "format": lambda m: m.update(format="intake-bundle/2"),
        "extra field": lambda m: m.update(note="x"),
        "sections order": lambda m: m["sections"].reverse(),
        "encrypted size": lambda m: m["sections"][0].update(encrypted_size=m["sections"][0]["encrypted_size"] + 1),
        "chunk size": lambda m: m["encryption"].update(chunk_size=512),
        "key id": lambda m: m["registry"].update(key_id="XYZ"),
        "signature b64": lambda m: m["versions"][0].update(device_signature="AAAA"),
        "version zero": lambda m: m["versions"][0].update(version=0),
        "version twice": lambda m: m["versions"].append(dict(m["versions"][0])),
        "time": lambda m: m.update(created_at="2026-11-23T09:30:00+05:00"),
        "bool size": lambda m: m["sections"][0].update(size=True),
    }
    for name, change in changes.items():
        parts = Parts.of(bundle.data)
        change(parts.manifest)
        assert _refused(bundle, parts.resign(bundle.device))[0] == "malformed", name
    parts = Parts.of(bundle.data)
    parts.manifest["encryption"]["suite"] = "X448/HKDF-SHA512/AES-256-GCM"
    assert _refused(bundle, parts.resign(bundle.device))[0] == "suite"
    parts = Parts.of(bundle.data)
    parts.manifest["sections"][3]["size"] = 2 ** 40
    assert _refused(bundle, parts.resign(bundle.device))[0] == "too_large"
