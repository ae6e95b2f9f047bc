"""Drawing the app badge: the SVG badge (online or offline colour), from PNGs rendered from the
SVGs at every size in icons.ICON_SIZES (resources/icons/rendered/, made by
scripts/render_tray_icons.py, checked pixel for pixel against the SVGs by a test), so Qt's SVG
module is not loaded for them; any other size, or a missing PNG, is rendered from the SVG. The
status dot, Do not disturb and the missed-calls count are composed over it. Each size is drawn
on its own (not scaled) so it stays crisp. icons.py puts the sizes together into the icon.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPalette, QPixmap

import screenpop.desktop.resources as resources

from . import theme
from .icons import ICON_SIZES, RENDERED_DIR, rendered_name

if TYPE_CHECKING:
    # Naming a Qt class in an import sets up its enums (QFont: ~3 ms): the plain icon at
    # start-up does without these, so they are imported where used.
    from PySide6.QtGui import QBrush
    from PySide6.QtSvg import QSvgRenderer

log = logging.getLogger(__name__)

_BADGE_LIGHT = QColor("#1f6fd1")  # the fallback disc when an SVG is missing
_BADGE_OFF = QColor("#7a808a")  # grey badge while not connected
_MISSED = QColor("#e03131")
_TRANSPARENT = QColor(0, 0, 0, 0)


# No Qt enums on the way to the tray icon: the first use of PySide6's `Qt` namespace builds
# every enum in it (~100 ms here), and so does calling a function one of whose overloads takes
# such an enum (setPen, setBrush, QBrush(colour), QSvgRenderer(bytes)). The icon is the first
# thing the app shows, before anything else needs that namespace.


def _ellipse(rect: QRectF) -> QPainterPath:
    shape = QPainterPath()
    shape.addEllipse(rect)
    return shape


def _fill(painter: QPainter, shape: QPainterPath, colour: QColor | None) -> None:
    """Fill without a pen, as drawEllipse/drawRect with no pen do; nothing without a colour
    (as drawing with no brush)."""
    if colour is not None:
        painter.fillPath(shape, _solid(colour))


def _solid(colour: QColor) -> QBrush:
    # A solid brush without QBrush(colour) (see "No Qt enums" above): a palette keeps its
    # colours as solid brushes, and QPalette's roles are its own enums.
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, colour)
    return palette.brush(QPalette.ColorRole.Window)


@functools.cache
def _base_image(variant: str, size: int) -> QImage | None:
    """The pre-rendered badge, or None (not a shipped size, or the PNG is missing or broken)."""
    if size not in ICON_SIZES:
        return None
    image = QImage()
    path = resources.resource_path("icons", RENDERED_DIR, rendered_name(variant, size))
    if not image.load(str(path)) or image.width() != size or image.height() != size:
        log.debug("no usable %s; the badge is rendered from the SVG", path)
        return None
    return image


def render_svg_base(variant: str, size: int) -> QImage | None:
    """The badge SVG alone rendered at `size`, as paint_badge draws it (scripts/render_tray_icons.py
    makes the shipped PNGs with this); None when the SVG is missing or broken."""
    renderer = _renderer(variant)
    if renderer is None:
        return None
    pm = QPixmap(size, size)
    pm.fill(_TRANSPARENT)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    renderer.render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pm.toImage()


@functools.cache
def _renderer(variant: str) -> QSvgRenderer | None:
    """The badge SVG ("online" or "offline"), or None when it is missing or broken."""
    data = resources.read_bytes("icons", f"screenpop-{variant}.svg")
    if data is None:
        return None
    # Only here: the shipped sizes come from the PNGs, without Qt's SVG module.
    from PySide6.QtCore import QByteArray
    from PySide6.QtSvg import QSvgRenderer

    # Made empty, then loaded: not the constructor (see "No Qt enums" above).
    renderer = QSvgRenderer()
    if not renderer.load(QByteArray(data)) or not renderer.isValid():
        log.warning("icon screenpop-%s.svg is not valid SVG", variant)
        return None
    return renderer


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
    variant = "online" if connected_look else "offline"
    # The PNG only where it is exactly what the SVG would draw: a shipped size, whole pixels.
    whole = size == int(size) and rect.x() == int(rect.x()) and rect.y() == int(rect.y())
    base = _base_image(variant, int(size)) if whole else None
    renderer = _renderer(variant) if base is None else None
    # Shapes are filled with fillPath, without setPen/setBrush (see "No Qt enums" above).
    # `brush` stands for the painter's brush of the usual drawing: none until set.
    brush: QColor | None = None
    if base is not None:
        painter.drawImage(QPointF(rect.x(), rect.y()), base)
    elif renderer is not None:
        renderer.render(painter, QRectF(rect.x(), rect.y(), size, size))
    else:  # no SVG: a plain disc still carries the state colours
        brush = _BADGE_LIGHT if connected_look else _BADGE_OFF
        _fill(painter, _ellipse(circle), brush)

    # Status dot, lower right, with a ring cut out of the badge so it reads at 16 px.
    dot_d = max(5.0, size * 0.36)
    dot = QRectF(rect.x() + size - dot_d, rect.y() + size - dot_d, dot_d, dot_d)
    ring = max(1.0, size * 0.06)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    _fill(painter, _ellipse(dot.adjusted(-ring, -ring, ring, ring)), brush)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceOver)
    dot_colour = QColor(theme.STATE_COLOURS.get(state, "#7a808a"))
    _fill(painter, _ellipse(dot), dot_colour)
    if dnd or missed > 0:
        # Less common looks: drawn with the painter's pen and brush, which builds the Qt
        # namespace (~40 ms, once). Filling the bar as the shapes above would avoid it, but
        # changes a few of its edge pixels by one level: the look was kept.
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QFont, QPen

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(dot_colour)
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
    pm.fill(_TRANSPARENT)
    painter = QPainter(pm)
    paint_badge(painter, QRectF(0, 0, size, size), state, missed, dnd=dnd)
    painter.end()
    return pm


def dot_pixmap(colour: QColor | str, size: int = 12) -> QPixmap:
    """A plain coloured dot (status labels)."""
    pm = QPixmap(size, size)
    pm.fill(_TRANSPARENT)
    painter = QPainter(pm)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    _fill(painter, _ellipse(QRectF(1, 1, size - 2, size - 2)), QColor(colour))
    painter.end()
    return pm
