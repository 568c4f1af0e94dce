"""Build the one-folder package of Field Intake for this OS (``make package``).

Run with the Python of the build environment (``build/package-venv``, installed
from ``packaging/requirements-build.txt`` with hashes). Steps:

1. stage the shipped data: every gettext catalog compiled with
   Babel, the receipt ``.po`` files (the receipt reads their ``#, draft``
   flags at run time) and, on Linux, a Chinese receipt font;
2. run PyInstaller on ``packaging/intake.spec`` with ``SOURCE_DATE_EPOCH``
   (the last commit's time) and ``PYTHONHASHSEED=0``, so two builds of one
   commit come out the same as far as PyInstaller allows;
3. add the installer files (Linux: desktop entry with its translations from
   the same catalogs, icon, ``install.sh``), a ``SHA256SUMS`` of every file,
   and a deterministic archive (``.tar.gz`` on Linux, ``.zip`` on Windows);
4. run the built ``intake-app --self-test`` and report the size.

Output: ``dist/field-intake-<version>-<os>-<arch>/`` and the archive beside it.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import os
import platform
import shlex
import shutil
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake_app import __version__  # noqa: E402 - the one place the version is written
from intake_app.i18n import TRANSLATED_LANGUAGES  # noqa: E402
from intake_app.paths import icon_file  # noqa: E402

PACKAGING = ROOT / "packaging"
WINDOWS = sys.platform == "win32"
#: Used when the source is not a git checkout (a release archive) and no SOURCE_DATE_EPOCH is set.
FALLBACK_EPOCH = 1767225600  # 2026-01-01T00:00:00Z
#: The Chinese font the Linux package carries (Debian's fonts-droid-fallback, Apache 2.0, 4 MB): PyPI has
#: no TrueType Chinese font, and a field laptop may have none (intake_app/receipts/system_fonts.py).
CJK_FONT = Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf")
CJK_FONT_COPYRIGHT = Path("/usr/share/doc/fonts-droid-fallback/copyright")


def package_name() -> str:
    system = {"win32": "windows", "darwin": "macos"}.get(sys.platform, sys.platform.rstrip("0123456789"))
    machine = platform.machine().lower().replace("amd64", "x86_64")
    return f"field-intake-{__version__}-{system}-{machine}"


def source_date_epoch() -> int:
    """``$SOURCE_DATE_EPOCH``, else the last commit's time, else a fixed date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True,
                             text=True, check=True, timeout=30).stdout.strip()
        return int(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        return FALLBACK_EPOCH


def stage_data(stage: Path) -> None:
    """The compiled translations as the app finds them next to its package (``intake_app.paths``)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    shutil.rmtree(stage, ignore_errors=True)
    for po in sorted((ROOT / "translations").glob("*/LC_MESSAGES/*.po")):
        target = stage / po.relative_to(ROOT).with_suffix(".mo")
        target.parent.mkdir(parents=True, exist_ok=True)
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parts[-3], domain=po.stem)
        # Same rule as the Makefile: interface drafts may be fuzzy, a fuzzy legal text never prints.
        with target.open("wb") as out:
            write_mo(out, catalog, use_fuzzy=po.stem == "intake")
        if po.stem == "receipt":
            shutil.copy2(po, target.with_suffix(".po"))


def stage_cjk_font(stage: Path) -> None:
    """Linux: the Chinese receipt font, with its copyright notice. Windows always has Microsoft YaHei."""
    if WINDOWS or sys.platform == "darwin":
        return
    if not CJK_FONT.is_file():
        raise SystemExit(f"The package needs a Chinese TrueType font for receipts: {CJK_FONT} is missing. "
                         "Install Debian's fonts-droid-fallback (make package does so when run as root).")
    (stage / "fonts").mkdir(parents=True, exist_ok=True)
    shutil.copy2(CJK_FONT, stage / "fonts" / CJK_FONT.name)
    if CJK_FONT_COPYRIGHT.is_file():
        shutil.copy2(CJK_FONT_COPYRIGHT, stage / "fonts" / "DroidSansFallback-copyright.txt")


def desktop_entry(stage: Path) -> str:
    """The Linux desktop entry, its Name and Comment translated from the interface catalogs."""
    import gettext

    out: list[str] = []
    for line in (PACKAGING / "linux" / "field-intake.desktop.in").read_text(encoding="utf-8").splitlines():
        out.append(line)
        key, sep, text = line.partition("=")
        if sep and key in ("Name", "Comment"):
            for lang in TRANSLATED_LANGUAGES:
                translated = gettext.translation("intake", str(stage / "translations"), [lang]).gettext(text)
                if translated != text:
                    out.append(f"{key}[{lang}]={translated}")
    return "\n".join(out) + "\n"


def run_pyinstaller(stage: Path, work: Path, dist: Path, name: str, epoch: int) -> Path:
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch), PYTHONHASHSEED="0", INTAKE_PACKAGE_STAGE=str(stage),
               INTAKE_PACKAGE_NAME=name, PYTHONDONTWRITEBYTECODE="1")
    env.pop("INTAKE_PACKAGE_ICON", None)
    if WINDOWS:
        env["INTAKE_PACKAGE_ICON"] = str(windows_icon(work))
    shutil.rmtree(dist / name, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "PyInstaller", str(PACKAGING / "intake.spec"), "--noconfirm", "--clean",
                    "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work)],
                   env=env, check=True, cwd=ROOT)
    return dist / name


def windows_icon(work: Path) -> Path:
    """A 256-pixel PNG of the SVG icon; PyInstaller turns it into the .ico (with Pillow)."""
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    work.mkdir(parents=True, exist_ok=True)
    app = QGuiApplication.instance() or QGuiApplication(["build", "-platform", "offscreen"])
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    QSvgRenderer(str(icon_file())).render(painter)
    painter.end()
    target = work / "field-intake.png"
    image.save(str(target))
    del app
    return target


def add_installer_files(folder: Path, stage: Path) -> None:
    shutil.copy2(icon_file(), folder / "field-intake.svg")
    shutil.copy2(PACKAGING / "INSTALL.txt", folder / "INSTALL.txt")
    if not WINDOWS:
        (folder / "field-intake.desktop").write_text(desktop_entry(stage), encoding="utf-8")
        shutil.copy2(PACKAGING / "linux" / "install.sh", folder / "install.sh")
        (folder / "install.sh").chmod(0o755)


def sign_programs(folder: Path, command: str) -> None:
    """Run the signing command on each program before checksums and archive are made (docs/packaging.md).

    ``command`` is the builder's own shell command with ``{file}`` where the program's path goes,
    e.g. ``signtool sign /fd SHA256 /tr http://timestamp.example /td SHA256 /sha1 THUMBPRINT {file}``.
    """
    quote = subprocess.list2cmdline if WINDOWS else shlex.join
    for name in ("intake-app", "intake"):
        program = folder / (name + ".exe" if WINDOWS else name)
        subprocess.run(command.replace("{file}", quote([str(program)])), shell=True, check=True)


def write_checksums(folder: Path) -> None:
    """``SHA256SUMS`` of every file, in ``sha256sum -c`` format, so an installed copy can be checked."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != "SHA256SUMS"):
        lines.append(f"{sha256_file(path)}  {path.relative_to(folder).as_posix()}")
    (folder / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")


def sha256_file(path: Path) -> str:
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def normalise_times(folder: Path, epoch: int) -> None:
    for path in [folder, *folder.rglob("*")]:
        os.utime(path, (epoch, epoch), follow_symlinks=False)


def make_archive(folder: Path, epoch: int) -> Path:
    """A byte-for-byte repeatable archive: sorted names, fixed times and owners, no gzip timestamp."""
    entries = sorted(folder.rglob("*"))
    return _zip_archive(folder, entries, epoch) if WINDOWS else _tar_archive(folder, entries, epoch)


def _zip_archive(folder: Path, entries: list[Path], epoch: int) -> Path:
    target = folder.with_name(folder.name + ".zip")
    stamp = time.gmtime(max(epoch, 315532800))[:6]  # zip dates start in 1980
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in entries:
            name = path.relative_to(folder.parent).as_posix() + ("/" if path.is_dir() else "")
            info = zipfile.ZipInfo(name, stamp)
            info.external_attr = (0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, b"" if path.is_dir() else path.read_bytes())
    return target


def _tar_archive(folder: Path, entries: list[Path], epoch: int) -> Path:
    """POSIX tar keeps PyInstaller's symbolic links (zip would turn them into copies)."""
    target = folder.with_name(folder.name + ".tar.gz")
    with (target.open("wb") as raw,
          gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
          tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as archive):
        for path in [folder, *entries]:
            info = archive.gettarinfo(str(path), arcname=path.relative_to(folder.parent).as_posix())
            info.mtime, info.uid, info.gid, info.uname, info.gname = epoch, 0, 0, "root", "root"
            info.mode = 0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644
            if info.isreg():
                with path.open("rb") as data:
                    archive.addfile(info, data)
            else:
                archive.addfile(info)
    return target


def size_report(folder: Path, archive: Path) -> str:
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    total = sum(p.stat().st_size for p in files)
    groups: dict[str, int] = {}
    internal = folder / "_internal"
    for path in files:
        rel = path.relative_to(internal).parts if path.is_relative_to(internal) else ("(top level)",)
        key = rel[0] if rel[0] != "PySide6" or len(rel) < 3 else "/".join(rel[:3])
        groups[key] = groups.get(key, 0) + path.stat().st_size
    lines = [f"Package {folder.name}: {total / 2**20:.1f} MiB in {len(files)} files; "
             f"archive {archive.name}: {archive.stat().st_size / 2**20:.1f} MiB",
             "Largest parts:"]
    for key, size in sorted(groups.items(), key=lambda item: -item[1])[:12]:
        lines.append(f"  {size / 2**20:7.1f} MiB  {key}")
    return "\n".join(lines)


def unlinked_libraries(folder: Path) -> list[str]:
    """Linux: bundled shared libraries that nothing in the package links (candidates for UNUSED_LIBRARIES).

    Python extensions, Qt plugins and the libraries loaded by path at run time (libpython,
    PDFium) are the roots; everything the roots link, directly or not, is in use.
    """
    import re

    if sys.platform != "linux" or not shutil.which("objdump"):
        return []
    elves = [p for p in (folder / "_internal").rglob("*") if p.is_file() and not p.is_symlink() and _is_elf(p)]
    by_name: dict[str, list[Path]] = {}
    for path in (folder / "_internal").rglob("*"):
        by_name.setdefault(path.name, []).append(path.resolve())
    needed = {}
    for path in elves:
        out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True, check=False).stdout
        needed[path.resolve()] = re.findall(r"^\s*NEEDED\s+(\S+)", out, re.MULTILINE)
    roots = [p.resolve() for p in elves if "/plugins/" in p.as_posix() or p.name.startswith(("libpython", "libpdfium"))
             or re.search(r"\.abi3\.so$|\.cpython-\d+.*\.so$", p.name)]
    used: set[Path] = set()
    while roots:
        path = roots.pop()
        if path not in used:
            used.add(path)
            roots.extend(target for name in needed.get(path, []) for target in by_name.get(name, []))
    return sorted(p.name for p in elves if p.resolve() not in used)


def _is_elf(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(4) == b"\x7fELF"


def self_test(folder: Path) -> int:
    """The built ``intake-app --self-test``; on Windows ``intake.exe self-test`` (the windowed program has no
    console to print to)."""
    program = folder / ("intake.exe" if WINDOWS else "intake-app")
    args = [str(program), "self-test"] if WINDOWS else [str(program), "--self-test"]
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return subprocess.run(args, env=env, check=False, timeout=300).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="where the package goes")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "package", help="PyInstaller's work folder")
    parser.add_argument("--no-self-test", action="store_true", help="do not run the built self-test")
    parser.add_argument("--sign-command", metavar="COMMAND",
                        help="shell command that signs one program, with {file} for its path (e.g. signtool)")
    args = parser.parse_args()
    # Absolute: the spec reads the stage folder, and PyInstaller resolves relative paths from packaging/.
    args.dist, args.work = args.dist.resolve(), args.work.resolve()
    epoch = source_date_epoch()
    name = package_name()
    started = time.monotonic()
    stage = args.work / "stage"
    stage_data(stage)
    stage_cjk_font(stage)
    folder = run_pyinstaller(stage, args.work / "pyinstaller", args.dist, name, epoch)
    add_installer_files(folder, stage)
    if args.sign_command:
        sign_programs(folder, args.sign_command)
    write_checksums(folder)
    normalise_times(folder, epoch)
    archive = make_archive(folder, epoch)
    print(f"Built in {time.monotonic() - started:.0f} s (SOURCE_DATE_EPOCH={epoch}, PYTHONHASHSEED=0)")
    print(size_report(folder, archive))
    print(f"SHA-256 {archive.name}: {sha256_file(archive)}")
    unlinked = unlinked_libraries(folder)
    if unlinked:
        print("Bundled libraries that nothing links (add them to UNUSED_LIBRARIES in intake.spec if no "
              "code loads them by name): " + ", ".join(unlinked))
    if args.no_self_test:
        return 0
    code = self_test(folder)
    print("Built package's self-test: " + ("passed" if code == 0 else f"FAILED (exit {code})"))
    return code


if __name__ == "__main__":
    raise SystemExit(main())
