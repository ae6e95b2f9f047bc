"""A flood of watched calls into the real tray app: does it stay responsive?

The simulator (127.0.0.1, port 0) and the real tray app in its own process (bench/footprint.py's
app child: AppController, tray, popups, history, bridge; offscreen) watching 474. N calls ring
474 as fast as the simulator can place them (all ringing at once), then all hang up. Measured
from outside: how long until the app has recorded every call and answers a status request, the
popups and Qt widgets alive at the peak, the slowest status reply (how long a click would
wait), RSS, and how long until every popup closed after the hang-ups.

    QT_QPA_PLATFORM=offscreen python bench/flood.py [--calls N] [--profile PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import Row, eprint, machine_header, quit_child, report, start_app_child

FOOTPRINT = Path(__file__).resolve().parent / "footprint.py"
WATCHED = "474"
MB = 1024 * 1024


async def flood(calls: int, profile: str | None) -> dict:
    from screenpop.pbxsim import PbxSimulator

    sim = PbxSimulator(port=0)
    await sim.start()
    extra = {"SCREENPOP_BENCH_PROFILE": profile} if profile else {}
    proc, tmp = await start_app_child(FOOTPRINT, sim.port, "screenpop-flood-", extra)
    assert proc.stdin is not None and proc.stdout is not None
    slowest = 0.0

    async def status() -> dict:
        nonlocal slowest
        t0 = time.perf_counter()
        proc.stdin.write(b"status\n")  # type: ignore[union-attr]
        await proc.stdin.drain()  # type: ignore[union-attr]
        reply = json.loads(await proc.stdout.readline())  # type: ignore[union-attr]
        slowest = max(slowest, time.perf_counter() - t0)
        return reply

    loop = asyncio.get_running_loop()
    peak = {"popups": 0, "widgets": 0, "rss": 0}

    def note(s: dict) -> None:
        for k in peak:
            peak[k] = max(peak[k], s[k])

    try:
        deadline = loop.time() + 30
        while (await status())["state"] != "connected":
            if loop.time() > deadline:
                raise RuntimeError("the app did not connect")
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
        start = await status()
        slowest = 0.0
        t0 = time.perf_counter()
        placed = []
        for i in range(calls):
            placed.append(await sim.incoming_call(f"138{i:08d}", f"Flood {i}", [WATCHED]))
        ring_seconds = time.perf_counter() - t0
        deadline = loop.time() + 600
        s = await status()
        while s["history"] < calls and loop.time() < deadline:
            note(s)
            await asyncio.sleep(0.2)
            s = await status()
        note(s)
        recorded_seconds = time.perf_counter() - t0
        recorded = s["history"]
        t1 = time.perf_counter()
        for call in placed:
            await sim.hangup(call)
        deadline = loop.time() + 600
        s = await status()
        while (s["popups"] or s["queued"]) and loop.time() < deadline:
            note(s)
            await asyncio.sleep(0.2)
            s = await status()
        closed_seconds = time.perf_counter() - t1
        end = await status()
    finally:
        await quit_child(proc, 60)
        await sim.stop()
        tmp.cleanup()
    return {
        "calls": calls,
        "ring_seconds": ring_seconds,
        "recorded": recorded,
        "recorded_seconds": recorded_seconds,
        "closed_seconds": closed_seconds,
        "popups_left": end["popups"] + end["queued"],
        "slowest_reply": slowest,
        "peak": peak,
        "rss_start": start["rss"],
        "rss_end": end["rss"],
        "widgets": (start["widgets"], end["widgets"]),
        "state": end["state"],
        "load": os.getloadavg()[0],
    }


def rows_for(r: dict) -> list[Row]:
    ok = r["recorded"] >= r["calls"] and r["popups_left"] == 0 and r["state"] == "connected"
    return [
        Row(
            f"flood: {r['calls']:,} calls ring the watched extension at once (placed in"
            f" {r['ring_seconds']:.1f} s): all recorded after",
            f"{r['recorded_seconds']:.1f} s ({r['recorded']:,} recorded); all popups closed"
            f" {r['closed_seconds']:.1f} s after the hang-ups; slowest app reply"
            f" {r['slowest_reply'] * 1000:.0f} ms; load {r['load']:.1f}",
            "",
            ok,
        ),
        Row(
            "flood: peak popups / Qt widgets / RSS",
            f"{r['peak']['popups']} / {r['peak']['widgets']} / {r['peak']['rss'] / MB:.0f} MB"
            f" (widgets {r['widgets'][0]} -> {r['widgets'][1]} after; RSS"
            f" {r['rss_start'] / MB:.0f} -> {r['rss_end'] / MB:.0f} MB)",
            "",
            None,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--calls", type=int, default=1000)
    ap.add_argument("--profile", help="cProfile the app process into this file")
    ap.add_argument("--quick", action="store_true", help="300 calls")
    ap.add_argument("--json", help="also write the result rows to this file")
    args = ap.parse_args(argv)
    if args.quick:
        args.calls = 300
    print(machine_header())
    eprint(f"flood: {args.calls:,} calls ring {WATCHED} at once ...")
    r = asyncio.run(flood(args.calls, args.profile))
    report(rows_for(r), args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
