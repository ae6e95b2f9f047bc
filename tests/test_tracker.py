"""Call tracker: per destination kind, per Asterisk generation, and the recorded captures."""

from __future__ import annotations

import pytest
from conftest import CAPTURES

from screenpop.ami import AmiDecoder, Banner, Message
from screenpop.calls.channels import Kind, classify, parse_channel, parse_dahdi_signalling
from screenpop.calls.events import Answered, Ended, Outbound, RingEnded, Ringing
from screenpop.calls.tracker import CDR_GRACE_SECONDS, CDR_SETTLE_SECONDS, CallTracker


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def ev(name: str, **fields: str) -> Message:
    return Message([("Event", name), *((k, v) for k, v in fields.items())])


def feed(tracker: CallTracker, *msgs: Message) -> list:
    out = []
    for m in msgs:
        out += tracker.feed(m)
    return out


def kinds(events) -> list[tuple]:
    return [
        (type(e).__name__, getattr(e, "extension", None), getattr(e, "reason", None))
        for e in events
    ]


def dial_1x(caller, caller_uid, dest, dest_uid, num="13800138000", name="Zhang", dialstring=None):
    return ev(
        "Dial",
        SubEvent="Begin",
        Channel=caller,
        Destination=dest,
        CallerIDNum=num,
        CallerIDName=name,
        UniqueID=caller_uid,
        DestUniqueID=dest_uid,
        Dialstring=dialstring or dest.split("/")[1].split("-")[0],
    )


def dial_begin(
    caller,
    caller_uid,
    dest,
    dest_uid,
    num="13800138000",
    name="Zhang",
    linkedid=None,
    dialstring="474",
):
    return ev(
        "DialBegin",
        Channel=caller,
        CallerIDNum=num,
        CallerIDName=name,
        Context="from-trunk",
        Exten="s",
        Uniqueid=caller_uid,
        Linkedid=linkedid or caller_uid,
        DestChannel=dest,
        DestCallerIDNum="474",
        DestContext="DLPN_DialPlan474",
        DestExten="474",
        DestUniqueid=dest_uid,
        DestLinkedid=linkedid or caller_uid,
        DialString=dialstring,
    )


# -- channel names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "dialstring", "kind", "peer"),
    [
        ("SIP/474-000079de", "474", Kind.EXTENSION, "474"),
        ("IAX2/306-0000801a", "306", Kind.EXTENSION, "306"),
        ("PJSIP/201-0000001f", "201", Kind.EXTENSION, "201"),
        ("DAHDI/65-0000801c", "65", Kind.ANALOG_PORT, "65"),
        ("DAHDI/5-1", "5", Kind.ANALOG_PORT, "5"),
        ("SIP/trunk-test1/1112233-0000802c", None, Kind.TRUNK, "trunk-test1"),
        ("IAX2/trunk-test2/1112233-0000802c", None, Kind.TRUNK, "trunk-test2"),
        ("SIP/trunk-sps-test3/111222-0000802c", None, Kind.TRUNK, "trunk-sps-test3"),
        (
            "SIP/trunk-sps-test1-00000009",
            "trunk-sps-test1/013800138000",
            Kind.TRUNK,
            "trunk-sps-test1",
        ),
        ("SIP/provider-00000009", "provider/013800138000", Kind.TRUNK, "provider"),
        ("Local/200@DLPN_DialPlan200-00000001;1", None, Kind.LOCAL, "200@DLPN_DialPlan200"),
        ("AsyncGoto/SIP/474-00000004<ZOMBIE>", None, Kind.OTHER, "SIP"),
    ],
)
def test_classify_destinations(name, dialstring, kind, peer):
    ch = parse_channel(name)
    assert ch is not None and ch.peer == peer
    assert classify(ch, dialstring) is kind


def test_parse_channel_rejects_non_channels():
    assert parse_channel("") is None and parse_channel("garbage") is None


def test_dahdi_signalling_reading():
    lines = ["Channel: 65", "Span: 1", "Signalling Type: FXO Kewlstart", "Radio: 0"]
    assert parse_dahdi_signalling(lines) is Kind.EXTENSION
    assert parse_dahdi_signalling(["Signalling Type: FXS Loopstart"]) is Kind.TRUNK
    assert parse_dahdi_signalling(["65 is not a known channel"]) is None


# -- Asterisk 1.x ---------------------------------------------------------------------


def test_1x_trunk_call_rings_answers_ends_with_cdr():
    t = CallTracker(clock=Clock())
    events = feed(
        t,
        dial_1x("SIP/trunk-sps-test1-0000000a", "100.1", "SIP/474-0000000b", "100.2", name="张伟"),
    )
    (ring,) = events
    assert isinstance(ring, Ringing)
    assert (ring.call, ring.extension, ring.caller.number, ring.caller.name) == (
        "100.1",
        "474",
        "13800138000",
        "张伟",
    )
    assert ring.channel == "SIP/474-0000000b"
    assert ring.caller_channel == "SIP/trunk-sps-test1-0000000a"
    assert ring.trunk == "trunk-sps-test1"
    answered = feed(
        t, ev("Newstate", Channel="SIP/474-0000000b", ChannelState="6", Uniqueid="100.2")
    )
    assert kinds(answered) == [("Answered", "474", None)]
    assert feed(t, ev("Bridge", Bridgestate="Link", Uniqueid1="100.1", Uniqueid2="100.2")) == []
    cdr = ev("Cdr", UniqueID="100.1", Disposition="ANSWERED", Duration="42", BillableSeconds="30")
    assert feed(t, cdr) == []  # Cdr before Hangup (as 1.8 sends it): wait for the hangup
    feed(t, ev("Hangup", Channel="SIP/474-0000000b", Uniqueid="100.2", Cause="16"))
    (end,) = feed(
        t, ev("Hangup", Channel="SIP/trunk-sps-test1-0000000a", Uniqueid="100.1", Cause="16")
    )
    assert isinstance(end, Ended)
    assert (end.disposition, end.duration, end.billable, end.answered_by) == (
        "ANSWERED",
        42,
        30,
        "474",
    )
    assert t.calls == {} and t._uid_call == {}


def test_1x_ring_group_answered_by_one_ends_the_others():
    t = CallTracker()
    caller = "SIP/trunk-a-00000001"
    events = feed(
        t,
        dial_1x(caller, "1.1", "SIP/201-00000002", "1.2"),
        dial_1x(caller, "1.1", "SIP/202-00000003", "1.3"),
        dial_1x(caller, "1.1", "SIP/203-00000004", "1.4"),
    )
    assert [e.extension for e in events] == ["201", "202", "203"]
    assert {e.call for e in events} == {"1.1"}
    events = feed(
        t,
        ev("Newstate", ChannelState="6", Uniqueid="1.3"),
        ev("Hangup", Uniqueid="1.2", Cause="26", **{"Cause-txt": "Answered elsewhere"}),
        ev("Hangup", Uniqueid="1.4", Cause="26"),
    )
    assert kinds(events) == [
        ("Answered", "202", None),
        ("RingEnded", "201", "answered_elsewhere"),
        ("RingEnded", "203", "answered_elsewhere"),
    ]
    assert events[1].answered_by == "202"


def test_1x_caller_gives_up():
    t = CallTracker(clock=Clock())
    feed(t, dial_1x("SIP/trunk-a-00000001", "1.1", "SIP/201-00000002", "1.2"))
    events = feed(
        t,
        ev("Hangup", Uniqueid="1.2", Cause="16"),
        ev(
            "Dial",
            SubEvent="End",
            Channel="SIP/trunk-a-00000001",
            UniqueID="1.1",
            DialStatus="CANCEL",
        ),
        ev("Hangup", Uniqueid="1.1", Cause="16"),
    )
    assert kinds(events) == [("RingEnded", "201", "cancelled")]
    assert t.next_deadline() is not None


def test_no_cdr_means_ended_from_hangup_after_grace():
    clock = Clock()
    t = CallTracker(clock=clock)
    feed(t, dial_1x("SIP/trunk-a-00000001", "1.1", "SIP/201-00000002", "1.2"))
    clock.now += 10
    feed(t, ev("Newstate", ChannelState="6", Uniqueid="1.2"))
    clock.now += 20
    feed(t, ev("Hangup", Uniqueid="1.1", Cause="16"))
    assert t.expire() == []
    clock.now += CDR_GRACE_SECONDS
    (end,) = t.expire()
    assert (end.disposition, end.duration, end.billable) == ("ANSWERED", 30, 20)
    assert t.calls == {}


def test_cdr_after_hangup_finishes_once_no_more_cdr_comes():
    clock = Clock()
    t = CallTracker(clock=clock)
    feed(t, dial_1x("SIP/trunk-a-00000001", "1.1", "SIP/201-00000002", "1.2"))
    feed(t, ev("Hangup", Uniqueid="1.2", Cause="19"), ev("Hangup", Uniqueid="1.1", Cause="16"))
    cdr = ev("Cdr", UniqueID="1.1", Disposition="NO ANSWER", Duration="30", BillableSeconds="0")
    assert feed(t, cdr) == []
    assert t.next_deadline() == clock.now + CDR_SETTLE_SECONDS
    clock.now += CDR_SETTLE_SECONDS
    (end,) = t.expire()
    assert end.disposition == "NO ANSWER" and end.extensions == ("201",)


def test_20_ring_group_cdr_per_leg_after_hangup_gives_the_answered_leg():
    # Live Asterisk 20: a ring group answered by 203 ends with one Cdr per dialled leg, the
    # unanswered one first; the call was reported NO ANSWER from that first Cdr.
    clock = Clock()
    t = CallTracker(modern=True, clock=clock)
    feed(t, dial_begin("SIP/trunk-sps-0", "1.0", "SIP/202-1", "1.1", dialstring="202"))
    feed(t, dial_begin("SIP/trunk-sps-0", "1.0", "SIP/203-2", "1.2", dialstring="203"))
    feed(t, ev("Hangup", Uniqueid="1.0", Cause="16"))
    start = "2026-11-30 05:35:25"
    legs = (("SIP/202-1", "NO ANSWER", "1", "0"), ("SIP/203-2", "ANSWERED", "3", "2"))
    for leg, disp, dur, bill in legs:
        cdr = ev("Cdr", UniqueID="1.0", DestinationChannel=leg, Disposition=disp,
                 Duration=dur, BillableSeconds=bill, StartTime=start)  # fmt: skip
        assert feed(t, cdr) == []
    clock.now += CDR_SETTLE_SECONDS
    (end,) = t.expire()
    assert (end.disposition, end.duration, end.billable) == ("ANSWERED", 3, 2)


def test_1x_redirect_of_caller_is_a_transfer_with_the_same_call_id():
    t = CallTracker()
    caller = "SIP/trunk-a-00000001"
    feed(t, ev("Newchannel", Channel=caller, Uniqueid="1.1"))
    feed(t, dial_1x(caller, "1.1", "SIP/474-00000002", "1.2"))
    t.note_redirect(caller, "306")
    events = feed(
        t,
        ev("Hangup", Uniqueid="1.2", Cause="16"),
        ev("Dial", SubEvent="End", Channel=caller, UniqueID="1.1", DialStatus="CANCEL"),
        dial_1x(caller, "1.1", "SIP/306-00000003", "1.3"),
    )
    assert kinds(events) == [("RingEnded", "474", "transferred"), ("Ringing", "306", None)]
    assert events[1].call == "1.1"


def test_1x_no_answer_and_busy_reasons():
    t = CallTracker()
    feed(t, dial_1x("SIP/trunk-a-00000001", "1.1", "SIP/201-00000002", "1.2"))
    feed(t, dial_1x("SIP/trunk-b-00000003", "2.1", "SIP/202-00000004", "2.2"))
    events = feed(
        t,
        ev("Dial", SubEvent="End", UniqueID="1.1", DialStatus="NOANSWER"),
        ev("Hangup", Uniqueid="2.2", Cause="17"),
    )
    assert kinds(events) == [("RingEnded", "201", "no_answer"), ("RingEnded", "202", "busy")]


def test_1x_outbound_via_trunk_is_not_a_ringing_call():
    t = CallTracker()
    events = feed(
        t,
        dial_1x(
            "SIP/503-00000008",
            "9.1",
            "SIP/trunk-sps-test1-00000009",
            "9.2",
            num="503",
            dialstring="trunk-sps-test1/013800138000",
        ),
    )
    (out,) = events
    assert isinstance(out, Outbound)
    assert (out.extension, out.number, out.trunk) == ("503", "013800138000", "trunk-sps-test1")


def test_guide_style_trunk_with_number_in_channel_name():
    t = CallTracker()
    (out,) = feed(
        t, dial_1x("SIP/503-1", "9.1", "SIP/trunk-test1/1112233-0000802c", "9.2", num="503")
    )
    assert isinstance(out, Outbound) and out.number == "1112233" and out.trunk == "trunk-test1"


def test_iax2_extension_rings():
    t = CallTracker()
    (ring,) = feed(t, dial_1x("SIP/trunk-a-1", "3.1", "IAX2/306-0000801a", "3.2"))
    assert ring.extension == "306"


def test_dahdi_port_waits_for_lookup_then_rings_as_extension():
    t = CallTracker()
    assert feed(t, dial_1x("SIP/trunk-a-1", "4.1", "DAHDI/65-1", "4.2")) == []
    assert t.take_dahdi_lookups() == ["65"]
    assert t.take_dahdi_lookups() == []
    (ring,) = t.resolve_dahdi("65", Kind.EXTENSION)
    assert (
        isinstance(ring, Ringing) and ring.extension == "DAHDI/65" and ring.channel == "DAHDI/65-1"
    )
    # Cached: the next call to the same port needs no lookup.
    (ring2,) = feed(t, dial_1x("SIP/trunk-b-2", "5.1", "DAHDI/65-2", "5.2"))
    assert ring2.call == "5.1" and t.take_dahdi_lookups() == []


def test_dahdi_port_map_wins_and_names_the_extension():
    t = CallTracker(analog_extensions={"5": "601"})
    (ring,) = feed(t, dial_1x("SIP/trunk-a-1", "4.1", "DAHDI/5-1", "4.2"))
    assert ring.extension == "601" and t.take_dahdi_lookups() == []


def test_dahdi_trunk_port_is_outbound():
    t = CallTracker()
    feed(t, dial_1x("SIP/503-1", "6.1", "DAHDI/1-1", "6.2", num="503", dialstring="g1/0138"))
    (out,) = t.resolve_dahdi("1", Kind.TRUNK)
    assert isinstance(out, Outbound) and out.extension == "503" and out.trunk == "DAHDI/1"


def test_dahdi_call_hung_up_before_lookup_answers_pops_nothing():
    t = CallTracker()
    feed(t, dial_1x("SIP/trunk-a-1", "4.1", "DAHDI/65-1", "4.2"))
    feed(t, ev("Hangup", Uniqueid="4.2", Cause="16"))
    assert t.resolve_dahdi("65", Kind.EXTENSION) == []


def test_queue_via_local_channels_belongs_to_the_outer_call():
    t = CallTracker()
    outer = "SIP/trunk-a-00000001"
    assert feed(t, dial_1x(outer, "7.1", "Local/200@DLPN_DialPlan200-00000001;1", "7.2")) == []
    (ring,) = feed(
        t, dial_1x("Local/200@DLPN_DialPlan200-00000001;2", "7.3", "SIP/200-00000004", "7.4")
    )
    assert ring.call == "7.1" and ring.caller_channel == outer and ring.extension == "200"


def test_1x_queue_agent_called():
    t = CallTracker()
    feed(t, ev("Newchannel", Channel="SIP/201-0000000f", Uniqueid="8.2"))
    (ring,) = feed(
        t,
        ev(
            "AgentCalled",
            Queue="sales",
            AgentCalled="SIP/201",
            ChannelCalling="SIP/trunk-a-1",
            DestinationChannel="SIP/201-0000000f",
            CallerIDNum="0571888",
            CallerIDName="Li",
            Uniqueid="8.1",
        ),
    )
    assert ring.call == "8.1" and ring.extension == "201" and ring.caller.number == "0571888"


def test_placeholders_become_none():
    t = CallTracker()
    (ring,) = feed(
        t, dial_1x("SIP/trunk-a-1", "1.1", "SIP/201-2", "1.2", num="<unknown>", name="<unknown>")
    )
    assert ring.caller.number is None and ring.caller.name is None


def test_1x_names_are_not_unescaped():
    t = CallTracker(modern=False)
    (ring,) = feed(t, dial_1x("SIP/trunk-a-1", "1.1", "SIP/201-2", "1.2", name="O\\'Brien"))
    assert ring.caller.name == "O\\'Brien"


def test_unknown_events_are_ignored():
    t = CallTracker()
    assert feed(t, ev("SomethingNew", Channel="SIP/1-1"), Message([("Response", "Success")])) == []


# -- Asterisk 12+ ---------------------------------------------------------------------


def test_12_ring_group_dialend_cancel_means_answered_elsewhere():
    t = CallTracker(modern=True)
    caller = "PJSIP/trunk-a-00000001"
    events = feed(
        t,
        dial_begin(caller, "1.1", "PJSIP/201-00000002", "1.2", name="O\\'Brien"),
        dial_begin(caller, "1.1", "PJSIP/202-00000003", "1.3"),
    )
    assert [e.extension for e in events] == ["201", "202"]
    assert events[0].caller.name == "O'Brien"
    events = feed(
        t,
        ev("DialEnd", Channel=caller, Uniqueid="1.1", DestUniqueid="1.3", DialStatus="ANSWER"),
        ev("DialEnd", Channel=caller, Uniqueid="1.1", DestUniqueid="1.2", DialStatus="CANCEL"),
        ev("BridgeEnter", Channel="PJSIP/202-00000003", Uniqueid="1.3"),
        ev("Hangup", Uniqueid="1.2", Cause="26"),
    )
    assert kinds(events) == [("Answered", "202", None), ("RingEnded", "201", "answered_elsewhere")]


def test_12_originate_dialbegin_without_channel_is_not_incoming():
    t = CallTracker(modern=True)
    msg = ev("DialBegin", DestChannel="SIP/503-00000000", DestUniqueid="1.0", DialString="503")
    assert feed(t, msg) == []


def test_12_local_chain_joins_by_linkedid():
    t = CallTracker(modern=True)
    feed(t, dial_begin("PJSIP/trunk-a-1", "1.1", "Local/q@ctx-00000001;1", "1.2"))
    (ring,) = feed(
        t, dial_begin("Local/q@ctx-00000001;2", "1.3", "PJSIP/201-2", "1.4", linkedid="1.1")
    )
    assert ring.call == "1.1" and ring.caller_channel == "PJSIP/trunk-a-1"


def test_two_cdrs_for_a_transferred_call_are_summed():
    clock = Clock()
    t = CallTracker(modern=True, clock=clock)
    feed(t, dial_begin("SIP/trunk-a-1", "1.1", "SIP/474-2", "1.2"))
    feed(t, ev("Cdr", UniqueID="1.1", Disposition="NO ANSWER", Duration="2", BillableSeconds="1"))
    feed(t, ev("Cdr", UniqueID="1.1", Disposition="ANSWERED", Duration="5", BillableSeconds="4"))
    feed(t, ev("Hangup", Uniqueid="1.1", Cause="16"))
    clock.now += CDR_SETTLE_SECONDS
    (end,) = t.expire()
    assert (end.disposition, end.duration, end.billable) == ("ANSWERED", 7, 5)


def test_20_cdr_of_the_answered_leg_after_the_callers_hangup_still_counts():
    # Live Asterisk 20, ring group: Cdr (202, NO ANSWER), Hangup of the caller, Cdr (203,
    # ANSWERED). Finishing at the Hangup reported the call as NO ANSWER.
    clock = Clock()
    t = CallTracker(modern=True, clock=clock)
    feed(t, dial_begin("SIP/trunk-sps-0", "1.0", "SIP/202-1", "1.1", dialstring="202"))
    feed(t, dial_begin("SIP/trunk-sps-0", "1.0", "SIP/203-2", "1.2", dialstring="203"))
    start = "2026-11-30 05:48:59"
    lost = ev("Cdr", UniqueID="1.0", Disposition="NO ANSWER", Duration="1", BillableSeconds="0",
              StartTime=start)  # fmt: skip
    won = ev("Cdr", UniqueID="1.0", Disposition="ANSWERED", Duration="2", BillableSeconds="1",
             StartTime=start)  # fmt: skip
    events = feed(t, lost, ev("Hangup", Uniqueid="1.0", Cause="16"), won)
    assert not [e for e in events if isinstance(e, Ended)]
    clock.now += CDR_SETTLE_SECONDS
    (end,) = t.expire()
    assert (end.disposition, end.duration, end.billable) == ("ANSWERED", 2, 1)


# -- recorded captures ----------------------------------------------------------------


def replay(name: str, note_redirect: tuple[str, str] | None = None) -> list:
    dec = AmiDecoder()
    dec.receive_data((CAPTURES / name).read_bytes())
    clock = Clock()
    t = CallTracker(clock=clock)
    out = []
    for m in dec.messages():
        if isinstance(m, Banner):
            t.modern = m.modern
            continue
        if note_redirect and m.action_id and m.action_id.startswith("redirect"):
            t.note_redirect(*note_redirect)
        out += t.feed(m)
    # The end of the recording: no further Cdr came (what the service's timer reports).
    clock.now += CDR_SETTLE_SECONDS
    return out + t.expire()


# The recording hung up 306's leg at the end: 1.8 reports the leg's Hangup first (cancelled),
# 20 reports DialEnd NOANSWER first.
@pytest.mark.parametrize(("gen", "last"), [("old", "cancelled"), ("new", "no_answer")])
def test_capture_redirect_calling_channel_moves_the_call(gen, last):
    events = replay(f"{gen}_03_call_redirect_calling_channel.bin", ("SIP/503-00000000", "306"))
    assert kinds(events) == [
        ("Ringing", "474", None),
        ("RingEnded", "474", "transferred"),
        ("Ringing", "306", None),
        ("RingEnded", "306", last),
        ("Ended", None, None),
    ]
    assert len({e.call for e in events}) == 1
    assert events[2].caller_channel == "SIP/503-00000000"


@pytest.mark.parametrize("gen", ["old", "new"])
def test_capture_redirect_called_channel_loses_the_caller(gen):
    events = replay(f"{gen}_04_call_redirect_called_channel.bin")
    first = [e for e in events if e.call == events[0].call]
    assert isinstance(first[-1], Ended)  # the original caller's call is over
    later = [e for e in events if isinstance(e, Ringing) and e.extension == "306"]
    # 306 rings, but from 474's orphaned leg: a different call, and not from the caller 503.
    assert later and later[0].call != events[0].call and later[0].caller.number == "474"


@pytest.mark.parametrize("gen", ["old", "new"])
def test_capture_trunk_call_is_outbound(gen):
    events = replay(f"{gen}_06_call_external_trunk.bin")
    assert kinds(events) == [("Outbound", "503", None), ("Ended", None, None)]
    assert events[0].number == "013800138000"


@pytest.mark.parametrize("gen", ["old", "new"])
def test_capture_answered_then_hangup(gen):
    events = replay(f"{gen}_07_call_answered_then_hangup.bin")
    assert kinds(events) == [
        ("Ringing", "474", None),
        ("Answered", "474", None),
        ("Ended", None, None),
    ]
    assert events[-1].disposition == "ANSWERED" and events[-1].answered_by == "474"


# -- resync ---------------------------------------------------------------------------


def test_resync_pops_a_call_that_started_ringing_during_the_outage_1x():
    t = CallTracker()
    snapshot = [
        ev(
            "CoreShowChannel",
            Channel="SIP/474-00000001",
            UniqueID="1.2",
            ChannelState="5",
            Application="AppDial",
            ApplicationData="(Outgoing Line)",
            CallerIDnum="474",
            ConnectedLineNum="0571888",
            ConnectedLineName="Li",
        ),
        ev(
            "CoreShowChannel",
            Channel="SIP/trunk-a-00000000",
            UniqueID="1.1",
            ChannelState="4",
            Application="Dial",
            ApplicationData="SIP/474,30",
            CallerIDnum="0571888",
            CallerIDname="Li",
        ),
    ]
    (ring,) = t.resync(snapshot)
    assert isinstance(ring, Ringing)
    assert (ring.call, ring.extension, ring.caller.number) == ("1.1", "474", "0571888")
    # And the live call goes on as usual afterwards.
    (ans,) = feed(t, ev("Newstate", ChannelState="6", Uniqueid="1.2"))
    assert isinstance(ans, Answered)


def test_resync_closes_calls_that_ended_during_the_outage():
    t = CallTracker()
    feed(t, dial_1x("SIP/trunk-a-1", "1.1", "SIP/201-2", "1.2"))
    events = t.resync([])
    assert kinds(events) == [("RingEnded", "201", "ended_offline"), ("Ended", None, None)]
    assert events[-1].disposition == "UNKNOWN" and t.calls == {}


def test_resync_keeps_live_calls_and_ends_gone_legs():
    t = CallTracker()
    feed(t, dial_1x("SIP/trunk-a-1", "1.1", "SIP/201-2", "1.2"))
    feed(t, dial_1x("SIP/trunk-a-1", "1.1", "SIP/202-3", "1.3"))
    snapshot = [
        ev(
            "CoreShowChannel",
            Channel="SIP/trunk-a-1",
            UniqueID="1.1",
            ChannelState="6",
            Application="Dial",
            ApplicationData="SIP/201&SIP/202",
        ),
        ev("CoreShowChannel", Channel="SIP/202-3", UniqueID="1.3", ChannelState="6"),
    ]
    assert kinds(t.resync(snapshot)) == [
        ("RingEnded", "201", "cancelled"),
        ("Answered", "202", None),
    ]


def test_finished_calls_leave_no_state():
    t = CallTracker()
    for i in range(200):
        c, leg = f"{i}.1", f"{i}.2"
        feed(
            t,
            ev("Newchannel", Channel=f"SIP/trunk-a-{i:08x}", Uniqueid=c),
            dial_1x(f"SIP/trunk-a-{i:08x}", c, f"SIP/201-{i:08x}", leg),
            ev("Hangup", Channel=f"SIP/201-{i:08x}", Uniqueid=leg, Cause="19"),
            ev("Cdr", UniqueID=c, Disposition="NO ANSWER", Duration="3", BillableSeconds="0"),
            ev("Hangup", Channel=f"SIP/trunk-a-{i:08x}", Uniqueid=c, Cause="16"),
        )
    assert t.calls == {} and t._uid_call == {} and t._channel_uid == {}


def test_ringing_time_and_ended_are_events_of_one_call():
    t = CallTracker()
    (r,) = feed(t, dial_1x("SIP/trunk-a-1", "1.1", "SIP/201-2", "1.2"))
    assert r.time.tzinfo is not None
    (e,) = feed(t, ev("Hangup", Uniqueid="1.2", Cause="19"))
    assert isinstance(e, RingEnded) and e.call == r.call


def test_resync_keeps_the_figures_of_a_call_that_hung_up_before_the_outage():
    # Live Asterisk 20: the link dropped while an ended call still waited for more Cdr; it was
    # reported UNKNOWN although its Hangup and Cdr had come.
    clock = Clock()
    t = CallTracker(modern=True, clock=clock)
    feed(t, dial_begin("SIP/trunk-a-1", "1.1", "SIP/474-2", "1.2"))
    feed(t, ev("Newstate", ChannelState="6", Uniqueid="1.2"))
    feed(t, ev("Hangup", Uniqueid="1.2", Cause="16"), ev("Hangup", Uniqueid="1.1", Cause="16"))
    feed(t, ev("Cdr", UniqueID="1.1", Disposition="ANSWERED", Duration="9", BillableSeconds="7"))
    (end,) = t.resync([])
    assert (end.disposition, end.duration, end.billable) == ("ANSWERED", 9, 7)
    assert t.calls == {}


def test_a_restarted_pbx_may_reuse_an_ended_calls_uniqueid():
    # Live Asterisk 1.8 restarted within one second: its first new call had the Uniqueid of the
    # last call before the restart, and was ignored as "already ended".
    t = CallTracker()
    feed(t, dial_1x("SIP/trunk-a-00000000", "1796017347.0", "SIP/201-00000001", "1796017347.1"))
    feed(t, ev("Hangup", Uniqueid="1796017347.1", Cause="16"))
    feed(t, ev("Hangup", Uniqueid="1796017347.0", Cause="16"))
    t.resync([])
    (ring,) = feed(
        t, dial_1x("SIP/trunk-a-00000000", "1796017347.0", "SIP/201-00000001", "1796017347.1")
    )
    assert isinstance(ring, Ringing) and ring.extension == "201"
