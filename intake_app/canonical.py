"""Canonical serialization and hashing of the data we sign or chain.

RFC 8785 (JSON Canonicalization Scheme) gives one byte string for a given JSON
value whatever the key order or whitespace, so a content hash computed on a
field device is recomputed identically at the registry. Floats are refused:
decimals travel as strings, so no rounding can change a hash.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import rfc8785


def _reject_floats(value: Any, path: str = "$") -> None:
    if isinstance(value, float):
        raise TypeError(f"float at {path}: use a decimal string")
    if isinstance(value, dict):
        for key, item in value.items():
            _reject_floats(item, f"{path}.{key}")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            _reject_floats(item, f"{path}[{index}]")


def canonical_json(value: Any) -> bytes:
    """The RFC 8785 bytes of ``value`` (dicts, lists, str, int, bool, None only)."""
    _reject_floats(value)
    return rfc8785.dumps(value)


def parse_canonical_object(data: bytes) -> dict[str, Any] | None:
    """The JSON object ``data`` holds, if ``data`` is exactly its RFC 8785 spelling; else ``None``.

    Signed and hashed documents are read so: one value has one spelling, and
    no other bytes are accepted for it.
    """
    try:
        value = json.loads(data.decode("utf-8"))
        ok = isinstance(value, dict) and canonical_json(value) == data
    except (ValueError, TypeError, RecursionError):
        return None
    return value if ok else None


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def content_hash(value: Any) -> str:
    """``sha256:<hex>`` of the canonical JSON of ``value``."""
    return "sha256:" + sha256_hex(canonical_json(value))
