"""Colleague features of the tray app against a real Asterisk 1.8 and 20 (pytest-qt, offscreen).

The receptionist is 201 (watched, "My extension"). Each scenario checks the app's signals and
widgets AND what the PBX did: the SIPp agents' SIP messages, the channels, the parking lot.
"""

from __future__ import annotations

import re

import pytest
from conftest import run_async
from PySide6.QtCore import Qt

from screenpop.presence.state import State

from .conftest import receptionist_app
from .pbxconf import NAMES, PARK_SLOTS, PHONES, TRUNKS, UNREGISTERED, VOICEMAIL_PREFIX

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")
CALLER = ("13800138000", "张伟")


@pytest.fixture
def app(pbx, qloop, qtbot, tmp_path):
    """The receptionist at 201 with colleagues 202 and 203 as favourites, directory loaded."""
    with receptionist_app(
        pbx,
        qtbot,
        tmp_path,
        favourites=("202", "203"),
    ) as controller:
        yield controller


def channels_at(pbx, exten: str) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """`core show channels concise` rows (channel!context!exten!prio!state!app!data!...)."""
    rows = [line.split("!") for line in pbx.channels().splitlines() if "!" in line]
    return [r for r in rows if r[2] == exten]


def caller_channel(pbx) -> str | None:  # type: ignore[no-untyped-def]
    for line in pbx.channels().splitlines():
        if line.startswith("SIP/trunk-sps-"):
            return line.split("!")[0]
    return None


def parked_calls(pbx) -> str:  # type: ignore[no-untyped-def]
    return pbx.rx("parkedcalls show" if pbx.version == "1.8" else "parking show default").stdout


def bridge_peer(pbx, channel: str) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"BRIDGEPEER=(\S+)", pbx.rx(f"core show channel {channel}").stdout)
    return found.group(1) if found else ""


def talks_to_203(pbx, channel: str) -> bool:  # type: ignore[no-untyped-def]
    """The caller is bridged to 203's phone: directly, or (1.8's atxfer dials through a Local
    channel) through Local/203@…;1 whose other half is bridged to SIP/203."""
    peer = bridge_peer(pbx, channel)
    if peer.startswith("Local/203@") and peer.endswith(";1"):
        peer = bridge_peer(pbx, peer[:-1] + "2")
    return peer.startswith("SIP/203-")


def _call_id(message: str) -> str:
    return re.search(r"^Call-ID: *(\S+)", message, re.M | re.I).group(1)


def own_byes(agent) -> list[str]:  # type: ignore[no-untyped-def]
    """BYEs of this caller's own call. The agents' ports are shared by the tests, and the PBX
    may still be retransmitting a BYE or CANCEL of an earlier test's dialog to them."""
    call_id = _call_id(agent.messages("sent")[0][1])
    return [m for _t, m in agent.received_list("BYE") if call_id in m]


def invites_from_caller(phone) -> list[str]:  # type: ignore[no-untyped-def]
    return [m for _t, m in phone.received_list("INVITE") if CALLER[0] in m]


def cancelled(phone) -> bool:  # type: ignore[no-untyped-def]
    """The phone got a CANCEL for the caller's INVITE (not a stray one of an earlier test)."""
    ids = {_call_id(m) for m in invites_from_caller(phone)}
    return any(_call_id(m) in ids for _t, m in phone.received_list("CANCEL"))


def ring_201(app, office, qtbot, **kw):  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(app.popups.popup_shown, timeout=15000) as shown:
        caller = office.call("trunk-sps", "5550100", *CALLER, **{"hold_ms": 60000, **kw})
    return caller, app.popups.popup_for(*shown.args)


def answered_here(app, office, qtbot, **kw):  # type: ignore[no-untyped-def]
    caller, popup = ring_201(app, office, qtbot, **kw)
    qtbot.waitUntil(lambda: popup.state == "on_call", timeout=15000)
    return caller, popup


def test_directory_names_and_states_from_the_hints(app, office, pbx, qtbot):
    model = app.colleague_model
    for ext, name in NAMES.items():
        assert model.name(ext) == name
    listed = {c.extension for c in model.colleagues()}
    assert listed == {*PHONES, UNREGISTERED} and not listed & set(TRUNKS)
    assert model.state(UNREGISTERED) is State.OFFLINE
    assert model.state("203") is State.FREE
    seen: list[State] = []
    app.bridge.presence_changed.connect(
        lambda changes: seen.extend(c.state for c in changes if c.extension == "203")
    )
    office.phone("203", "uas_answer", answer_ms=1500)
    office.call("trunk-sps", "203", *CALLER, hold_ms=2000)
    qtbot.waitUntil(lambda: State.RINGING in seen, timeout=15000)
    qtbot.waitUntil(lambda: State.BUSY in seen, timeout=15000)
    qtbot.waitUntil(lambda: seen and seen[-1] is State.FREE and State.BUSY in seen, timeout=15000)
    assert [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] is not s] == [
        State.RINGING,
        State.BUSY,
        State.FREE,
    ]
    assert model.presence("203").state is State.FREE


def test_pick_up_a_colleagues_ringing_call(app, office, pbx, qtbot):
    colleague = office.phone("204", "uas_ring")
    mine = office.phone("201", "uas_ring")
    office.call("trunk-sps", "204", *CALLER, hold_ms=60000)
    qtbot.waitUntil(lambda: app.colleague_model.state("204") is State.RINGING, timeout=15000)
    app.show_colleagues()
    window = app.colleagues_window
    window.table.selectRow(window.row_of("204"))
    assert window.pickup_button.isEnabled()
    with qtbot.waitSignal(
        app.popups.popup_shown, timeout=15000, check_params_cb=lambda _c, e: e == "201"
    ):
        qtbot.mouseClick(window.pickup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(invites_from_caller(mine)) == 1, timeout=15000)  # on my phone
    qtbot.waitUntil(lambda: cancelled(colleague), timeout=15000)


def test_to_voicemail_lands_on_the_colleagues_voicemail_target(app, office, pbx, qtbot):
    mine = office.phone("201", "uas_ring")
    _caller, popup = ring_201(app, office, qtbot)
    # The popup closes as the caller leaves 201: the bridge's signal is what the app got.
    with qtbot.waitSignal(
        app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "voicemail"
    ):
        popup.request_voicemail("203")
    target = f"{VOICEMAIL_PREFIX}203"
    # The stand-in answered the caller and waits (Answer, then Wait).
    qtbot.waitUntil(lambda: [r[5] for r in channels_at(pbx, target)] == ["Wait"], timeout=15000)
    (row,) = channels_at(pbx, target)
    assert row[0].startswith("SIP/trunk-sps-") and row[1] == "DLPN_DialPlan203"
    qtbot.waitUntil(lambda: cancelled(mine), timeout=15000)


def test_park_shows_the_pbx_slot_and_unpark_brings_the_caller_back(app, office, pbx, qtbot):
    office.phone("201", "uas_answer", answer_ms=500)
    other = office.phone("306", "uas_answer", answer_ms=500)
    _caller, popup = answered_here(app, office, qtbot)
    channel = caller_channel(pbx)
    with qtbot.waitSignal(
        app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "park"
    ) as done:
        qtbot.mouseClick(popup.call_actions().park, Qt.MouseButton.LeftButton)
    slot = done.args[3]
    assert PARK_SLOTS[0] <= int(slot) <= PARK_SLOTS[1]
    # 1.8 parks by masquerade (the caller's original channel hangs up): the tracker follows
    # the caller into the parked channel, so the popup shows the slot there too.
    assert popup.parked_slot == slot and f"Parked on {slot}" in popup.status_text()
    lot = parked_calls(pbx)
    assert re.search(rf"\b{slot}\b.*?{re.escape(channel)}", lot, re.S), lot  # the PBX's slot
    # Un-park: the parked caller is brought to 306.
    run_async(qtbot, app.bridge.service.unpark(slot, "306"))
    qtbot.waitUntil(lambda: len(invites_from_caller(other)) == 1, timeout=15000)
    qtbot.waitUntil(lambda: channel not in parked_calls(pbx), timeout=15000)


def test_hang_up_a_ringing_call(app, office, pbx, qtbot):
    mine = office.phone("201", "uas_ring")
    caller, popup = ring_201(app, office, qtbot)
    qtbot.mouseClick(popup.call_actions().hangup, Qt.MouseButton.LeftButton)
    bar = popup.confirm_bar()
    with qtbot.waitSignal(app.bridge.ended, timeout=15000):
        qtbot.mouseClick(bar.buttons["hangup"], Qt.MouseButton.LeftButton)
    # The caller's agent got a final response (the call was never answered), never a 200.
    final = re.compile(r"SIP/2\.0 [456]\d\d ")
    qtbot.waitUntil(lambda: any(final.match(m) for _t, m in caller.messages()), timeout=15000)
    own = _call_id(caller.messages("sent")[0][1])
    assert not [m for _t, m in caller.received_list("SIP/2.0 200") if own in m]
    qtbot.waitUntil(lambda: cancelled(mine), timeout=15000)
    assert caller_channel(pbx) is None


def test_announced_transfer_with_atxfer(app, office, pbx, qtbot):
    # 201 answers, consults 203, then hangs up (its agent sends BYE) to hand the caller over.
    mine = office.phone("201", "uas_answer", answer_ms=500, hold_ms=12000)
    colleague = office.phone("203", "uas_answer", answer_ms=800)
    caller, popup = answered_here(app, office, qtbot)
    channel = caller_channel(pbx)
    popup.call_actions().announce.setChecked(True)
    popup.request_transfer("203")
    qtbot.waitUntil(lambda: "hang up to hand the caller over" in popup.status_text(), timeout=15000)
    from_me = re.compile(r"^From:[^\n]*<sip:201@", re.M)  # rung from my phone first
    qtbot.waitUntil(
        lambda: any(from_me.search(m) for _t, m in colleague.received_list("INVITE")),
        timeout=15000,
    )
    # 201 hangs up after its hold time: the caller ends up bridged to 203.
    qtbot.waitUntil(
        lambda: any(m.startswith("BYE") for _t, m in mine.messages("sent")), timeout=30000
    )
    qtbot.waitUntil(lambda: talks_to_203(pbx, channel), timeout=15000)
    assert own_byes(caller) == []
