"""What the screens share, passed to each explicitly (no global main window).

``UiContext`` holds the store, the settings, the unlocked session (if any)
and the signals screens listen to: a language switch, a lock or unlock, a
change of records. Screens render and call core services with
``ctx.session``; none of them reaches into another.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, Qt, QTranslator, Signal
from PySide6.QtWidgets import QApplication

from intake_app import i18n
from intake_app.errors import UserError
from intake_app.settings import Settings
from intake_app.ui.standard_buttons import ButtonTextTranslator

if TYPE_CHECKING:
    from intake_app.session import Session
    from intake_app.store.store import Store
    from intake_app.ui.tasks import Progress

#: Languages written right to left (for applicant-facing views).
RTL_LANGUAGES = frozenset({"ug", "fa", "prs", "ps", "ar", "ur", "he"})


class UiContext(QObject):
    language_changed = Signal(str)
    session_started = Signal()
    session_locked = Signal()
    records_changed = Signal()

    def __init__(self, store: Store, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.settings = settings
        self._session: Session | None = None
        self._work: list[Progress] = []
        self.tasks_started = 0  # store tasks started in this context (what tests count)
        self._qt_translator: QTranslator | None = None

    # -- session ----------------------------------------------------------

    @property
    def session(self) -> Session:
        if self._session is None:
            raise UserError(i18n._("The store is locked."))
        return self._session

    @property
    def unlocked(self) -> bool:
        return self._session is not None

    def start_session(self, session: Session) -> None:
        self._session = session
        self.session_started.emit()

    def lock(self) -> None:
        """Close the session; screens hide personal data on ``session_locked``.

        Work started with ``run_store_task`` is abandoned first: it is told to
        cancel and nothing it still returns reaches a screen. It runs on its
        own fork of the session, so closing this one cannot harm it, and what it
        commits before it notices the cancel stays committed (nothing is lost).
        """
        if self._session is not None:
            session, self._session = self._session, None
            for work in self._work:
                work.abandon()
            self.session_locked.emit()
            session.close()

    def adopt_work(self, work: Progress) -> None:
        """Track background store work until it ends, so a lock can abandon it (``run_store_task``).

        Tracked by its ``Progress``, which the worker thread marks ended, not by
        a Qt object: the screen that started the work may be deleted first.
        """
        self._work = [running for running in self._work if not running.ended]
        self._work.append(work)
        self.tasks_started += 1

    @property
    def running_tasks(self) -> int:
        """Store work whose function has not returned yet (abandoned work included)."""
        return sum(1 for work in self._work if not work.ended)

    # -- language ---------------------------------------------------------

    @property
    def language(self) -> str:
        return i18n.current_language()

    def set_language(self, lang: str, *, remember: bool = True) -> None:
        """Switch every visible text at run time: our catalogs, Qt's own, and the layout direction."""
        lang = i18n.normalize_language(lang)
        i18n.set_language(lang)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            if self._qt_translator is not None:
                app.removeTranslator(self._qt_translator)
            # Standard buttons named from our catalogs, the rest of Qt's texts from qtbase.
            translator = ButtonTextTranslator(lang, qt_translator(lang), self)
            app.installTranslator(translator)
            self._qt_translator = translator
            QLocale.setDefault(QLocale(lang))
            app.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        if remember:
            self.settings.set("ui.language", lang)
        self.language_changed.emit(lang)


def qt_translator(lang: str, parent: QObject | None = None) -> QTranslator | None:
    """Qt's own translations (``qtbase``: standard buttons and dialogs) for ``lang``, if Qt ships them."""
    translator = QTranslator(parent)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    return translator if translator.load(QLocale(lang), "qtbase", "_", path) else None


def direction_for(lang: str) -> Qt.LayoutDirection:
    """Layout direction for text in ``lang`` (applicant-facing views follow the applicant's language)."""
    base = lang.replace("-", "_").split("_")[0].lower()
    return Qt.LayoutDirection.RightToLeft if base in RTL_LANGUAGES else Qt.LayoutDirection.LeftToRight
