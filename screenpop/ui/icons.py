"""The app and tray icons: the badge (ui/badge.py draws it) at every size in ICON_SIZES, for a
connection state, with Do not disturb and the missed-calls count.

The "connecting" icon, the first one the app shows, is also shipped ready-made, without and with
Do not disturb (resources/icons/rendered/tray-connecting[-dnd]-<size>.png, drawn by
scripts/render_tray_icons.py, checked pixel for pixel against the drawing by a test). It goes
into the icon as files that Qt reads only when a size is shown, so the tray icon comes up without
loading and drawing the badge at ten sizes, nor setting up the painting classes (~15-20 ms at
start-up).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

import screenpop.desktop.resources as resources

log = logging.getLogger(__name__)

ICON_SIZES = (16, 20, 22, 24, 32, 40, 48, 64, 128, 256)
VARIANTS = ("online", "offline")  # the badge's two colours
RENDERED_DIR = "rendered"  # under resources/icons
# (state, Do not disturb) of the icons shipped as PNGs: what the first icon can be.
READY_MADE = (("connecting", False), ("connecting", True))


def rendered_name(variant: str, size: int) -> str:
    """The file name of the badge PNG (no dot, no overlays) for `variant` at `size` pixels."""
    return f"screenpop-{variant}-{size}.png"


def ready_made_name(state: str, size: int, dnd: bool = False) -> str:
    """The file name of the whole icon (no missed calls) for `state` at `size` pixels."""
    return f"tray-{state}{'-dnd' if dnd else ''}-{size}.png"


def _ready_made(state: str, dnd: bool) -> QIcon | None:
    folder = resources.resource_path("icons", RENDERED_DIR)
    paths = [folder / ready_made_name(state, size, dnd) for size in ICON_SIZES]
    if not all(path.is_file() for path in paths):
        log.debug("no ready-made %s icon in %s; drawing it", state, folder)
        return None
    icon = QIcon()
    for size, path in zip(ICON_SIZES, paths, strict=True):
        # With its size given, Qt reads the file only when that size is first shown.
        icon.addFile(str(path), QSize(size, size))
    return icon


def status_icon(state: str = "connected", missed: int = 0, *, dnd: bool = False) -> QIcon:
    """The tray / window icon for a connection state, at every size in ICON_SIZES."""
    if missed == 0 and (state, dnd) in READY_MADE:
        icon = _ready_made(state, dnd)
        if icon is not None:
            return icon
    from .badge import badge_pixmap

    icon = QIcon()
    for size in ICON_SIZES:
        icon.addPixmap(badge_pixmap(size, state, missed, dnd=dnd))
    return icon
