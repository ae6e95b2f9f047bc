"""Recent calls: a table of the calls the watched extensions saw, missed ones standing out.

The window does no I/O: it shows what `set_entries()` gives it and emits intents.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QEvent,
    QItemSelectionModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTime,
    Signal,
)
from PySide6.QtGui import QAction, QColor, QFont, QGuiApplication, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from screenpop.history import HistoryEntry

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
MISSED_ROLE = Qt.ItemDataRole.UserRole + 2

COL_TIME, COL_NUMBER, COL_NAME, COL_EXT, COL_ANSWERED, COL_DURATION, COL_CONTACT = range(7)
# The contact column is last in the model (the others keep their numbers) and shown after Name.
HEADERS = (
    QT_TRANSLATE_NOOP("history", "Time"),
    QT_TRANSLATE_NOOP("history", "Number"),
    QT_TRANSLATE_NOOP("history", "Name"),
    QT_TRANSLATE_NOOP("history", "Extension"),
    QT_TRANSLATE_NOOP("history", "Answered by"),
    QT_TRANSLATE_NOOP("history", "Duration"),
    QT_TRANSLATE_NOOP("history", "Contact"),
)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def missed_colour(palette: QPalette) -> QColor:
    """A red that reads well on the palette's base colour (light or dark)."""
    return QColor("#ff7b72") if is_dark(palette) else QColor("#c62828")


def format_time(started: datetime, now: datetime | None = None) -> str:
    """'Today 14:02', 'Yesterday 09:15', else '12 Feb 14:02' (local time)."""
    local = started.astimezone()
    now = (now or datetime.now().astimezone()).astimezone()
    # The clock as the user's locale writes it (24 h or 12 h with AM/PM, in its own words).
    hm = QLocale().toString(QTime(local.hour, local.minute), QLocale.FormatType.ShortFormat)
    if local.date() == now.date():
        return QCoreApplication.translate("history", "Today {0}").format(hm)
    if local.date() == (now - timedelta(days=1)).date():
        return QCoreApplication.translate("history", "Yesterday {0}").format(hm)
    qdate = QDate(local.year, local.month, local.day)
    # Date patterns are translated: each language orders day and month its own way.
    fmt = (
        QCoreApplication.translate("history", "d MMM")
        if local.year == now.year
        else QCoreApplication.translate("history", "d MMM yyyy")
    )
    return f"{QLocale().toString(qdate, fmt)} {hm}"


def format_duration(seconds: int | None) -> str:
    if seconds is None:
        return ""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    if hours:
        return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"
    return f"{rest // 60}:{rest % 60:02d}"


def _one_line(text: str | None) -> str:
    """Untrusted caller text as one plain line (no newlines or control characters)."""
    if not text:
        return ""
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()


class RecentCallsModel(QAbstractTableModel):
    """Table model over a list of HistoryEntry, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries: list[HistoryEntry] = []
        self._palette = QPalette()
        self.now: datetime | None = None  # fixed "now" for tests; None = the clock

    def set_palette(self, palette: QPalette) -> None:
        self._palette = QPalette(palette)
        if self._entries:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._entries) - 1, 5))

    def set_entries(self, entries: Sequence[HistoryEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[HistoryEntry]:
        return list(self._entries)

    def entry(self, row: int) -> HistoryEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def row_of(self, call_id: str) -> int:
        for i, e in enumerate(self._entries):
            if e.call_id == call_id:
                return i
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return QCoreApplication.translate("history", HEADERS[section])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            h = (
                Qt.AlignmentFlag.AlignRight
                if section == COL_DURATION
                else Qt.AlignmentFlag.AlignLeft
            )
            return int(h | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        e = self.entry(index.row())
        if e is None:
            return None
        col = index.column()
        open_missed = e.missed and not e.done
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(e, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(e)
        if role == Qt.ItemDataRole.FontRole and open_missed:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if open_missed and col in (COL_NUMBER, COL_ANSWERED):
                return missed_colour(self._palette)
            if (col == COL_NUMBER and not e.number) or (e.done and e.missed):
                return self._palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_DURATION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ENTRY_ROLE:
            return e
        if role == MISSED_ROLE:
            return e.missed
        return None

    def _text(self, e: HistoryEntry, col: int) -> str:
        if col == COL_TIME:
            return format_time(e.started, self.now)
        if col == COL_NUMBER:
            return _one_line(e.number) or QCoreApplication.translate("history", "Unknown")
        if col == COL_NAME:
            return _one_line(e.name)
        if col == COL_EXT:
            return ", ".join(e.extensions)
        if col == COL_ANSWERED:
            if e.missed:
                return (
                    QCoreApplication.translate("history", "Missed · done")
                    if e.done
                    else QCoreApplication.translate("history", "Missed")
                )
            if e.in_progress:
                return e.answered_by or QCoreApplication.translate("history", "Ringing…")
            return e.answered_by or ""
        if col == COL_DURATION:
            return format_duration(e.duration)
        if col == COL_CONTACT:
            parts = [_one_line(e.contact_name), _one_line(e.contact_company)]
            return " · ".join(p for p in parts if p)
        return ""

    def _tooltip(self, e: HistoryEntry) -> str:
        parts = [_one_line(e.number) or QCoreApplication.translate("history", "Unknown number")]
        if e.name:
            parts.append(_one_line(e.name))
        if e.trunk:
            parts.append(
                QCoreApplication.translate("history", "line {0}").format(_one_line(e.trunk))
            )
        if e.missed and e.answered_by:
            parts.append(
                QCoreApplication.translate("history", "answered elsewhere by {0}").format(
                    e.answered_by
                )
            )
        elif e.disposition and e.disposition != "ANSWERED":
            parts.append(e.disposition.lower())
        return " · ".join(parts)


def matches(entry: HistoryEntry, query: str) -> bool:
    """Does `query` (what the user typed in the search box) find this call?

    Words must all match, each in the number (digits only, so "138 0013" finds 13800138000),
    the PBX name, the contact's name or company; case does not matter.
    """
    words = query.casefold().split()
    if not words:
        return True
    number = "".join(c for c in (entry.number or "") if c.isdigit())
    texts = [t.casefold() for t in (entry.name, entry.contact_name, entry.contact_company) if t]
    for word in words:
        digits = re.sub(r"[+\-()./]", "", word)
        if digits.isdigit() and digits in number:
            continue
        if any(word in t for t in texts):
            continue
        return False
    return True


class _MissedFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.missed_only = False
        self.query = ""

    def set_query(self, text: str) -> None:
        self.beginFilterChange()
        self.query = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_missed_only(self, on: bool) -> None:
        self.beginFilterChange()
        self.missed_only = on
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:
        index = self.sourceModel().index(row, 0, parent)
        if self.missed_only and not index.data(MISSED_ROLE):
            return False
        if self.query:
            entry = index.data(ENTRY_ROLE)
            return entry is not None and matches(entry, self.query)
        return True


class _PillDelegate(QStyledItemDelegate):
    """Draws the 'Missed' text of the Answered-by column as a coloured pill."""

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, HistoryEntry) or not entry.missed or entry.done:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget else QGuiApplication.instance().style()  # type: ignore[attr-defined]
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        text = QCoreApplication.translate("history", "Missed")
        font = QFont(opt.font)
        font.setBold(True)
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.9))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(font)
        fm = painter.fontMetrics()
        w = fm.horizontalAdvance(text) + 14
        h = fm.height() + 4
        r = opt.rect
        pill = QRect(r.left() + 6, r.top() + (r.height() - h) // 2, w, h)
        colour = missed_colour(opt.palette)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(pill, h / 2, h / 2)
        dark = is_dark(opt.palette)
        painter.setPen(QColor("#1b1b1b") if dark else QColor("white"))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(max(size.width(), 90), size.height())


class RecentCallsWindow(QWidget):
    """The recent-calls window.

    Signals:
        dial_requested(str): call this number back (double-click, context menu, Call back).
        mark_done_requested(str): the user dealt with this missed call (its call id).
    """

    dial_requested = Signal(str)
    mark_done_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recent calls — screenpop"))
        # An explicit minimum keeps the window from resizing itself as labels change.
        self.setMinimumSize(560, 300)
        self.resize(780, 460)

        self.model = RecentCallsModel(self)
        self.model.set_palette(self.palette())
        self.proxy = _MissedFilter(self)
        self.proxy.setSourceModel(self.model)

        self.title = QLabel(self.tr("Recent calls"))
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.missed_label = QLabel()
        self.missed_label.setTextFormat(Qt.TextFormat.PlainText)

        self.missed_only = QCheckBox(self.tr("Missed only"))
        self.missed_only.toggled.connect(self._on_filter)
        self.call_back_button = QPushButton(self.tr("Call back"))
        self.call_back_button.clicked.connect(self._call_back_selected)
        self.mark_done_button = QPushButton(self.tr("Mark done"))
        self.mark_done_button.setToolTip(self.tr("Mark the selected missed call as dealt with"))
        self.mark_done_button.clicked.connect(self._mark_done_selected)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 14)
        self.table.setItemDelegateForColumn(COL_ANSWERED, _PillDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        fm = self.table.fontMetrics()
        widths = {
            COL_TIME: fm.horizontalAdvance(
                format_time(datetime.now().astimezone() - timedelta(days=1))
            )
            + 24,
            COL_NUMBER: fm.horizontalAdvance("+00 000 000 0000") + 24,
            COL_EXT: fm.horizontalAdvance(self.model.headerData(COL_EXT, Qt.Orientation.Horizontal))
            + 28,
            COL_ANSWERED: fm.horizontalAdvance(
                self.model.headerData(COL_ANSWERED, Qt.Orientation.Horizontal)
            )
            + 28,
            COL_DURATION: fm.horizontalAdvance(
                self.model.headerData(COL_DURATION, Qt.Orientation.Horizontal)
            )
            + 24,
        }
        for col, width in widths.items():
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_CONTACT, QHeaderView.ResizeMode.Stretch)
        header.moveSection(header.visualIndex(COL_CONTACT), header.visualIndex(COL_NAME) + 1)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.doubleClicked.connect(self._on_double_click)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

        self.empty_label = QLabel("No calls yet")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        empty_font = QFont(self.empty_label.font())
        empty_font.setPointSizeF(empty_font.pointSizeF() * 1.2)
        self.empty_label.setFont(empty_font)
        self.empty_hint = QLabel("Calls to your watched extensions will appear here.")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty_label)
        empty_layout.addWidget(self.empty_hint)
        empty_layout.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(empty)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addSpacing(8)
        top.addWidget(self.missed_label)
        top.addStretch(1)
        self.search = QLineEdit()
        self.search.setObjectName("history_search")
        self.search.setPlaceholderText(self.tr("Search number, name or company"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(250)
        self.search.textChanged.connect(self._on_search)
        top.addWidget(self.search)
        top.addSpacing(8)
        top.addWidget(self.missed_only)
        top.addSpacing(8)
        top.addWidget(self.call_back_button)
        top.addWidget(self.mark_done_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 14)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

        self._refresh_chrome()

    # -- public API -----------------------------------------------------------------------------

    def set_entries(self, entries: Sequence[HistoryEntry]) -> None:
        """Show these calls (newest first), keeping the selected call selected."""
        selected = self.selected_entry()
        self.model.set_entries(entries)
        if selected is not None:
            self.select_call(selected.call_id)
        self._refresh_chrome()

    def selected_entry(self) -> HistoryEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        entry = rows[0].data(ENTRY_ROLE)
        return entry if isinstance(entry, HistoryEntry) else None

    def select_call(self, call_id: str) -> bool:
        row = self.model.row_of(call_id)
        if row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if not index.isValid():
            return False
        self.table.selectionModel().select(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.setCurrentIndex(index)
        return True

    def missed_count(self) -> int:
        return sum(1 for e in self.model.entries() if e.missed and not e.done)

    # -- behaviour --------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.model.set_palette(self.palette())
            self._refresh_chrome()

    def _on_search(self, text: str) -> None:
        self.proxy.set_query(text)
        self._refresh_chrome()

    def _on_filter(self, on: bool) -> None:
        self.proxy.set_missed_only(on)
        self._refresh_chrome()

    def _refresh_chrome(self) -> None:
        n = self.missed_count()
        if n:
            self.missed_label.setText(f"{n} missed")
            colour = missed_colour(self.palette())
            self.missed_label.setStyleSheet(f"color: {colour.name()}; font-weight: bold;")
        else:
            self.missed_label.setText("No missed calls" if self.model.rowCount() else "")
            self.missed_label.setStyleSheet("")
        if self.proxy.rowCount() == 0:
            if self.model.rowCount() == 0:
                self.empty_label.setText("No calls yet")
                self.empty_hint.setText("Calls to your watched extensions will appear here.")
            else:
                self.empty_label.setText("No missed calls")
                self.empty_hint.setText("Untick “Missed only” to see every call.")
            self.stack.setCurrentIndex(1)
        else:
            self.stack.setCurrentIndex(0)
        self._update_buttons()

    def _update_buttons(self, *args: object) -> None:
        e = self.selected_entry()
        self.mark_done_button.setEnabled(bool(e and e.missed and not e.done))
        self.call_back_button.setEnabled(bool(e and _one_line(e.number)))

    def _entry_at(self, index: QModelIndex) -> HistoryEntry | None:
        entry = index.data(ENTRY_ROLE) if index.isValid() else None
        return entry if isinstance(entry, HistoryEntry) else None

    def _on_double_click(self, index: QModelIndex) -> None:
        self._dial(self._entry_at(index))

    def _dial(self, entry: HistoryEntry | None) -> None:
        number = _one_line(entry.number) if entry else ""
        if number:
            self.dial_requested.emit(number)

    def _mark_done(self, entry: HistoryEntry | None) -> None:
        if entry and entry.missed and not entry.done:
            self.mark_done_requested.emit(entry.call_id)

    def _call_back_selected(self) -> None:
        self._dial(self.selected_entry())

    def _mark_done_selected(self) -> None:
        self._mark_done(self.selected_entry())

    def context_menu_for(self, entry: HistoryEntry) -> QMenu:
        """The row's context menu (Copy number / Call back / Mark done)."""
        menu = QMenu(self)
        number = _one_line(entry.number)
        copy = QAction("Copy number", menu)
        copy.setEnabled(bool(number))
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(number))
        call = QAction("Call back", menu)
        call.setEnabled(bool(number))
        call.triggered.connect(lambda: self._dial(entry))
        done = QAction("Mark done", menu)
        done.setEnabled(entry.missed and not entry.done)
        done.triggered.connect(lambda: self._mark_done(entry))
        menu.addActions([copy, call, done])
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        entry = self._entry_at(index)
        if entry is None:
            return
        self.select_call(entry.call_id)
        menu = self.context_menu_for(entry)
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()
