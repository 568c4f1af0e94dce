"""Fixtures for the records screens: a UI context on a real store, sample records, pending translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_app.records import lifecycle
from intake_app.records.reading import get_record
from tests.records.sample import application, visit, write_scan

HERE = Path(__file__).resolve().parent


def make_context(store, session, tmp_path):
    from intake_app.settings import Settings
    from intake_app.ui.context import UiContext

    ctx = UiContext(store, Settings.in_dir(tmp_path / "settings"))
    ctx.start_session(session)
    return ctx


@pytest.fixture
def ctx(store, officer, clock, tmp_path):
    context = make_context(store, officer, tmp_path)
    yield context
    context.lock()  # screens drop their rows before the session's connection closes
    context.set_language("en", remember=False)


@pytest.fixture
def monitor_ctx(store, monitor, clock, tmp_path):
    context = make_context(store, monitor, tmp_path)
    yield context
    context.lock()
    context.set_language("en", remember=False)


@pytest.fixture
def records(officer, clock, tmp_path):
    """Abdullaev (amended), Uyghur-script Abdulla (submitted), Karimov (void), Nazarov (draft)."""
    scan = write_scan(tmp_path / "input")
    ids = {}
    for key, original, latin, passport in (
            ("abdullaev", "Абдуллаев Рустам", "Abdullaev Rustam", "N1234567"),
            ("abdulla", "ئابدۇللا ئەركىن", "Abdulla Erkin", "N7654321"),
            ("karimov", "Karimov Jasur", "Karimov Jasur", "N5555555")):
        data = application(original, latin, passport=passport)
        record_id = lifecycle.create_draft(officer, "asylum_application", data, files=[("application_scan", scan)])
        lifecycle.submit(officer, record_id)
        clock.advance(600)
        ids[key] = record_id
    data = dict(get_record(officer, ids["abdullaev"]).current.data, name_latin="Abdullayev Rustam")
    lifecycle.amend(officer, ids["abdullaev"], data, "Latin spelling as in the passport")
    clock.advance(600)
    lifecycle.void(officer, ids["karimov"], "Registered twice")
    clock.advance(600)
    ids["nazarov"] = lifecycle.create_draft(officer, "asylum_application", {"name_original": "Назаров Тимур"},
                                            strict=False)
    return ids


@pytest.fixture
def visit_record(monitor, clock):
    return lifecycle.create_draft(monitor, "detention_visit", visit("Юсупов Азиз"))


@pytest.fixture
def pending_translations():
    """The shipped catalogs (complete for kk and ru; kept as a fixture name the tests ask for)."""
    from intake_app import i18n

    return i18n.gettext_for


def cell(model, row, column, role=None):
    """What the model holds for a cell, asked in Python.

    Not ``index.data()``: with PySide6 6.12 abi3 wheels on CPython 3.11 an empty answer comes back
    as ``None`` with a reference too few, and enough of them crash the interpreter.
    """
    from PySide6.QtCore import Qt

    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole if role is None else role)


def all_texts(model) -> str:
    """Every text the model would show, row by row, for checks that no personal data is left."""
    return "\n".join(str(cell(model, row, column) or "") for row in range(model.rowCount())
                     for column in range(model.columnCount()))
