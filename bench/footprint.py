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
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (
    Row,
    answer_status,
    cpu_while_idle,
    eprint,
    machine_header,
    quit_child,
    report,
)

HERE = Path(__file__).resolve()
MB = 1024 * 1024
WATCHED = "474"


# -- the app (child process) ------------------------------------------------------------------


def app_child(port: int, data_dir: str) -> int:
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
                "history": len(controller.history.list_recent(5000)),
                "rss": proc.memory_info().rss,
                # Linux: resident pages backed by files (Qt, Python, their libraries)
                "shared": getattr(proc.memory_info(), "shared", 0),
                "widgets": len(QApplication.allWidgets()),
            }

        try:
            await answer_status(status)
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


async def measure(calls: int, idle: float) -> dict:

    from screenpop.pbxsim import PbxSimulator

    sim = PbxSimulator(port=0)
    await sim.start()
    tmp = tempfile.TemporaryDirectory(prefix="screenpop-footprint-")
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(Path(tmp.name, "config")),
        XDG_DATA_HOME=str(Path(tmp.name, "data")),
        XDG_RUNTIME_DIR=tmp.name,
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable, str(HERE), "--app-child", str(sim.port), tmp.name,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, env=env,
    )  # fmt: skip
    assert proc.stdin is not None and proc.stdout is not None

    async def status() -> dict:
        proc.stdin.write(b"status\n")  # type: ignore[union-attr]
        await proc.stdin.drain()  # type: ignore[union-attr]
        return json.loads(await proc.stdout.readline())  # type: ignore[union-attr]

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
        for i in range(5):
            await sim.incoming_call(f"139{i:08d}", names[i % 4], [WATCHED])
        deadline = loop.time() + 20
        while (await status())["popups"] < 5 and loop.time() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        shown = await status()
        idle_cpu_s, wall = await cpu_while_idle(proc.pid, idle)
        after = await status()
    finally:
        await quit_child(proc, 15)
        await sim.stop()
        tmp.cleanup()
    return {
        "rss_start": start["rss"],
        "rss_shown": shown["rss"],
        "shared_shown": shown["shared"],
        "history": shown["history"],
        "popups": shown["popups"],
        "widgets": (start["widgets"], shown["widgets"]),
        "push_seconds": push_seconds,
        "idle_seconds": wall,
        "idle_cpu_s": idle_cpu_s,
        "idle_cpu": idle_cpu_s / wall,
        "connected_after_idle": after["state"] == "connected",
        "load": os.getloadavg()[0],
    }


def rows_for(r: dict, starts: list[float], calls: int) -> list[Row]:
    rows = [
        Row(
            f"tray app RSS, connected, {r['history']:,} calls in history, {r['popups']} popups"
            " shown",
            f"{r['rss_shown'] / MB:.1f} MB (after start {r['rss_start'] / MB:.1f} MB; mapped"
            f" from files, mostly Qt and Python libraries: {r['shared_shown'] / MB:.1f} MB)",
            "<= 80 MB",
            r["rss_shown"] <= 80 * MB and r["history"] >= calls and r["popups"] == 5,
        ),
        Row(
            f"tray app idle CPU, PBX quiet, 5 popups open, {r['idle_seconds']:.0f} s",
            f"{r['idle_cpu'] * 100:.3f}% of one core ({r['idle_cpu_s']:.2f} s CPU;"
            f" load {r['load']:.1f})",
            "< 0.5%",
            r["idle_cpu"] < 0.005 and r["connected_after_idle"],
        ),
    ]
    if starts:
        med = statistics.median(starts)
        rows.append(
            Row(
                "tray app start-up to tray icon shown (--demo, offscreen, incl. interpreter)",
                f"median {med * 1000:.0f} ms of {len(starts)} (min {min(starts) * 1000:.0f};"
                f" load {os.getloadavg()[0]:.1f})",
                "<= 300 ms",
                med <= 0.300,
            )
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--idle", type=float, default=60.0)
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--quick", action="store_true", help="300 calls, 10 s idle, 3 starts")
    ap.add_argument("--json", help="also write the result rows to this file")
    ap.add_argument("--app-child", nargs=2, metavar=("PORT", "DIR"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.app_child:
        return app_child(int(args.app_child[0]), args.app_child[1])
    if args.quick:
        args.calls, args.idle, args.starts = 300, 10.0, 3
    print(machine_header())
    eprint(f"footprint: {args.calls:,} calls into the tray app, 5 popups, {args.idle:.0f} s idle")
    r = asyncio.run(measure(args.calls, args.idle))
    print(
        f"  RSS {r['rss_start'] / MB:.1f} MB connected -> {r['rss_shown'] / MB:.1f} MB with"
        f" {r['history']:,} calls in history and {r['popups']} popups ({r['push_seconds']:.1f} s"
        f" to ring them); idle {r['idle_cpu'] * 100:.3f}% of a core; Qt widgets alive"
        f" {r['widgets'][0]} -> {r['widgets'][1]}"
    )
    from memory_cpu import startup_times

    eprint(f"start-up: {args.starts} runs of the tray app (--demo, offscreen) ...")
    starts = startup_times(args.starts)
    print("  start-up: " + ", ".join(f"{t * 1000:.0f} ms" for t in starts))
    report(rows_for(r, starts, args.calls), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
