"""The records page: every record the user's role may see, searchable, filterable, sortable.

Listing reads pages through ``RecordListModel`` (quick index walks on the GUI
thread); searching runs ``search_summaries`` on a worker thread with its own
connection, debounced, and only the latest search's answer is shown. On lock
every row, the search text and any answer still on its way are dropped.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, QLocale, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDateEdit, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QMenu, QPushButton, QTableView, QToolButton, QVBoxLayout, QWidget)

from intake_app.i18n import _, ngettext
from intake_app.roles import Permission
from intake_app.records.labels import status_label
from intake_app.records.reading import STATUSES, RecordSummary, form_titles, forms_with_names
from intake_app.search.query import search_summaries
from intake_app.session import Session
from intake_app.ui.context import UiContext
from intake_app.ui.errors import show_error
from intake_app.ui.form.flow_layout import FlowLayout
from intake_app.ui.records.badges import StatusBadgeDelegate
from intake_app.ui.records.formatting import format_count
from intake_app.ui.records.model import (DATE, FORM, NAME_LATIN, NAME_ORIGINAL, PLACE, RECEIPT, SORT_KEYS, STATUS,
                                         RecordListModel)
from intake_app.ui.tasks import Progress, TaskHandle, run_store_task

#: Item data of the "all" choices: not ``None``, which comes back from Qt with a reference too few
#: (PySide6 6.12 abi3 wheels on CPython 3.11).
ALL = ""
SEARCH_DELAY_MS = 200
SEARCH_LIMIT = 500
_NO_DATE = QDate(2000, 1, 1)


class DateFilterEdit(QDateEdit):
    """A date with an "any" state (its minimum), which opens its calendar on this month."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setMinimumDate(_NO_DATE)
        self.setDate(_NO_DATE)
        calendar = self.calendarWidget()
        calendar.setGridVisible(False)

    def value(self) -> date | None:
        current = self.date()
        return None if current == _NO_DATE else date(current.year(), current.month(), current.day())

    def reset(self) -> None:
        self.setDate(_NO_DATE)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.date() == _NO_DATE:
            today = QDate.currentDate()
            self.calendarWidget().setCurrentPage(today.year(), today.month())
        super().mousePressEvent(event)


class RecordsPage(QWidget):
    open_record = Signal(str)
    new_record = Signal(str)
    edit_draft = Signal(str)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.model = RecordListModel(ctx, self)
        self._search_generation = 0
        self._search_task: TaskHandle[list[RecordSummary]] | None = None

        self.search_box = QLineEdit(self)
        self.search_box.setClearButtonEnabled(True)
        self.new_button = QToolButton(self)
        self.new_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.new_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.new_menu = QMenu(self.new_button)
        self.new_button.setMenu(self.new_menu)
        self.new_menu.triggered.connect(lambda action: self.new_record.emit(str(action.data())))
        top = QHBoxLayout()
        top.addWidget(self.search_box, 1)
        top.addWidget(self.new_button)

        self.status_caption, self.form_caption = QLabel(self), QLabel(self)
        self.from_caption, self.to_caption = QLabel(self), QLabel(self)
        self.status_filter, self.form_filter = QComboBox(self), QComboBox(self)
        self.form_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.date_from, self.date_to = DateFilterEdit(self), DateFilterEdit(self)
        self.reset_button = QPushButton(self)
        self.count_label = QLabel(self)
        # The filters wrap onto a second line on a narrow (or high-DPI) screen rather than
        # making the window wider than it (Kazakh captions run long).
        self.filters = QWidget(self)
        filters = FlowLayout(self.filters, spacing=8)
        for caption, widget in ((self.status_caption, self.status_filter), (self.form_caption, self.form_filter),
                                (self.from_caption, self.date_from), (self.to_caption, self.date_to)):
            caption.setBuddy(widget)
            pair = QWidget(self.filters)
            pair_layout = QHBoxLayout(pair)
            pair_layout.setContentsMargins(0, 0, 0, 0)
            pair_layout.addWidget(caption)
            pair_layout.addWidget(widget)
            filters.addWidget(pair)
        filters.addWidget(self.reset_button)
        filters.addWidget(self.count_label)

        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(STATUS, StatusBadgeDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().hide()
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure 100,000 rows
        rows.setDefaultSectionSize(self.fontMetrics().height() + 14)
        header = self.table.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(False)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setResizeContentsPrecision(0)  # fitting a column to its contents measures visible rows only
        for column, width in ((RECEIPT, 150), (DATE, 250), (FORM, 190), (STATUS, 130)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        for column in (NAME_ORIGINAL, NAME_LATIN, PLACE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.sectionClicked.connect(self._sort_by_column)
        self.table.activated.connect(self._activate)

        # Shown over the empty table, where the rows would be.
        self.empty_label = QLabel(self.table.viewport())
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.empty_label.setStyleSheet("QLabel { color: palette(placeholder-text); font-size: 12pt; }")
        self.empty_label.hide()
        self.table.viewport().installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.filters)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._run_search)
        self.search_box.textChanged.connect(lambda _text: self._debounce.start())
        self.search_box.returnPressed.connect(self._search_now)
        # Ctrl+F belongs to the window (it calls focus_search); Esc clears only while typing here.
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_box, self.search_box.clear)
        escape.setContext(Qt.ShortcutContext.WidgetShortcut)
        down = QShortcut(QKeySequence(Qt.Key.Key_Down), self.search_box, self._into_results)
        down.setContext(Qt.ShortcutContext.WidgetShortcut)  # ↓ from the search box to the first result
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.form_filter.currentIndexChanged.connect(self._filters_changed)
        self.date_from.dateChanged.connect(self._filters_changed)
        self.date_to.dateChanged.connect(self._filters_changed)
        self.reset_button.clicked.connect(self.reset_filters)

        ctx.language_changed.connect(self.retranslate)
        ctx.session_started.connect(self._session_started)
        ctx.session_locked.connect(self.clear)
        ctx.records_changed.connect(self.refresh)
        self.retranslate()
        if ctx.unlocked:
            self._session_started()

    # -- public -----------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the list (or re-run the search) after records changed."""
        if not self.ctx.unlocked:
            return
        if self.model.searching:
            self._run_search()
        else:
            self.model.refresh()
            self._update_count()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _into_results(self) -> None:
        if self.model.rowCount() > 0:
            self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.selectRow(0)

    def clear(self) -> None:
        """Drop every row and the search text: nothing personal stays on screen after a lock."""
        self._search_generation += 1
        self._debounce.stop()
        if self._search_task is not None:
            self._search_task.cancel()
            self._search_task = None
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.model.clear()
        self.new_menu.clear()
        self.new_button.setEnabled(False)
        self._update_count()

    def reset_filters(self) -> None:
        for widget in (self.status_filter, self.form_filter, self.date_from, self.date_to):
            widget.blockSignals(True)
        self.status_filter.setCurrentIndex(0)
        self.form_filter.setCurrentIndex(0)
        self.date_from.reset()
        self.date_to.reset()
        for widget in (self.status_filter, self.form_filter, self.date_from, self.date_to):
            widget.blockSignals(False)
        self._filters_changed()

    def retranslate(self) -> None:
        lang = self.ctx.language
        self.search_box.setPlaceholderText(
            _("Search: a name in any script, a receipt or document number, a birth year"))
        self.new_button.setText(_("New record"))
        self.new_button.setToolTip(_("Start a new record with one of the forms your role uses"))
        self.status_caption.setText(_("&Status:"))
        self.form_caption.setText(_("&Form:"))
        self.from_caption.setText(_("Registered &from:"))
        self.to_caption.setText(_("&to:"))
        self.reset_button.setText(_("Clear filters"))
        locale = QLocale(lang)
        short = locale.dateFormat(QLocale.FormatType.ShortFormat)
        for edit in (self.date_from, self.date_to):
            edit.setLocale(locale)
            edit.setDisplayFormat(short if "yyyy" in short else short.replace("yy", "yyyy"))
            edit.setSpecialValueText(_("any date"))
        self._fill_status_filter()
        self._fill_form_choices()
        self.model.retranslate()
        self._update_count()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_label.setGeometry(self.table.viewport().rect().adjusted(24, 24, -24, -24))
        return super().eventFilter(watched, event)

    # -- filters, sorting, search ------------------------------------------

    def _session_started(self) -> None:
        self._fill_form_choices()
        self._apply_filters()

    def _fill_status_filter(self) -> None:
        current = self.status_filter.currentData() if self.status_filter.count() else ALL
        self.status_filter.blockSignals(True)
        self.status_filter.clear()
        self.status_filter.addItem(_("All statuses"), ALL)
        for status in STATUSES:
            self.status_filter.addItem(status_label(status), status)
        self.status_filter.setCurrentIndex(max(self.status_filter.findData(current), 0))
        self.status_filter.blockSignals(False)

    def _fill_form_choices(self) -> None:
        """The form filter (forms the role may see) and the New menu (forms the role may use)."""
        current = self.form_filter.currentData() if self.form_filter.count() else ALL
        self.form_filter.blockSignals(True)
        self.form_filter.clear()
        self.form_filter.addItem(_("All forms"), ALL)
        self.new_menu.clear()
        if self.ctx.unlocked:
            session = self.ctx.session
            for form_id, title in form_titles(session, self.ctx.language).items():
                self.form_filter.addItem(title, form_id)
            for form in session.usable_forms():
                self.new_menu.addAction(form.title(self.ctx.language)).setData(form.id)
        self.form_filter.setCurrentIndex(max(self.form_filter.findData(current), 0))
        self.form_filter.blockSignals(False)
        self.new_button.setEnabled(bool(self.new_menu.actions()))
        # Visit reports name people per interview only: no empty name columns for a monitor.
        named = not self.ctx.unlocked or bool(forms_with_names(self.ctx.session))
        for column in (NAME_ORIGINAL, NAME_LATIN):
            self.table.setColumnHidden(column, not named)

    def _filters_changed(self, *_args: object) -> None:
        if self.ctx.unlocked:
            self._apply_filters()

    def _apply_filters(self) -> None:
        self.model.set_filters(status=self.status_filter.currentData() or None,
                               form_id=self.form_filter.currentData() or None,
                               date_from=self.date_from.value(), date_to=self.date_to.value())
        if self.search_box.text().strip():
            self._run_search()
        else:
            self.model.reload()
            self._update_count()

    def _sort_by_column(self, column: int) -> None:
        header = self.table.horizontalHeader()
        key = SORT_KEYS.get(column)
        if key is None:  # names, place and form have no index to sort by: keep the current order
            self._show_sort_indicator()
            return
        descending = not self.model.descending if key == self.model.order_by else key != "status"
        self.model.set_order(key, descending)
        self._show_sort_indicator()
        header.setSortIndicatorShown(True)
        if self.ctx.unlocked:
            self._apply_filters()

    def _show_sort_indicator(self) -> None:
        header = self.table.horizontalHeader()
        column = next((c for c, key in SORT_KEYS.items() if key == self.model.order_by), None)
        if column is None:
            header.setSortIndicatorShown(False)
            return
        order = Qt.SortOrder.DescendingOrder if self.model.descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(column, order)
        header.setSortIndicatorShown(True)

    def _search_now(self) -> None:
        self._debounce.stop()
        self._run_search()

    def _run_search(self) -> None:
        """Search off the GUI thread; an empty box lists everything again."""
        self._debounce.stop()
        if not self.ctx.unlocked:
            return
        text = self.search_box.text().strip()
        self._search_generation += 1
        generation = self._search_generation
        if self._search_task is not None:
            self._search_task.cancel()
            self._search_task = None
        if not text:
            self.model.reload()
            self._update_count()
            return
        filters = dict(self.model.filters)
        order_by, descending = self.model.order_by, self.model.descending

        def work(own: Session, progress: Progress) -> list[RecordSummary]:
            return search_summaries(own, text, **filters, order_by=order_by, descending=descending,
                                    limit=SEARCH_LIMIT)

        def done(results: list[RecordSummary]) -> None:
            if generation == self._search_generation:
                self._search_task = None
                self.model.show_results(results)
                self._update_count()

        def failed(exc: BaseException) -> None:
            if generation == self._search_generation:  # an answer to a superseded search is dropped
                self._search_task = None
                show_error(self, exc)

        self.count_label.setText(_("Searching…"))
        self._search_task = run_store_task(self, self.ctx, work, title=_("Searching…"), on_done=done,
                                           on_error=failed, show_progress=False)

    @property
    def search_running(self) -> bool:
        """A search is waiting for the typing to pause, or running."""
        return self._debounce.isActive() or self._search_task is not None

    # -- rows ------------------------------------------------------------

    def _activate(self, index: QModelIndex) -> None:
        item = self.model.summary(index.row())
        if item is None:
            return
        if item.record.status == "draft":
            self.edit_draft.emit(item.id)
        else:
            self.open_record.emit(item.id)

    def _update_count(self) -> None:
        lang = self.ctx.language
        n = self.model.rowCount()
        if not self.ctx.unlocked:
            text, empty = "", ""
        elif self.model.searching:
            text = ngettext("{n} match", "{n} matches", n).format(n=format_count(n, lang))
            if n >= SEARCH_LIMIT:
                text = _("The first {n} matches: add words to narrow the search.").format(
                    n=format_count(n, lang))
            empty = _("Nothing matches this search. Names are matched in any script; try fewer letters.")
        else:
            text = ngettext("{n} record", "{n} records", n).format(n=format_count(n, lang))
            empty = _("No records match these filters.") if self._filtering() else self._how_to_begin()
        self.count_label.setText(text)
        self.empty_label.setText(empty)
        self.empty_label.setVisible(bool(empty) and n == 0)

    def _how_to_begin(self) -> str:
        """An empty store says how to start, with the key that does it (the main window's New shortcut)."""
        if not self.ctx.session.usable_forms() or not self.ctx.session.may(Permission.CAPTURE_RECORDS):
            return _("No records yet.")
        keys = QKeySequence(QKeySequence.StandardKey.New).toString(QKeySequence.SequenceFormat.NativeText)
        return _("No records yet. Press {keys} or “New record” to register the first one.").format(keys=keys)

    def _filtering(self) -> bool:
        return any(value is not None for value in self.model.filters.values())
