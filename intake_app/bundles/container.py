"""The container: the fixed header, and exact reads and writes on file-like objects.

::

    offset      size  field
    0           8     magic 89 46 49 42 0D 0A 1A 0A  ("\\x89FIB\\r\\n\\x1a\\n")
    8           2     format version, uint16 big-endian: 1
    10          4     manifest length M, uint32 big-endian (1 .. the reader's cap)
    14          M     manifest (RFC 8785 JSON, UTF-8)
    14+M        64    Ed25519 signature over SIGNING_DOMAIN || manifest
    78+M        ...   the encrypted sections, in manifest order, back to back; then the end of the file
"""

from __future__ import annotations

import struct
from typing import BinaryIO

from intake_app.bundles import errors

#: Like PNG's: a high byte (no text file starts so), CR LF and LF (caught if a transfer rewrites line ends), ^Z.
MAGIC = b"\x89FIB\r\n\x1a\n"
FORMAT_VERSION = 1
HEADER = struct.Struct(">8sHI")
HEADER_BYTES = HEADER.size  # 14
_BLOCK = 1024 * 1024


def header(manifest_length: int) -> bytes:
    return HEADER.pack(MAGIC, FORMAT_VERSION, manifest_length)


class Output:
    """Writes every byte it is given (looping over short writes) and counts them."""

    def __init__(self, sink: BinaryIO) -> None:
        self._sink = sink
        self.written = 0

    def write(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            count = self._sink.write(view)
            count = len(view) if count is None else count
            if count <= 0:
                raise OSError("the output accepted no bytes")
            view = view[count:]
        self.written += len(data)


class Input:
    """Exact reads from a file-like object; a short read is ``truncated``, with the offset it stopped at."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self.offset = 0

    def read_upto(self, size: int) -> bytes:
        """``size`` bytes, or fewer only at the end of the file."""
        parts = []
        remaining = size
        while remaining:
            part = self._source.read(min(remaining, _BLOCK))
            if not part:
                break
            parts.append(part)
            remaining -= len(part)
            self.offset += len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def read_exact(self, size: int, **context: object) -> bytes:
        data = self.read_upto(size)
        if len(data) != size:
            raise errors.truncated(offset=self.offset, **context)
        return data

    def expect_end(self) -> None:
        if self._source.read(1):
            raise errors.trailing_data()

    def seekable(self) -> bool:
        try:
            return bool(self._source.seekable())
        except (AttributeError, OSError, ValueError):
            return False

    def seek(self, offset: int, position: int) -> None:
        """Go back to file position ``position``, which was read offset ``offset``."""
        self._source.seek(position)
        self.offset = offset

    def tell(self) -> int:
        return int(self._source.tell())

    def read_header(self, max_manifest_bytes: int) -> tuple[bytes, bytes]:
        """The manifest bytes and the signature, after checking magic, version and length."""
        magic = self.read_upto(len(MAGIC))
        if magic != MAGIC:
            if len(magic) < len(MAGIC) and MAGIC.startswith(magic):  # the empty file too
                raise errors.truncated(offset=self.offset)
            raise errors.not_a_bundle()
        version, length = struct.unpack(">HI", self.read_exact(6))
        if version != FORMAT_VERSION:
            raise errors.unknown_version(version)
        if length == 0:
            raise errors.malformed("manifest length is zero")
        if length > max_manifest_bytes:
            raise errors.too_large("manifest", size=length)
        return self.read_exact(length), self.read_exact(64)
