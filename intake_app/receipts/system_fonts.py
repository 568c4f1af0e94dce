"""Where a Chinese font may be found on this machine.

PyPI has no Chinese font that reportlab can embed (Noto Sans CJK and Source
Han Sans are CFF-outline OpenType; reportlab embeds only TrueType outlines),
so a source install uses the machine's: Windows and macOS always have a
TrueType Chinese font, and on Linux one is a package away
(``fonts-wqy-zenhei``, ``fonts-droid-fallback``). The packaged app carries
Droid Sans Fallback (Apache 2.0, 4 MB, from Debian's ``fonts-droid-fallback``)
and tries it first, so field laptops print Chinese receipts without one.
This module only lists candidates in order of preference;
:mod:`intake_app.receipts.fonts` loads the first that works.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from intake_app import paths

#: Families in order of preference: simplified-Chinese sans serif first (the written form in Xinjiang).
PREFERRED_FAMILIES = (
    "Microsoft YaHei", "PingFang SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Droid Sans Fallback",
    "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Heiti SC", "STHeiti", "Hiragino Sans GB", "SimSun",
    "Arial Unicode MS", "AR PL UMing CN", "AR PL UKai CN",
)
_REGULAR_STYLES = ("Regular", "Book", "Normal", "Medium", "W3", "Light")

#: Files that hold a TrueType Chinese font in a default install (subfont 0 is the one to use).
_WINDOWS_FILES = ("msyh.ttc", "msyh.ttf", "simhei.ttf", "simsun.ttc")
_MAC_FILES = (
    "/System/Library/Fonts/PingFang.ttc", "/System/Library/Fonts/STHeiti Light.ttc",
    "/System/Library/Fonts/STHeiti Medium.ttc", "/System/Library/Fonts/Hiragino Sans GB.ttc",
    "/System/Library/Fonts/Supplemental/Arial Unicode.ttf", "/Library/Fonts/Arial Unicode.ttf",
)
_LINUX_FILES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/wqy-zenhei/wqy-zenhei.ttc", "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/google-droid-sans-fonts/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


def cjk_font_hint() -> str:
    """The Chinese font to name when none is found: one that this platform has or can install."""
    if sys.platform == "win32":
        return "Microsoft YaHei"
    if sys.platform == "darwin":
        return "PingFang SC"
    return "WenQuanYi Zen Hei"


def _rank(family: str, style: str) -> tuple[int, int]:
    names = [name.strip() for name in family.split(",")]
    rank = min((PREFERRED_FAMILIES.index(n) for n in names if n in PREFERRED_FAMILIES), default=len(PREFERRED_FAMILIES))
    return rank, 0 if any(s in style for s in _REGULAR_STYLES) else 1


def _fontconfig() -> list[tuple[Path, int]]:
    """TrueType fonts that fontconfig says support Chinese, best first (CFF ones are left out)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        out = subprocess.run([fc_list, "-f", "%{file}\t%{index}\t%{family}\t%{style}\t%{fontformat}\n", ":lang=zh"],
                             capture_output=True, text=True, timeout=10, check=False,
                             env=paths.external_program_env()).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    found = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 5 or parts[4] != "TrueType" or not parts[1].isdigit():
            continue
        found.append((_rank(parts[2], parts[3]), parts[0], int(parts[1])))
    return [(Path(path), index) for _rank_, path, index in sorted(found)]


def _bundled() -> list[tuple[Path, int]]:
    """The packaged app's own Chinese font, first: field laptops may have none (docs/packaging.md)."""
    folder = paths.bundled_fonts_dir()
    if not folder.is_dir():
        return []
    return [(path, 0) for path in sorted(folder.iterdir()) if path.suffix.lower() in (".ttf", ".ttc")]


def _known_files() -> list[tuple[Path, int]]:
    if sys.platform == "win32":
        folders = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
        if local := os.environ.get("LOCALAPPDATA"):
            folders.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        files = [folder / name for folder in folders for name in _WINDOWS_FILES]
    elif sys.platform == "darwin":
        files = [Path(name) for name in _MAC_FILES]
    else:
        files = [Path(name) for name in _LINUX_FILES]
    return [(path, 0) for path in files if path.is_file()]


def cjk_candidates() -> Iterator[tuple[Path, int]]:
    """(file, subfont index) of fonts that may cover Chinese, best first; they still need checking.

    Lazy: the caller stops at the first that works, so the packaged app, whose own font comes first,
    never asks fontconfig.
    """
    seen: set[tuple[Path, int]] = set()
    for source in (_bundled, _fontconfig, _known_files):
        for candidate in source():
            if candidate not in seen:
                seen.add(candidate)
                yield candidate
