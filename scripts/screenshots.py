"""Screenshots of the real app under Xvfb with a tray host, for the README.

    python scripts/screenshots.py [--out docs/screenshots]

Starts its own Xvfb and trayer, runs the app against the built-in simulator (fixed calls,
not random demo ones, so the pictures are reproducible), and saves: the tray with a missed
call badge, popups (a Chinese caller name, a ring group), the recent-calls window and the
settings dialog, in the light and the dark palette. Needs Debian's xvfb and trayer.

    python scripts/screenshots.py --only colleagues

makes only the colleagues pictures (a popup with named, coloured favourites and the colleagues
window), leaving the other files as they are; `--only held` only the popups with a parked call
(Take back) and consulting a colleague (Complete transfer / Back to caller).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

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


def outside(out: Path, only: str = "") -> int:
    with x_screen("screenshots") as env:
        runs = [["--scheme", scheme, "--out", str(out), "--only", only] for scheme in SCHEMES]
        return rerun_inside(__file__, env, *runs)


async def _shoot(out: Path, scheme: str) -> None:
    from PySide6.QtWidgets import QApplication

    from screenpop.pbxsim import PbxSimulator

    app = QApplication.instance()
    assert app is not None

    def save_screen(name: str) -> None:
        app.primaryScreen().grabWindow(0).save(str(out / f"{name}-{scheme}.png"))

    sim = PbxSimulator(port=0)
    await sim.start()
    with tempfile.TemporaryDirectory(prefix="screenpop-shots-") as tmp:
        async with running_app(office_settings(sim.port), Path(tmp)) as ctl:
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
    await sim.stop()


async def _shoot_colleagues(out: Path, scheme: str) -> None:
    """A popup whose favourites carry names and live states, and the colleagues window."""
    from screenpop.controller import DEMO_NAMES
    from screenpop.pbxsim import PbxSimulator

    sim = PbxSimulator(port=0, extensions=DEMO_NAMES, extension_names=DEMO_NAMES)
    sim.directory.peers["209"].registered = False
    await sim.start()
    settings = office_settings(
        sim.port,
        watch=("201",),
        favourites=("202", "203", "204", "205", "209", "306"),
        crm_url_template="",
    )
    with tempfile.TemporaryDirectory(prefix="screenpop-shots-") as tmp:
        async with running_app(
            settings, Path(tmp), ready=lambda c: c.colleague_model.rowCount() == len(DEMO_NAMES)
        ) as ctl:
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
    await sim.stop()


async def _shoot_held(out: Path, scheme: str) -> None:
    """A popup with a parked call (slot and Take back), and one consulting a colleague while
    the caller waits parked (announced transfer on a PBX without Atxfer)."""
    from screenpop.controller import DEMO_NAMES
    from screenpop.pbxsim import PbxSimulator

    sim = PbxSimulator(port=0, extensions=DEMO_NAMES, extension_names=DEMO_NAMES)
    sim.directory.atxfer_feature = False
    await sim.start()
    settings = office_settings(
        sim.port, watch=("201",), favourites=("202", "203", "204", "205"), crm_url_template=""
    )
    with tempfile.TemporaryDirectory(prefix="screenpop-shots-") as tmp:
        async with running_app(
            settings, Path(tmp), ready=lambda c: c.colleague_model.rowCount() == len(DEMO_NAMES)
        ) as ctl:
            for kind in ("parked", "consult"):
                call = await sim.incoming_call("13800138000", "张伟", ["201"])
                await settle(0.8)
                await sim.answer(call, "201")
                await settle(0.8)
                popup = ctl.popups.open_popups()[0]
                if kind == "parked":
                    popup.call_actions().park.click()
                else:
                    popup.call_actions().announce.setChecked(True)
                    popup.request_transfer("203")
                await settle(1.2)
                popup.grab().save(str(out / f"colleagues3-{kind}-{scheme}.png"))
                ctl.popups.close_all("screenshot taken")
                await sim.hangup(call)
                await settle(0.5)
    await sim.stop()


def inside(out: Path, scheme: str, only: str = "") -> int:
    app = qt_app(scheme)
    out.mkdir(parents=True, exist_ok=True)
    if only == "held":
        return run_on_qasync(app, lambda: _shoot_held(out, scheme))
    jobs = [] if only == "colleagues" else [lambda: _shoot(out, scheme)]
    return run_on_qasync(
        app, *jobs, lambda: _shoot_colleagues(out, scheme), lambda: _shoot_held(out, scheme)
    )


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    p.add_argument("--inside", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--scheme", default="light", help=argparse.SUPPRESS)
    p.add_argument(
        "--only", default="", choices=["", "colleagues", "held"], help="one set of pictures"
    )
    args = p.parse_args()
    if args.inside:
        return inside(args.out, args.scheme, args.only)
    return outside(args.out, args.only)


if __name__ == "__main__":
    sys.exit(main())
