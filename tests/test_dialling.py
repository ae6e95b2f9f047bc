"""When the user's own phone rings for a click-to-dial Originate (screenpop.calls.dialling)."""

from __future__ import annotations

from screenpop.ami import Message
from screenpop.calls.dialling import OriginateWatch


def ev(name: str, **fields: str) -> Message:
    return Message([("Event", name), *fields.items()])


def run(watch: OriginateWatch, *msgs: Message) -> list[bool]:
    return [watch.feed(m) for m in msgs]


def test_1x_originate_rings_the_phone():
    watch = OriginateWatch("SIP/503")
    seen = run(
        watch,
        ev("Newchannel", Channel="SIP/503-0000000a", Uniqueid="1.10", ChannelState="0"),
        ev("NewCallerid", Channel="SIP/503-0000000a", Uniqueid="1.10"),
        ev("Newstate", Channel="SIP/503-0000000a", Uniqueid="1.10", ChannelState="5"),
        ev("Newstate", Channel="SIP/503-0000000a", Uniqueid="1.10", ChannelState="6"),
    )
    assert seen == [False, False, True, False]  # told once
    assert watch.channel == "SIP/503-0000000a"


def test_12_plus_originate_dialbegin_without_caller_keeps_the_channel():
    watch = OriginateWatch("SIP/503")
    seen = run(
        watch,
        ev("Newchannel", Channel="SIP/503-0000000b", Uniqueid="1.11", ChannelState="0"),
        ev("DialBegin", DestChannel="SIP/503-0000000b", DestUniqueid="1.11", DialString="503"),
        ev("Newstate", Channel="SIP/503-0000000b", Uniqueid="1.11", ChannelState="5"),
    )
    assert seen == [False, False, True] and watch.channel == "SIP/503-0000000b"


def test_a_leg_of_another_calls_dial_to_the_same_phone_is_not_ours():
    for dial in (
        ev(
            "Dial",
            SubEvent="Begin",
            Channel="SIP/trunk-x-00000001",
            UniqueID="1.1",
            Destination="SIP/503-00000002",
            DestUniqueID="1.2",
        ),
        ev(
            "DialBegin",
            Channel="SIP/carrier-00000001",
            Uniqueid="1.1",
            DestChannel="SIP/503-00000002",
            DestUniqueid="1.2",
            DialString="503",
        ),
        ev(
            "AgentCalled",
            ChannelCalling="SIP/carrier-00000001",
            DestinationChannel="SIP/503-00000002",
            Uniqueid="1.1",
        ),
    ):
        watch = OriginateWatch("SIP/503")
        seen = run(
            watch,
            ev("Newchannel", Channel="SIP/503-00000002", Uniqueid="1.2", ChannelState="0"),
            dial,
            ev("Newstate", Channel="SIP/503-00000002", Uniqueid="1.2", ChannelState="5"),
        )
        assert seen == [False, False, False] and watch.channel is None, dial.event


def test_other_devices_and_hung_up_channels_do_not_count():
    watch = OriginateWatch("SIP/50")
    seen = run(
        watch,
        ev("Newchannel", Channel="SIP/503-00000003", Uniqueid="1.3"),
        ev("Newstate", Channel="SIP/503-00000003", Uniqueid="1.3", ChannelState="5"),
        ev("Newchannel", Channel="SIP/50-00000004", Uniqueid="1.4"),
        ev("Hangup", Channel="SIP/50-00000004", Uniqueid="1.4"),
        ev("Newstate", Channel="SIP/50-00000004", Uniqueid="1.4", ChannelState="5"),
    )
    assert not any(seen) and watch.channel is None


def test_analog_port_channel():
    watch = OriginateWatch("DAHDI/5")
    seen = run(
        watch,
        ev("Newchannel", Channel="DAHDI/5-1", Uniqueid="1.5"),
        ev("Newstate", Channel="DAHDI/5-1", Uniqueid="1.5", ChannelState="5"),
    )
    assert seen == [False, True] and watch.channel == "DAHDI/5-1"
