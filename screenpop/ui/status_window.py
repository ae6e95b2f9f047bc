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

        row1 = QHBoxLayout()
        self.dial_button = QPushButton()
        self.dial_button.setObjectName("dial_button")
        row1.addWidget(self.dial_button)
        self.history_button = QPushButton()
        self.history_button.setObjectName("history_button")
        row1.addWidget(self.history_button)
        self.colleagues_button = QPushButton()
        self.colleagues_button.setObjectName("colleagues_button")
        row1.addWidget(self.colleagues_button)
        layout.addLayout(row1)
        row2 = QHBoxLayout()
        self.dnd_button = QPushButton()
        self.dnd_button.setObjectName("dnd_button")
        self.dnd_button.setCheckable(True)
        row2.addWidget(self.dnd_button)
        self.settings_button = QPushButton()
        self.settings_button.setObjectName("settings_button")
        row2.addWidget(self.settings_button)
        self.quit_button = QPushButton()
        self.quit_button.setObjectName("quit_button")
        row2.addWidget(self.quit_button)
        layout.addLayout(row2)
        self.setMinimumWidth(340)
        self.retranslate()

    def retranslate(self) -> None:
        """The buttons' text in the current language (translations may come after the window)."""
        self.dial_button.setText(self.tr("Dial a number…"))
        self.history_button.setText(self.tr("Recent calls"))
        self.colleagues_button.setText(self.tr("Colleagues"))
        self.dnd_button.setText(self.tr("Do not disturb"))
        self.settings_button.setText(self.tr("Settings…"))
        self.quit_button.setText(self.tr("Quit"))

    def closeEvent(self, event: QCloseEvent) -> None:
        if event.spontaneous():
            # The window button: keep running (calls must still pop), just get out of the way.
            event.ignore()
            self.showMinimized()
            return
        super().closeEvent(event)
