"""Screenshots of the translated app (Chinese, and German to check long words do not clip),
under Xvfb with a tray host, like scripts/screenshots.py (both use _xvfb.py and _shotkit.py).

    python scripts/screenshots_desktop.py [--out docs/screenshots] [--langs zh_CN de]

Saves <lang>-popup-<scheme>.png, <lang>-tray-menu-<scheme>.png, <lang>-settings-<scheme>.png
and <lang>-settings-desktop-<scheme>.png (zh for zh_CN) for the light and the dark palette.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

from _shotkit import (  # noqa: E402
    SCHEMES,
    office_settings,
    qt_app,
    rerun_inside,
    run_on_qasync,
    running_app,
    settle,
)
from _xvfb import x_screen  # noqa: E402


def outside(out: Path, langs: list[str]) -> int:
    with x_screen("screenshots") as env:
        runs = [
            ["--scheme", scheme, "--lang", lang, "--out", str(out)]
            for lang in langs
            for scheme in SCHEMES
        ]
        return rerun_inside(__file__, env, *runs)


async def _shoot(out: Path, scheme: str, prefix: str) -> None:
    from PySide6.QtCore import QPoint

    from screenpop.pbxsim import PbxSimulator

    sim = PbxSimulator(port=0)
    await sim.start()
    settings = office_settings(sim.port, sound_on_ring=True)
    with tempfile.TemporaryDirectory(prefix="screenpop-shots-") as tmp:
        async with running_app(settings, Path(tmp)) as ctl:
            missed = await sim.incoming_call("075588886666", "刘洋", ["202"])
            await settle(0.3)
            await sim.hangup(missed)
            await settle(1.0)
            await sim.incoming_call("13800138000", "张伟", ["201"])
            await settle(1.5)
            ctl.popups.open_popups()[0].grab().save(str(out / f"{prefix}-popup-{scheme}.png"))
            menu = ctl.tray.menu()
            menu.popup(QPoint(900, 40))
            await settle(0.6)
            menu.grab().save(str(out / f"{prefix}-tray-menu-{scheme}.png"))
            menu.hide()
            ctl.show_settings()
            await settle(0.8)
            dialog = ctl.settings_dialog
            dialog.grab().save(str(out / f"{prefix}-settings-{scheme}.png"))
            dialog.tabs.setCurrentIndex(dialog.tabs.count() - 1)
            await settle(0.4)
            dialog.grab().save(str(out / f"{prefix}-settings-desktop-{scheme}.png"))
            dialog.reject()
    await sim.stop()


def inside(out: Path, scheme: str, lang: str) -> int:
    from screenpop import i18n

    app = qt_app(scheme)
    if i18n.install(app, lang) != lang:
        print(f"screenshots: the {lang} translation did not load", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    prefix = "zh" if lang == "zh_CN" else lang
    return run_on_qasync(app, lambda: _shoot(out, scheme, prefix))


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--langs", nargs="+", default=["zh_CN", "de"])
    p.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--scheme", default="light", help=argparse.SUPPRESS)
    p.add_argument("--lang", default="zh_CN", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.inside:
        return inside(args.out, args.scheme, args.lang)
    return outside(args.out, args.langs)


if __name__ == "__main__":
    sys.exit(main())
