"""Canary names in five scripts, and a scan of files for them in every encoding they could leak in.

Shared by the source workflow (tests/security/test_no_plaintext.py) and the packaged one
(tests/packaging/test_package.py).
"""

from __future__ import annotations

import json
from pathlib import Path

CANARIES = {
    "Cyrl": "Жанғабылқызы Қарлығаш",
    "Latn": "Xudoyberdiyeva Oʻgʻiloy",
    "Arab": "تۇرسۇنجان ئىمىنوۋ",
    "Hani": "艾尔肯吐尔逊",
    "Geor": "ზურაბ გელაშვილი",
}
LATIN_SPELLINGS = {"Cyrl": "Zhangabylkyzy Karlygash", "Arab": "Tursunjan Iminow", "Hani": "Aierken Tuerxun",
                   "Geor": "Zurab Gelashvili", "Latn": "Xudoyberdiyeva Ogiloy"}


def _needles() -> dict[bytes, str]:
    needles: dict[bytes, str] = {}
    for script, name in CANARIES.items():
        for word in name.split():
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                needles[word.encode(encoding)] = f"{script} {encoding}"
            needles[json.dumps(word)[1:-1].encode("ascii")] = f"{script} json-escaped"
    for script, latin in LATIN_SPELLINGS.items():
        for word in latin.split():
            needles[word.encode("utf-8")] = f"{script} latin"
            needles[word.encode("utf-16-le")] = f"{script} latin utf-16"
    return needles


def find_plaintext_names(roots: list[Path], since: float, skip: list[Path] | None = None) -> list[str]:
    """Files under ``roots`` written since ``since`` that hold a canary name, with how it was written.

    Files under a folder in ``skip`` are passed over, except in a root inside that folder.
    """
    needles = _needles()
    found = []
    seen: set[Path] = set()
    for root in roots:
        passed_over = [folder for folder in skip or [] if not root.is_relative_to(folder)]
        for path in root.rglob("*"):
            try:
                if path in seen or any(path.is_relative_to(folder) for folder in passed_over):
                    continue
                if not path.is_file() or path.stat().st_mtime < since - 1:
                    continue
                seen.add(path)
                if path.stat().st_size > 300 * 1024 * 1024:
                    continue
                content = path.read_bytes()
            except OSError:
                continue
            if b"LATIN_SPELLINGS = {" in content:
                continue  # a copy of this module's source (an editor or shell buffer), not a leak
            for needle, what in needles.items():
                if needle in content:
                    found.append(f"{path}: {what}")
    return found
