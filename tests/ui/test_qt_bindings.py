"""The installed Qt bindings must not leak references to None (PySide6 6.12.0 on CPython 3.11 does,
and the interpreter aborts after a few thousand calls: the app would crash in the field)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication


def test_void_calls_keep_references_to_none(qapp: QApplication):
    obj = QObject()
    before = sys.getrefcount(None)
    for _ in range(2000):
        obj.setObjectName("x")
        qapp.processEvents()
    assert abs(sys.getrefcount(None) - before) < 100
