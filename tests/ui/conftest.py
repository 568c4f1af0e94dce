"""Fixtures the desktop tests share: the live registry server of the sync tests."""

from tests.sync.conftest import live  # noqa: F401 - a fixture reused as it is
