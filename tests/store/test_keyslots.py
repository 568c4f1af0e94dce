"""Key slots: the database key wrapped per user under Argon2id + AES-GCM."""

from __future__ import annotations

import pytest

from intake_app.database import keyslots


def test_slot_opens_with_its_passphrase_only():
    key = keyslots.new_database_key()
    slot = keyslots.seal(key, store_id="s1", username="aigerim", passphrase="a long passphrase")
    assert keyslots.open_slot(slot, store_id="s1", passphrase="a long passphrase") == key
    with pytest.raises(keyslots.WrongPassphrase):
        keyslots.open_slot(slot, store_id="s1", passphrase="a long passphrasE")


def test_slot_is_bound_to_user_and_store():
    key = keyslots.new_database_key()
    slot = keyslots.seal(key, store_id="s1", username="aigerim", passphrase="a long passphrase")
    renamed = keyslots.KeySlot("admin", slot.kdf, slot.nonce, slot.wrapped_key)
    with pytest.raises(keyslots.WrongPassphrase):
        keyslots.open_slot(renamed, store_id="s1", passphrase="a long passphrase")
    with pytest.raises(keyslots.WrongPassphrase):
        keyslots.open_slot(slot, store_id="s2", passphrase="a long passphrase")


@pytest.mark.real_argon2id
def test_kdf_parameters_are_stored_and_at_least_64_mib():
    slot = keyslots.seal(keyslots.new_database_key(), store_id="s", username="u", passphrase="pw pw pw pw")
    raw = slot.to_json()
    assert raw["kdf"]["alg"] == "argon2id"
    assert raw["kdf"]["memory_kib"] >= 64 * 1024
    assert keyslots.KeySlot.from_json(raw) == slot
    weakened = dict(raw, kdf=dict(raw["kdf"], memory_kib=1024))
    with pytest.raises(ValueError):
        keyslots.KeySlot.from_json(weakened)


def test_same_key_wrapped_twice_looks_different():
    key = keyslots.new_database_key()
    a = keyslots.seal(key, store_id="s", username="u", passphrase="pw pw pw pw")
    b = keyslots.seal(key, store_id="s", username="u", passphrase="pw pw pw pw")
    assert a.kdf.salt != b.kdf.salt and a.wrapped_key != b.wrapped_key
