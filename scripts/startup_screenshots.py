"""Screenshots of the tray icon and its menu right after the real start-up (`screenpop --demo`,
screenpop.app.run: lock file, icon, then the rest), under Xvfb with a tray host.

    python scripts/startup_screenshots.py [--out docs/screenshots]

Saves startup3-tray-menu-<language>.png: the top right of the screen with the tray icon and
its menu opened, in English and in German (the language comes from the settings file, which the
app now reads before the icon). Needs Debian's xvfb and trayer.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from _xvfb import x_screen  # noqa: E402

LANGUAGES = ("en", "de")


def outside(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    with x_screen("startup-shots") as env:
        for language in LANGUAGES:
            with tempfile.TemporaryDirectory(prefix="screenpop-shots-") as tmp:
                config = Path(tmp, "config", "screenpop")
                config.mkdir(parents=True)
                settings = {"version": 1, "language": language}
                (config / "settings.json").write_text(json.dumps(settings), encoding="utf-8")
                run_env = dict(
                    env,
                    XDG_CONFIG_HOME=str(Path(tmp, "config")),
                    XDG_DATA_HOME=str(Path(tmp, "data")),
                    XDG_CACHE_HOME=str(Path(tmp, "cache")),
                    TMPDIR=tmp,
                    HOME=tmp,
                    SCREENPOP_INSTANCE=f"screenpop-shots-{os.getpid()}",
                )
                target = out / f"startup3-tray-menu-{language}.png"
                cmd = [sys.executable, __file__, "--inside", "--save", str(target)]
                code = subprocess.run(cmd, env=run_env, timeout=120).returncode
                if code:
                    return code
    return 0


def inside(save: Path) -> int:
    from PySide6.QtCore import QRect, QTimer
    from PySide6.QtWidgets import QApplication

    from screenpop import app as screenpop_app

    qt = QApplication([sys.argv[0]])
    shown: dict[str, object] = {}
    _show_tray = screenpop_app._show_tray

    def keep_tray(application):  # type: ignore[no-untyped-def]
        tray, look = _show_tray(application)
        shown["tray"] = tray
        return tray, look

    screenpop_app._show_tray = keep_tray  # type: ignore[assignment]

    def open_menu() -> None:
        tray = shown["tray"]
        icon = tray.tray_icon  # type: ignore[attr-defined]
        if icon is None:
            print("startup-shots: no tray host on this screen", file=sys.stderr)
            qt.exit(1)
            return
        geometry = icon.geometry()
        tray.menu().popup(geometry.bottomLeft())  # type: ignore[attr-defined]
        QTimer.singleShot(600, shoot)

    def shoot() -> None:
        screen = qt.primaryScreen()
        whole = screen.grabWindow(0)
        width = 520
        area = QRect(whole.width() - width, 0, width, 300)
        ok = whole.copy(area).save(str(save))
        print(save, flush=True)
        # Ends here: the picture is all this run is for (quitting through QApplication.quit
        # prints an unrelated shutdown traceback; see the startup3 notes).
        os._exit(0 if ok else 1)

    QTimer.singleShot(3000, open_menu)  # the demo PBX connected, the menu wired
    return screenpop_app.run(["--demo"])


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--save", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.inside:
        return inside(args.save)
    return outside(args.out)


if __name__ == "__main__":
    sys.exit(main())
