"""Compare two package builds byte for byte and explain every difference (``make package-twice``).

A reproducible build is only a claim until two builds of one commit are compared. This script
walks two dist folders (each holding ``field-intake-<version>-<os>-<arch>/`` and its archive),
compares every file and symlink by SHA-256, and for each file that differs says why as far as
it can tell automatically: which members of a PyInstaller executable's embedded archive (and
which code objects in its PYZ), which ELF sections, which zip or tar members and whether only
their metadata, whether a ``.pyc`` header or body. It uses only the standard library and
PyInstaller's own archive readers, so it runs with the build environment's Python.

Exit status: 0 when the builds are identical, 1 when they differ, 2 when a folder is missing.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import hashlib
import io
import marshal
import os
import struct
import sys
import tarfile
import types
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when used, so the plain comparison also runs where PyInstaller is missing
    from PyInstaller.loader.pyimod01_archive import ZlibArchiveReader

#: The programs PyInstaller builds (packaging/intake.spec); their tail is a CArchive (PKG).
EXECUTABLES = frozenset({"intake-app", "intake", "intake-app.exe", "intake.exe"})
#: How many differing members, sections or lines to name per file before summarising the rest.
MAX_ITEMS = 15
#: Text files up to this size get a line diff.
MAX_TEXT_DIFF = 2 * 2**20
#: Fields of a code object that marshal writes; compared one by one to say what changed.
CODE_FIELDS = ("co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals", "co_stacksize", "co_flags",
               "co_code", "co_names", "co_varnames", "co_freevars", "co_cellvars", "co_filename", "co_name",
               "co_qualname", "co_firstlineno", "co_linetable", "co_exceptiontable")

#: Member metadata that can differ while the content is the same.
ZIP_FIELDS = ("date_time", "external_attr", "compress_type", "extra", "comment", "create_system", "flag_bits")
TAR_FIELDS = ("size", "mode", "mtime", "uid", "gid", "uname", "gname", "type", "linkname", "pax_headers")


@dataclass
class Entry:
    """One file or symlink of a build, as far as comparing needs it."""

    kind: str  # "file" or "symlink"
    size: int
    digest: str  # SHA-256 of the content, or of the link target
    target: str | None = None  # symlinks only


@dataclass
class Difference:
    """A path whose bytes differ between the builds, with the reasons found."""

    path: str
    size_first: int | None
    size_second: int | None
    reasons: list[str] = field(default_factory=list)


@dataclass
class Report:
    """The result of one comparison, as printed."""

    first: str
    second: str
    files_compared: int = 0
    identical: int = 0
    differences: list[Difference] = field(default_factory=list)
    only_in_first: list[str] = field(default_factory=list)
    only_in_second: list[str] = field(default_factory=list)

    @property
    def builds_identical(self) -> bool:
        return not (self.differences or self.only_in_first or self.only_in_second)


# --- walking and hashing ---------------------------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    """Streamed, so the large Qt libraries are never held in memory just to be hashed."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def scan(root: Path) -> dict[str, Entry]:
    """Every file and symlink under ``root`` by POSIX relative path; symlinks are not followed."""
    entries: dict[str, Entry] = {}
    for folder, dirnames, filenames in os.walk(root):
        for name in sorted(dirnames + filenames):
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if path.is_symlink():
                target = os.readlink(path)
                entries[rel] = Entry("symlink", len(target), hashlib.sha256(target.encode()).hexdigest(), target)
            elif path.is_file():
                entries[rel] = Entry("file", path.stat().st_size, sha256_file(path))
    return entries


# --- helpers for explanations ----------------------------------------------------------------------------------------


def capped(items: list[str], what: str = "more") -> list[str]:
    """At most MAX_ITEMS lines, so one badly differing file does not bury the rest of the report."""
    if len(items) <= MAX_ITEMS:
        return items
    return [*items[:MAX_ITEMS], f"... and {len(items) - MAX_ITEMS} {what}"]


def short(value: object, limit: int = 80) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def first_difference(a: bytes, b: bytes) -> str:
    """Where two byte strings first part, and how many bytes differ when they are the same length."""
    limit = min(len(a), len(b))
    offset = next((i for i in range(limit) if a[i] != b[i]), limit)
    text = f"first difference at byte {offset} (0x{offset:x})"
    if len(a) == len(b):
        changed = sum(x != y for x, y in zip(a, b, strict=True))
        text += f"; {changed} byte(s) differ, same length"
    return text


# --- Python code objects and .pyc files ------------------------------------------------------------------------------


def tuple_change(a: tuple[object, ...], b: tuple[object, ...]) -> str:
    """Name what was added and removed between two tuples of names, rather than printing both."""
    added = [x for x in b if x not in a]
    removed = [x for x in a if x not in b]
    if not added and not removed:
        return "same items, different order"
    return "; ".join(part for part in (f"added {short(added)}" if added else "",
                                       f"removed {short(removed)}" if removed else "") if part)


def code_differences(a: types.CodeType, b: types.CodeType, where: str = "") -> list[str]:
    """Which fields of which (nested) code objects differ; the path names functions and classes."""
    where = f"{where}.{a.co_name}" if where else a.co_name
    found = []
    for name in CODE_FIELDS:
        value_a, value_b = getattr(a, name, None), getattr(b, name, None)
        if value_a == value_b:
            continue
        if isinstance(value_a, tuple) and isinstance(value_b, tuple):
            detail = f": {tuple_change(value_a, value_b)}"
        elif isinstance(value_a, str | int):
            detail = f": {short(value_a)} != {short(value_b)}"
        else:
            detail = ""
        found.append(f"{where}: {name} differs{detail}")
    # Nested code objects (functions, classes, comprehensions) are matched by name, other constants by value.
    nested_a = {c.co_qualname: c for c in a.co_consts if isinstance(c, types.CodeType)}
    nested_b = {c.co_qualname: c for c in b.co_consts if isinstance(c, types.CodeType)}
    found += [f"{where}: {name} only in first" for name in nested_a if name not in nested_b]
    found += [f"{where}: {name} only in second" for name in nested_b if name not in nested_a]
    for name, code_a in nested_a.items():
        if name in nested_b:
            found.extend(code_differences(code_a, nested_b[name], where))
    plain_a = [c for c in a.co_consts if not isinstance(c, types.CodeType)]
    plain_b = [c for c in b.co_consts if not isinstance(c, types.CodeType)]
    if len(plain_a) != len(plain_b):
        dumped_b = [marshal.dumps(c) for c in plain_b]
        dumped_a = [marshal.dumps(c) for c in plain_a]
        added = [c for c, d in zip(plain_b, dumped_b, strict=True) if d not in dumped_a]
        removed = [c for c, d in zip(plain_a, dumped_a, strict=True) if d not in dumped_b]
        found.append(f"{where}: constants added {short(added)}, removed {short(removed)}")
        return found
    for const_a, const_b in zip(plain_a, plain_b, strict=True):
        if type(const_a) is not type(const_b) or marshal.dumps(const_a) != marshal.dumps(const_b):
            note = ""
            if isinstance(const_a, frozenset) and const_a == const_b:
                note = " (same set, different iteration order: string hashing differed)"
            found.append(f"{where}: constant {short(const_a)} != {short(const_b)}{note}")
    return found


def marshalled_code_differences(a: bytes, b: bytes) -> list[str]:
    """Explain two differing marshalled code objects (PYZ entries, PKG scripts, .pyc bodies)."""
    try:
        code_a, code_b = marshal.loads(a), marshal.loads(b)
    except (EOFError, ValueError, TypeError) as error:
        return [f"cannot unmarshal ({error}); {first_difference(a, b)}"]
    if not (isinstance(code_a, types.CodeType) and isinstance(code_b, types.CodeType)):
        return [f"marshalled {type(code_a).__name__} differs; {first_difference(a, b)}"]
    found = code_differences(code_a, code_b)
    if any(": co_code differs" in line for line in found):
        return ["compiled from different source (the source file changed between the builds, or is generated)",
                *found]
    if found:
        return found
    return ["code objects are equal field by field; only marshal's encoding differs (reference flags, which "
            "depend on reference counts at compile time, or interning)"]


def explain_pyc(a: bytes, b: bytes) -> list[str]:
    """A .pyc is a 16-byte header (magic, flags, mtime+size or source hash) and a marshalled code object."""
    if len(a) < 16 or len(b) < 16:
        return ["truncated .pyc"]
    found = []
    if a[:4] != b[:4]:
        found.append(f"magic number differs: {a[:4].hex()} != {b[:4].hex()}")
    flags_a, flags_b = struct.unpack("<I", a[4:8])[0], struct.unpack("<I", b[4:8])[0]
    if flags_a != flags_b:
        found.append(f"header flags differ: {flags_a} != {flags_b} (0 = timestamp, 1/3 = hash-based)")
    if a[8:16] != b[8:16]:
        if flags_a & 1:
            found.append(f"header source hash differs: {a[8:16].hex()} != {b[8:16].hex()}")
        else:
            mtime_a, size_a = struct.unpack("<II", a[8:16])
            mtime_b, size_b = struct.unpack("<II", b[8:16])
            if mtime_a != mtime_b:
                found.append(f"header source mtime differs: {mtime_a} != {mtime_b}")
            if size_a != size_b:
                found.append(f"header source size differs: {size_a} != {size_b}")
    if a[16:] != b[16:]:
        found.append("body (code object) differs:")
        found.extend("  " + line for line in capped(marshalled_code_differences(a[16:], b[16:])))
    else:
        found.append("body (code object) identical: only the header differs")
    return found


# --- ELF -------------------------------------------------------------------------------------------------------------


def elf_sections(data: bytes) -> list[tuple[str, int, int, int]] | None:
    """(name, type, offset, size) of every section, read from the section header table; None if not ELF."""
    if data[:4] != b"\x7fELF" or len(data) < 64:
        return None
    bits, order = data[4], "<" if data[5] == 1 else ">"
    if bits == 2:
        shoff, = struct.unpack_from(order + "Q", data, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", data, 0x3A)
        header = order + "IIQQQQIIQQ"
    else:
        shoff, = struct.unpack_from(order + "I", data, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", data, 0x2E)
        header = order + "IIIIIIIIII"
    raw = [struct.unpack_from(header, data, shoff + i * shentsize) for i in range(shnum)]
    if not raw or shstrndx >= len(raw):
        return []
    strtab = data[raw[shstrndx][4]: raw[shstrndx][4] + raw[shstrndx][5]]

    def name(offset: int) -> str:
        return strtab[offset: strtab.index(b"\0", offset)].decode("ascii", "replace")

    return [(name(s[0]), s[1], s[4], s[5]) for s in raw]


def gnu_build_id(data: bytes, sections: list[tuple[str, int, int, int]]) -> str | None:
    """The GNU build-id (hex), read from the ``.note.gnu.build-id`` note, if there is one."""
    for name, _type, offset, size in sections:
        if name == ".note.gnu.build-id" and size >= 16:
            namesz, descsz = struct.unpack_from("<II", data, offset)
            start = offset + 12 + (namesz + 3) // 4 * 4
            return data[start: start + descsz].hex()
    return None


def explain_elf(a: bytes, b: bytes) -> list[str]:
    """Which ELF sections differ, so "only the build-id" is told apart from real code changes."""
    sections_a, sections_b = elf_sections(a), elf_sections(b)
    if sections_a is None or sections_b is None:
        return ["not both ELF"]
    NOBITS = 8
    by_name_a = {s[0]: s for s in sections_a}
    by_name_b = {s[0]: s for s in sections_b}
    found = [f"section only in first: {n}" for n in by_name_a if n not in by_name_b]
    found += [f"section only in second: {n}" for n in by_name_b if n not in by_name_a]
    differing = []
    for name, (_n, kind, offset_a, size_a) in by_name_a.items():
        if name not in by_name_b or kind == NOBITS:
            continue
        _n, _k, offset_b, size_b = by_name_b[name]
        if a[offset_a: offset_a + size_a] != b[offset_b: offset_b + size_b]:
            differing.append(name or "(null)")
            size_note = f"{size_a} bytes" if size_a == size_b else f"{size_a} != {size_b} bytes"
            found.append(f"section {name or '(null)'} differs ({size_note})")
    build_ids = gnu_build_id(a, sections_a), gnu_build_id(b, sections_b)
    if build_ids[0] != build_ids[1]:
        found.append(f"GNU build-id {build_ids[0]} != {build_ids[1]}")
    if differing == [".note.gnu.build-id"]:
        found.append("only the build-id note differs: the code and data sections are identical")
    elif not differing and not found:
        found.append("all sections identical: only headers or layout (offsets, section table) differ")
    return found


# --- PyInstaller executables -----------------------------------------------------------------------------------------


def explain_pyinstaller_executable(path_a: Path, path_b: Path, a: bytes, b: bytes) -> list[str]:
    """Open both embedded CArchives (and their PYZ) with PyInstaller's readers and list differing members."""
    try:
        from PyInstaller.archive.readers import CArchiveReader
        from PyInstaller.loader.pyimod01_archive import ArchiveReadError
    except ImportError:
        return ["PyInstaller is not importable here: run with build/package-venv/bin/python for details"]
    try:
        pkg_a, pkg_b = CArchiveReader(str(path_a)), CArchiveReader(str(path_b))
    except (ArchiveReadError, OSError, struct.error) as error:
        return [f"no readable PyInstaller archive ({error})"]
    found: list[str] = []
    if pkg_a.options != pkg_b.options:
        found.append(f"run-time options differ: {pkg_a.options} != {pkg_b.options}")
    found += [f"PKG member only in first: {n}" for n in pkg_a.toc if n not in pkg_b.toc]
    found += [f"PKG member only in second: {n}" for n in pkg_b.toc if n not in pkg_a.toc]
    common = [n for n in pkg_a.toc if n in pkg_b.toc]
    if [n for n in pkg_a.toc if n in pkg_b.toc] != [n for n in pkg_b.toc if n in pkg_a.toc]:
        found.append("PKG members are stored in a different order")
    member_diffs = 0
    for name in common:
        typecode = pkg_a.toc[name][-1]
        data_a, data_b = pkg_a.extract(name), pkg_b.extract(name)
        if data_a == data_b:
            if pkg_a.toc[name][1:4] != pkg_b.toc[name][1:4]:
                found.append(f"PKG member {name}: same content, stored differently (compression)")
            continue
        member_diffs += 1
        if typecode == "z":
            found.extend(explain_pyz(pkg_a.open_embedded_archive(name), pkg_b.open_embedded_archive(name), name))
        elif typecode in ("s", "m", "M"):
            found.append(f"PKG member {name} (type {typecode!r}, code) differs:")
            found.extend("  " + line for line in capped(marshalled_code_differences(data_a, data_b)))
        else:
            found.append(f"PKG member {name} (type {typecode!r}) differs: {first_difference(data_a, data_b)}")
    if not member_diffs and not found:
        found.append("every PKG member is identical: the archive's table of contents or layout differs")
    pkg_bytes_a, pkg_bytes_b = pkg_a.raw_pkg_data(), pkg_b.raw_pkg_data()
    outside_a, outside_b = a.replace(pkg_bytes_a, b"", 1), b.replace(pkg_bytes_b, b"", 1)
    if outside_a == outside_b:
        found.append("the bootloader (everything outside the embedded archive) is identical")
    else:
        # On Linux the archive is the ELF section "pydata": when its size changes, so do the offsets after it.
        elf = [line for line in explain_elf(a, b) if "pydata" not in line and "only headers" not in line]
        if elf or a[:4] != b"\x7fELF":
            found.append("outside the embedded archive (bootloader, headers) the bytes differ:")
            found.extend("  " + line for line in elf)
        else:
            note = "" if len(pkg_bytes_a) == len(pkg_bytes_b) else f" ({len(pkg_bytes_a)} != {len(pkg_bytes_b)} bytes)"
            found.append("the bootloader's ELF sections are identical; only the ELF header and section table "
                         f"differ, because the embedded archive (section pydata) changed size{note}")
    return found


def explain_pyz(pyz_a: ZlibArchiveReader, pyz_b: ZlibArchiveReader, name: str) -> list[str]:
    """Which modules of two PYZ archives differ, and in which code objects."""
    toc_a: dict[str, tuple[int, int, int]] = pyz_a.toc
    toc_b: dict[str, tuple[int, int, int]] = pyz_b.toc
    found = [f"{name}: module only in first: {m}" for m in toc_a if m not in toc_b]
    found += [f"{name}: module only in second: {m}" for m in toc_b if m not in toc_a]
    differing = []
    for module in toc_a:
        if module not in toc_b:
            continue
        raw_a, raw_b = pyz_a.extract(module, raw=True), pyz_b.extract(module, raw=True)
        if raw_a != raw_b:
            differing.append(module)
            found.append(f"{name}: module {module} differs:")
            found.extend("  " + line for line in capped(marshalled_code_differences(raw_a, raw_b)))
    if not differing:
        order = [m for m in toc_a if m in toc_b] != [m for m in toc_b if m in toc_a]
        found.append(f"{name}: all {len(toc_a)} modules identical; "
                     + ("their order differs" if order else "the PYZ table of contents or compression differs"))
    else:
        found.insert(0, f"{name}: {len(differing)} of {len(toc_a)} modules differ: " + ", ".join(differing[:40]))
    return found


# --- zip and tar archives --------------------------------------------------------------------------------------------


def explain_zip(a: bytes, b: bytes) -> list[str]:
    """Which zip members differ in content and which only in metadata (timestamps, attributes, order)."""
    zip_a, zip_b = zipfile.ZipFile(io.BytesIO(a)), zipfile.ZipFile(io.BytesIO(b))
    infos_a = {i.filename: i for i in zip_a.infolist()}
    infos_b = {i.filename: i for i in zip_b.infolist()}
    found = [f"member only in first: {n}" for n in infos_a if n not in infos_b]
    found += [f"member only in second: {n}" for n in infos_b if n not in infos_a]
    if [n for n in infos_a if n in infos_b] != [n for n in infos_b if n in infos_a]:
        found.append("members are stored in a different order")
    content: list[str] = []
    metadata: list[str] = []
    changed_attributes: set[str] = set()
    for member, info_a in infos_a.items():
        info_b = infos_b.get(member)
        if info_b is None:
            continue
        data_a, data_b = zip_a.read(member), zip_b.read(member)
        if data_a != data_b:
            detail = explain_pyc(data_a, data_b) if member.endswith(".pyc") else [first_difference(data_a, data_b)]
            content.append(f"member {member} content differs: " + "; ".join(detail[:4]))
        changed = [attr for attr in ZIP_FIELDS if getattr(info_a, attr) != getattr(info_b, attr)]
        if data_a == data_b and info_a.compress_size != info_b.compress_size:
            changed.append("compressed size")
        changed_attributes.update(changed)
        if changed:
            stamp = f" ({info_a.date_time} != {info_b.date_time})" if "date_time" in changed else ""
            metadata.append(f"member {member}: {', '.join(changed)} differ{stamp}")
    found += capped(content, "more members with different content")
    found += capped(metadata, "more members with different metadata")
    if not content and changed_attributes == {"date_time"}:
        found.append("only member timestamps differ: the contents are identical")
    elif not content and not found:
        found.append("all members identical: the zip's own headers or comment differ")
    return found


def explain_tar_gz(a: bytes, b: bytes, folder_identical: bool | None) -> list[str]:
    """Gzip header, then tar members: names, order and metadata (mtime, owner, mode, PAX headers).

    Member contents are not read again: they are the package folder's files, compared one by one above.
    """
    found = []
    if a[:10] != b[:10]:
        found.append(f"gzip header differs: {a[:10].hex()} != {b[:10].hex()} (bytes 4-7 are the gzip mtime)")
    raw_a, raw_b = gzip.decompress(a), gzip.decompress(b)
    if raw_a == raw_b:
        return [*found, "the uncompressed tar is identical: only the gzip stream differs (header or zlib)"]
    with tarfile.open(fileobj=io.BytesIO(raw_a)) as tar_a, tarfile.open(fileobj=io.BytesIO(raw_b)) as tar_b:
        members_a = {m.name: m for m in tar_a.getmembers()}
        members_b = {m.name: m for m in tar_b.getmembers()}
    found += [f"member only in first: {n}" for n in members_a if n not in members_b]
    found += [f"member only in second: {n}" for n in members_b if n not in members_a]
    if [n for n in members_a if n in members_b] != [n for n in members_b if n in members_a]:
        found.append("members are stored in a different order")
    metadata = []
    for name, member_a in members_a.items():
        member_b = members_b.get(name)
        changed = [attr for attr in TAR_FIELDS if member_b is not None
                   and getattr(member_a, attr) != getattr(member_b, attr)]
        if changed:
            metadata.append(f"member {name}: {', '.join(changed)} differ")
    found += capped(metadata, "more members with different metadata")
    if folder_identical:
        found.append("every file of the package folder is identical, yet the archive differs: tar metadata differs")
    elif folder_identical is False:
        found.append("the archive differs because the packaged files differ (see above)")
    return found


# --- text and dispatch -----------------------------------------------------------------------------------------------


def explain_text(a: bytes, b: bytes) -> list[str] | None:
    """A line diff for small UTF-8 files (SHA256SUMS names exactly the files that differ); None if binary."""
    if max(len(a), len(b)) > MAX_TEXT_DIFF or b"\0" in a[:8192] or b"\0" in b[:8192]:
        return None
    try:
        lines_a, lines_b = a.decode().splitlines(), b.decode().splitlines()
    except UnicodeDecodeError:
        return None
    diff = [line for line in difflib.unified_diff(lines_a, lines_b, "first", "second", lineterm="", n=0)
            if not line.startswith(("---", "+++", "@@"))]
    return capped([f"line: {line}" for line in diff], "more changed lines") or ["only line endings differ"]


def explain(path_a: Path, path_b: Path, folder_identical: bool | None) -> list[str]:
    """Pick the explanation that fits the file: executable, ELF, zip, tar.gz, text, else bytes."""
    a, b = path_a.read_bytes(), path_b.read_bytes()
    name = path_a.name
    reasons: list[str] = []
    if name in EXECUTABLES:
        reasons = explain_pyinstaller_executable(path_a, path_b, a, b)
    elif a[:4] == b[:4] == b"\x7fELF":
        reasons = explain_elf(a, b)
    elif name.endswith(".tar.gz"):
        reasons = explain_tar_gz(a, b, folder_identical)
    elif a[:4] == b[:4] == b"PK\x03\x04":
        reasons = explain_zip(a, b)
        if name.endswith(".zip") and folder_identical:
            reasons.append("every file of the package folder is identical, yet the archive differs: zip metadata")
    else:
        reasons = explain_text(a, b) or []
    return reasons or [first_difference(a, b)]


# --- comparing and reporting -----------------------------------------------------------------------------------------


def compare(first: Path, second: Path) -> Report:
    """Hash both trees, then explain each path whose bytes differ."""
    entries_a, entries_b = scan(first), scan(second)
    report = Report(str(first), str(second))
    report.only_in_first = sorted(set(entries_a) - set(entries_b))
    report.only_in_second = sorted(set(entries_b) - set(entries_a))
    common = sorted(set(entries_a) & set(entries_b))
    report.files_compared = len(common)
    differing = [rel for rel in common if entries_a[rel].digest != entries_b[rel].digest
                 or entries_a[rel].kind != entries_b[rel].kind]
    report.identical = len(common) - len(differing)
    archives = (".tar.gz", ".zip")
    # An archive's verdict depends on whether its folder's files all matched.
    folders_differing = {rel.split("/", 1)[0] for rel in differing + report.only_in_first + report.only_in_second
                         if "/" in rel}
    for rel in differing:
        entry_a, entry_b = entries_a[rel], entries_b[rel]
        difference = Difference(rel, entry_a.size, entry_b.size)
        folder = next((rel[: -len(s)] for s in archives if rel.endswith(s) and "/" not in rel), None)
        folder_identical = None if folder is None else folder not in folders_differing
        if entry_a.kind != entry_b.kind:
            difference.reasons = [f"a {entry_a.kind} in first, a {entry_b.kind} in second"]
        elif entry_a.kind == "symlink":
            difference.reasons = [f"symlink target differs: {entry_a.target} != {entry_b.target}"]
        else:
            try:
                difference.reasons = explain(first / rel, second / rel, folder_identical)
            except Exception as error:  # an explanation is a bonus; the verdict stands without it
                difference.reasons = [f"could not analyse ({type(error).__name__}: {error})"]
        report.differences.append(difference)
    return report


def render(report: Report) -> Iterable[str]:
    """The human-readable report, differing files first in path order."""
    yield f"Comparing {report.first} with {report.second}"
    yield (f"{report.files_compared} files compared: {report.identical} identical, {len(report.differences)} "
           f"differ; {len(report.only_in_first)} only in first, {len(report.only_in_second)} only in second")
    for rel in report.only_in_first:
        yield f"ONLY IN FIRST  {rel}"
    for rel in report.only_in_second:
        yield f"ONLY IN SECOND {rel}"
    for difference in report.differences:
        yield f"DIFFERS {difference.path} ({difference.size_first} vs {difference.size_second} bytes)"
        for reason in difference.reasons:
            yield f"    {reason}"
    yield "RESULT: the builds are identical" if report.builds_identical else "RESULT: the builds differ"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("first", type=Path, help="dist folder of the first build")
    parser.add_argument("second", type=Path, help="dist folder of the second build")
    args = parser.parse_args(argv)
    for folder in (args.first, args.second):
        if not folder.is_dir():
            print(f"error: {folder} is not a folder", file=sys.stderr)
            return 2
    report = compare(args.first, args.second)
    for line in render(report):
        print(line)
    return 0 if report.builds_identical else 1


if __name__ == "__main__":
    raise SystemExit(main())
