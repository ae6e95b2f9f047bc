"""The "+K more calls ringing" note on top of the popup stack.

When more calls ring than popups fit (PopupStack.max_visible), the rest wait in a queue and
this one small window says how many; a click opens the recent calls, where they are listed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget

from . import theme


class MoreCallsNote(QLabel):
    """A click-through note: `clicked` when the user clicks it."""

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            parent,
            Qt.WindowType.Tool
            | Qt.WindowType.FramelessWindowHint
            | Qt.WindowType.WindowStaysOnTopHint,
        )
        self.setObjectName("more_calls_note")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating, True)
        self.setAttribute(Qt.WidgetAttribute.WA_MacAlwaysShowToolWindow, True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setFixedWidth(theme.POPUP_WIDTH)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFont(theme.font(bold=True))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(
            self.tr(
                "More calls are ringing than fit on the screen; they pop up as"
                " the ones shown close. Click to see them in Recent calls."
            )
        )
        self.setWindowTitle(self.tr("More calls ringing"))
        self._count = 0
        self._theming = False
        self._restyle()

    @property
    def count(self) -> int:
        return self._count

    def set_count(self, calls: int) -> None:
        self._count = calls
        if calls == 1:
            self.setText(self.tr("+1 more call ringing"))
        else:
            self.setText(self.tr("+{0} more calls ringing").format(calls))
        self.adjustSize()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and not self._theming:
            self._restyle()

    def _restyle(self) -> None:
        self._theming = True  # setting a style sheet changes the palette: no loop
        try:
            self._apply_style()
        finally:
            self._theming = False

    def _apply_style(self) -> None:
        pal = self.palette()
        qss = (
            f"QLabel#more_calls_note {{ background: {theme.colour_css(theme.accent(pal))};"
            f" color: {theme.ACCENT_TEXT}; border-radius: {theme.RADIUS}px;"
            f" padding: {theme.SPACING}px {theme.MARGIN}px; }}"
        )
        if qss != self.styleSheet():
            self.setStyleSheet(qss)


__all__ = ["MoreCallsNote"]
