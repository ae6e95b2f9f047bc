"""The colleague directory with live states, as one Qt table model shared by every widget.

The popups' favourites and completer and the colleagues window all read this one model, so a
state change is applied once (one dataChanged for one row) however many widgets show it.
Names come from the PBX and are untrusted: they are only ever handed out as display text.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap

from screenpop.presence.directory import Colleague
from screenpop.presence.state import Presence, State

ExtensionRole = Qt.ItemDataRole.UserRole + 1
StateRole = Qt.ItemDataRole.UserRole + 2
SearchRole = Qt.ItemDataRole.UserRole + 3  # "name (number)": what the completer matches
NameRole = Qt.ItemDataRole.UserRole + 4

COL_NAME, COL_NUMBER, COL_STATE = range(3)

# States worth a second thought before a caller is sent there.
ASK_FIRST = frozenset({State.BUSY, State.RINGING, State.OFFLINE, State.DND})

# Colours chosen to stay apart for the common colour-blindness types (the text says it too).
_DOT = {
    State.FREE: ("#1e8e3e", "#5bd27a"),
    State.RINGING: ("#e37400", "#ffb74d"),
    State.BUSY: ("#d93025", "#ff6b6b"),
    State.DND: ("#8e24aa", "#ce93d8"),
    State.OFFLINE: ("#80868b", "#9aa0a6"),
    State.UNKNOWN: ("#bdc1c6", "#5f6368"),
}


def state_text(state: State, presence: Presence | None = None) -> str:
    """The state in words: a dot's colour is never the only way to tell."""
    words = {
        State.FREE: QCoreApplication.translate("ColleagueModel", "free"),
        State.RINGING: QCoreApplication.translate("ColleagueModel", "ringing"),
        State.BUSY: QCoreApplication.translate("ColleagueModel", "on a call"),
        State.DND: QCoreApplication.translate("ColleagueModel", "do not disturb"),
        State.OFFLINE: QCoreApplication.translate("ColleagueModel", "offline"),
        State.UNKNOWN: QCoreApplication.translate("ColleagueModel", "state unknown"),
    }
    text = words[state]
    if presence is not None and state is State.BUSY:
        if presence.on_hold:
            text = QCoreApplication.translate("ColleagueModel", "on hold")
        if presence.with_whom:
            text = QCoreApplication.translate("ColleagueModel", "{state} with {whom}").format(
                state=text, whom=presence.with_whom
            )
    return text


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally: Qt renders tooltips that look like HTML as rich
    text, so untrusted names with markup characters are escaped into a rich-text wrapper."""
    if not any(c in text for c in "<>&"):
        return text
    return f"<p style='white-space:pre'>{html.escape(text, quote=False)}</p>"


def dot_colour(state: State, palette: QPalette | None = None) -> QColor:
    dark = palette is not None and palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor(_DOT[state][1 if dark else 0])


_icons: dict[tuple[State, bool], QIcon] = {}


def dot_icon(state: State, palette: QPalette | None = None, size: int = 12) -> QIcon:
    dark = palette is not None and palette.color(QPalette.ColorRole.Window).lightness() < 128
    key = (state, dark)
    icon = _icons.get(key)
    if icon is None:
        pix = QPixmap(size * 2, size * 2)  # drawn at 2x: crisp on HiDPI screens
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(dot_colour(state, palette))
        painter.drawEllipse(4, 4, size * 2 - 8, size * 2 - 8)
        painter.end()
        icon = QIcon(pix)
        _icons[key] = icon
    return icon


def label(colleague: Colleague) -> str:
    return f"{colleague.name} ({colleague.extension})" if colleague.name else colleague.extension


class ColleagueModel(QAbstractTableModel):
    """Rows are colleagues sorted by name; columns name, number, state."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Colleague] = []
        self._row_of: dict[str, int] = {}
        self._presence: dict[str, Presence] = {}
        self._palette: QPalette | None = None

    # -- feeding -------------------------------------------------------------------------

    def set_directory(self, colleagues: Iterable[Colleague]) -> None:
        self.beginResetModel()
        self._rows = list(colleagues)
        self._row_of = {c.extension: i for i, c in enumerate(self._rows)}
        self.endResetModel()

    def set_presence(self, changes: Iterable[Presence]) -> None:
        """Apply state changes; one dataChanged per contiguous run of touched rows."""
        rows = []
        for p in changes:
            self._presence[p.extension] = p
            row = self._row_of.get(p.extension)
            if row is not None:
                rows.append(row)
        start = prev = None
        for row in sorted(set(rows)):
            if prev is not None and row == prev + 1:
                prev = row
                continue
            if start is not None:
                self.dataChanged.emit(self.index(start, 0), self.index(prev, COL_STATE))
            start = prev = row
        if start is not None:
            self.dataChanged.emit(self.index(start, 0), self.index(prev, COL_STATE))

    def set_palette(self, palette: QPalette) -> None:
        """Dots follow light/dark mode."""
        self._palette = palette
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_STATE), self.index(len(self._rows) - 1, COL_STATE)
            )

    # -- reading -------------------------------------------------------------------------

    def colleagues(self) -> list[Colleague]:
        return list(self._rows)

    def extension_at(self, row: int) -> str | None:
        return self._rows[row].extension if 0 <= row < len(self._rows) else None

    def colleague(self, extension: str) -> Colleague | None:
        row = self._row_of.get(extension)
        return self._rows[row] if row is not None else None

    def presence(self, extension: str) -> Presence | None:
        return self._presence.get(extension)

    def state(self, extension: str) -> State:
        p = self._presence.get(extension)
        return p.state if p is not None else State.UNKNOWN

    def name(self, extension: str) -> str | None:
        c = self.colleague(extension)
        return c.name if c is not None else None

    def describe(self, extension: str) -> str:
        """ "Li Na 李娜 (202) is on a call" style subject, for confirmations."""
        c = self.colleague(extension)
        return label(c) if c is not None else extension

    # -- QAbstractTableModel -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (
                QCoreApplication.translate("ColleagueModel", "Name"),
                QCoreApplication.translate("ColleagueModel", "Number"),
                QCoreApplication.translate("ColleagueModel", "State"),
            )[section]
        return None

    def data(
        self,
        index: QModelIndex | QPersistentModelIndex,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> object:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        c = self._rows[index.row()]
        col = index.column()
        presence = self._presence.get(c.extension)
        state = presence.state if presence is not None else State.UNKNOWN
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_NAME:
                return c.name or ""
            if col == COL_NUMBER:
                return c.extension
            return state_text(state, presence)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATE:
            return dot_icon(state, self._palette)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"{label(c)}: {state_text(state, presence)}")
        if role == ExtensionRole:
            return c.extension
        if role == StateRole:
            return str(state)
        if role == NameRole:
            return c.name or ""
        if role == SearchRole:
            return label(c)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{label(c)}, {state_text(state, presence)}"
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
