"""Asking the PBX to send less: the login event mask per server generation, and the Asterisk
10+ `Filter` action for the events the tracker reads (the simulator honours it in its 20
flavour, and answers it as 1.8 does: an unknown action)."""

from __future__ import annotations

import asyncio

import pytest

from screenpop.calls.events import Ended, Ringing
from screenpop.calls.tracker import EVENTS_READ_1X, EVENTS_READ_MODERN
from screenpop.pbxsim import PbxSimulator
from screenpop.presence.state import PRESENCE_EVENTS
from screenpop.service import EXTRA_EVENTS
from tests.servicekit import Pbx, Recorder, options_for, start_service
from tests.test_client import run


def _actions(sim: PbxSimulator, name: str) -> list:
    return [m for m in sim.actions_received if (m.get("Action") or "").lower() == name]


@pytest.mark.parametrize(("flavor", "mask"), [("1.8", "call,cdr,agent"), ("20", "call,cdr")])
def test_login_mask_per_generation(flavor, mask):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            await running.stop()
            assert {m.get("Events") for m in _actions(sim, "login")} == {mask}

    run(main())


def test_asterisk_20_is_asked_for_what_the_tracker_reads_only():
    async def main():
        async with PbxSimulator(flavor="20") as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state, watch=["474"])
            service = running.service
            await asyncio.sleep(0.2)
            filters = [m.get("Filter") for m in _actions(sim, "filter")]
            assert filters == [f"Event: {n}" for n in service.events_wanted()]
            assert {*EVENTS_READ_MODERN, *EXTRA_EVENTS} <= set(service.events_wanted())
            (session,) = sim.sessions
            assert len(session.include) == len(filters)
            before = service.messages_seen
            call = await sim.incoming_call("13800000000", "张伟", ["474", "201"])
            await rec.wait_for(lambda e: isinstance(e, Ringing) and e.extension == "474")
            await sim.answer(call, "201")
            await sim.hangup(call)
            await rec.wait_for(lambda e: isinstance(e, Ended))
            got = service.messages_seen - before
            # The same call unfiltered: what the PBX would have sent.
            sent = _events_of_one_call("20")
            assert 0 < got < sent, (got, sent)
            await running.stop()

    run(main())


def _events_of_one_call(flavor: str) -> int:
    from screenpop.pbxsim.calls import CallEngine

    out = []
    engine = CallEngine(flavor, lambda e: out.append(e) if e[0] in ("call", "cdr") else None)
    call = engine.incoming("13800000000", "张伟", ["474", "201"], "trunk-sps-test1")
    engine.answer(call, "201")
    engine.hangup(call)
    return len(out)


def test_asterisk_18_gets_no_filter_and_still_pops():
    async def main():
        async with PbxSimulator(flavor="1.8") as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state, watch=["474"])
            await sim.incoming_call("13800000000", "Anna", ["474"])
            await rec.wait_for(lambda e: isinstance(e, Ringing) and e.caller.name == "Anna")
            assert not _actions(sim, "filter"), "1.8 banner: no Filter action is sent"
            await running.stop()

    run(main())


def test_a_refused_filter_changes_nothing():
    async def main():
        async with PbxSimulator(flavor="20") as sim:
            sim.filter_allowed = False  # an AMI user without `system` write permission
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state, watch=["474"])
            await sim.incoming_call("13800000000", "Anna", ["474"])
            await rec.wait_for(lambda e: isinstance(e, Ringing) and e.caller.name == "Anna")
            assert len(_actions(sim, "filter")) == 1, "stops at the first refusal"
            (session,) = sim.sessions
            assert not session.include
            await running.stop()

    run(main())


def test_click_to_dial_still_gets_its_originate_response_when_filtered():
    async def main():
        async with PbxSimulator(flavor="20") as sim:
            rec = Recorder()
            running = await start_service(Pbx.of(sim), rec.on_event, rec.on_state)
            service = running.service
            event = await service.dial("474", "201")
            assert event.get("Response") == "Success"
            await running.stop()

    run(main())


def test_filter_names_are_what_the_tracker_handles():
    from screenpop.calls.tracker import _HANDLERS

    for name in (*EVENTS_READ_1X, *EVENTS_READ_MODERN):
        assert name.lower() in _HANDLERS


def test_client_alone_against_1_8_reports_no_filter():
    from screenpop.net.client import AmiClient

    async def main():
        async with PbxSimulator(flavor="1.8") as sim:
            client = await AmiClient.connect(options_for(sim))
            assert await client.subscribe_only(("Hangup",)) is False
            await client.close()

    run(main())


def test_presence_events_are_kept_when_colleagues_are_followed():
    # Hints, registrations and parking are read outside the tracker: a filtering PBX must still
    # send them, or colleagues' states would freeze on Asterisk 10+.
    async def main():
        async with PbxSimulator(flavor="20") as sim:
            rec = Recorder()
            running = await start_service(
                Pbx.of(sim), rec.on_event, rec.on_state, on_presence=lambda changes: None
            )
            await asyncio.sleep(0.2)
            filters = {m.get("Filter") for m in _actions(sim, "filter")}
            for name in (*PRESENCE_EVENTS, "ParkedCall"):
                assert f"Event: {name}" in filters
            assert "system" in {m.get("Events") for m in _actions(sim, "login")}.pop().split(",")
            await running.stop()

    run(main())
