"""Ring groups on a real Asterisk: answered by another member, abandoned."""

from __future__ import annotations

from .test_live_inbound import cdr_for


def test_ring_group_answered_by_another_member(office, pbx):
    mon = office.monitor("--extension", "202", "--extension", "203")
    ringer = office.phone("202", "uas_ring")
    answerer = office.phone("203", "uas_answer", answer_ms=1500)
    caller = office.call("trunk-sps", "5550163", "02087654321", "Acme Ltd", hold_ms=2000)
    first = mon.wait_event(type="ringing")
    call = first["call"]
    other = ({"202", "203"} - {first["extension"]}).pop()
    mon.wait_event(type="ringing", call=call, extension=other)
    gone = mon.wait_event(type="ring_ended", call=call, extension="202")
    assert gone["reason"] == "answered_elsewhere" and gone["answered_by"] == "203"
    mon.wait_event(type="answered", call=call, extension="203")
    ended = mon.wait_event(type="ended", call=call, timeout=15)
    assert caller.wait(10) == 0
    assert ended["disposition"] == "ANSWERED" and ended["answered_by"] == "203"
    assert set(ended["extensions"]) == {"202", "203"}
    # The PBX rang both and cancelled the loser.
    assert ringer.received("INVITE") == 1 and ringer.received("CANCEL") == 1
    assert answerer.received("INVITE") == 1 and answerer.received("BYE") == 1
    answered_rows = [r for r in cdr_for(pbx, call) if r["disposition"] == "ANSWERED"]
    assert answered_rows and answered_rows[0]["dstchannel"].startswith("SIP/203-")


def test_ring_group_abandoned(office, pbx):
    mon = office.monitor("--extension", "202", "--extension", "203")
    phones = [office.phone("202", "uas_ring"), office.phone("203", "uas_ring")]
    caller = office.call("trunk-sps", "5550163", "02087654321", "Acme Ltd", giveup_ms=2500)
    first = mon.wait_event(type="ringing")
    call = first["call"]
    for ext in ("202", "203"):
        mon.wait_event(type="ringing", call=call, extension=ext)
    for ext in ("202", "203"):
        assert mon.wait_event(type="ring_ended", call=call, extension=ext)["reason"] == "cancelled"
    ended = mon.wait_event(type="ended", call=call, timeout=10)
    assert caller.wait(10) == 0
    assert ended["disposition"] == "NO ANSWER" and ended["answered_by"] is None
    assert all(p.received("CANCEL") == 1 for p in phones)
    rows = cdr_for(pbx, call)
    assert rows and all(r["disposition"] == "NO ANSWER" for r in rows)
