"""Screenshots of contacts in the real app under Xvfb: popups with a contact, the Contacts
settings tab and Recent calls with the contact column, light and dark.

    python scripts/contacts_screenshots.py [--out docs/screenshots]

Saves contacts-popup-{light,dark}.png (a Chinese contact from a CSV export, with caller
context and the missed-today badge), contacts-popup-latin-{light,dark}.png (a contact from a
vCard), contacts-settings-{light,dark}.png and contacts-recent-calls-{light,dark}.png.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from _shotkit import (  # noqa: E402
    SCHEMES,
    office_settings,
    rerun_inside,
    running_app,
    settle,
    shot_main,
)
from _xvfb import x_screen  # noqa: E402

FIX = ROOT / "tests" / "fixtures" / "contacts"


def outside(out: Path) -> int:
    with x_screen("screenshots", tray=False) as env:
        return rerun_inside(__file__, env, *[["--scheme", s, "--out", str(out)] for s in SCHEMES])


async def _shoot(out: Path, scheme: str) -> None:
    from screenpop.pbxsim import PbxSimulator

    sim = PbxSimulator(port=0)
    await sim.start()
    with tempfile.TemporaryDirectory(prefix="screenpop-contact-shots-") as folder:
        tmp = Path(folder)
        # The sources as an office keeps them (a screenshot shows their paths, not this
        # checkout's).
        docs = tmp / "Documents"
        docs.mkdir()
        google = shutil.copy(FIX / "google.csv", docs / "Google contacts.csv")
        phone = shutil.copy(FIX / "android-2.1.vcf", docs / "Phone contacts.vcf")
        settings = office_settings(
            sim.port,
            crm_url_template="https://crm.example/search?phone={e164}&name={name}",
            contact_sources=(
                str(google),
                str(phone),
                "ldaps://cn=reader@dc1.example.com/ou=people,dc=example,dc=com",
            ),
            home_region="CN",
            outside_prefix="0",
        )
        async with running_app(settings, tmp) as ctl:
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
    await sim.stop()


def main() -> int:
    return shot_main(_shoot, outside, ROOT / "docs" / "screenshots")


if __name__ == "__main__":
    sys.exit(main())
