"""Announced transfer without Atxfer (park + consult + Bridge/Redirect), and the choice of the
mechanism per server: CallService against the simulator (both flavors)."""

from __future__ import annotations

import asyncio

import pytest
from test_colleagues import FLAVORS, ringing_call, run, running

from screenpop.ami.features import attended_transfer_code
from screenpop.calls.events import Ended
from screenpop.net.errors import ActionFailed
from screenpop.presence.state import State


def sent(sim, action: str) -> list:
    return [m for m in sim.actions_received if (m.get("Action") or "").lower() == action.lower()]


def consult_call(sim, ext: str):
    """The simulator's consult call: `ext`'s phone dialling the colleague."""
    return next(c for c in sim.calls if not c.ended and c.caller.name.startswith(f"SIP/{ext}-"))


def no_atxfer(sim) -> None:
    sim.directory.atxfer_feature = False


async def consulting(sim, service, w):  # type: ignore[no-untyped-def]
    """A caller rings 201, who announces 203 (parked + consult): the simulator's call and the
    tracker's key for it once 203 rings. The key is read before the park: 1.8 gives the
    caller a new Uniqueid when parked."""
    call = await ringing_call(sim, w)
    cid = call.id
    await service.announce(cid, "201", "203")
    await w.until(lambda: w.states.get("203") == State.RINGING)
    return call, cid


def test_features_show_table_reading():
    head = [
        "Builtin Feature           Default Current",
        "---------------           ------- -------",
    ]
    assert attended_transfer_code([*head, "Attended Transfer                 *3     "]) == "*3"
    assert attended_transfer_code([*head, "Attended Transfer                        "]) == ""
    assert attended_transfer_code(["No such command 'features show'"]) is None
    assert attended_transfer_code([]) is None


@pytest.mark.parametrize("flavor", FLAVORS)
def test_with_the_feature_code_the_pbx_atxfer_is_used(flavor):
    async def main():
        async with running(flavor) as (sim, service, w):
            call = await ringing_call(sim, w)
            cid = call.id  # the tracker's key (1.8 gives the caller a new Uniqueid when parked)
            how = await service.announce(cid, "201", "203")
            assert (how.mechanism, service.atxfer_mode) == ("atxfer", "atxfer")
            assert len(sent(sim, "Atxfer")) == 1 and not sent(sim, "Park")

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_without_the_code_the_caller_is_parked_and_my_phone_calls_the_colleague(flavor):
    async def main():
        async with running(flavor, sim_setup=no_atxfer) as (sim, service, w):
            call = await ringing_call(sim, w)
            cid = call.id  # the tracker's key (1.8 gives the caller a new Uniqueid when parked)
            how = await service.announce(cid, "201", "203")
            assert (how.mechanism, how.slot, service.atxfer_mode) == ("consult", "701", "park")
            assert not sent(sim, "Atxfer")  # the table said there is no code: never tried
            (park,) = sent(sim, "Park")
            assert park.get("Timeout") == "180000"
            (orig,) = sent(sim, "Originate")
            assert (orig.get("Channel"), orig.get("Exten")) == ("SIP/201", "203")
            await w.until(lambda: w.states.get("203") == State.RINGING)
            # The call stays known while parked (1.8: followed through the masquerade).
            assert service.tracker.find_call(cid) is not None
            assert not any(isinstance(e, Ended) for e in w.events)

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_complete_bridges_the_parked_caller_with_the_colleague(flavor):
    async def main():
        async with running(flavor, sim_setup=no_atxfer) as (sim, service, w):
            call, cid = await consulting(sim, service, w)
            colleague = await sim.answer(consult_call(sim, "201"), "203")
            await w.until(lambda: any(
                lg.extension == "203" and lg.state == "answered"
                for c in service.tracker.calls.values() for lg in c.legs.values()
            ))  # fmt: skip
            assert await service.consult_complete(cid) == "203"
            (bridge,) = sent(sim, "Bridge")
            assert bridge.get("Channel2") == colleague.name
            assert call.answered_by is colleague and not call.ended  # caller talks to 203
            assert service.consult_of(cid) is None and not service.parked
            await w.until(lambda: w.states.get("201") == State.FREE)  # my consult leg is gone

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_back_to_the_caller_bridges_my_consult_leg_and_drops_the_colleague(flavor):
    async def main():
        async with running(flavor, sim_setup=no_atxfer) as (sim, service, w):
            call, cid = await consulting(sim, service, w)
            consult = consult_call(sim, "201")
            mine = consult.caller
            await sim.answer(consult, "203")
            await w.until(lambda: w.states.get("203") == State.BUSY)
            assert await service.consult_back(cid) == "bridged"
            (bridge,) = sent(sim, "Bridge")
            assert bridge.get("Channel2") == mine.name
            assert call.answered_by is mine and not call.ended
            await w.until(lambda: w.states.get("203") == State.FREE)

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_complete_before_the_colleague_answers_rings_the_colleague_with_the_caller(flavor):
    async def main():
        async with running(flavor, sim_setup=no_atxfer) as (sim, service, w):
            call, cid = await consulting(sim, service, w)
            await w.until(lambda: any(
                lg.extension == "203" for c in service.tracker.calls.values()
                for lg in c.legs.values()
            ))  # fmt: skip
            await service.consult_complete(cid)
            assert not sent(sim, "Bridge")
            (hangup,) = sent(sim, "Hangup")  # my consult leg, still ringing 203
            assert hangup.get("Channel").startswith("SIP/201-")
            redirect = sent(sim, "Redirect")[-1]
            assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "203")
            await w.until(lambda: call.legs.get("203") is not None)  # 203 rings with the caller

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_back_after_the_colleague_declined_rings_my_phone(flavor):
    async def main():
        async with running(flavor, sim_setup=no_atxfer) as (sim, service, w):
            call, cid = await consulting(sim, service, w)
            await sim.hangup(consult_call(sim, "201"))  # the colleague declines: all gone
            await w.until(lambda: w.states.get("203") == State.FREE)
            assert await service.consult_back(cid) == "ringing"
            redirect = sent(sim, "Redirect")[-1]
            assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "201")
            await w.until(lambda: w.states.get("201") == State.RINGING)
            with pytest.raises(ActionFailed, match="no consultation"):
                await service.consult_back(cid)

    run(main())


def test_on_20_without_command_rights_atxfer_is_tried_then_the_fallback():
    def setup(sim):
        no_atxfer(sim)
        sim.directory.denied.add("command")

    async def main():
        async with running("20", sim_setup=setup) as (sim, service, w):
            call = await ringing_call(sim, w)
            cid = call.id  # the tracker's key (1.8 gives the caller a new Uniqueid when parked)
            how = await service.announce(cid, "201", "203")
            assert (how.mechanism, service.atxfer_mode) == ("consult", "park")
            assert len(sent(sim, "Atxfer")) == 1 and len(sent(sim, "Park")) == 1
            other = await ringing_call(sim, w, "202")
            other_id = other.id
            await service.announce(other_id, "202", "204")
            assert len(sent(sim, "Atxfer")) == 1  # learnt: not tried again on this link

    run(main())


def test_on_18_without_command_rights_the_fallback_is_used_at_once():
    def setup(sim):
        sim.directory.denied.add("command")  # the code may be there; 1.8 cannot be asked

    async def main():
        async with running("1.8", sim_setup=setup) as (sim, service, w):
            call = await ringing_call(sim, w)
            cid = call.id  # the tracker's key (1.8 gives the caller a new Uniqueid when parked)
            how = await service.announce(cid, "201", "203")
            assert how.mechanism == "consult" and not sent(sim, "Atxfer")

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_when_my_phone_cannot_be_called_the_caller_comes_back_and_the_reason_shows(flavor):
    async def main():
        async with running(flavor, sim_setup=no_atxfer, channel_overrides={"201": "Bad"}) as (
            sim,
            service,
            w,
        ):
            call = await ringing_call(sim, w)
            cid = call.id  # the tracker's key (1.8 gives the caller a new Uniqueid when parked)
            with pytest.raises(ActionFailed):
                await service.announce(cid, "201", "203")
            redirect = sent(sim, "Redirect")[-1]
            assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "201")
            assert service.consult_of(cid) is None and not service.parked
            await w.until(lambda: w.states.get("201") == State.RINGING)

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_a_reconnect_relearns_the_parked_slot_so_take_back_still_works(flavor):
    """The link drops while the caller waits parked: after the reconnect the service asks
    the PBX's ParkedCalls list, so the slot still names the caller's channel."""

    async def main():
        async with running(flavor) as (sim, service, w):
            call = await ringing_call(sim, w)
            slot = await service.park(call.id, "201")
            channel = service.parked[slot]
            connects = service.supervisor.connects
            await sim.drop_clients()
            await w.until(lambda: len(sent(sim, "ParkedCalls")) == connects + 1)
            await w.until(lambda: slot in service.parked)
            assert service.parked == {slot: channel}
            await service.unpark(slot, "202")
            await w.until(lambda: w.states["202"] == State.RINGING)
            assert slot not in service.parked
            # Taken back: the next link finds nobody parked.
            connects = service.supervisor.connects
            await sim.drop_clients()
            await w.until(lambda: len(sent(sim, "ParkedCalls")) == connects + 1)
            await w.until(lambda: service.supervisor.state == "connected")
            await asyncio.sleep(0.1)  # the list's reply
            assert service.parked == {}

    run(main())


@pytest.mark.parametrize("flavor", FLAVORS)
def test_complete_clicked_the_moment_the_link_is_back_waits_for_the_slots(flavor):
    """A click on Complete right as a new link comes up (calls and slots not read again yet)
    still hands the caller over: the action waits until the slots are known."""

    async def main():
        async with running(flavor, sim_setup=no_atxfer) as (sim, service, w):
            call, cid = await consulting(sim, service, w)
            sync = service.supervisor._on_connected
            clicked: list[asyncio.Task] = []

            async def click_at_the_link_start(client):  # type: ignore[no-untyped-def]
                # The worst moment: before the new link has read anything.
                clicked.append(asyncio.get_running_loop().create_task(
                    service.consult_complete(cid)
                ))  # fmt: skip
                await sync(client)

            service.supervisor._on_connected = click_at_the_link_start
            await sim.drop_clients()
            await w.until(lambda: bool(clicked))
            assert await clicked[0] == "203"
            redirect = sent(sim, "Redirect")[-1]
            assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "203")
            await w.until(lambda: call.legs.get("203") is not None)  # 203 rings with the caller
            assert service.consult_of(cid) is None

    run(main())
