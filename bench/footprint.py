"""Footprint of the real tray app: resident memory with 1,000 calls in its history and 5 popups
shown, idle CPU with the PBX quiet, and start-up to the tray icon.

The bench runs the simulator (127.0.0.1, port 0) and starts the tray app in a process of its
own (offscreen, throw-away config and data directories): the real AppController (tray,
popups, history store, bridge) configured for that simulator, watching 474, with a bench
secret store (no keyring needed). After it connects, 1,000 calls ring 474 one after another
(alternately answered and missed, each popup shown and closed, each call recorded in the
history), then 5 calls ring at once and stay ringing. The app reports its RSS (psutil) once
the 5 popups are shown; then the PBX stays quiet and the app's CPU time is read from outside
over the idle window. Start-up reuses memory_cpu.py's measurement (bench/_startup_child.py).

    QT_QPA_PLATFORM=offscreen python bench/footprint.py [--calls N] [--idle S] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import ClassVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Row,
    answer_status,
    cpu_while_idle,
    eprint,
    machine_header,
    quit_child,
    report,
    start_app_child,
)

HERE = Path(__file__).resolve()
MB = 1024 * 1024
WATCHED = "474"


# -- the app (child process) ------------------------------------------------------------------


def _unique_and_proportional(proc) -> dict:  # type: ignore[no-untyped-def]
    """USS and PSS where the system tells them (Linux, from smaps): what the app alone costs,
    and its fair share of the libraries other processes map too."""
    try:
        full = proc.memory_full_info()
    except Exception:  # not on this system, or not allowed
        return {}
    return {"uss": getattr(full, "uss", 0), "pss": getattr(full, "pss", 0)}


def _top_python() -> dict:
    """Diagnostic (SCREENPOP_BENCH_TRACEMALLOC=1): kB of live Python allocations per package."""
    import tracemalloc

    if not tracemalloc.is_tracing():
        return {}
    sizes: dict[str, int] = {}
    for stat in tracemalloc.take_snapshot().statistics("filename"):
        path = stat.traceback[0].filename
        parts = Path(path).parts
        key = next(
            (p for p in ("screenpop", "PySide6", "shiboken6", "phonenumbers") if p in parts), ""
        )
        key = key or ("stdlib/" + Path(path).name if "python3" in path else path)
        sizes[key] = sizes.get(key, 0) + stat.size // 1024
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1])[:30])


def _smaps_by_file() -> dict:
    """Resident kB per mapped file (Linux: /proc/self/smaps), anonymous memory as one line:
    which libraries and heaps make up the RSS."""
    sizes: dict[str, int] = {}
    name = ""
    try:
        with open("/proc/self/smaps", encoding="utf-8", errors="replace") as f:
            for line in f:
                head = line.split(None, 5)
                if not head:
                    continue
                if "-" in head[0] and not head[0].endswith(":"):
                    path = head[5].strip() if len(head) > 5 else ""
                    name = os.path.basename(path) if path.startswith("/") else path or "[anon]"
                elif head[0] == "Rss:":
                    sizes[name] = sizes.get(name, 0) + int(head[1])
    except OSError:
        return {}
    return dict(sorted(sizes.items(), key=lambda kv: -kv[1]))


def _wakeup_counter_class() -> type:
    from PySide6.QtCore import QEvent, QObject

    class WakeupCounter(QObject):
        """Counts the timer, socket and paint events the app's objects receive (diagnostic:
        a Python event filter costs CPU itself, so it is off when the idle CPU is measured)."""

        KINDS: ClassVar[dict] = {
            QEvent.Type.Timer: "timer",
            QEvent.Type.SockAct: "socket",
            QEvent.Type.Paint: "paint",
            QEvent.Type.LayoutRequest: "layout",
            QEvent.Type.UpdateRequest: "update",
            QEvent.Type.MetaCall: "metacall",
        }

        def __init__(self) -> None:
            super().__init__()
            self.counts: dict[str, int] = {}

        def eventFilter(self, obj, event) -> bool:
            kind = self.KINDS.get(event.type())
            if kind is not None:
                what = f"{kind} {type(obj).__name__}"
                if kind == "timer" and type(obj).__name__ == "_SimpleTimer":
                    # qasync runs every asyncio call_later as a Qt timer: name the callback
                    handle = obj._SimpleTimer__callbacks.get(event.timerId())
                    what += f" {getattr(handle, '_callback', handle)!r}"[:160]
                self.counts[what] = self.counts.get(what, 0) + 1
            return False

        def take(self) -> dict[str, int]:
            counts, self.counts = self.counts, {}
            return counts

    return WakeupCounter


def _WakeupCounter():  # made on first use: PySide6 is imported in the child only
    return _wakeup_counter_class()()


def app_child(port: int, data_dir: str) -> int:
    if os.environ.get("SCREENPOP_BENCH_TRACEMALLOC"):
        import tracemalloc

        tracemalloc.start()
    import psutil
    import qasync
    from PySide6.QtWidgets import QApplication

    from screenpop.config import Settings
    from screenpop.controller import AppController
    from screenpop.settings_store import SecretStore, SettingsStore

    class BenchSecrets(SecretStore):
        """The simulator's secret, as the keyring would give it."""

        @property
        def available(self) -> bool:
            return True

        def get(self, host: str, username: str) -> str | None:
            return "password"

    app = QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    wakeups = _WakeupCounter() if os.environ.get("SCREENPOP_BENCH_WAKEUPS") else None
    if wakeups is not None:
        app.installEventFilter(wakeups)
    store = SettingsStore(Path(data_dir, "settings.json"))
    store.save(Settings(host="127.0.0.1", port=port, username="admin", watch=(WATCHED,)))
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    proc = psutil.Process()

    async def main() -> None:
        controller = AppController(
            settings_store=store,
            secret_store=BenchSecrets(),
            history_path=Path(data_dir, "history.sqlite3"),
            ask_secret=False,
        )
        await controller.start()

        def status() -> dict:
            assert controller.popups is not None and controller.bridge is not None
            assert controller.history is not None
            return {
                "state": controller.bridge.state[0],
                "popups": len(controller.popups.open_popups()),
                # Calls ringing beyond the visible stack: they pop as shown popups close, so
                # "no popup left" means none open and none waiting.
                "queued": len(controller.popups.queued_calls()),
                "history": len(controller.history.list_recent(5000)),
                "rss": proc.memory_info().rss,
                # Linux: resident pages backed by files (Qt, Python, their libraries)
                "shared": getattr(proc.memory_info(), "shared", 0),
                "widgets": len(QApplication.allWidgets()),
                "wakeups": wakeups.take() if wakeups is not None else {},
                # The offscreen platform activates a popup when it is shown (a desktop shows
                # them without activation), so its number box has the focus and its text
                # cursor blinks, as after a click on a desktop.
                "focus": _focus_name(),
            }

        def unfocus() -> dict:
            """As on a desktop before any popup is clicked: no popup is the active window."""
            widget = QApplication.focusWidget()
            if widget is not None:
                widget.clearFocus()
            return {"focus": _focus_name()}

        def _focus_name() -> str:
            widget = QApplication.focusWidget()
            return "" if widget is None else widget.objectName() or type(widget).__name__

        try:
            await answer_status(
                status,
                {
                    "unfocus": unfocus,
                    # Not in every status: reading smaps takes ms (flood.py times status).
                    "memory": lambda: _unique_and_proportional(proc),
                    "smaps": _smaps_by_file,
                    "tracemalloc": _top_python,
                },
            )
        finally:
            await controller.stop()

    profile = os.environ.get("SCREENPOP_BENCH_PROFILE")
    with loop:
        if profile:  # bench/flood.py --profile: where the app's time goes
            import cProfile

            with cProfile.Profile() as prof:
                loop.run_until_complete(main())
            prof.dump_stats(profile)
        else:
            loop.run_until_complete(main())
    return 0


# -- the driver ---------------------------------------------------------------------------


async def measure(calls: int, idle: float, wakeups: bool = False, details: bool = False) -> dict:

    from screenpop.pbxsim import PbxSimulator

    sim = PbxSimulator(port=0)
    await sim.start()
    extra = {"SCREENPOP_BENCH_WAKEUPS": "1"} if wakeups else {}
    proc, tmp = await start_app_child(HERE, sim.port, "screenpop-footprint-", extra)
    assert proc.stdin is not None and proc.stdout is not None

    async def command(name: str) -> dict:
        proc.stdin.write(name.encode() + b"\n")  # type: ignore[union-attr]
        await proc.stdin.drain()  # type: ignore[union-attr]
        return json.loads(await proc.stdout.readline())  # type: ignore[union-attr]

    async def status() -> dict:
        return await command("status")

    loop = asyncio.get_running_loop()
    try:
        deadline = loop.time() + 30
        while (await status())["state"] != "connected":
            if loop.time() > deadline:
                raise RuntimeError("the app did not connect")
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        start = await status()
        t0 = time.perf_counter()
        names = ["张伟", "José Müller", "Acme Corp", "Reception"]
        for i in range(calls):
            call = await sim.incoming_call(f"138{i:08d}", names[i % 4], [WATCHED])
            if i % 2 == 0:
                await sim.answer(call, WATCHED)
            await sim.hangup(call)
            if i % 25 == 24:
                # A day's pace, not a flood: wait until the app has recorded these calls
                # (a backlog of thousands of events would also delay its Ping replies).
                wait_until = loop.time() + 60
                while (await status())["history"] < i + 1 and loop.time() < wait_until:
                    await asyncio.sleep(0.05)
        deadline = loop.time() + 900
        while (await status())["history"] < calls and loop.time() < deadline:
            await asyncio.sleep(0.2)
        push_seconds = time.perf_counter() - t0
        await asyncio.sleep(5.0)  # the app gives memory back a few seconds after popups close
        after_calls = await status()
        for i in range(5):
            await sim.incoming_call(f"139{i:08d}", names[i % 4], [WATCHED])
        deadline = loop.time() + 20
        while (await status())["popups"] < 5 and loop.time() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        shown = await status()
        shown.update(await command("memory"))
        smaps = await command("smaps") if details else {}
        if os.environ.get("SCREENPOP_BENCH_TRACEMALLOC"):
            eprint(json.dumps(await command("tracemalloc"), indent=0))
        idle_cpu_s, wall = await cpu_while_idle(proc.pid, idle)
        after = await status()
        after.update(await command("memory"))
        # Again as on a desktop before any popup is clicked (see "focus" in the child).
        await command("unfocus")
        await asyncio.sleep(0.5)
        idle2_cpu_s, wall2 = await cpu_while_idle(proc.pid, idle)
        after2 = await status()
    finally:
        await quit_child(proc, 15)
        await sim.stop()
        tmp.cleanup()
    return {
        "rss_start": start["rss"],
        "rss_shown": shown["rss"],
        "rss_after_calls": after_calls["rss"],
        "rss_idle": after["rss"],
        "uss_idle": after.get("uss", 0),
        "pss_idle": after.get("pss", 0),
        "shared_shown": shown["shared"],
        "history": shown["history"],
        "popups": shown["popups"],
        "widgets": (start["widgets"], shown["widgets"]),
        "push_seconds": push_seconds,
        "idle_seconds": wall,
        "idle_cpu_s": idle_cpu_s,
        "idle_cpu": idle_cpu_s / wall,
        "connected_after_idle": after["state"] == "connected" and after2["state"] == "connected",
        "focus": shown["focus"],
        "idle2_seconds": wall2,
        "idle2_cpu_s": idle2_cpu_s,
        "idle2_cpu": idle2_cpu_s / wall2,
        "load": os.getloadavg()[0],
        "wakeups": after["wakeups"],
        "wakeups2": after2["wakeups"],
        "uss_shown": shown.get("uss", 0),
        "pss_shown": shown.get("pss", 0),
        "smaps": smaps,
    }


def rows_for(
    r: dict, starts: list[float], floor: list[float], calls: int, dev: list[float] | None = None
) -> list[Row]:
    uss = ""
    if r["uss_idle"]:
        uss = f"; USS {r['uss_idle'] / MB:.1f} MB, PSS {r['pss_idle'] / MB:.1f} MB"
    rows = [
        Row(
            f"tray app RSS, connected, {r['history']:,} calls in history, {r['popups']} popups"
            f" shown, after {r['idle_seconds']:.0f} s",
            f"{r['rss_idle'] / MB:.1f} MB ({r['rss_shown'] / MB:.1f} MB 1 s after the popups"
            f" appeared; {r['rss_after_calls'] / MB:.1f} MB before them; {r['rss_start'] / MB:.1f}"
            f" MB right after connecting; mapped from files (Qt, Python and other libraries):"
            f" {r['shared_shown'] / MB:.1f} MB{uss})",
            "<= 80 MB",
            r["rss_idle"] <= 80 * MB and r["history"] >= calls and r["popups"] == 5,
        ),
        Row(
            f"tray app idle CPU, PBX quiet, 5 popups open, {r['idle_seconds']:.0f} s; one popup"
            f" active (offscreen activates it; focus: {r['focus'] or 'none'}), its text cursor"
            " blinking",
            f"{r['idle_cpu'] * 100:.3f}% of one core ({r['idle_cpu_s']:.2f} s CPU;"
            f" load {r['load']:.1f})",
            "< 0.5%",
            r["idle_cpu"] < 0.005 and r["connected_after_idle"],
        ),
        Row(
            f"same, {r['idle2_seconds']:.0f} s, no popup active (as shown on a desktop before a"
            " click)",
            f"{r['idle2_cpu'] * 100:.3f}% of one core ({r['idle2_cpu_s']:.2f} s CPU)",
            "< 0.5%",
            r["idle2_cpu"] < 0.005 and r["connected_after_idle"],
        ),
    ]
    if starts:
        med = statistics.median(starts)
        rows.append(
            Row(
                "tray app start-up to tray icon shown (offscreen, incl. interpreter; as a pip"
                " install starts)",
                f"median {med * 1000:.0f} ms of {len(starts)} (min {min(starts) * 1000:.0f};"
                f" load {os.getloadavg()[0]:.1f})",
                "<= 300 ms",
                med <= 0.300,
            )
        )
    if dev:
        rows.append(
            Row(
                "same from the development venv (its editable-install hook runs first)",
                f"median {statistics.median(dev) * 1000:.0f} ms of {len(dev)}",
            )
        )
    if floor:
        rows.append(
            Row(
                "the floor: interpreter + PySide6 + QApplication + a bare tray icon"
                " (_startup_floor.py, as installed)",
                f"median {statistics.median(floor) * 1000:.0f} ms of {len(floor)}"
                f" (min {min(floor) * 1000:.0f})",
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--idle", type=float, default=60.0)
    ap.add_argument("--starts", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="300 calls, 10 s idle, 3 starts")
    ap.add_argument("--json", help="also write the result rows to this file")
    ap.add_argument(
        "--wakeups",
        action="store_true",
        help="diagnostic: count what wakes the app while idle (costs CPU itself)",
    )
    ap.add_argument(
        "--smaps", action="store_true", help="also print the resident memory per mapped file"
    )
    ap.add_argument("--app-child", nargs=2, metavar=("PORT", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.app_child:
        return app_child(int(args.app_child[0]), args.app_child[1])
    if args.quick:
        args.calls, args.idle, args.starts = 300, 10.0, 3
    print(machine_header())
    eprint(f"footprint: {args.calls:,} calls into the tray app, 5 popups, {args.idle:.0f} s idle")
    r = asyncio.run(measure(args.calls, args.idle, args.wakeups, args.smaps))
    if args.wakeups:
        for key, label in (("wakeups", "popup active"), ("wakeups2", "no popup active")):
            print(f"  events the app received while idle ({label}):")
            for what, n in sorted(r[key].items(), key=lambda kv: -kv[1]):
                print(f"    {n:6d}  {what}")
    if args.smaps:
        print("  resident kB per mapped file (top 25):")
        for name, kb in list(r["smaps"].items())[:25]:
            print(f"    {kb:8d}  {name}")
    print(
        f"  RSS {r['rss_start'] / MB:.1f} MB connected -> {r['rss_after_calls'] / MB:.1f} MB"
        f" after the calls, no popup open -> {r['rss_shown'] / MB:.1f} MB with"
        f" {r['history']:,} calls in history and {r['popups']} popups ({r['push_seconds']:.1f} s"
        f" to ring them); idle {r['idle_cpu'] * 100:.3f}% / {r['idle2_cpu'] * 100:.3f}% of a"
        f" core; Qt widgets alive {r['widgets'][0]} -> {r['widgets'][1]}"
    )
    from _plain_venv import plain_python
    from memory_cpu import startup_times

    eprint(f"start-up: {args.starts} runs of the tray app (offscreen), as installed ...")
    with plain_python() as python:
        starts = startup_times(args.starts, python=python)
        floor = startup_times(args.starts, "_startup_floor.py", python) if args.starts else []
    print("  start-up as installed: " + ", ".join(f"{t * 1000:.0f} ms" for t in starts))
    if floor:
        print("  floor as installed: " + ", ".join(f"{t * 1000:.0f} ms" for t in floor))
    eprint(f"start-up: {args.starts} runs from this (editable) venv ...")
    dev = startup_times(args.starts)
    print("  start-up from the editable venv: " + ", ".join(f"{t * 1000:.0f} ms" for t in dev))
    report(rows_for(r, starts, floor, args.calls, dev), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
