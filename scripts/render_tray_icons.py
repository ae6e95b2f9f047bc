#!/usr/bin/env python3
"""Render the tray badge SVGs (resources/icons/screenpop-{online,offline}.svg) to PNG at every
size the tray icon uses, into resources/icons/rendered/.

The app draws its icon from these PNGs, so the tray icon comes up without loading Qt's SVG
module (~15 ms of start-up). Run this after changing an SVG or ICON_SIZES; the test
tests/test_tray_icon_pngs.py fails while the PNGs and the SVGs differ by a single pixel.

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

    from screenpop.ui import icons

    app = QApplication.instance() or QApplication([sys.argv[0]])  # noqa: F841 (kept alive)
    out = ROOT / "resources" / "icons" / icons.RENDERED_DIR
    out.mkdir(exist_ok=True)
    for variant in icons.VARIANTS:
        for size in icons.ICON_SIZES:
            image = icons.render_svg_base(variant, size)
            if image is None:
                print(f"render_tray_icons.py: screenpop-{variant}.svg is missing or broken",
                      file=sys.stderr)  # fmt: skip
                return 1
            path = out / icons.rendered_name(variant, size)
            if not image.save(str(path), "PNG"):
                print(f"render_tray_icons.py: could not write {path}", file=sys.stderr)
                return 1
            print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
