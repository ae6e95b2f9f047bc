"""Screenshots for the footprint work (issue 12): five popups ringing at once, their elapsed
time counted by the shared once-a-second tick, under Xvfb with a tray host.

    python scripts/footprint_screenshots.py [--out docs/screenshots]

Saves footprint-5-popups-<scheme>.png (the screen) and footprint-popup-<scheme>.png (one popup,
after a few seconds of ringing) in the light and the dark palette. Needs Debian's xvfb and
trayer.
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

CALLERS = [
    ("13800138000", "张伟"),
    ("+34911234567", "José Müller"),
    ("0571888", ""),
    ("+442079460000", "Siobhán O'Brien"),
    ("075588886666", "刘洋"),
]


def outside(out: Path) -> int:
    with x_screen("footprint-shots") as env:
        runs = [["--scheme", scheme, "--out", str(out)] for scheme in SCHEMES]
        return rerun_inside(__file__, env, *runs)


async def _shoot(out: Path, scheme: str) -> None:
    from PySide6.QtWidgets import QApplication

    from screenpop.pbxsim import PbxSimulator

    app = QApplication.instance()
    assert app is not None
    sim = PbxSimulator(port=0)
    await sim.start()
    with tempfile.TemporaryDirectory(prefix="screenpop-shots-") as tmp:
        async with running_app(office_settings(sim.port, watch=("201",)), Path(tmp)) as ctl:
            for number, name in CALLERS:
                await sim.incoming_call(number, name, ["201"])
                await settle(0.7)
            await settle(3.5)  # a few ticks of the shared elapsed-time timer
            app.primaryScreen().grabWindow(0).save(str(out / f"footprint-5-popups-{scheme}.png"))
            popups = ctl.popups.open_popups()
            popups[0].grab().save(str(out / f"footprint-popup-{scheme}.png"))
    await sim.stop()


def main() -> int:
    return shot_main(_shoot, outside, ROOT / "docs" / "screenshots")


if __name__ == "__main__":
    sys.exit(main())
