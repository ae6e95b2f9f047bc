"""The call gate is exact: what CallService publishes with the gate equals what it publishes
without it, for recorded captures, the busy-PBX bench stream, and hypothesis-generated
interleavings of many calls (ring groups, transfers, queues, Local channels, parking,
pickups by answering elsewhere, outbound and analog calls), on Asterisk 1.8 and 20 shapes,
under any chunking of the bytes. Each run drives the real AmiClient read loop and the real
service (tests/gatekit.py); the gated runs are checked to have set frames aside, so the
comparison is never between two ungated runs.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from gatekit import digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench._busy_stream import busy_stream
from screenpop.ami.gate import CallGate
from screenpop.pbxsim.calls import CallEngine
from screenpop.pbxsim.frames import frame

CAPTURES = Path(__file__).parent / "fixtures" / "captures"
EXTS = ["474", "200", "201", "202", "4740", "601"]
CALLERS = [("13800138000", "张伟"), ("474", "Four Seven Four"), ("0474", "Zero"), ("", "")]
MASK = frozenset({"call", "cdr", "agent"})


def chunked(data: bytes, rng: random.Random) -> list[bytes]:
    out, i = [], 0
    while i < len(data):
        n = rng.choice([1, 7, 50, 300, 4096, 65536])
        out.append(data[i : i + n])
        i += n
    return out


def by_call(events: list[dict]) -> dict[str, list[dict]]:
    """Each call's events in order. Calls' events interleave by timing alone (an expiry timer
    fires when the loop is free), with or without the gate; within a call the order is fixed."""
    out: dict[str, list[dict]] = {}
    for event in events:
        out.setdefault(event["call"], []).append(event)
    return out


def both(chunks: list[bytes], **kw) -> tuple[dict, dict, object]:
    async def run():
        plain, _, _ = await digest(chunks, gate=False, **kw)
        gated, _, gate = await digest(chunks, gate=True, **kw)
        return by_call(plain), by_call(gated), gate

    return asyncio.run(run())


def scenario(rng: random.Random, flavor: str, steps: int) -> bytes:
    """Bytes a PBX sends for `steps` random steps over several calls at once."""
    out: list[bytes] = []
    t = [1_700_000_000.0]

    def clock() -> float:
        t[0] += rng.random() * 0.2
        return t[0]

    def emit(ev) -> None:
        category, pairs = ev
        if category in MASK:
            out.append(frame(pairs))

    engine = CallEngine(flavor, emit, clock=clock)
    for _ in range(steps):
        live = [c for c in engine.calls if not c.ended]
        ringing = [c for c in live if c.answered_by is None and c.legs]
        answered = [c for c in live if c.answered_by is not None]
        op = rng.randrange(13)
        number, name = rng.choice(CALLERS)
        try:
            if op <= 2 or not live:
                exts = rng.sample(EXTS[:4], rng.randrange(1, 4))
                engine.incoming(number or "13900000000", name, exts, "trunk-sps-test1")
            elif op == 3 and ringing:
                call = rng.choice(ringing)
                engine.answer(call, rng.choice(list(call.legs)))
            elif op == 4:
                engine.hangup(rng.choice(live))
            elif op == 5:
                engine.internal(rng.choice(EXTS[:4]), rng.choice(["013800138000", "201", "474"]),
                                rng.choice([None, "trunk-sps-test1"]))  # fmt: skip
            elif op == 6:
                engine.incoming("13900000000", "Analog", ["601"], "trunk-sps-test1", kind="analog")
            elif op == 7:
                call = rng.choice(live)
                target = rng.choice(EXTS[:4])
                engine.redirect(call.caller, f"DLPN_DialPlan{target}", target)
            elif op == 8 and ringing:
                call = rng.choice(ringing)
                engine.hangup_channel(rng.choice(list(call.legs.values())))
            elif op == 9:
                members = rng.sample(EXTS[:4], rng.randrange(1, 4))
                engine.queue_call(
                    number or "13900000000", name, members, "trunk-sps-test1",
                    strategy=rng.choice(["ringall", "rrmemory"]),
                    eventwhencalled=rng.random() < 0.5,
                )  # fmt: skip
            elif op == 10:
                queued = [c for c in live if c.queue is not None and c.answered_by is None]
                if queued:
                    engine.queue_next(rng.choice(queued))
            elif op == 11 and answered:
                engine.park_leg(rng.choice(answered))
            elif op == 12:
                engine.originate(f"SIP/{rng.choice(EXTS[:4])}", "DLPN_DialPlan201", "306",
                                 None, None)  # fmt: skip
        except (KeyError, ValueError, AssertionError, IndexError):
            continue  # a step that does not fit the call's state: the engine refused it
    while engine.calls:
        engine.hangup(engine.calls[0])
    return b"".join(out)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 2**32 - 1),
    flavor=st.sampled_from(["1.8", "20"]),
    steps=st.integers(5, 120),
    watch=st.sampled_from([("474",), ("474", "201"), ("601",)]),
)
def test_gated_equals_ungated_on_generated_interleavings(seed, flavor, steps, watch):
    rng = random.Random(seed)
    data = scenario(rng, flavor, steps)
    plain, gated, _ = both(chunked(data, rng), watch=watch, modern=flavor == "20")
    assert gated == plain


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_gated_equals_ungated_on_the_busy_pbx_stream(flavor):
    blob, truth = busy_stream(20_000, flavor)
    rng = random.Random(3)
    plain, gated, gate = both(chunked(blob, rng), modern=flavor == "20")
    assert gated == plain
    rang = [c for c, events in plain.items() if any(e["type"] == "ringing" for e in events)]
    assert len(rang) >= len(truth.watched)
    # The gate did its job: most frames were set aside, some of them read later.
    assert gate.frames_kept > truth.events * 0.6
    assert 0 < gate.frames_released < gate.frames_kept


@pytest.mark.parametrize(
    "name", sorted(p.stem for p in CAPTURES.glob("*.bin") if not p.stem.endswith(".tx"))
)
@pytest.mark.parametrize("watch", [("474",), ("306",), ("200", "201")])
def test_gated_equals_ungated_on_recorded_captures(name, watch):
    data = (CAPTURES / f"{name}.bin").read_bytes()
    marker = b"Authentication accepted\r\n\r\n"
    if marker not in data:
        pytest.skip("no login in this capture")
    data = data[data.index(marker) + len(marker) :]
    modern = name.startswith("new_")
    plain, gated, _ = both([data], watch=watch, modern=modern)
    assert gated == plain
    rng = random.Random(len(data))
    plain, gated, _ = both(chunked(data, rng), watch=watch, modern=modern)
    assert gated == plain


@pytest.mark.parametrize(
    ("seed", "flavor", "steps", "watch"),
    [
        # A 1.x queue joined within the same read as ringing Newstates of other calls.
        (1, "1.8", 5, ("474",)),
        # A Newstate kept before a queue caller joined must not be read after the Join.
        (1583, "1.8", None, ("200",)),
    ],
)
def test_gated_equals_ungated_on_streams_that_once_differed(seed, flavor, steps, watch):
    rng = random.Random(seed)
    data = scenario(rng, flavor, steps if steps is not None else rng.randrange(5, 200))
    plain, gated, _ = both(chunked(data, rng), watch=watch, modern=flavor == "20")
    assert gated == plain


def test_generated_interleavings_do_set_frames_aside_and_release_them():
    """The hypothesis test above compares something: its scenarios make the gate work."""
    kept = released = watched = 0
    for seed in range(12):
        rng = random.Random(seed)
        data = scenario(rng, "1.8" if seed % 2 else "20", 80)
        plain, gated, gate = both([data], modern=seed % 2 == 0)
        assert gated == plain
        kept += gate.frames_kept
        released += gate.frames_released
        watched += len(plain)
    assert kept > 100 and released > 10 and watched > 10


def test_a_call_transferred_to_the_watched_phone_brings_its_whole_history():
    """Frames kept while a call rang 200 are read, in order, when it is sent to 474."""
    out: list[bytes] = []
    engine = CallEngine("1.8", lambda ev: out.append(frame(ev[1])), clock=lambda: 1.0)
    call = engine.incoming("13800138000", "张伟", ["200"], "trunk-sps-test1")
    engine.answer(call, "200")
    engine.redirect(call.caller, "DLPN_DialPlan474", "474")
    engine.answer(call, "474")
    engine.hangup(call)
    plain, gated, _ = both([b"".join(out)])
    assert gated == plain
    ended = [e for events in gated.values() for e in events if e["type"] == "ended"]
    assert ended and ended[0]["extensions"] == ["200", "474"]


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_colleagues_presence_moves_the_same_with_the_gate(flavor):
    """The tray app follows colleagues' phones: their states change exactly as without it."""
    blob, _truth = busy_stream(6_000, flavor)
    names = {"200": "Ann", "201": "Bob", "250": "Cy", "474": "Me"}
    rng = random.Random(5)
    chunks = chunked(blob, rng)

    async def run():
        plain_states: list = []
        gated_states: list = []
        plain, _, _ = await digest(
            chunks, gate=False, modern=flavor == "20", colleagues=names, presence=plain_states
        )
        gated, _, gate = await digest(
            chunks, gate=True, modern=flavor == "20", colleagues=names, presence=gated_states
        )
        return by_call(plain), by_call(gated), plain_states, gated_states, gate

    plain, gated, plain_states, gated_states, gate = asyncio.run(run())
    assert gated == plain
    assert gated_states == plain_states
    assert len({s[0] for s in plain_states}) == 4 and len(plain_states) > 20
    assert gate.frames_kept > 1000 and gate.frames_unread > 100


def test_side_reader_gets_kept_presence_frames_at_once():
    gate = CallGate(["474"], side_events=["Newstate", "Hangup"])
    data = frame([("Event", "Newstate"), ("Channel", "SIP/200-00000001"),
                  ("ChannelState", "5"), ("Uniqueid", "1.1")])  # fmt: skip
    items = gate.feed(data, 5.0)
    assert items == [(None, data[:-4])]
    assert gate.frames_kept == 1
    assert gate.release_all() == [(5.0, data[:-4])]


def test_caps_let_everything_through_in_order():
    gate = CallGate(["474"], max_groups=3)
    frames = [
        frame(
            [
                ("Event", "Newchannel"),
                ("Channel", f"SIP/2{i:02d}-0000000{i}"),
                ("Uniqueid", f"1.{i}"),
            ]
        )
        for i in range(6)
    ]
    items = gate.feed(b"".join(frames), 1.0)
    assert gate.overflowed
    released = [f for at, f in (i for i in items if isinstance(i, tuple))]
    passed = b"".join(i for i in items if isinstance(i, bytes))
    assert released == [f[:-4] for f in frames[:4]]
    assert passed == b"".join(frames[4:])
    assert gate.feed(b"anything", 2.0) == [b"anything"]


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_the_service_gates_a_real_link_and_steps_aside_for_click_to_dial(flavor):
    """Over TCP with the simulator: after the snapshot the link is gated; calls to others are
    kept unread; a transfer of such a call by id still works (its frames are read first); a
    click-to-dial takes the gate away while it waits and puts it back after."""
    from servicekit import Pbx, Recorder, start_service, wait_until

    from screenpop.calls.events import Ended
    from screenpop.pbxsim import PbxSimulator

    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state, watch={"474"})
            service = running.service
            try:
                gate = service.client._gate
                assert gate is not None
                other = await sim.incoming_call("13800138000", "张伟", "200")
                await sim.answer(other, "200")
                watched = await sim.incoming_call("13900000000", "Li", ["474", "201"])
                await wait_until(lambda: any(e.call == watched.caller.uniqueid for e in rec.events))
                assert gate.frames_kept > 0
                assert service.tracker.find_call(other.caller.uniqueid) is None  # kept unread
                await service.transfer(other.caller.uniqueid, "200", "201")  # read, then moved
                assert service.tracker.find_call(other.caller.uniqueid) is not None
                await service.dial("503", "13806012345")
                assert service.client._gate is not None and service.client._gate is not gate
                await sim.hangup(watched)
                await wait_until(
                    lambda: any(
                        isinstance(e, Ended) and e.call == watched.caller.uniqueid
                        for e in rec.events
                    )
                )
            finally:
                await running.stop()

    asyncio.run(asyncio.wait_for(main(), 30))
