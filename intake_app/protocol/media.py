"""Removable media: many sealed bundles in one file, and a file of signed acknowledgements back.

Container (``intake export``), all integers unsigned big-endian::

    magic   8 bytes   89 46 49 4D 0D 0A 1A 0A   ("\\x89FIM\\r\\n\\x1a\\n": Field Intake Media)
    version 2 bytes   00 01
    count   4 bytes   number of bundles
    count × (length 8 bytes, then that many bytes: one bundle, exactly as uploaded over HTTP)

Nothing else: a byte after the last bundle is refused. The bundles are
encrypted and signed as they are (docs/bundle-format.md); the container
adds no protection and needs none: the registry checks each bundle as if it
had been uploaded. :func:`write_media` / :func:`read_media` are used by both
sides (the registry imports ``read_media``).

Acknowledgements come back as a JSON list of signed acknowledgements
(``intake_app.bundles.ack`` format); a single object is accepted too.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.safe_io import read_file

MAGIC = b"\x89FIM\r\n\x1a\n"
VERSION = 1
_HEAD = struct.Struct(">8sHI")
_LENGTH = struct.Struct(">Q")
#: a reader refuses a container that declares more bundles than this
MAX_BUNDLES = 100_000


class MediaError(UserError):
    """The file is not a well-formed bundle container."""


def write_media(out: BinaryIO, bundles: Iterable[tuple[int, Callable[[], Iterable[bytes]]]], count: int) -> None:
    """Write ``count`` bundles, each given as (size, function returning its bytes in pieces)."""
    out.write(_HEAD.pack(MAGIC, VERSION, count))
    written = 0
    for size, pieces in bundles:
        out.write(_LENGTH.pack(size))
        total = 0
        for piece in pieces():
            out.write(piece)
            total += len(piece)
        if total != size:
            raise ValueError("a bundle's bytes do not have its stated size")
        written += 1
    if written != count:
        raise ValueError("the number of bundles differs from the count written")


class BundleSlice:
    """One bundle of a container, read in place (a read-only file object bounded to its length)."""

    def __init__(self, source: BinaryIO, length: int) -> None:
        self._source, self.length, self._left = source, length, length

    def read(self, size: int = -1) -> bytes:
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._source.read(size)
        if len(data) != size:
            raise MediaError(_("The bundle file is cut short."))
        self._left -= size
        return data

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def skip(self) -> None:
        while self._left:
            self.read(min(self._left, 1024 * 1024))


def read_media(source: BinaryIO) -> Iterator[BundleSlice]:
    """The bundles of a container, in order. Read (or skip) each before asking for the next."""
    head = source.read(_HEAD.size)
    if len(head) != _HEAD.size:
        raise MediaError(_("This is not a Field Intake bundle file."))
    magic, version, count = _HEAD.unpack(head)
    if magic != MAGIC or version != VERSION or count > MAX_BUNDLES:
        raise MediaError(_("This is not a Field Intake bundle file."))
    for _index in range(count):
        raw = source.read(_LENGTH.size)
        if len(raw) != _LENGTH.size:
            raise MediaError(_("The bundle file is cut short."))
        piece = BundleSlice(source, _LENGTH.unpack(raw)[0])
        yield piece
        piece.skip()
    if source.read(1):
        raise MediaError(_("The bundle file has bytes after its last bundle."))


def read_ack_file(path: Path) -> list[Any]:
    """The acknowledgement objects in a file (a JSON list, or one object); not yet verified."""
    raw = read_file(path)
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise UserError(_("“{path}” is not a file of acknowledgements.").format(path=path)) from None
    return value if isinstance(value, list) else [value]
