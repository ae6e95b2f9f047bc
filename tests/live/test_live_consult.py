"""Announced transfer without Atxfer (park + consult), and un-park from the popup, against a
real Asterisk 1.8 and 20 (pytest-qt, offscreen).

The receptionist is 201; the caller comes from trunk-sps. For the consult tests the PBX's
features.conf loses its `atxfer` code for the test (reloaded, restored afterwards), so the
app must see that (`features show`) and fall back to park + call the colleague + Bridge.
"""

from __future__ import annotations

import re
import time

import pytest
from PySide6.QtCore import Qt

from .conftest import active_channels, receptionist_app
from .pbxconf import ATXFER_CODE, PARK_SLOTS
from .test_live_app_colleagues import (
    CALLER,
    answered_here,
    caller_channel,
    own_byes,
    parked_calls,
)

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")


@pytest.fixture(autouse=True)
def hang_up_while_the_phones_listen(office, pbx):  # type: ignore[no-untyped-def]
    """These tests end with calls up: hang them up while the SIPp phones still answer the
    PBX's BYEs (the office stops the phones first; the PBX would retransmit the BYEs to the
    next test's phones on the same ports)."""
    yield
    pbx.rx("channel request hangup all")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and active_channels(pbx):
        time.sleep(0.1)
    time.sleep(0.5)


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


def bridged_with(pbx, channel: str) -> str:  # type: ignore[no-untyped-def]
    """The channel `channel` is bridged to right now (`core show channels concise`: 1.8 names
    the peer, 20 the bridge id). BRIDGEPEER is no proof: it stays set after the bridge ends."""
    rows = [line.split("!") for line in pbx.channels().splitlines() if "!" in line]
    mine = next((r for r in rows if r[0] == channel), None)
    if mine is None or len(mine) < 13 or mine[12] in ("", "(None)"):
        return ""
    if pbx.version == "1.8":
        return mine[12]
    return next((r[0] for r in rows if r[0] != channel and len(r) > 12 and r[12] == mine[12]), "")


def atxfer_code_shown(pbx) -> str:  # type: ignore[no-untyped-def]
    found = re.search(
        r"^Attended Transfer[ \t]+(\S*)[ \t]*(\S*)", pbx.rx("features show").stdout, re.M
    )
    return found.group(2) or found.group(1) if found else ""


@pytest.fixture
def no_atxfer(pbx):  # type: ignore[no-untyped-def]
    """features.conf without the attended-transfer code while the test runs."""
    conf = pbx.run_dir / "etc" / "features.conf"
    text = conf.read_text(encoding="utf-8")
    conf.write_text(text.replace(f"atxfer => {ATXFER_CODE}", ""), encoding="utf-8")
    pbx.rx("module reload features")
    try:
        assert atxfer_code_shown(pbx) == "", pbx.rx("features show").stdout
        yield
    finally:
        conf.write_text(text, encoding="utf-8")
        pbx.rx("module reload features")
        deadline = time.monotonic() + 5
        while atxfer_code_shown(pbx) != ATXFER_CODE and time.monotonic() < deadline:
            time.sleep(0.1)


def consulting(no_atxfer, app, office, pbx, qtbot):  # type: ignore[no-untyped-def]
    """201 answers, announces 203: the caller is parked, 201's phone calls 203, 203 answers."""
    mine = office.phone("201", "uas_answer", answer_ms=300)  # answers the call and the consult
    colleague = office.phone("203", "uas_answer", answer_ms=800)
    caller, popup = answered_here(app, office, qtbot)
    channel = caller_channel(pbx)
    popup.call_actions().announce.setChecked(True)
    with qtbot.waitSignal(
        app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "consult"
    ) as done:
        popup.request_transfer("203")
    slot = done.args[3]
    assert PARK_SLOTS[0] <= int(slot) <= PARK_SLOTS[1]
    assert app.bridge.service.atxfer_mode == "park"
    assert popup.call_actions().held == "consult" and popup.parked_slot == slot
    assert f"waits on {slot}" in popup.status_text()
    assert re.search(rf"\b{slot}\b.*?{re.escape(channel)}", parked_calls(pbx), re.S)
    # 201's phone is rung by the PBX (the consult call), then 203 is rung from 201.
    from_me = re.compile(r"^From:[^\n]*<sip:201@", re.M)
    qtbot.waitUntil(
        lambda: any(from_me.search(m) for _t, m in colleague.received_list("INVITE")),
        timeout=15000,
    )
    qtbot.waitUntil(
        lambda: bridged_with(pbx, _consult_leg(pbx)).startswith("SIP/203-"), timeout=15000
    )
    return mine, colleague, caller, popup, channel, slot


def _consult_leg(pbx) -> str:  # type: ignore[no-untyped-def]
    """201's channel of the consult call (the one running Dial to 203)."""
    for line in pbx.channels().splitlines():
        if line.startswith("SIP/201-") and "!Dial!SIP/203" in line:
            return line.split("!")[0]
    return "SIP/201-none"


def test_announce_without_atxfer_consults_then_completes(no_atxfer, app, office, pbx, qtbot):
    _mine, _colleague, caller, popup, channel, _slot = consulting(
        no_atxfer, app, office, pbx, qtbot
    )
    with qtbot.waitSignal(
        app.bridge.action_done,
        timeout=15000,
        check_params_cb=lambda k, *_: k == "consult_complete",
    ):
        qtbot.mouseClick(popup.call_actions().complete, Qt.MouseButton.LeftButton)
    # The caller now talks to 203's phone; the lot is empty; 201's consult leg is gone.
    qtbot.waitUntil(lambda: bridged_with(pbx, channel).startswith("SIP/203-"), timeout=15000)
    qtbot.waitUntil(lambda: channel not in parked_calls(pbx), timeout=15000)
    qtbot.waitUntil(lambda: not _consult_leg(pbx).startswith("SIP/201-0"), timeout=15000)
    assert own_byes(caller) == []
    qtbot.waitUntil(lambda: popup.state == "closed", timeout=5000)  # handed over


def test_complete_after_a_reconnect_still_hands_the_caller_over(no_atxfer, app, office, pbx, qtbot):
    """The AMI link drops while the receptionist consults the colleague, and she clicks
    Complete as soon as the link is back: the action waits until the new link has read the
    calls and the slot again (ParkedCalls), then hands the caller over."""
    _mine, _colleague, caller, popup, channel, _slot = consulting(
        no_atxfer, app, office, pbx, qtbot
    )
    service = app.bridge.service
    connects = service.supervisor.connects
    service.client._writer.transport.abort()  # the link drops under the app
    qtbot.waitUntil(lambda: service.supervisor.connects > connects, timeout=15000)
    assert popup.call_actions().held == "consult"
    # Done or failed, whichever comes: a failure then says why, not only that time ran out.
    outcome: list[tuple[str, tuple]] = []
    app.bridge.action_done.connect(lambda *a: outcome.append(("done", a)))
    app.bridge.action_failed.connect(lambda *a: outcome.append(("failed", a)))
    qtbot.mouseClick(popup.call_actions().complete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(outcome), timeout=30000)
    assert outcome[0] == ("done", ("consult_complete", popup.call_id, "201", "203")), outcome
    qtbot.waitUntil(lambda: bridged_with(pbx, channel).startswith("SIP/203-"), timeout=15000)
    qtbot.waitUntil(lambda: channel not in parked_calls(pbx), timeout=15000)
    assert own_byes(caller) == []


def test_announce_without_atxfer_back_to_the_caller(no_atxfer, app, office, pbx, qtbot):
    _mine, _colleague, caller, popup, channel, _slot = consulting(
        no_atxfer, app, office, pbx, qtbot
    )
    with qtbot.waitSignal(
        app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "consult_back"
    ) as done:
        qtbot.mouseClick(popup.call_actions().back, Qt.MouseButton.LeftButton)
    assert done.args[3] == "bridged"
    # The caller talks to 201's phone again; 203's leg was hung up.
    qtbot.waitUntil(lambda: bridged_with(pbx, channel).startswith("SIP/201-"), timeout=15000)
    qtbot.waitUntil(
        lambda: not any(line.startswith("SIP/203-") for line in pbx.channels().splitlines()),
        timeout=15000,
    )
    assert own_byes(caller) == []
    assert popup.state == "on_call" and popup.call_actions().held is None
    assert "Back with the caller" in popup.status_text()


def parked_from_the_popup(app, office, pbx, qtbot):  # type: ignore[no-untyped-def]
    """A call answered at 201, then parked with the popup's Park: (201's phone, the caller,
    the popup, the caller's channel, the slot the PBX gave)."""
    mine = office.phone("201", "uas_answer", answer_ms=500)
    caller, popup = answered_here(app, office, qtbot)
    channel = caller_channel(pbx)
    with qtbot.waitSignal(
        app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "park"
    ) as done:
        qtbot.mouseClick(popup.call_actions().park, Qt.MouseButton.LeftButton)
    return mine, caller, popup, channel, done.args[3]


def test_parked_call_stays_in_the_popup_and_take_back_rings_my_phone(app, office, pbx, qtbot):
    mine, caller, popup, channel, slot = parked_from_the_popup(app, office, pbx, qtbot)
    # On 1.8 too (parked by masquerade): the popup stays, with the slot and Take back.
    qtbot.wait(1500)  # the zombie's and 201's hang-ups have come by now
    assert popup.state == "on_call" and popup.parked_slot == slot
    assert f"Parked on {slot}" in popup.status_text()
    take_back = popup.call_actions().unpark
    assert take_back.isVisible() and take_back.isEnabled()
    assert re.search(rf"\b{slot}\b.*?{re.escape(channel)}", parked_calls(pbx), re.S)
    invites = len([m for _t, m in mine.received_list("INVITE") if CALLER[0] in m])
    with qtbot.waitSignal(
        app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "unpark"
    ):
        qtbot.mouseClick(take_back, Qt.MouseButton.LeftButton)
    # My phone rings with the caller (its number in the INVITE) and answers: talking again.
    qtbot.waitUntil(
        lambda: len([m for _t, m in mine.received_list("INVITE") if CALLER[0] in m]) > invites,
        timeout=15000,
    )
    qtbot.waitUntil(lambda: bridged_with(pbx, channel).startswith("SIP/201-"), timeout=15000)
    assert channel not in parked_calls(pbx)
    # 201's phone answered that INVITE (200 OK sent for it).
    own = [m for _t, m in mine.received_list("INVITE") if CALLER[0] in m][-1]
    call_id = re.search(r"^Call-ID: *(\S+)", own, re.M | re.I).group(1)
    assert any(m.startswith("SIP/2.0 200") and call_id in m for _t, m in mine.messages("sent"))
    assert own_byes(caller) == []
    assert popup.state != "closed" and popup.parked_slot is None


@pytest.mark.parametrize("declines", ["busy", "hangs_up"])
def test_declined_atxfer_gives_the_caller_back_to_me(declines, app, office, pbx, qtbot):
    """With `atxfer` in features.conf the PBX's own attended transfer is used; the colleague
    declines (busy: 486; or answers, hears who it is and hangs up): the receptionist is back
    with the caller, on the same leg, and nobody is cut off."""
    mine = office.phone("201", "uas_answer", answer_ms=300)
    if declines == "busy":
        colleague = office.phone("203", "uas_busy")
    else:
        colleague = office.phone("203", "uas_answer", answer_ms=300, hold_ms=1500)
    caller, popup = answered_here(app, office, qtbot)
    channel = caller_channel(pbx)
    qtbot.waitUntil(lambda: bridged_with(pbx, channel).startswith("SIP/201-"), timeout=15000)
    my_leg = bridged_with(pbx, channel)
    popup.call_actions().announce.setChecked(True)
    with qtbot.waitSignal(
        app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "atxfer"
    ):
        popup.request_transfer("203")
    assert app.bridge.service.atxfer_mode == "atxfer"
    qtbot.waitUntil(lambda: colleague.received("INVITE") >= 1, timeout=15000)
    from_me = re.compile(r"^From:[^\n]*<sip:201@", re.M)  # the PBX rang 203 for my phone
    assert any(from_me.search(m) for _t, m in colleague.received_list("INVITE"))
    said = "SIP/2.0 486" if declines == "busy" else "BYE"
    qtbot.waitUntil(
        lambda: any(m.startswith(said) for _t, m in colleague.messages("sent")), timeout=10000
    )
    # The consult attempt is over and the caller talks to my phone again, on the same leg.
    qtbot.waitUntil(
        lambda: (
            not any(
                line.startswith(("SIP/203-", "Local/203@")) for line in pbx.channels().splitlines()
            )
        ),
        timeout=15000,
    )
    qtbot.waitUntil(lambda: bridged_with(pbx, channel) == my_leg, timeout=15000)
    qtbot.wait(1000)
    assert bridged_with(pbx, channel) == my_leg
    assert own_byes(caller) == []
    # No BYE on my leg of this call (the agents' ports are shared: earlier tests' dialogs
    # may still get retransmissions, so match the Call-ID of the caller's INVITE).
    (invite,) = [m for _t, m in mine.received_list("INVITE") if CALLER[0] in m]
    call_id = re.search(r"^Call-ID: *(\S+)", invite, re.M | re.I).group(1)
    assert not [m for _t, m in mine.received_list("BYE") if call_id in m]
    assert popup.state == "on_call"


def test_after_a_reconnect_take_back_still_finds_the_parked_caller(app, office, pbx, qtbot):
    """The AMI link drops while the caller waits parked (a network blip): the app asks the
    PBX's ParkedCalls list on the new link, so Take back still rings my phone."""
    mine, caller, popup, channel, slot = parked_from_the_popup(app, office, pbx, qtbot)
    qtbot.wait(1500)
    service = app.bridge.service
    connects = service.supervisor.connects
    service.client._writer.transport.abort()  # the link drops under the app
    qtbot.waitUntil(lambda: service.supervisor.connects > connects, timeout=15000)
    qtbot.waitUntil(lambda: service.parked.get(slot) == channel, timeout=15000)
    assert popup.state == "on_call" and popup.parked_slot == slot
    invites = len([m for _t, m in mine.received_list("INVITE") if CALLER[0] in m])
    with qtbot.waitSignal(
        app.bridge.action_done, timeout=15000, check_params_cb=lambda k, *_: k == "unpark"
    ):
        qtbot.mouseClick(popup.call_actions().unpark, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: len([m for _t, m in mine.received_list("INVITE") if CALLER[0] in m]) > invites,
        timeout=15000,
    )
    qtbot.waitUntil(lambda: bridged_with(pbx, channel).startswith("SIP/201-"), timeout=15000)
    assert channel not in parked_calls(pbx)
    assert own_byes(caller) == []
