"""The colleagues window: the whole directory as a compact, filterable operator panel.

Name / number / state (dot and words), sorted by name. Double-click (or Enter) calls the
colleague from the receptionist's phone; while a call popup is active a single click transfers
that call there (asking first when the colleague is busy, ringing, offline or on DND); a
colleague's ringing call can be picked up. Intents only, no I/O.

Model/view over the shared ColleagueModel: a state change repaints one row, so 500 extensions
stay cheap.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from screenpop.presence.state import State

from . import theme
from .colleague_model import (
    ASK_FIRST,
    COL_NAME,
    COL_NUMBER,
    COL_STATE,
    ColleagueModel,
    ExtensionRole,
    SearchRole,
    state_text,
)
from .popup_colleagues import ConfirmBar


class ColleagueFilter(QSortFilterProxyModel):
    """Matches the typed text anywhere in "name (number)", ignoring case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFilterRole(SearchRole)
        self.setFilterKeyColumn(COL_NAME)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The directory comes sorted by name (unnamed last); keep that order until the user
        # clicks a header.
        self.setDynamicSortFilter(True)


class ColleaguesWindow(QWidget):
    """Signals (intents): ``dial_requested(extension)``, ``transfer_requested(extension)``,
    ``voicemail_requested(extension)``, ``pickup_requested(extension)``."""

    dial_requested = Signal(str)
    transfer_requested = Signal(str)
    voicemail_requested = Signal(str)
    pickup_requested = Signal(str)

    def __init__(self, model: ColleagueModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("colleagues_window")
        self.setWindowTitle(self.tr("Colleagues — screenpop"))
        self.model = model
        self._active: str | None = None  # description of the call a click would transfer

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN, theme.MARGIN)
        layout.setSpacing(theme.SPACING)

        top = QHBoxLayout()
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("filter_edit")
        self.filter_edit.setPlaceholderText(self.tr("Filter by name or number"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.installEventFilter(self)
        top.addWidget(self.filter_edit, 1)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        top.addWidget(self.count_label)
        layout.addLayout(top)

        self.banner = QLabel()
        self.banner.setObjectName("active_call_banner")
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)

        self.confirm = ConfirmBar()
        self.confirm.chosen.connect(self._on_confirm)
        layout.addWidget(self.confirm)

        self.proxy = ColleagueFilter(self)
        self.proxy.setSourceModel(model)
        self.table = QTableView()
        self.table.setObjectName("colleagues_table")
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicatorShown(False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        # Fixed widths, not ResizeToContents: that one measures every row on every state
        # change (seconds for 500 colleagues).
        header.setSectionResizeMode(COL_NUMBER, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(
            COL_NUMBER, self.table.fontMetrics().horizontalAdvance("0" * 6) + 24
        )
        header.setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(COL_STATE, 230)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.clicked.connect(self._on_clicked)
        self.table.activated.connect(self._on_activated)
        layout.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.call_button = QPushButton(self.tr("Call"))
        self.call_button.setObjectName("call_button")
        self.call_button.setToolTip(self.tr("Call this colleague from your phone"))
        self.call_button.clicked.connect(self._call_selected)
        self.transfer_button = QPushButton(self.tr("Transfer call here"))
        self.transfer_button.setObjectName("transfer_here_button")
        self.transfer_button.clicked.connect(self._transfer_selected)
        self.pickup_button = QPushButton(self.tr("Pick up"))
        self.pickup_button.setObjectName("pickup_button")
        self.pickup_button.setToolTip(
            self.tr("Take the call ringing at this colleague's phone on yours")
        )
        self.pickup_button.clicked.connect(self._pickup_selected)
        for b in (self.call_button, self.transfer_button, self.pickup_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.status = QLabel()
        self.status.setObjectName("status_label")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        self.filter_edit.textChanged.connect(self._on_filter)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        for signal in (model.dataChanged, model.modelReset, model.rowsInserted):
            signal.connect(self._update_buttons)
        model.modelReset.connect(self._update_count)
        QShortcut(QKeySequence("Ctrl+F"), self, self.filter_edit.setFocus)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.resize(540, 560)
        model.set_palette(self.palette())
        self._update_count()
        self._update_buttons()

    # -- public API ------------------------------------------------------------------------

    def set_active_call(self, description: str | None) -> None:
        """A popup is active ("13800138000 on 201"), or None: changes what a click does."""
        self._active = description
        if description:
            self.banner.setText(
                self.tr("Click a colleague to transfer the call from {call}.").format(
                    call=description
                )
            )
            self.banner.setStyleSheet(theme.text_qss(theme.accent(self.palette())))
            self.banner.show()
        else:
            self.banner.hide()
            self.confirm.hide()
        self._update_buttons()

    @property
    def active_call(self) -> str | None:
        return self._active

    def show_result(self, text: str, ok: bool) -> None:
        colour = theme.success_colour if ok else theme.error_colour
        self.status.setStyleSheet(theme.text_qss(colour(self.palette())))
        self.status.setText(text)

    def row_of(self, extension: str) -> int:
        """The visible row showing `extension`, or -1."""
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, COL_NAME).data(ExtensionRole) == extension:
                return row
        return -1

    def selected_extension(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ExtensionRole) if rows else None

    # -- behaviour -------------------------------------------------------------------------

    def _on_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        self._update_count()

    def _update_count(self) -> None:
        total = self.model.rowCount()
        shown = self.proxy.rowCount()
        if total == 0:
            self.count_label.setText(self.tr("no directory yet"))
        elif shown == total:
            self.count_label.setText(self.tr("{n} colleagues").format(n=total))
        else:
            self.count_label.setText(self.tr("{shown} of {n}").format(shown=shown, n=total))

    def _update_buttons(self, *args: object) -> None:
        ext = self.selected_extension()
        self.call_button.setEnabled(ext is not None)
        self.transfer_button.setVisible(self._active is not None)
        self.transfer_button.setEnabled(ext is not None and self._active is not None)
        self.pickup_button.setEnabled(ext is not None and self.model.state(ext) is State.RINGING)

    def _ext(self, index: QModelIndex | QPersistentModelIndex) -> str | None:
        return index.siblingAtColumn(COL_NAME).data(ExtensionRole) if index.isValid() else None

    def _on_clicked(self, index: QModelIndex) -> None:
        ext = self._ext(index)
        if ext is not None and self._active is not None:
            self.transfer(ext)

    def _on_activated(self, index: QModelIndex) -> None:
        ext = self._ext(index)
        if ext is not None and self._active is None:  # with a call, the click transferred
            self.dial_requested.emit(ext)

    def _call_selected(self) -> None:
        ext = self.selected_extension()
        if ext is not None:
            self.dial_requested.emit(ext)

    def _transfer_selected(self) -> None:
        ext = self.selected_extension()
        if ext is not None:
            self.transfer(ext)

    def _pickup_selected(self) -> None:
        ext = self.selected_extension()
        if ext is not None:
            self.pickup_requested.emit(ext)

    def transfer(self, extension: str, *, confirmed: bool = False) -> None:
        """Transfer the active call to `extension`, asking first when they cannot take it."""
        if self._active is None:
            return
        state = self.model.state(extension)
        if not confirmed and state in ASK_FIRST:
            words = state_text(state, self.model.presence(extension))
            self.confirm.ask(
                self.tr("{who} is {state}.").format(
                    who=self.model.describe(extension), state=words
                ),
                [
                    ("anyway", self.tr("Transfer anyway")),
                    ("voicemail", self.tr("To voicemail")),
                    ("cancel", self.tr("Cancel")),
                ],
                topic=extension,
            )
            return
        self.confirm.hide()
        self.transfer_requested.emit(extension)

    def _on_confirm(self, key: str) -> None:
        ext = self.confirm.topic
        if not isinstance(ext, str) or self._active is None:
            return
        if key == "anyway":
            self.transfer_requested.emit(ext)
        elif key == "voicemail":
            self.voicemail_requested.emit(ext)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.model.set_palette(self.palette())
        super().changeEvent(event)

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if (
            watched is self.filter_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
        ):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.proxy.rowCount() == 1:
                # One match left: Enter acts on it, as a click / double-click would.
                index = self.proxy.index(0, COL_NAME)
                self.table.selectRow(0)
                if self._active is not None:
                    self._on_clicked(index)
                else:
                    self._on_activated(index)
                return True
            if key == Qt.Key.Key_Down and self.proxy.rowCount():
                self.table.setFocus()
                self.table.selectRow(0)
                return True
        return super().eventFilter(watched, event)
