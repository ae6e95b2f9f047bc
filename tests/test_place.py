"""Which extension's dialplan sends a caller to an outside number (screenpop.calls.place)."""

from __future__ import annotations

from screenpop.ami import Message
from screenpop.calls.place import extension_in_snapshot, extension_of


def ch(**fields: str) -> Message:
    return Message([("Event", "CoreShowChannel"), *fields.items()])


def test_extension_of_channel_names():
    assert extension_of("SIP/474-0000001a") == "474"
    assert extension_of("IAX2/306-0000801a") == "306"
    assert extension_of("SIP/carrier-0000001b") is None
    assert extension_of("SIP/trunk-sps-test1-00000009") is None
    assert extension_of("SIP/trunk-test1/1112233-0000802c") is None
    assert extension_of("Local/200@ctx-0001;1") is None
    assert extension_of(None) is None


def test_1x_ringing_caller_found_through_its_dial_data():
    snapshot = [
        ch(Channel="SIP/carrier-0000001b", Context="from-carrier", ApplicationData="SIP/474,30"),
        ch(Channel="SIP/474-0000001c", ChannelState="5", Application="AppDial"),
    ]
    assert extension_in_snapshot("SIP/carrier-0000001b", snapshot) == "474"
    assert extension_in_snapshot("sip/CARRIER-0000001b", snapshot) == "474"


def test_1x_answered_caller_found_through_its_bridge():
    snapshot = [
        ch(Channel="SIP/carrier-0000001b", BridgedChannel="SIP/307-0000001d"),
        ch(Channel="SIP/307-0000001d", BridgedChannel="SIP/carrier-0000001b"),
    ]
    assert extension_in_snapshot("SIP/carrier-0000001b", snapshot) == "307"


def test_12_plus_prefers_the_answered_channel_of_the_same_call():
    snapshot = [
        ch(Channel="SIP/voip-provider-00000001", Uniqueid="9.1", Linkedid="9.1"),
        ch(Channel="SIP/201-00000002", Uniqueid="9.2", Linkedid="9.1", ChannelState="5"),
        ch(Channel="SIP/202-00000003", Uniqueid="9.3", Linkedid="9.1", ChannelState="6"),
        ch(Channel="SIP/203-00000004", Uniqueid="9.4", Linkedid="9.4", ChannelState="6"),
    ]
    assert extension_in_snapshot("SIP/voip-provider-00000001", snapshot) == "202"


def test_an_extensions_own_channel_and_its_context():
    snapshot = [
        ch(Channel="SIP/503-00000005", Context="DLPN_DialPlan503"),
        ch(Channel="DAHDI/5-1", Context="DLPN_DialPlan601"),
        ch(Channel="SIP/carrier-00000006", Context="DLPN_Trunk_carrier"),
    ]
    assert extension_in_snapshot("SIP/503-00000005", snapshot) == "503"
    assert extension_in_snapshot("DAHDI/5-1", snapshot) == "601"
    assert extension_in_snapshot("SIP/carrier-00000006", snapshot) is None
    assert extension_in_snapshot("SIP/gone-00000007", snapshot) is None
