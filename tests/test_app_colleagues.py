"""Colleagues in the tray app, end to end offscreen: simulator -> service -> bridge -> the
shared colleague model -> popups and the colleagues window, and the intents back to the PBX."""

from __future__ import annotations

import pytest
from appkit import MemorySecrets, make_controller, settings_for
from conftest import run_async
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from screenpop.controller import AppController
from screenpop.pbxsim import PbxSimulator
from screenpop.presence.state import State
from screenpop.settings_store import SettingsStore
from screenpop.ui.colleague_model import COL_NAME, dot_colour

pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support")

NAMES = {
    "201": "Anna Schmidt",
    "202": "Li Na 李娜",
    "203": "Wang Wei 王伟",
    "204": "Carlos Ruiz",
    "306": "<b>Boss</b> & Co",
}


@pytest.fixture
def sim_options():
    return {"extensions": NAMES, "extension_names": NAMES}


@pytest.fixture
def app(sim, qtbot, tmp_path):
    controller = make_controller(tmp_path, sim, watch=("201",), favourites=("202", "203", "306"))
    run_async(qtbot, controller.start())
    qtbot.waitUntil(lambda: controller.colleague_model.rowCount() == len(NAMES), timeout=5000)
    yield controller
    run_async(qtbot, controller.stop())
    if controller.colleagues_window is not None:
        controller.colleagues_window.close()


def actions(sim: PbxSimulator, name: str) -> list:
    return [m for m in sim.actions_received if m.get("Action") == name]


def ring_201(sim, app, qtbot, number="13800138000", name="张伟"):
    with qtbot.waitSignal(app.popups.popup_shown, timeout=5000) as shown:
        call = run_async(qtbot, sim.incoming_call(number, name, ["201"]))
    return call, app.popups.popup_for(*shown.args)


def make_busy(sim, qtbot, ext="203", other="204"):
    call = run_async(qtbot, sim.internal_call(ext, other))
    run_async(qtbot, sim.answer(call, other))
    return call


def test_favourites_show_name_number_and_state_and_follow_changes(sim, app, qtbot):
    talk = make_busy(sim, qtbot)
    _call, popup = ring_201(sim, app, qtbot)
    buttons = {b.target: b for b in popup.favourite_buttons()}
    assert set(buttons) == {"202", "203", "306"}
    busy = buttons["203"]
    qtbot.waitUntil(lambda: busy.state is State.BUSY, timeout=3000)
    # Name, number and the state in words (not colour alone), and the colour too.
    assert busy.text().splitlines() == ["Wang Wei 王伟", "203 · on a call"]
    assert busy.toolTip() == "Transfer to Wang Wei 王伟 (203): on a call with Carlos Ruiz"
    assert dot_colour(State.BUSY, popup.palette()).name() in busy.styleSheet()
    assert buttons["202"].text().splitlines() == ["Li Na 李娜", "202 · free"]
    # Untrusted names stay literal: no rich text, and '&' is not eaten as a shortcut marker.
    # (a long name is elided on the button; the tooltip has it whole)
    assert buttons["306"].text().splitlines()[0].startswith("<b>Boss</b> && ")
    # Qt would render an HTML-looking tooltip as rich text: it is escaped to show literally.
    assert "Transfer to &lt;b&gt;Boss&lt;/b&gt; &amp; Co (306)" in buttons["306"].toolTip()
    # The colleague hangs up: the same button turns free, without a new popup.
    run_async(qtbot, sim.hangup(talk))
    qtbot.waitUntil(lambda: busy.state is State.FREE, timeout=3000)
    assert busy.text().splitlines()[1] == "203 · free"
    assert dot_colour(State.FREE, popup.palette()).name() in busy.styleSheet()


def test_transfer_to_a_busy_colleague_asks_first_then_goes_on_anyway(sim, app, qtbot):
    make_busy(sim, qtbot)
    call, popup = ring_201(sim, app, qtbot)
    button = next(b for b in popup.favourite_buttons() if b.target == "203")
    qtbot.waitUntil(lambda: button.state is State.BUSY, timeout=3000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    bar = popup.confirm_bar()
    assert bar.isVisible() and not actions(sim, "Redirect")
    assert bar.question.text() == "Wang Wei 王伟 (203) is on a call with Carlos Ruiz."
    assert bar.question.textFormat() == Qt.TextFormat.PlainText
    qtbot.mouseClick(bar.buttons["anyway"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(actions(sim, "Redirect")) == 1, timeout=3000)
    (redirect,) = actions(sim, "Redirect")
    assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "203")


def test_busy_colleague_to_voicemail_instead(sim, app, qtbot):
    make_busy(sim, qtbot)
    call, popup = ring_201(sim, app, qtbot)
    popup.request_transfer("203")
    qtbot.mouseClick(popup.confirm_bar().buttons["voicemail"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(actions(sim, "Redirect")) == 1, timeout=3000)
    (redirect,) = actions(sim, "Redirect")
    assert redirect.get("Channel") == call.caller.name
    assert (redirect.get("Context"), redirect.get("Exten")) == ("DLPN_DialPlan203", "*2203")


def test_typed_name_autocompletes_and_transfers(sim, app, qtbot):
    _call, popup = ring_201(sim, app, qtbot)
    edit = popup.findChild(type(popup._target_edit), "transfer_edit")
    completer = edit.completer()
    completer.setCompletionPrefix("li n")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Li Na 李娜 (202)"
    edit.setText("Carlos")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(actions(sim, "Redirect")) == 1, timeout=3000)
    assert actions(sim, "Redirect")[0].get("Exten") == "204"


def test_unknown_typed_name_says_so_and_sends_nothing(sim, app, qtbot):
    _call, popup = ring_201(sim, app, qtbot)
    popup._target_edit.setText("Nobody Here")
    qtbot.keyClick(popup._target_edit, Qt.Key.Key_Return)
    assert "Nobody called 'Nobody Here'" in popup.status_text()
    assert not actions(sim, "Redirect")


def test_colleagues_window_lists_sorted_filters_and_transfers_the_active_call(sim, app, qtbot):
    app.show_colleagues()
    window = app.colleagues_window
    names = [window.proxy.index(r, COL_NAME).data() for r in range(window.proxy.rowCount())]
    assert names == [
        "<b>Boss</b> & Co",
        "Anna Schmidt",
        "Carlos Ruiz",
        "Li Na 李娜",
        "Wang Wei 王伟",
    ]
    assert window.banner.isHidden()
    window.filter_edit.setText("wang")
    assert window.proxy.rowCount() == 1
    window.filter_edit.setText("")
    call, _popup = ring_201(sim, app, qtbot)
    qtbot.waitUntil(lambda: window.active_call is not None, timeout=3000)
    assert "张伟 on 201" in window.banner.text()
    row = window.row_of("202")
    rect = window.table.visualRect(window.proxy.index(row, COL_NAME))
    with qtbot.waitSignal(
        app.popups.popup_closed, timeout=5000, check_params_cb=lambda c, e: e == "201"
    ):
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (redirect,) = actions(sim, "Redirect")
    assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "202")
    qtbot.waitUntil(lambda: "202" in call.legs, timeout=3000)


def test_window_asks_before_transferring_to_a_busy_colleague(sim, app, qtbot):
    make_busy(sim, qtbot)
    app.show_colleagues()
    window = app.colleagues_window
    ring_201(sim, app, qtbot)
    qtbot.waitUntil(lambda: window.active_call is not None, timeout=3000)
    qtbot.waitUntil(lambda: app.colleague_model.state("203") is State.BUSY, timeout=3000)
    window.transfer("203")
    assert window.confirm.isVisible() and not actions(sim, "Redirect")
    qtbot.mouseClick(window.confirm.buttons["cancel"], Qt.MouseButton.LeftButton)
    assert not actions(sim, "Redirect") and window.confirm.isHidden()


def test_double_click_calls_the_colleague_from_my_phone(sim, app, qtbot):
    app.show_colleagues()
    window = app.colleagues_window
    row = window.row_of("204")
    rect = window.table.visualRect(window.proxy.index(row, COL_NAME))
    with qtbot.waitSignal(app.bridge.dial_started, timeout=3000) as dialled:
        # A real double-click: press, release, then the double-click event.
        qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialled.args == ["204"]
    qtbot.waitUntil(lambda: len(actions(sim, "Originate")) == 1, timeout=3000)
    (originate,) = actions(sim, "Originate")
    assert originate.get("Channel") == "SIP/201" and originate.get("Exten") == "204"


def test_pick_up_a_call_ringing_at_a_colleague(sim, app, qtbot):
    app.show_colleagues()
    window = app.colleagues_window
    call = run_async(qtbot, sim.incoming_call("13912345678", "王芳", ["204"]))
    qtbot.waitUntil(lambda: app.colleague_model.state("204") is State.RINGING, timeout=3000)
    window.table.selectRow(window.row_of("204"))
    assert window.pickup_button.isEnabled()
    with qtbot.waitSignal(app.popups.popup_shown, timeout=5000) as shown:
        qtbot.mouseClick(window.pickup_button, Qt.MouseButton.LeftButton)
    assert shown.args == [call.id, "201"]  # the caller now rings on my own phone
    (redirect,) = actions(sim, "Redirect")
    assert (redirect.get("Channel"), redirect.get("Exten")) == (call.caller.name, "201")
    qtbot.waitUntil(lambda: "rings with the call" in window.status.text(), timeout=3000)


def test_park_shows_the_slot_in_the_popup(sim, app, qtbot):
    call, popup = ring_201(sim, app, qtbot)
    run_async(qtbot, sim.answer(call, "201"))
    qtbot.waitUntil(lambda: popup.state == "on_call", timeout=3000)
    park = popup.call_actions().park
    assert park.isVisible() and park.isEnabled()
    qtbot.mouseClick(park, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: popup.parked_slot is not None, timeout=5000)
    assert popup.parked_slot == "701"
    assert "Parked on 701" in popup.status_text()


def test_refused_action_shows_the_pbx_reason_and_changes_nothing(sim, app, qtbot):
    sim.directory.denied.add("park")
    call, popup = ring_201(sim, app, qtbot)
    run_async(qtbot, sim.answer(call, "201"))
    qtbot.waitUntil(lambda: popup.state == "on_call", timeout=3000)
    qtbot.mouseClick(popup.call_actions().park, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "Park failed" in popup.status_text(), timeout=3000)
    assert "Permission denied" in popup.status_text()
    assert popup.state == "on_call" and popup.isVisible() and not call.ended
    assert popup.call_actions().park.isEnabled()  # the user may try again


def test_hang_up_asks_first_then_ends_the_call(sim, app, qtbot):
    call, popup = ring_201(sim, app, qtbot)
    qtbot.mouseClick(popup.call_actions().hangup, Qt.MouseButton.LeftButton)
    bar = popup.confirm_bar()
    assert bar.isVisible() and not actions(sim, "Hangup")
    qtbot.mouseClick(bar.buttons["cancel"], Qt.MouseButton.LeftButton)
    assert not actions(sim, "Hangup") and not call.ended
    qtbot.mouseClick(popup.call_actions().hangup, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(app.bridge.ended, timeout=5000):
        qtbot.mouseClick(bar.buttons["hangup"], Qt.MouseButton.LeftButton)
    (hangup,) = actions(sim, "Hangup")
    assert hangup.get("Channel") == call.caller.name


def test_announced_transfer_consults_the_colleague_from_my_leg(sim, app, qtbot):
    call, popup = ring_201(sim, app, qtbot)
    leg = run_async(qtbot, sim.answer(call, "201"))
    qtbot.waitUntil(lambda: popup.state == "on_call", timeout=3000)
    popup.call_actions().announce.setChecked(True)
    popup.request_transfer("202")
    qtbot.waitUntil(lambda: "hang up to hand the caller over" in popup.status_text(), timeout=3000)
    (atxfer,) = actions(sim, "Atxfer")
    assert (atxfer.get("Channel"), atxfer.get("Exten")) == (leg.name, "202")
    assert not actions(sim, "Redirect")


def test_html_looking_names_are_plain_text_everywhere(sim, app, qtbot):
    app.show_colleagues()
    window = app.colleagues_window
    index = window.proxy.index(window.row_of("306"), COL_NAME)
    assert index.data() == "<b>Boss</b> & Co"
    _call, popup = ring_201(sim, app, qtbot)
    run_async(qtbot, sim.incoming_call("1", "x", ["306"]))
    qtbot.waitUntil(lambda: app.colleague_model.state("306") is State.RINGING, timeout=3000)
    popup.request_transfer("306")
    question = popup.confirm_bar().question
    assert question.textFormat() == Qt.TextFormat.PlainText
    assert question.text().startswith("<b>Boss</b> & Co (306) is ringing")
    for label in popup.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.objectName()
    assert all(isinstance(b, QPushButton) for b in popup.favourite_buttons())


def test_names_from_settings_apply_without_restart(sim, app, qtbot):
    new = settings_for(
        sim, watch=("201",), favourites=("202",), colleague_names={"202": "Lina (front desk)"}
    )
    run_async(qtbot, app.apply_settings(new, None))
    qtbot.waitUntil(lambda: app.colleague_model.name("202") == "Lina (front desk)", timeout=3000)
    loaded, _ = SettingsStore(app.settings_store.path).load()
    assert loaded.colleague_names == {"202": "Lina (front desk)"}


def test_demo_directory_has_named_colleagues(qloop, qtbot, tmp_path):
    controller = AppController(
        settings_store=SettingsStore(tmp_path / "settings.json"),
        secret_store=MemorySecrets(),
        history_path=tmp_path / "history.sqlite3",
        demo_interval=60,
        ask_secret=False,
    )
    run_async(qtbot, controller.start())
    try:
        model = controller.colleague_model
        qtbot.waitUntil(lambda: model.rowCount() >= 10, timeout=5000)
        assert model.name("202") == "Li Na 李娜"
        qtbot.waitUntil(lambda: model.state("209") is State.OFFLINE, timeout=3000)
        assert model.state("202") in (State.FREE, State.RINGING, State.BUSY)
    finally:
        run_async(qtbot, controller.stop())


def test_500_colleagues_update_cheaply_in_the_window_and_popup(qtbot):
    """Model/view: one state change touches one row, whatever the directory's size."""
    import time
    from datetime import UTC, datetime

    from screenpop.calls.events import Caller, Ringing
    from screenpop.config import Settings
    from screenpop.presence.directory import Colleague
    from screenpop.presence.state import Presence
    from screenpop.ui.colleague_model import ColleagueModel
    from screenpop.ui.colleagues_window import ColleaguesWindow
    from screenpop.ui.popup import CallPopup

    model = ColleagueModel()
    model.set_directory(
        Colleague(str(1000 + i), f"Colleague {i:03d}", f"SIP/{1000 + i}", "sip") for i in range(500)
    )
    window = ColleaguesWindow(model)
    qtbot.addWidget(window)
    window.show()
    event = Ringing("c1", "1000", Caller("13800138000", "张伟"), "SIP/1000-1", "SIP/trunk-1")
    popup = CallPopup(event, Settings(favourites=("1001", "1002")), colleagues=model)
    qtbot.addWidget(popup)
    popup.show()
    now = datetime.now(UTC)
    started = time.perf_counter()
    model.set_presence([Presence(str(1000 + i), State.FREE, now) for i in range(500)])
    qtbot.wait(1)
    everyone = time.perf_counter() - started
    started = time.perf_counter()
    model.set_presence([Presence("1001", State.BUSY, now)])
    qtbot.wait(1)
    one = time.perf_counter() - started
    assert next(b for b in popup.favourite_buttons() if b.target == "1001").state is State.BUSY
    assert window.proxy.index(window.row_of("1001"), 2).data() == "on a call"
    print(f"500 states: {everyone * 1000:.1f} ms; one change: {one * 1000:.2f} ms")
    assert everyone < 0.5 and one < 0.1
    popup.close_for("test over")
