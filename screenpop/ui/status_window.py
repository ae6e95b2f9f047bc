"""The small window that stands in for the tray icon where the desktop has no tray."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from . import theme
from .tray import APP_NAME

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent


def _plain_label(name: str) -> QLabel:
    """A label that shows its text as plain text (it may come from the PBX), set without
    Qt.TextFormat (see StatusWindow)."""
    label = QLabel()
    label.setObjectName(name)
    if not label.setProperty("textFormat", "PlainText"):
        raise RuntimeError("QLabel has no textFormat property")  # never shows HTML by accident
    return label


class StatusWindow(QWidget):
    """Stands in for the tray icon where there is none: state, missed calls, the same actions.

    Closing it with the window button minimises it (the app must keep running to pop calls);
    use Quit to leave. Buttons: dial_button, history_button, dnd_button (checkable),
    settings_button, quit_button.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        # No Qt enums here (see "No Qt enums" in icons.py): where there is no tray, this window
        # is what comes up first. A widget without a parent is a window already; label formats
        # go through Qt's property system, by name; Ctrl+K is the menu's action (TrayController).
        if parent is None:
            super().__init__()
        else:
            from PySide6.QtCore import Qt

            super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("status_window")
        self.setWindowTitle(APP_NAME)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN, theme.MARGIN)
        layout.setSpacing(theme.SPACING)

        top = QHBoxLayout()
        top.setSpacing(theme.SPACING + 4)
        self.icon_label = QLabel()
        self.icon_label.setObjectName("icon_label")
        self.icon_label.setFixedSize(48, 48)
        icon_column = QVBoxLayout()  # the icon at the top, as AlignTop would put it
        icon_column.addWidget(self.icon_label)
        icon_column.addStretch(1)
        top.addLayout(icon_column)
        text = QVBoxLayout()
        text.setSpacing(2)
        title = QLabel(APP_NAME)
        title.setFont(theme.font(theme.NAME_PT, bold=True))
        text.addWidget(title)
        self.state_label = _plain_label("state_label")
        self.state_label.setWordWrap(True)
        text.addWidget(self.state_label)
        self.missed_label = _plain_label("missed_label")
        text.addWidget(self.missed_label)
        top.addLayout(text, 1)
        layout.addLayout(top)

        self.notice_label = _plain_label("notice_label")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        layout.addWidget(self.notice_label)

        # By the tray menu's keys: each button says what its menu entry says (the tray
        # controller sets the texts).
        self.buttons: dict[str, QPushButton] = {}
        row1 = QHBoxLayout()
        self.dial_button = self._button(row1, "dial")
        self.history_button = self._button(row1, "history")
        self.colleagues_button = self._button(row1, "colleagues")
        layout.addLayout(row1)
        row2 = QHBoxLayout()
        self.dnd_button = self._button(row2, "dnd")
        self.dnd_button.setCheckable(True)
        self.settings_button = self._button(row2, "settings")
        self.quit_button = self._button(row2, "quit")
        layout.addLayout(row2)
        self.setMinimumWidth(340)

    def _button(self, row: QHBoxLayout, key: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(f"{key}_button")
        row.addWidget(button)
        self.buttons[key] = button
        return button

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous():
            # The window button: keep running (calls must still pop), just get out of the way.
            event.ignore()
            self.showMinimized()
            return
        super().closeEvent(event)
