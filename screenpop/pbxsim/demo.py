"""Demo mode: a believable stream of calls for the tray app when no PBX is configured."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .server import PbxSimulator

CALLERS = [
    ("13800138000", "张伟"),
    ("13912345678", "王芳"),
    ("02168881234", "李娜"),
    ("075588886666", "刘洋"),
    ("+34911234567", "José Müller"),
    ("+33142868200", "Zoë Lefèvre"),
    ("+4930123456", "Jürgen Groß"),
    ("+442079460000", "Siobhán O'Brien"),
    ("0571888", ""),
    ("+12025550143", "Acme Corp"),
]


async def run_demo(
    sim: PbxSimulator,
    extensions: Sequence[str] = ("201", "202", "203"),
    interval: float = 6.0,
    stop_event: asyncio.Event | None = None,
    rng: random.Random | None = None,
    trunk: str = "trunk-sps-test1",
    colleagues: Sequence[str] = (),
) -> None:
    """Place a call every `interval` seconds (jittered) until `stop_event` is set or cancelled.

    `colleagues` are other extensions that now and then call each other, so the colleagues
    window and the favourites show a living office (busy, ringing, free).

    Every call runs in a task owned here; all of them are cancelled and awaited on the way
    out, and calls still live are hung up so clients see them end.
    """
    rng = rng or random.Random()
    stop_event = stop_event or asyncio.Event()
    tasks: set[asyncio.Task] = set()
    try:
        while not stop_event.is_set():
            task = asyncio.get_running_loop().create_task(
                _one_call(sim, list(extensions), rng, trunk)
            )
            tasks.add(task)
            task.add_done_callback(tasks.discard)
            if len(colleagues) >= 2 and rng.random() < 0.6:
                chat = asyncio.get_running_loop().create_task(
                    _colleague_call(sim, list(colleagues), rng)
                )
                tasks.add(chat)
                chat.add_done_callback(tasks.discard)
            delay = interval * rng.uniform(0.6, 1.4)
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop_event.wait(), delay)
    finally:
        for task in list(tasks):
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for call in list(sim.calls):
            sim.engine.hangup(call)


async def _one_call(
    sim: PbxSimulator, extensions: list[str], rng: random.Random, trunk: str
) -> None:
    # A real phone on a call does not ring again: only free extensions take part, which also
    # keeps a new user's screen to a believable number of popups.
    busy = {ext for c in sim.calls if not c.ended for ext in c.legs}
    busy |= {c.caller.name.split("/")[1].split("-")[0] for c in sim.calls if not c.ended}
    free = [ext for ext in extensions if ext not in busy]
    if not free:
        return
    roll = rng.random()
    if roll < 0.15:
        number = "0" + rng.choice(CALLERS)[0].lstrip("+0")
        call = await sim.outbound_call(rng.choice(free), number, trunk=trunk)
        answered = rng.random() < 0.7
    else:
        number, name = rng.choice(CALLERS)
        ring_group = roll < 0.45 and len(free) > 1
        targets = free if ring_group else [rng.choice(free)]
        call = await sim.incoming_call(number, name, targets, trunk=trunk)
        answered = rng.random() < 0.75
    await asyncio.sleep(rng.uniform(2.0, 9.0))
    if call.ended:
        return
    if answered:
        await sim.answer(call, rng.choice(list(call.legs)))
        await asyncio.sleep(rng.uniform(4.0, 25.0))
    if not call.ended:
        await sim.hangup(call)


async def _colleague_call(sim: PbxSimulator, colleagues: list[str], rng: random.Random) -> None:
    busy = {ext for c in sim.calls if not c.ended for ext in c.legs}
    busy |= {c.caller.name.split("/")[1].split("-")[0] for c in sim.calls if not c.ended}
    free = [ext for ext in colleagues if ext not in busy]
    if len(free) < 2:
        return
    caller, callee = rng.sample(free, 2)
    call = await sim.internal_call(caller, callee)
    await asyncio.sleep(rng.uniform(2.0, 6.0))
    if call.ended:
        return
    await sim.answer(call, callee)
    await asyncio.sleep(rng.uniform(10.0, 40.0))
    if not call.ended:
        await sim.hangup(call)
