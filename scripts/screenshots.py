"""Screenshots of the real app under Xvfb with a tray host, for the README.

    python scripts/screenshots.py [--out docs/screenshots]

Starts its own Xvfb and trayer, runs the app against the built-in simulator (fixed calls,
not random demo ones, so the pictures are reproducible), and saves: the tray with a missed
call badge, popups (a Chinese caller name, a ring group), the recent-calls window and the
settings dialog, in the light and the dark palette. Needs Debian's xvfb and trayer.

    python scripts/screenshots.py --only colleagues

makes only the colleagues pictures (a popup with named, coloured favourites and the colleagues
window), leaving the other files as they are.
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


def _free_display() -> int:
    for n in range(90, 140):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise SystemExit("screenshots: no free X display number between :90 and :139")


def outside(out: Path, only: str = "") -> int:
    for tool in ("Xvfb", "trayer"):
        if shutil.which(tool) is None:
            print(f"screenshots: '{tool}' is missing: apt-get install xvfb trayer", file=sys.stderr)
            return 2
    display = f":{_free_display()}"
    procs: list[subprocess.Popen] = []
    try:
        procs.append(
            subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
        )
        env = {**os.environ, "DISPLAY": display}
        for _ in range(50):
            if subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        procs.append(
            subprocess.Popen(
                [
                    "trayer",
                    "--edge",
                    "top",
                    "--align",
                    "right",
                    "--widthtype",
                    "request",
                    "--height",
                    "32",
                    "--transparent",
                    "false",
                    "--tint",
                    "0x2b2b2b",
                ],
                env=env,
            )
        )
        time.sleep(0.8)
        env["QT_QPA_PLATFORM"] = "xcb"
        for scheme in ("light", "dark"):
            code = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--inside",
                    "--scheme",
                    scheme,
                    "--out",
                    str(out),
                    "--only",
                    only,
                ],
                env=env,
            ).returncode
            if code:
                return code
        return 0
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(5)


def _dark_palette():
    from PySide6.QtGui import QColor, QPalette

    p = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#2b2d30",
        QPalette.ColorRole.WindowText: "#e8e8e8",
        QPalette.ColorRole.Base: "#1f2124",
        QPalette.ColorRole.AlternateBase: "#2f3236",
        QPalette.ColorRole.Text: "#e8e8e8",
        QPalette.ColorRole.Button: "#3a3d41",
        QPalette.ColorRole.ButtonText: "#e8e8e8",
        QPalette.ColorRole.Highlight: "#3d7bd9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#3a3d41",
        QPalette.ColorRole.ToolTipText: "#e8e8e8",
        QPalette.ColorRole.PlaceholderText: "#8a8d91",
        QPalette.ColorRole.Link: "#6ea8ff",
    }
    for role, colour in roles.items():
        p.setColor(role, QColor(colour))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor("#7a7d81"))
    p.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText, QColor("#7a7d81"))
    return p


async def _shoot(out: Path, scheme: str) -> None:
    from dataclasses import replace

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

    def save_screen(name: str) -> None:
        app.primaryScreen().grabWindow(0).save(str(out / f"{name}-{scheme}.png"))

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
        )
    )
    ctl = AppController(
        settings_store=store,
        secret_store=Secrets(),
        history_path=tmp / "h.sqlite3",
        ask_secret=False,
    )
    await ctl.start()
    for _ in range(100):
        if ctl.bridge.state[0] == "connected":
            break
        await asyncio.sleep(0.05)
    # Some history first: answered calls and a missed one.
    history_calls = [
        ("13912345678", "王芳", "202", True),
        ("+34911234567", "José Müller", "201", True),
        ("0571888", "", "203", False),
        ("+442079460000", "Siobhán O'Brien", "201", True),
        ("075588886666", "刘洋", "202", False),
    ]
    for number, name, ext, answered in history_calls:
        call = await sim.incoming_call(number, name, [ext])
        await settle(0.2)
        if answered:
            await sim.answer(call, ext)
            await settle(0.2)
        await sim.hangup(call)
        await settle(0.2)
    await settle(2.5)
    # Now the pops: a Chinese caller ringing 201 and a ring group.
    await sim.incoming_call("13800138000", "张伟", ["201"])
    await settle(1.2)
    popup = ctl.popups.open_popups()[0]
    popup.grab().save(str(out / f"popup-{scheme}.png"))
    ring = await sim.incoming_call("+33142868200", "Zoë Lefèvre", ["202", "203"])
    await settle(1.5)
    save_screen("desktop")
    await sim.answer(ring, "203")
    await settle(0.5)
    save_screen("answered-elsewhere")
    ctl.show_history()
    await settle(0.8)
    ctl.history_window.grab().save(str(out / f"recent-calls-{scheme}.png"))
    ctl.history_window.hide()
    ctl.show_settings()
    await settle(0.8)
    ctl.settings_dialog.grab().save(str(out / f"settings-{scheme}.png"))
    ctl.settings_dialog.reject()
    tray_icon = ctl.tray.icon().pixmap(64, 64)
    tray_icon.save(str(out / f"tray-icon-{scheme}.png"))
    await ctl.stop()
    await sim.stop()


async def _shoot_colleagues(out: Path, scheme: str) -> None:
    """A popup whose favourites carry names and live states, and the colleagues window."""
    from PySide6.QtWidgets import QApplication

    from screenpop.config import Settings
    from screenpop.controller import DEMO_NAMES, AppController
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
    sim = PbxSimulator(port=0, extensions=DEMO_NAMES, extension_names=DEMO_NAMES)
    sim.directory.peers["209"].registered = False
    await sim.start()
    store = SettingsStore(tmp / "settings.json")
    store.save(
        Settings(
            host="127.0.0.1",
            port=sim.port,
            username="admin",
            watch=("201",),
            my_extension="201",
            favourites=("202", "203", "204", "205", "209", "306"),
        )
    )
    ctl = AppController(
        settings_store=store,
        secret_store=Secrets(),
        history_path=tmp / "h.sqlite3",
        ask_secret=False,
    )
    await ctl.start()
    for _ in range(100):
        if ctl.colleague_model.rowCount() == len(DEMO_NAMES):
            break
        await asyncio.sleep(0.05)
    # A living office: one colleague on a call, one phone ringing, one out.
    talk = await sim.internal_call("203", "206")
    await sim.answer(talk, "206")
    await sim.incoming_call("02168881234", "李娜", ["205"])
    await settle(0.8)
    await sim.incoming_call("13800138000", "张伟", ["201"])
    await settle(1.2)
    popup = ctl.popups.open_popups()[0]
    popup.grab().save(str(out / f"colleagues-popup-{scheme}.png"))
    ctl.show_colleagues()
    await settle(1.0)
    ctl.colleagues_window.grab().save(str(out / f"colleagues-window-{scheme}.png"))
    await ctl.stop()
    await sim.stop()


def inside(out: Path, scheme: str, only: str = "") -> int:
    import qasync
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    app.setStyle("Fusion")
    if scheme == "dark":
        app.setPalette(_dark_palette())
    out.mkdir(parents=True, exist_ok=True)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        if only != "colleagues":
            loop.run_until_complete(_shoot(out, scheme))
        loop.run_until_complete(_shoot_colleagues(out, scheme))
    return 0


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--scheme", default="light", help=argparse.SUPPRESS)
    p.add_argument("--only", default="", choices=["", "colleagues"], help="one set of pictures")
    args = p.parse_args()
    if args.inside:
        return inside(args.out, args.scheme, args.only)
    return outside(args.out, args.only)


if __name__ == "__main__":
    sys.exit(main())
