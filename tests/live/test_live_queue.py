"""Queues and carriers with arbitrary names on a real Asterisk (issue 8, item 7).

On Asterisk 20 the tracker used to take a queue's `DialString` `SIP/474` for a trunk and print
`outbound`; classification now goes by the dial string's shape, the context and known peers.
"""

from __future__ import annotations

import pytest

from .test_live_inbound import cdr_for


@pytest.mark.parametrize("source", ["carrier", "voip-provider"])
def test_carrier_with_an_arbitrary_name_rings_an_extension(office, pbx, source):
    mon = office.monitor("--extension", "201")
    phone = office.phone("201", "uas_ring")
    office.call(source, "5550100", "13800138000", "张伟", giveup_ms=2000)
    ringing = mon.wait_event(type="ringing", extension="201")
    assert ringing["caller"] == {"number": "13800138000", "name": "张伟"}
    assert ringing["caller_channel"].startswith(f"SIP/{source}-")
    assert mon.wait_event(type="ring_ended", call=ringing["call"])["reason"] == "cancelled"
    assert phone.received("INVITE") == 1
    assert not [e for e in mon.events() if e["type"] == "outbound"]


def test_queue_ringall_from_carrier_pops_on_both_members(request, office, pbx):
    mon = office.monitor("--extension", "474", "--extension", "307")
    members = [office.phone("474", "uas_ring"), office.phone("307", "uas_ring")]
    office.call("carrier", "5550164", "13800138000", "张伟", giveup_ms=3000)
    first = mon.wait_event(type="ringing", timeout=10)
    for ext in ("474", "307"):
        mon.wait_event(type="ringing", call=first["call"], extension=ext)
    for ext in ("474", "307"):
        mon.wait_event(type="ring_ended", call=first["call"], extension=ext, timeout=10)
    assert all(m.received("INVITE") >= 1 for m in members)
    assert not [e for e in mon.events() if e["type"] == "outbound"]


def test_queue_answered_by_a_member(request, office, pbx):
    mon = office.monitor("--extension", "474", "--extension", "307")
    office.phone("474", "uas_ring")
    office.phone("307", "uas_answer", answer_ms=1500)
    caller = office.call("carrier", "5550164", "13800138000", "张伟", hold_ms=2000)
    first = mon.wait_event(type="ringing", timeout=10)
    mon.wait_event(type="answered", call=first["call"], extension="307", timeout=10)
    ended = mon.wait_event(type="ended", call=first["call"], timeout=15)
    assert caller.wait(10) == 0
    assert ended["disposition"] == "ANSWERED" and ended["answered_by"] == "307"
    assert any(r["disposition"] == "ANSWERED" for r in cdr_for(pbx, first["call"]))


def test_queue_one_by_one_abandoned(request, office, pbx):
    mon = office.monitor("--extension", "474", "--extension", "307")
    members = [office.phone("474", "uas_ring"), office.phone("307", "uas_ring")]
    # linear: 474 first; the caller gives up while it rings.
    office.call("carrier", "6401", "13800138000", "张伟", giveup_ms=2500)
    ringing = mon.wait_event(type="ringing", extension="474", timeout=10)
    gone = mon.wait_event(type="ring_ended", call=ringing["call"], extension="474", timeout=10)
    assert gone["reason"] == "cancelled"
    ended = mon.wait_event(type="ended", call=ringing["call"], timeout=10)
    assert ended["answered_by"] is None
    assert members[0].received("INVITE") == 1 and members[1].received("INVITE") == 0


@pytest.mark.parametrize("number", ["6400", "6403"])
def test_queue_on_18_with_eventwhencalled_on_and_off(request, office, pbx, number):
    # q-quiet (6403) has eventwhencalled=no on 1.8: no AgentCalled; the Dial events of the
    # member channels remain. On 20 both queues behave alike (the option is gone).
    # On 1.8 with eventwhencalled=no app_queue sends no AgentCalled and no Dial events for the
    # members: the tracker pairs the member's ringing channel with the caller waiting in the
    # queue (Join) by the number the phone shows.
    mon = office.monitor("--extension", "474", "--extension", "307")
    office.phone("474", "uas_ring")
    office.phone("307", "uas_ring")
    office.call("carrier", number, "13800138000", "张伟", giveup_ms=2500)
    first = mon.wait_event(type="ringing", timeout=10)
    other = ({"474", "307"} - {first["extension"]}).pop()
    mon.wait_event(type="ringing", call=first["call"], extension=other)
    mon.wait_event(type="ended", call=first["call"], timeout=10)
