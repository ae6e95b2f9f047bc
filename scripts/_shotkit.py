"""What the screenshot scripts share: re-running themselves on the Xvfb screen once per palette,
the Qt application in the light or the dark palette on a qasync loop, and the real app
configured for a simulator that the script started.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from screenpop.config import Settings
    from screenpop.controller import AppController

SCHEMES = ("light", "dark")


def rerun_inside(script: str, env: dict[str, str], *arg_lists: list[str]) -> int:
    """Run `script --inside ARGS` on the prepared screen for each list; the first failure's
    exit code, or 0."""
    for args in arg_lists:
        code = subprocess.run([sys.executable, script, "--inside", *args], env=env).returncode
        if code:
            return code
    return 0


def dark_palette() -> QPalette:
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


def qt_app(scheme: str) -> QApplication:
    """The application as the tray app runs it (no quit on the last window), in Fusion so the
    pictures look alike on every desk, with the dark palette for the "dark" scheme."""
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    app.setStyle("Fusion")
    if scheme == "dark":
        app.setPalette(dark_palette())
    return app


def run_on_qasync(app: QApplication, *jobs: Callable[[], Coroutine[Any, Any, None]]) -> int:
    """Run the coroutines one after another on a qasync loop over `app`."""
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    with loop:
        for job in jobs:
            loop.run_until_complete(job())
    return 0


async def settle(seconds: float = 0.6) -> None:
    # Only sleep: the qasync loop runs Qt's events meanwhile. processEvents() here would run
    # worker-thread callbacks (the contact lookup's) inside this task, which qasync refuses.
    await asyncio.sleep(seconds)


class FixedSecret:
    """The simulator's password, as the keyring would give it."""

    available = True

    def get(self, host: str, username: str) -> str:
        return "password"

    def set(self, host: str, username: str, secret: str) -> None:
        pass


def office_settings(port: int, **changes: Any) -> Settings:
    """A receptionist at 201 watching 201-203 on the simulator, with favourites and a CRM."""
    from screenpop.config import Settings

    office = {
        "host": "127.0.0.1",
        "port": port,
        "username": "admin",
        "watch": ("201", "202", "203"),
        "my_extension": "201",
        "favourites": ("202", "203", "306"),
        "crm_url_template": "https://crm.example/search?phone={number}",
    }
    return replace(Settings(), **{**office, **changes})


def _connected(ctl: AppController) -> bool:
    return ctl.bridge.state[0] == "connected"


@asynccontextmanager
async def running_app(
    settings: Settings, folder: Path, ready: Callable[[AppController], bool] = _connected
) -> AsyncIterator[AppController]:
    """The real AppController with `settings` (kept in `folder`), started and, within 5 s,
    `ready`; stopped afterwards."""
    from screenpop.controller import AppController
    from screenpop.settings_store import SettingsStore

    store = SettingsStore(folder / "settings.json")
    store.save(settings)
    ctl = AppController(
        settings_store=store,
        secret_store=FixedSecret(),
        history_path=folder / "h.sqlite3",
        ask_secret=False,
    )
    await ctl.start()
    try:
        for _ in range(100):
            if ready(ctl):
                break
            await asyncio.sleep(0.05)
        yield ctl
    finally:
        await ctl.stop()


def shot_main(
    shoot: Callable[[Path, str], Coroutine[Any, Any, None]],
    outside: Callable[[Path], int],
    default_out: Path,
) -> int:
    """The command line every screenshot script has: run outside (start the screen, re-run itself
    once per palette), or `--inside` that screen: the Qt app in `--scheme`, then `shoot`."""
    import argparse

    p = argparse.ArgumentParser()
    p.add_argument("--out", type=Path, default=default_out)
    p.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--scheme", default="light", help=argparse.SUPPRESS)
    args = p.parse_args()
    if not args.inside:
        return outside(args.out)
    app = qt_app(args.scheme)
    args.out.mkdir(parents=True, exist_ok=True)
    return run_on_qasync(app, lambda: shoot(args.out, args.scheme))
