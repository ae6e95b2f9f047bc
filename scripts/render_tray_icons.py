#!/usr/bin/env python3
"""Render the tray badge SVGs (resources/icons/screenpop-{online,offline}.svg) to PNG at every
size the tray icon uses, and the whole "connecting" icon (the first the app shows), without and
with Do not disturb, into resources/icons/rendered/.

The app draws its icon from the badge PNGs, so Qt's SVG module is not loaded for it, and shows
the ready-made first icon without drawing at all (start-up). Run this after changing an SVG,
ICON_SIZES or the badge's drawing; tests/test_tray_icon_pngs.py fails while a PNG and what it
stands for differ by a single pixel.

    python scripts/render_tray_icons.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    from PySide6.QtWidgets import QApplication

    from screenpop.ui import badge, icons

    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 (kept alive)
    out = ROOT / "resources" / "icons" / icons.RENDERED_DIR
    out.mkdir(exist_ok=True)
    for variant in icons.VARIANTS:
        for size in icons.ICON_SIZES:
            image = badge.render_svg_base(variant, size)
            if image is None:
                print(f"render_tray_icons.py: screenpop-{variant}.svg is missing or broken",
                      file=sys.stderr)  # fmt: skip
                return 1
            path = out / icons.rendered_name(variant, size)
            if not image.save(str(path), "PNG"):
                print(f"render_tray_icons.py: could not write {path}", file=sys.stderr)
                return 1
            print(path.relative_to(ROOT))
    # After the badges: the whole icons are drawn from them.
    badge._base_image.cache_clear()
    for state, dnd in icons.READY_MADE:
        for size in icons.ICON_SIZES:
            path = out / icons.ready_made_name(state, size, dnd)
            if not badge.badge_pixmap(size, state, dnd=dnd).save(str(path), "PNG"):
                print(f"render_tray_icons.py: could not write {path}", file=sys.stderr)
                return 1
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
