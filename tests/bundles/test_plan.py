"""Splitting a queue into bundles: the maximum is respected, order is kept, sizes are exact."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intake_app.bundles import DEFAULT_MAX_BUNDLE_BYTES, Limits, RegistryKey, bundle_size, plan_bundles
from intake_app.protocol.suites import MLKEM768_X25519, X25519
from tests.bundles.helpers import Device, attachment, generated_attachment, make_version, open_bytes, pattern, seal

DEVICE = Device()
KEYS = {suite: RegistryKey.generate(suite) for suite in (MLKEM768_X25519, X25519)}


def _sealed_size(versions, key, **kwargs) -> int:
    return len(seal(DEVICE, key, list(versions), **kwargs))


@pytest.mark.parametrize("suite", sorted(KEYS))
def test_the_size_of_a_bundle_is_known_exactly_before_sealing(suite):
    key = KEYS[suite]
    shared = attachment(pattern(70_000, seed=1))
    queue = [make_version(DEVICE, seq=1, attachments=[shared, attachment(b"")]),
             make_version(DEVICE, seq=2, attachments=[shared]),
             make_version(DEVICE, seq=3)]
    recipient = key.recipient("registry-test")
    for count in (1, 2, 3):
        assert bundle_size(queue[:count], registry=recipient) == _sealed_size(queue[:count], key)
        assert bundle_size(queue[:count]) >= _sealed_size(queue[:count], key)  # a bound for any registry
    assert bundle_size(queue, registry=recipient, chunk_size=1024) == _sealed_size(queue, key, chunk_size=1024)


def test_a_long_queue_is_split_in_order_and_each_bundle_respects_the_maximum():
    key = KEYS[MLKEM768_X25519]
    queue = [make_version(DEVICE, seq=n, attachments=[attachment(pattern(300_000, seed=n))]) for n in range(1, 31)]
    bundles = plan_bundles(queue, 1024 * 1024, registry=key.recipient("registry-test"))
    assert [v for bundle in bundles for v in bundle] == queue
    assert len(bundles) == 10  # three 300 kB scans fit in 1 MiB, four do not
    for bundle in bundles:
        assert _sealed_size(bundle, key) <= 1024 * 1024
    assert all(len(open_bytes(seal(DEVICE, key, list(b)), DEVICE, key).versions) == len(b) for b in bundles[:2])


def test_a_version_larger_than_the_maximum_goes_alone():
    key = KEYS[X25519]
    big = generated_attachment(5 * 1024 * 1024, seed=3)
    queue = [make_version(DEVICE, seq=1), make_version(DEVICE, seq=2, attachments=[big]), make_version(DEVICE, seq=3),
             make_version(DEVICE, seq=4)]
    bundles = plan_bundles(queue, DEFAULT_MAX_BUNDLE_BYTES, registry=key.recipient("registry-test"))
    assert [len(b) for b in bundles] == [1, 1, 2]
    assert bundles[1] == (queue[1],)
    assert bundle_size(bundles[1], registry=key.recipient("registry-test")) > DEFAULT_MAX_BUNDLE_BYTES
    assert plan_bundles([], 1000) == []
    assert [len(b) for b in plan_bundles(queue, 10)] == [1, 1, 1, 1]  # nothing fits: one version per bundle


def test_bundles_stay_within_the_readers_counts():
    queue = [make_version(DEVICE, seq=n) for n in range(1, 8)]
    assert [len(b) for b in plan_bundles(queue, 10 ** 9, limits=Limits(max_versions=3))] == [3, 3, 1]
    with_scans = [make_version(DEVICE, seq=n, attachments=[attachment(bytes([n]) * 10, "image/png"),
                                                            attachment(bytes([n]) * 11, "image/png")])
                  for n in range(1, 5)]
    assert [len(b) for b in plan_bundles(with_scans, 10 ** 9, limits=Limits(max_attachments=5))] == [2, 2]


@settings(max_examples=40, deadline=None)
@given(sizes=st.lists(st.lists(st.integers(0, 150_000), max_size=3, unique=True), min_size=1, max_size=12),
       max_bytes=st.integers(5_000, 600_000), shared=st.booleans())
def test_property_every_planned_bundle_fits_unless_it_holds_one_version(sizes, max_bytes, shared):
    key = KEYS[X25519]
    common = attachment(pattern(1000, seed=99))
    queue = [make_version(DEVICE, seq=n + 1, attachments=[attachment(pattern(s, seed=100 * n + i))
                                                          for i, s in enumerate(item)] + ([common] if shared else []))
             for n, item in enumerate(sizes)]
    recipient = key.recipient("registry-test")
    bundles = plan_bundles(queue, max_bytes, registry=recipient)
    assert [v for bundle in bundles for v in bundle] == queue
    for index, bundle in enumerate(bundles):
        size = _sealed_size(bundle, key)
        assert size == bundle_size(bundle, registry=recipient)
        assert size <= max_bytes or len(bundle) == 1
        if index + 1 < len(bundles):  # greedy: the next version did not fit
            assert bundle_size(bundle + bundles[index + 1][:1], registry=recipient) > max_bytes
