"""Screenshots of contacts in the real app under Xvfb: popups with a contact, the Contacts
settings tab and Recent calls with the contact column, light and dark.

    python scripts/contacts_screenshots.py [--out docs/screenshots]

Saves contacts-popup-{light,dark}.png (a Chinese contact from a CSV export, with caller
context and the missed-today badge), contacts-popup-latin-{light,dark}.png (a contact from a
vCard), contacts-settings-{light,dark}.png and contacts-recent-calls-{light,dark}.png.
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

from screenshots import _dark_palette, _free_display  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "contacts"


def outside(out: Path) -> int:
    if shutil.which("Xvfb") is None:
        print("screenshots: 'Xvfb' is missing: apt-get install xvfb", file=sys.stderr)
        return 2
    display = f":{_free_display()}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
    try:
        env = {**os.environ, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        for _ in range(50):
            if subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0:
                break
            time.sleep(0.1)
        for scheme in ("light", "dark"):
            code = subprocess.run(
                [sys.executable, __file__, "--inside", "--scheme", scheme, "--out", str(out)],
                env=env,
            ).returncode
            if code:
                return code
        return 0
    finally:
        xvfb.terminate()
        xvfb.wait(5)


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
        # Only sleep: the qasync loop runs Qt's events. processEvents() here would run the
        # lookup's worker-thread callbacks inside this task (qasync refuses that).
        await asyncio.sleep(seconds)

    class Secrets:
        available = True

        def get(self, host, username):
            return "password"

        def set(self, *a):
            pass

    tmp = Path(tempfile.mkdtemp(prefix="screenpop-contact-shots-"))
    sim = PbxSimulator(port=0)
    await sim.start()
    # The sources as an office keeps them (a screenshot shows their paths, not this checkout's).
    docs = tmp / "Documents"
    docs.mkdir()
    google = shutil.copy(FIX / "google.csv", docs / "Google contacts.csv")
    phone = shutil.copy(FIX / "android-2.1.vcf", docs / "Phone contacts.vcf")
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
            crm_url_template="https://crm.example/search?phone={e164}&name={name}",
            contact_sources=(
                str(google),
                str(phone),
                "ldaps://cn=reader@dc1.example.com/ou=people,dc=example,dc=com",
            ),
            home_region="CN",
            outside_prefix="0",
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
    await settle(1.0)
    # History: the same caller answered by 202 earlier, then missed; another caller.
    for number, ext, answered in (
        ("013800138000", "202", True),
        ("013800138000", "203", False),
        ("+33142685300", "201", True),
        ("15012345678", "202", True),
    ):
        call = await sim.incoming_call(number, "", [ext])
        await settle(0.3)
        if answered:
            await sim.answer(call, ext)
            await settle(0.2)
        await sim.hangup(call)
        await settle(0.3)
    await settle(1.0)
    await sim.incoming_call("013800138000", "", ["201"])
    await settle(1.5)
    popup = ctl.popups.open_popups()[-1]
    popup.grab().save(str(out / f"contacts-popup-{scheme}.png"))
    ctl.popups.close_all("shot")
    await sim.incoming_call("+33 1 42 68 53 00".replace(" ", ""), "", ["201"])
    await settle(1.5)
    popup = ctl.popups.open_popups()[-1]
    popup.grab().save(str(out / f"contacts-popup-latin-{scheme}.png"))
    ctl.popups.close_all("shot")
    ctl.show_history()
    await settle(0.8)
    ctl.history_window.grab().save(str(out / f"contacts-recent-calls-{scheme}.png"))
    ctl.history_window.hide()
    ctl.show_settings()
    dialog = ctl.settings_dialog
    dialog.tabs.setCurrentWidget(dialog.contacts_tab)
    dialog.contacts_tab.sources.setCurrentItem(dialog.contacts_tab.sources.topLevelItem(0))
    await settle(2.5)  # the LDAP server does not exist: its status line says so
    dialog.grab().save(str(out / f"contacts-settings-{scheme}.png"))
    dialog.reject()
    await ctl.stop()
    await sim.stop()


def inside(out: Path, scheme: str) -> int:
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
        loop.run_until_complete(_shoot(out, scheme))
    return 0


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--scheme", default="light", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.inside:
        return inside(args.out, args.scheme)
    return outside(args.out)


if __name__ == "__main__":
    sys.exit(main())
