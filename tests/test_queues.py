"""Queue calls from callers on arbitrarily named trunks, through the simulator and the service.

The simulator plays app_queue as 1.8 (Join, AgentCalled only with eventwhencalled, no Dial
events) and 20 (DialBegin per member with DialString `SIP/<member>`); the real CallService must
pop each ringing member and close every popup.
"""

from __future__ import annotations

import asyncio

import pytest
from servicekit import Pbx, Recorder, service_on

from screenpop.calls.events import Answered, Ended, Outbound, RingEnded, Ringing
from screenpop.pbxsim import PbxSimulator

CASES = [
    ("1.8", True),
    ("1.8", False),
    ("20", True),
]


def run(coro, timeout: float = 30):
    return asyncio.run(asyncio.wait_for(coro, timeout))


@pytest.mark.parametrize(("flavor", "eventwhencalled"), CASES)
@pytest.mark.parametrize("trunk", ["carrier", "voip-provider"])
def test_ringall_queue_answered_by_a_member(flavor, eventwhencalled, trunk):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = Recorder()
            async with service_on(Pbx.of(sim), rec.on_event, rec.on_state):
                call = await sim.queue_call(
                    "013800138000",
                    "张伟",
                    ["474", "307"],
                    trunk,
                    eventwhencalled=eventwhencalled,
                )
                await rec.wait_for(lambda e: len(rec.of(Ringing)) == 2)
                rings = rec.of(Ringing)
                assert {r.extension for r in rings} == {"474", "307"}
                assert {(r.call, r.trunk, r.caller.number) for r in rings} == {
                    (call.id, trunk, "013800138000")
                }
                assert rec.of(Outbound) == []
                await sim.answer(call, "307")
                await rec.wait_for(lambda e: isinstance(e, RingEnded))
                (gone,) = rec.of(RingEnded)
                assert (gone.extension, gone.reason) == ("474", "answered_elsewhere")
                assert [a.extension for a in rec.of(Answered)] == ["307"]
                await sim.hangup(call)
                end = await rec.wait_for(lambda e: isinstance(e, Ended))
                assert end.answered_by == "307" and end.disposition == "ANSWERED"

    run(main())


@pytest.mark.parametrize(("flavor", "eventwhencalled"), CASES)
def test_one_by_one_queue_abandoned(flavor, eventwhencalled, recorder):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            rec = recorder
            async with service_on(Pbx.of(sim), rec.on_event, rec.on_state):
                call = await sim.queue_call(
                    "0571888",
                    "Li",
                    ["474", "307"],
                    "carrier",
                    strategy="linear",
                    eventwhencalled=eventwhencalled,
                )
                await rec.wait_for(lambda e: isinstance(e, Ringing))
                await sim.queue_next(call)
                await rec.wait_for(lambda e: isinstance(e, Ringing) and e.extension == "307")
                await sim.hangup(call)  # the caller gives up
                end = await rec.wait_for(lambda e: isinstance(e, Ended))
                assert end.disposition == "NO ANSWER" and end.extensions == ("474", "307")
                assert [(e.extension) for e in rec.of(RingEnded)] == ["474", "307"]
                assert rec.of(Answered) == []

    run(main())


@pytest.mark.parametrize("flavor", ["1.8", "20"])
def test_simulated_queue_events_have_the_real_shapes(flavor):
    async def main():
        async with PbxSimulator(flavor=flavor) as sim:
            sent: list = []
            sim.engine.emit = lambda event: sent.append(event)  # capture, do not broadcast
            sim.engine.queue_call("0571888", "Li", ["474"], "carrier", eventwhencalled=False)
            names = [dict(pairs)["Event"] for _, pairs in sent]
            by_name = {dict(pairs)["Event"]: (cat, dict(pairs)) for cat, pairs in sent}
            if flavor == "1.8":
                assert "Join" in names and by_name["Join"][0] == "call"
                assert "Dial" not in names and "AgentCalled" not in names
                state = [p for _, p in sent if dict(p)["Event"] == "Newstate"][-1]
                assert dict(state)["ConnectedLineNum"] == "0571888"
            else:
                _cat, begin = by_name["DialBegin"]
                assert begin["DialString"] == "SIP/474" and begin["Channel"].startswith(
                    "SIP/carrier-"
                )
                assert by_name["QueueCallerJoin"][0] == "agent"
                assert by_name["AgentCalled"][0] == "agent"

    run(main())
