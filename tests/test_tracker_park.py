"""The tracker follows a caller that Asterisk 1.8 moves into a new channel (Park, Bridge).

The capture is from the live harness (Asterisk 1.8.32.3): 201 answers a call from trunk-sps,
the admin parks the caller with the Park action (Channel2 = 201's leg), the caller waits on 701
and finally hangs up. 1.8 parks by masquerade: `Parked/SIP/trunk-sps-…` (a new Uniqueid) takes
over the caller and the original channel hangs up as a ZOMBIE.
"""

from __future__ import annotations

from conftest import CAPTURES

from screenpop.ami import AmiDecoder, Message
from screenpop.calls.events import Answered, Ended, Ringing
from screenpop.calls.tracker import CallTracker

CAPTURE = CAPTURES / "live18_park_masquerade.txt"


def messages() -> list[Message]:
    dec = AmiDecoder(expect_banner=False)
    dec.receive_data(CAPTURE.read_bytes())
    out = []
    while isinstance(msg := dec.next_message(), Message):
        out.append(msg)
    return out


def run(msgs: list[Message]) -> list[tuple[Message, list]]:
    tracker = CallTracker(clock=lambda: 1000.0)
    return [(m, tracker.feed(m)) for m in msgs]


def test_a_parked_call_stays_until_the_parked_caller_hangs_up():
    msgs = messages()
    assert any(m.event == "Masquerade" for m in msgs)
    fed = run(msgs)
    events = [e for _m, evs in fed for e in evs]
    ring, answered, ended = events  # nothing else: no RingEnded, no early Ended
    assert isinstance(ring, Ringing) and ring.extension == "201"
    assert isinstance(answered, Answered) and answered.call == ring.call
    assert isinstance(ended, Ended) and ended.call == ring.call == "1796026689.0"
    (cause,) = [m for m, evs in fed if ended in evs]
    # The Ended comes with the hang-up of the PARKED channel, not of the zombie or 201's leg.
    assert cause.event == "Hangup" and cause.get("Uniqueid") == "1796026692.2"
    assert ended.answered_by == "201" and ended.disposition == "ANSWERED"


def test_the_call_is_known_by_its_new_channel_while_parked():
    msgs = messages()
    parked_at = next(i for i, m in enumerate(msgs) if m.event == "ParkedCall")
    tracker = CallTracker(clock=lambda: 1000.0)
    for m in msgs[: parked_at + 1]:
        tracker.feed(m)
    call = tracker.find_call("1796026689.0")
    assert call is not None
    assert (call.caller_uid, call.caller_channel) == ("1796026692.2", "SIP/trunk-sps-00000000")


def test_a_masquerade_of_a_leg_or_an_unknown_channel_changes_nothing():
    tracker = CallTracker(clock=lambda: 1000.0)
    msgs = messages()
    first_masq = next(i for i, m in enumerate(msgs) if m.event == "Masquerade")
    for m in msgs[:first_masq]:
        tracker.feed(m)
    call = tracker.find_call("1796026689.0")
    assert call is not None
    leg = Message([("Event", "Masquerade"), ("Clone", "SIP/201-00000001"), ("Original", "X/1")])
    tracker.feed(Message([("Event", "Newchannel"), ("Channel", "X/1"), ("Uniqueid", "9.9")]))
    assert tracker.feed(leg) == [] and call.caller_uid == "1796026689.0"
    stranger = Message([("Event", "Masquerade"), ("Clone", "SIP/x-1"), ("Original", "X/1")])
    assert tracker.feed(stranger) == [] and call.caller_uid == "1796026689.0"
