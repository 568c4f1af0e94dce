"""Where things live: the device's data dir, the shipped forms and catalogs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "FieldIntake"
ENV_DATA_DIR = "INTAKE_DATA_DIR"
ENV_FORMS_DIR = "INTAKE_FORMS_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent


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


def _resource_dir(name: str) -> Path:
    # Source tree and editable installs: the top-level directory. Frozen builds
    # (PyInstaller) put data files next to the package under the same name.
    for candidate in (_SOURCE_ROOT / name, _PACKAGE_DIR / name):
        if candidate.is_dir():
            return candidate
    return _SOURCE_ROOT / name
