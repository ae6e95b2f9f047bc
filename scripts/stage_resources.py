"""Stage what the PyInstaller build bundles: resources/ with compiled translations, plus the
icon formats Windows (.ico) and macOS (.icns) want, rendered from the SVG with Qt.

    python scripts/stage_resources.py STAGE_DIR
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(stage: Path) -> None:
    import PySide6

    res = stage / "resources"
    shutil.copytree(ROOT / "resources", res, dirs_exist_ok=True)
    lrelease = Path(PySide6.__file__).parent / ("lrelease.exe" if os.name == "nt" else "lrelease")
    for ts in sorted((res / "translations").glob("*.ts")):
        subprocess.run(
            [str(lrelease), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True
        )
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QByteArray
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication([])  # noqa: F841 (Qt needs it to paint)
    svg = QSvgRenderer(QByteArray((ROOT / "resources" / "icons" / "screenpop.svg").read_bytes()))
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    svg.render(painter)
    painter.end()
    image.save(str(stage / "screenpop.png"))
    image.save(str(stage / "screenpop.ico"))  # Qt writes .ico; .icns needs macOS's iconutil
    if sys.platform == "darwin" and shutil.which("iconutil"):
        iconset = stage / "screenpop.iconset"
        iconset.mkdir(exist_ok=True)
        for size in (16, 32, 128, 256):
            image.scaled(size, size).save(str(iconset / f"icon_{size}x{size}.png"))
        subprocess.run(["iconutil", "-c", "icns", str(iconset)], check=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
