"""Every fault the simulator can inject, survived by the real CallService.

Each test injects faults, checks concrete outcomes (reconnects, popups opened and closed,
nothing garbled reaching the tracker) and counts them in `FIGURES`. At the end of the run
the figures are printed as one line ("faults injected and survived: N") and written to
`<pytest basetemp>/reliability/faults.json` (and `$SCREENPOP_FIGURES_DIR/faults.json` if set),
so the README's Reliability section can quote them.

A "popup" here is the model the UI follows: Ringing opens (call, extension); RingEnded for
that pair or Ended for the call closes it. Consistent means every Ringing was closed.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter

import pytest
from conftest import publish_figures
from servicekit import FAST_LINK, FAST_RECONNECT, Pbx, RunningService, make_service

from screenpop.ami.message import Message
from screenpop.calls.events import Answered, Ended, RingEnded, Ringing
from screenpop.pbxsim import PbxSimulator

INJECTED: Counter[str] = Counter()
SURVIVED: Counter[str] = Counter()
HALF_FRAME_CHANNEL = "SIP/4"  # what the simulator's half-written Newstate frame ends with


@pytest.fixture(scope="module", autouse=True)
def _fault_figures(tmp_path_factory):
    yield
    injected, survived = sum(INJECTED.values()), sum(SURVIVED.values())
    figures = {
        "faults_injected": injected,
        "faults_survived": survived,
        "injected_by_kind": dict(sorted(INJECTED.items())),
        "survived_by_kind": dict(sorted(SURVIVED.items())),
    }
    line = f"faults injected and survived: {survived} (injected {injected}): " + ", ".join(
        f"{k}={v}" for k, v in sorted(SURVIVED.items())
    )
    publish_figures(tmp_path_factory, "faults.json", figures, line)


def injected(kind: str, n: int = 1) -> None:
    INJECTED[kind] += n


def survived(kind: str, n: int = 1) -> None:
    SURVIVED[kind] += n


def run(coro, timeout: float = 30):
    return asyncio.run(asyncio.wait_for(coro, timeout))


class Popups:
    """Call events as the popup stack sees them, plus waiting helpers."""

    def __init__(self) -> None:
        self.events: list = []
        self.states: list[tuple[str, str]] = []
        self.open: dict[tuple[str, str], Ringing] = {}
        self.shown = 0
        self.closed = 0
        self.anomalies: list[str] = []
        self._changed = asyncio.Event()

    def on_event(self, event) -> None:
        self.events.append(event)
        if isinstance(event, Ringing):
            key = (event.call, event.extension)
            if key in self.open:
                self.anomalies.append(f"second Ringing without a close: {key}")
            self.open[key] = event
            self.shown += 1
        elif isinstance(event, RingEnded):
            if self.open.pop((event.call, event.extension), None) is not None:
                self.closed += 1
        elif isinstance(event, Ended):
            for key in [k for k in self.open if k[0] == event.call]:
                del self.open[key]
                self.closed += 1
        self._changed.set()

    def on_state(self, state: str, reason: str) -> None:
        self.states.append((state, reason))
        self._changed.set()

    def of(self, cls, **match) -> list:
        return [
            e
            for e in self.events
            if isinstance(e, cls) and all(getattr(e, k) == v for k, v in match.items())
        ]

    async def until(self, predicate, timeout: float = 5.0, what: str = "") -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"not reached in {timeout} s: {what}; open={list(self.open)}"
                    f" states={self.states[-5:]} events={self.events[-8:]}"
                )
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.05))

    def assert_consistent(self) -> None:
        assert not self.anomalies, self.anomalies
        assert self.open == {}, f"stale popups: {list(self.open)}"
        rang = {(e.call, e.extension) for e in self.of(Ringing)}
        closed = {(e.call, e.extension) for e in self.of(RingEnded)}
        ended = {e.call for e in self.of(Ended)}
        unclosed = [k for k in rang if k not in closed and k[0] not in ended]
        assert unclosed == [], f"Ringing never closed: {unclosed}"


class Rig:
    """The simulator and a running CallService with fast timers; records what the tracker got."""

    def __init__(self, sim: PbxSimulator, **options) -> None:
        self.sim = sim
        self.popups = Popups()
        service = make_service(
            Pbx.of(sim),
            self.popups.on_event,
            self.popups.on_state,
            link={**FAST_LINK, **options},
            **FAST_RECONNECT,
        )
        self.running = RunningService(service)
        self.service = service
        self.fed: list[Message] = []
        feed = service.tracker.feed

        def recording_feed(msg: Message):
            self.fed.append(msg)
            return feed(msg)

        service.tracker.feed = recording_feed  # type: ignore[method-assign]

    @property
    def connects(self) -> int:
        return self.service.supervisor.connects

    async def start(self) -> Rig:
        self.running.start()
        await self.connected(0)
        return self

    async def connected(self, after: int, timeout: float = 5.0) -> None:
        """Wait until the service is connected (and resynced) more than `after` times."""
        await self.running.connected(after, timeout)

    async def stop(self) -> None:
        await self.running.stop()

    async def settle(self) -> None:
        """Let the tracker's CDR grace run out so ended calls leave `tracker.calls`."""
        await self.popups.until(lambda: not self.service.tracker.calls, 5.0, "tracker empty")

    def assert_clean_input(self) -> None:
        """Nothing garbled reached the tracker: every line had a name, no half frames."""
        for msg in self.fed:
            assert all(name for name, _ in msg.headers), f"line without a name: {msg.headers}"
            assert msg.event is not None or msg.response is not None, msg.headers
            assert msg.get("Channel") != HALF_FRAME_CHANNEL, f"half frame reached: {msg.headers}"


# -- drop mid-frame ----------------------------------------------------------------------


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_drop_mid_frame_reconnects_and_nothing_garbled_reaches_the_tracker(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rig = await Rig(sim).start()
            calls = []
            for round_ in range(3):
                call = await sim.incoming_call(f"1380013800{round_}", "张伟", ["474", "475"])
                calls.append(call)
                await rig.popups.until(lambda: len(rig.popups.open) == 2 * len(calls))
                before = rig.connects
                injected("drop_mid_frame")
                await sim.drop_clients(mid_frame=True)
                await rig.connected(before)
                survived("drop_mid_frame")
            # The calls that rang before each drop are still known and close normally.
            await sim.answer(calls[0], "475")
            for call in calls:
                await sim.hangup(call)
            await rig.popups.until(lambda: not rig.popups.open, what="all popups closed")
            await rig.settle()
            assert rig.connects == 4
            assert rig.popups.shown == 6 and rig.popups.closed == 6
            rig.popups.assert_consistent()
            rig.assert_clean_input()
            assert len(rig.popups.of(Answered, extension="475")) == 1
            await rig.stop()

    run(main())


def test_connection_dropped_at_each_step_of_the_login_reconnects_quickly():
    """Challenge, Login, CoreShowChannels (resync) and Ping each lose the link once."""

    async def main():
        async with PbxSimulator() as sim:
            rig = await Rig(sim).start()
            for action in ("CoreShowChannels", "Challenge", "Login", "Ping"):
                before = rig.connects
                t0 = time.monotonic()
                injected(f"drop_on_{action.lower()}")
                sim.drop_on_action(action)
                if action != "Ping":
                    await sim.drop_clients(mid_frame=False)  # force a new login sequence
                await rig.connected(before, timeout=5.0)
                assert sim.faults.drop_on_action is None, f"{action} was never sent"
                assert time.monotonic() - t0 < 3.0, f"slow recovery after a drop on {action}"
                assert rig.service.supervisor.state == "connected"
                survived(f"drop_on_{action.lower()}")
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            await rig.popups.until(lambda: len(rig.popups.open) == 1)
            await sim.hangup(call)
            await rig.popups.until(lambda: not rig.popups.open)
            rig.popups.assert_consistent()
            assert not [s for s in rig.popups.states if s[0] == "error"], rig.popups.states
            await rig.stop()

    run(main())


# -- slow drip -------------------------------------------------------------------------


def test_slow_drip_delivers_whole_events_with_chinese_names():
    async def main():
        async with PbxSimulator() as sim:
            rig = await Rig(sim, ping_interval=30.0, ping_timeout=5.0).start()
            sim.slow_drip(True)
            injected("slow_drip")
            fed_before = len(rig.fed)
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            await rig.popups.until(lambda: len(rig.popups.open) == 1, timeout=20)
            sim.slow_drip(False)
            (ring,) = rig.popups.of(Ringing)
            assert (ring.caller.number, ring.caller.name) == ("13800138000", "张伟")
            # Every frame written one byte per TCP segment still reached the tracker whole.
            dripped = rig.fed[fed_before:]
            assert len(dripped) >= 5
            assert all(m.get("Privilege") for m in dripped if m.event), (
                "frame split apart",
                [m.headers for m in dripped if m.event and not m.get("Privilege")],
            )
            await sim.hangup(call)
            await rig.popups.until(lambda: not rig.popups.open)
            assert rig.connects == 1
            rig.popups.assert_consistent()
            rig.assert_clean_input()
            survived("slow_drip")
            await rig.stop()

    run(main(), timeout=60)


# -- raw bytes: garbage, non-UTF-8, oversize -------------------------------------------


def _dial_1_8(uid: str, leg_uid: str, name: bytes, ext: str = "474") -> bytes:
    return (
        b"Event: Dial\r\nPrivilege: call,all\r\nSubEvent: Begin\r\n"
        b"Channel: SIP/trunk-sps-test1-000000f1\r\nDestination: SIP/"
        + ext.encode()
        + b"-000000f2\r\n"
        b"CallerIDNum: 02112345678\r\nCallerIDName: " + name + b"\r\n"
        b"UniqueID: " + uid.encode() + b"\r\nDestUniqueID: " + leg_uid.encode() + b"\r\n"
        b"Dialstring: " + ext.encode() + b"\r\n\r\n"
    )


def _hangup_1_8(channel: str, uid: str, cause: str = "16") -> bytes:
    return (
        f"Event: Hangup\r\nPrivilege: call,all\r\nChannel: {channel}\r\nUniqueid: {uid}\r\n"
        f"Cause: {cause}\r\n\r\n"
    ).encode()


GARBAGE = [
    b"this is not AMI at all\r\n\r\n",
    b"\x00\x01\x02\xff\xfe\xfd\r\n\r\n",
    b"Event: NoSuchEvent\r\nPrivilege: call,all\r\nFoo: bar\r\n\r\n",
    b"Event: Dial\r\nSubEvent: Begin\r\n\r\n",  # a Dial with nothing in it
    b"Event: Hangup\r\nUniqueid: 999.999\r\n\r\n",  # a hangup of a call nobody knows
    b"Event: Newstate\r\nChannel: Zap/1-1\r\nUniqueid: 1.1\r\nChannelState: 6\r\n\r\n",
    b"Response: Success\r\nActionID: not-ours\r\n\r\n",
    b"no colon here\nand bare LF\n\n",
    b"Event: Newchannel\r\nCallerIDName: \xb7\xc7\xb7\xa8\xd7\xd6\xbd\xda\xff\r\n\r\n",
    b"\r\n\r\n\r\n",
]


def test_garbage_and_non_utf8_frames_are_ignored_and_gbk_names_decode():
    async def main():
        async with PbxSimulator() as sim:
            rig = await Rig(sim).start()
            for blob in GARBAGE:
                injected("garbage_frame")
                await sim.send_raw(blob)
            # An analog caller-ID name in raw GBK, not UTF-8: decoded, not dropped.
            injected("gbk_frame")
            await sim.send_raw(_dial_1_8("1700000000.900", "1700000000.901", "张伟".encode("gbk")))
            await rig.popups.until(lambda: len(rig.popups.open) == 1, what="GBK call rings")
            (ring,) = rig.popups.of(Ringing)
            assert ring.caller.name == "张伟" and ring.extension == "474"
            await sim.send_raw(_hangup_1_8("SIP/474-000000f2", "1700000000.901"))
            await sim.send_raw(_hangup_1_8("SIP/trunk-sps-test1-000000f1", "1700000000.900"))
            await rig.popups.until(lambda: not rig.popups.open, what="GBK call closed")
            # The link survived it all: no reconnect, and a real call still pops.
            call = await sim.incoming_call("13800138000", "李娜", ["475"])
            await rig.popups.until(lambda: len(rig.popups.open) == 1)
            await sim.hangup(call)
            await rig.popups.until(lambda: not rig.popups.open)
            assert rig.connects == 1
            assert rig.service.supervisor.state == "connected"
            survived("garbage_frame", len(GARBAGE))
            survived("gbk_frame")
            rig.popups.assert_consistent()
            await rig.settle()
            await rig.stop()

    run(main())


@pytest.mark.parametrize("ended", [False, True], ids=["unended", "ended"])
def test_oversize_frame_drops_the_link_with_protocol_error_and_reconnects(ended):
    async def main():
        async with PbxSimulator() as sim:
            # Decoding 4 MiB on a busy machine can outlast a 0.2 s Ping deadline, and the
            # reason would then be the Ping, not the frame this test is about.
            rig = await Rig(sim, ping_interval=30.0, ping_timeout=5.0).start()
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            await rig.popups.until(lambda: len(rig.popups.open) == 1)
            before = rig.connects
            injected("oversize_frame")
            blob = b"Event: Huge\r\nValue: " + b"x" * (4 * 1024 * 1024 + 10)
            await sim.send_raw(blob + (b"\r\n\r\n" if ended else b""))
            await rig.connected(before)
            reasons = [r for s, r in rig.popups.states if s == "reconnecting"]
            assert any("KiB" in r for r in reasons), reasons  # the ProtocolError's words
            assert not [m for m in rig.fed if m.event == "Huge"]
            # The call that rang across the reconnect is still tracked and closes.
            await sim.hangup(call)
            await rig.popups.until(lambda: not rig.popups.open)
            rig.popups.assert_consistent()
            survived("oversize_frame")
            await rig.stop()

    run(main())


# -- stall (half-open) ------------------------------------------------------------------


def test_stalled_server_is_detected_by_the_ping_deadline_and_resynced():
    async def main():
        async with PbxSimulator() as sim:
            rig = await Rig(sim).start()
            before = rig.connects
            injected("stall")
            t0 = time.monotonic()
            sim.stall(True)
            await rig.popups.until(
                lambda: rig.service.supervisor.state != "connected", 3.0, "stall detected"
            )
            detected = time.monotonic() - t0
            assert detected < 0.2 + 0.2 + 0.5, detected  # ping interval + timeout + slack
            assert any("no Ping reply" in r for _, r in rig.popups.states)
            # While stalled a call starts ringing; reconnects time out on the missing banner.
            call = await sim.incoming_call("13800138000", "张伟", ["474"])
            await asyncio.sleep(0.6)
            assert rig.connects == before and not rig.popups.open
            sim.stall(False)
            await rig.connected(before, timeout=5.0)
            await rig.popups.until(lambda: len(rig.popups.open) == 1, what="resync pops")
            await sim.hangup(call)
            await rig.popups.until(lambda: not rig.popups.open)
            rig.popups.assert_consistent()
            survived("stall")
            await rig.stop()

    run(main())


# -- restarts ----------------------------------------------------------------------------


@pytest.mark.parametrize("flavor", ["1.8", "20"])
@pytest.mark.parametrize("keep_calls", [True, False], ids=["keep_calls", "lose_calls"])
def test_restart_with_calls_in_progress_leaves_popups_consistent(flavor, keep_calls):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rig = await Rig(sim).start()
            group = await sim.incoming_call("0571888", "王芳", ["201", "202", "203"])
            single = await sim.incoming_call("13800138000", "张伟", ["474"])
            talking = await sim.incoming_call("13900139000", "Li", ["306"])
            await sim.answer(talking, "306")
            await rig.popups.until(lambda: len(rig.popups.open) == 5)
            before = rig.connects
            injected(f"restart_keep_calls={keep_calls}")
            sim.stall(True)  # hold the reconnect so calls can change during the outage
            await sim.restart(keep_calls=keep_calls)
            if keep_calls:
                await sim.answer(group, "202")  # answered while we were away
                await sim.hangup(single)  # ended while we were away
            sim.stall(False)
            await rig.connected(before)
            if keep_calls:
                # The ring group's other legs and the ended call are closed by the resync.
                await rig.popups.until(
                    lambda: set(rig.popups.open) == {(group.id, "202"), (talking.id, "306")},
                    what="resync applied",
                )
                await sim.hangup(group)
                await sim.hangup(talking)
            else:
                # Every call vanished with the restart: the resync ends them all.
                await rig.popups.until(lambda: not rig.popups.open, what="all ended offline")
                assert {e.disposition for e in rig.popups.of(Ended)} == {"UNKNOWN"}
            await rig.popups.until(lambda: not rig.popups.open)
            await rig.settle()
            assert rig.popups.shown == 5 and rig.popups.closed == 5
            rig.popups.assert_consistent()
            assert rig.service.tracker.calls == {}
            # And the restarted server's new calls still pop.
            call = await sim.incoming_call("13700137000", "New", ["474"])
            await rig.popups.until(lambda: len(rig.popups.open) == 1)
            await sim.hangup(call)
            await rig.popups.until(lambda: not rig.popups.open)
            survived(f"restart_keep_calls={keep_calls}")
            await rig.stop()

    run(main())


def test_server_restart_loop():
    """Ten restarts, some back to back before the client is back, with calls in between."""

    async def main():
        async with PbxSimulator() as sim:
            rig = await Rig(sim).start()
            live = []
            for i in range(10):
                call = await sim.incoming_call(f"1380000{i:04d}", "张伟", [str(200 + i % 3)])
                live.append(call)
                if i % 2 == 0:
                    await sim.answer(call)
                if len(live) > 2:
                    await sim.hangup(live.pop(0))
                before = rig.connects
                injected("restart_loop")
                await sim.restart(keep_calls=True)
                if i % 3 == 0:
                    injected("restart_loop")
                    await sim.restart(keep_calls=True)  # again, before we are back
                    survived("restart_loop")
                await rig.connected(before)
                survived("restart_loop")
            for call in live:
                await sim.hangup(call)
            await rig.popups.until(lambda: not rig.popups.open)
            await rig.settle()
            assert rig.popups.shown == 10 and rig.popups.closed == 10
            rig.popups.assert_consistent()
            rig.assert_clean_input()
            assert rig.connects >= 11
            await rig.stop()

    run(main(), timeout=60)
