"""Screenshots of the CSV column editor (Settings > Contacts > Columns…) in the real app
under Xvfb, light and dark.

    python scripts/csv_columns_screenshots.py [--out docs/screenshots]

Saves contacts-csv-columns-{light,dark}.png: a CRM export whose headers the guess does not
know ("Customer", "Contact person"), with those two chosen by hand; the phone columns were
guessed ("Tel", "Mobile"). And contacts-csv-columns-settings-{light,dark}.png: the Contacts
tab after OK, the choices written into the source.
"""

from __future__ import annotations

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

EXPORT = (
    "Customer;Contact person;Tel;Mobile;Remarks\r\n"
    "Müller & Söhne GmbH;Anna Schmidt;+49 30 1234 5678;+49 171 1234567;orders Mon-Thu\r\n"
    "深圳华强电子有限公司;王小明;0755 8888 1234;138 0013 8000;VIP\r\n"
    "Front Desk Supplies;Bob O'Neil;+1 212 555 0100;;\r\n"
    "北京韩梅梅贸易有限公司;李雷;010 8888 6666;;老客户\r\n"
)


def outside(out: Path) -> int:
    with x_screen("screenshots", tray=False) as env:
        return rerun_inside(__file__, env, *[["--scheme", s, "--out", str(out)] for s in SCHEMES])


async def _shoot(out: Path, scheme: str) -> None:
    from screenpop.pbxsim import PbxSimulator

    sim = PbxSimulator(port=0)
    await sim.start()
    with tempfile.TemporaryDirectory(prefix="screenpop-csv-columns-") as folder:
        tmp = Path(folder)
        docs = tmp / "Documents"
        docs.mkdir()
        export = docs / "CRM export.csv"
        export.write_bytes(EXPORT.encode("utf-8-sig"))
        settings = office_settings(sim.port, contact_sources=(str(export),), home_region="DE")
        async with running_app(settings, tmp) as ctl:
            await settle(1.0)
            ctl.show_settings()
            dialog = ctl.settings_dialog
            tab = dialog.contacts_tab
            dialog.tabs.setCurrentWidget(tab)
            tab.sources.setCurrentItem(tab.sources.topLevelItem(0))
            await settle(0.5)
            tab.columns_button.click()
            editor = tab.columns_dialog
            await settle(1.0)
            assert editor.table.rowCount() == 4, "the controller did not read the file"
            editor.combos["name"].setCurrentText("Contact person")
            editor.combos["company"].setCurrentText("Customer")
            editor.combos["notes"].setCurrentText("Remarks")
            await settle(0.5)
            editor.grab().save(str(out / f"contacts-csv-columns-{scheme}.png"))
            editor.accept()
            await settle(1.0)
            dialog.grab().save(str(out / f"contacts-csv-columns-settings-{scheme}.png"))
            print(tab.source_texts()[0])
            dialog.reject()
    await sim.stop()


def main() -> int:
    return shot_main(_shoot, outside, ROOT / "docs" / "screenshots")


if __name__ == "__main__":
    sys.exit(main())
