"""Where things live: the device's data dir, the shipped forms and catalogs."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "FieldIntake"
ENV_DATA_DIR = "INTAKE_DATA_DIR"
ENV_FORMS_DIR = "INTAKE_FORMS_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent


def is_packaged() -> bool:
    """Whether this is the packaged app (PyInstaller) rather than a source or pip install."""
    return bool(getattr(sys, "frozen", False))


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The store's directory: ``--data-dir``, else ``$INTAKE_DATA_DIR``, else the platform's."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_DATA_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False, roaming=False))


def forms_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Form definitions shipped with the app (``forms/`` beside the package in a source tree)."""
    if override:
        return Path(override).expanduser().resolve()
    env = os.environ.get(ENV_FORMS_DIR)
    if env:
        return Path(env).expanduser().resolve()
    return _resource_dir("forms")


def translations_dir() -> Path:
    """Compiled gettext catalogs (``translations/<lang>/LC_MESSAGES/intake.mo``)."""
    return _resource_dir("translations")


def bundled_fonts_dir() -> Path:
    """Fonts that only the packaged app carries (a Chinese TrueType font); absent in a source tree."""
    return _resource_dir("fonts")


def icon_file() -> Path:
    """The application icon (SVG), shipped inside the package; the Linux package also installs it."""
    return _PACKAGE_DIR / "ui" / "resources" / "field-intake.svg"


def _resource_dir(name: str) -> Path:
    # Source tree and editable installs: the top-level directory. Frozen builds
    # (PyInstaller) put data files next to the package under the same name.
    for candidate in (_SOURCE_ROOT / name, _PACKAGE_DIR / name):
        if candidate.is_dir():
            return candidate
    return _SOURCE_ROOT / name


def external_program_env() -> dict[str, str] | None:
    """Environment for system programs (``lp``, ``fc-list``); ``None`` means inherit ours unchanged.

    In the packaged app on Linux, PyInstaller's loader puts the package's own
    libraries first on ``LD_LIBRARY_PATH`` (keeping the user's value in
    ``LD_LIBRARY_PATH_ORIG``); a system program started with that path would
    load our copies of libraries it was not built against.
    """
    if not is_packaged():
        return None
    env = dict(os.environ)
    original = env.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        env["LD_LIBRARY_PATH"] = original
    else:
        env.pop("LD_LIBRARY_PATH", None)
    return env
