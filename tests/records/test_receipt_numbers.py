"""Receipt numbers: format, check character, forgiving reading."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from intake_app.protocol.receipt_numbers import (
    ALPHABET, InvalidReceiptNumber, format_receipt_number, normalize_receipt_number, random_device_code)

codes = st.text(alphabet=ALPHABET, min_size=6, max_size=6)


def test_format_example():
    number = format_receipt_number("7KQM4R", 42)
    assert number.startswith("7KQM4R-00042-") and len(number) == 14


@given(codes, st.integers(min_value=1, max_value=10**7))
def test_round_trip_and_forgiving_reading(code, seq):
    number = format_receipt_number(code, seq)
    assert normalize_receipt_number(number) == number
    sloppy = number.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    assert normalize_receipt_number(sloppy) == number


@given(codes, st.integers(min_value=1, max_value=99999), st.data())
def test_any_single_wrong_character_is_caught(code, seq, data):
    number = format_receipt_number(code, seq).replace("-", "")
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    replacement = data.draw(st.sampled_from([c for c in ALPHABET if c != number[position]]))
    typo = number[:position] + replacement + number[position + 1:]
    with pytest.raises(InvalidReceiptNumber):
        normalize_receipt_number(typo)


def test_adjacent_swaps_are_caught():
    number = format_receipt_number("7KQM4R", 1234).replace("-", "")
    for i in range(len(number) - 1):
        if number[i] != number[i + 1]:
            swapped = number[:i] + number[i + 1] + number[i] + number[i + 2:]
            with pytest.raises(InvalidReceiptNumber):
                normalize_receipt_number(swapped)


def test_device_codes_are_random_and_valid():
    seen = {random_device_code() for _ in range(200)}
    assert len(seen) == 200
    assert all(len(c) == 6 and set(c) <= set(ALPHABET) for c in seen)


def test_two_devices_never_share_numbers():
    a = {format_receipt_number("AAAAAA", n) for n in range(1, 500)}
    b = {format_receipt_number("AAAAAB", n) for n in range(1, 500)}
    assert not a & b
    assert len(list(itertools.chain(a, b))) == 998
