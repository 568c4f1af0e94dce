"""Dates (full or partial) and date-times with their UTC offset.

Many applicants know only the year of their birth, so a date is a year, an
optional month and an optional day, giving ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``. A date-time keeps its offset from UTC because receipts show
local time with it; Kazakhstan's +05:00 is the default.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, UTC
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTime, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QPushButton, QSpinBox, QTimeEdit, QWidget

from intake_app.forms import Field
from intake_app.i18n import _
from intake_app.ui.form.common import EditorEnv
from intake_app.ui.form.inputs_base import FieldInput, FocusOutWatcher, row_layout

DEFAULT_OFFSET = "+05:00"
OFFSETS = ("-12:00", "-11:00", "-10:00", "-09:30", "-09:00", "-08:00", "-07:00", "-06:00", "-05:00", "-04:00",
           "-03:30", "-03:00", "-02:00", "-01:00", "+00:00", "+01:00", "+02:00", "+03:00", "+03:30", "+04:00",
           "+04:30", "+05:00", "+05:30", "+05:45", "+06:00", "+06:30", "+07:00", "+08:00", "+08:45", "+09:00",
           "+09:30", "+10:00", "+10:30", "+11:00", "+12:00", "+12:45", "+13:00", "+14:00")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?")


class YearSpin(QSpinBox):
    """A year that may be blank: typing works as in a text box, arrows start from the current year."""

    EMPTY = 0

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(self.EMPTY, 2200)
        self.setValue(self.EMPTY)
        self.setButtonSymbols(QSpinBox.ButtonSymbols.UpDownArrows)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00000") + 40)

    def textFromValue(self, value: int) -> str:
        return "" if value == self.EMPTY else str(value)

    def valueFromText(self, text: str) -> int:
        text = text.strip()
        return int(text) if text.isdigit() else self.EMPTY

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:  # type: ignore[override]
        stripped = text.strip()
        if stripped == "":
            return QValidator.State.Acceptable, text, pos
        if not stripped.isdigit() or len(stripped) > 4:
            return QValidator.State.Invalid, text, pos
        if len(stripped) < 4:
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Acceptable, text, pos

    def fixup(self, text: str) -> str:
        return text if len(text.strip()) == 4 else ""

    def stepBy(self, steps: int) -> None:
        if self.value() == self.EMPTY:
            self.setValue(datetime.now().year)
        else:
            super().stepBy(steps)


class DateParts(QWidget):
    """Year, optional month, optional day; ``text()`` is the ISO (partial) date or ``None``."""

    changed = Signal()

    def __init__(self, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year = YearSpin(self)
        self.month = QComboBox(self)
        self.day = QComboBox(self)
        self.day.addItem("—", None)
        for number in range(1, 32):
            self.day.addItem(str(number), number)
        for combo in (self.month, self.day):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            env.wheel_guard.guard(combo)
        env.wheel_guard.guard(self.year)
        self.layout_ = row_layout(self)
        for widget in (self.year, self.month, self.day):
            self.layout_.addWidget(widget)
        self.setFocusProxy(self.year)
        self.retranslate(env.lang)
        self.year.valueChanged.connect(self._changed)
        self.month.activated.connect(self._changed)
        self.day.activated.connect(self._changed)
        self._sync_enabled()

    def _changed(self, *_args: object) -> None:
        self._sync_enabled()
        self.changed.emit()

    def _sync_enabled(self) -> None:
        has_year = self.year.value() != YearSpin.EMPTY
        self.month.setEnabled(has_year)
        self.day.setEnabled(has_year and self.month.currentData() is not None)

    def text(self) -> str | None:
        year = self.year.value()
        if year == YearSpin.EMPTY:
            return None
        text = f"{year:04d}"
        month = self.month.currentData()
        if month is None:
            return text
        text += f"-{month:02d}"
        day = self.day.currentData()
        return text if day is None else text + f"-{day:02d}"

    def set_text(self, value: str | None) -> None:
        match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
        year, month, day = (int(part) if part else None for part in match.groups()) if match else (None,) * 3
        for widget in (self.year, self.month, self.day):
            widget.blockSignals(True)
        self.year.setValue(year or YearSpin.EMPTY)
        self.month.setCurrentIndex(month if month and 1 <= month <= 12 else 0)
        self.day.setCurrentIndex(day if day and 1 <= day <= 31 else 0)
        for widget in (self.year, self.month, self.day):
            widget.blockSignals(False)
        self._sync_enabled()

    def retranslate(self, lang: str) -> None:
        locale = QLocale(lang)
        current = self.month.currentIndex()
        self.month.clear()
        self.month.addItem("—", None)
        for number in range(1, 13):
            name = locale.standaloneMonthName(number, QLocale.FormatType.LongFormat)
            self.month.addItem(f"{number:02d} {name}", number)
        self.month.setCurrentIndex(max(current, 0))
        self.year.setToolTip(_("Year"))
        self.month.setToolTip(_("Month (if known)"))
        self.day.setToolTip(_("Day (if known)"))
        self.year.setAccessibleName(_("Year"))
        self.month.setAccessibleName(_("Month (if known)"))
        self.day.setAccessibleName(_("Day (if known)"))


class DateInput(FieldInput):
    """A date; non-partial dates get a "Today" button (visits and referrals are mostly today)."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.parts = DateParts(env, self)
        layout = row_layout(self)
        layout.addWidget(self.parts)
        self.today_button: QPushButton | None = None
        if not field.options.get("partial"):
            self.today_button = QPushButton(self)
            self.today_button.clicked.connect(self._today)
            layout.addWidget(self.today_button)
        layout.addStretch(1)
        self.setFocusProxy(self.parts)
        self._watcher = FocusOutWatcher(self)
        self.parts.year.installEventFilter(self._watcher)
        self._watcher.left.connect(self._commit)
        self.parts.changed.connect(self._edit)
        self.parts.month.activated.connect(self._commit)
        self.parts.day.activated.connect(self._commit)
        self.retranslate(env.lang)

    def _today(self) -> None:
        self.parts.set_text(self.env.today().isoformat())
        self._edit_and_commit()

    def value(self) -> Any:
        return self.parts.text()

    def set_value(self, value: Any) -> None:
        self.parts.set_text(value if isinstance(value, str) else None)

    def retranslate(self, lang: str) -> None:
        self.parts.retranslate(lang)
        if self.today_button is not None:
            self.today_button.setText(_("Today"))


def offset_text(moment: datetime) -> str:
    """``+05:00``: the offset of ``moment`` as the offset list and the stored value write it."""
    minutes = int((moment.utcoffset() or timedelta(0)).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


class DateTimeInput(FieldInput):
    """Date, time (hours and minutes) and offset from UTC, with a "Now" button."""

    def __init__(self, field: Field, env: EditorEnv, parent: QWidget | None = None) -> None:
        super().__init__(field, env, parent)
        self.parts = DateParts(env, self)
        self.time = QTimeEdit(self)
        self.time.setDisplayFormat("HH:mm")
        env.wheel_guard.guard(self.time)
        self.offset = QComboBox(self)
        for offset in OFFSETS:
            self.offset.addItem("UTC" + offset, offset)
        self.offset.setCurrentIndex(OFFSETS.index(DEFAULT_OFFSET))
        env.wheel_guard.guard(self.offset)
        self.now_button = QPushButton(self)
        self.now_button.clicked.connect(self._now)
        layout = row_layout(self)
        for widget in (self.parts, self.time, self.offset, self.now_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setFocusProxy(self.parts)
        self.parts.changed.connect(self._edit)
        self.time.timeChanged.connect(self._edit)
        self.offset.activated.connect(self._edit_and_commit)
        self.time.editingFinished.connect(self._commit)
        self.parts.month.activated.connect(self._commit)
        self.parts.day.activated.connect(self._commit)
        self.retranslate(env.lang)

    def _now(self) -> None:
        """Now in the device's zone, with its offset: the same day that ``today()`` checks the answer against."""
        moment = self.env.ctx.session.now() if self.env.ctx.unlocked else datetime.now(UTC)
        self.parts.set_text(moment.date().isoformat())
        self.time.blockSignals(True)
        self.time.setTime(QTime(moment.hour, moment.minute))
        self.time.blockSignals(False)
        index = self.offset.findData(offset_text(moment))
        if index >= 0:
            self.offset.setCurrentIndex(index)
        self._edit_and_commit()

    def value(self) -> Any:
        day = self.parts.text()
        if day is None:
            return None
        return f"{day}T{self.time.time().toString('HH:mm')}:00{self.offset.currentData()}"

    def set_value(self, value: Any) -> None:
        match = _DATETIME.fullmatch(value.strip()) if isinstance(value, str) else None
        self.time.blockSignals(True)
        if match is None:
            self.parts.set_text(None)
            self.time.setTime(QTime(0, 0))
            offset = DEFAULT_OFFSET
        else:
            self.parts.set_text(match.group(1))
            self.time.setTime(QTime(int(match.group(2)), int(match.group(3))))
            offset = match.group(4) or DEFAULT_OFFSET
            offset = "+00:00" if offset == "Z" else offset
        self.time.blockSignals(False)
        index = self.offset.findData(offset)
        if index < 0:
            self.offset.addItem("UTC" + offset, offset)
            index = self.offset.count() - 1
        self.offset.setCurrentIndex(index)

    def retranslate(self, lang: str) -> None:
        self.parts.retranslate(lang)
        self.now_button.setText(_("Now"))
        self.time.setToolTip(_("Local time (hours:minutes)"))
        self.offset.setToolTip(_("Offset from UTC (Kazakhstan: UTC+05:00)"))
