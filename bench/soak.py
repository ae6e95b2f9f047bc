"""Soak: a receptionist's working day, compressed, through the simulator and the real CallService.

    python bench/soak.py --calls 100000 --reconnect-every 5000
    python bench/soak.py --calls 2000 --flavor 20 --json figures.json

Calls: ring groups and single extensions, answered, missed (caller gives up), transferred with
`CallService.transfer` (a real Redirect over AMI), and outbound calls, several at a time. Every
`--reconnect-every` calls an outage is injected: the simulator stops talking (`stall`) and
drops the connection mid-frame; while the client cannot get in, some calls start and end
(they cannot be seen by anyone and are counted as `unseeable`, not lost), some start and are
still ringing when the link is back (the resync must pop them), and some calls that were
ringing before end or are answered during the outage (the resync must close their popups).

The popup model (no Qt) is a dict of open (call, extension): Ringing opens, RingEnded or
Ended closes. Figures: pops expected (every ringing leg of a watched extension the client
could see), shown (Ringing received), lost (expected, never shown), closed, stale (still open
at the end), tracker calls left, RSS at start and end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import random
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from screenpop.ami import actions as A  # noqa: E402
from screenpop.calls.events import Answered, Ended, Outbound, RingEnded, Ringing  # noqa: E402
from screenpop.net.errors import ActionFailed, ConnectionLost  # noqa: E402
from screenpop.pbxsim import PbxSimulator  # noqa: E402
from screenpop.pbxsim.model import Call  # noqa: E402
from screenpop.service import CallService  # noqa: E402
from tests.servicekit import FAST_RECONNECT, Pbx, start_service  # noqa: E402

EXTENSIONS = ["201", "202", "203", "474", "306", "307"]
WATCH = frozenset({"201", "202", "474"})
CALLERS = [  # names; numbers are made unique per call
    ("13800138000", "张伟"),
    ("13912345678", "王芳"),
    ("02168881234", "李娜"),
    ("+34911234567", "José Müller"),
    ("0571888", ""),
]


def rss() -> int | None:
    try:
        import psutil
    except ImportError:
        return None
    return psutil.Process().memory_info().rss


class PopupModel:
    """What the popup stack would show, and counts."""

    def __init__(self) -> None:
        self.open: dict[tuple[str, str], int] = {}
        self.shown: Counter[tuple[str, str]] = Counter()
        self.closed = 0
        self.double_pops = 0
        self.counts: Counter[str] = Counter()

    def on_event(self, event) -> None:
        self.counts[type(event).__name__] += 1
        if isinstance(event, Ringing):
            key = (event.call, event.extension)
            if key in self.open:
                self.double_pops += 1
            self.open[key] = 1
            self.shown[key] += 1
        elif isinstance(event, RingEnded):
            if self.open.pop((event.call, event.extension), None) is not None:
                self.closed += 1
        elif isinstance(event, Ended):
            for key in [k for k in self.open if k[0] == event.call]:
                del self.open[key]
                self.closed += 1
        elif not isinstance(event, Answered | Outbound):
            self.counts["unknown"] += 1


@dataclass
class Figures:
    calls: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    expected: Counter[tuple[str, str]] = field(default_factory=Counter)
    unseeable: int = 0  # ringing legs that started and stopped inside an outage
    outage_calls: int = 0
    reconnects: int = 0
    transfers_failed: int = 0
    transfer_errors: Counter[str] = field(default_factory=Counter)

    def expect(self, call: Call, extensions) -> None:
        for ext in extensions:
            if ext in WATCH:
                self.expected[(call.id, ext)] += 1


class Day:
    def __init__(self, sim: PbxSimulator, service: CallService, rng: random.Random) -> None:
        self.sim, self.service, self.rng = sim, service, rng
        self.engine = sim.engine
        self.live: list[Call] = []
        self.fig = Figures()
        self.in_outage = False
        self.outage_legs: list[tuple[Call, str]] = []
        self.outage_started: list[Call] = []
        self.unseen: set[Call] = set()

    # -- steps ---------------------------------------------------------------------------

    def new_call(self) -> None:
        rng, fig = self.rng, self.fig
        fig.calls += 1
        if rng.random() < 0.12:
            call = self.engine.internal(rng.choice(EXTENSIONS), "013800138000", "trunk-sps-test1")
            fig.kinds["outbound"] += 1
            self.live.append(call)
            return
        # Each call gets its own number: with two callers showing the same number ringing
        # the same extension across an outage, the 1.8 resync cannot tell them apart (a
        # known bug, pinned in tests/test_soak.py), which would blur the lost-pop count.
        _, name = rng.choice(CALLERS)
        number = f"1{fig.calls:010d}"
        exts = rng.sample(EXTENSIONS, 1 if rng.random() < 0.6 else rng.randrange(2, 4))
        call = self.engine.incoming(number, name, exts, "trunk-sps-test1")
        fig.kinds["ring_group" if len(exts) > 1 else "single"] += 1
        if self.in_outage:
            fig.outage_calls += 1
            self.outage_started.append(call)
            self.outage_legs += [(call, ext) for ext in exts if ext in WATCH]
        else:
            fig.expect(call, exts)
        self.live.append(call)

    def ringing(self) -> list[Call]:
        return [c for c in self.live if c.kind == "inbound" and c.answered_by is None and c.legs]

    def answer(self) -> None:
        calls = self.ringing()
        if calls:
            call = self.rng.choice(calls)
            self.engine.answer(call, self.rng.choice(list(call.legs)))
            self.fig.kinds["answered"] += 1

    def hangup(self) -> None:
        if self.live:
            call = self.live.pop(self.rng.randrange(len(self.live)))
            self.unseen.discard(call)
            if call.kind == "inbound" and call.answered_by is None:
                self.fig.kinds["missed"] += 1
            self.engine.hangup(call)

    async def transfer(self) -> None:
        candidates = [
            c for c in self.live if c.kind == "inbound" and not c.ended and c not in self.unseen
        ]
        if not candidates or self.in_outage:
            return
        call = self.rng.choice(candidates)
        await self.barrier()  # the tracker must have seen the call to transfer it
        if call.ended:
            return
        current = set(call.legs)
        target = self.rng.choice([e for e in EXTENSIONS if e not in current])
        at = next(iter(current), "201")
        try:
            await self.service.transfer(call.id, at, target)
        except (ActionFailed, ConnectionLost) as exc:
            self.fig.transfers_failed += 1
            self.fig.transfer_errors[f"{type(exc).__name__}: {exc}"] += 1
            return
        self.fig.kinds["transferred"] += 1
        self.fig.expect(call, [target])

    async def barrier(self) -> None:
        """A Ping round trip: every event sent before its reply has been processed."""
        client = self.service.client
        if client is not None and not client.closed:
            with contextlib.suppress(ConnectionLost, ActionFailed):
                await client.send_action(A.ping(), timeout=30)

    # -- outages -------------------------------------------------------------------------

    async def outage(self) -> None:
        sup = self.service.supervisor
        before = sup.connects
        self.sim.stall(True)
        await self.sim.drop_clients(mid_frame=True)
        self.in_outage = True
        self.outage_legs = []
        self.outage_started = []
        rng = self.rng
        for _ in range(rng.randrange(4, 12)):
            op = rng.random()
            if op < 0.45:
                self.new_call()
            elif op < 0.7:
                self.answer()
            else:
                self.hangup()
        # Calls that started inside the outage: a leg still ringing now will be popped by
        # the resync; one that already stopped ringing could not be seen by anyone.
        for call, ext in self.outage_legs:
            if not call.ended and call.answered_by is None and ext in call.legs:
                self.fig.expected[(call.id, ext)] += 1
            else:
                self.fig.unseeable += 1
        # A call that started in the outage and was answered before the link came back is
        # not in any snapshot as ringing: nobody saw it, so nobody can transfer it.
        for call in self.outage_started:
            if not call.ended and not (call.answered_by is None and call.legs):
                self.unseen.add(call)
        self.in_outage = False
        self.sim.stall(False)
        while not (sup.connects > before and sup.state == "connected"):
            await asyncio.sleep(0.01)
        self.fig.reconnects += 1

    # -- the day -------------------------------------------------------------------------

    async def run(self, calls: int, reconnect_every: int, concurrency: int = 8) -> None:
        rng = self.rng
        next_outage = reconnect_every if reconnect_every else None
        steps = 0
        while self.fig.calls < calls or self.live:
            steps += 1
            op = rng.random()
            if self.fig.calls < calls and len(self.live) < concurrency and op < 0.4:
                self.new_call()
            elif op < 0.6:
                self.answer()
            elif op < 0.64:
                await self.transfer()
            elif len(self.live) >= concurrency or self.fig.calls >= calls or op < 0.9:
                self.hangup()
            if steps % 16 == 0:
                await self.sim.flush()
            if steps % 400 == 0:
                await self.barrier()
            if next_outage is not None and self.fig.calls >= next_outage and self.fig.calls < calls:
                next_outage += reconnect_every
                await self.outage()
        await self.sim.flush()
        await self.barrier()


async def soak(
    calls: int = 2000,
    reconnect_every: int = 1000,
    flavor: str = "1.8",
    seed: int | None = None,
    progress=None,
) -> dict:
    seed = seed if seed is not None else random.randrange(2**32)
    gc.collect()
    rss_start = rss()
    t0 = time.monotonic()
    popups = PopupModel()
    states: list[str] = []
    async with PbxSimulator(flavor=flavor, auth_fail_delay=0.01) as sim:
        running = await start_service(
            Pbx.of(sim),
            popups.on_event,
            lambda s, r: states.append(s),
            link=dict(
                connect_timeout=0.5, ping_interval=1.0, ping_timeout=10.0, action_timeout=30.0
            ),
            watch=WATCH,
            **FAST_RECONNECT,
        )
        service = running.service
        day = Day(sim, service, random.Random(seed))
        runner = asyncio.create_task(day.run(calls, reconnect_every))
        while not runner.done():
            await asyncio.wait({runner}, timeout=5)
            if progress and not runner.done():
                progress(f"  {day.fig.calls:,} calls, {time.monotonic() - t0:.0f} s")
        runner.result()
        # The CDR grace period: ended calls leave the tracker, their popups are closed.
        deadline = time.monotonic() + 10
        while (service.tracker.calls or popups.open) and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        tracker_left = len(service.tracker.calls)
        uids_left = len(service.tracker._uid_call)
        internals = {
            "tracker_channel_names": len(service.tracker._channel_uid),
            "tracker_recently_ended": len(service.tracker._ended),
            "sim_channels": len(sim.engine.channels),
            "sim_actions_recorded": len(sim.actions_received),
        }
        messages = service.messages_seen
        await running.stop()
        sim_calls = sim.engine.calls_processed
    seconds = time.monotonic() - t0
    gc.collect()
    rss_end = rss()
    fig = day.fig
    lost = sum((fig.expected - popups.shown).values())
    extra = sum((popups.shown - fig.expected).values())
    return {
        "flavor": flavor,
        "seed": seed,
        "calls": fig.calls,
        "sim_calls_including_transfer_legs": sim_calls,
        "kinds": dict(fig.kinds),
        "reconnects": fig.reconnects,
        "calls_started_in_outages": fig.outage_calls,
        "pops_expected": sum(fig.expected.values()),
        "pops_shown": sum(popups.shown.values()),
        "pops_lost": lost,
        "pops_unexpected": extra,
        "pops_closed": popups.closed,
        "double_pops": popups.double_pops,
        "stale_popups": len(popups.open),
        "unseeable_in_outage": fig.unseeable,
        "transfers_failed": fig.transfers_failed,
        "transfer_errors": dict(fig.transfer_errors),
        "tracker_calls_left": tracker_left,
        "tracker_uids_left": uids_left,
        "ami_messages": messages,
        "sizes_at_end": internals,
        "bench_bookkeeping_keys": len(fig.expected) + len(popups.shown),
        "events": dict(popups.counts),
        "seconds": round(seconds, 1),
        "calls_per_second": round(fig.calls / seconds, 1) if seconds else None,
        "rss_start_mb": round(rss_start / 2**20, 1) if rss_start else None,
        "rss_end_mb": round(rss_end / 2**20, 1) if rss_end else None,
    }


def table(figures: dict) -> str:
    rows = [
        (f"calls (flavor {figures['flavor']})", figures["calls"]),
        ("  by kind", figures["kinds"]),
        ("reconnects injected", figures["reconnects"]),
        ("calls started in outages", figures["calls_started_in_outages"]),
        ("pops expected", figures["pops_expected"]),
        ("pops shown", figures["pops_shown"]),
        ("pops lost", figures["pops_lost"]),
        ("pops unexpected", figures["pops_unexpected"]),
        ("popups closed", figures["pops_closed"]),
        ("stale popups at end", figures["stale_popups"]),
        ("unseeable (rang only in an outage)", figures["unseeable_in_outage"]),
        ("tracker calls left", figures["tracker_calls_left"]),
        ("AMI messages processed", figures["ami_messages"]),
        ("time", f"{figures['seconds']} s ({figures['calls_per_second']} calls/s)"),
        ("RSS start / end", f"{figures['rss_start_mb']} MB / {figures['rss_end_mb']} MB"),
        ("  sizes at end", figures["sizes_at_end"]),
        ("  bench's own per-pop keys", figures["bench_bookkeeping_keys"]),
    ]
    width = max(len(r[0]) for r in rows)
    return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--reconnect-every", type=int, default=5000)
    parser.add_argument("--flavor", choices=["1.8", "20"], default="1.8")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = parser.parse_args(argv)
    figures = asyncio.run(
        soak(args.calls, args.reconnect_every, args.flavor, args.seed, progress=print)
    )
    print(table(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", "utf-8")
    ok = figures["pops_lost"] == 0 and figures["stale_popups"] == 0
    ok = ok and figures["tracker_calls_left"] == 0
    print("OK" if ok else "FAILED: lost or stale popups, or calls left in the tracker")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
