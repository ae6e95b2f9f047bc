"""Icons drawn in code with QPainter: a round badge with a phone handset, a status dot and an
optional missed-calls count. Each size is painted on its own (not scaled) so it stays crisp.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
)

from . import theme

ICON_SIZES = (16, 20, 22, 24, 32, 40, 48, 64, 128, 256)

_BADGE_LIGHT = QColor("#1f6fd1")
_BADGE_OFF = QColor("#7a808a")  # grey badge while not connected
_MISSED = QColor("#e03131")


def handset_path(rect: QRectF) -> QPainterPath:
    """A classic telephone handset filling `rect` (designed on a 24 x 24 grid).

    Earpiece top-left, mouthpiece bottom-right, the handle bowing toward the bottom-left.
    """
    s = min(rect.width(), rect.height()) / 24.0
    ox = rect.x() + (rect.width() - 24 * s) / 2
    oy = rect.y() + (rect.height() - 24 * s) / 2

    def p(x: float, y: float) -> QPointF:
        return QPointF(ox + x * s, oy + y * s)

    path = QPainterPath()
    # Outer edge: from the earpiece's outer tip, down and around the bow, to the mouthpiece.
    path.moveTo(p(7.2, 2.6))
    path.cubicTo(p(5.6, 2.2), p(3.4, 3.0), p(3.0, 5.0))
    path.cubicTo(p(2.4, 9.6), p(6.2, 15.4), p(9.6, 17.8))
    path.cubicTo(p(12.6, 20.4), p(16.6, 22.0), p(19.2, 21.0))
    path.cubicTo(p(20.8, 20.4), p(21.6, 19.0), p(21.4, 17.2))
    # Mouthpiece end cap.
    path.cubicTo(p(21.3, 16.4), p(20.8, 15.8), p(20.0, 15.4))
    path.lineTo(p(17.2, 14.1))
    path.cubicTo(p(16.4, 13.7), p(15.5, 13.9), p(15.0, 14.6))
    path.lineTo(p(14.0, 15.9))
    # Inner edge of the handle, back up toward the earpiece.
    path.cubicTo(p(11.6, 14.7), p(9.3, 12.4), p(8.1, 10.0))
    path.lineTo(p(9.4, 9.0))
    path.cubicTo(p(10.1, 8.5), p(10.3, 7.6), p(9.9, 6.8))
    # Earpiece end cap.
    path.lineTo(p(8.6, 4.0))
    path.cubicTo(p(8.3, 3.3), p(7.8, 2.8), p(7.2, 2.6))
    path.closeSubpath()
    return path


def paint_badge(
    painter: QPainter,
    rect: QRectF,
    state: str = "connected",
    missed: int = 0,
    *,
    dnd: bool = False,
) -> None:
    """Paint the app badge into `rect` with `painter` (antialiased)."""
    size = min(rect.width(), rect.height())
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)

    # The round badge, leaving room for the status dot to overlap its lower-right edge.
    circle = QRectF(rect.x(), rect.y(), size, size).adjusted(
        size * 0.02, size * 0.02, -size * 0.02, -size * 0.02
    )
    connected_look = state in ("connected", "demo")
    base = _BADGE_LIGHT if connected_look else _BADGE_OFF
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(base)
    painter.drawEllipse(circle)

    glyph_rect = circle.adjusted(size * 0.2, size * 0.2, -size * 0.2, -size * 0.2)
    painter.setBrush(QColor("#ffffff"))
    painter.drawPath(handset_path(glyph_rect))

    # Status dot, lower right, with a ring cut out of the badge so it reads at 16 px.
    dot_d = max(5.0, size * 0.36)
    dot = QRectF(rect.x() + size - dot_d, rect.y() + size - dot_d, dot_d, dot_d)
    ring = max(1.0, size * 0.06)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    painter.drawEllipse(dot.adjusted(-ring, -ring, ring, ring))
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    painter.setBrush(QColor(theme.STATE_COLOURS.get(state, "#7a808a")))
    painter.drawEllipse(dot)
    if dnd:
        # A white bar across the dot: "do not disturb".
        bar = QRectF(
            dot.x() + dot_d * 0.22, dot.center().y() - dot_d * 0.1, dot_d * 0.56, dot_d * 0.2
        )
        painter.setBrush(QColor("#ffffff"))
        painter.drawRect(bar)

    if missed > 0:
        text = str(missed) if missed < 10 else "9+"
        bh = max(8.0, size * 0.44)
        bw = bh if len(text) == 1 else bh * 1.45
        badge = QRectF(rect.x() + size - bw, rect.y(), bw, bh)
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
        painter.drawRoundedRect(
            badge.adjusted(-ring, -ring, ring, ring), bh / 2 + ring, bh / 2 + ring
        )
        painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
        painter.setBrush(_MISSED)
        painter.drawRoundedRect(badge, bh / 2, bh / 2)
        f = QFont(painter.font())
        f.setPixelSize(max(6, int(bh * 0.78)))
        f.setWeight(QFont.Weight.Bold)
        painter.setFont(f)
        painter.setPen(QPen(QColor("#ffffff")))
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()


def badge_pixmap(
    size: int, state: str = "connected", missed: int = 0, *, dnd: bool = False
) -> QPixmap:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pm)
    paint_badge(painter, QRectF(0, 0, size, size), state, missed, dnd=dnd)
    painter.end()
    return pm


def status_icon(state: str = "connected", missed: int = 0, *, dnd: bool = False) -> QIcon:
    """The tray / window icon for a connection state, at every size in ICON_SIZES."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(badge_pixmap(size, state, missed, dnd=dnd))
    return icon


def dot_pixmap(colour: QColor | str, size: int = 12) -> QPixmap:
    """A plain coloured dot (status labels)."""
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
    painter.end()
    return pm
