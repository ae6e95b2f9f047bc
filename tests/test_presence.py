"""The colleague directory and the presence state machine (pure), with real-server shapes.

Message shapes below are copied from replies of Asterisk 1.8.32.3 and 20.20.1 (see
docs/colleagues.md, "verified by hand").
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from screenpop.ami.message import Message
from screenpop.presence.directory import (
    Colleague,
    PeerInfo,
    clean_name,
    is_colleague,
    merge,
    parse_callerid,
    peer_entries,
    pjsip_endpoints,
)
from screenpop.presence.state import PresenceBook, State, hint_state, peer_online


def M(**kw: str) -> Message:
    return Message(list(kw.items()))


def peer(name, ip="-none-", dynamic="yes", status="Unmonitored", tech="SIP"):
    return M(
        Event="PeerEntry", ActionID="a1", Channeltype=tech, ObjectName=name,
        ChanObjectType="peer", IPaddress=ip, IPport="0", Dynamic=dynamic, Status=status,
    )  # fmt: skip


# -- directory ---------------------------------------------------------------------------


def test_peer_entries_tell_phones_from_trunks():
    items = peer_entries(
        [
            peer("201"),
            peer("202", ip="192.168.1.22", status="OK (5 ms)"),
            peer("carrier", ip="127.0.0.3", dynamic="no"),
            peer("trunk-sps-test1", ip="127.0.0.2", dynamic="no"),
            peer("alice", ip="10.0.0.9"),
            peer("301", ip="(null)", dynamic="Yes", tech="IAX"),
            M(Event="PeerlistComplete", EventList="Complete", ListItems="6"),
        ]
    )
    assert [p.name for p in items if is_colleague(p)] == ["201", "202", "alice", "301"]
    assert items[-1].tech == "IAX2" and items[-1].address is None
    assert [p.online for p in items[:2]] == [False, True]


def test_a_digit_named_peer_with_trunk_prefix_setting_is_a_trunk():
    assert not is_colleague(PeerInfo("9000", "SIP", False, None, "1.2.3.4"), ("9",))
    assert is_colleague(PeerInfo("9000", "SIP", False, None, "1.2.3.4"), ("trunk",))


def test_pjsip_endpoint_list():
    items = pjsip_endpoints(
        [
            M(
                Event="EndpointList",
                ObjectName="204",
                DeviceState="Not in use",
                Contacts="204/sip:204@10.0.0.4:5060,",
            ),
            M(Event="EndpointList", ObjectName="205", DeviceState="Unavailable", Contacts=""),
        ]
    )
    assert [(p.name, p.tech, p.online) for p in items] == [
        ("204", "PJSIP", True),
        ("205", "PJSIP", False),
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"Li Na 李娜" <201>', ("Li Na 李娜", "201")),
        ("Bob <202>", ("Bob", "202")),
        ("<203>", (None, "203")),
        ('"O\\"Brien" <204>', ('O"Brien', "204")),
        ('"📞 Front desk" <205>', ("📞 Front desk", "205")),
        ("", (None, None)),
        (None, (None, None)),
    ],
)
def test_parse_callerid(text, expected):
    assert parse_callerid(text) == expected


def test_clean_name_drops_control_characters_keeps_cjk_and_emoji():
    assert clean_name("Li\x00 Na\x1b[31m\n李娜 🙂") == "Li Na [31m 李娜 🙂"
    assert clean_name("\x07\x08") is None
    assert len(clean_name("x" * 500) or "") == 80


def test_merge_user_names_win_and_sort_by_name():
    pbx = [
        Colleague("203", "Zed", "SIP/203", "sip"),
        Colleague("201", "li na", "SIP/201", "sip"),
        Colleague("202", None, "SIP/202", "sip"),
        Colleague("301", "Iax One", "IAX2/301", "iax2"),
        Colleague("201", "IAX twin", "IAX2/201", "iax2"),
    ]
    out = merge(pbx, {"203": "Anna", "209": "Only in settings"}, {"601": "DAHDI/5"})
    assert [(c.extension, c.name, c.channel) for c in out] == [
        ("203", "Anna", "SIP/203"),
        ("301", "Iax One", "IAX2/301"),
        ("201", "li na", "SIP/201"),
        ("209", "Only in settings", "SIP/209"),
        ("202", None, "SIP/202"),
        ("601", None, "DAHDI/5"),
    ]


# -- state ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, expected",
    [
        ("0", (State.FREE, False)),
        ("1", (State.BUSY, False)),
        ("2", (State.BUSY, False)),
        ("4", (State.OFFLINE, False)),
        ("8", (State.RINGING, False)),
        ("9", (State.BUSY, False)),
        ("16", (State.BUSY, True)),
        ("17", (State.BUSY, True)),
        ("-1", (None, False)),
        ("-2", (None, False)),
        ("x", (None, False)),
    ],
)
def test_hint_state_codes(status, expected):
    assert hint_state(status) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Registered", True),
        ("Reachable", True),
        ("OK (3 ms)", True),
        ("Lagged", True),
        ("Unregistered", False),
        ("Unreachable", False),
        ("Rejected", False),
        ("Unmonitored", None),
        ("", None),
    ],
)
def test_peer_online_words(text, expected):
    assert peer_online(text) == expected


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def book(exts=("201", "202", "203")) -> PresenceBook:
    b = PresenceBook(clock=Clock())
    b.set_extensions({f"SIP/{e}": e for e in exts} | {"DAHDI/5": "601"})
    return b


def ext_status(ext, status):
    return M(Event="ExtensionStatus", Privilege="call,all", Exten=ext, Context="default",
             Hint=f"SIP/{ext}", Status=status)  # fmt: skip


def newstate(ch, state, conn_num="", conn_name=""):
    return M(Event="Newstate", Channel=ch, ChannelState=state, ConnectedLineNum=conn_num,
             ConnectedLineName=conn_name, Uniqueid="1.1")  # fmt: skip


def state_of(b: PresenceBook, ext: str) -> State:
    return b.presence(ext).state


def test_nothing_known_is_unknown():
    assert state_of(book(), "201") is State.UNKNOWN


# One test per pair of sources, as the precedence list in state.py says.


def test_hint_beats_registration():
    b = book()
    b.load_peers({"201": True})
    assert state_of(b, "201") is State.FREE
    b.feed(ext_status("201", "4"))
    assert state_of(b, "201") is State.OFFLINE  # the hint aggregate says unavailable
    b.feed(M(Event="PeerStatus", Peer="SIP/201", PeerStatus="Registered"))
    assert state_of(b, "201") is State.OFFLINE


def test_channels_call_beats_hint_idle_and_hint_busy_beats_channels_silence():
    b = book()
    b.feed(ext_status("202", "0"))
    b.feed(newstate("SIP/202-00000001", "6", "13800138000", "张伟"))
    p = b.presence("202")
    assert (p.state, p.with_whom, p.source) == (State.BUSY, "张伟", "channels")
    b.feed(M(Event="Hangup", Channel="SIP/202-00000001"))
    assert state_of(b, "202") is State.FREE
    b.feed(ext_status("202", "1"))  # a call our channel view did not see (another device)
    assert (state_of(b, "202"), b.presence("202").source) == (State.BUSY, "hint")


def test_channels_call_beats_registration():
    b = book()
    b.load_peers({"203": False})
    b.feed(newstate("SIP/203-0000000a", "5"))
    assert state_of(b, "203") is State.RINGING
    b.feed(newstate("SIP/203-0000000a", "6"))
    assert state_of(b, "203") is State.BUSY
    b.feed(M(Event="Hangup", Channel="SIP/203-0000000a"))
    assert state_of(b, "203") is State.OFFLINE


def test_dnd_beats_hint_idle_and_registration_but_not_a_call():
    b = book()
    b.load_peers({"201": True})
    b.feed(ext_status("201", "0"))
    b.feed(M(Event="PresenceStatus", Exten="201", Context="default", Status="dnd"))
    assert state_of(b, "201") is State.DND
    b.feed(newstate("SIP/201-00000002", "6"))
    assert state_of(b, "201") is State.BUSY
    b.feed(M(Event="Hangup", Channel="SIP/201-00000002"))
    b.feed(M(Event="PresenceStatus", Exten="201", Context="default", Status="available"))
    assert state_of(b, "201") is State.FREE


def test_hint_ringing_and_hold():
    b = book()
    b.feed(ext_status("201", "8"))
    assert state_of(b, "201") is State.RINGING
    b.feed(ext_status("201", "16"))
    assert (state_of(b, "201"), b.presence("201").on_hold) == (State.BUSY, True)


def test_trunk_and_local_channels_never_make_a_colleague_busy():
    b = book()
    assert b.feed(newstate("SIP/trunk-sps-test1-00000003", "6")) == []
    assert b.feed(newstate("SIP/201/0138000-00000004", "6")) == []
    assert b.feed(newstate("Local/201@DLPN_DialPlan201-00000001;2", "6")) == []
    assert state_of(b, "201") is State.UNKNOWN


def test_analog_extension_by_dahdi_port():
    b = book()
    b.feed(newstate("DAHDI/5-1", "5"))
    assert state_of(b, "601") is State.RINGING


def test_rename_keeps_the_channel_and_zombie_drops_it():
    b = book()
    b.feed(newstate("SIP/201-00000005", "6"))
    b.feed(M(Event="Rename", Channel="SIP/201-00000005", Newname="SIP/201-00000005<MASQ>"))
    assert state_of(b, "201") is State.UNKNOWN


def test_one_change_per_real_change_with_since():
    clock = Clock()
    b = PresenceBook(clock=clock)
    b.set_extensions({"SIP/201": "201"})
    changes = b.feed(newstate("SIP/201-00000001", "5"))
    assert [c.presence.state for c in changes] == [State.RINGING]
    started = clock.now
    clock.now += timedelta(seconds=3)
    assert b.feed(newstate("SIP/201-00000001", "5")) == []
    changes = b.feed(newstate("SIP/201-00000001", "6", "555"))
    assert changes[0].presence.since == clock.now != started
    clock.now += timedelta(seconds=5)
    changes = b.feed(newstate("SIP/201-00000001", "6", "555"))
    assert changes == []
    assert b.presence("201").since == started + timedelta(seconds=3)


def test_reset_forgets_everything_learnt_on_the_old_link():
    b = book()
    b.feed(ext_status("201", "1"))
    b.feed(newstate("SIP/202-00000001", "6"))
    b.reset()
    assert {p.state for p in b.snapshot()} == {State.UNKNOWN}
    assert not b.has_hints


def test_load_channels_from_the_resync_snapshot_and_hints_list():
    b = book()
    b.load_channels(
        [
            M(
                Event="CoreShowChannel",
                Channel="SIP/201-00000001",
                ChannelState="6",
                ConnectedLineNum="470",
            ),
            M(Event="Status", Channel="SIP/202-00000002", State="Ringing"),
        ]
    )
    assert (state_of(b, "201"), b.presence("201").with_whom) == (State.BUSY, "470")
    assert state_of(b, "202") is State.RINGING
    b.load_hints([M(Event="ExtensionStatus", ActionID="a5", Exten="203", Context="default",
                    Hint="SIP/203", Status="4", StatusText="Unavailable")])  # fmt: skip
    assert state_of(b, "203") is State.OFFLINE and b.has_hints


def test_peers_that_vanish_are_dropped_and_new_ones_start_unknown():
    b = book()
    b.feed(ext_status("201", "0"))
    b.set_extensions({"SIP/202": "202", "SIP/204": "204"})
    assert {p.extension for p in b.snapshot()} == {"202", "204"}
    assert b.feed(ext_status("201", "1")) == []


def test_500_extensions_update_fast():
    import time

    b = PresenceBook()
    b.set_extensions({f"SIP/{1000 + i}": str(1000 + i) for i in range(500)})
    t0 = time.perf_counter()
    for i in range(500):
        b.feed(newstate(f"SIP/{1000 + i}-{i:08x}", "5"))
    per_event = (time.perf_counter() - t0) / 500
    assert per_event < 0.001, per_event
    assert {p.state for p in b.snapshot()} == {State.RINGING}
