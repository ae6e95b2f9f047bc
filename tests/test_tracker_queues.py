"""Queue calls and trunks with arbitrary names, as Asterisk 1.8 and 20 send them.

Shapes follow app_queue: on 1.8 members ring without Dial events (AgentCalled only when the
queue has eventwhencalled on; `Join`/`Leave` always, call class), and the member leg's Newstate
shows the caller as its connected line; on 20 each member gets a DialBegin whose DialString is
the member interface (`SIP/474`).
"""

from __future__ import annotations

import pytest

from screenpop.ami import Message
from screenpop.calls.channels import Kind, classify, parse_channel
from screenpop.calls.events import Answered, Ended, Outbound, RingEnded, Ringing
from screenpop.calls.tracker import CDR_SETTLE_SECONDS, CallTracker

CALLER = "SIP/carrier-0000001b"
NUMBER = "013800138000"


def ev(name: str, **fields: str) -> Message:
    return Message([("Event", name), *fields.items()])


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_tracker(*, modern: bool) -> CallTracker:
    return CallTracker(modern=modern, clock=Clock())


def feed(tracker: CallTracker, *msgs: Message) -> list:
    """Feed the messages, then let the Cdr settle time pass (an ended call is reported once no
    further Cdr came for CDR_SETTLE_SECONDS), as the service's timer would."""
    out: list = []
    for m in msgs:
        out += tracker.feed(m)
    tracker._clock.now += CDR_SETTLE_SECONDS  # type: ignore[attr-defined]
    out += tracker.expire()
    return out


def only(events, cls):
    return [e for e in events if isinstance(e, cls)]


# -- 1.8 --------------------------------------------------------------------------------


def join_18(uid="5.1", caller=CALLER, number=NUMBER):
    return ev(
        "Join",
        Channel=caller,
        CallerIDNum=number,
        CallerIDName="Zhang",
        ConnectedLineNum="<unknown>",
        ConnectedLineName="<unknown>",
        Queue="sales",
        Position="1",
        Count="1",
        Uniqueid=uid,
    )


def member_rings_18(member: str, uid: str, caller_uid="5.1", eventwhencalled=True):
    msgs = [ev("Newchannel", Channel=member, ChannelState="0", Uniqueid=uid)]
    if eventwhencalled:
        msgs.append(
            ev(
                "AgentCalled",
                Queue="sales",
                AgentCalled=member.rsplit("-", 1)[0],
                AgentName=member.rsplit("-", 1)[0],
                ChannelCalling=CALLER,
                DestinationChannel=member,
                CallerIDNum=NUMBER,
                CallerIDName="Zhang",
                Context="from-carrier",
                Extension="800",
                Priority="2",
                Uniqueid=caller_uid,
            )
        )
    msgs.append(
        ev(
            "Newstate",
            Channel=member,
            ChannelState="5",
            ChannelStateDesc="Ringing",
            CallerIDNum=member.split("/")[1].split("-")[0],
            ConnectedLineNum=NUMBER,
            ConnectedLineName="Zhang",
            Uniqueid=uid,
        )
    )
    return msgs


@pytest.mark.parametrize("eventwhencalled", [True, False], ids=["agentcalled", "no-agentcalled"])
def test_18_ringall_queue_answered_by_a_member(eventwhencalled):
    t = make_tracker(modern=False)
    events = feed(
        t,
        ev("Newchannel", Channel=CALLER, Uniqueid="5.1", Context="from-carrier"),
        join_18(),
        *member_rings_18("SIP/474-0000001c", "5.2", eventwhencalled=eventwhencalled),
        *member_rings_18("SIP/307-0000001d", "5.3", eventwhencalled=eventwhencalled),
    )
    rings = only(events, Ringing)
    assert [(r.extension, r.call, r.caller.number, r.trunk) for r in rings] == [
        ("474", "5.1", NUMBER, "carrier"),
        ("307", "5.1", NUMBER, "carrier"),
    ]
    assert only(events, Outbound) == []
    events = feed(
        t,
        ev("Newstate", Channel="SIP/307-0000001d", ChannelState="6", Uniqueid="5.3"),
        ev("Hangup", Channel="SIP/474-0000001c", Uniqueid="5.2", Cause="26"),
        ev("Leave", Channel=CALLER, Queue="sales", Count="0", Uniqueid="5.1"),
        ev(
            "Bridge",
            Bridgestate="Link",
            Channel1=CALLER,
            Channel2="SIP/307-0000001d",
            Uniqueid1="5.1",
            Uniqueid2="5.3",
        ),
    )
    assert [e.extension for e in only(events, Answered)] == ["307"]
    (gone,) = only(events, RingEnded)
    assert (gone.extension, gone.reason, gone.answered_by) == ("474", "answered_elsewhere", "307")
    events = feed(
        t,
        ev("Hangup", Channel=CALLER, Uniqueid="5.1", Cause="16"),
        ev("Cdr", UniqueID="5.1", Disposition="ANSWERED", Duration="20", BillableSeconds="12"),
    )
    (end,) = only(events, Ended)
    assert end.answered_by == "307" and end.extensions == ("474", "307")
    assert t.calls == {} and t._queue_callers == {}


@pytest.mark.parametrize("eventwhencalled", [True, False], ids=["agentcalled", "no-agentcalled"])
def test_18_one_by_one_queue_abandoned(eventwhencalled):
    t = make_tracker(modern=False)
    events = feed(
        t, join_18(), *member_rings_18("SIP/474-0000001c", "5.2", eventwhencalled=eventwhencalled)
    )
    assert [r.extension for r in only(events, Ringing)] == ["474"]
    # Nobody answers 474 within the member timeout: its leg goes, the next member rings.
    events = feed(
        t,
        ev("Hangup", Channel="SIP/474-0000001c", Uniqueid="5.2", Cause="16"),
        *member_rings_18("SIP/307-0000001d", "5.3", eventwhencalled=eventwhencalled),
    )
    assert [(type(e).__name__, e.extension) for e in events] == [
        ("RingEnded", "474"),
        ("Ringing", "307"),
    ]
    # The caller gives up.
    events = feed(
        t,
        ev("QueueCallerAbandon", Queue="sales", Uniqueid="5.1", Position="1"),
        ev("Hangup", Channel="SIP/307-0000001d", Uniqueid="5.3", Cause="16"),
        ev("Leave", Channel=CALLER, Queue="sales", Count="0", Uniqueid="5.1"),
        ev("Hangup", Channel=CALLER, Uniqueid="5.1", Cause="16"),
        ev("Cdr", UniqueID="5.1", Disposition="NO ANSWER", Duration="30", BillableSeconds="0"),
    )
    assert [e.extension for e in only(events, RingEnded)] == ["307"]
    (end,) = only(events, Ended)
    assert end.disposition == "NO ANSWER" and end.answered_by is None
    assert t.calls == {} and t._queue_callers == {}


def test_18_without_agentcalled_never_guesses_between_two_waiting_callers():
    t = make_tracker(modern=False)
    feed(
        t,
        join_18("5.1", "SIP/carrier-00000001", "0571888"),
        join_18("6.1", "SIP/carrier-00000002", "0571888"),
    )
    events = feed(t, *member_rings_18("SIP/474-0000001c", "5.2", eventwhencalled=False))
    assert events == []  # the same number twice: no popup rather than a wrong one


def test_18_click_to_dial_ringing_is_not_taken_for_a_queue_member():
    t = make_tracker(modern=False)
    feed(t, join_18())
    events = feed(
        t,
        ev("Newchannel", Channel="SIP/503-00000020", Uniqueid="9.1"),
        ev(
            "Newstate",
            Channel="SIP/503-00000020",
            ChannelState="5",
            ConnectedLineNum="503",
            Uniqueid="9.1",
        ),
    )
    assert events == []


# -- 20 ---------------------------------------------------------------------------------


def dial_begin_20(member: str, uid: str, caller=CALLER, caller_uid="7.1"):
    return ev(
        "DialBegin",
        Channel=caller,
        ChannelState="6",
        CallerIDNum=NUMBER,
        CallerIDName="Zhang",
        Context="from-carrier",
        Exten="800",
        Uniqueid=caller_uid,
        Linkedid=caller_uid,
        DestChannel=member,
        DestChannelState="0",
        DestCallerIDNum=member.split("/")[1].split("-")[0],
        DestConnectedLineNum=NUMBER,
        DestContext="from-carrier",
        DestExten="800",
        DestUniqueid=uid,
        DestLinkedid=caller_uid,
        DialString=member.rsplit("-", 1)[0],
    )


def dial_end_20(member: str, uid: str, status: str, caller_uid="7.1"):
    return ev(
        "DialEnd",
        Channel=CALLER,
        Uniqueid=caller_uid,
        Context="from-carrier",
        Exten="800",
        DestChannel=member,
        DestUniqueid=uid,
        DialStatus=status,
    )


def test_20_ringall_queue_rings_members_not_an_outbound_call():
    t = make_tracker(modern=True)
    events = feed(
        t,
        dial_begin_20("SIP/474-00000002", "7.2"),
        dial_begin_20("SIP/307-00000003", "7.3"),
        ev("AgentCalled", Queue="sales", DestChannel="SIP/474-00000002", Uniqueid="7.1"),
    )
    assert only(events, Outbound) == []
    assert [(r.extension, r.trunk) for r in only(events, Ringing)] == [
        ("474", "carrier"),
        ("307", "carrier"),
    ]
    events = feed(
        t,
        dial_end_20("SIP/474-00000002", "7.2", "ANSWER"),
        dial_end_20("SIP/307-00000003", "7.3", "CANCEL"),
        ev("BridgeEnter", Channel="SIP/474-00000002", Uniqueid="7.2", BridgeUniqueid="b"),
        ev("Hangup", Channel="SIP/307-00000003", Uniqueid="7.3", Cause="26"),
    )
    assert [e.extension for e in only(events, Answered)] == ["474"]
    assert [(e.extension, e.reason) for e in only(events, RingEnded)] == [
        ("307", "answered_elsewhere")
    ]


def test_20_queue_abandoned_one_by_one():
    t = make_tracker(modern=True)
    events = feed(
        t,
        dial_begin_20("SIP/474-00000002", "7.2"),
        dial_end_20("SIP/474-00000002", "7.2", "NOANSWER"),
        ev("Hangup", Channel="SIP/474-00000002", Uniqueid="7.2", Cause="16"),
        dial_begin_20("SIP/307-00000003", "7.3"),
        dial_end_20("SIP/307-00000003", "7.3", "CANCEL"),
        ev("Hangup", Channel="SIP/307-00000003", Uniqueid="7.3", Cause="16"),
        ev("Hangup", Channel=CALLER, Uniqueid="7.1", Cause="16"),
        ev("Cdr", UniqueID="7.1", Disposition="NO ANSWER", Duration="9"),
    )
    assert [
        (type(e).__name__, e.extension, getattr(e, "reason", None))
        for e in events
        if not isinstance(e, Ended)
    ] == [
        ("Ringing", "474", None),
        ("RingEnded", "474", "no_answer"),
        ("Ringing", "307", None),
        ("RingEnded", "307", "cancelled"),
    ]
    (end,) = only(events, Ended)
    assert end.disposition == "NO ANSWER" and end.extensions == ("474", "307")


# -- trunks and extensions by shape ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "dialstring", "context", "known", "kind"),
    [
        ("SIP/474-00000002", "SIP/474", None, None, Kind.EXTENSION),  # queue member interface
        ("SIP/474-00000002", "474", None, None, Kind.EXTENSION),
        ("SIP/carrier-00000001", None, None, None, Kind.TRUNK),
        ("SIP/voip-provider-00000001", None, "from-provider", None, Kind.TRUNK),
        ("SIP/carrier-00000004", "SIP/carrier/013800138000", None, None, Kind.TRUNK),
        ("SIP/carrier-00000004", "carrier/013800138000", None, None, Kind.TRUNK),
        ("SIP/reception-00000005", None, "DLPN_DialPlan200", None, Kind.EXTENSION),
        ("SIP/reception-00000005", None, None, frozenset({"reception"}), Kind.EXTENSION),
        ("SIP/trunk-sps-test1-00000009", None, None, None, Kind.TRUNK),
    ],
)
def test_classification_by_shape_context_and_known_peers(name, dialstring, context, known, kind):
    ch = parse_channel(name)
    assert ch is not None
    assert classify(ch, dialstring, ("trunk",), known, context) is kind


@pytest.mark.parametrize("modern", [False, True])
def test_outbound_through_a_named_carrier_and_a_call_from_it(modern):
    t = make_tracker(modern=modern)
    if modern:
        out = dial_begin_20(
            "SIP/carrier-00000004", "8.2", caller="SIP/503-00000003", caller_uid="8.1"
        )
        out = Message(
            [(k, v) for k, v in out.headers if k != "DialString"]
            + [("DialString", "carrier/013800138000")]
        )
    else:
        out = ev(
            "Dial",
            SubEvent="Begin",
            Channel="SIP/503-00000003",
            UniqueID="8.1",
            Destination="SIP/carrier-00000004",
            DestUniqueID="8.2",
            CallerIDNum="503",
            Dialstring="carrier/013800138000",
        )
    (event,) = feed(t, out)
    assert isinstance(event, Outbound)
    assert (event.extension, event.number, event.trunk) == ("503", "013800138000", "carrier")
