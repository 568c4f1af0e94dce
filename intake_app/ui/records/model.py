"""The record list as a Qt model: a window of pages over the whole list, or a set of search results.

The model reports every record of the current filters as a row (one
``count_records``), but holds only the few pages of rows the view has asked
for, read with ``list_summaries`` when first painted and forgotten least
recently used first. So 100,000 records scroll, and the scroll bar can be
dragged to the end, with a dozen pages in memory, never the whole list.
Personal data lives only in those pages; ``clear()`` drops them all.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QPixmap

from intake_app.errors import UserError
from intake_app.i18n import _
from intake_app.records.labels import status_label
from intake_app.records.reading import RecordSummary, count_records, form_titles, list_summaries
from intake_app.ui.context import UiContext
from intake_app.ui.records.badges import STATUS_ROLE, badge_pixmap
from intake_app.ui.records.formatting import format_when

RECEIPT, NAME_ORIGINAL, NAME_LATIN, DATE, PLACE, FORM, STATUS = range(7)
#: Model role carrying a row's record id.
ID_ROLE = Qt.ItemDataRole.UserRole + 2
#: Column -> the core's ``order_by``; other columns (names, place, form) cannot be sorted by index.
SORT_KEYS: dict[int, str] = {RECEIPT: "receipt_no", DATE: "created_at", STATUS: "status"}

AnyIndex = QModelIndex | QPersistentModelIndex
#: The invisible root (Qt passes it as the parent of top-level rows); one instance, never changed.
_ROOT = QModelIndex()


class RecordListModel(QAbstractTableModel):
    PAGE_SIZE = 100
    MAX_PAGES = 12

    def __init__(self, ctx: UiContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.filters: dict[str, Any] = {"status": None, "form_id": None, "date_from": None, "date_to": None}
        self.order_by = "updated_at"
        self.descending = True
        self._total = 0
        self._pages: OrderedDict[int, list[RecordSummary]] = OrderedDict()
        self._results: list[RecordSummary] | None = None
        self._titles: dict[str, str] = {}
        self._badge_style: tuple[QFont, float] | None = None
        #: Rows read from the store since the model was made (for tests and diagnostics).
        self.rows_loaded = 0

    # -- what is listed ---------------------------------------------------

    @property
    def searching(self) -> bool:
        return self._results is not None

    def set_filters(self, *, status: str | None, form_id: str | None, date_from: date | None,
                    date_to: date | None) -> None:
        self.filters = {"status": status, "form_id": form_id, "date_from": date_from, "date_to": date_to}

    def set_order(self, order_by: str, descending: bool) -> None:
        self.order_by, self.descending = order_by, descending

    def reload(self) -> None:
        """Leave search results and list every record of the filters, from the first page."""
        self.beginResetModel()
        self._results = None
        self._pages.clear()
        self._titles = {}
        try:
            self._total = count_records(self.ctx.session, **self.filters)
        except UserError:
            self._total = 0
        self.endResetModel()

    def refresh(self) -> None:
        """Re-read after a change without losing the scroll position (list mode only)."""
        if self.searching:
            return
        try:
            total = count_records(self.ctx.session, **self.filters)
        except UserError:
            total = 0
        if total > self._total:
            self.beginInsertRows(QModelIndex(), self._total, total - 1)
            self._total = total
            self.endInsertRows()
        elif total < self._total:
            self.beginRemoveRows(QModelIndex(), total, self._total - 1)
            self._total = total
            self.endRemoveRows()
        self._pages.clear()
        self._titles = {}
        self._all_changed()

    def show_results(self, results: list[RecordSummary]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self._pages.clear()
        self.endResetModel()

    def clear(self) -> None:
        """Forget every row (the store was locked): nothing personal stays in memory here."""
        self.beginResetModel()
        self._results = None
        self._pages.clear()
        self._titles = {}
        self._total = 0
        self.endResetModel()

    def cached_rows(self) -> int:
        """How many rows are held in memory right now."""
        if self._results is not None:
            return len(self._results)
        return sum(len(page) for page in self._pages.values())

    def summary(self, row: int) -> RecordSummary | None:
        if self._results is not None:
            return self._results[row] if 0 <= row < len(self._results) else None
        if not 0 <= row < self._total:
            return None
        number, offset = divmod(row, self.PAGE_SIZE)
        page = self._page(number)
        return page[offset] if offset < len(page) else None

    def _page(self, number: int) -> list[RecordSummary]:
        page = self._pages.get(number)
        if page is not None:
            self._pages.move_to_end(number)
            return page
        try:
            page = list_summaries(self.ctx.session, **self.filters, order_by=self.order_by,
                                  descending=self.descending, limit=self.PAGE_SIZE,
                                  offset=number * self.PAGE_SIZE)
        except UserError:  # locked meanwhile: show nothing rather than fail inside a paint
            return []
        self.rows_loaded += len(page)
        self._pages[number] = page
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        return page

    # -- Qt model interface ------------------------------------------------

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        if parent.isValid():
            return 0
        return len(self._results) if self._results is not None else self._total

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.header_titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            if section == DATE:
                return _("The date of the application or visit as recorded on the form. "
                         "Sorting and the date filter use the date the record was registered.")
            if section in SORT_KEYS:
                return _("Click to sort by this column; click again to reverse the order.")
        return None

    @staticmethod
    def header_titles() -> list[str]:
        return [_("Receipt number"), _("Name (original script)"), _("Name (Latin)"), _("Date"), _("Place"),
                _("Form"), _("Status")]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.summary(index.row())
        if item is None:
            return "…" if role == Qt.ItemDataRole.DisplayRole and index.column() == RECEIPT else None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(item, column)
            if role == Qt.ItemDataRole.ToolTipRole and column == RECEIPT and not item.record.receipt_no:
                return _("No receipt number yet: the record is a draft.")
            return text
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS:
            return self._badge(item.shown_status)
        if role == STATUS_ROLE:
            return item.shown_status
        if role == ID_ROLE:
            return item.id
        if role == Qt.ItemDataRole.FontRole and column == RECEIPT:
            return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        return None

    def _text(self, item: RecordSummary, column: int) -> str:
        lang = self.ctx.language
        record = item.record
        if column == RECEIPT:
            return record.receipt_no or "—"
        if column == NAME_ORIGINAL:
            return item.name_original
        if column == NAME_LATIN:
            return item.name_latin
        if column == DATE:
            return format_when(item.date, lang, zone=self.ctx.session.zone if item.date_is_registration else None)
        if column == PLACE:
            return item.place_text(lang)
        if column == FORM:
            return self._title(record.form_id)
        return status_label(item.shown_status)

    def _badge(self, status: str) -> QPixmap:
        if self._badge_style is None:
            screen = QGuiApplication.primaryScreen()
            self._badge_style = (QGuiApplication.font(), screen.devicePixelRatio() if screen else 1.0)
        font, ratio = self._badge_style
        return badge_pixmap(status, status_label(status), font, ratio)

    def _title(self, form_id: str) -> str:
        if not self._titles:
            try:
                self._titles = form_titles(self.ctx.session, self.ctx.language)
            except UserError:
                return form_id
        return self._titles.get(form_id, form_id)

    def retranslate(self) -> None:
        """Headers, status words, form titles and dates in the new language."""
        self._titles = {}
        self._badge_style = None
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        self._all_changed()

    def _all_changed(self) -> None:
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0, 0), self.index(rows - 1, self.columnCount() - 1))
