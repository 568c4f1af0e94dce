"""Receipt numbers: unique across devices that never talk, readable over a phone.

Format ``DDDDDD-NNNNN-C`` (see docs/records.md):

* ``DDDDDD``: the device code, 30 random bits in Crockford base 32, drawn
  when the store is created (no letters I, L, O, U, so nothing is misread);
* ``NNNNN``: the device's own counter, decimal, at least five digits;
* ``C``: a Luhn mod 32 check character over the other characters, which
  catches any single wrong character and any swap of two adjacent ones.

Reading is forgiving: case, spaces and dashes are ignored, and I/L are read
as 1 and O as 0, as Crockford's alphabet intends.
"""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_ALIASES = str.maketrans({"I": "1", "L": "1", "O": "0"})
DEVICE_CODE_LENGTH = 6
MIN_SEQUENCE_DIGITS = 5


class InvalidReceiptNumber(ValueError):
    pass


def random_device_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(DEVICE_CODE_LENGTH))


def check_character(payload: str) -> str:
    """Luhn mod N (N = 32) check character for ``payload`` (Crockford characters)."""
    factor, total, n = 2, 0, len(ALPHABET)
    for char in reversed(payload):
        addend = factor * _VALUE[char]
        factor = 1 if factor == 2 else 2
        total += addend // n + addend % n
    return ALPHABET[(n - total % n) % n]


def format_receipt_number(device_code: str, sequence: int) -> str:
    if len(device_code) != DEVICE_CODE_LENGTH or any(c not in _VALUE for c in device_code):
        raise ValueError("bad device code")
    if sequence < 1:
        raise ValueError("sequence starts at 1")
    digits = f"{sequence:0{MIN_SEQUENCE_DIGITS}d}"
    return f"{device_code}-{digits}-{check_character(device_code + digits)}"


def _compact(text: str) -> str:
    """A typed receipt number without case, spaces or dashes, I/L read as 1 and O as 0."""
    return "".join(ch for ch in text.upper() if ch not in " -_.\t").translate(_ALIASES)


def normalize_receipt_number(text: str) -> str:
    """Canonical form of a typed receipt number, or :class:`InvalidReceiptNumber`."""
    compact = _compact(text)
    if len(compact) < DEVICE_CODE_LENGTH + MIN_SEQUENCE_DIGITS + 1 or any(c not in _VALUE for c in compact):
        raise InvalidReceiptNumber(text)
    code, digits, check = compact[:DEVICE_CODE_LENGTH], compact[DEVICE_CODE_LENGTH:-1], compact[-1]
    if not digits.isdigit() or check_character(code + digits) != check:
        raise InvalidReceiptNumber(text)
    return f"{code}-{digits}-{check}"


def completed_receipt_number(text: str) -> str | None:
    """The receipt number that ``text`` names without its padding and check character, e.g. "efwrr8 2".

    People read the device code and the number aloud and skip the zeros and the last character; this
    rebuilds the whole number (so the check character is ours, not checked). None if ``text`` has no
    such shape. A caller must treat the result as one guess among others: "Karimo 1985" has it too.
    """
    compact = _compact(text)
    code, digits = compact[:DEVICE_CODE_LENGTH], compact[DEVICE_CODE_LENGTH:]
    if len(code) < DEVICE_CODE_LENGTH or any(c not in _VALUE for c in code) or not digits.isdigit():
        return None
    if not 0 < int(digits) < 10 ** 12:
        return None
    return format_receipt_number(code, int(digits))


def looks_like_receipt_number(text: str) -> bool:
    try:
        normalize_receipt_number(text)
    except InvalidReceiptNumber:
        return False
    return True
