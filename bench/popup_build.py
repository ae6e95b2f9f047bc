"""What building and showing one call popup costs on the GUI thread, offscreen, no network.

Times `PopupStack.show_ringing` (build + place + show, up to `popup_shown`, which is where
bench/pop_latency.py and bench/popup_vs_phone.py stop their clocks) and, separately, the first
paint that follows in the event loop. Two set-ups:

* ``bare``: the benchmarks' settings (no favourites, no colleague directory);
* ``office``: five favourites, a CRM template and a colleague directory with names and live
  states (named two-line favourite buttons), as a receptionist's desk has it.

Each popup is closed (and deleted) before the next one, as when calls come one after another.

    QT_QPA_PLATFORM=offscreen python bench/popup_build.py [--pops N] [--quick] [--json PATH]
        [--profile PATH] [--shots DIR]

``--shots DIR`` saves grabs of popups in several states (light and dark) instead of timing:
compare two directories with ``--compare A B`` to check a change did not alter a pixel.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from _common import Row, eprint, machine_header, percentile, report

NAMES = {
    "202": "Li Na 李娜",
    "203": "Wang Wei 王伟",
    "204": "Carlos Ruiz",
    "205": "Siobhán O'Brien",
    "306": "<b>Boss</b> & Co",
}


def _ringing(i: int, name: str = "张伟 <i>n</i>", number: str | None = None):
    from screenpop.calls.events import Caller, Ringing

    return Ringing(
        call=f"1700000000.{i}",
        extension="474",
        caller=Caller(number or f"13800{138000 + i}", name),
        channel=f"SIP/474-{i:08x}",
        caller_channel=f"SIP/voip-provider-{i:08x}",
        trunk="voip-provider",
        time=datetime.now(UTC),
    )


def _office(settings_only: bool = False):
    from screenpop.config import Settings
    from screenpop.presence.directory import Colleague
    from screenpop.presence.state import Presence, State
    from screenpop.ui.colleague_model import ColleagueModel

    settings = Settings(
        watch=("474",),
        favourites=tuple(NAMES),
        crm_url_template="https://crm.example/search?phone={number}",
    )
    if settings_only:
        return settings, None
    model = ColleagueModel()
    model.set_directory(Colleague(ext, name, f"SIP/{ext}", "sip") for ext, name in NAMES.items())
    states = [State.FREE, State.BUSY, State.RINGING, State.OFFLINE, State.FREE]
    model.set_presence(
        Presence(ext, state, datetime.now(UTC)) for ext, state in zip(NAMES, states, strict=True)
    )
    return settings, model


def _setup(kind: str):
    from screenpop.config import Settings
    from screenpop.ui.popup_stack import PopupStack

    if kind == "bare":
        return PopupStack(Settings(watch=("474",)))
    settings, model = _office()
    return PopupStack(settings, colleagues=model)


def _drain(app) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QEvent

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    app.processEvents()


def measure(kind: str, pops: int, gap: float) -> tuple[list[float], list[float], list[float], int]:
    """Per popup: ms in show_ringing (wall clock and this thread's CPU time), and ms from
    there until the first paint is done; and how many popups were spares built in advance.

    The CPU time moves less with the machine's load (it does not count time spent waiting for
    a core), which makes it the better figure to compare code changes by.
    """
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    stack = _setup(kind)
    spares = getattr(stack, "_spares", None)  # (absent before spares existed)
    if spares is not None and not gap:
        # Without a gap this measures building a popup: the stack may not keep spares.
        spares.clear()
        spares.want = lambda *_a, **_k: None
    build: list[float] = []
    cpu: list[float] = []
    paint: list[float] = []
    painted: list[float] = []

    class PaintWatch(QObject):
        def eventFilter(self, obj, event):  # type: ignore[no-untyped-def]
            if event.type() == QEvent.Type.Paint and obj.objectName() == "call_popup":
                painted.append(time.perf_counter())
            return False

    watch = PaintWatch()
    from_spare = 0
    for i in range(pops + 5):  # the first few warm caches up: not counted
        event = _ringing(i)
        painted.clear()
        spare_ready = spares is not None and "474" in spares.extensions()
        c0 = time.thread_time()
        t0 = time.perf_counter()
        popup = stack.show_ringing(event)
        t1 = time.perf_counter()
        c1 = time.thread_time()
        assert popup is not None
        popup.installEventFilter(watch)
        deadline = t1 + 2.0
        while not painted and time.perf_counter() < deadline:
            app.processEvents()
        t2 = painted[0] if painted else None
        # The result must be what a user needs: the caller's number and name are on screen.
        assert popup.isVisible() and popup.name_text() == "张伟 <i>n</i>"
        if i >= 5:
            build.append((t1 - t0) * 1000)
            cpu.append((c1 - c0) * 1000)
            from_spare += spare_ready
            if t2 is not None:
                paint.append((t2 - t1) * 1000)
        popup.close_for("ended")
        _drain(app)
        # The event loop runs for `gap` seconds between calls, as on a desk: the stack may
        # use that time to build a spare popup (none is built without a gap).
        end = time.perf_counter() + gap
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)
    return build, cpu, paint, from_spare


def shots(out: Path) -> int:
    """Grabs of popups in the states a user sees, in the light and the dark palette."""
    from PySide6.QtWidgets import QApplication

    from screenpop.contacts.model import Contact, ContactFound
    from screenpop.ui.popup import CallPopup

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from screenshots import _dark_palette

    app = QApplication.instance()
    app.setCursorFlashTime(0)  # a steady text cursor: grabs do not depend on the blink phase
    out.mkdir(parents=True, exist_ok=True)
    light = app.palette()
    for scheme in ("light", "dark"):
        app.setPalette(light if scheme == "light" else _dark_palette())
        _drain(app)
        settings, model = _office()
        plain_settings, _ = _office(settings_only=True)
        states: dict[str, CallPopup] = {}

        p = CallPopup(_ringing(1), plain_settings)
        states["favourites"] = p
        p = CallPopup(_ringing(2), settings, colleagues=model)
        p.set_contact(
            ContactFound(
                call=p.call_id,
                number=p.number or "",
                contact=Contact(name="王芳 & <b>Co</b>", company="ACME 有限公司", source="csv"),
            )
        )
        p.set_caller_context("Called 3 times today, last answered by 203", 2)
        states["contact"] = p
        p = CallPopup(_ringing(3), settings, colleagues=model)
        p.request_transfer("203")  # busy: asks first
        states["confirm"] = p
        p = CallPopup(_ringing(4), plain_settings)
        p.set_transfer_pending("202")
        p.show_transfer_error("<b>no</b> such extension")
        states["error"] = p
        p = CallPopup(_ringing(5), settings, colleagues=model)
        p.mark_answered("203")
        states["answered"] = p
        p = CallPopup(_ringing(6, name="", number="+442079460000"), settings, colleagues=model)
        p.mark_on_call()
        states["on-call"] = p
        p = CallPopup(_ringing(7), settings, colleagues=model)
        states["palette-switch"] = p  # built in this palette, then switched there and back
        for popup in states.values():
            popup.show()
        _drain(app)
        if scheme == "light":
            app.setPalette(_dark_palette())
            _drain(app)
            app.setPalette(light)
            _drain(app)
        for name, popup in states.items():
            popup._elapsed.setText("ringing 0:00")  # the clock would differ between runs
            _drain(app)
            popup.grab().save(str(out / f"{name}-{scheme}.png"))
            popup.close_for("ended")
        _drain(app)
    app.setPalette(light)
    print(f"saved {len(list(out.glob('*.png')))} grabs in {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    from PySide6.QtGui import QImage

    names = sorted({p.name for p in a.glob("*.png")} | {p.name for p in b.glob("*.png")})
    differ = 0
    for name in names:
        ia, ib = QImage(str(a / name)), QImage(str(b / name))
        if ia.isNull() or ib.isNull():
            print(f"{name}: missing on one side")
            differ += 1
        elif ia.size() != ib.size():
            print(f"{name}: size {ia.width()}x{ia.height()} vs {ib.width()}x{ib.height()}")
            differ += 1
        elif ia.convertToFormat(QImage.Format.Format_RGB32) != ib.convertToFormat(
            QImage.Format.Format_RGB32
        ):
            print(f"{name}: pixels differ")
            differ += 1
        else:
            print(f"{name}: identical")
    print(f"{len(names) - differ} of {len(names)} identical")
    return 1 if differ else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pops", type=int, default=200)
    ap.add_argument("--quick", action="store_true", help="50 popups per set-up")
    ap.add_argument(
        "--gap", type=float, default=0.25, help="seconds between calls in the runs with a gap"
    )
    ap.add_argument("--json", help="write the result rows here")
    ap.add_argument("--profile", help="cProfile the timed runs into this file")
    ap.add_argument("--shots", type=Path, help="save grabs of popups here instead of timing")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    args = ap.parse_args()

    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    if args.compare:
        return compare(*args.compare)
    if args.shots:
        return shots(args.shots)
    pops = 50 if args.quick else args.pops
    eprint(machine_header())
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    rows: list[Row] = []
    for kind, gap in (("bare", 0.0), ("office", 0.0), ("bare", args.gap), ("office", args.gap)):
        *times, from_spare = measure(kind, pops, gap)
        build, cpu, paint = (sorted(x) for x in times)
        kind = f"{kind}, {gap * 1000:.0f} ms between calls"
        rows.append(
            Row(
                f"popup {kind}: show_ringing, {pops} popups ({from_spare} from a spare)",
                f"p50 {statistics.median(build):.2f} ms / p99 {percentile(build, 99):.2f} ms"
                f" / max {max(build):.2f} ms",
            )
        )
        rows.append(
            Row(
                f"popup {kind}: show_ringing, CPU time of the GUI thread",
                f"p50 {statistics.median(cpu):.2f} ms / p99 {percentile(cpu, 99):.2f} ms",
            )
        )
        if paint:
            rows.append(
                Row(
                    f"popup {kind}: then until the first paint is done",
                    f"p50 {statistics.median(paint):.2f} ms / p99 {percentile(paint, 99):.2f} ms",
                )
            )
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(args.profile)
    report(rows, args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
