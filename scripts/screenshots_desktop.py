"""Screenshots of the translated app (Chinese, and German to check long words do not clip),
under Xvfb with a tray host, like scripts/screenshots.py (whose helpers it uses).

    python scripts/screenshots_desktop.py [--out docs/screenshots] [--langs zh_CN de]

Saves <lang>-popup-<scheme>.png, <lang>-tray-menu-<scheme>.png, <lang>-settings-<scheme>.png
and <lang>-settings-desktop-<scheme>.png (zh for zh_CN) for the light and the dark palette.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))

import screenshots  # noqa: E402  (the project's screenshot helpers)


def outside(out: Path, langs: list[str]) -> int:
    for tool in ("Xvfb", "trayer"):
        if shutil.which(tool) is None:
            print(f"screenshots: '{tool}' is missing: apt-get install xvfb trayer", file=sys.stderr)
            return 2
    display = f":{screenshots._free_display()}"
    procs: list[subprocess.Popen] = []
    try:
        procs.append(
            subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        )
        env = {**os.environ, "DISPLAY": display}
        time.sleep(1.0)
        procs.append(
            subprocess.Popen(
                ["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                 "--height", "32", "--transparent", "false", "--tint", "0x2b2b2b"],
                env=env,
            )
        )  # fmt: skip
        time.sleep(0.8)
        env["QT_QPA_PLATFORM"] = "xcb"
        for lang in langs:
            for scheme in ("light", "dark"):
                code = subprocess.run(
                    [sys.executable, __file__, "--inside", "--scheme", scheme, "--lang", lang,
                     "--out", str(out)],
                    env=env,
                ).returncode  # fmt: skip
                if code:
                    return code
        return 0
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(5)


async def _shoot(out: Path, scheme: str, prefix: str) -> None:
    from dataclasses import replace

    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QApplication

    from screenpop.config import Settings
    from screenpop.controller import AppController
    from screenpop.pbxsim import PbxSimulator
    from screenpop.settings_store import SettingsStore

    app = QApplication.instance()
    assert app is not None

    async def settle(seconds: float = 0.6) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            await asyncio.sleep(0.05)

    class Secrets:
        available = True

        def get(self, host, username):
            return "password"

        def set(self, *a):
            pass

    tmp = Path(tempfile.mkdtemp(prefix="screenpop-shots-"))
    sim = PbxSimulator(port=0)
    await sim.start()
    store = SettingsStore(tmp / "settings.json")
    store.save(
        replace(
            Settings(),
            host="127.0.0.1",
            port=sim.port,
            username="admin",
            watch=("201", "202", "203"),
            my_extension="201",
            favourites=("202", "203", "306"),
            crm_url_template="https://crm.example/search?phone={number}",
            sound_on_ring=True,
        )
    )
    ctl = AppController(
        settings_store=store, secret_store=Secrets(), history_path=tmp / "h.sqlite3",
        ask_secret=False,
    )  # fmt: skip
    await ctl.start()
    for _ in range(100):
        if ctl.bridge.state[0] == "connected":
            break
        await asyncio.sleep(0.05)
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
    await ctl.stop()
    await sim.stop()


def inside(out: Path, scheme: str, lang: str) -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    from screenpop import i18n

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    app.setStyle("Fusion")
    if scheme == "dark":
        app.setPalette(screenshots._dark_palette())
    if i18n.install(app, lang) != lang:
        print(f"screenshots: the {lang} translation did not load", file=sys.stderr)
        return 1
    out.mkdir(parents=True, exist_ok=True)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    prefix = "zh" if lang == "zh_CN" else lang
    with loop:
        loop.run_until_complete(_shoot(out, scheme, prefix))
    return 0


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
