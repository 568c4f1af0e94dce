"""The live registry server of the sync tests, for the desktop sync panel."""

from tests.sync.conftest import live  # noqa: F401 - a fixture reused as it is
