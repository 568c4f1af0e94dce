"""Fixtures for the form widgets: a real store, a real session, a real ``UiContext``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.conftest import FakeClock


def _context(store, session, directory):
    from intake_app.settings import Settings
    from intake_app.ui.context import UiContext

    session.clock = FakeClock()  # 2026-11-23 09:30 UTC: the sample dates are valid "today"
    ctx = UiContext(store, Settings.in_dir(directory))
    ctx.start_session(session)
    return ctx


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """The interface language is process-wide: every test starts and ends in English."""
    from intake_app import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def ctx(qtbot, store, officer, tmp_path):
    return _context(store, officer, tmp_path / "settings")


@pytest.fixture
def monitor_ctx(qtbot, store, monitor, tmp_path):
    return _context(store, monitor, tmp_path / "settings")


@pytest.fixture
def asylum_editor(qtbot, ctx):
    return make_editor(qtbot, ctx, "asylum_application")


def make_editor(qtbot, ctx, form_id: str):
    from intake_app.ui.form import AttachmentAccess, FormEditor

    editor = FormEditor(ctx.session.forms.get(form_id), ctx, AttachmentAccess())
    qtbot.addWidget(editor)
    editor.resize(1366, 768)
    editor.show()
    qtbot.waitExposed(editor)
    return editor


def make_page(qtbot, ctx):
    from intake_app.ui.form import CapturePage

    page = CapturePage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


@pytest.fixture
def page(qtbot, ctx):
    return make_page(qtbot, ctx)


@pytest.fixture
def pending_translations():
    """The shipped catalogs (complete for kk and ru; kept as a fixture name the tests ask for)."""
    from intake_app import i18n

    return i18n.gettext_for
